// Runs the gateway: `npm run start:gateway` (npm start runs it together with every subgraph).
import { readFileSync } from 'node:fs'
import { createChatModel } from '../agent/models'
import { createSchemaIndex } from '../agent/schema-index'
import { auditEndpoint, createAuditTrail } from '../rules/audit-trail'
import { replicaUrls } from './upstream'
import { createAuthenticator } from './auth'
import { readGatewayConfig } from './config'
import { createGatewayServer } from './server'

async function main(): Promise<void> {
  const config = readGatewayConfig()
  const supergraphSdl = readFileSync(config.supergraphFile, 'utf8')
  const chatModel = await createChatModel()
  const gateway = await createGatewayServer({
    supergraphSdl,
    chat: { model: chatModel.model, index: createSchemaIndex(supergraphSdl) },
    subgraphUrls: config.subgraphUrls,
    authenticator: await createAuthenticator(config.auth),
    internalSecret: config.internalSecret,
    auditTrail: createAuditTrail({ url: auditEndpoint(replicaUrls(config.subgraphUrls.audit!)[0]!), internalSecret: config.internalSecret }),
  })
  const { url } = await gateway.listen(config.port, config.host)
  console.log(`gateway ready at ${url}; chat at POST ${url.replace(/\/graphql$/, '/chat')} with ${chatModel.description}`)
  const shutdown = () => void gateway.stop().finally(() => process.exit(0))
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
