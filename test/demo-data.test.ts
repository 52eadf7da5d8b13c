// The demo bank is deterministic and coherent across the five domains' own databases, and its money
// behaves like a retail bank's: pay comes in on pay schedules, about as much goes out, week after week.
import { beforeAll, describe, expect, test } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { openDatabase } from '../lib/database'
import { groupBy } from '../lib/group-by'
import { createFieldCipher } from '../lib/field-encryption'
import {
  campaignPlans,
  customerBanking,
  customerLending,
  customerProfiles,
  DEFAULT_SEED,
  plantedAnomalies,
  type AccountRow,
  type CustomerProfile,
  type DemoBankOptions,
  type LoanRow,
  type PlantedAnomaly,
  type TransactionRow,
} from '../prisma/demo-data/generate'
import { DOMAINS, loadDemoData } from '../prisma/demo-data/load'
import { customerTransactionRows, type DetailedTransactionRow } from '../prisma/demo-data/transaction-details'
import { debitContext, debitProfile, robustZ } from '../subgraphs/transactions/fraud/features'
import { shippedFraudModel } from '../subgraphs/transactions/fraud/model'

const options: DemoBankOptions = { customers: 120, seed: 11, asOf: new Date('2026-06-15T00:00:00.000Z') }
const DAY_MS = 86_400_000

