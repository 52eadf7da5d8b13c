// The Customer Transaction data product's descriptor: who owns it, what it is for, what it publishes and promises.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'transactions',
  name: 'Customer Transactions',
  domain: 'Retail Banking Payments',
  owner: { team: 'Payments and Accounts Data', contact: 'transactions-data@bank.example' },
  purpose:
    "Every movement of money on customers' checking, savings and credit card accounts, with account balances, for analysis, reporting and applications.",
  useCases: [
    "Fraud detection: unusual withdrawals against an account's own history",
    'Applications that react as transactions are booked (subscription transactionAdded) or change: posted, reversed, disputed (subscription transactionChanged)',
    'Payments operations: post pending transactions, reverse them with a reason, open and resolve disputes',
    'Customer behaviour analysis for marketing: recurring patterns (money sent abroad, regular income, subscriptions) as k-anonymous counts, and who is likely to want the global account (propensity model global-account-lr-v1)',
    'Financial reporting: total deposits or withdrawals in a period',
    'Powering banking applications with statements and balances',
  ],
  limitations:
    "Amounts are in the account's currency (USD for every demo account); individual transactions are transaction-detail data that marketing may not read (it gets aggregates); behaviour patterns and propensity scores are per-customer behaviour profiles, for marketing only as counts, groups of fewer customers than the minimum group size suppressed. Behaviour segments are derived from money in a month, not the Customers product's commercial segment. The propensity model is trained and measured on generated banks (see its metrics file), not on real take-up.",
  status: 'active',
  version: '1.5.0',
  outputPorts: {
    types: [
      'Transaction',
      'Account',
      'TransactionConnection',
      'TransactionEdge',
      'TransactionSummary',
      'TransactionTypeTotal',
      'TransactionBreakdown',
      'TransactionGroup',
      'AnomalousTransaction',
      'TransactionChange',
      'CustomerBehaviour',
      'BehaviourPattern',
      'ProductPropensity',
      'BehaviourBreakdown',
      'BehaviourGroup',
      'PropensityBreakdown',
      'PropensityGroup',
      'CampaignAudience',
      'Customer.transactions',
      'Customer.accounts',
      'Customer.behaviour',
      'Customer.propensity',
    ],
    rootFields: [
      'transactions',
      'transaction',
      'transactionChange',
      'account',
      'transactionSummary',
      'transactionBreakdown',
      'anomalousTransactions',
      'behaviourPatternBreakdown',
      'propensityBreakdown',
      'campaignAudience',
      'recordTransaction',
      'postTransaction',
      'reverseTransaction',
      'openDispute',
      'resolveDispute',
    ],
    aggregates: [
      'transactionSummary',
      'transactionBreakdown',
      'behaviourPatternBreakdown',
      'propensityBreakdown',
      'campaignAudience',
    ],
    streams: ['transactionAdded', 'transactionChanged'],
  },
  tables: [
    { table: 'Account', type: 'Account', key: 'id', updatedAt: 'openedAt' },
    { table: 'Transaction', type: 'Transaction', key: 'id', updatedAt: 'date' },
  ],
  freshness: {
    objective:
      'A transaction is available as soon as it is booked; the newest transaction is never more than two days old.',
  },
  serviceLevel: {
    latency: { value: 1, unit: 'm' },
    frequency: { value: 1, unit: 'm' },
    retention: { value: 7, unit: 'y' },
    availability: 99.95,
  },
  criticalDataElements: [
    'Transaction.id',
    'Transaction.amount',
    'Transaction.date',
    'Transaction.type',
    'Transaction.status',
    'Account.balance',
  ],
  quality: [
    {
      id: 'transaction-amount-range',
      kind: 'range',
      table: 'Transaction',
      column: 'amount',
      min: 0.01,
      max: 1_000_000,
      severity: 'critical',
      description: 'An amount is positive and at most 1,000,000 (direction says in or out)',
    },
    {
      id: 'transaction-currency-iso',
      kind: 'pattern',
      table: 'Transaction',
      column: 'currency',
      pattern: '^[A-Z]{3}$',
      severity: 'critical',
      description: 'Currencies are ISO-4217 codes such as USD',
    },
    {
      id: 'transaction-counterparty-country-iso',
      kind: 'pattern',
      table: 'Transaction',
      column: 'counterpartyCountry',
      pattern: '^[A-Z]{2}$',
      severity: 'critical',
      description: "A transfer's counterparty country is an ISO-3166 alpha-2 code such as MX",
    },
    {
      id: 'transaction-counterparty-currency-iso',
      kind: 'pattern',
      table: 'Transaction',
      column: 'counterpartyCurrency',
      pattern: '^[A-Z]{3}$',
      severity: 'critical',
      description: "A transfer's counterparty currency is an ISO-4217 code such as MXN",
    },
    {
      id: 'transaction-reversed-once',
      kind: 'unique',
      table: 'Transaction',
      column: 'reversalOf',
      severity: 'critical',
      description: 'A transaction is reversed at most once: one reversal entry at most names it',
    },
    {
      id: 'transaction-description-present',
      kind: 'notNull',
      table: 'Transaction',
      column: 'description',
      severity: 'warning',
      description: 'Every transaction has a statement text',
    },
    {
      id: 'transaction-customer-exists',
      kind: 'references',
      table: 'Transaction',
      column: 'customerId',
      references: { product: 'customers', entity: 'Customer' },
      severity: 'critical',
      description: "Every transaction's customer exists in the Customers data product",
    },
    {
      id: 'account-customer-exists',
      kind: 'references',
      table: 'Account',
      column: 'customerId',
      references: { product: 'customers', entity: 'Customer' },
      severity: 'critical',
      description: "Every account's holder exists in the Customers data product",
    },
    {
      id: 'transactions-fresh',
      kind: 'freshness',
      table: 'Transaction',
      column: 'date',
      maxAgeHours: 48,
      severity: 'warning',
      description: 'The newest transaction is at most two days old',
    },
  ],
  minimumGroupSize: 5,
  deprecations: [
    {
      field: 'TransactionSummary.total',
      reason:
        'It adds money in and money out together, which answers no business question. Use credits, debits or net.',
      sunsetDate: '2027-06-30',
    },
  ],
  glossary: [
    {
      term: 'large',
      synonyms: ['big', 'high-value', 'high value', 'significant'],
      meaning: 'A transaction of 10,000 USD or more, the threshold the bank reports on.',
      filter: { input: 'minAmount', value: '10000' },
    },
    {
      term: 'unsettled',
      synonyms: [
        'not settled',
        'not yet settled',
        "haven't settled",
        'have not settled',
        "hasn't settled",
        'awaiting settlement',
        'in flight',
      ],
      meaning: 'Booked, the balance moved, but not yet settled (a card authorisation, say): status PENDING.',
      filter: { input: 'status', value: 'PENDING' },
    },
    {
      term: 'cash withdrawal',
      synonyms: ['cash withdrawals', 'atm withdrawal', 'atm withdrawals'],
      meaning: 'Money taken out: type WITHDRAWAL.',
      filter: { input: 'type', value: 'WITHDRAWAL' },
    },
    {
      term: 'charges',
      synonyms: ['charge', 'bank charges', 'fees charged'],
      meaning: 'Fees the bank charged: type FEE.',
      filter: { input: 'type', value: 'FEE' },
    },
    {
      term: 'regular international transfers',
      synonyms: ['send money abroad', 'sends money abroad', 'send money abroad regularly', 'remitters', 'remittances'],
      meaning:
        'Customers who send money to banks abroad in at least 3 months and half the months observed: behaviour pattern INTERNATIONAL_TRANSFERS.',
      filter: { input: 'pattern', value: 'INTERNATIONAL_TRANSFERS' },
    },
    {
      term: 'regular income',
      synonyms: ['salaried', 'salary earners', 'salary inflow'],
      meaning: 'Customers paid a steady salary, pension or benefit on a schedule: behaviour pattern SALARY.',
      filter: { input: 'pattern', value: 'SALARY' },
    },
    {
      term: 'recurring subscriptions',
      synonyms: ['subscribers', 'subscription customers'],
      meaning: 'Customers paying a subscription merchant a steady amount most months: behaviour pattern SUBSCRIPTION.',
      filter: { input: 'pattern', value: 'SUBSCRIPTION' },
    },
    {
      term: 'global account',
      synonyms: ['global account product', 'multi-currency account'],
      meaning:
        'The multi-currency account for money sent and spent abroad whose take-up the propensity model global-account-lr-v1 predicts.',
      filter: { input: 'product', value: 'GLOBAL_ACCOUNT' },
    },
    {
      term: 'likely to take up',
      synonyms: ['high propensity', 'likely buyers'],
      meaning: 'Customers whose propensity score is in band HIGH: the top tenth of scores.',
      filter: { input: 'minimumBand', value: 'HIGH' },
    },
  ],
  derivedFields: [
    {
      field: 'Transaction.fraudScore',
      derivation:
        "The fraud model's probability for a debit, from its features: its amount against the same account's other debits (median, spread, 90th percentile, same-type median), its type and its channel.",
      fromColumns: [
        'Transaction.amount',
        'Transaction.type',
        'Transaction.channel',
        'Transaction.direction',
        'Transaction.accountId',
      ],
    },
    {
      field: 'Query.anomalousTransactions',
      derivation: "Debits far above their account's own typical debit (robust z-score), with the reason.",
      fromFields: ['Transaction.fraudScore'],
      fromColumns: [
        'Transaction.amount',
        'Transaction.direction',
        'Transaction.accountId',
        'Transaction.date',
        'Transaction.type',
      ],
    },
    {
      field: 'Query.transactionSummary',
      derivation: 'Count, money in, money out, net and per-type totals of the transactions in a period.',
      fromColumns: [
        'Transaction.amount',
        'Transaction.direction',
        'Transaction.type',
        'Transaction.date',
        'Transaction.customerId',
      ],
    },
    {
      field: 'Transaction.international',
      derivation: "Whether a transfer's counterparty is abroad: its country is not the bank's own (US).",
      fromColumns: ['Transaction.counterpartyCountry'],
    },
    {
      field: 'Transaction.reversal',
      derivation: 'The reversal entry booked when the transaction was reversed: the row whose reversalOf names it.',
      fromColumns: ['Transaction.reversalOf'],
    },
    {
      field: 'Transaction.streamPosition',
      derivation:
        "The position of the transaction's BOOKED entry in the log of changes; none for transactions loaded in bulk, which were never logged.",
      fromColumns: ['TransactionEvent.position', 'TransactionEvent.transactionId', 'TransactionEvent.kind'],
    },
    {
      field: 'TransactionChange.id',
      derivation: "The change's position in the log of changes, as text.",
      fromColumns: ['TransactionEvent.position'],
    },
    {
      field: 'TransactionChange.streamPosition',
      derivation: "The change's position in the log of changes, as text: the same value as its id.",
      fromColumns: ['TransactionEvent.position'],
    },
    {
      field: 'TransactionChange.kind',
      derivation: 'Stored: the kind of the logged change.',
      fromColumns: ['TransactionEvent.kind'],
    },
    {
      field: 'TransactionChange.status',
      derivation: 'Stored: the status the logged change left the transaction in.',
      fromColumns: ['TransactionEvent.status'],
    },
    {
      field: 'TransactionChange.reason',
      derivation: 'Stored: the reason given with the logged change.',
      fromColumns: ['TransactionEvent.reason'],
    },
    {
      field: 'TransactionChange.disputeOutcome',
      derivation: "Stored under another name: the logged change's outcome column.",
      fromColumns: ['TransactionEvent.outcome'],
    },
    {
      field: 'TransactionChange.occurredAt',
      derivation: 'Stored under another name: when the change was logged (recordedAt).',
      fromColumns: ['TransactionEvent.recordedAt'],
    },
    {
      field: 'Customer.behaviour',
      derivation:
        "Recurring patterns in the customer's own last 12 months: transfers abroad in at least 3 months and half the months observed (countries, cadence), a steady income from one payer, steady payments to one subscription merchant; and the behaviour segment from money in a month. The 12 months end at the clock (an external input), which is also the profile's asOf.",
      fromColumns: [
        'Transaction.customerId',
        'Transaction.date',
        'Transaction.type',
        'Transaction.direction',
        'Transaction.amount',
        'Transaction.description',
        'Transaction.status',
        'Transaction.counterpartyCountry',
        'Transaction.counterpartyCurrency',
        'Transaction.merchantCategory',
      ],
    },
    {
      field: 'Customer.propensity',
      derivation:
        "The global-account propensity model's probability (logistic regression global-account-lr-v1) from the customer's behaviour: months and share of money sent abroad, countries, travel payments, money in a month, regular income, subscriptions.",
      fromFields: ['Customer.behaviour'],
      fromColumns: [
        'Transaction.counterpartyCountry',
        'Transaction.merchantCategory',
        'Transaction.amount',
        'Transaction.date',
      ],
    },
    {
      field: 'Query.behaviourPatternBreakdown',
      derivation:
        'Customers counted per behaviour pattern, segment, country or cadence; groups of fewer than the minimum group size suppressed for roles that may not read profiles.',
      fromFields: ['Customer.behaviour'],
    },
    {
      field: 'Query.propensityBreakdown',
      derivation:
        'Customers counted per propensity band and behaviour segment, with their average score; small groups suppressed.',
      fromFields: ['Customer.propensity', 'Customer.behaviour'],
    },
    {
      field: 'Query.campaignAudience',
      derivation:
        'The customers whose propensity band reaches the one asked for: its size and split by segment (small ones suppressed), and the customers for roles that may read profiles.',
      fromFields: ['Customer.propensity', 'Customer.behaviour'],
    },
    {
      field: 'Query.transactionBreakdown',
      derivation: 'Transactions counted and summed per type, direction, channel or month.',
      fromColumns: [
        'Transaction.amount',
        'Transaction.direction',
        'Transaction.type',
        'Transaction.channel',
        'Transaction.date',
        'Transaction.customerId',
      ],
    },
  ],
  exampleQueries: [
    {
      title: 'Total deposits in the third quarter',
      query:
        '{ transactionSummary(filter: { type: DEPOSIT, startDate: "2026-07-01", endDate: "2026-09-30" }) { count credits average } }',
    },
    {
      title: "Sudden large withdrawals, with the reason and the fraud model's score",
      query:
        '{ anomalousTransactions(first: 10) { score reason typicalAmount transaction { id date amount type fraudScore } } }',
    },
    {
      title: 'Large bookings as they happen (subscription over WebSocket or Server-Sent Events)',
      query:
        'subscription { transactionAdded(filter: { minAmount: "1000" }) { id date amount type description account { id } fraudScore } }',
    },
    {
      title: 'Changes to transactions as they happen: postings, reversals, disputes',
      query:
        'subscription { transactionChanged { kind status reason occurredAt streamPosition transaction { id amount description } } }',
    },
    {
      title: "A customer's ten largest withdrawals",
      query:
        '{ transactions(filter: { customerId: "C-00042", type: WITHDRAWAL }, orderBy: { field: AMOUNT, direction: DESC }, first: 10) { edges { node { id date amount description } } } }',
    },
    {
      title: 'Customers who regularly send money abroad, per behaviour segment (counts, small groups suppressed)',
      query:
        '{ behaviourPatternBreakdown(by: [PATTERN, SEGMENT], filter: { pattern: INTERNATIONAL_TRANSFERS }) { minimumGroupSize customers suppressedGroups groups { pattern segment customers shareOfCustomers suppressed } } }',
    },
    {
      title: 'An audience for the global account: customers most likely to take it up',
      query:
        '{ campaignAudience(product: GLOBAL_ACCOUNT, minimumBand: HIGH) { size suppressed modelVersion bySegment { segment customers averageScore suppressed } } }',
    },
    {
      title: "A customer's habits and global-account propensity",
      query:
        '{ customer(id: "C-00042") { id behaviour { segment patterns { kind cadence countries monthsSeen typicalAmount } } propensity(product: GLOBAL_ACCOUNT) { score band signals } } }',
    },
    {
      title: 'Money in and out per channel, month by month, in the third quarter',
      query:
        '{ transactionBreakdown(by: [CHANNEL, MONTH], filter: { startDate: "2026-07-01", endDate: "2026-09-30" }) { hiddenGroups groups { channel month count customers total average } } }',
    },
  ],
}
