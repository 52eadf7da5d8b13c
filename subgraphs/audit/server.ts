// The Audit subgraph: the trail of denied access, written by the gateway, read by compliance officers.
import path from 'node:path'
import { serveDomain, type SubgraphSecurity } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createAuditData } from './data'
import { RECORD_DENIALS_PATH, recordDenialsRoute } from './record'
import { dataProduct } from './data-product'
import { resolvers } from './resolvers'

export const DOMAIN = 'audit'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'), dataProduct)

export const createAuditSubgraph = serveDomain({
  name: DOMAIN,
  dataProduct,
  typeDefs,
  resolvers,
  createData: (db, countStatement, _security: SubgraphSecurity) => createAuditData(db, countStatement),
  createContext: (identity, data) => ({ identity, data }),
  routes: (app, data, security) => void app.post(RECORD_DENIALS_PATH, ...recordDenialsRoute(data, security.internalSecret)),
})
