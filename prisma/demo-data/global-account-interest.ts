// The demo bank's ground truth for the propensity model: whether each customer would take up the global account
// (a multi-currency account for money sent and spent abroad) if offered it, as a pilot campaign would reveal.
// A latent interest drawn from a random stream of its own ("global-account-interest"), so it moves no booking: it
// rises with several habits (money sent home every month, trips abroad, an occasional transfer abroad, income) and
// with things no transaction shows (age, family or studies abroad), plus noise. The rule "customers who regularly
// make international transfers" therefore finds part of the interested customers, not all, and not only them.
import type { CustomerProfile, DemoBankOptions } from './generate'
import { randomFor } from './random'
import type { DetailedTransactionRow } from './transaction-details'

const HOUSEHOLD_TRANSFER = 'Transfer to joint household account'
const YEAR_MS = 365.25 * 86_400_000

/** Weights of the latent interest (log-odds). */
const BASELINE = -3.3
const SENDS_HOME_EVERY_MONTH = 1.9
const PER_TRIP = 0.45
const MAX_TRIPS = 5
const OCCASIONAL_TRANSFER_ABROAD = 1.2
const PER_DOUBLING_OF_INCOME = 0.55
const UNDER_40 = 0.45
const OVER_70 = -0.9
/** What the bank cannot see: family, studies or work abroad without money moving yet. */
const UNSEEN_SPREAD = 1.0

export interface GlobalAccountInterest {
  /** The probability the habits give. */
  probability: number
  /** Whether this customer would take the global account up (drawn from `probability`). */
  interested: boolean
}

/** A customer's interest in the global account, from their profile and the rows the Transaction table holds for them. */
export function globalAccountInterest(
  options: DemoBankOptions,
  profile: CustomerProfile,
  rows: readonly DetailedTransactionRow[],
): GlobalAccountInterest {
  const random = randomFor(options.seed, 'global-account-interest', profile.index)
  const abroad = rows.filter(
    (t) =>
      t.type === 'TRANSFER' &&
      t.direction === 'DEBIT' &&
      t.counterpartyCountry !== null &&
      t.counterpartyCountry !== 'US' &&
      t.status !== 'REVERSED',
  )
  const sendsHome = abroad.filter((t) => t.description === HOUSEHOLD_TRANSFER).length >= 3
  const occasional = !sendsHome && abroad.length > 0
  const trips = rows.filter((t) => t.merchantCategory === 'TRAVEL' && t.status !== 'REVERSED').length
  const age = (options.asOf.getTime() - profile.dateOfBirth.getTime()) / YEAR_MS
  const logOdds =
    BASELINE +
    (sendsHome ? SENDS_HOME_EVERY_MONTH : 0) +
    (occasional ? OCCASIONAL_TRANSFER_ABROAD : 0) +
    PER_TRIP * Math.min(trips, MAX_TRIPS) +
    PER_DOUBLING_OF_INCOME * Math.log2(profile.monthlyIncomeCents / 340_000) +
    (age < 40 ? UNDER_40 : age > 70 ? OVER_70 : 0) +
    random.normal(0, UNSEEN_SPREAD)
  const probability = 1 / (1 + Math.exp(-logOdds))
  return { probability, interested: random.chance(probability) }
}
