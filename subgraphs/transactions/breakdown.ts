// Transactions grouped by the dimensions asked for (type, direction, channel, month), with count, customers
// and exact sums per group, from one grouped statement (small groups are left out by the resolver).
import { Prisma, type PrismaClient, type Transaction } from '../../prisma/transactions/generated/client'

export type TransactionDimension = 'TYPE' | 'DIRECTION' | 'CHANNEL' | 'MONTH'

/** Each dimension's column in the result and its SQL (months in UTC, as "2026-07"). */
const DIMENSIONS: Record<TransactionDimension, { key: keyof TransactionGroupKey; sql: Prisma.Sql }> = {
  TYPE: { key: 'type', sql: Prisma.sql`type::text` },
  DIRECTION: { key: 'direction', sql: Prisma.sql`direction::text` },
  CHANNEL: { key: 'channel', sql: Prisma.sql`channel::text` },
  MONTH: { key: 'month', sql: Prisma.sql`to_char(date AT TIME ZONE 'UTC', 'YYYY-MM')` },
}

export interface TransactionGroupKey {
  type: Transaction['type'] | null
  direction: Transaction['direction'] | null
  channel: Transaction['channel'] | null
  month: string | null
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
export async function groupTransactions(prisma: PrismaClient, by: readonly TransactionDimension[], where: Prisma.Sql): Promise<TransactionGroup[]> {
  const dimensions = [...new Set(by)].map((dimension) => DIMENSIONS[dimension])
  const columns = Prisma.join(dimensions.map((d) => Prisma.sql`${d.sql} AS ${Prisma.raw(`"${d.key}"`)}`))
  const positions = Prisma.raw(dimensions.map((_d, index) => String(index + 1)).join(', '))
  const rows = await prisma.$queryRaw<(Partial<TransactionGroupKey> & { count: number; customers: number; total: string; min: string; max: string })[]>`
    SELECT ${columns}, count(*)::int AS count, count(DISTINCT "customerId")::int AS customers, sum(amount)::text AS total, min(amount)::text AS min, max(amount)::text AS max
    FROM "Transaction" WHERE ${where}
    GROUP BY ${positions} ORDER BY ${positions}`
  return rows.map((row) => {
    const total = new Prisma.Decimal(row.total)
    return {
      type: row.type ?? null, direction: row.direction ?? null, channel: row.channel ?? null, month: row.month ?? null,
      count: row.count, customers: row.customers, total: total.toDecimalPlaces(2),
      average: total.dividedBy(row.count).toDecimalPlaces(2, Prisma.Decimal.ROUND_HALF_UP),
      min: new Prisma.Decimal(row.min), max: new Prisma.Decimal(row.max),
    }
  })
}
