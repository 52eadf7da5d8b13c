// Debits far from their account's own history, and the per-account statistics the fraud model reads.
// Robust statistics in SQL (median and median absolute deviation per account, which one huge withdrawal
// cannot move), so the database does the heavy lifting and each question is one statement.
import { Prisma, type PrismaClient, type Transaction } from '../../prisma/transactions/generated/client'
import { groupBy } from '../../lib/group-by'
import { debitContext, debitProfile, type DebitContext, type DebitProfile, type DebitSpread } from './fraud/features'

/** A debit's standing among its account's debits. */
export interface DebitStanding {
  profile: DebitProfile
  context: DebitContext
}

export interface AnomalyRow extends Transaction {
  z: number
  /** The statistics of the account's debits of the same type. */
  typeProfile: DebitSpread
}

/** Accounts need this many debits before anything can be called unusual for them. */
export const MIN_HISTORY = 10

/**
 * Each debit's standing among its account's debits, for a batch of transaction ids: one statement reads the
 * debits of their accounts, and the standing is computed with the same code the model was trained with.
 */
export async function debitStandings(
  prisma: PrismaClient,
  ids: readonly string[],
): Promise<Map<string, DebitStanding>> {
  const rows = await prisma.$queryRaw<
    { id: string; accountId: string; amount: Prisma.Decimal; type: string; channel: string }[]
  >`
    SELECT id, "accountId", amount, type::text AS type, channel::text AS channel FROM "Transaction"
    WHERE direction = 'DEBIT' AND "accountId" IN (SELECT DISTINCT "accountId" FROM "Transaction" WHERE id IN (${Prisma.join([...ids])}))`
  const byAccount = groupBy(
    rows.map((row) => ({
      accountId: row.accountId,
      id: row.id,
      amount: Number(row.amount),
      type: row.type,
      channel: row.channel,
    })),
    (debit) => debit.accountId,
  )
  const wanted = new Set(ids)
  const standings = new Map<string, DebitStanding>()
  for (const debits of byAccount.values()) {
    if (debits.length < MIN_HISTORY) continue
    const profile = debitProfile(debits.map((d) => d.amount))
    for (const debit of debits)
      if (wanted.has(debit.id)) standings.set(debit.id, { profile, context: debitContext(debit, debits) })
  }
  return standings
}

/** Debits of a kind need this much history in an account before one can be called unusual for it. */
export const MIN_TYPE_HISTORY = 5

/**
 * Debits at least `minScore` robust standard deviations above the median of the same account's debits of
 * the same type (a card repayment is compared with card repayments, a withdrawal with withdrawals) that the
 * account has not made before (at most one other debit of half the amount or more: a monthly savings
 * transfer is not unusual), most unusual first.
 */
export async function anomalousDebits(
  prisma: PrismaClient,
  where: Prisma.Sql,
  accountScope: Prisma.Sql,
  minScore: number,
  first: number,
): Promise<AnomalyRow[]> {
  const rows = await prisma.$queryRaw<
    (Transaction & { n: number; median: number; mad: number; z: number; comparable: number })[]
  >`
    WITH scope_debits AS MATERIALIZED (SELECT id, "accountId", amount, type::text AS type FROM "Transaction" WHERE direction = 'DEBIT' AND ${accountScope}),
    stats AS MATERIALIZED (
      SELECT "accountId", type, count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY amount) AS median
      FROM scope_debits GROUP BY "accountId", type HAVING count(*) >= ${MIN_TYPE_HISTORY}
    ),
    spread AS MATERIALIZED (
      SELECT d."accountId", d.type, percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(d.amount - s.median)) AS mad
      FROM scope_debits d JOIN stats s ON s."accountId" = d."accountId" AND s.type = d.type GROUP BY d."accountId", d.type
    ),
    -- Materialized so that the per-row count below runs only on the few unusual debits.
    candidates AS MATERIALIZED (
      SELECT t.id, t."accountId", t."customerId", t.type::text AS type, t.direction::text AS direction, t.amount, t.currency, t.date, t.description, t.channel::text AS channel,
        t.status::text AS status, t."reversalReason", t."reversalOf", t."disputeReason", t."disputeOutcome"::text AS "disputeOutcome", t."counterpartyCountry", t."counterpartyCurrency", t."merchantCategory",
        s.n, s.median, p.mad, (t.amount - s.median) / greatest(1.4826 * p.mad, 0.05 * s.median, 1) AS z
      FROM (SELECT * FROM "Transaction" WHERE direction = 'DEBIT' AND ${where}) t
      JOIN stats s ON s."accountId" = t."accountId" AND s.type = t.type::text
      JOIN spread p ON p."accountId" = t."accountId" AND p.type = t.type::text
      WHERE (t.amount - s.median) / greatest(1.4826 * p.mad, 0.05 * s.median, 1) >= ${minScore}
    ),
    unusual AS (
      SELECT c.*, (SELECT count(*)::int FROM "Transaction" o WHERE o."accountId" = c."accountId" AND o.direction = 'DEBIT' AND o.id <> c.id AND o.amount >= c.amount / 2) AS comparable
      FROM candidates c
    )
    SELECT * FROM unusual WHERE comparable <= 1 ORDER BY z DESC, id LIMIT ${first}`
  return rows.map((row) => ({
    ...row,
    z: Number(row.z),
    typeProfile: { count: Number(row.n), median: Number(row.median), mad: Number(row.mad) },
  }))
}