describe('demo data', () => {
  test('the same seed and size build the same bank, and another seed a different one', () => {
    const fingerprint = (o: DemoBankOptions) =>
      [...customerProfiles(o)]
        .map((p) => {
          const banking = customerBanking(o, p)
          return `${p.id}|${p.ssn}|${p.joinedAt.toISOString()}|${banking.transactions.length}|${banking.transactions.at(-1)?.amount}`
        })
        .join('\n')
    expect(fingerprint(options)).toBe(fingerprint({ ...options }))
    expect(fingerprint({ ...options, seed: 12 })).not.toBe(fingerprint(options))
    // Every row, not just a fingerprint.
    const rowsOf = (o: DemoBankOptions) =>
      JSON.stringify([...customerProfiles(o)].slice(0, 30).map((p) => [customerBanking(o, p), customerLending(o, p)]))
    expect(rowsOf(options)).toBe(rowsOf({ ...options }))
  })

  test("every domain uses the customers domain's ids, and campaign conversions equal the customers they acquired", async () => {
    const dbs = Object.fromEntries(
      await Promise.all(
        DOMAINS.map(async (domain) => {
          const db = await openDatabase({ domain })
          await db.migrate()
          await loadDemoData(db, domain, options, createFieldCipher(randomBytes(32)))
          return [domain, db] as const
        }),
      ),
    )
    try {
      const customerIds = new Set(
        (await dbs.customers!.query<{ id: string }>('SELECT id FROM "Customer"')).map((r) => r.id),
      )
      expect(customerIds.size).toBe(options.customers)
      const referenced = [
        ...(await dbs.transactions!.query<{ id: string }>('SELECT DISTINCT "customerId" AS id FROM "Transaction"')),
        ...(await dbs.loans!.query<{ id: string }>('SELECT DISTINCT "customerId" AS id FROM "LoanApplication"')),
        ...(await dbs.risk!.query<{ id: string }>('SELECT DISTINCT "customerId" AS id FROM "RiskAssessment"')),
        ...(await dbs.marketing!.query<{ id: string }>('SELECT "customerId" AS id FROM "CustomerAcquisition"')),
      ]
      expect(referenced.filter((r) => !customerIds.has(r.id))).toEqual([])

      const credited = await dbs.customers!.query<{ campaign: string; n: number }>(
        'SELECT "acquisitionCampaignId" AS campaign, count(*)::int AS n FROM "Customer" WHERE "acquisitionCampaignId" IS NOT NULL GROUP BY 1',
      )
      const campaigns = await dbs.marketing!.query<{ id: string; conversions: number }>(
        'SELECT id, conversions FROM "Campaign"',
      )
      for (const { campaign, n } of credited) expect(campaigns.find((c) => c.id === campaign)?.conversions).toBe(n)

      // Loan repayments and disbursements on checking name loans of the loans domain, of the same customer.
      const loans = new Map(
        (await dbs.loans!.query<{ id: string; customerId: string }>('SELECT id, "customerId" FROM "Loan"')).map((l) => [
          l.id,
          l.customerId,
        ]),
      )
      const loanBookings = await dbs.transactions!.query<{ loanId: string; customerId: string }>(
        `SELECT substring(description from 'L-[0-9]+-[0-9]+$') AS "loanId", "customerId" FROM "Transaction" WHERE description ~ '^Loan (repayment|disbursement) L-'`,
      )
      expect(loanBookings.length).toBeGreaterThan(0)
      expect(loanBookings.filter((b) => loans.get(b.loanId) !== b.customerId)).toEqual([])

      const late = await dbs.transactions!.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM "Transaction" WHERE date >= $1',
        [options.asOf],
      )
      expect(late[0]!.n).toBe(0)
      const openedLater = await dbs.transactions!.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM "Account" WHERE "openedAt" > $1',
        [options.asOf],
      )
      expect(openedLater[0]!.n).toBe(0)
      // Nothing the generator dates lies after the as-of moment, in any product (no freshness "in 2 hours").
      const dated: [keyof typeof dbs, string, string][] = [
        ['customers', 'Customer', 'joinedAt'],
        ['transactions', 'Account', 'openedAt'],
        ['transactions', 'Transaction', 'date'],
        ['loans', 'LoanApplication', 'submittedAt'],
        ['loans', 'LoanApplication', 'decidedAt'],
        ['loans', 'Loan', 'originatedAt'],
        ['risk', 'RiskAssessment', 'assessedAt'],
        ['marketing', 'CustomerAcquisition', 'acquiredAt'],
      ]
      const future: string[] = []
      for (const [domain, table, column] of dated) {
        const [row] = await dbs[domain]!.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" > $1`,
          [options.asOf],
        )
        if (row!.n > 0) future.push(`${table}.${column}: ${row!.n}`)
      }
      expect(future).toEqual([])
      // An account opened within the year of history holds exactly what was booked on it, whatever its type.
      const balances = await dbs.transactions!.query<{ id: string; balance: string; net: string }>(
        `
        SELECT a.id, a.balance::text AS balance, COALESCE(sum(CASE WHEN t.direction = 'CREDIT' THEN t.amount ELSE -t.amount END), 0)::text AS net
        FROM "Account" a LEFT JOIN "Transaction" t ON t."accountId" = a.id WHERE a."openedAt" >= $1 GROUP BY a.id`,
        [new Date(options.asOf.getTime() - 365 * DAY_MS)],
      )
      expect(balances.length).toBeGreaterThan(10)
      for (const b of balances) expect(Number(b.balance)).toBeCloseTo(Number(b.net), 2)
    } finally {
      for (const db of Object.values(dbs)) await db.close()
    }
  })

  test('at a larger size too, nothing is dated after the as-of moment: lending, assessments, acquisitions, banking', () => {
    const large: DemoBankOptions = { customers: 3000, seed: 5, asOf: new Date('2026-11-25T00:00:00.000Z') }
    const late: string[] = []
    const check = (what: string, at: Date | null) => {
      if (at && at.getTime() > large.asOf.getTime()) late.push(`${what} ${at.toISOString()}`)
    }
    for (const profile of customerProfiles(large)) {
      check(`${profile.id} joined`, profile.joinedAt)
      const lending = customerLending(large, profile)
      for (const a of lending.applications) {
        check(`${a.id} submitted`, a.submittedAt)
        check(`${a.id} decided`, a.decidedAt)
      }
      for (const l of lending.loans) check(`${l.id} originated`, l.originatedAt)
      for (const r of lending.assessments) check(`${r.id} assessed`, r.assessedAt)
      const banking = customerBanking(large, profile)
      for (const a of banking.accounts) check(`${a.id} opened`, a.openedAt)
      // Bookings end strictly before the as-of moment.
      for (const t of banking.transactions) check(`${t.id} booked`, new Date(t.date.getTime() + 1))
    }
    expect(late).toEqual([])
  })

  test('transactions carry lifecycle states and counterparties in realistic shares, and not one booking, amount, date or balance moves', () => {
    const bank: DemoBankOptions = { ...options, customers: 400 }
    const statuses: Record<string, number> = {}
    let rows = 0
    let sendingAbroadMonthly = 0
    const problems: string[] = []
    for (const profile of customerProfiles(bank)) {
      const banking = customerBanking(bank, profile)
      const detailed = customerTransactionRows(bank, profile, banking)
      // The bookings are customerBanking's, field for field; what follows them are reversed purchases and their reversal entries.
      const fields = (t: TransactionRow) =>
        [t.id, t.accountId, t.type, t.direction, t.amount, t.date.toISOString(), t.description, t.channel].join('|')
      if (
        detailed.slice(0, banking.transactions.length).map(fields).join('\n') !==
        banking.transactions.map(fields).join('\n')
      )
        problems.push(`${profile.id}: bookings changed`)
      const reversed = detailed.slice(banking.transactions.length)
      for (const [original, entry] of pairs(reversed)) {
        if (
          original.status !== 'REVERSED' ||
          entry.reversalOf !== original.id ||
          entry.amount !== original.amount ||
          entry.direction === original.direction
        )
          problems.push(`${original.id}: not a reversal pair`)
        if (entry.date.getTime() >= bank.asOf.getTime() || entry.date <= original.date)
          problems.push(`${original.id}: reversed at ${entry.date.toISOString()}`)
      }
      for (const row of detailed) {
        statuses[row.status] = (statuses[row.status] ?? 0) + 1
        if (
          row.status === 'PENDING' &&
          (row.type !== 'PAYMENT' || bank.asOf.getTime() - row.date.getTime() > 2 * DAY_MS)
        )
          problems.push(`${row.id}: pending but old or not a payment`)
        if (row.status === 'DISPUTED' && row.direction !== 'DEBIT') problems.push(`${row.id}: a disputed credit`)
        if (row.type === 'TRANSFER' && !(row.counterpartyCountry && row.counterpartyCurrency))
          problems.push(`${row.id}: a transfer without counterparty`)
        if (row.type !== 'TRANSFER' && row.counterpartyCountry)
          problems.push(`${row.id}: a counterparty on a ${row.type}`)
        if (row.counterpartyCountry && (row.counterpartyCountry === 'US') !== (row.counterpartyCurrency === 'USD'))
          problems.push(`${row.id}: ${row.counterpartyCountry} in ${row.counterpartyCurrency}`)
        if (row.type === 'PAYMENT' && row.channel === 'CARD' && !row.merchantCategory)
          problems.push(`${row.id}: a card payment without merchant category`)
      }
      rows += detailed.length
      // Money sent abroad in each of the last three full months.
      const abroad = new Set(
        detailed
          .filter((t) => t.counterpartyCountry && t.counterpartyCountry !== 'US')
          .map((t) => t.date.toISOString().slice(0, 7)),
      )
      if (['2026-03', '2026-04', '2026-05'].every((month) => abroad.has(month))) sendingAbroadMonthly++
    }
    expect(problems).toEqual([])
    const share = (status: string) => (statuses[status] ?? 0) / rows
    expect(share('POSTED')).toBeGreaterThan(0.97)
    expect(share('REVERSED')).toBeGreaterThan(0.002)
    expect(share('REVERSED')).toBeLessThan(0.02)
    expect(share('PENDING')).toBeGreaterThan(0.0005)
    expect(share('PENDING')).toBeLessThan(0.01)
    expect(statuses.DISPUTED).toBeGreaterThan(0)
    expect(share('DISPUTED')).toBeLessThan(0.002)
    expect(sendingAbroadMonthly / bank.customers).toBeGreaterThan(0.05)
    expect(sendingAbroadMonthly / bank.customers).toBeLessThan(0.3)
  })

  test('planted anomalies are large withdrawals on accounts with small regular activity', () => {
    const anomalies = plantedAnomalies(options)
    expect(anomalies.length).toBeGreaterThanOrEqual(3)
    for (const anomaly of anomalies)
      expect(Number(anomaly.amount)).toBeGreaterThanOrEqual(20 * Number(anomaly.typicalAmount))
    expect(campaignPlans(options).length).toBeGreaterThan(10)
  })
})

