// The Audit subgraph: the trail of denied access (written by the gateway) and of granted reads of restricted data
// (written by the products that served them), read by compliance officers.
import path from 'node:path'
import { serveDomain, type SubgraphSecurity } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createAuditData } from './data'
import { RECORD_DENIALS_PATH, RECORD_RESTRICTED_ACCESS_PATH, recordDenialsRoute, recordRestrictedAccessRoute } from './record'
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
  routes: (app, data, security) => {
    app.post(RECORD_DENIALS_PATH, ...recordDenialsRoute(data, security.internalSecret))
    app.post(RECORD_RESTRICTED_ACCESS_PATH, ...recordRestrictedAccessRoute(data, security.internalSecret))
  },
})
