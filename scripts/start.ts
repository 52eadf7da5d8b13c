// `npm start`: the whole mesh on one machine. Prepares each domain's embedded database (migrations and
// demo data on first run), starts every subgraph as its own process on its own port, then the gateway.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { databaseUrlVariable } from '../lib/database'
import { DEFAULT_SUBGRAPH_PORTS } from '../lib/subgraph-main'
import { subgraphUrlVariable } from '../gateway/config'
import { parseDemoOptions, seedDomains } from '../prisma/seed'
import { DOMAINS } from '../prisma/demo-data/load'
import { loadSecrets } from '../lib/secrets'
import { ROLES } from '../rules/identity'
import { issueDevelopmentToken } from '../rules/tokens'
import { ensureWebAppBuilt } from '../web/build'

const ROOT = path.resolve(__dirname, '..')
const HOST = process.env.HOST ?? '127.0.0.1'
const GATEWAY_PORT = Number(process.env.PORT ?? 4000)
/** Serves the API only: the web app is neither built nor served. */
const API_ONLY_FLAG = '--api-only'
/** The services' current processes, by name: npm start restarts one, with back-off, whenever it exits on its own. */
const running = new Map<string, ChildProcess>()

/** The first restart waits 1 s, each next one twice as long, up to 30 s; a service that ran a minute starts over at 1 s. */
const FIRST_RESTART_MS = 1000
const MAX_RESTART_MS = 30_000
const STABLE_RUN_MS = 60_000

function startService(name: string, file: string, env: Record<string, string>): void {
  const prefix = (line: string) => `[${name}] ${line}`
  let restarts = 0
  const run = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, file)], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout!.setEncoding('utf8').on('data', (text: string) => text.trimEnd().split('\n').forEach((l) => console.log(prefix(l))))
    child.stderr!.setEncoding('utf8').on('data', (text: string) => text.trimEnd().split('\n').forEach((l) => console.error(prefix(l))))
    const startedAt = Date.now()
    child.on('exit', (code, signal) => {
      if (stopping) return
      if (Date.now() - startedAt >= STABLE_RUN_MS) restarts = 0
      const delay = Math.min(FIRST_RESTART_MS * 2 ** restarts, MAX_RESTART_MS)
      restarts++
      console.error(prefix(`exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s (restart ${restarts}); the gateway keeps serving the other data products`))
      setTimeout(() => {
        if (stopping) return
        run()
        console.error(prefix(`restarted (pid ${running.get(name)!.pid})`))
      }, delay)
    })
    running.set(name, child)
  }
  run()
}

async function waitForHealth(url: string, timeoutMillis = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`${url} did not become healthy within ${timeoutMillis / 1000} s`)
}