// ---------------------------------------------------------------------------------------------------
// Money flows, measured on the generated rows one customer at a time (a large bank is never held whole).

interface Flows {
  customers: number
  transactions: number
  /** Cents credited and debited over the last 90 days, by transaction type. */
  credits: Record<string, number>
  debits: Record<string, number>
  /** DEPOSIT credits in each of the last 13 full Monday-to-Sunday weeks. */
  weeklyDeposits: number[]
  /** Customers with history before the last three full months, and those paid as their income says in each. */
  earners: number
  paidEveryMonth: number
  /** Of the earners, those whose spending over the last 90 days is 70–130 % of their pay. */
  spendingLikeTheirPay: number
  /** Loans that must have been repaid in each of the last two full months, and those that were, with the right amount. */
  loansDue: number
  loansRepaid: number
  /** Loans that must not be repaid lately (delinquent for a month, defaulted, paid off), and those repaid anyway. */
  loansNotDue: number
  loansRepaidAnyway: number
  /** Loans originated within the transaction history, and those whose outstanding balance is not what their booked repayments leave. */
  loansBooked: number
  loansMisbalanced: number
  personalLoansPaidOut: number
  disbursementsMissing: number
  accounts: number
  /** Accounts opened within the history whose balance is not the sum of their bookings. */
  unbalancedAccounts: number
  /** Transfers between a customer's own accounts, and those missing their other side. */
  ownTransfers: number
  unmatchedOwnTransfers: number
  overdrawnCheckingAccounts: number
  checkingAccounts: number
}

