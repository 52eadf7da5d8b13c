// The Customers subgraph: schema, resolvers and per-request context over this domain's own database.
import path from 'node:path'
import type { DomainDatabase } from '../../lib/database'
import { createSubgraphMetrics } from '../../lib/metrics'
import { createSubgraphServer, type SubgraphSecurity, type SubgraphServer } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createCustomersData } from './data'
import { createLoaders } from './loaders'
import { resolvers, type CustomersContext } from './resolvers'

export const DOMAIN = 'customers'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'))

export async function createCustomersSubgraph(db: DomainDatabase, security: SubgraphSecurity): Promise<SubgraphServer> {
  const metrics = createSubgraphMetrics(DOMAIN)
  const data = createCustomersData(db, metrics.countStatement)
  return createSubgraphServer<CustomersContext>({
    name: DOMAIN,
    typeDefs,
    resolvers,
    metrics,
    internalSecret: security.internalSecret,
    createContext: (identity) => ({ identity, data, loaders: createLoaders(data) }),
    onStop: async () => {
      await data.disconnect()
      await db.close()
    },
  })
}
