// Runs the gateway: `npm run start:gateway` (npm start runs it together with every subgraph).
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { createChatModel } from '../agent/models'
import { auditEndpoint, createAuditTrail } from '../lib/audit-client'
import { replicaUrls } from './upstream/data-source'
import { createAuthenticator } from './core/auth'
import { readGatewayConfig } from './config'
import { createGatewayServer } from './server'
import { isProduction } from '../lib/secrets'
import { createLogger } from '../lib/logger'
import { startTracing, stopTracing } from '../lib/tracing'

const WEB_APP_DIR = path.resolve(__dirname, '..', 'web', 'dist')
const log = createLogger('gateway')

async function main(): Promise<void> {
  const config = readGatewayConfig()
  const tracing = startTracing('gateway')
  const supergraphSdl = readFileSync(config.supergraphFile, 'utf8')
  const chatModel = await createChatModel()
  const gateway = await createGatewayServer({
    supergraphSdl,
    supergraphFile: { path: config.supergraphFile, watch: config.supergraphWatch },
    chat: { model: chatModel.model },
    subgraphUrls: config.subgraphUrls,
    shareReads: config.shareReads,
    upstream: config.upstream,
    rateLimits: config.rateLimits,
    httpTimeouts: config.httpTimeouts,
    metricsToken: config.metricsToken,
    trustedDocuments: config.trustedDocuments,
    cache: config.cache,
    traceTrustedNetworks: config.traceTrustedNetworks,
    authenticator: await createAuthenticator(config.auth),
    internalSecret: config.internalSecret,
    auditTrail: createAuditTrail({
      url: auditEndpoint(replicaUrls(config.subgraphUrls.audit!)[0]!),
      internalSecret: config.internalSecret,
    }),
    // The role picker's demo tokens come from the embedded issuer, which production never runs.
    webApp: {
      dir: WEB_APP_DIR,
      devTokens: !isProduction() && config.auth.hs256Secret ? { secret: config.auth.hs256Secret } : undefined,
    },
  })
  const { url } = await gateway.listen(config.port, config.host)
  log.info(
    { url },
    `gateway ready at ${url}; chat at POST ${url.replace(/\/graphql$/, '/chat')} with ${chatModel.description}`,
  )
  if (tracing)
    log.info(
      `traces exported over OTLP to ${process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://localhost:4318'}`,
    )
  const appUrl = url.replace(/\/graphql$/, '/')
  if (existsSync(path.join(WEB_APP_DIR, 'index.html'))) log.info(`web app at ${appUrl}`)
  else log.info(`web app not built (npm run build:web); ${appUrl} answers 503 until it is`)
  // The spans still buffered are sent before the process ends.
  const shutdown = () =>
    void gateway
      .stop()
      .then(stopTracing)
      .finally(() => process.exit(0))
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
  // As daemons do, SIGHUP reloads the supergraph file rather than ends the gateway. A closed terminal sends
  // it to the whole process group, though: when what started the gateway (npm start) went with it, stop too.
  const parent = process.ppid
  process.on('SIGHUP', () => {
    void gateway.reloadSupergraph(undefined, 'SIGHUP')
    setTimeout(() => process.ppid !== parent && shutdown(), 500)
  })
}

main().catch((error: unknown) => {
  log.fatal(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