const PAY = /^(Salary payment|Social Security benefit|Pension payment)$/
const TAKINGS = /^(Customer payment received|Card sales settlement|Business revenue deposit)$/

function measureFlows(o: DemoBankOptions): Flows {
  const now = o.asOf.getTime()
  const quarterStart = now - 90 * DAY_MS
  const lastMonday = Math.floor(now / DAY_MS) * DAY_MS - ((new Date(now).getUTCDay() + 6) % 7) * DAY_MS
  const firstMonday = lastMonday - 13 * 7 * DAY_MS
  const asOf = new Date(now)
  const months = [3, 2, 1].map(
    (back) =>
      [
        Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - back, 1),
        Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - back + 1, 1),
      ] as const,
  )
  const flows: Flows = {
    customers: o.customers,
    transactions: 0,
    credits: {},
    debits: {},
    weeklyDeposits: Array.from({ length: 13 }, () => 0),
    earners: 0,
    paidEveryMonth: 0,
    spendingLikeTheirPay: 0,
    loansDue: 0,
    loansRepaid: 0,
    loansNotDue: 0,
    loansRepaidAnyway: 0,
    loansBooked: 0,
    loansMisbalanced: 0,
    personalLoansPaidOut: 0,
    disbursementsMissing: 0,
    accounts: 0,
    unbalancedAccounts: 0,
    ownTransfers: 0,
    unmatchedOwnTransfers: 0,
    overdrawnCheckingAccounts: 0,
    checkingAccounts: 0,
  }
  const anomalyAccounts = new Set<string>()
  for (const profile of customerProfiles(o)) {
    const { accounts, transactions, anomaly } = customerBanking(o, profile)
    if (anomaly) anomalyAccounts.add(anomaly.accountId)
    flows.transactions += transactions.length
    for (const t of transactions) {
      const at = t.date.getTime()
      const week = Math.floor((at - firstMonday) / (7 * DAY_MS))
      if (t.type === 'DEPOSIT' && week >= 0 && week < 13) flows.weeklyDeposits[week]! += cents(t)
      if (at < quarterStart) continue
      const side = t.direction === 'CREDIT' ? flows.credits : flows.debits
      side[t.type] = (side[t.type] ?? 0) + cents(t)
    }
    measureAccounts(flows, accounts, transactions, now, anomalyAccounts)
    measurePay(flows, profile, accounts, transactions, months, quarterStart)
    measureLoans(flows, customerLending(o, profile).loans, transactions, months, now)
  }
  return flows
}

