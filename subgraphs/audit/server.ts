// The Audit subgraph: the trail of denied access (written by the gateway) and of granted reads of restricted data
// (written by the products that served them), read by compliance officers.
import path from 'node:path'
import { serveDomain, type SubgraphSecurity } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createAuditData } from './data'
import {
  RECORD_DENIALS_PATH,
  RECORD_RESTRICTED_ACCESS_PATH,
  recordDenialsRoute,
  recordRestrictedAccessRoute,
} from './record'
import { dataProduct } from './data-product'
import { resolvers } from './resolvers'
import { DECLARED_RETENTION_DAYS, scheduleRetention } from './retention'

export const DOMAIN = 'audit'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'), dataProduct)

export interface AuditOptions extends SubgraphSecurity {
  /** Days the trail keeps its records (AUDIT_RETENTION_DAYS); default the product's declared retention, 7 years. */
  auditRetentionDays?: number
}

export const createAuditSubgraph = serveDomain({
  name: DOMAIN,
  dataProduct,
  typeDefs,
  resolvers,
  createData: (db, countStatement, options: AuditOptions) => {
    const data = createAuditData(db, countStatement)
    const retention = scheduleRetention(
      data,
      options.auditRetentionDays ?? DECLARED_RETENTION_DAYS,
      options.now ?? (() => new Date()),
    )
    return {
      ...data,
      disconnect: async () => {
        retention.stop()
        await data.disconnect()
      },
    }
  },
  createContext: (identity, data) => ({ identity, data }),
  routes: (app, data, security) => {
    app.post(RECORD_DENIALS_PATH, ...recordDenialsRoute(data, security.internalSecret))
    app.post(RECORD_RESTRICTED_ACCESS_PATH, ...recordRestrictedAccessRoute(data, security.internalSecret))
  },
})
