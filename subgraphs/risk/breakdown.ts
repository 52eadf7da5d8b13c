// Credit assessments grouped by the dimensions asked for (grade, subject, month), with count, customers and
// exact averages per group, from one grouped statement (small groups are left out by the resolver). Credit
// scores are not aggregated: they are encrypted at rest, and the grade is their band.
import { Prisma, type PrismaClient, type RiskAssessment } from '../../prisma/risk/generated/client'
import { exactRatio, groupAverage, groupingClauses } from '../../lib/breakdown'

export type RiskAssessmentDimension = 'GRADE' | 'SUBJECT' | 'MONTH'

/** Each dimension's column in the result and its SQL (months in UTC, as "2026-07"). */
const DIMENSIONS: Record<RiskAssessmentDimension, { key: keyof RiskAssessmentGroupKey; sql: Prisma.Sql }> = {
  GRADE: { key: 'grade', sql: Prisma.sql`"riskGrade"::text` },
  SUBJECT: { key: 'subject', sql: Prisma.sql`subject::text` },
  MONTH: { key: 'month', sql: Prisma.sql`to_char("assessedAt" AT TIME ZONE 'UTC', 'YYYY-MM')` },
}

export interface RiskAssessmentGroupKey {
  grade: RiskAssessment['riskGrade'] | null
  subject: RiskAssessment['subject'] | null
  month: string | null
}

export interface RiskAssessmentGroup extends RiskAssessmentGroupKey {
  count: number
  customers: number
  averageProbabilityOfDefault: Prisma.Decimal
  averageDebtToIncomeRatio: Prisma.Decimal | null
}

/** Every group of the assessments `where` selects, in the order of the dimensions' values. */
export async function groupAssessments(
  prisma: PrismaClient,
  by: readonly RiskAssessmentDimension[],
  where: Prisma.Sql,
): Promise<RiskAssessmentGroup[]> {
  const { columns, positions } = groupingClauses(DIMENSIONS, by)
  const rows = await prisma.$queryRaw<
    (Partial<RiskAssessmentGroupKey> & {
      count: number
      customers: number
      probabilities: string
      ratios: string | null
      withRatio: number
    })[]
  >`
    SELECT ${columns}, count(*)::int AS count, count(DISTINCT "customerId")::int AS customers,
      sum("probabilityOfDefault")::text AS probabilities, sum("debtToIncomeRatio")::text AS ratios, count("debtToIncomeRatio")::int AS "withRatio"
    FROM "RiskAssessment" WHERE ${where}
    GROUP BY ${positions} ORDER BY ${positions}`
  return rows.map((row) => ({
    grade: row.grade ?? null,
    subject: row.subject ?? null,
    month: row.month ?? null,
    count: row.count,
    customers: row.customers,
    averageProbabilityOfDefault: groupAverage(row.probabilities, row.count, 5),
    averageDebtToIncomeRatio: row.ratios === null ? null : exactRatio(row.ratios, row.withRatio, 4),
  }))
}
