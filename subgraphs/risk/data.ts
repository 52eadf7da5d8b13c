// The Risk domain's queries: the one place that knows its tables.
import type { DomainDatabase } from '../../lib/database'
import { createFieldCipher, parseDataKey } from '../../lib/field-encryption'
import { badUserInput } from '../../lib/errors'
import { rangeEnd } from '../../lib/scalars'
import {
  keysetPage,
  toConnection,
  type Connection,
  type CursorValue,
  type SortDirection,
  type SortSpec,
} from '../../lib/connection'
import { Prisma, PrismaClient, type RiskAssessment } from '../../prisma/risk/generated/client'
import { groupAssessments, type RiskAssessmentDimension } from './breakdown'

export type { RiskAssessment }
export type RiskGrade = RiskAssessment['riskGrade']
export type AssessmentSubject = RiskAssessment['subject']
export const RISK_GRADES: RiskGrade[] = ['A', 'B', 'C', 'D', 'E']

export interface RiskAssessmentFilter {
  customerId?: string | null
  subject?: AssessmentSubject | null
  riskGrade?: RiskGrade | null
  assessedFrom?: Date | null
  assessedTo?: Date | null
}

export interface RiskAssessmentOrder {
  field: 'ASSESSED_AT'
  direction: SortDirection
}

const COLUMNS = Prisma.sql`id, subject::text AS subject, "customerId", "loanApplicationId", "assessedAt", "creditScoreEncrypted", "riskGrade"::text AS "riskGrade", "probabilityOfDefault", "debtToIncomeRatio", "modelVersion", reasons`

export type RiskData = ReturnType<typeof createRiskData>

export function createRiskData(db: DomainDatabase, countStatement: () => void, dataEncryptionKey: string) {
  const cipher = createFieldCipher(parseDataKey(dataEncryptionKey))
  const prisma = new PrismaClient({ adapter: db.adapter, log: [{ emit: 'event', level: 'query' }] })
  prisma.$on('query', countStatement)

  return {
    prisma,
    assessmentsByIds: (ids: readonly string[]) => prisma.riskAssessment.findMany({ where: { id: { in: [...ids] } } }),
    assessmentsByCustomerIds: (ids: readonly string[]) =>
      prisma.riskAssessment.findMany({
        where: { customerId: { in: [...ids] } },
        orderBy: [{ assessedAt: 'desc' }, { id: 'desc' }],
      }),
    assessmentsByApplicationIds: (ids: readonly string[]) =>
      prisma.riskAssessment.findMany({
        where: { loanApplicationId: { in: [...ids] } },
        orderBy: [{ assessedAt: 'desc' }, { id: 'desc' }],
      }),

    /** Each customer's latest CUSTOMER assessment, for a batch of customers, in one statement. */
    latestCustomerAssessments: (customerIds: readonly string[]) =>
      prisma.$queryRaw<RiskAssessment[]>`
        SELECT DISTINCT ON ("customerId") ${COLUMNS} FROM "RiskAssessment"
        WHERE subject = 'CUSTOMER' AND "customerId" IN (${Prisma.join([...customerIds])})
        ORDER BY "customerId", "assessedAt" DESC, id DESC`,

    async assessmentsPage(
      filter: RiskAssessmentFilter | null | undefined,
      order: RiskAssessmentOrder | null | undefined,
      first: number,
      after: string | null | undefined,
    ): Promise<Connection<RiskAssessment>> {
      const where = assessmentWhere(filter)
      const sort = assessmentSort(order ?? { field: 'ASSESSED_AT', direction: 'DESC' })
      const page = keysetPage(sort, first, after)
      const rows = await prisma.riskAssessment.findMany({
        where: page.where ? { AND: [where, page.where as Prisma.RiskAssessmentWhereInput] } : where,
        orderBy: page.orderBy as Prisma.RiskAssessmentOrderByWithRelationInput[],
        take: page.take,
      })
      return toConnection(rows, first, sort, () => prisma.riskAssessment.count({ where }), Boolean(after))
    },

    /** Subjects per grade by their latest assessment, in one statement. */
    async gradeDistribution(subject: AssessmentSubject) {
      const partition = Prisma.raw(subject === 'CUSTOMER' ? '"customerId"' : '"loanApplicationId"')
      const rows = await prisma.$queryRaw<{ grade: RiskGrade; count: number; average: Prisma.Decimal | null }[]>`
        SELECT "riskGrade"::text AS grade, count(*)::int AS count, round(avg("probabilityOfDefault"), 5) AS average
        FROM (
          SELECT DISTINCT ON (${partition}) "riskGrade", "probabilityOfDefault" FROM "RiskAssessment"
          WHERE subject = ${subject}::"AssessmentSubject"
          ORDER BY ${partition}, "assessedAt" DESC, id DESC
        ) latest
        GROUP BY 1`
      return RISK_GRADES.map((grade) => {
        const row = rows.find((r) => r.grade === grade)
        return { grade, count: row?.count ?? 0, averageProbabilityOfDefault: row?.average ?? null }
      })
    },

    /** The assessments the filter selects, grouped by the given dimensions, from one statement. */
    assessmentGroups: (by: readonly RiskAssessmentDimension[], filter: RiskAssessmentFilter | null | undefined) =>
      groupAssessments(prisma, by, assessmentSql(filter)),

    /** The assessment's credit score in plain; call only for a caller the rules entitled to it. */
    decryptCreditScore: (assessment: RiskAssessment | null): number | null =>
      assessment?.creditScoreEncrypted
        ? Number(cipher.decrypt(assessment.creditScoreEncrypted, 'RiskAssessment.creditScore'))
        : null,

    disconnect: () => prisma.$disconnect(),
  }
}

