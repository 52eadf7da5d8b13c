// The Transactions domain's queries: the one place that knows its tables. Every list, count and summary
// goes through one SQL filter builder, so they always agree on what a filter means.
import type { DomainDatabase } from '../../lib/database'
import { randomUUID } from 'node:crypto'
import { GraphQLError } from 'graphql'
import { badUserInput, ErrorCode } from '../../lib/errors'
import { checkWrite } from '../../lib/quality'
import { createChangeFeed } from '../../lib/change-feed'
import { guardWrite } from '../../lib/database-faults'
import { rangeEnd } from '../../lib/scalars'
import { anomalousDebits, debitStandings } from './anomalies'
import { readBehaviourRows } from './behaviour/rows'
import {
  changeKindOf,
  lifecycleRefusal,
  requiredReason,
  returnsMoney,
  statusAfter,
  type DisputeOutcome,
  type LifecycleAction,
  type TransactionChangeKind,
} from './lifecycle'
import { groupTransactions, type TransactionDimension } from './breakdown'
import { dataProduct } from './data-product'
import { decodeCursor, encodeCursor, type Connection, type SortDirection } from '../../lib/connection'
import { Prisma, PrismaClient, type Account, type Transaction } from '../../prisma/transactions/generated/client'

export type { Account, Transaction }
/** A transaction read from the log of bookings, with its position there. */
export type Booking = Transaction & { position: bigint }
/** One change of the log (a booking, a posting, a reversal, a dispute opened or resolved), with its transaction as it is now. */
export interface TransactionChange {
  /** Its position in the log, as a string: the change's id. */
  id: string
  position: bigint
  kind: TransactionChangeKind
  /** The transaction's status once the change was made. */
  status: Transaction['status']
  reason: string | null
  outcome: DisputeOutcome | null
  occurredAt: Date
  customerId: string
  transaction: Transaction
}
export type TransactionType = Transaction['type']
export const TRANSACTION_TYPES: TransactionType[] = ['DEPOSIT', 'WITHDRAWAL', 'TRANSFER', 'PAYMENT', 'FEE']

/** A row of the log (TransactionEvent). */
interface LoggedEvent {
  position: bigint
  transactionId: string
  kind: TransactionChangeKind
  status: Transaction['status']
  reason: string | null
  outcome: DisputeOutcome | null
  recordedAt: Date
}

export interface TransactionFilter {
  customerId?: string | null
  accountId?: string | null
  type?: TransactionType | null
  status?: Transaction['status'] | null
  startDate?: Date | null
  endDate?: Date | null
  minAmount?: string | null
  maxAmount?: string | null
}

export interface RecordTransactionInput {
  accountId: string
  type: TransactionType
  direction?: Transaction['direction'] | null
  amount: string
  description: string
  channel: Transaction['channel']
  date?: Date | null
  /** Book it as PENDING (an authorisation, posted later); default: POSTED at once. */
  pending?: boolean | null
  /** A transfer's other party: its bank's country and the currency it receives or sent. */
  counterpartyCountry?: string | null
  counterpartyCurrency?: string | null
  /** A payment's kind of merchant. */
  merchantCategory?: string | null
}

/** A change of the payments team to a booked transaction. */
export interface LifecycleChange {
  id: string
  action: LifecycleAction
  reason?: string | null
  outcome?: DisputeOutcome | null
}

/** Money in or out follows from the type, except for transfers, which go either way. */
const DIRECTION_OF: Partial<Record<TransactionType, Transaction['direction']>> = {
  DEPOSIT: 'CREDIT',
  WITHDRAWAL: 'DEBIT',
  PAYMENT: 'DEBIT',
  FEE: 'DEBIT',
}

export interface TransactionOrder {
  field: 'DATE' | 'AMOUNT'
  direction: SortDirection
}

/** The column a per-parent list is grouped by. */
export type ParentColumn = 'customerId' | 'accountId'

export interface TransactionSummary {
  count: number
  /** How many customers the transactions belong to; a function (the field's resolver) when counted only if asked for. */
  customers: number | (() => Promise<number>)
  total: Prisma.Decimal
  average: Prisma.Decimal | null
  min: Prisma.Decimal | null
  max: Prisma.Decimal | null
  credits: Prisma.Decimal
  debits: Prisma.Decimal
  net: Prisma.Decimal
  byType: { type: TransactionType; count: number; total: Prisma.Decimal }[]
}

