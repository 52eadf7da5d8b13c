// Thin resolvers: read arguments, call loaders and queries, shape the result.
import { pageSize } from '../../lib/connection'
import { scalarResolvers } from '../../lib/scalars'
import type { Identity } from '../../rules/identity'
import { LOAN_PRODUCTS, type LoansData } from './data'
import type { Resolvers } from './generated/graphql'
import { dataProduct } from './data-product'
import { performanceFigures, performancePeriods } from './performance'
import {
  DEFAULT_MINIMUM_GROUP_SIZE,
  isSmallGroup,
  leaveOutSmallGroups,
  mayReadRows,
  refuseSmallSummary,
} from '../../rules/small-groups'
import { groupingDimensions } from '../../lib/breakdown'
import type { LoansLoaders } from './loaders'

export interface LoansContext {
  /** The caller, as the gateway vouched for them; null when the request did not come through the gateway. */
  identity: Identity | null
  data: LoansData
  loaders: LoansLoaders
}

const customerOf = (row: { customerId: string }) => ({ __typename: 'Customer', id: row.customerId })

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: {
    loan: (_root, { id }, { loaders }) => loaders.loanById.load(id),
    loanApplication: (_root, { id }, { loaders }) => loaders.applicationById.load(id),
    loans: (_root, args, { data }) => data.loansPage(args.filter, args.orderBy, pageSize(args.first), args.after),
    loanApplications: (_root, args, { data }) =>
      data.applicationsPage(args.filter, args.orderBy, pageSize(args.first), args.after),
    loanPortfolioSummary: async (_root, { filter }, { data, identity }, info) => {
      const summary = await data.portfolioSummary(filter)
      const minimumGroupSize = dataProduct.minimumGroupSize ?? DEFAULT_MINIMUM_GROUP_SIZE
      const rowsReadable = mayReadRows(identity, info.schema, 'Loan')
      refuseSmallSummary(summary.customers, minimumGroupSize, rowsReadable, 'loans')
      // A group of the summary is held to the same rule as loanBreakdown's: its figures are withheld when it
      // covers fewer customers than the minimum (none is not a group of people, so a zero still shows).
      const withheld = <G extends { customers: number; count: number }>(group: G) =>
        group.count > 0 && isSmallGroup(group.customers, minimumGroupSize, rowsReadable)
          ? { ...group, count: null, totalPrincipal: null, totalOutstanding: null, suppressed: true }
          : { ...group, suppressed: false }
      return { ...summary, byProduct: summary.byProduct.map(withheld), byStatus: summary.byStatus.map(withheld) }
    },
    loanPerformance: async (_root, { from, to }, { data, identity }, info) => {
      const periods = performancePeriods(from, to)
      const minimumGroupSize = dataProduct.minimumGroupSize ?? DEFAULT_MINIMUM_GROUP_SIZE
      // Roles that may read applications and loans could list them anyway: no group is hidden from them.
      const rowsReadable = mayReadRows(identity, info.schema, 'LoanApplication', 'Loan')
      return {
        ...periods,
        minimumGroupSize,
        ...performanceFigures(await data.performance(periods), LOAN_PRODUCTS, minimumGroupSize, rowsReadable),
      }
    },
    loanApplicationBreakdown: async (_root, { by, filter }, { data, identity }, info) => {
      const groups = await data.applicationGroups(groupingDimensions(by, '[PRODUCT] or [PRODUCT, MONTH]'), filter)
      return leaveOutSmallGroups(
        groups,
        dataProduct.minimumGroupSize ?? DEFAULT_MINIMUM_GROUP_SIZE,
        mayReadRows(identity, info.schema, 'LoanApplication'),
      )
    },
    loanBreakdown: async (_root, { by, filter }, { data, identity }, info) => {
      const groups = await data.loanGroups(groupingDimensions(by, '[STATUS] or [PRODUCT, MONTH]'), filter)
      return leaveOutSmallGroups(
        groups,
        dataProduct.minimumGroupSize ?? DEFAULT_MINIMUM_GROUP_SIZE,
        mayReadRows(identity, info.schema, 'Loan'),
      )
    },
  },
  Customer: {
    __resolveReference: (reference) => ({ id: reference.id }),
    loans: (customer, _args, { loaders }) => loaders.loansByCustomerId.load(customer.id),
    loanApplications: (customer, _args, { loaders }) => loaders.applicationsByCustomerId.load(customer.id),
  },
  LoanApplication: {
    __resolveReference: (reference, { loaders }) => loaders.applicationById.load(reference.id),
    customer: customerOf,
    loan: (application, _args, { loaders }) => loaders.loanByApplicationId.load(application.id),
  },
  Loan: {
    __resolveReference: (reference, { loaders }) => loaders.loanById.load(reference.id),
    customer: customerOf,
    application: (loan, _args, { loaders }) => loaders.applicationById.load(loan.applicationId),
  },
}
