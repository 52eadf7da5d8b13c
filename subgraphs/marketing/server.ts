// The Marketing subgraph (campaigns and customer acquisition): schema, resolvers and per-request context
// over this domain's own database.
import path from 'node:path'
import { serveDomain, type SubgraphSecurity } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createMarketingData } from './data'
import { createLoaders } from './loaders'
import { dataProduct } from './data-product'
import { resolvers } from './resolvers'

export const DOMAIN = 'marketing'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'), dataProduct)

export interface MarketingOptions extends SubgraphSecurity {
  /** The clock "last month" is measured from; tests fix it. Default: the real time. */
  now?: () => Date
}

export const createMarketingSubgraph = serveDomain({
  name: DOMAIN,
  dataProduct,
  typeDefs,
  resolvers,
  createData: (db, countStatement, _options: MarketingOptions) => createMarketingData(db, countStatement),
  createContext: (identity, data, options) => ({
    identity,
    data,
    loaders: createLoaders(data),
    now: options.now ?? (() => new Date()),
  }),
})