const DEFAULT_ORDER: TransactionOrder = { field: 'DATE', direction: 'DESC' }
/** The NOTIFY channel a booking is announced on, inside its own database transaction. */
export const TRANSACTION_ADDED_CHANNEL = 'transaction_added'
/** The NOTIFY channel every change of the log (bookings included) is announced on. */
export const TRANSACTION_CHANGED_CHANNEL = 'transaction_changed'
const COLUMNS = Prisma.sql`id, "accountId", "customerId", type::text AS type, direction::text AS direction, amount, currency, date, description, channel::text AS channel,
  status::text AS status, "reversalReason", "reversalOf", "disputeReason", "disputeOutcome"::text AS "disputeOutcome", "counterpartyCountry", "counterpartyCurrency", "merchantCategory"`
/** Every column of an Account, as Prisma's client returns the model. */
const ACCOUNT_COLUMNS = Prisma.sql`id, "customerId", type::text AS type, currency, status::text AS status, "openedAt", balance`

export type TransactionsData = ReturnType<typeof createTransactionsData>

export function createTransactionsData(db: DomainDatabase, countStatement: () => void) {
  const prisma = new PrismaClient({ adapter: db.adapter, log: [{ emit: 'event', level: 'query' }] })
  prisma.$on('query', countStatement)
  /**
   * The reads most requests make (an entity by id, one customer's summary) skip Prisma's client, whose own work
   * per query outweighs an indexed statement (see DomainDatabase.readRows); each still counts as a statement.
   */
  const read = <T>(query: Prisma.Sql): Promise<T[]> => {
    countStatement()
    return db.readRows<T>(query)
  }
  const transactionsByIds = async (ids: readonly string[]): Promise<Transaction[]> =>
    ids.length
      ? read<Transaction>(Prisma.sql`SELECT ${COLUMNS} FROM "Transaction" WHERE id IN (${Prisma.join([...ids])})`)
      : []
  const positionsOf = (ids: readonly string[]) =>
    prisma.transactionEvent.findMany({ where: { transactionId: { in: [...ids] }, kind: 'BOOKED' } })
  /**
   * The bookings after a position of the log that match the filter, in commit order, at most `limit` of
   * them: what the live feed has not delivered yet, or what a subscriber that resumes missed.
   */
  const bookedAfter = async (
    position: bigint,
    filter: TransactionFilter | null | undefined,
    limit: number,
  ): Promise<Booking[]> => {
    const events = await prisma.$queryRaw<{ transactionId: string; position: bigint }[]>`
      SELECT "transactionId", position FROM "TransactionEvent" JOIN "Transaction" ON id = "transactionId"
      WHERE position > ${position} AND kind = 'BOOKED' AND ${filterSql(filter)}
      ORDER BY position LIMIT ${limit}`
    const byId = new Map(
      (await transactionsByIds(events.map((event) => event.transactionId))).map((row) => [row.id, row]),
    )
    return events.flatMap((event) => {
      const row = byId.get(event.transactionId)
      return row ? [{ ...row, position: event.position }] : []
    })
  }
  const latestPosition = async () =>
    (await prisma.transactionEvent.aggregate({ _max: { position: true } }))._max.position ?? 0n
  const feed = createChangeFeed<Booking>({
    db,
    channel: TRANSACTION_ADDED_CHANNEL,
    latestPosition,
    after: (position, limit) => bookedAfter(position, null, limit),
    positionOf: (row) => row.position,
  })
  /** The events of the log, each with its transaction as it is now, in log order. */
  const changesOf = async (events: LoggedEvent[]): Promise<TransactionChange[]> => {
    const byId = new Map(
      (await transactionsByIds([...new Set(events.map((event) => event.transactionId))])).map((row) => [row.id, row]),
    )
    return events.flatMap((event) => {
      const transaction = byId.get(event.transactionId)
      return transaction
        ? [
            {
              id: event.position.toString(),
              position: event.position,
              kind: event.kind,
              status: event.status,
              reason: event.reason,
              outcome: event.outcome,
              occurredAt: event.recordedAt,
              customerId: transaction.customerId,
              transaction,
            },
          ]
        : []
    })
  }
  /** The changes after a position of the log whose transaction matches the filter, in commit order, at most `limit`. */
  const changedAfter = async (
    position: bigint,
    filter: TransactionFilter | null | undefined,
    limit: number,
  ): Promise<TransactionChange[]> => {
    const events = await prisma.$queryRaw<LoggedEvent[]>`
      SELECT position, "transactionId", kind::text AS kind, "TransactionEvent".status::text AS status, reason, outcome::text AS outcome, "recordedAt"
      FROM "TransactionEvent" JOIN "Transaction" ON id = "transactionId"
      WHERE position > ${position} AND ${filterSql(filter)}
      ORDER BY position LIMIT ${limit}`
    return changesOf(events)
  }
  const changeFeed = createChangeFeed<TransactionChange>({
    db,
    channel: TRANSACTION_CHANGED_CHANNEL,
    latestPosition,
    after: (position, limit) => changedAfter(position, null, limit),
    positionOf: (change) => change.position,
  })
  /**
   * Writes changes to the log and announces them, inside the caller's database transaction: subscribers hear
   * of them only if it commits. The lock, held to commit, makes positions follow commit order.
   */
  const logChanges = async (
    tx: Prisma.TransactionClient,
    changes: {
      transactionId: string
      kind: TransactionChangeKind
      status: Transaction['status']
      reason?: string | null
      outcome?: DisputeOutcome | null
    }[],
  ) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${TRANSACTION_ADDED_CHANNEL}))`
    for (const change of changes) {
      await tx.transactionEvent.create({
        data: {
          transactionId: change.transactionId,
          kind: change.kind,
          status: change.status,
          reason: change.reason ?? null,
          outcome: change.outcome ?? null,
        },
      })
      if (change.kind === 'BOOKED')
        await tx.$executeRaw`SELECT pg_notify(${TRANSACTION_ADDED_CHANNEL}, ${change.transactionId})`
    }
    await tx.$executeRaw`SELECT pg_notify(${TRANSACTION_CHANGED_CHANNEL}, ${changes[0]!.transactionId})`
  }

  return {
    prisma,
    /** Transactions as they are booked (committed), for subscriptions. */
    feed,
    bookedAfter,
    /** Every committed change of the log (bookings, postings, reversals, disputes), for subscriptions. */
    changeFeed,
    changedAfter,
    /** Changes of the log by their ids (positions); unknown ids are left out. */
    async changesByIds(ids: readonly string[]): Promise<TransactionChange[]> {
      const positions = ids.filter((id) => /^\d{1,18}$/.test(id)).map((id) => BigInt(id))
      return changesOf(await prisma.transactionEvent.findMany({ where: { position: { in: positions } } }))
    },
    /** Each transaction's changes, in log order, for a batch of transaction ids. */
    async changesOfTransactions(ids: readonly string[]): Promise<TransactionChange[]> {
      return changesOf(
        await prisma.transactionEvent.findMany({
          where: { transactionId: { in: [...ids] } },
          orderBy: { position: 'asc' },
        }),
      )
    },
    /** The reversal entries of a batch of transactions. */
    reversalsOf: (ids: readonly string[]) => prisma.transaction.findMany({ where: { reversalOf: { in: [...ids] } } }),
    /** Each booking's position in the log (none for transactions loaded in bulk), for a batch of ids. */
    positionsOf,

    transactionsByIds,
    accountsByIds: async (ids: readonly string[]): Promise<Account[]> =>
      ids.length
        ? read<Account>(Prisma.sql`SELECT ${ACCOUNT_COLUMNS} FROM "Account" WHERE id IN (${Prisma.join([...ids])})`)
        : [],
    accountsByCustomerIds: (customerIds: readonly string[]) =>
      prisma.account.findMany({
        where: { customerId: { in: [...customerIds] } },
        orderBy: [{ openedAt: 'asc' }, { id: 'asc' }],
      }),

    /** One page of the whole list, newest first unless ordered otherwise. */
    async transactionsPage(
      filter: TransactionFilter | null | undefined,
      order: TransactionOrder | null | undefined,
      first: number,
      after: string | null | undefined,
    ): Promise<Connection<Transaction>> {
      const sort = order ?? DEFAULT_ORDER
      const where = filterSql(filter)
      const keyset = afterSql(sort, after)
      const rows = await prisma.$queryRaw<Transaction[]>`
        SELECT ${COLUMNS} FROM "Transaction"
        WHERE ${where} AND ${keyset}
        ORDER BY ${orderSql(sort)} LIMIT ${first + 1}`
      return connection(rows, first, sort, Boolean(after), async () => {
        const [row] = await prisma.$queryRaw<
          { count: number }[]
        >`SELECT count(*)::int AS count FROM "Transaction" WHERE ${where}`
        return row?.count ?? 0
      })
    },

    /**
     * The first page of each parent's transactions (each customer's, or each account's), for a whole batch
     * of parents in one statement: rows are numbered per parent and cut at `first + 1`.
     */
    async transactionsForParents(
      column: ParentColumn,
      parentIds: readonly string[],
      filter: TransactionFilter | null | undefined,
      order: TransactionOrder | null | undefined,
      first: number,
      after: string | null | undefined,
    ): Promise<Map<string, Transaction[]>> {
      const sort = order ?? DEFAULT_ORDER
      const parent = Prisma.raw(`"${column}"`)
      const rows = await prisma.$queryRaw<(Transaction & { parentId: string })[]>`
        SELECT * FROM (
          SELECT ${COLUMNS}, ${parent} AS "parentId", row_number() OVER (PARTITION BY ${parent} ORDER BY ${orderSql(sort)}) AS position
          FROM "Transaction"
          WHERE ${parent} IN (${Prisma.join([...parentIds])}) AND ${filterSql(withoutParent(filter, column))} AND ${afterSql(sort, after)}
        ) numbered
        WHERE position <= ${first + 1}
        ORDER BY "parentId", position`
      const byParent = new Map<string, Transaction[]>(parentIds.map((id) => [id, []]))
      for (const { parentId, ...row } of rows) byParent.get(parentId)?.push(stripPosition(row))
      return byParent
    },

    /** How many transactions each parent has under the filter, in one grouped statement. */
    async countForParents(
      column: ParentColumn,
      parentIds: readonly string[],
      filter: TransactionFilter | null | undefined,
    ): Promise<Map<string, number>> {
      const parent = Prisma.raw(`"${column}"`)
      const rows = await prisma.$queryRaw<{ parentId: string; count: number }[]>`
        SELECT ${parent} AS "parentId", count(*)::int AS count FROM "Transaction"
        WHERE ${parent} IN (${Prisma.join([...parentIds])}) AND ${filterSql(withoutParent(filter, column))}
        GROUP BY 1`
      return new Map(rows.map((r) => [r.parentId, r.count]))
    },

    /** Count, sums, extremes and per-type totals, from one grouped statement; arithmetic stays exact. */
    async transactionSummary(
      filter: TransactionFilter | null | undefined,
      countCustomers = true,
    ): Promise<TransactionSummary> {
      if (!countCustomers) {
        // Counting distinct customers costs as much again as the rest on a large selection: a second statement, if asked for.
        const groups = await read<{
          type: TransactionType
          direction: 'CREDIT' | 'DEBIT'
          count: number
          total: Prisma.Decimal
          min: Prisma.Decimal
          max: Prisma.Decimal
        }>(Prisma.sql`
          SELECT type::text AS type, direction::text AS direction, count(*)::int AS count, sum(amount) AS total, min(amount) AS min, max(amount) AS max
          FROM "Transaction" WHERE ${filterSql(filter)}
          GROUP BY type, direction`)
        let customers: Promise<number> | undefined
        const countOnce = () =>
          (customers ??= read<{ customers: number }>(
            Prisma.sql`SELECT count(DISTINCT "customerId")::int AS customers FROM "Transaction" WHERE ${filterSql(filter)}`,
          ).then(([row]) => row?.customers ?? 0))
        return { ...summarise(groups), customers: countOnce }
      }
      // Per type and direction, and (the empty grouping set) how many customers the whole selection covers.
      const rows = await read<{
        type: TransactionType | null
        direction: 'CREDIT' | 'DEBIT' | null
        count: number
        customers: number
        total: Prisma.Decimal
        min: Prisma.Decimal
        max: Prisma.Decimal
      }>(Prisma.sql`
        SELECT type::text AS type, direction::text AS direction, count(*)::int AS count, count(DISTINCT "customerId")::int AS customers,
          sum(amount) AS total, min(amount) AS min, max(amount) AS max
        FROM "Transaction" WHERE ${filterSql(filter)}
        GROUP BY GROUPING SETS ((type, direction), ())`)
      const groups = rows.filter((row) => row.type !== null && row.direction !== null) as {
        type: TransactionType
        direction: 'CREDIT' | 'DEBIT'
        count: number
        total: Prisma.Decimal
        min: Prisma.Decimal
        max: Prisma.Decimal
      }[]
      const customers = rows.find((row) => row.type === null)?.customers ?? 0
      return {
        ...summarise(
          groups.map((g) => ({
            ...g,
            total: new Prisma.Decimal(g.total),
            min: new Prisma.Decimal(g.min),
            max: new Prisma.Decimal(g.max),
          })),
        ),
        customers,
      }
    },

    /**
     * Books a transaction and moves the account's balance, in one database transaction. The row must pass
     * the product's own validity rules (its data contract), or nothing is written.
     */
    async recordTransaction(input: RecordTransactionInput, now: Date): Promise<Transaction> {
      const direction = input.direction ?? DIRECTION_OF[input.type]
      if (!direction)
        throw badUserInput(`A ${input.type} needs a direction: CREDIT for money in, DEBIT for money out`, {
          argumentName: 'input.direction',
        })
      if (input.direction && DIRECTION_OF[input.type] && input.direction !== DIRECTION_OF[input.type]) {
        throw badUserInput(`A ${input.type} is always a ${DIRECTION_OF[input.type]}`, {
          argumentName: 'input.direction',
        })
      }
      refuseMisplacedCounterparty(input)
      // A database that goes away answers UPSTREAM_UNAVAILABLE with the write's outcome: not applied if it
      // failed before the commit was sent, unknown if the commit itself got no answer.
      return guardWrite(dataProduct.id, async (committing) => {
        const account = await prisma.account.findUnique({ where: { id: input.accountId } })
        if (!account)
          throw new GraphQLError(`No account has the id ${input.accountId}`, {
            extensions: { code: ErrorCode.NOT_FOUND, argumentName: 'input.accountId' },
          })
        if (account.status !== 'OPEN')
          throw badUserInput(`Account ${account.id} is closed; transactions can only be booked on open accounts`, {
            argumentName: 'input.accountId',
          })
        const row = {
          id: `T-${account.customerId.replace(/^C-/, '')}-${randomUUID().slice(0, 8)}`,
          accountId: account.id,
          customerId: account.customerId,
          type: input.type,
          direction,
          amount: input.amount,
          currency: account.currency,
          date: input.date ?? now,
          description: input.description.trim(),
          channel: input.channel,
          status: input.pending ? ('PENDING' as const) : ('POSTED' as const),
          counterpartyCountry: input.counterpartyCountry?.trim() || null,
          counterpartyCurrency: input.counterpartyCurrency?.trim() || null,
          merchantCategory: input.merchantCategory ?? null,
        }
        const violations = checkWrite(dataProduct.quality, 'Transaction', row)
        if (violations.length) {
          throw badUserInput(`The transaction was not booked: ${violations.map((v) => v.message).join('; ')}`, {
            argumentName: 'input',
            violations,
          })
        }
        const signed =
          direction === 'CREDIT' ? new Prisma.Decimal(row.amount) : new Prisma.Decimal(row.amount).negated()
        return prisma.$transaction(async (tx) => {
          const created = await tx.transaction.create({ data: { ...row, amount: new Prisma.Decimal(row.amount) } })
          // A booking moves the balance once, pending or posted; posting it later does not move it again.
          await tx.account.update({ where: { id: account.id }, data: { balance: { increment: signed } } })
          await logChanges(tx, [{ transactionId: row.id, kind: 'BOOKED', status: row.status }])
          committing()
          return created
        })
      })
    },

    /**
     * Posts, reverses, disputes or resolves a dispute on a booked transaction, in one database transaction,
     * as its lifecycle allows (or nothing is written and the refusal says why). Money moves only when a
     * transaction is reversed (or a dispute upheld): a reversal entry of the opposite direction is booked on
     * the same account and moves its balance back, once; the transaction keeps its amount, now REVERSED.
     */
    async changeTransaction(change: LifecycleChange, now: Date): Promise<Transaction> {
      const reason =
        change.action === 'REVERSE' || change.action === 'OPEN_DISPUTE' ? requiredReason(change.reason, 'reason') : null
      return guardWrite(dataProduct.id, (committing) =>
        prisma.$transaction(async (tx) => {
          // Locked to commit: two changes of one transaction are judged one after the other.
          const [current] = await tx.$queryRaw<
            Transaction[]
          >`SELECT ${COLUMNS} FROM "Transaction" WHERE id = ${change.id} FOR UPDATE`
          if (!current)
            throw new GraphQLError(`No transaction has the id ${change.id}`, {
              extensions: { code: ErrorCode.NOT_FOUND, argumentName: 'id' },
            })
          const refused = lifecycleRefusal(current, change.action)
          if (refused) throw refused
          const status = statusAfter(change.action, change.outcome)
          const logged: Parameters<typeof logChanges>[1] = []
          const data: Prisma.TransactionUpdateInput = { status }
          if (change.action === 'REVERSE') data.reversalReason = reason
          if (change.action === 'OPEN_DISPUTE') Object.assign(data, { disputeReason: reason, disputeOutcome: null })
          if (change.action === 'RESOLVE_DISPUTE') data.disputeOutcome = change.outcome
          if (change.action === 'RESOLVE_DISPUTE' && change.outcome === 'UPHELD')
            data.reversalReason = `Dispute upheld: ${current.disputeReason ?? 'no reason recorded'}`
          const updated = await tx.transaction.update({ where: { id: current.id }, data })
          logged.push({
            transactionId: current.id,
            kind: changeKindOf(change.action),
            status,
            reason: reason ?? updated.reversalReason,
            outcome: change.outcome,
          })
          if (returnsMoney(change.action, change.outcome)) logged.push(await bookReversalEntry(tx, updated, now))
          await logChanges(tx, logged)
          committing()
          return updated
        }),
      )
    },

    /** The transactions the filter selects, grouped by the given dimensions, from one statement. */
    transactionGroups: (by: readonly TransactionDimension[], filter: TransactionFilter | null | undefined) =>
      groupTransactions(prisma, by, filterSql(filter)),

    /** Each debit's standing among its account's debits (what the fraud model reads), for a batch of ids. */
    debitStandings: (ids: readonly string[]) => debitStandings(prisma, ids),

    /** The transactions behaviour patterns and the propensity model read, in [from, to); every customer's when `customerIds` is null. */
    behaviourRows(customerIds: readonly string[] | null, from: Date, to: Date) {
      return readBehaviourRows(prisma, customerIds, from, to)
    },

    /** Debits far from their account's own history, most unusual first. */
    anomalousTransactions(filter: TransactionFilter | null | undefined, minScore: number, first: number) {
      const scope = filter?.accountId
        ? Prisma.sql`"accountId" = ${filter.accountId}`
        : filter?.customerId
          ? Prisma.sql`"customerId" = ${filter.customerId}`
          : Prisma.sql`TRUE`
      return anomalousDebits(prisma, filterSql(filter), scope, minScore, first)
    },

    async disconnect() {
      await feed.close()
      await changeFeed.close()
      await prisma.$disconnect()
    },
  }
}

/**
 * Books the entry that returns a reversed transaction's money, on its account, and moves the balance back.
 * Its id is the original's with "-R": with `reversalOf` unique, a transaction is reversed once at most.
 */
async function bookReversalEntry(tx: Prisma.TransactionClient, original: Transaction, now: Date) {
  const entry = {
    id: `${original.id}-R`,
    accountId: original.accountId,
    customerId: original.customerId,
    type: original.type,
    direction: original.direction === 'CREDIT' ? ('DEBIT' as const) : ('CREDIT' as const),
    amount: original.amount,
    currency: original.currency,
    date: now,
    description: `Reversal of ${original.id}: ${original.description}`.slice(0, 500),
    channel: original.channel,
    status: 'POSTED' as const,
    reversalOf: original.id,
  }
  await tx.transaction.create({ data: entry })
  const signed = entry.direction === 'CREDIT' ? entry.amount : entry.amount.negated()
  await tx.account.update({ where: { id: original.accountId }, data: { balance: { increment: signed } } })
  return { transactionId: entry.id, kind: 'BOOKED' as const, status: entry.status }
}

/** Counterparties belong to transfers (both country and currency), merchant categories to payments. */
function refuseMisplacedCounterparty(input: RecordTransactionInput): void {
  const country = Boolean(input.counterpartyCountry?.trim())
  const currency = Boolean(input.counterpartyCurrency?.trim())
  if ((country || currency) && input.type !== 'TRANSFER')
    throw badUserInput(`Only a TRANSFER has a counterparty country and currency, not a ${input.type}`, {
      argumentName: 'input.counterpartyCountry',
    })
  if (country !== currency)
    throw badUserInput("A transfer's counterparty needs both its country and its currency", {
      argumentName: country ? 'input.counterpartyCurrency' : 'input.counterpartyCountry',
    })
  if (input.merchantCategory && input.type !== 'PAYMENT')
    throw badUserInput(`Only a PAYMENT has a merchant category, not a ${input.type}`, {
      argumentName: 'input.merchantCategory',
    })
}

export function summarise(
  groups: {
    type: TransactionType
    direction: 'CREDIT' | 'DEBIT'
    count: number
    total: Prisma.Decimal
    min: Prisma.Decimal
    max: Prisma.Decimal
  }[],
): Omit<TransactionSummary, 'customers'> {
  const zero = new Prisma.Decimal(0)
  const count = groups.reduce((n, g) => n + g.count, 0)
  const total = groups.reduce((sum, g) => sum.plus(g.total), zero)
  const credits = groups.filter((g) => g.direction === 'CREDIT').reduce((sum, g) => sum.plus(g.total), zero)
  const debits = groups.filter((g) => g.direction === 'DEBIT').reduce((sum, g) => sum.plus(g.total), zero)
  const extreme = (pick: (a: Prisma.Decimal, b: Prisma.Decimal) => Prisma.Decimal, key: 'min' | 'max') =>
    groups.length ? groups.map((g) => g[key]).reduce(pick) : null
  return {
    count,
    total: total.toDecimalPlaces(2),
    average: count ? total.dividedBy(count).toDecimalPlaces(2, Prisma.Decimal.ROUND_HALF_UP) : null,
    min: extreme((a, b) => (a.lessThan(b) ? a : b), 'min'),
    max: extreme((a, b) => (a.greaterThan(b) ? a : b), 'max'),
    credits: credits.toDecimalPlaces(2),
    debits: debits.toDecimalPlaces(2),
    net: credits.minus(debits).toDecimalPlaces(2),
    byType: TRANSACTION_TYPES.map((type) => {
      const ofType = groups.filter((g) => g.type === type)
      return {
        type,
        count: ofType.reduce((n, g) => n + g.count, 0),
        total: ofType.reduce((sum, g) => sum.plus(g.total), zero).toDecimalPlaces(2),
      }
    }),
  }
}

/** Checks a filter before any query: an empty range is a mistake worth telling, not an empty answer. */
export function validateFilter(filter: TransactionFilter | null | undefined): void {
  if (!filter) return
  const end = filter.endDate ? rangeEnd(filter.endDate) : undefined
  if (filter.startDate && end && filter.startDate.getTime() > end.getTime()) {
    throw badUserInput(
      `startDate (${filter.startDate.toISOString()}) is after endDate (${filter.endDate!.toISOString()}); swap them or widen the range`,
      { argumentName: 'filter' },
    )
  }
  if (filter.minAmount && filter.maxAmount && new Prisma.Decimal(filter.minAmount).greaterThan(filter.maxAmount)) {
    throw badUserInput(`minAmount (${filter.minAmount}) is greater than maxAmount (${filter.maxAmount}); swap them`, {
      argumentName: 'filter',
    })
  }
}

/** The same filter as `filterSql`, for a row already in hand (a transaction just booked). */
export function matchesFilter(filter: TransactionFilter | null | undefined): (row: Transaction) => boolean {
  const end = filter?.endDate ? rangeEnd(filter.endDate) : undefined
  return (row) =>
    (!filter?.customerId || row.customerId === filter.customerId) &&
    (!filter?.accountId || row.accountId === filter.accountId) &&
    (!filter?.type || row.type === filter.type) &&
    (!filter?.status || row.status === filter.status) &&
    (!filter?.startDate || row.date.getTime() >= filter.startDate.getTime()) &&
    (!end || row.date.getTime() <= end.getTime()) &&
    (!filter?.minAmount || row.amount.greaterThanOrEqualTo(filter.minAmount)) &&
    (!filter?.maxAmount || row.amount.lessThanOrEqualTo(filter.maxAmount))
}

function filterSql(filter: TransactionFilter | null | undefined): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`]
  if (filter?.customerId) conditions.push(Prisma.sql`"customerId" = ${filter.customerId}`)
  if (filter?.accountId) conditions.push(Prisma.sql`"accountId" = ${filter.accountId}`)
  if (filter?.type) conditions.push(Prisma.sql`type = ${filter.type}::"TransactionType"`)
  if (filter?.status) conditions.push(Prisma.sql`"Transaction".status = ${filter.status}::"TransactionStatus"`)
  if (filter?.startDate) conditions.push(Prisma.sql`date >= ${filter.startDate}`)
  if (filter?.endDate) conditions.push(Prisma.sql`date <= ${rangeEnd(filter.endDate)}`)
  if (filter?.minAmount) conditions.push(Prisma.sql`amount >= ${filter.minAmount}::numeric`)
  if (filter?.maxAmount) conditions.push(Prisma.sql`amount <= ${filter.maxAmount}::numeric`)
  return Prisma.join(conditions, ' AND ')
}

