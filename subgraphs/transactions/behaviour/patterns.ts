// Recurring habits found in one customer's own transactions: money sent abroad on a schedule (with the countries
// and the cadence), a regular income (salary, pension or benefit) and recurring subscriptions. Pure: the same rows
// give the same patterns, in the product and in the propensity model's training (scripts/train-propensity.ts).

/** What the detection reads of a transaction. */
export interface BehaviourTransaction {
  date: Date
  type: string
  direction: string
  /** In the account's currency (USD for the demo bank). */
  amount: number
  description: string
  status: string
  counterpartyCountry: string | null
  counterpartyCurrency: string | null
  merchantCategory: string | null
}

export type PatternKind = 'INTERNATIONAL_TRANSFERS' | 'SALARY' | 'SUBSCRIPTION'
export type Cadence = 'WEEKLY' | 'BIWEEKLY' | 'TWICE_MONTHLY' | 'MONTHLY' | 'EVERY_FEW_MONTHS'
/**
 * A segment derived from this product's own rows (money coming in a month), not the Customers product's
 * commercial segment: see `behaviourSegment` for why.
 */
export type BehaviourSegment = 'LOW_INFLOW' | 'MIDDLE_INFLOW' | 'HIGH_INFLOW' | 'VERY_HIGH_INFLOW'

export interface BehaviourPattern {
  kind: PatternKind
  cadence: Cadence
  /** Who is paid or pays, as the statement names it; null for transfers abroad (several payees). */
  counterparty: string | null
  /** For transfers abroad: the countries of the receiving banks, most used first. */
  countries: string[]
  /** For transfers abroad: the currencies sent, most used first. */
  currencies: string[]
  /** Months of the observed window (30-day months back from the as-of moment) with at least one occurrence. */
  monthsSeen: number
  occurrences: number
  /** The median amount. */
  typicalAmount: number
  firstSeen: Date
  lastSeen: Date
}

export interface CustomerBehaviour {
  /** Months of history in the window (at most WINDOW_MONTHS): from the first money in or recurring payment. */
  monthsObserved: number
  /** Average money in a month (deposits, not the bank's own postings), over the months observed. */
  monthlyInflow: number
  segment: BehaviourSegment
  patterns: BehaviourPattern[]
}

/** How far back patterns are looked for: the product's year of history. */
export const WINDOW_MONTHS = 12
const MONTH_MS = 30 * 86_400_000
const DAY_MS = 86_400_000
/** A habit shows in at least this many months, and in at least this share of the months observed. */
export const MIN_MONTHS_SEEN = 3
export const MIN_INTERNATIONAL_COVERAGE = 0.5
export const MIN_RECURRING_COVERAGE = 0.6
/** A regular income or a subscription keeps its amount: median absolute deviation within this share of the median. */
export const MAX_AMOUNT_SPREAD = 0.1
/** A transfer's counterparty outside the bank's country is international. */
export const HOME_COUNTRY = 'US'
/** Credits the bank posts itself (not income), by their statement text. */
const BANK_POSTINGS = /^(Interest paid|Opening deposit|Loan disbursement|Reversal of )/
/** Monthly money in from which each segment starts, in USD. */
export const SEGMENT_FLOORS: readonly (readonly [BehaviourSegment, number])[] = [
  ['VERY_HIGH_INFLOW', 15_000],
  ['HIGH_INFLOW', 7_000],
  ['MIDDLE_INFLOW', 2_500],
  ['LOW_INFLOW', 0],
]

/** Whether a row can take part in a pattern or in the propensity model's features (the product reads only these). */
export function isBehaviourRelevant(t: BehaviourTransaction): boolean {
  if (t.status === 'REVERSED') return false
  if (t.type === 'DEPOSIT') return t.direction === 'CREDIT'
  if (t.type === 'TRANSFER') return isInternationalTransfer(t)
  return t.type === 'PAYMENT' && (t.merchantCategory === 'SUBSCRIPTIONS' || t.merchantCategory === 'TRAVEL')
}

export function isInternationalTransfer(t: BehaviourTransaction): boolean {
  return (
    t.type === 'TRANSFER' &&
    t.direction === 'DEBIT' &&
    t.counterpartyCountry !== null &&
    t.counterpartyCountry !== HOME_COUNTRY
  )
}

export function isIncome(t: BehaviourTransaction): boolean {
  return t.type === 'DEPOSIT' && t.direction === 'CREDIT' && !BANK_POSTINGS.test(t.description)
}

