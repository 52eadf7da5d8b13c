// Thin resolvers: read arguments, call loaders and queries, shape the result.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper'
import { pageSize } from '../../lib/connection'
import { scalarResolvers } from '../../lib/scalars'
import type { Customer, CustomerFilter, CustomerOrder, CustomersData } from './data'
import type { CustomersLoaders } from './loaders'

export interface CustomersContext {
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
    customers: (_root, args: CustomersArgs, { data }) => data.customersPage(args.filter, args.orderBy, pageSize(args.first), args.after),
  },
  Customer: {
    __resolveReference: (reference: { id: string }, { loaders }: CustomersContext) => loaders.customerById.load(reference.id),
    name: (customer: Customer) => `${customer.firstName} ${customer.lastName}`,
    acquisitionCampaign: (customer: Customer) => (customer.acquisitionCampaignId ? { __typename: 'Campaign', id: customer.acquisitionCampaignId } : null),
  },
}