/** The filter's assessment period: a plain-date end covers its day; a reversed period is bad input. */
function assessedBetween(filter: RiskAssessmentFilter): { from: Date | null | undefined; to: Date | null | undefined } {
  const from = filter.assessedFrom
  const to = filter.assessedTo && rangeEnd(filter.assessedTo)
  if (from && to && from.getTime() > to.getTime())
    throw badUserInput(`assessedFrom (${from.toISOString()}) is after assessedTo (${to.toISOString()}); swap them`, {
      argumentName: 'filter',
    })
  return { from, to }
}

function assessmentWhere(filter: RiskAssessmentFilter | null | undefined): Prisma.RiskAssessmentWhereInput {
  if (!filter) return {}
  const { from, to } = assessedBetween(filter)
  return {
    ...(filter.customerId && { customerId: filter.customerId }),
    ...(filter.subject && { subject: filter.subject }),
    ...(filter.riskGrade && { riskGrade: filter.riskGrade }),
    ...((from || to) && { assessedAt: { ...(from && { gte: from }), ...(to && { lte: to }) } }),
  }
}

/** The same conditions as `assessmentWhere`, as SQL, for grouped statements. */
function assessmentSql(filter: RiskAssessmentFilter | null | undefined): Prisma.Sql {
  if (!filter) return Prisma.sql`TRUE`
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`]
  const { from, to } = assessedBetween(filter)
  if (filter.customerId) conditions.push(Prisma.sql`"customerId" = ${filter.customerId}`)
  if (filter.subject) conditions.push(Prisma.sql`subject = ${filter.subject}::"AssessmentSubject"`)
  if (filter.riskGrade) conditions.push(Prisma.sql`"riskGrade" = ${filter.riskGrade}::"RiskGrade"`)
  if (from) conditions.push(Prisma.sql`"assessedAt" >= ${from}`)
  if (to) conditions.push(Prisma.sql`"assessedAt" <= ${to}`)
  return Prisma.join(conditions, ' AND ')
}

function assessmentSort(order: RiskAssessmentOrder): SortSpec<RiskAssessment> {
  const key = `${order.field}:${order.direction}`
  return {
    key,
    fields: ['assessedAt'],
    direction: order.direction,
    valuesOf: (a) => [a.assessedAt],
    parseValues: (v: CursorValue[]) => v.map((x) => new Date(String(x))),
  }
}
