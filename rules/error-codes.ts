// The stable error codes every part of the mesh answers with, so clients can branch on `extensions.code`.
// Defined in rules/, whose denials carry them and which imports nothing from lib/ (test/unit/module-layers);
// everything else takes them from lib/errors.ts, which re-exports them.
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
  /** The caller's rate limit or stream cap is reached: HTTP 429 with Retry-After. */
  RATE_LIMITED = 'RATE_LIMITED',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  /** The caller may send only registered operations (trusted documents): HTTP 403. */
  PERSISTED_QUERY_REQUIRED = 'PERSISTED_QUERY_REQUIRED',
  /** No registered operation has the hash sent (the APQ error: HTTP 200, as APQ clients expect). */
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  /** The query sent is not the document of the hash sent with it: HTTP 400. */
  PERSISTED_QUERY_HASH_MISMATCH = 'PERSISTED_QUERY_HASH_MISMATCH',
  /** A transaction's lifecycle refuses the change (transactions data contract): posted already. */
  TRANSACTION_ALREADY_POSTED = 'TRANSACTION_ALREADY_POSTED',
  /** Reversed already: a reversed transaction is final. */
  TRANSACTION_REVERSED = 'TRANSACTION_REVERSED',
  /** The transaction is itself a reversal entry, which is never reversed or disputed. */
  REVERSAL_NOT_REVERSIBLE = 'REVERSAL_NOT_REVERSIBLE',
  /** Still pending: post it (or reverse it) before disputing it. */
  TRANSACTION_PENDING = 'TRANSACTION_PENDING',
  /** Under dispute: resolve the dispute first. */
  DISPUTE_OPEN = 'DISPUTE_OPEN',
  /** No dispute is open on the transaction to resolve. */
  NO_OPEN_DISPUTE = 'NO_OPEN_DISPUTE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}
