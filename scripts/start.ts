// `npm start`: the whole mesh on one machine. Prepares each domain's embedded database (migrations and
// demo data on first run), starts every subgraph as its own process on its own port, then the gateway.
// `npm run start:prod` runs this file as compiled by `npm run build`, with NODE_ENV=production: every service
// then runs from its compiled file, and the secrets and identity provider come from the environment.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { databaseUrlVariable } from '../lib/database'
import { DEFAULT_SUBGRAPH_PORTS } from '../lib/subgraph-main'
import { eachLine, logFormat, renderLogLine } from '../lib/log-lines'
import { readGatewayConfig, subgraphUrlVariable } from '../gateway/config'
import { parseDemoOptions, seedDomains } from '../prisma/seed'
import { DOMAINS } from '../prisma/demo-data/load'
import { parseDataKey } from '../lib/field-encryption'
import { isProduction, loadSecrets } from '../lib/secrets'
import { createAuthenticator } from '../gateway/core/auth'
import { ROLES } from '../rules/identity'
import { issueDevelopmentToken } from '../gateway/core/development-tokens'
import { ensureWebAppBuilt, type WebBuildOutcome } from '../web/build'

const ROOT = path.resolve(__dirname, '..')
/** Running as compiled by `npm run build` (dist/scripts/start.js): the services run compiled too, without tsx. */
const COMPILED = path.extname(__filename) === '.js'
const PRODUCTION = isProduction()
/**
 * The embedded databases: under the repository's .data (not inside the build output, which the next build
 * clears); production keeps its own, encrypted under its own key, apart from the development data.
 */
const DATA_DIR =
  process.env.DATA_DIR ??
  path.join(COMPILED ? path.resolve(ROOT, '..') : ROOT, '.data', ...(PRODUCTION ? ['production'] : []))
