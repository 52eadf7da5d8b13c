// The Loans domain's queries: the one place that knows its tables.
import type { DomainDatabase } from '../../lib/database'
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
import { Prisma, PrismaClient, type Loan, type LoanApplication } from '../../prisma/loans/generated/client'
import { countPerformance, type PerformancePeriods } from './performance'
import { groupApplications, groupLoans, type LoanApplicationDimension, type LoanDimension } from './breakdown'

export type { Loan, LoanApplication }

export interface LoanFilter {
  customerId?: string | null
  product?: Loan['product'] | null
  status?: Loan['status'] | null
  originatedFrom?: Date | null
  originatedTo?: Date | null
  minPrincipal?: string | null
  maxPrincipal?: string | null
}

export interface LoanApplicationFilter {
  customerId?: string | null
  product?: LoanApplication['product'] | null
  status?: LoanApplication['status'] | null
  submittedFrom?: Date | null
  submittedTo?: Date | null
  minRequestedAmount?: string | null
  maxRequestedAmount?: string | null
}

export interface LoanOrder {
  field: 'ORIGINATED_AT' | 'PRINCIPAL' | 'OUTSTANDING_BALANCE'
  direction: SortDirection
}
export interface LoanApplicationOrder {
  field: 'SUBMITTED_AT' | 'REQUESTED_AMOUNT'
  direction: SortDirection
}

export const LOAN_PRODUCTS: Loan['product'][] = ['PERSONAL', 'MORTGAGE', 'AUTO']
export const LOAN_STATUSES: Loan['status'][] = ['ACTIVE', 'PAID_OFF', 'DELINQUENT', 'DEFAULTED']

export type LoansData = ReturnType<typeof createLoansData>