/** The customer's patterns over the WINDOW_MONTHS before `asOf`, from their own transactions (any order). */
export function detectBehaviour(transactions: readonly BehaviourTransaction[], asOf: Date): CustomerBehaviour {
  const windowStart = asOf.getTime() - WINDOW_MONTHS * MONTH_MS
  const rows = transactions
    .filter((t) => isBehaviourRelevant(t) && t.date.getTime() >= windowStart && t.date.getTime() < asOf.getTime())
    .sort((a, b) => a.date.getTime() - b.date.getTime())
  const monthsObserved = rows.length
    ? Math.min(WINDOW_MONTHS, Math.ceil((asOf.getTime() - rows[0]!.date.getTime()) / MONTH_MS))
    : 0
  const monthOf = (t: BehaviourTransaction) => Math.floor((asOf.getTime() - t.date.getTime()) / MONTH_MS)
  const patterns: BehaviourPattern[] = []

  const abroad = rows.filter(isInternationalTransfer)
  const international = regularity(abroad, monthOf, monthsObserved, MIN_INTERNATIONAL_COVERAGE)
  if (international) {
    patterns.push({
      kind: 'INTERNATIONAL_TRANSFERS',
      cadence:
        international.coverage >= 0.75
          ? frequencyCadence(abroad.length / international.summary.monthsSeen)
          : 'EVERY_FEW_MONTHS',
      counterparty: null,
      countries: mostUsedFirst(abroad.map((t) => t.counterpartyCountry!)),
      currencies: mostUsedFirst(abroad.flatMap((t) => (t.counterpartyCurrency ? [t.counterpartyCurrency] : []))),
      ...international.summary,
    })
  }
  for (const [kind, series] of [
    ['SALARY', rows.filter(isIncome)],
    ['SUBSCRIPTION', rows.filter((t) => t.type === 'PAYMENT' && t.merchantCategory === 'SUBSCRIPTIONS')],
  ] as const) {
    for (const [counterparty, payments] of groupByText(series)) {
      const regular = regularity(payments, monthOf, monthsObserved, MIN_RECURRING_COVERAGE)
      if (!regular || relativeSpread(payments.map((t) => t.amount)) > MAX_AMOUNT_SPREAD) continue
      patterns.push({
        kind,
        cadence: gapCadence(payments),
        counterparty,
        countries: [],
        currencies: [],
        ...regular.summary,
      })
    }
  }
  const monthlyInflow = monthsObserved
    ? rows.filter(isIncome).reduce((sum, t) => sum + t.amount, 0) / monthsObserved
    : 0
  return {
    monthsObserved,
    monthlyInflow: Math.round(monthlyInflow * 100) / 100,
    segment: behaviourSegment(monthlyInflow),
    patterns: patterns.sort(byKindThenSize),
  }
}

/**
 * The segment of a monthly inflow. The Customers product owns the commercial segment (MASS, AFFLUENT, ...);
 * copying it here would make a second, drifting source, and grouping by it would need either that copy or the
 * gateway joining individuals' rows, which would bypass the small-group rule only this product can enforce on
 * its own rows. So the behaviour segment is derived from what this product holds: money coming in a month.
 */
export function behaviourSegment(monthlyInflow: number): BehaviourSegment {
  return SEGMENT_FLOORS.find(([, floor]) => monthlyInflow >= floor)![0]
}

function regularity(
  series: readonly BehaviourTransaction[],
  monthOf: (t: BehaviourTransaction) => number,
  monthsObserved: number,
  minimumCoverage: number,
) {
  const monthsSeen = new Set(series.map(monthOf)).size
  if (monthsSeen < MIN_MONTHS_SEEN || monthsObserved === 0) return undefined
  const coverage = monthsSeen / monthsObserved
  if (coverage < minimumCoverage) return undefined
  return {
    coverage,
    summary: {
      monthsSeen,
      occurrences: series.length,
      typicalAmount: median(series.map((t) => t.amount)),
      firstSeen: series[0]!.date,
      lastSeen: series[series.length - 1]!.date,
    },
  }
}

/** Cadence from how many times a month it happens (for transfers abroad, which go to several payees). */
function frequencyCadence(perMonth: number): Cadence {
  if (perMonth >= 3.5) return 'WEEKLY'
  if (perMonth >= 1.6) return 'TWICE_MONTHLY'
  return 'MONTHLY'
}

/** Cadence of one payer's or payee's series from the days between occurrences (sorted by date). */
function gapCadence(series: readonly BehaviourTransaction[]): Cadence {
  const gaps = series.slice(1).map((t, i) => Math.round((t.date.getTime() - series[i]!.date.getTime()) / DAY_MS))
  const typical = median(gaps)
  if (typical <= 9) return 'WEEKLY'
  // A biweekly payroll falls on the same weekday: every gap is a whole number of weeks.
  if (typical <= 20)
    return gaps.filter((gap) => gap % 7 === 0).length >= gaps.length * 0.8 ? 'BIWEEKLY' : 'TWICE_MONTHLY'
  if (typical <= 45) return 'MONTHLY'
  return 'EVERY_FEW_MONTHS'
}

function groupByText(series: readonly BehaviourTransaction[]): Map<string, BehaviourTransaction[]> {
  const groups = new Map<string, BehaviourTransaction[]>()
  for (const t of series) groups.set(t.description, [...(groups.get(t.description) ?? []), t])
  return groups
}

function mostUsedFirst(values: readonly string[]): string[] {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value]) => value)
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Median absolute deviation over the median: how much an amount moves around its usual value. */
function relativeSpread(amounts: readonly number[]): number {
  const middle = median(amounts)
  return middle > 0 ? median(amounts.map((amount) => Math.abs(amount - middle))) / middle : Infinity
}

const KIND_ORDER: Record<PatternKind, number> = { INTERNATIONAL_TRANSFERS: 0, SALARY: 1, SUBSCRIPTION: 2 }
const byKindThenSize = (a: BehaviourPattern, b: BehaviourPattern) =>
  KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
  b.occurrences - a.occurrences ||
  (a.counterparty ?? '').localeCompare(b.counterparty ?? '')
