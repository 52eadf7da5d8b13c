// Per-request DataLoaders: every entity lookup and every per-parent list in one request is one query.
import DataLoader from 'dataloader'
import { groupBy } from '../../lib/group-by'
import type { Connection } from '../../lib/connection'
import { shippedFraudModel } from './fraud/model'
import {
  connection,
  type Account,
  type ParentColumn,
  type Transaction,
  type TransactionChange,
  type TransactionFilter,
  type TransactionOrder,
  type TransactionsData,
} from './data'

/** One parent's page request: the arguments are part of the key, and a batch is split by them. */
export interface ParentPageKey {
  column: ParentColumn
  parentId: string
  filter?: TransactionFilter | null
  orderBy?: TransactionOrder | null
  first: number
  after?: string | null
}

export interface TransactionsLoaders {
  transactionById: DataLoader<string, Transaction | null>
  accountById: DataLoader<string, Account | null>
  accountsByCustomerId: DataLoader<string, Account[]>
  transactionsOfParent: DataLoader<ParentPageKey, Connection<Transaction>, string>
  /** Fraud probability of a debit (null for credits and accounts with too little history), by transaction. */
  fraudScore: DataLoader<Transaction, number | null, string>
  /** A booking's position in the bookings' log (null for transactions loaded in bulk), by transaction id. */
  streamPosition: DataLoader<string, string | null>
  /** A change of the log by its id (position). */
  changeById: DataLoader<string, TransactionChange | null>
  /** A transaction's changes, oldest first, by transaction id. */
  changesOfTransaction: DataLoader<string, TransactionChange[]>
  /** The reversal entry of a reversed transaction, by the reversed transaction's id. */
  reversalOf: DataLoader<string, Transaction | null>
}

export function createLoaders(data: TransactionsData): TransactionsLoaders {
  const countOfParent = new DataLoader<ParentPageKey, number, string>(
    (keys) =>
      batchByArguments(keys, async (group) => {
        const counts = await data.countForParents(
          group[0]!.column,
          group.map((k) => k.parentId),
          group[0]!.filter,
        )
        return group.map((k) => counts.get(k.parentId) ?? 0)
      }),
    { cacheKeyFn: (k) => argumentsKey(k) + k.parentId },
  )
  return {
    transactionById: new DataLoader(async (ids) => inKeyOrder(ids, await data.transactionsByIds(ids))),
    accountById: new DataLoader(async (ids) => inKeyOrder(ids, await data.accountsByIds(ids))),
    accountsByCustomerId: new DataLoader(async (customerIds) => {
      const accounts = await data.accountsByCustomerIds(customerIds)
      return customerIds.map((id) => accounts.filter((a) => a.customerId === id))
    }),
    transactionsOfParent: new DataLoader<ParentPageKey, Connection<Transaction>, string>(
      (keys) =>
        batchByArguments(keys, async (group) => {
          const { column, filter, orderBy, first, after } = group[0]!
          const pages = await data.transactionsForParents(
            column,
            group.map((k) => k.parentId),
            filter,
            orderBy,
            first,
            after,
          )
          return group.map((k) =>
            connection(pages.get(k.parentId) ?? [], first, orderBy, Boolean(after), () => countOfParent.load(k)),
          )
        }),
      { cacheKeyFn: (k) => argumentsKey(k) + k.parentId },
    ),
    fraudScore: new DataLoader<Transaction, number | null, string>(
      async (transactions) => {
        const standings = await data.debitStandings(transactions.map((t) => t.id))
        const scored = transactions.map((t) => ({ t, standing: standings.get(t.id) }))
        const known = scored.filter((s) => s.standing !== undefined)
        const scores = shippedFraudModel().score(
          known.map(({ t, standing }) => ({
            debit: { amount: Number(t.amount), type: t.type, channel: t.channel },
            ...standing!,
          })),
        )
        const byId = new Map(known.map((s, i) => [s.t.id, Number(scores[i]!.toFixed(4))]))
        return transactions.map((t) => byId.get(t.id) ?? null)
      },
      { cacheKeyFn: (t) => t.id },
    ),
    streamPosition: new DataLoader(async (ids) => {
      const positions = new Map(
        (await data.positionsOf(ids)).map((event) => [event.transactionId, event.position.toString()]),
      )
      return ids.map((id) => positions.get(id) ?? null)
    }),
    changeById: new DataLoader(async (ids) => inKeyOrder(ids, await data.changesByIds(ids))),
    changesOfTransaction: new DataLoader(async (ids) => {
      const changes = groupBy(await data.changesOfTransactions(ids), (change) => change.transaction.id)
      return ids.map((id) => changes.get(id) ?? [])
    }),
    reversalOf: new DataLoader(async (ids) => {
      const entries = new Map((await data.reversalsOf(ids)).map((entry) => [entry.reversalOf, entry]))
      return ids.map((id) => entries.get(id) ?? null)
    }),
  }
}

function inKeyOrder<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] {
  const byId = new Map(rows.map((row) => [row.id, row]))
  return ids.map((id) => byId.get(id) ?? null)
}

function argumentsKey(key: ParentPageKey): string {
  return JSON.stringify([key.column, key.filter ?? null, key.orderBy ?? null, key.first, key.after ?? null])
}

/** Runs `load` once per distinct set of arguments and returns the results in key order. */
async function batchByArguments<V>(
  keys: readonly ParentPageKey[],
  load: (group: ParentPageKey[]) => Promise<V[]>,
): Promise<V[]> {
  const groups = groupBy(
    keys.map((key, index) => ({ key, index })),
    (member) => argumentsKey(member.key),
  )
  const results = new Array<V>(keys.length)
  await Promise.all(
    [...groups.values()].map(async (members) => {
      const values = await load(members.map((m) => m.key))
      members.forEach((m, i) => (results[m.index] = values[i]!))
    }),
  )
  return results
}
