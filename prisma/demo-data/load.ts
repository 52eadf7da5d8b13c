// Streams the demo bank into each domain's own database through COPY, table by table.
import type { DomainDatabase } from '../../lib/database'
import type { FieldCipher } from '../../lib/field-encryption'
import {
  campaignPlans,
  campaignRows,
  customerBanking,
  customerLending,
  customerProfiles,
  toAcquisitionRow,
  toCustomerRow,
  type CustomerProfile,
  type DemoBankOptions,
} from './generate'
import { customerTransactionRows } from './transaction-details'

export const DOMAINS = ['customers', 'transactions', 'loans', 'risk', 'marketing'] as const
export type Domain = (typeof DOMAINS)[number]

type Row = Record<string, unknown>

interface TableLoad {
  table: string
  columns: string[]
  /** The table's rows for one customer. */
  rows(options: DemoBankOptions, profile: CustomerProfile, cipher: FieldCipher): object[]
}

interface DomainLoad {
  /** Bank-wide rows loaded before the per-customer tables (they are referenced by them). */
  campaigns?: boolean
  /** Per-customer tables, in foreign-key order. */
  tables: TableLoad[]
}

const CAMPAIGN_COLUMNS = [
  'id',
  'name',
  'channel',
  'status',
  'startDate',
  'endDate',
  'budget',
  'spend',
  'impressions',
  'clicks',
  'conversions',
]

const DOMAIN_LOADS: Record<Domain, DomainLoad> = {
  customers: {
    tables: [
      {
        table: 'Customer',
        columns: [
          'id',
          'firstName',
          'lastName',
          'email',
          'phone',
          'dateOfBirth',
          'ssnEncrypted',
          'ssnHash',
          'segment',
          'region',
          'joinedAt',
          'acquisitionChannel',
          'acquisitionCampaignId',
        ],
        // The SSN goes to the database only encrypted, with a keyed hash to find it by.
        rows: (_options, p, cipher) => {
          const { ssn, ...row } = toCustomerRow(p)
          return [
            {
              ...row,
              ssnEncrypted: cipher.encrypt(ssn, 'Customer.ssn'),
              ssnHash: cipher.blindIndex(ssn, 'Customer.ssn'),
            },
          ]
        },
      },
    ],
  },
  transactions: {
    tables: [
      {
        table: 'Account',
        columns: ['id', 'customerId', 'type', 'currency', 'status', 'openedAt', 'balance'],
        rows: (o, p) => customerBanking(o, p).accounts,
      },
      {
        table: 'Transaction',
        columns: [
          'id',
          'accountId',
          'customerId',
          'type',
          'direction',
          'amount',
          'currency',
          'date',
          'description',
          'channel',
          'status',
          'reversalReason',
          'reversalOf',
          'disputeReason',
          'disputeOutcome',
          'counterpartyCountry',
          'counterpartyCurrency',
          'merchantCategory',
        ],
        rows: (o, p) => customerTransactionRows(o, p),
      },
    ],
  },
  loans: {
    tables: [
      {
        table: 'LoanApplication',
        columns: [
          'id',
          'customerId',
          'product',
          'requestedAmount',
          'termMonths',
          'purpose',
          'status',
          'submittedAt',
          'decidedAt',
          'decisionReason',
        ],
        rows: (o, p) => customerLending(o, p).applications,
      },
      {
        table: 'Loan',
        columns: [
          'id',
          'applicationId',
          'customerId',
          'product',
          'principal',
          'annualInterestRate',
          'termMonths',
          'originatedAt',
          'maturityDate',
          'outstandingBalance',
          'status',
        ],
        rows: (o, p) => customerLending(o, p).loans,
      },
    ],
  },
  risk: {
    tables: [
      {
        table: 'RiskAssessment',
        columns: [
          'id',
          'subject',
          'customerId',
          'loanApplicationId',
          'assessedAt',
          'creditScoreEncrypted',
          'riskGrade',
          'probabilityOfDefault',
          'debtToIncomeRatio',
          'modelVersion',
          'reasons',
        ],
        // Credit scores are restricted: stored only encrypted.
        rows: (o, p, cipher) =>
          customerLending(o, p).assessments.map(({ creditScore, ...a }) => ({
            ...a,
            creditScoreEncrypted: cipher.encrypt(String(creditScore), 'RiskAssessment.creditScore'),
          })),
      },
    ],
  },
  marketing: {
    campaigns: true,
    tables: [
      {
        table: 'CustomerAcquisition',
        columns: ['customerId', 'campaignId', 'channel', 'acquiredAt'],
        rows: (_options, p) => [toAcquisitionRow(p)],
      },
    ],
  },
}

