// The Risk subgraph (credit risk assessments): schema, resolvers and per-request context over this domain's own database.
import path from 'node:path'
import { serveDomain, type SubgraphSecurity } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createRiskData } from './data'
import { createLoaders } from './loaders'
import { dataProduct } from './data-product'
import { resolvers } from './resolvers'

export const DOMAIN = 'risk'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'), dataProduct)

export const createRiskSubgraph = serveDomain({
  name: DOMAIN,
  dataProduct,
  typeDefs,
  resolvers,
  createData: (db, countStatement, security: SubgraphSecurity) =>
    createRiskData(db, countStatement, security.dataEncryptionKey),
  createContext: (identity, data) => ({ identity, data, loaders: createLoaders(data) }),
})