function measureAccounts(
  flows: Flows,
  accounts: AccountRow[],
  transactions: TransactionRow[],
  now: number,
  anomalyAccounts: Set<string>,
) {
  const net = new Map<string, number>()
  for (const t of transactions)
    net.set(t.accountId, (net.get(t.accountId) ?? 0) + (t.direction === 'CREDIT' ? cents(t) : -cents(t)))
  for (const account of accounts) {
    flows.accounts++
    if (
      account.openedAt.getTime() >= now - 365 * DAY_MS &&
      Math.round(Number(account.balance) * 100) !== (net.get(account.id) ?? 0)
    )
      flows.unbalancedAccounts++
    // A debit naming another of the customer's accounts is credited there, the same amount, a second later.
    for (const t of transactions.filter((t) => t.direction === 'DEBIT' && t.description.endsWith(` ${account.id}`))) {
      flows.ownTransfers++
      if (
        !transactions.some(
          (c) =>
            c.accountId === account.id &&
            c.direction === 'CREDIT' &&
            c.amount === t.amount &&
            c.date.getTime() - t.date.getTime() === 1000,
        )
      )
        flows.unmatchedOwnTransfers++
    }
    if (account.type === 'CHECKING' && !anomalyAccounts.has(account.id)) {
      flows.checkingAccounts++
      if (Number(account.balance) < 0) flows.overdrawnCheckingAccounts++
    }
  }
}

function measurePay(
  flows: Flows,
  profile: CustomerProfile,
  accounts: AccountRow[],
  transactions: TransactionRow[],
  months: (readonly [number, number])[],
  quarterStart: number,
) {
  const checking = accounts.find((a) => a.type === 'CHECKING')!
  if (checking.openedAt.getTime() >= months[0]![0]) return
  flows.earners++
  const business = profile.segment === 'SMALL_BUSINESS'
  // Employees and retirees: their monthly income, give or take a third paycheck in a biweekly month;
  // a small business: takings of about twice the owner's income.
  const [low, high] = business ? [1.4, 2.7] : [0.8, 1.5]
  const pay = transactions.filter(
    (t) => t.accountId === checking.id && t.direction === 'CREDIT' && (business ? TAKINGS : PAY).test(t.description),
  )
  const paid = (from: number, to: number) =>
    pay.filter((t) => t.date.getTime() >= from && t.date.getTime() < to).reduce((sum, t) => sum + cents(t), 0)
  if (
    months.every(
      ([from, to]) =>
        paid(from, to) >= low * profile.monthlyIncomeCents && paid(from, to) <= high * profile.monthlyIncomeCents,
    )
  )
    flows.paidEveryMonth++
  // Spending: everything that leaves for someone else (not a transfer between the customer's own accounts),
  // against what the quarter paid in (a small business's suppliers are paid out of its takings).
  const ownAccounts = new Set(accounts.map((a) => a.id))
  const spent = transactions
    .filter(
      (t) =>
        t.direction === 'DEBIT' &&
        t.date.getTime() >= quarterStart &&
        !ownAccounts.has(t.description.split(' ').at(-1)!) &&
        !(business && t.description === 'Supplier payment'),
    )
    .reduce((sum, t) => sum + cents(t), 0)
  const income = paid(quarterStart, Infinity) * (business ? 0.5 : 1)
  if (spent >= 0.7 * income && spent <= 1.3 * income) flows.spendingLikeTheirPay++
}

