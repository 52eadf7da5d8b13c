// The Transactions subgraph (the Customer Transaction data product): schema, resolvers and per-request context over this domain's own database.
import path from 'node:path'
import { serveDomain, type SubgraphSecurity } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createTransactionsData } from './data'
import { createLoaders } from './loaders'
import { dataProduct } from './data-product'
import { resolvers } from './resolvers'

export const DOMAIN = 'transactions'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'), dataProduct)

export const createTransactionsSubgraph = serveDomain({
  name: DOMAIN,
  dataProduct,
  typeDefs,
  resolvers,
  createData: (db, countStatement, _security: SubgraphSecurity) => createTransactionsData(db, countStatement),
  createContext: (identity, data, options) => ({ identity, data, loaders: createLoaders(data), now: options.now ?? (() => new Date()) }),
})
