// The Customer Transaction data product's descriptor: who owns it, what it is for, what it publishes and promises.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'transactions',
  name: 'Customer Transactions',
  domain: 'Retail Banking Payments',
  owner: { team: 'Payments and Accounts Data', contact: 'transactions-data@bank.example' },
  purpose: 'Every movement of money on customers\' checking, savings and credit card accounts, with account balances, for analysis, reporting and applications.',
  useCases: [
    'Fraud detection: unusual withdrawals against an account\'s own history',
    'Applications that react as transactions are booked (subscription transactionAdded)',
    'Customer behaviour analysis for marketing',
    'Financial reporting: total deposits or withdrawals in a period',
    'Powering banking applications with statements and balances',
  ],
  limitations: 'Amounts are in the account\'s currency (USD for every demo account); individual transactions are transaction-detail data that marketing may not read (it gets aggregates).',
  status: 'active',
  version: '1.3.0',
  outputPorts: {
    types: ['Transaction', 'Account', 'TransactionConnection', 'TransactionEdge', 'TransactionSummary', 'TransactionTypeTotal', 'TransactionBreakdown', 'TransactionGroup', 'AnomalousTransaction', 'Customer.transactions', 'Customer.accounts'],
    rootFields: ['transactions', 'transaction', 'account', 'transactionSummary', 'transactionBreakdown', 'anomalousTransactions', 'recordTransaction'],
    aggregates: ['transactionSummary', 'transactionBreakdown'],
    streams: ['transactionAdded'],
  },
  tables: [
    { table: 'Account', type: 'Account', key: 'id', updatedAt: 'openedAt' },
    { table: 'Transaction', type: 'Transaction', key: 'id', updatedAt: 'date' },
  ],
  freshness: { objective: 'A transaction is available as soon as it is booked; the newest transaction is never more than two days old.' },
  serviceLevel: { latency: { value: 1, unit: 'm' }, frequency: { value: 1, unit: 'm' }, retention: { value: 7, unit: 'y' }, availability: 99.95 },
  criticalDataElements: ['Transaction.id', 'Transaction.amount', 'Transaction.date', 'Transaction.type', 'Account.balance'],
  quality: [
    { id: 'transaction-amount-range', kind: 'range', table: 'Transaction', column: 'amount', min: 0.01, max: 1_000_000, severity: 'critical', description: 'An amount is positive and at most 1,000,000 (direction says in or out)' },
    { id: 'transaction-currency-iso', kind: 'pattern', table: 'Transaction', column: 'currency', pattern: '^[A-Z]{3}$', severity: 'critical', description: 'Currencies are ISO-4217 codes such as USD' },
    { id: 'transaction-description-present', kind: 'notNull', table: 'Transaction', column: 'description', severity: 'warning', description: 'Every transaction has a statement text' },
    { id: 'transaction-customer-exists', kind: 'references', table: 'Transaction', column: 'customerId', references: { product: 'customers', entity: 'Customer' }, severity: 'critical', description: 'Every transaction\'s customer exists in the Customers data product' },
    { id: 'account-customer-exists', kind: 'references', table: 'Account', column: 'customerId', references: { product: 'customers', entity: 'Customer' }, severity: 'critical', description: 'Every account\'s holder exists in the Customers data product' },
    { id: 'transactions-fresh', kind: 'freshness', table: 'Transaction', column: 'date', maxAgeHours: 48, severity: 'warning', description: 'The newest transaction is at most two days old' },
  ],
  minimumGroupSize: 5,
  deprecations: [
    { field: 'TransactionSummary.total', reason: 'It adds money in and money out together, which answers no business question. Use credits, debits or net.', sunsetDate: '2027-06-30' },
  ],
  glossary: [
    { term: 'large', synonyms: ['big', 'high-value', 'high value', 'significant'], meaning: 'A transaction of 10,000 USD or more, the threshold the bank reports on.', filter: { input: 'minAmount', value: '10000' } },
    { term: 'cash withdrawal', synonyms: ['cash withdrawals', 'atm withdrawal', 'atm withdrawals'], meaning: 'Money taken out: type WITHDRAWAL.', filter: { input: 'type', value: 'WITHDRAWAL' } },
    { term: 'charges', synonyms: ['charge', 'bank charges', 'fees charged'], meaning: 'Fees the bank charged: type FEE.', filter: { input: 'type', value: 'FEE' } },
  ],
  exampleQueries: [
    { title: 'Total deposits in the third quarter', query: '{ transactionSummary(filter: { type: DEPOSIT, startDate: "2026-07-01", endDate: "2026-09-30" }) { count credits average } }' },
    { title: 'Sudden large withdrawals, with the reason and the fraud model\'s score', query: '{ anomalousTransactions(first: 10) { score reason typicalAmount transaction { id date amount type fraudScore } } }' },
    { title: 'Large bookings as they happen (subscription over WebSocket or Server-Sent Events)', query: 'subscription { transactionAdded(filter: { minAmount: "1000" }) { id date amount type description account { id } fraudScore } }' },
    { title: 'A customer\'s ten largest withdrawals', query: '{ transactions(filter: { customerId: "C-00042", type: WITHDRAWAL }, orderBy: { field: AMOUNT, direction: DESC }, first: 10) { edges { node { id date amount description } } } }' },
    { title: 'Money in and out per channel, month by month, in the third quarter', query: '{ transactionBreakdown(by: [CHANNEL, MONTH], filter: { startDate: "2026-07-01", endDate: "2026-09-30" }) { hiddenGroups groups { channel month count customers total average } } }' },
  ],
}