export function createLoansData(db: DomainDatabase, countStatement: () => void) {
  const prisma = new PrismaClient({ adapter: db.adapter, log: [{ emit: 'event', level: 'query' }] })
  prisma.$on('query', countStatement)
  const newestFirst = [{ originatedAt: 'desc' as const }, { id: 'desc' as const }]

  return {
    prisma,
    loansByIds: (ids: readonly string[]) => prisma.loan.findMany({ where: { id: { in: [...ids] } } }),
    loansByApplicationIds: (ids: readonly string[]) =>
      prisma.loan.findMany({ where: { applicationId: { in: [...ids] } } }),
    loansByCustomerIds: (ids: readonly string[]) =>
      prisma.loan.findMany({ where: { customerId: { in: [...ids] } }, orderBy: newestFirst }),
    applicationsByIds: (ids: readonly string[]) => prisma.loanApplication.findMany({ where: { id: { in: [...ids] } } }),
    applicationsByCustomerIds: (ids: readonly string[]) =>
      prisma.loanApplication.findMany({
        where: { customerId: { in: [...ids] } },
        orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
      }),

    async loansPage(
      filter: LoanFilter | null | undefined,
      order: LoanOrder | null | undefined,
      first: number,
      after: string | null | undefined,
    ): Promise<Connection<Loan>> {
      const where = loanWhere(filter)
      const sort = loanSort(order ?? { field: 'ORIGINATED_AT', direction: 'DESC' })
      const page = keysetPage(sort, first, after)
      const rows = await prisma.loan.findMany({
        where: page.where ? { AND: [where, page.where as Prisma.LoanWhereInput] } : where,
        orderBy: page.orderBy as Prisma.LoanOrderByWithRelationInput[],
        take: page.take,
      })
      return toConnection(rows, first, sort, () => prisma.loan.count({ where }), Boolean(after))
    },

    async applicationsPage(
      filter: LoanApplicationFilter | null | undefined,
      order: LoanApplicationOrder | null | undefined,
      first: number,
      after: string | null | undefined,
    ): Promise<Connection<LoanApplication>> {
      const where = applicationWhere(filter)
      const sort = applicationSort(order ?? { field: 'SUBMITTED_AT', direction: 'DESC' })
      const page = keysetPage(sort, first, after)
      const rows = await prisma.loanApplication.findMany({
        where: page.where ? { AND: [where, page.where as Prisma.LoanApplicationWhereInput] } : where,
        orderBy: page.orderBy as Prisma.LoanApplicationOrderByWithRelationInput[],
        take: page.take,
      })
      return toConnection(rows, first, sort, () => prisma.loanApplication.count({ where }), Boolean(after))
    },

    /** Totals per product and status from one grouped statement; arithmetic stays exact. */
    async portfolioSummary(filter: LoanFilter | null | undefined) {
      // Per product and status; and how many customers each product, each status and the whole selection cover
      // (a customer may hold loans in several groups, so their counts do not add up).
      const rows = await prisma.$queryRaw<
        {
          product: Loan['product'] | null
          status: Loan['status'] | null
          count: number
          customers: number
          principal: Prisma.Decimal | null
          outstanding: Prisma.Decimal | null
          rates: Prisma.Decimal | null
        }[]
      >`
        SELECT product::text AS product, status::text AS status, count(*)::int AS count, count(DISTINCT "customerId")::int AS customers,
          sum(principal) AS principal, sum("outstandingBalance") AS outstanding, sum("annualInterestRate") AS rates
        FROM "Loan" WHERE ${loanSql(filter)}
        GROUP BY GROUPING SETS ((product, status), (product), (status), ())`
      const groups = rows.filter((row) => row.product !== null && row.status !== null)
      const customersOf = (product: string | null, status: string | null) =>
        rows.find((row) => row.product === product && row.status === status)?.customers ?? 0
      const zero = new Prisma.Decimal(0)
      const total = (selected: typeof groups) => ({
        count: selected.reduce((n, g) => n + g.count, 0),
        totalPrincipal: selected.reduce((sum, g) => sum.plus(g.principal ?? 0), zero).toDecimalPlaces(2),
        totalOutstanding: selected.reduce((sum, g) => sum.plus(g.outstanding ?? 0), zero).toDecimalPlaces(2),
      })
      const all = total(groups)
      const rateSum = groups.reduce((sum, g) => sum.plus(g.rates ?? 0), zero)
      return {
        ...all,
        customers: customersOf(null, null),
        averageInterestRate: all.count
          ? rateSum.dividedBy(all.count).toDecimalPlaces(4, Prisma.Decimal.ROUND_HALF_UP)
          : null,
        byProduct: LOAN_PRODUCTS.map((product) => ({
          group: product,
          customers: customersOf(product, null),
          ...total(groups.filter((g) => g.product === product)),
        })),
        byStatus: LOAN_STATUSES.map((status) => ({
          group: status,
          customers: customersOf(null, status),
          ...total(groups.filter((g) => g.status === status)),
        })),
      }
    },

    /** The applications and loans of a period and the one before, counted per product and status. */
    performance: (periods: PerformancePeriods) => countPerformance(prisma, periods),

    /** The applications the filter selects, grouped by the given dimensions, from one statement. */
    applicationGroups: (by: readonly LoanApplicationDimension[], filter: LoanApplicationFilter | null | undefined) =>
      groupApplications(prisma, by, applicationSql(filter)),

    /** The loans the filter selects, grouped by the given dimensions, from one statement. */
    loanGroups: (by: readonly LoanDimension[], filter: LoanFilter | null | undefined) =>
      groupLoans(prisma, by, loanSql(filter)),

    disconnect: () => prisma.$disconnect(),
  }
}

function range<T>(
  name: string,
  low: T | null | undefined,
  high: T | null | undefined,
  greater: (a: T, b: T) => boolean,
): { gte?: T; lte?: T } | undefined {
  if (low != null && high != null && greater(low, high))
    throw badUserInput(
      `The lower bound of ${name} (${String(low)}) is above its upper bound (${String(high)}); swap them`,
      { argumentName: 'filter' },
    )
  if (low == null && high == null) return undefined
  return { ...(low != null && { gte: low }), ...(high != null && { lte: high }) }
}

const laterDate = (a: Date, b: Date) => a.getTime() > b.getTime()
const largerAmount = (a: string, b: string) => new Prisma.Decimal(a).greaterThan(b)

function loanWhere(filter: LoanFilter | null | undefined): Prisma.LoanWhereInput {
  if (!filter) return {}
  return {
    ...(filter.customerId && { customerId: filter.customerId }),
    ...(filter.product && { product: filter.product }),
    ...(filter.status && { status: filter.status }),
    originatedAt: range(
      'originatedFrom/originatedTo',
      filter.originatedFrom,
      filter.originatedTo && rangeEnd(filter.originatedTo),
      laterDate,
    ),
    principal: range('minPrincipal/maxPrincipal', filter.minPrincipal, filter.maxPrincipal, largerAmount),
  }
}

