// Loan applications and loans grouped by the dimensions asked for (product, status, month), with count,
// customers and exact sums per group, from one grouped statement each (small groups are left out by the resolver).
import { Prisma, type PrismaClient, type Loan, type LoanApplication } from '../../prisma/loans/generated/client'
import { groupAverage, groupingClauses } from '../../lib/breakdown'

export type LoanApplicationDimension = 'PRODUCT' | 'STATUS' | 'MONTH'
export type LoanDimension = 'PRODUCT' | 'STATUS' | 'MONTH'

/** Each dimension's column in the result and its SQL (months in UTC, as "2026-07"). */
const APPLICATION_DIMENSIONS: Record<
  LoanApplicationDimension,
  { key: keyof LoanApplicationGroupKey; sql: Prisma.Sql }
> = {
  PRODUCT: { key: 'product', sql: Prisma.sql`product::text` },
  STATUS: { key: 'status', sql: Prisma.sql`status::text` },
  MONTH: { key: 'month', sql: Prisma.sql`to_char("submittedAt" AT TIME ZONE 'UTC', 'YYYY-MM')` },
}

const LOAN_DIMENSIONS: Record<LoanDimension, { key: keyof LoanGroupKey; sql: Prisma.Sql }> = {
  PRODUCT: { key: 'product', sql: Prisma.sql`product::text` },
  STATUS: { key: 'status', sql: Prisma.sql`status::text` },
  MONTH: { key: 'month', sql: Prisma.sql`to_char("originatedAt" AT TIME ZONE 'UTC', 'YYYY-MM')` },
}

export interface LoanApplicationGroupKey {
  product: LoanApplication['product'] | null
  status: LoanApplication['status'] | null
  month: string | null
}

export interface LoanApplicationGroup extends LoanApplicationGroupKey {
  count: number
  customers: number
  totalRequestedAmount: Prisma.Decimal
  averageRequestedAmount: Prisma.Decimal
  minRequestedAmount: Prisma.Decimal
  maxRequestedAmount: Prisma.Decimal
}

export interface LoanGroupKey {
  product: Loan['product'] | null
  status: Loan['status'] | null
  month: string | null
}

export interface LoanGroup extends LoanGroupKey {
  count: number
  customers: number
  totalPrincipal: Prisma.Decimal
  averagePrincipal: Prisma.Decimal
  minPrincipal: Prisma.Decimal
  maxPrincipal: Prisma.Decimal
  totalOutstanding: Prisma.Decimal
  averageInterestRate: Prisma.Decimal
}

type Sums = { count: number; customers: number; total: string; min: string; max: string }

/** Every group of the applications `where` selects, in the order of the dimensions' values. */
export async function groupApplications(
  prisma: PrismaClient,
  by: readonly LoanApplicationDimension[],
  where: Prisma.Sql,
): Promise<LoanApplicationGroup[]> {
  const { columns, positions } = groupingClauses(APPLICATION_DIMENSIONS, by)
  const rows = await prisma.$queryRaw<(Partial<LoanApplicationGroupKey> & Sums)[]>`
    SELECT ${columns}, count(*)::int AS count, count(DISTINCT "customerId")::int AS customers,
      sum("requestedAmount")::text AS total, min("requestedAmount")::text AS min, max("requestedAmount")::text AS max
    FROM "LoanApplication" WHERE ${where}
    GROUP BY ${positions} ORDER BY ${positions}`
  return rows.map((row) => {
    const total = new Prisma.Decimal(row.total)
    return {
      product: row.product ?? null,
      status: row.status ?? null,
      month: row.month ?? null,
      count: row.count,
      customers: row.customers,
      totalRequestedAmount: total.toDecimalPlaces(2),
      averageRequestedAmount: groupAverage(total, row.count, 2),
      minRequestedAmount: new Prisma.Decimal(row.min),
      maxRequestedAmount: new Prisma.Decimal(row.max),
    }
  })
}

/** Every group of the loans `where` selects, in the order of the dimensions' values. */
export async function groupLoans(
  prisma: PrismaClient,
  by: readonly LoanDimension[],
  where: Prisma.Sql,
): Promise<LoanGroup[]> {
  const { columns, positions } = groupingClauses(LOAN_DIMENSIONS, by)
  const rows = await prisma.$queryRaw<(Partial<LoanGroupKey> & Sums & { outstanding: string; rates: string })[]>`
    SELECT ${columns}, count(*)::int AS count, count(DISTINCT "customerId")::int AS customers,
      sum(principal)::text AS total, min(principal)::text AS min, max(principal)::text AS max,
      sum("outstandingBalance")::text AS outstanding, sum("annualInterestRate")::text AS rates
    FROM "Loan" WHERE ${where}
    GROUP BY ${positions} ORDER BY ${positions}`
  return rows.map((row) => {
    const total = new Prisma.Decimal(row.total)
    return {
      product: row.product ?? null,
      status: row.status ?? null,
      month: row.month ?? null,
      count: row.count,
      customers: row.customers,
      totalPrincipal: total.toDecimalPlaces(2),
      averagePrincipal: groupAverage(total, row.count, 2),
      minPrincipal: new Prisma.Decimal(row.min),
      maxPrincipal: new Prisma.Decimal(row.max),
      totalOutstanding: new Prisma.Decimal(row.outstanding).toDecimalPlaces(2),
      averageInterestRate: groupAverage(row.rates, row.count, 4),
    }
  })
}
