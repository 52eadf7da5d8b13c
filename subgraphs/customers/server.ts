// The Customers subgraph: schema, resolvers and per-request context over this domain's own database.
import path from 'node:path'
import { serveDomain, type SubgraphSecurity } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createCustomersData } from './data'
import { createLoaders } from './loaders'
import { dataProduct } from './data-product'
import { resolvers } from './resolvers'

export const DOMAIN = 'customers'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'), dataProduct)

export const createCustomersSubgraph = serveDomain({
  name: DOMAIN,
  dataProduct,
  typeDefs,
  resolvers,
  createData: (db, countStatement, security: SubgraphSecurity) =>
    createCustomersData(db, countStatement, security.dataEncryptionKey),
  createContext: (identity, data) => ({ identity, data, loaders: createLoaders(data) }),
})
