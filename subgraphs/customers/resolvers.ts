// Thin resolvers: read arguments, call loaders and queries, shape the result.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper'
import { pageSize } from '../../lib/connection'
import { scalarResolvers } from '../../lib/scalars'
import type { Identity } from '../../rules/identity'
import { forbidden } from '../../rules/rules'
import { decide } from '../../rules/policy'
import type { Customer, CustomerDimension, CustomerFilter, CustomerOrder, CustomersData } from './data'
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

interface CustomersArgs {
  filter?: CustomerFilter | null
  first?: number | null
  after?: string | null
  orderBy?: CustomerOrder | null
}

/** Searching by SSN reveals whether it is a customer's, so it needs the same entitlement as reading it. */
function assertMaySearchBySsn(identity: Identity | null, filter: CustomerFilter | null | undefined): void {
  if (!filter?.ssn) return
  const decision = identity ? decide(identity.roles, identity.channel, { level: 'RESTRICTED', category: 'identity' }) : { allowed: false as const, reason: 'the request did not come through the gateway' }
  if (!decision.allowed) throw forbidden('CustomerFilter.ssn', decision.reason)
}

export const resolvers: GraphQLResolverMap<CustomersContext> = {
  ...scalarResolvers,
  Query: {
    customer: (_root, { id }: { id: string }, { loaders }) => loaders.customerById.load(id),
    customers: (_root, args: CustomersArgs, { data, identity }) => {
      assertMaySearchBySsn(identity, args.filter)
      return data.customersPage(args.filter, args.orderBy, pageSize(args.first), args.after)
    },
    customerBreakdown: async (_root, { by, filter }: { by: CustomerDimension[]; filter?: CustomerFilter | null }, { data, identity }, info) => {
      const dimensions = groupingDimensions(by, '[REGION] or [REGION, SEGMENT]')
      assertMaySearchBySsn(identity, filter)
      const groups = await data.customerGroups(dimensions, filter)
      return leaveOutSmallGroups(groups, dataProduct.minimumGroupSize ?? DEFAULT_MINIMUM_GROUP_SIZE, mayReadRows(identity, info.schema, 'Customer'))
    },
  },
  Customer: {
    __resolveReference: (reference: { id: string }, { loaders }: CustomersContext) => loaders.customerById.load(reference.id),
    name: (customer: Customer) => `${customer.firstName} ${customer.lastName}`,
    // Reached only when the rules allowed Customer.ssn for this caller: decrypt then, and only then.
    ssn: (customer: Customer, _args, { data }) => data.decryptSsn(customer),
    acquisitionCampaign: (customer: Customer) => (customer.acquisitionCampaignId ? { __typename: 'Campaign', id: customer.acquisitionCampaignId } : null),
  },
}