function withoutParent(filter: TransactionFilter | null | undefined, column: ParentColumn): TransactionFilter {
  return { ...filter, [column]: undefined }
}

function sortKey(order: TransactionOrder): string {
  return `${order.field}:${order.direction}`
}

function orderSql(order: TransactionOrder): Prisma.Sql {
  const column = order.field === 'AMOUNT' ? 'amount' : 'date'
  return Prisma.raw(`${column} ${order.direction}, id ${order.direction}`)
}

function afterSql(order: TransactionOrder, after: string | null | undefined): Prisma.Sql {
  if (!after) return Prisma.sql`TRUE`
  const cursor = decodeCursor(after, sortKey(order))
  const value = Array.isArray(cursor.value) ? cursor.value[0] : cursor.value
  if (typeof value !== 'string')
    throw badUserInput('"after" is not a cursor this API issued; pass an endCursor from a previous page', {
      argumentName: 'after',
    })
  const op = Prisma.raw(order.direction === 'ASC' ? '>' : '<')
  return order.field === 'AMOUNT'
    ? Prisma.sql`(amount, id) ${op} (${value}::numeric, ${cursor.id})`
    : Prisma.sql`(date, id) ${op} (${new Date(value)}, ${cursor.id})`
}

function cursorFor(order: TransactionOrder, row: Transaction): string {
  return encodeCursor(
    sortKey(order),
    order.field === 'AMOUNT' ? new Prisma.Decimal(row.amount).toFixed() : row.date,
    row.id,
  )
}

/** A connection from rows fetched with LIMIT first + 1: the extra row only says a next page exists. */
export function connection(
  rows: Transaction[],
  first: number,
  order: TransactionOrder | null | undefined,
  hasPreviousPage: boolean,
  totalCount: () => Promise<number>,
): Connection<Transaction> {
  const sort = order ?? DEFAULT_ORDER
  const edges = rows.slice(0, first).map((node) => ({ cursor: cursorFor(sort, node), node }))
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  }
}

function stripPosition(row: Transaction & { position?: unknown }): Transaction {
  const { position: _position, ...transaction } = row
  return transaction
}
