// Thin resolvers: read arguments, call loaders and queries, shape the result.
import { pageSize } from '../../lib/connection'
import { scalarResolvers } from '../../lib/scalars'
import type { Identity } from '../../rules/identity'
import { forbidden } from '../../rules/rules'
import { decide } from '../../rules/policy'
import type { CustomerFilter, CustomersData } from './data'
import type { Resolvers } from './generated/graphql'
import { dataProduct } from './data-product'
import { groupingDimensions } from '../../lib/breakdown'
import { DEFAULT_MINIMUM_GROUP_SIZE, leaveOutSmallGroups, mayReadRows } from '../../rules/small-groups'
import type { CustomersLoaders } from './loaders'

export interface CustomersContext {
  /** The caller, as the gateway vouched for them; null when the request did not come through the gateway. */
  identity: Identity | null
  data: CustomersData
  loaders: CustomersLoaders
}

/** Searching by SSN reveals whether it is a customer's, so it needs the same entitlement as reading it. */
function assertMaySearchBySsn(identity: Identity | null, filter: CustomerFilter | null | undefined): void {
  if (!filter?.ssn) return
  const decision = identity
    ? decide(identity.roles, identity.channel, { level: 'RESTRICTED', category: 'identity' })
    : { allowed: false as const, reason: 'the request did not come through the gateway' }
  if (!decision.allowed) throw forbidden('CustomerFilter.ssn', decision.reason)
}

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: {
    customer: (_root, { id }, { loaders }) => loaders.customerById.load(id),
    customers: (_root, args, { data, identity }) => {
      assertMaySearchBySsn(identity, args.filter)
      return data.customersPage(args.filter, args.orderBy, pageSize(args.first), args.after)
    },
    customerBreakdown: async (_root, { by, filter }, { data, identity }, info) => {
      const dimensions = groupingDimensions(by, '[REGION] or [REGION, SEGMENT]')
      assertMaySearchBySsn(identity, filter)
      const groups = await data.customerGroups(dimensions, filter)
      return leaveOutSmallGroups(
        groups,
        dataProduct.minimumGroupSize ?? DEFAULT_MINIMUM_GROUP_SIZE,
        mayReadRows(identity, info.schema, 'Customer'),
      )
    },
  },
  Customer: {
    __resolveReference: (reference, { loaders }) => loaders.customerById.load(reference.id),
    name: (customer) => `${customer.firstName} ${customer.lastName}`,
    // Reached only when the rules allowed Customer.ssn for this caller: decrypt then, and only then.
    ssn: (customer, _args, { data }) => data.decryptSsn(customer),
    acquisitionCampaign: (customer) =>
      customer.acquisitionCampaignId ? { __typename: 'Campaign', id: customer.acquisitionCampaignId } : null,
  },
}
