// Thin resolvers: read arguments, call loaders and queries, shape the result.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper'
import { pageSize } from '../../lib/connection'
import { scalarResolvers } from '../../lib/scalars'
import type { Identity } from '../../rules/identity'
import type { AssessmentSubject, RiskAssessment, RiskAssessmentFilter, RiskAssessmentOrder, RiskData } from './data'
import type { RiskLoaders } from './loaders'
import type { RiskAssessmentDimension } from './breakdown'
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

const latest = (customer: { id: string }, _args: unknown, { loaders }: RiskContext) => loaders.latestCustomerAssessment.load(customer.id)

export const resolvers: GraphQLResolverMap<RiskContext> = {
  ...scalarResolvers,
  Query: {
    riskAssessment: (_root, { id }: { id: string }, { loaders }) => loaders.assessmentById.load(id),
    riskAssessments: (_root, args: { filter?: RiskAssessmentFilter; first?: number; after?: string; orderBy?: RiskAssessmentOrder }, { data }) =>
      data.assessmentsPage(args.filter, args.orderBy, pageSize(args.first), args.after),
    riskGradeDistribution: (_root, { subject }: { subject: AssessmentSubject }, { data }) => data.gradeDistribution(subject),
    riskAssessmentBreakdown: async (_root, { by, filter }: { by: RiskAssessmentDimension[]; filter?: RiskAssessmentFilter | null }, { data, identity }, info) => {
      const groups = await data.assessmentGroups(groupingDimensions(by, '[GRADE] or [SUBJECT, MONTH]'), filter)
      return leaveOutSmallGroups(groups, dataProduct.minimumGroupSize ?? DEFAULT_MINIMUM_GROUP_SIZE, mayReadRows(identity, info.schema, 'RiskAssessment'))
    },
  },
  Customer: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    creditScore: async (customer: { id: string }, args, context) => decryptScore(await latest(customer, args, context), context),
    riskGrade: async (customer: { id: string }, args, context) => (await latest(customer, args, context))?.riskGrade ?? null,
    riskProfile: latest,
    riskAssessments: (customer: { id: string }, _args, { loaders }) => loaders.assessmentsByCustomerId.load(customer.id),
  },
  LoanApplication: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    riskAssessment: (application: { id: string }, _args, { loaders }) => loaders.assessmentByApplicationId.load(application.id),
  },
  RiskAssessment: {
    __resolveReference: (reference: { id: string }, { loaders }: RiskContext) => loaders.assessmentById.load(reference.id),
    customer: (assessment: RiskAssessment) => ({ __typename: 'Customer', id: assessment.customerId }),
    creditScore: (assessment: RiskAssessment, _args, context) => decryptScore(assessment, context),
    loanApplication: (assessment: RiskAssessment) => (assessment.loanApplicationId ? { __typename: 'LoanApplication', id: assessment.loanApplicationId } : null),
  },
}
