// The Marketing subgraph (campaigns and customer acquisition): schema, resolvers and per-request context
// over this domain's own database.
import path from 'node:path'
import type { DomainDatabase } from '../../lib/database'
import { createSubgraphMetrics } from '../../lib/metrics'
import { createSubgraphServer, type SubgraphSecurity, type SubgraphServer } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createMarketingData } from './data'
import { createLoaders } from './loaders'
import { resolvers, type MarketingContext } from './resolvers'

export const DOMAIN = 'marketing'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'))

export interface MarketingOptions extends SubgraphSecurity {
  /** The clock "last month" is measured from; tests fix it. Default: the real time. */
  now?: () => Date
}

export async function createMarketingSubgraph(db: DomainDatabase, options: MarketingOptions): Promise<SubgraphServer> {
  const metrics = createSubgraphMetrics(DOMAIN)
  const data = createMarketingData(db, metrics.countStatement)
  const now = options.now ?? (() => new Date())
  return createSubgraphServer<MarketingContext>({
    name: DOMAIN,
    typeDefs,
    resolvers,
    metrics,
    internalSecret: options.internalSecret,
    auditUrl: options.auditUrl,
    createContext: (identity) => ({ identity, data, loaders: createLoaders(data), now }),
    onStop: async () => {
      await data.disconnect()
      await db.close()
    },
  })
}
