// A transaction's lifecycle as the data contract states it: PENDING → POSTED, REVERSED (final), DISPUTED →
// resolved (upheld: reversed; rejected: posted again). Pure: which change a status allows, and if not, why.
import { GraphQLError } from 'graphql'
import { badUserInput, ErrorCode } from '../../lib/errors'

export type TransactionStatus = 'PENDING' | 'POSTED' | 'REVERSED' | 'DISPUTED'
export type DisputeOutcome = 'UPHELD' | 'REJECTED'
export type LifecycleAction = 'POST' | 'REVERSE' | 'OPEN_DISPUTE' | 'RESOLVE_DISPUTE'
/** What a change of the log records; BOOKED is the booking itself. */
export type TransactionChangeKind = 'BOOKED' | 'POSTED' | 'REVERSED' | 'DISPUTE_OPENED' | 'DISPUTE_RESOLVED'

/** What the lifecycle reads of a transaction. */
export interface LifecycleState {
  id: string
  status: TransactionStatus
  direction: 'CREDIT' | 'DEBIT'
  /** Set on a reversal entry: the transaction it reverses. */
  reversalOf: string | null
}

/** The status each action leads to, from the statuses that allow it (a resolution's depends on its outcome). */
const ALLOWED_FROM: Record<LifecycleAction, readonly TransactionStatus[]> = {
  POST: ['PENDING'],
  REVERSE: ['PENDING', 'POSTED'],
  OPEN_DISPUTE: ['POSTED'],
  RESOLVE_DISPUTE: ['DISPUTED'],
}

/** The status after an allowed action. */
export function statusAfter(action: LifecycleAction, outcome?: DisputeOutcome | null): TransactionStatus {
  if (action === 'POST') return 'POSTED'
  if (action === 'OPEN_DISPUTE') return 'DISPUTED'
  if (action === 'RESOLVE_DISPUTE') return outcome === 'UPHELD' ? 'REVERSED' : 'POSTED'
  return 'REVERSED'
}

/** Whether an action moves the money back (books a reversal entry). */
export const returnsMoney = (action: LifecycleAction, outcome?: DisputeOutcome | null) =>
  statusAfter(action, outcome) === 'REVERSED'

/** Why the contract refuses the action on this transaction, as the error to answer; null when it allows it. */
export function lifecycleRefusal(transaction: LifecycleState, action: LifecycleAction): GraphQLError | null {
  const { id, status } = transaction
  if (transaction.reversalOf && (action === 'REVERSE' || action === 'OPEN_DISPUTE')) {
    return refusal(
      ErrorCode.REVERSAL_NOT_REVERSIBLE,
      `${id} is the reversal of ${transaction.reversalOf}; a reversal entry cannot be reversed or disputed`,
    )
  }
  if (ALLOWED_FROM[action].includes(status)) {
    if (action === 'OPEN_DISPUTE' && transaction.direction !== 'DEBIT')
      return badUserInput(`${id} is money in; only money out (a DEBIT) can be disputed`, { argumentName: 'id' })
    return null
  }
  if (status === 'REVERSED')
    return refusal(
      ErrorCode.TRANSACTION_REVERSED,
      `${id} was reversed; a reversed transaction is final and cannot be posted, reversed again or disputed`,
    )
  if (action === 'RESOLVE_DISPUTE')
    return refusal(ErrorCode.NO_OPEN_DISPUTE, `${id} has no open dispute to resolve (its status is ${status})`)
  if (status === 'DISPUTED') {
    return refusal(
      ErrorCode.DISPUTE_OPEN,
      action === 'POST'
        ? `${id} is posted and under dispute; resolve the dispute with resolveDispute`
        : `${id} is under dispute; resolve the dispute with resolveDispute (UPHELD reverses it)`,
    )
  }
  if (status === 'PENDING')
    return refusal(ErrorCode.TRANSACTION_PENDING, `${id} is still pending; post it before disputing it, or reverse it`)
  return refusal(ErrorCode.TRANSACTION_ALREADY_POSTED, `${id} is posted already; a transaction is posted once`)
}

/** The change an action writes to the log. */
export function changeKindOf(action: LifecycleAction): TransactionChangeKind {
  return (
    {
      POST: 'POSTED',
      REVERSE: 'REVERSED',
      OPEN_DISPUTE: 'DISPUTE_OPENED',
      RESOLVE_DISPUTE: 'DISPUTE_RESOLVED',
    } as const
  )[action]
}

/** A reason given by the payments team: statement-like text, required where the contract asks for one. */
export function requiredReason(reason: string | null | undefined, argumentName: string): string {
  const text = reason?.trim() ?? ''
  if (text.length === 0 || text.length > 500)
    throw badUserInput(`${argumentName} must say why, in 1 to 500 characters`, { argumentName })
  return text
}

function refusal(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, argumentName: 'id' } })
}
