// The Risk subgraph (credit risk assessments): schema, resolvers and per-request context over this domain's own database.
import path from 'node:path'
import type { DomainDatabase } from '../../lib/database'
import { createSubgraphMetrics } from '../../lib/metrics'
import { createSubgraphServer, type SubgraphSecurity, type SubgraphServer } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createFieldCipher, parseDataKey } from '../../lib/field-encryption'
import { createRiskData } from './data'
import { createLoaders } from './loaders'
import { resolvers, type RiskContext } from './resolvers'

export const DOMAIN = 'risk'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'))

export async function createRiskSubgraph(db: DomainDatabase, security: SubgraphSecurity): Promise<SubgraphServer> {
  const metrics = createSubgraphMetrics(DOMAIN)
  const cipher = createFieldCipher(parseDataKey(security.dataEncryptionKey))
  const data = createRiskData(db, metrics.countStatement)
  return createSubgraphServer<RiskContext>({
    name: DOMAIN,
    typeDefs,
    resolvers,
    metrics,
    internalSecret: security.internalSecret,
    auditUrl: security.auditUrl,
    createContext: (identity) => ({ identity, data, cipher, loaders: createLoaders(data) }),
    onStop: async () => {
      await data.disconnect()
      await db.close()
    },
  })
}
