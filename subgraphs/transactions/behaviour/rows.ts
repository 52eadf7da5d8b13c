// The rows behaviour patterns and the propensity model read: one statement for a batch of customers (or all of
// them, for the aggregates), only the transactions that can take part (isBehaviourRelevant, in SQL).
import { Prisma, type PrismaClient } from '../../../prisma/transactions/generated/client'
import { HOME_COUNTRY, type BehaviourTransaction } from './patterns'

export interface CustomerTransaction extends BehaviourTransaction {
  customerId: string
}

/** The customers' transactions that can form a pattern, in [from, to); every customer's when `customerIds` is null. */
export async function readBehaviourRows(
  prisma: PrismaClient,
  customerIds: readonly string[] | null,
  from: Date,
  to: Date,
): Promise<CustomerTransaction[]> {
  if (customerIds?.length === 0) return []
  const customers = customerIds ? Prisma.sql`AND "customerId" IN (${Prisma.join([...customerIds])})` : Prisma.empty
  const rows = await prisma.$queryRaw<(Omit<CustomerTransaction, 'amount'> & { amount: Prisma.Decimal })[]>`
    SELECT "customerId", date, type::text AS type, direction::text AS direction, amount, description, status::text AS status,
      "counterpartyCountry", "counterpartyCurrency", "merchantCategory"
    FROM "Transaction"
    WHERE date >= ${from} AND date < ${to} AND status <> 'REVERSED' ${customers}
      AND ((type = 'DEPOSIT' AND direction = 'CREDIT')
        OR (type = 'TRANSFER' AND direction = 'DEBIT' AND "counterpartyCountry" IS NOT NULL AND "counterpartyCountry" <> ${HOME_COUNTRY})
        OR (type = 'PAYMENT' AND "merchantCategory" IN ('SUBSCRIPTIONS', 'TRAVEL')))`
  return rows.map((row) => ({ ...row, amount: Number(row.amount) }))
}
