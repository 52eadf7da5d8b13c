// The Loans subgraph (loan applications and loans): schema, resolvers and per-request context over this domain's own database.
import path from 'node:path'
import type { DomainDatabase } from '../../lib/database'
import { createSubgraphMetrics } from '../../lib/metrics'
import { createSubgraphServer, type SubgraphSecurity, type SubgraphServer } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createLoansData } from './data'
import { createLoaders } from './loaders'
import { resolvers, type LoansContext } from './resolvers'

export const DOMAIN = 'loans'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'))

export async function createLoansSubgraph(db: DomainDatabase, security: SubgraphSecurity): Promise<SubgraphServer> {
  const metrics = createSubgraphMetrics(DOMAIN)
  const data = createLoansData(db, metrics.countStatement)
  return createSubgraphServer<LoansContext>({
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
