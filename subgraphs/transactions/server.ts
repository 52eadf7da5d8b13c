// The Transactions subgraph (the Customer Transaction data product): schema, resolvers and per-request context over this domain's own database.
import path from 'node:path'
import type { DomainDatabase } from '../../lib/database'
import { createSubgraphMetrics } from '../../lib/metrics'
import { createSubgraphServer, type SubgraphSecurity, type SubgraphServer } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createTransactionsData } from './data'
import { createLoaders } from './loaders'
import { resolvers, type TransactionsContext } from './resolvers'

export const DOMAIN = 'transactions'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'))

export async function createTransactionsSubgraph(db: DomainDatabase, security: SubgraphSecurity): Promise<SubgraphServer> {
  const metrics = createSubgraphMetrics(DOMAIN)
  const data = createTransactionsData(db, metrics.countStatement)
  return createSubgraphServer<TransactionsContext>({
    name: DOMAIN,
    typeDefs,
    resolvers,
    metrics,
    internalSecret: security.internalSecret,
    auditUrl: security.auditUrl,
    createContext: (identity) => ({ identity, data, loaders: createLoaders(data) }),
    onStop: async () => {
      await data.disconnect()
      await db.close()
    },
  })
}