let stopping = false
function stopAll(code = 0): void {
  stopping = true
  for (const child of running.values()) child.kill('SIGTERM')
  setTimeout(() => process.exit(code), 1500).unref()
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const apiOnly = args.includes(API_ONLY_FLAG)
  const { demo, reset } = parseDemoOptions(args.filter((arg) => arg !== API_ONLY_FLAG))
  // The web app builds (when its sources changed) while the databases load; the gateway serves it at /.
  const webApp = apiOnly ? Promise.resolve({ built: false as const, skipped: `${API_ONLY_FLAG} was given` }) : ensureWebAppBuilt((line) => console.log(`[web] ${line}`)).catch((error: unknown) => ({ built: false as const, skipped: error instanceof Error ? error.message : String(error) }))
  await seedDomains([...DOMAINS], demo, reset)
  const secrets = loadSecrets() // created once here, before the services read it

  const subgraphUrls: Record<string, string> = {}
  const services = [...DOMAINS, 'audit', 'catalog'] as const
  for (const domain of services) {
    const port = Number(process.env[`${domain.toUpperCase()}_PORT`] ?? DEFAULT_SUBGRAPH_PORTS[domain])
    subgraphUrls[domain] = `http://${HOST}:${port}/graphql`
    const env: Record<string, string> = { [`${domain.toUpperCase()}_PORT`]: String(port), HOST, AUDIT_URL: `http://${HOST}:${process.env.AUDIT_PORT ?? DEFAULT_SUBGRAPH_PORTS.audit}/graphql` }
    // The catalog finds every product (itself included) at the ports chosen here.
    if (domain === 'catalog') for (const product of services) env[`${product.toUpperCase()}_URL`] = `http://${HOST}:${process.env[`${product.toUpperCase()}_PORT`] ?? DEFAULT_SUBGRAPH_PORTS[product]}/graphql`
    const url = process.env[databaseUrlVariable(domain)]
    if (url) env[databaseUrlVariable(domain)] = url
    startService(domain, `subgraphs/${domain}/main.ts`, env)
  }
  await Promise.all(services.map((d) => waitForHealth(subgraphUrls[d]!.replace(/\/graphql$/, '/health'))))
  const web = await webApp
  if ('skipped' in web) console.error(`[web] not built: ${web.skipped}; the gateway serves the API only`)
  else if (web.built) console.log(`[web] built in ${web.seconds.toFixed(1)} s`)

  startService('gateway', 'gateway/main.ts', {
    PORT: String(GATEWAY_PORT),
    HOST,
    ...Object.fromEntries(services.map((d) => [subgraphUrlVariable(d), subgraphUrls[d]!])),
  })
  const gateway = `http://${HOST}:${GATEWAY_PORT}`
  await waitForHealth(`${gateway}/health`)
  const tokens = await Promise.all(ROLES.map(async (role) => [role, await issueDevelopmentToken(secrets.jwtSecret, { role, ttl: '12h', customerId: role === 'customer' ? 'C-00042' : undefined })] as const))
  printWelcome(gateway, subgraphUrls, tokens)
}

function printWelcome(gateway: string, subgraphUrls: Record<string, string>, tokens: (readonly [string, string])[]): void {
  const example = '{ customers(first: 3) { edges { node { name segment transactions(first: 2) { totalCount edges { node { date type amount } } } loans { product status } creditScore acquisitionCampaign { name } } } } }'
  console.log(`
The data mesh is up.
  Web app:            ${gateway}/            (dashboard, catalog, chat, live transactions; pick a demo role)
  Gateway (GraphQL):  ${gateway}/graphql      health: ${gateway}/health   readiness: ${gateway}/ready
${Object.entries(subgraphUrls).map(([name, url]) => `  ${name.padEnd(13)} ${url}   metrics: ${url.replace(/\/graphql$/, '/metrics')}`).join('\n')}

Example tokens, valid 12 hours (more with: npm run token -- --role analyst --ttl 1h):
${tokens.map(([role, token]) => `  ${role.padEnd(19)}${token}`).join('\n')}

Try (as admin):
  TOKEN=${tokens.find(([role]) => role === 'admin')![1]}
  curl -s ${gateway}/graphql -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
    -d '{"query":"${example.replace(/"/g, '\\"')}"}'
  curl -s ${gateway}/graphql -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
    -d '{"query":"{ transactionSummary(filter: { type: DEPOSIT }) { count total average byType { type total } } }"}'
  curl -s ${gateway}/graphql -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
    -d '{"query":"{ customerAcquisition(granularity: MONTH, last: 2) { label newCustomers previousPeriodNewCustomers changePercent } }"}'
Live bookings (Server-Sent Events; graphql-ws clients use ${gateway.replace(/^http/, 'ws')}/graphql), fed by \`npm run simulate\` in another terminal:
  curl -N ${gateway}/graphql -H 'content-type: application/json' -H 'accept: text/event-stream' -H "authorization: Bearer $TOKEN" \\
    -d '{"query":"subscription { transactionAdded { id date type amount description account { id } } }"}'
Press Ctrl+C to stop.`)
}

process.once('SIGINT', () => stopAll(0))
process.once('SIGTERM', () => stopAll(0))
main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  stopAll(1)
})
