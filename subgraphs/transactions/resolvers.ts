// Thin resolvers: read arguments, call loaders and queries, shape the result.
import { pageSize } from '../../lib/connection'
import { badUserInput } from '../../lib/errors'
import { mapEvents } from '../../lib/event-queue'
import { anomalyReason } from './fraud/features'
import { scalarResolvers } from '../../lib/scalars'
import type { Identity } from '../../rules/identity'
import { matchesFilter, validateFilter, type ParentColumn, type TransactionFilter, type TransactionsData } from './data'
import type { CustomerTransactionsArgs, Resolvers, SubscriptionTransactionAddedArgs } from './generated/graphql'
import { createLoaders, type TransactionsLoaders } from './loaders'
import { dataProduct } from './data-product'
import {
  DEFAULT_MINIMUM_GROUP_SIZE,
  leaveOutSmallGroups,
  mayReadRows,
  refuseSmallSummary,
} from '../../rules/small-groups'
import { groupingDimensions } from '../../lib/breakdown'

export interface TransactionsContext {
  /** The caller, as the gateway vouched for them; null when the request did not come through the gateway. */
  identity: Identity | null
  data: TransactionsData
  loaders: TransactionsLoaders
  /** The product's clock: when a booking without a date happened. */
  now: () => Date
}

/** The bank's country: a transfer's counterparty elsewhere is international. */
const HOME_COUNTRY = 'US'

/** Robust standard deviations above the account's median from which a debit is called unusual. */
const DEFAULT_MIN_SCORE = 25

function transactionsOf(column: ParentColumn) {
  return (parent: { id: string }, args: CustomerTransactionsArgs, { loaders }: TransactionsContext) => {
    validateFilter(args.filter)
    return loaders.transactionsOfParent.load({
      column,
      parentId: parent.id,
      filter: args.filter,
      orderBy: args.orderBy,
      first: pageSize(args.first),
      after: args.after,
    })
  }
}

/** A position of the bookings' log, as `Transaction.streamPosition` gives it: a whole number. */
function streamPosition(after: string): bigint {
  if (!/^\d{1,18}$/.test(after))
    throw badUserInput(`after must be a booking's streamPosition (a whole number such as "42"), got "${after}"`, {
      argumentName: 'after',
    })
  return BigInt(after)
}

/** A subscription's rows as events: fresh loaders per event, so no event reads another's cached rows. */
function asEvents<T, F extends string>(rows: AsyncIterableIterator<T>, field: F, context: TransactionsContext) {
  return mapEvents(rows, (row) => {
    context.loaders = createLoaders(context.data)
    // TypeScript types a computed key as any string; this one is `field`.
    return { [field]: row } as Record<F, T>
  })
}

/** Both subscriptions take the same arguments. */
type SubscriptionArgs = SubscriptionTransactionAddedArgs