function measureLoans(
  flows: Flows,
  loans: LoanRow[],
  transactions: TransactionRow[],
  months: (readonly [number, number])[],
  now: number,
) {
  if (loans.length === 0) return
  const loanBookings = transactions.filter((t) => t.description.startsWith('Loan '))
  for (const loan of loans) {
    const repayments = loanBookings.filter(
      (t) => t.description === `Loan repayment ${loan.id}` && t.direction === 'DEBIT',
    )
    const originated = loan.originatedAt.getTime()
    const lastTwo = months.slice(1)
    if (loan.status === 'ACTIVE' && originated < lastTwo[0]![0] - 31 * DAY_MS) {
      flows.loansDue++
      // The annuity that pays the principal off over the term at the loan's rate.
      const r = Number(loan.annualInterestRate) / 12
      const payment = Math.round(
        (Math.round(Number(loan.principal) * 100) * r) / (1 - Math.pow(1 + r, -loan.termMonths)),
      )
      const inMonth = lastTwo.map(([from, to]) =>
        repayments.filter((t) => t.date.getTime() >= from && t.date.getTime() < to),
      )
      if (inMonth.every((rows) => rows.length === 1 && Math.abs(cents(rows[0]!) - payment) <= 1)) flows.loansRepaid++
    }
    const stopped =
      loan.status === 'DELINQUENT'
        ? now - 30 * DAY_MS
        : loan.status === 'DEFAULTED'
          ? now - 90 * DAY_MS
          : loan.status === 'PAID_OFF'
            ? loan.maturityDate.getTime() + 28 * DAY_MS
            : Infinity
    if (stopped < Infinity) {
      flows.loansNotDue++
      if (repayments.some((t) => t.date.getTime() >= stopped)) flows.loansRepaidAnyway++
    }
    if (originated >= now - 365 * DAY_MS) {
      // The annuity's balance after the repayments booked: principal grown by interest, less the repayments grown by it.
      flows.loansBooked++
      const r = Number(loan.annualInterestRate) / 12
      const principal = Math.round(Number(loan.principal) * 100)
      const payment = (principal * r) / (1 - Math.pow(1 + r, -loan.termMonths))
      const growth = Math.pow(1 + r, repayments.length)
      const left = Math.max(0, Math.round(principal * growth - (payment * (growth - 1)) / r))
      if (Math.abs(left - Math.round(Number(loan.outstandingBalance) * 100)) > 1) flows.loansMisbalanced++
    }
    if (loan.product === 'PERSONAL' && originated >= now - 365 * DAY_MS && originated < now - DAY_MS) {
      flows.personalLoansPaidOut++
      if (
        !loanBookings.some(
          (t) =>
            t.description === `Loan disbursement ${loan.id}` &&
            t.direction === 'CREDIT' &&
            cents(t) === Math.round(Number(loan.principal) * 100),
        )
      )
        flows.disbursementsMissing++
    }
  }
}

function cents(t: TransactionRow): number {
  return Math.round(Number(t.amount) * 100)
}

function sum(values: Record<string, number>): number {
  return Object.values(values).reduce((total, v) => total + v, 0)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length % 2
    ? sorted[(sorted.length - 1) / 2]!
    : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2
}

