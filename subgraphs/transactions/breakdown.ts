// Transactions grouped by the dimensions asked for (type, direction, channel, month, lifecycle status), with count, customers
// and exact sums per group, from one grouped statement (small groups are left out by the resolver).
import { Prisma, type PrismaClient, type Transaction } from '../../prisma/transactions/generated/client'
import { groupAverage, groupingClauses } from '../../lib/breakdown'

export type TransactionDimension = 'TYPE' | 'DIRECTION' | 'CHANNEL' | 'MONTH' | 'STATUS'

/** Each dimension's column in the result and its SQL (months in UTC, as "2026-07"). */
const DIMENSIONS: Record<TransactionDimension, { key: keyof TransactionGroupKey; sql: Prisma.Sql }> = {
  TYPE: { key: 'type', sql: Prisma.sql`type::text` },
  DIRECTION: { key: 'direction', sql: Prisma.sql`direction::text` },
  CHANNEL: { key: 'channel', sql: Prisma.sql`channel::text` },
  MONTH: { key: 'month', sql: Prisma.sql`to_char(date AT TIME ZONE 'UTC', 'YYYY-MM')` },
  STATUS: { key: 'status', sql: Prisma.sql`status::text` },
}

export interface TransactionGroupKey {
  type: Transaction['type'] | null
  direction: Transaction['direction'] | null
  channel: Transaction['channel'] | null
  month: string | null
  status: Transaction['status'] | null
}

export interface TransactionGroup extends TransactionGroupKey {
  count: number
  customers: number
  total: Prisma.Decimal
  average: Prisma.Decimal
  min: Prisma.Decimal
  max: Prisma.Decimal
}

/** Every group of the transactions `where` selects, in the order of the dimensions' values. */
export async function groupTransactions(
  prisma: PrismaClient,
  by: readonly TransactionDimension[],
  where: Prisma.Sql,
): Promise<TransactionGroup[]> {
  const { columns, positions } = groupingClauses(DIMENSIONS, by)
  const rows = await prisma.$queryRaw<
    (Partial<TransactionGroupKey> & { count: number; customers: number; total: string; min: string; max: string })[]
  >`
    SELECT ${columns}, count(*)::int AS count, count(DISTINCT "customerId")::int AS customers, sum(amount)::text AS total, min(amount)::text AS min, max(amount)::text AS max
    FROM "Transaction" WHERE ${where}
    GROUP BY ${positions} ORDER BY ${positions}`
  return rows.map((row) => {
    const total = new Prisma.Decimal(row.total)
    return {
      type: row.type ?? null,
      direction: row.direction ?? null,
      channel: row.channel ?? null,
      month: row.month ?? null,
      status: row.status ?? null,
      count: row.count,
      customers: row.customers,
      total: total.toDecimalPlaces(2),
      average: groupAverage(total, row.count, 2),
      min: new Prisma.Decimal(row.min),
      max: new Prisma.Decimal(row.max),
    }
  })
}
