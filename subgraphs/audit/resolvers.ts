// Thin resolvers: read arguments, call the audit store, shape the result.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper'
import { pageSize } from '../../lib/connection'
import { scalarResolvers } from '../../lib/scalars'
import type { Identity } from '../../rules/identity'
import type { AccessDenialFilter, AuditData, RestrictedAccessFilter } from './data'

export interface AuditContext {
  /** The caller, as the gateway vouched for them; null when the request did not come through the gateway. */
  identity: Identity | null
  data: AuditData
}

export const resolvers: GraphQLResolverMap<AuditContext> = {
  ...scalarResolvers,
  Query: {
    accessDenials: (_root, args: { filter?: AccessDenialFilter; first?: number; after?: string }, { data }) => data.denialsPage(args.filter, pageSize(args.first), args.after),
    restrictedAccess: (_root, args: { filter?: RestrictedAccessFilter; first?: number; after?: string }, { data }) => data.restrictedAccessPage(args.filter, pageSize(args.first), args.after),
  },
}