const HOST = process.env.HOST ?? '127.0.0.1'
const GATEWAY_PORT = Number(process.env.PORT ?? 4000)
const LOG_FORMAT = logFormat()
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
    const args = COMPILED ? [path.join(ROOT, file.replace(/\.ts$/, '.js'))] : ['--import', 'tsx', path.join(ROOT, file)]
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    // The services log JSON lines; shown readable unless LOG_FORMAT=json.
    eachLine(child.stdout!, (line) => console.log(prefix(renderLogLine(line, LOG_FORMAT))))
    eachLine(child.stderr!, (line) => console.error(prefix(renderLogLine(line, LOG_FORMAT))))
    const startedAt = Date.now()
    child.on('exit', (code, signal) => {
      if (stopping) return
      if (Date.now() - startedAt >= STABLE_RUN_MS) restarts = 0
      const delay = Math.min(FIRST_RESTART_MS * 2 ** restarts, MAX_RESTART_MS)
      restarts++
      console.error(
        prefix(
          `exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s (restart ${restarts}); the gateway keeps serving the other data products`,
        ),
      )
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
  process.exitCode = code // also when nothing is left running to wait for
  for (const child of running.values()) child.kill('SIGTERM')
  setTimeout(() => process.exit(code), 1500).unref()
}

/**
 * Production takes its secrets and identity provider from the environment, as the images do; what is missing
 * stops start-up here, named once, rather than in every service and again at each restart.
 */
async function checkProductionSettings(): Promise<void> {
  try {
    parseDataKey(loadSecrets().dataEncryptionKey)
    await createAuthenticator(readGatewayConfig().auth)
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : error}\nnpm run start:prod takes the environment the images take: MESH_INTERNAL_SECRET, DATA_ENCRYPTION_KEY, JWT_ISSUER, JWT_AUDIENCE and JWT_JWKS_URL (or JWT_JWKS or JWT_PUBLIC_KEY); see README.md, "Production build"`,
    )
  }
}

/** The compiled mesh serves the web app that `npm run build` put beside it; it never runs Vite. */
function builtWebApp(): WebBuildOutcome {
  return existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))
    ? { built: false, seconds: 0, reason: 'built by npm run build' }
    : { built: false, skipped: 'the build has none (npm run build without --api-only includes it)' }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const apiOnly = args.includes(API_ONLY_FLAG)
  const { demo, reset } = parseDemoOptions(args.filter((arg) => arg !== API_ONLY_FLAG))
  process.env.DATA_DIR = DATA_DIR // for the demo data loaded in this process
  if (PRODUCTION) await checkProductionSettings()
  // The web app builds (when its sources changed) while the databases load; the gateway serves it at /.
  const webApp = apiOnly
    ? Promise.resolve({ built: false as const, skipped: `${API_ONLY_FLAG} was given` })
    : COMPILED
      ? Promise.resolve(builtWebApp())
      : ensureWebAppBuilt((line) => console.log(`[web] ${line}`)).catch((error: unknown) => ({
          built: false as const,
          skipped: error instanceof Error ? error.message : String(error),
        }))
  // Production loads the demo bank into embedded databases only: a PostgreSQL database given by URL is left
  // as it is (the seed image loads one on purpose).
  const seeded = PRODUCTION ? DOMAINS.filter((domain) => !process.env[databaseUrlVariable(domain)]) : [...DOMAINS]
  if (seeded.length) await seedDomains(seeded, demo, reset)
  const secrets = loadSecrets() // created once here, before the services read it

  const subgraphUrls: Record<string, string> = {}
  const services = [...DOMAINS, 'audit', 'catalog'] as const
  for (const domain of services) {
    const port = Number(process.env[`${domain.toUpperCase()}_PORT`] ?? DEFAULT_SUBGRAPH_PORTS[domain])
    subgraphUrls[domain] = `http://${HOST}:${port}/graphql`
    const env: Record<string, string> = {
      [`${domain.toUpperCase()}_PORT`]: String(port),
      HOST,
      AUDIT_URL: `http://${HOST}:${process.env.AUDIT_PORT ?? DEFAULT_SUBGRAPH_PORTS.audit}/graphql`,
    }
    // The catalog finds every product (itself included) at the ports chosen here.
    if (domain === 'catalog')
      for (const product of services)
        env[`${product.toUpperCase()}_URL`] =
          `http://${HOST}:${process.env[`${product.toUpperCase()}_PORT`] ?? DEFAULT_SUBGRAPH_PORTS[product]}/graphql`
    // Its quality alerts link to the web app served by the gateway started below.
    if (domain === 'catalog' && !process.env.PUBLIC_URL) env.PUBLIC_URL = `http://${HOST}:${GATEWAY_PORT}`
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
  // Production has no embedded issuer: its tokens come from the identity provider.
  const tokens = PRODUCTION
    ? []
    : await Promise.all(
        ROLES.map(
          async (role) =>
            [
              role,
              await issueDevelopmentToken(secrets.jwtSecret, {
                role,
                ttl: '12h',
                customerId: role === 'customer' ? 'C-00042' : undefined,
              }),
            ] as const,
        ),
      )
  printWelcome(gateway, subgraphUrls, tokens)
}

function printWelcome(
  gateway: string,
  subgraphUrls: Record<string, string>,
  tokens: (readonly [string, string])[],
): void {
  const example =
    '{ customers(first: 3) { edges { node { name segment transactions(first: 2) { totalCount edges { node { date type amount } } } loans { product status } creditScore acquisitionCampaign { name } } } } }'
  const tryWith = tokens.length
    ? `Example tokens, valid 12 hours (more with: npm run token -- --role analyst --ttl 1h):
${tokens.map(([role, token]) => `  ${role.padEnd(19)}${token}`).join('\n')}

Try (as admin):
  TOKEN=${tokens.find(([role]) => role === 'admin')![1]}`
    : `Production (${COMPILED ? 'compiled' : 'tsx'}): tokens come from your identity provider (JWT_ISSUER ${process.env.JWT_ISSUER}); there is no embedded issuer.

Try (with one of its tokens):
  TOKEN=<a token from ${process.env.JWT_ISSUER}>`
  console.log(`
The data mesh is up.
  Web app:            ${gateway}/            (dashboard, catalog, chat, live transactions; ${tokens.length ? 'pick a demo role' : 'paste a token'})
  Gateway (GraphQL):  ${gateway}/graphql      health: ${gateway}/health   readiness: ${gateway}/ready   metrics: ${gateway}/metrics
${Object.entries(subgraphUrls)
  .map(([name, url]) => `  ${name.padEnd(13)} ${url}   metrics: ${url.replace(/\/graphql$/, '/metrics')}`)
  .join('\n')}

${tryWith}
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
