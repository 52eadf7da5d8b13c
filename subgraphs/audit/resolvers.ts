// Thin resolvers: read arguments, call the audit store, shape the result.
import { pageSize } from '../../lib/connection'
import { scalarResolvers } from '../../lib/scalars'
import type { Identity } from '../../rules/identity'
import type { AuditData } from './data'
import type { Resolvers } from './generated/graphql'

export interface AuditContext {
  /** The caller, as the gateway vouched for them; null when the request did not come through the gateway. */
  identity: Identity | null
  data: AuditData
}

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: {
    accessDenials: (_root, args, { data }) => data.denialsPage(args.filter, pageSize(args.first), args.after),
    restrictedAccess: (_root, args, { data }) =>
      data.restrictedAccessPage(args.filter, pageSize(args.first), args.after),
  },
}