export interface LoadProgress {
  /** Called after each customer's rows for a table were queued; `done` of `total` customers. */
  (domain: Domain, table: string, done: number, total: number): void
}

/** Loads one domain's share of the demo bank into its (empty, migrated) database. Returns rows per table. */
export async function loadDemoData(
  db: DomainDatabase,
  domain: Domain,
  options: DemoBankOptions,
  cipher: FieldCipher,
  progress?: LoadProgress,
): Promise<Record<string, number>> {
  const spec = DOMAIN_LOADS[domain]
  const campaigns = campaignPlans(options)
  const counts: Record<string, number> = {}
  if (spec.campaigns) {
    const rows = campaignRows(options, campaigns, countAcquisitions(customerProfiles(options, campaigns)))
    counts.Campaign = await db.copyRows(
      'Campaign',
      CAMPAIGN_COLUMNS,
      rows.map((row) => copyLine(CAMPAIGN_COLUMNS, row as unknown as Row)),
    )
  }
  for (const load of spec.tables) {
    function* lines() {
      for (const profile of customerProfiles(options, campaigns)) {
        for (const row of load.rows(options, profile, cipher)) yield copyLine(load.columns, row as Row)
        if (progress && (profile.index + 1) % 500 === 0)
          progress(domain, load.table, profile.index + 1, options.customers)
      }
      progress?.(domain, load.table, options.customers, options.customers)
    }
    counts[load.table] = await withIndexesDeferred(db, load.table, () => db.copyRows(load.table, load.columns, lines()))
  }
  return counts
}

/**
 * Loads into a table without its secondary indexes, then builds them once: maintaining five indexes row
 * by row made a 12-million-row COPY several times slower than building them afterwards.
 */
async function withIndexesDeferred<T>(db: DomainDatabase, table: string, load: () => Promise<T>): Promise<T> {
  const indexes = await db.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename = $1
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [table],
  )
  for (const index of indexes) await db.exec(`DROP INDEX "${index.name}"`)
  try {
    return await load()
  } finally {
    for (const index of indexes) await db.exec(index.definition)
  }
}

function countAcquisitions(profiles: Iterable<CustomerProfile>): Map<string, number> {
  const acquired = new Map<string, number>()
  for (const p of profiles)
    if (p.acquisitionCampaignId) acquired.set(p.acquisitionCampaignId, (acquired.get(p.acquisitionCampaignId) ?? 0) + 1)
  return acquired
}

/** Whether the domain's database already holds data (then the demo data is not loaded again). */
export async function hasData(db: DomainDatabase, domain: Domain): Promise<boolean> {
  const table = {
    customers: 'Customer',
    transactions: 'Account',
    loans: 'LoanApplication',
    risk: 'RiskAssessment',
    marketing: 'Campaign',
  }[domain]
  const rows = await db.query<{ present: boolean }>(`SELECT EXISTS (SELECT 1 FROM "${table}") AS present`)
  return Boolean(rows[0]?.present)
}

/** Empties every table of the domain (keeps the schema and migration history). */
export async function truncateDomain(db: DomainDatabase, domain: Domain): Promise<void> {
  const tables = [
    ...(DOMAIN_LOADS[domain].campaigns ? ['Campaign'] : []),
    ...DOMAIN_LOADS[domain].tables.map((t) => t.table),
  ]
  await db.exec(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} CASCADE`)
}

/** One row in PostgreSQL's COPY text format. */
export function copyLine(columns: string[], row: Row): string {
  return columns.map((column) => copyValue(row[column])).join('\t') + '\n'
}

function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N'
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value))
    return escapeCopy(`{${value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`)
  return escapeCopy(String(value))
}

function escapeCopy(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
}
