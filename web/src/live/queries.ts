// The live page's subscription: a fixed document, registered at build as one of the app's trusted documents.

export const LIVE_QUERY = `subscription LiveTransactions($filter: TransactionFilter, $after: String) {
  transactionAdded(filter: $filter, after: $after) { id date type direction amount currency channel description account { id } fraudScore streamPosition }
}`
