// Thin resolvers: read arguments, call loaders and queries, shape the result.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper'
import { pageSize } from '../../lib/connection'
import { scalarResolvers } from '../../lib/scalars'
import type { Identity } from '../../rules/identity'
import { scopeToOwnRows } from '../../rules/rules'
import type { Customer, CustomerFilter, CustomerOrder, CustomersData } from './data'
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

export const resolvers: GraphQLResolverMap<CustomersContext> = {
  ...scalarResolvers,
  Query: {
    customer: (_root, { id }: { id: string }, { loaders }) => loaders.customerById.load(id),
    customers: (_root, args: CustomersArgs, { data, identity }) => data.customersPage(scopeToOwnRows(identity, args.filter, 'Query.customers'), args.orderBy, pageSize(args.first), args.after),
  },
  Customer: {
    __resolveReference: (reference: { id: string }, { loaders }: CustomersContext) => loaders.customerById.load(reference.id),
    name: (customer: Customer) => `${customer.firstName} ${customer.lastName}`,
    acquisitionCampaign: (customer: Customer) => (customer.acquisitionCampaignId ? { __typename: 'Campaign', id: customer.acquisitionCampaignId } : null),
  },
}
