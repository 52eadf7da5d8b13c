// The Loans subgraph (loan applications and loans): schema, resolvers and per-request context over this domain's own database.
import path from 'node:path'
import { serveDomain, type SubgraphSecurity } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createLoansData } from './data'
import { createLoaders } from './loaders'
import { dataProduct } from './data-product'
import { resolvers } from './resolvers'

export const DOMAIN = 'loans'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'), dataProduct)

export const createLoansSubgraph = serveDomain({
  name: DOMAIN,
  dataProduct,
  typeDefs,
  resolvers,
  createData: (db, countStatement, _security: SubgraphSecurity) => createLoansData(db, countStatement),
  createContext: (identity, data) => ({ identity, data, loaders: createLoaders(data) }),
})
