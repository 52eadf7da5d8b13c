// `npx tsx prisma/demo-data/summary.ts [--customers 1000] [--seed 42] [--as-of 2026-11-25] [--days 90]`: the
// demo bank's money flows over the last quarter, the figures prisma/demo-data/README.md quotes. Streams one
// customer at a time, so 100,000 customers need no more memory than one.
import { parseArgs } from 'node:util'
import {
  customerBanking,
  customerProfiles,
  DEFAULT_CUSTOMERS,
  DEFAULT_SEED,
  type DemoBankOptions,
  type TransactionRow,
} from './generate'

const DAY_MS = 86_400_000

export interface BankSummary {
  customers: number
  accounts: number
  transactions: number
  /** Window the flows are summed over: [from, asOf). */
  from: Date
  asOf: Date
  /** Cents credited and debited in the window, in total and by transaction type. */
  inflowCents: number
  outflowCents: number
  byType: Record<string, { credits: number; debits: number; creditCents: number; debitCents: number }>
  /** Cents by what the booking models (its description with account ids left out), largest first. */
  byKind: { kind: string; direction: string; count: number; cents: number }[]
  /** DEPOSIT credits per full Monday-to-Sunday week, the last 13 before the as-of day, oldest first. */
  weeklyDepositCents: { week: string; cents: number }[]
  /** Accounts whose balance is below zero (credit cards excepted). */
  overdrawnAccounts: number
}

export function summarizeBank(options: DemoBankOptions, days = 90): BankSummary {
  const now = options.asOf.getTime()
  const from = now - days * DAY_MS
  const weeks = 13
  const firstMonday = mondayOnOrBefore(now) - weeks * 7 * DAY_MS
  const weekly = Array.from({ length: weeks }, () => 0)
  const byType: BankSummary['byType'] = {}
  const byKind = new Map<string, { kind: string; direction: string; count: number; cents: number }>()
  let inflowCents = 0,
    outflowCents = 0,
    accounts = 0,
    transactions = 0,
    overdrawnAccounts = 0

  for (const profile of customerProfiles(options)) {
    const banking = customerBanking(options, profile)
    accounts += banking.accounts.length
    transactions += banking.transactions.length
    overdrawnAccounts += banking.accounts.filter((a) => a.type !== 'CREDIT_CARD' && Number(a.balance) < 0).length
    for (const t of banking.transactions) {
      const at = t.date.getTime()
      const week = Math.floor((at - firstMonday) / (7 * DAY_MS))
      if (t.type === 'DEPOSIT' && t.direction === 'CREDIT' && week >= 0 && week < weeks)
        weekly[week]! += Math.round(Number(t.amount) * 100)
      if (at < from || at >= now) continue
      const cents = Math.round(Number(t.amount) * 100)
      const type = (byType[t.type] ??= { credits: 0, debits: 0, creditCents: 0, debitCents: 0 })
      if (t.direction === 'CREDIT') {
        inflowCents += cents
        type.credits++
        type.creditCents += cents
      } else {
        outflowCents += cents
        type.debits++
        type.debitCents += cents
      }
      const kind = kindOf(t)
      const entry = byKind.get(`${kind}|${t.direction}`) ?? { kind, direction: t.direction, count: 0, cents: 0 }
      entry.count++
      entry.cents += cents
      byKind.set(`${kind}|${t.direction}`, entry)
    }
  }
  return {
    customers: options.customers,
    accounts,
    transactions,
    from: new Date(from),
    asOf: options.asOf,
    inflowCents,
    outflowCents,
    byType,
    byKind: [...byKind.values()].sort((a, b) => b.cents - a.cents),
    weeklyDepositCents: weekly.map((cents, i) => ({
      week: new Date(firstMonday + i * 7 * DAY_MS).toISOString().slice(0, 10),
      cents,
    })),
    overdrawnAccounts,
  }
}

/** The summary as the Markdown the README quotes. */
export function summaryMarkdown(summary: BankSummary): string {
  const usd = (cents: number) => `${(cents / 100).toLocaleString('en-US', { maximumFractionDigits: 0 })}`
  const weeks = summary.weeklyDepositCents.map((w) => w.cents)
  const sorted = [...weeks].sort((a, b) => a - b)
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]!
      : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2
  const lines = [
    `${summary.customers.toLocaleString('en-US')} customers, ${summary.accounts.toLocaleString('en-US')} accounts, ${summary.transactions.toLocaleString('en-US')} transactions (${(summary.transactions / summary.customers).toFixed(0)} a customer); ${summary.overdrawnAccounts} overdrawn checking or savings accounts`,
    `Window ${summary.from.toISOString().slice(0, 10)} to ${summary.asOf.toISOString().slice(0, 10)} (exclusive)`,
    '',
    `| | USD |`,
    `|---|---:|`,
    `| Inflows (credits) | ${usd(summary.inflowCents)} |`,
    `| Outflows (debits) | ${usd(summary.outflowCents)} |`,
    `| Outflows / inflows | ${((100 * summary.outflowCents) / summary.inflowCents).toFixed(1)} % |`,
    '',
    '| Type | Credits | Credited USD | Debits | Debited USD |',
    '|---|---:|---:|---:|---:|',
    ...Object.entries(summary.byType)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([type, t]) =>
          `| ${type} | ${t.credits.toLocaleString('en-US')} | ${usd(t.creditCents)} | ${t.debits.toLocaleString('en-US')} | ${usd(t.debitCents)} |`,
      ),
    '',
    '| What the booking models | Direction | Count | USD |',
    '|---|---|---:|---:|',
    ...summary.byKind.map(
      (k) => `| ${k.kind} | ${k.direction} | ${k.count.toLocaleString('en-US')} | ${usd(k.cents)} |`,
    ),
    '',
    `Weekly deposits (the last ${weeks.length} full weeks): median ${usd(median)} USD, largest ${usd(sorted.at(-1) ?? 0)} USD (${(sorted.at(-1)! / median).toFixed(2)}× the median), smallest ${usd(sorted[0] ?? 0)} USD`,
    '',
    ...summary.weeklyDepositCents.map((w) => `- week of ${w.week}: ${usd(w.cents)}`),
  ]
  return lines.join('\n')
}

/** A booking's description with its account and loan ids left out: what the booking models. */
function kindOf(t: TransactionRow): string {
  return `${t.type} ${t.description.replace(/\s+(A|L|T)-[\d-]+$/, '').replace(/^Transfer to [A-Z][a-z]+ [A-Z]\.$/, 'Transfer to a person')}`
}

/** The Monday that starts the week `ms` falls in (UTC). */
function mondayOnOrBefore(ms: number): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS
  return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string', default: '2026-11-25' },
      days: { type: 'string', default: '90' },
    },
  })
  const options: DemoBankOptions = {
    customers: Number(values.customers ?? DEFAULT_CUSTOMERS),
    seed: Number(values.seed ?? DEFAULT_SEED),
    asOf: new Date(`${values['as-of']}T00:00:00.000Z`),
  }
  const started = Date.now()
  console.log(summaryMarkdown(summarizeBank(options, Number(values.days))))
  console.log(`\n(seed ${options.seed}, generated in ${((Date.now() - started) / 1000).toFixed(1)} s)`)
}
