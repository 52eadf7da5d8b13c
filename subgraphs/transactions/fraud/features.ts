// What the fraud model and the anomaly rule see of a debit: how it compares with the same account's own
// debits (robust statistics: median and median absolute deviation, which one huge withdrawal cannot move),
// plus its kind and channel. One definition for training, scoring and the anomaly reason.

export interface DebitProfile {
  /** How many debits the account has. */
  count: number
  median: number
  /** Median absolute deviation from the median. */
  mad: number
  /** 90th percentile. */
  p90: number
}

/** What the robust z-score and an anomaly's reason need of a set of debits. */
export type DebitSpread = Pick<DebitProfile, 'count' | 'median' | 'mad'>

export interface ScoredDebit {
  amount: number
  type: string
  channel: string
}

/** How the debit compares with the account's other debits: what tells a monthly savings transfer from a one-off. */
export interface DebitContext {
  /** Median of the account's debits of the same type. */
  typeMedian: number
  /** How many of the account's other debits are at least half this amount. */
  comparable: number
}

/** The context of a debit among all the account's debits (itself included in `debits`). */
export function debitContext(
  debit: ScoredDebit & { id: string },
  debits: (ScoredDebit & { id: string })[],
): DebitContext {
  const sameType = debits
    .filter((d) => d.type === debit.type)
    .map((d) => d.amount)
    .sort((a, b) => a - b)
  return {
    typeMedian: percentile(sameType, 0.5),
    comparable: debits.filter((d) => d.id !== debit.id && d.amount >= debit.amount / 2).length,
  }
}

export const FEATURE_NAMES = [
  'log_amount',
  'log_ratio_to_median',
  'robust_z',
  'log_ratio_to_p90',
  'log_debit_count',
  'log_ratio_to_type_median',
  'log_comparable_debits',
  'is_withdrawal',
  'is_transfer',
  'is_payment',
  'is_fee',
  'at_branch',
  'at_atm',
  'online',
  'mobile',
  'card',
] as const

/** PostgreSQL's percentile_cont: linear interpolation between the closest ranks of sorted values. */
export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0
  const position = (sorted.length - 1) * fraction
  const below = Math.floor(position)
  const above = Math.ceil(position)
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below)
}

export function debitProfile(amounts: number[]): DebitProfile {
  const sorted = [...amounts].sort((a, b) => a - b)
  const median = percentile(sorted, 0.5)
  const deviations = sorted.map((a) => Math.abs(a - median)).sort((a, b) => a - b)
  return { count: sorted.length, median, mad: percentile(deviations, 0.5), p90: percentile(sorted, 0.9) }
}

/** How many robust standard deviations above the account's median; the scale never falls below 5 % of the median (or 1). */
export function robustZ(amount: number, profile: DebitSpread): number {
  return (amount - profile.median) / Math.max(1.4826 * profile.mad, 0.05 * profile.median, 1)
}

export function fraudFeatures(debit: ScoredDebit, profile: DebitProfile, context: DebitContext): number[] {
  const z = robustZ(debit.amount, profile)
  return [
    Math.log10(debit.amount + 1),
    Math.log10((debit.amount + 1) / (profile.median + 1)),
    Math.sign(z) * Math.log1p(Math.abs(z)),
    Math.log10((debit.amount + 1) / (profile.p90 + 1)),
    Math.log10(profile.count + 1),
    Math.log10((debit.amount + 1) / (context.typeMedian + 1)),
    Math.log10(context.comparable + 1),
    debit.type === 'WITHDRAWAL' ? 1 : 0,
    debit.type === 'TRANSFER' ? 1 : 0,
    debit.type === 'PAYMENT' ? 1 : 0,
    debit.type === 'FEE' ? 1 : 0,
    debit.channel === 'BRANCH' ? 1 : 0,
    debit.channel === 'ATM' ? 1 : 0,
    debit.channel === 'ONLINE' ? 1 : 0,
    debit.channel === 'MOBILE' ? 1 : 0,
    debit.channel === 'CARD' ? 1 : 0,
  ]
}

/** Why a debit stands out among the account's debits of its type (`profile`), in words. */
export function anomalyReason(debit: ScoredDebit & { accountId: string }, profile: DebitSpread): string {
  const times = debit.amount / Math.max(profile.median, 0.01)
  const money = (value: number) => value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  const kind = debit.type.toLowerCase()
  return `${kind.charAt(0).toUpperCase()}${kind.slice(1)} of ${money(debit.amount)} USD is ${times >= 10 ? Math.round(times) : times.toFixed(1)}× the typical ${kind} of account ${debit.accountId} (median ${money(profile.median)} USD over ${profile.count} ${kind}s; robust z-score ${robustZ(debit.amount, profile).toFixed(1)})`
}
