// The Customers subgraph: schema, resolvers and per-request context over this domain's own database.
import path from 'node:path'
import type { DomainDatabase } from '../../lib/database'
import { createSubgraphMetrics } from '../../lib/metrics'
import { createSubgraphServer, type SubgraphSecurity, type SubgraphServer } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createFieldCipher, parseDataKey } from '../../lib/field-encryption'
import { createCustomersData } from './data'
import { createLoaders } from './loaders'
import { resolvers, type CustomersContext } from './resolvers'

export const DOMAIN = 'customers'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'))

export async function createCustomersSubgraph(db: DomainDatabase, security: SubgraphSecurity): Promise<SubgraphServer> {
  const metrics = createSubgraphMetrics(DOMAIN)
  const cipher = createFieldCipher(parseDataKey(security.dataEncryptionKey))
  const data = createCustomersData(db, metrics.countStatement, cipher)
  return createSubgraphServer<CustomersContext>({
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