function applicationWhere(filter: LoanApplicationFilter | null | undefined): Prisma.LoanApplicationWhereInput {
  if (!filter) return {}
  return {
    ...(filter.customerId && { customerId: filter.customerId }),
    ...(filter.product && { product: filter.product }),
    ...(filter.status && { status: filter.status }),
    submittedAt: range(
      'submittedFrom/submittedTo',
      filter.submittedFrom,
      filter.submittedTo && rangeEnd(filter.submittedTo),
      laterDate,
    ),
    requestedAmount: range(
      'minRequestedAmount/maxRequestedAmount',
      filter.minRequestedAmount,
      filter.maxRequestedAmount,
      largerAmount,
    ),
  }
}

/** The same conditions as `loanWhere`, as SQL, for grouped statements. */
function loanSql(filter: LoanFilter | null | undefined): Prisma.Sql {
  const where = loanWhere(filter)
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`]
  if (filter?.customerId) conditions.push(Prisma.sql`"customerId" = ${filter.customerId}`)
  if (filter?.product) conditions.push(Prisma.sql`product = ${filter.product}::"LoanProduct"`)
  if (filter?.status) conditions.push(Prisma.sql`status = ${filter.status}::"LoanStatus"`)
  conditions.push(
    ...rangeSql('"originatedAt"', where.originatedAt as Bounds<Date>),
    ...rangeSql('principal', where.principal as Bounds<string>, '::numeric'),
  )
  return Prisma.join(conditions, ' AND ')
}

/** The same conditions as `applicationWhere`, as SQL, for grouped statements. */
function applicationSql(filter: LoanApplicationFilter | null | undefined): Prisma.Sql {
  const where = applicationWhere(filter)
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`]
  if (filter?.customerId) conditions.push(Prisma.sql`"customerId" = ${filter.customerId}`)
  if (filter?.product) conditions.push(Prisma.sql`product = ${filter.product}::"LoanProduct"`)
  if (filter?.status) conditions.push(Prisma.sql`status = ${filter.status}::"LoanApplicationStatus"`)
  conditions.push(
    ...rangeSql('"submittedAt"', where.submittedAt as Bounds<Date>),
    ...rangeSql('"requestedAmount"', where.requestedAmount as Bounds<string>, '::numeric'),
  )
  return Prisma.join(conditions, ' AND ')
}

type Bounds<T> = { gte?: T; lte?: T } | undefined

/** Bounds as `range` checked them (in order; a plain-date end covering its day), as SQL conditions on a column. */
function rangeSql<T>(column: string, bounds: Bounds<T>, cast = ''): Prisma.Sql[] {
  return [
    ...(bounds?.gte != null ? [Prisma.sql`${Prisma.raw(column)} >= ${bounds.gte}${Prisma.raw(cast)}`] : []),
    ...(bounds?.lte != null ? [Prisma.sql`${Prisma.raw(column)} <= ${bounds.lte}${Prisma.raw(cast)}`] : []),
  ]
}

const asDates = (values: CursorValue[]) => values.map((v) => new Date(String(v)))
const asStrings = (values: CursorValue[]) => values.map(String)
const decimalText = (value: unknown) => new Prisma.Decimal(value as Prisma.Decimal).toFixed()

function loanSort(order: LoanOrder): SortSpec<Loan> {
  const key = `${order.field}:${order.direction}`
  if (order.field === 'PRINCIPAL')
    return {
      key,
      fields: ['principal'],
      direction: order.direction,
      valuesOf: (l) => [decimalText(l.principal)],
      parseValues: asStrings,
    }
  if (order.field === 'OUTSTANDING_BALANCE')
    return {
      key,
      fields: ['outstandingBalance'],
      direction: order.direction,
      valuesOf: (l) => [decimalText(l.outstandingBalance)],
      parseValues: asStrings,
    }
  return {
    key,
    fields: ['originatedAt'],
    direction: order.direction,
    valuesOf: (l) => [l.originatedAt],
    parseValues: asDates,
  }
}

function applicationSort(order: LoanApplicationOrder): SortSpec<LoanApplication> {
  const key = `${order.field}:${order.direction}`
  if (order.field === 'REQUESTED_AMOUNT')
    return {
      key,
      fields: ['requestedAmount'],
      direction: order.direction,
      valuesOf: (a) => [decimalText(a.requestedAmount)],
      parseValues: asStrings,
    }
  return {
    key,
    fields: ['submittedAt'],
    direction: order.direction,
    valuesOf: (a) => [a.submittedAt],
    parseValues: asDates,
  }
}
