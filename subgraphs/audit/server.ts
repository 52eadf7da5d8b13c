// The Audit subgraph: the trail of denied access, written by the gateway, read by compliance officers.
import path from 'node:path'
import type { DomainDatabase } from '../../lib/database'
import { createSubgraphMetrics } from '../../lib/metrics'
import { createSubgraphServer, type SubgraphSecurity, type SubgraphServer } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createAuditData } from './data'
import { RECORD_DENIALS_PATH, recordDenialsRoute } from './record'
import { resolvers, type AuditContext } from './resolvers'

export const DOMAIN = 'audit'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'))

export async function createAuditSubgraph(db: DomainDatabase, security: SubgraphSecurity): Promise<SubgraphServer> {
  const metrics = createSubgraphMetrics(DOMAIN)
  const data = createAuditData(db, metrics.countStatement)
  return createSubgraphServer<AuditContext>({
    name: DOMAIN,
    typeDefs,
    resolvers,
    metrics,
    internalSecret: security.internalSecret,
    auditUrl: security.auditUrl,
    routes: (app) => void app.post(RECORD_DENIALS_PATH, ...recordDenialsRoute(data, security.internalSecret)),
    createContext: (identity) => ({ identity, data }),
    onStop: async () => {
      await data.disconnect()
      await db.close()
    },
  })
}