/** A subscription's resume point, if it asked for one. */
function resumeFrom<T>(
  args: SubscriptionArgs,
  missed: (after: bigint, filter: TransactionFilter | null | undefined, limit: number) => Promise<T[]>,
) {
  if (args.after == null) return undefined
  const after = streamPosition(args.after)
  return { after, missed: (limit: number) => missed(after, args.filter, limit) }
}

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: {
    transactions: (_root, args, { data }) => {
      validateFilter(args.filter)
      return data.transactionsPage(args.filter, args.orderBy, pageSize(args.first), args.after)
    },
    transaction: (_root, { id }, { loaders }) => loaders.transactionById.load(id),
    transactionChange: (_root, { id }, { loaders }) => loaders.changeById.load(id),
    account: (_root, { id }, { loaders }) => loaders.accountById.load(id),
    anomalousTransactions: async (_root, args, { data }) => {
      validateFilter(args.filter)
      const minScore = args.minScore ?? DEFAULT_MIN_SCORE
      if (!(minScore > 0)) throw badUserInput('minScore must be above 0', { argumentName: 'minScore' })
      const rows = await data.anomalousTransactions(args.filter, minScore, pageSize(args.first))
      return rows.map((row) => ({
        transaction: row,
        score: Number(row.z.toFixed(2)),
        typicalAmount: row.typeProfile.median.toFixed(2),
        reason: anomalyReason(
          { accountId: row.accountId, amount: Number(row.amount), type: row.type, channel: row.channel },
          row.typeProfile,
        ),
      }))
    },
    transactionSummary: async (_root, { filter }, { data, identity }, info) => {
      validateFilter(filter)
      // Only a caller who may not read the rows needs the customers counted first (the minimum group size); for
      // the others they are counted if the field is asked for.
      const callerMayReadRows = mayReadRows(identity, info.schema, 'Transaction')
      const summary = await data.transactionSummary(filter, !callerMayReadRows)
      if (typeof summary.customers === 'number')
        refuseSmallSummary(
          summary.customers,
          dataProduct.minimumGroupSize ?? DEFAULT_MINIMUM_GROUP_SIZE,
          callerMayReadRows,
          'transactions',
        )
      return summary
    },
    transactionBreakdown: async (_root, { by, filter }, { data, identity }, info) => {
      const dimensions = groupingDimensions(by, '[CHANNEL] or [TYPE, MONTH]')
      validateFilter(filter)
      const groups = await data.transactionGroups(dimensions, filter)
      return leaveOutSmallGroups(
        groups,
        dataProduct.minimumGroupSize ?? DEFAULT_MINIMUM_GROUP_SIZE,
        mayReadRows(identity, info.schema, 'Transaction'),
      )
    },
  },
  Subscription: {
    transactionAdded: {
      // No custom `resolve` here: graphql-shield guards a subscription field's `subscribe` only when it has none.
      subscribe: async (_root, args, context) => {
        const { filter } = args
        validateFilter(filter)
        // `filter` comes narrowed to the caller's own rows where their role is bound to them (@ownRows).
        const resume = resumeFrom(args, context.data.bookedAfter)
        const rows = await context.data.feed.subscribe(matchesFilter(filter), resume)
        // A subscription's context lives as long as it does: fresh loaders per event, so no event reads
        // another's cached rows (an account's balance moves with every booking).
        return asEvents(rows, 'transactionAdded', context)
      },
    },
    transactionChanged: {
      subscribe: async (_root, args, context) => {
        validateFilter(args.filter)
        // `filter` comes narrowed to the caller's own rows where their role is bound to them (@ownRows).
        const matches = matchesFilter(args.filter)
        const changes = await context.data.changeFeed.subscribe(
          (change) => matches(change.transaction),
          resumeFrom(args, context.data.changedAfter),
        )
        return asEvents(changes, 'transactionChanged', context)
      },
    },
  },
  Mutation: {
    recordTransaction: (_root, { input }, { data, now }) => data.recordTransaction(input, now()),
    postTransaction: (_root, { id }, { data, now }) => data.changeTransaction({ id, action: 'POST' }, now()),
    reverseTransaction: (_root, { id, reason }, { data, now }) =>
      data.changeTransaction({ id, action: 'REVERSE', reason }, now()),
    openDispute: (_root, { id, reason }, { data, now }) =>
      data.changeTransaction({ id, action: 'OPEN_DISPUTE', reason }, now()),
    resolveDispute: (_root, { id, outcome }, { data, now }) =>
      data.changeTransaction({ id, action: 'RESOLVE_DISPUTE', outcome }, now()),
  },
  Customer: {
    __resolveReference: (reference) => ({ id: reference.id }),
    transactions: transactionsOf('customerId'),
    accounts: (customer, _args, { loaders }) => loaders.accountsByCustomerId.load(customer.id),
  },
  Account: {
    __resolveReference: (reference, { loaders }) => loaders.accountById.load(reference.id),
    customer: (account) => ({ __typename: 'Customer', id: account.customerId }),
    transactions: transactionsOf('accountId'),
  },
  Transaction: {
    // A representation always carries its key, though the SDL lets a Transaction's id be null.
    __resolveReference: (reference, { loaders }) => loaders.transactionById.load(reference.id!),
    streamPosition: (transaction, _args, { loaders }) => loaders.streamPosition.load(transaction.id),
    fraudScore: (transaction, _args, { loaders }) =>
      transaction.direction === 'DEBIT' ? loaders.fraudScore.load(transaction) : null,
    account: (transaction, _args, { loaders }) => loaders.accountById.load(transaction.accountId),
    customer: (transaction) => ({ __typename: 'Customer', id: transaction.customerId }),
    reversal: (transaction, _args, { loaders }) =>
      transaction.status === 'REVERSED' ? loaders.reversalOf.load(transaction.id) : null,
    reversalOf: (transaction, _args, { loaders }) =>
      transaction.reversalOf ? loaders.transactionById.load(transaction.reversalOf) : null,
    changes: (transaction, _args, { loaders }) => loaders.changesOfTransaction.load(transaction.id),
    international: (transaction) =>
      transaction.counterpartyCountry ? transaction.counterpartyCountry !== HOME_COUNTRY : null,
  },
  TransactionChange: {
    // A representation always carries its key, though the SDL lets a TransactionChange's id be null.
    __resolveReference: (reference, { loaders }) => loaders.changeById.load(reference.id!),
    disputeOutcome: (change) => change.outcome,
    streamPosition: (change) => change.id,
  },
}