describe.each([
  { customers: 1_000, seed: DEFAULT_SEED, asOf: new Date('2026-11-25T00:00:00.000Z') },
  { customers: 5_000, seed: 5, asOf: new Date('2026-06-15T00:00:00.000Z') },
])('the money of a bank of $customers customers (seed $seed)', (bank: DemoBankOptions) => {
  let flows: Flows
  const measured = () => (flows ??= measureFlows(bank))

  test('over the last 90 days, outflows are 85–105 % of inflows, in the proportions of a retail bank', () => {
    const { credits, debits } = measured()
    const inflows = sum(credits)
    const outflows = sum(debits)
    expect(outflows / inflows).toBeGreaterThanOrEqual(0.85)
    expect(outflows / inflows).toBeLessThanOrEqual(1.05)
    // Pay arrives as deposits; money leaves as payments and transfers, a little as cash and fees.
    expect(credits.DEPOSIT! / inflows).toBeGreaterThan(0.8)
    expect((debits.PAYMENT! + debits.TRANSFER!) / outflows).toBeGreaterThan(0.9)
    expect(debits.PAYMENT! / outflows).toBeGreaterThan(0.15)
    expect(debits.WITHDRAWAL! / outflows).toBeGreaterThan(0.01)
    expect(debits.WITHDRAWAL! / outflows).toBeLessThan(0.1)
    expect(debits.FEE! / outflows).toBeGreaterThan(0.0001)
    expect(debits.FEE! / outflows).toBeLessThan(0.01)
  }, 120_000)

  test('weekly deposits over the last 13 weeks have no outliers: the largest week is at most twice the median', () => {
    const weeks = measured().weeklyDeposits
    expect(Math.max(...weeks)).toBeLessThanOrEqual(2 * median(weeks))
    expect(Math.min(...weeks)).toBeGreaterThanOrEqual(0.5 * median(weeks))
  }, 120_000)

  test('customers are paid every month as their income says, and spend most of it', () => {
    const { earners, paidEveryMonth, spendingLikeTheirPay } = measured()
    expect(earners).toBeGreaterThan(0.5 * bank.customers)
    expect(paidEveryMonth / earners).toBeGreaterThanOrEqual(0.98)
    expect(spendingLikeTheirPay / earners).toBeGreaterThanOrEqual(0.9)
  }, 120_000)

  test('loans are repaid monthly by their annuity, stop being repaid when delinquent, defaulted or paid off, owe what their repayments leave; personal loans are paid out', () => {
    const {
      loansDue,
      loansRepaid,
      loansNotDue,
      loansRepaidAnyway,
      loansBooked,
      loansMisbalanced,
      personalLoansPaidOut,
      disbursementsMissing,
    } = measured()
    expect(loansBooked).toBeGreaterThan(10)
    expect(loansMisbalanced).toBe(0)
    expect(loansDue).toBeGreaterThan(10)
    expect(loansRepaid).toBe(loansDue)
    expect(loansNotDue).toBeGreaterThan(0)
    expect(loansRepaidAnyway).toBe(0)
    expect(personalLoansPaidOut).toBeGreaterThan(5)
    expect(disbursementsMissing).toBe(0)
  }, 120_000)

  test('balances are what was booked, transfers between own accounts have both sides, hardly any checking account is overdrawn, and a customer has about 130 transactions', () => {
    const {
      accounts,
      unbalancedAccounts,
      ownTransfers,
      unmatchedOwnTransfers,
      overdrawnCheckingAccounts,
      checkingAccounts,
      transactions,
    } = measured()
    expect(accounts).toBeGreaterThan(bank.customers)
    expect(unbalancedAccounts).toBe(0)
    expect(ownTransfers).toBeGreaterThan(bank.customers)
    expect(unmatchedOwnTransfers).toBe(0)
    expect(overdrawnCheckingAccounts / checkingAccounts).toBeLessThan(0.02)
    // The count load times are planned on.
    expect(transactions / bank.customers).toBeGreaterThan(100)
    expect(transactions / bank.customers).toBeLessThan(160)
  }, 120_000)
})

