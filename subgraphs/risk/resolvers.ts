// Thin resolvers: read arguments, call loaders and queries, shape the result.
import { pageSize } from '../../lib/connection'
import { scalarResolvers } from '../../lib/scalars'
import type { Identity } from '../../rules/identity'
import type { RiskAssessment, RiskData } from './data'
import type { Resolvers } from './generated/graphql'
import type { RiskLoaders } from './loaders'
import { dataProduct } from './data-product'
import { groupingDimensions } from '../../lib/breakdown'
import { DEFAULT_MINIMUM_GROUP_SIZE, leaveOutSmallGroups, mayReadRows } from '../../rules/small-groups'

export interface RiskContext {
  /** The caller, as the gateway vouched for them; null when the request did not come through the gateway. */
  identity: Identity | null
  data: RiskData
  loaders: RiskLoaders
}

/** Reached only when the rules allowed the score for this caller: decrypt then, and only then. */
function decryptScore(assessment: RiskAssessment | null, { data }: RiskContext): number | null {
  return data.decryptCreditScore(assessment)
}

const latest = (customer: { id: string }, _args: unknown, { loaders }: RiskContext) =>
  loaders.latestCustomerAssessment.load(customer.id)

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: {
    riskAssessment: (_root, { id }, { loaders }) => loaders.assessmentById.load(id),
    riskAssessments: (_root, args, { data }) =>
      data.assessmentsPage(args.filter, args.orderBy, pageSize(args.first), args.after),
    riskGradeDistribution: (_root, { subject }, { data }) => data.gradeDistribution(subject),
    riskAssessmentBreakdown: async (_root, { by, filter }, { data, identity }, info) => {
      const groups = await data.assessmentGroups(groupingDimensions(by, '[GRADE] or [SUBJECT, MONTH]'), filter)
      return leaveOutSmallGroups(
        groups,
        dataProduct.minimumGroupSize ?? DEFAULT_MINIMUM_GROUP_SIZE,
        mayReadRows(identity, info.schema, 'RiskAssessment'),
      )
    },
  },
  Customer: {
    __resolveReference: (reference) => ({ id: reference.id }),
    creditScore: async (customer, args, context) => decryptScore(await latest(customer, args, context), context),
    riskGrade: async (customer, args, context) => (await latest(customer, args, context))?.riskGrade ?? null,
    riskProfile: latest,
    riskAssessments: (customer, _args, { loaders }) => loaders.assessmentsByCustomerId.load(customer.id),
  },
  LoanApplication: {
    __resolveReference: (reference) => ({ id: reference.id }),
    riskAssessment: (application, _args, { loaders }) => loaders.assessmentByApplicationId.load(application.id),
  },
  RiskAssessment: {
    __resolveReference: (reference, { loaders }) => loaders.assessmentById.load(reference.id),
    customer: (assessment) => ({ __typename: 'Customer', id: assessment.customerId }),
    creditScore: (assessment, _args, context) => decryptScore(assessment, context),
    loanApplication: (assessment) =>
      assessment.loanApplicationId ? { __typename: 'LoanApplication', id: assessment.loanApplicationId } : null,
  },
}
