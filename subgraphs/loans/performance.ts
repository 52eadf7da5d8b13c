// Lending over a period, bank-wide: applications and their decisions, the approval rate, and loans paid
// out, per product and in all, beside the period of the same length just before. Two grouped statements
// (applications, loans), each over both periods; distinct customers per group, for small-group protection.
import { badUserInput } from '../../lib/errors'
import { rangeEnd } from '../../lib/scalars'
import { isSmallGroup } from '../../rules/small-groups'
import { Prisma, type PrismaClient, type Loan } from '../../prisma/loans/generated/client'

type Product = Loan['product']
type Period = 'current' | 'previous'

export interface PerformancePeriods {
  from: Date
  to: Date
  previousFrom: Date
  previousTo: Date
}

/** The period asked for (a plain-date end covers its day) and the one of the same length just before. */
export function performancePeriods(from: Date, to: Date): PerformancePeriods {
  const end = rangeEnd(to)
  if (from.getTime() > end.getTime())
    throw badUserInput(`from (${from.toISOString()}) is after to (${to.toISOString()}); swap them`, {
      argumentName: 'from',
    })
  const length = end.getTime() - from.getTime() + 1
  return { from, to: end, previousFrom: new Date(from.getTime() - length), previousTo: new Date(from.getTime() - 1) }
}

/** One group's rows as counted: product null for every product together. */
interface ApplicationCount {
  period: Period
  product: Product | null
  status: string | null
  count: number
  customers: number
}
interface LoanCount {
  period: Period
  product: Product | null
  count: number
  customers: number
  principal: Prisma.Decimal
}

export interface PerformanceCounts {
  applications: ApplicationCount[]
  loans: LoanCount[]
}

export async function countPerformance(prisma: PrismaClient, periods: PerformancePeriods): Promise<PerformanceCounts> {
  const period = (column: string) =>
    Prisma.sql`CASE WHEN ${Prisma.raw(`"${column}"`)} >= ${periods.from} THEN 'current' ELSE 'previous' END`
  const [applications, loans] = await Promise.all([
    prisma.$queryRaw<ApplicationCount[]>`
      SELECT period, product, status, count(*)::int AS count, count(DISTINCT "customerId")::int AS customers FROM (
        SELECT ${period('submittedAt')} AS period, product::text AS product, status::text AS status, "customerId"
        FROM "LoanApplication" WHERE "submittedAt" BETWEEN ${periods.previousFrom} AND ${periods.to}
      ) submitted
      GROUP BY GROUPING SETS ((period, product, status), (period, product), (period, status), (period))`,
    prisma.$queryRaw<LoanCount[]>`
      SELECT period, product, count(*)::int AS count, count(DISTINCT "customerId")::int AS customers, coalesce(sum(principal), 0) AS principal FROM (
        SELECT ${period('originatedAt')} AS period, product::text AS product, "customerId", principal
        FROM "Loan" WHERE "originatedAt" BETWEEN ${periods.previousFrom} AND ${periods.to}
      ) paid_out
      GROUP BY GROUPING SETS ((period, product), (period))`,
  ])
  return { applications, loans: loans.map((row) => ({ ...row, principal: new Prisma.Decimal(row.principal) })) }
}

export interface PeriodFigures {
  applications: number | null
  approved: number | null
  declined: number | null
  pending: number | null
  withdrawn: number | null
  approvalRate: number | null
  loansPaidOut: number | null
  volumePaidOut: Prisma.Decimal | null
  averagePrincipal: Prisma.Decimal | null
  suppressed: boolean
}

export interface PerformanceFigures {
  product: Product | null
  current: PeriodFigures
  previous: PeriodFigures
  applicationsChangePercent: number | null
  approvalRateChangePoints: number | null
  volumeChangePercent: number | null
}

/**
 * One group's figures over one period. Application figures are hidden when fewer than `minimumGroupSize`
 * customers applied, and paid-out figures when fewer borrowed, unless the caller may read the rows.
 */
function periodFigures(
  counts: PerformanceCounts,
  period: Period,
  product: Product | null,
  minimumGroupSize: number,
  callerMayReadRows: boolean,
): PeriodFigures {
  const ofGroup = counts.applications.filter((row) => row.period === period && row.product === product)
  const all = ofGroup.find((row) => row.status === null)
  const byStatus = (...statuses: string[]) =>
    ofGroup.filter((row) => row.status !== null && statuses.includes(row.status)).reduce((n, row) => n + row.count, 0)
  const loans = counts.loans.find((row) => row.period === period && row.product === product)
  const hideApplications = isSmallGroup(all?.customers ?? 0, minimumGroupSize, callerMayReadRows)
  const hideLoans = isSmallGroup(loans?.customers ?? 0, minimumGroupSize, callerMayReadRows)
  const approved = byStatus('APPROVED')
  const decided = approved + byStatus('DECLINED')
  const count = loans?.count ?? 0
  const volume = (loans?.principal ?? new Prisma.Decimal(0)).toDecimalPlaces(2)
  return {
    applications: hideApplications ? null : (all?.count ?? 0),
    approved: hideApplications ? null : approved,
    declined: hideApplications ? null : byStatus('DECLINED'),
    pending: hideApplications ? null : byStatus('SUBMITTED', 'UNDER_REVIEW'),
    withdrawn: hideApplications ? null : byStatus('WITHDRAWN'),
    approvalRate: hideApplications || decided === 0 ? null : round(approved / decided, 4),
    loansPaidOut: hideLoans ? null : count,
    volumePaidOut: hideLoans ? null : volume,
    averagePrincipal:
      hideLoans || count === 0 ? null : volume.dividedBy(count).toDecimalPlaces(2, Prisma.Decimal.ROUND_HALF_UP),
    suppressed: hideApplications || hideLoans,
  }
}

export function performanceFigures(
  counts: PerformanceCounts,
  products: readonly Product[],
  minimumGroupSize: number,
  callerMayReadRows: boolean,
): { all: PerformanceFigures; byProduct: PerformanceFigures[] } {
  const figures = (product: Product | null): PerformanceFigures => {
    const current = periodFigures(counts, 'current', product, minimumGroupSize, callerMayReadRows)
    const previous = periodFigures(counts, 'previous', product, minimumGroupSize, callerMayReadRows)
    return {
      product,
      current,
      previous,
      applicationsChangePercent: changePercent(current.applications, previous.applications),
      approvalRateChangePoints:
        current.approvalRate === null || previous.approvalRate === null
          ? null
          : round((current.approvalRate - previous.approvalRate) * 100, 2),
      volumeChangePercent: changePercent(
        current.volumePaidOut?.toNumber() ?? null,
        previous.volumePaidOut?.toNumber() ?? null,
      ),
    }
  }
  return { all: figures(null), byProduct: products.map(figures) }
}

function changePercent(current: number | null, previous: number | null): number | null {
  return current === null || previous === null || previous === 0
    ? null
    : round(((current - previous) / previous) * 100, 2)
}

const round = (value: number, places: number) => Number(value.toFixed(places))