describe('anomalies in the bank the anomaly and fraud tests serve (600 customers, seed 7)', () => {
  const bank: DemoBankOptions = { customers: 600, seed: 7, asOf: new Date('2026-11-25T00:00:00.000Z') }
  let customers: ReturnType<typeof customerBanking>[]
  let planted: PlantedAnomaly[]
  beforeAll(() => {
    customers = [...customerProfiles(bank)].map((profile) => customerBanking(bank, profile))
    planted = customers.map((c) => c.anomaly).filter((a): a is PlantedAnomaly => a !== null)
  })

  test("each planted withdrawal stands far above the account's withdrawals, and no other debit of the account is half as large", () => {
    expect(planted.length).toBeGreaterThanOrEqual(3)
    for (const anomaly of planted) {
      const debits = customers
        .flatMap((c) => c.transactions)
        .filter((t) => t.accountId === anomaly.accountId && t.direction === 'DEBIT')
      const withdrawals = debits.filter((t) => t.type === 'WITHDRAWAL')
      expect(withdrawals.length).toBeGreaterThanOrEqual(5)
      expect(
        robustZ(Number(anomaly.amount), debitProfile(withdrawals.map((t) => Number(t.amount)))),
      ).toBeGreaterThanOrEqual(25)
      expect(
        debits.filter((t) => t.id !== anomaly.transactionId && Number(t.amount) >= Number(anomaly.amount) / 2),
      ).toEqual([])
    }
  })

  test("ordinary debits are hardly ever unusual by the product's anomaly rule", () => {
    // The rule of anomalousTransactions: 25 robust deviations above the account's debits of the same type (5 at
    // least), with at most one other debit of the account half as large.
    const flagged: string[] = []
    for (const { transactions, anomaly } of customers) {
      const byAccount = groupBy(
        transactions.filter((t) => t.direction === 'DEBIT'),
        (t) => t.accountId,
      )
      for (const debits of byAccount.values()) {
        for (const sameType of groupBy(debits, (t) => t.type).values()) {
          if (sameType.length < 5) continue
          const profile = debitProfile(sameType.map((t) => Number(t.amount)))
          for (const t of sameType) {
            if (t.id === anomaly?.transactionId || robustZ(Number(t.amount), profile) < 25) continue
            if (debits.filter((o) => o.id !== t.id && Number(o.amount) >= Number(t.amount) / 2).length <= 1)
              flagged.push(`${t.id} ${t.description} ${t.amount}`)
          }
        }
      }
    }
    expect(flagged.length).toBeLessThanOrEqual(planted.length)
  })

  test('the shipped fraud model scores every planted withdrawal high and ordinary debits low', () => {
    const model = shippedFraudModel()
    let ordinaryHigh = 0
    for (const { transactions, anomaly } of customers) {
      for (const rows of groupBy(
        transactions.filter((t) => t.direction === 'DEBIT'),
        (t) => t.accountId,
      ).values()) {
        // Accounts with too little history are not scored (as in the product).
        if (rows.length < 10) continue
        const debits = rows.map((t) => ({ id: t.id, amount: Number(t.amount), type: t.type, channel: t.channel }))
        const profile = debitProfile(debits.map((d) => d.amount))
        const scores = model.score(debits.map((debit) => ({ debit, profile, context: debitContext(debit, debits) })))
        debits.forEach((debit, i) => {
          if (debit.id === anomaly?.transactionId) expect(scores[i]).toBeGreaterThanOrEqual(0.5)
          else if (scores[i]! >= 0.5) ordinaryHigh++
        })
      }
    }
    expect(ordinaryHigh).toBeLessThanOrEqual(1)
  }, 60_000)
})

/** Rows taken two by two. */
function pairs(rows: DetailedTransactionRow[]): [DetailedTransactionRow, DetailedTransactionRow][] {
  return rows.flatMap((row, i) =>
    i % 2 === 0 ? [[row, rows[i + 1]!] as [DetailedTransactionRow, DetailedTransactionRow]] : [],
  )
}
