// Runs the gateway: `npm run start:gateway` (npm start runs it together with every subgraph).
import { readFileSync } from 'node:fs'
import { auditEndpoint, createAuditTrail } from '../rules/audit-trail'
import { createAuthenticator } from './auth'
import { readGatewayConfig } from './config'
import { createGatewayServer } from './server'

async function main(): Promise<void> {
  const config = readGatewayConfig()
  const gateway = await createGatewayServer({
    supergraphSdl: readFileSync(config.supergraphFile, 'utf8'),
    subgraphUrls: config.subgraphUrls,
    authenticator: await createAuthenticator(config.auth),
    internalSecret: config.internalSecret,
    auditTrail: createAuditTrail({ url: auditEndpoint(config.subgraphUrls.audit!), internalSecret: config.internalSecret }),
  })
  const { url } = await gateway.listen(config.port, config.host)
  console.log(`gateway ready at ${url}`)
  const shutdown = () => void gateway.stop().finally(() => process.exit(0))
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
