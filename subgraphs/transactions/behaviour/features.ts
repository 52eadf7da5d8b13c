// What the global-account propensity model reads of a customer: figures of their own transactions over the
// detection window, computed by the same code in training (scripts/train-propensity.ts) and in the product.
import {
  detectBehaviour,
  isIncome,
  isInternationalTransfer,
  WINDOW_MONTHS,
  type BehaviourTransaction,
  type CustomerBehaviour,
} from './patterns'

export const PROPENSITY_FEATURE_NAMES = [
  'regularInternationalTransfers',
  'anyInternationalTransfer',
  'internationalMonthsShare',
  'internationalTransfersPerMonth',
  'internationalCountries',
  'internationalShareOfInflow',
  'travelPaymentsPerMonth',
  'travelSpendShareOfInflow',
  'log2MonthlyInflow',
  'regularIncome',
  'subscriptions',
  'monthsObserved',
] as const

/** The model's features for one customer, in PROPENSITY_FEATURE_NAMES order, with the patterns they came from. */
export function propensityFeatures(
  transactions: readonly BehaviourTransaction[],
  asOf: Date,
  behaviour: CustomerBehaviour = detectBehaviour(transactions, asOf),
): number[] {
  const windowStart = asOf.getTime() - WINDOW_MONTHS * 30 * 86_400_000
  const rows = transactions.filter(
    (t) => t.status !== 'REVERSED' && t.date.getTime() >= windowStart && t.date.getTime() < asOf.getTime(),
  )
  const months = Math.max(1, behaviour.monthsObserved)
  const abroad = rows.filter(isInternationalTransfer)
  const travel = rows.filter((t) => t.type === 'PAYMENT' && t.merchantCategory === 'TRAVEL')
  const inflow = rows.filter(isIncome).reduce((sum, t) => sum + t.amount, 0)
  const monthsAbroad = new Set(abroad.map((t) => Math.floor((asOf.getTime() - t.date.getTime()) / (30 * 86_400_000))))
    .size
  const share = (amount: number) => (inflow > 0 ? Math.min(1, amount / inflow) : 0)
  return [
    behaviour.patterns.some((p) => p.kind === 'INTERNATIONAL_TRANSFERS') ? 1 : 0,
    abroad.length > 0 ? 1 : 0,
    monthsAbroad / months,
    abroad.length / months,
    new Set(abroad.map((t) => t.counterpartyCountry)).size,
    share(abroad.reduce((sum, t) => sum + t.amount, 0)),
    travel.length / months,
    share(travel.reduce((sum, t) => sum + t.amount, 0)),
    Math.log2(1 + behaviour.monthlyInflow),
    behaviour.patterns.some((p) => p.kind === 'SALARY') ? 1 : 0,
    behaviour.patterns.filter((p) => p.kind === 'SUBSCRIPTION').length,
    behaviour.monthsObserved,
  ]
}
