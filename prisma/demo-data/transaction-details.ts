// What the demo bank's transactions carry besides their money: where each stands in its lifecycle (pending card
// payments, open and settled disputes, reversed purchases) and who is on the other side (a transfer's country
// and currency, a payment's merchant category). Drawn from a random stream of its own, so the bookings, their
// amounts, dates, ids and the balances are exactly those of customerBanking whatever is decided here.
import {
  customerBanking,
  formatCents,
  type CustomerBanking,
  type CustomerProfile,
  type DemoBankOptions,
  type TransactionRow,
} from './generate'
import { randomFor, type Random } from './random'
import { DISPUTE_REASONS, MERCHANT_CATEGORIES, PURCHASES, REMITTANCE_CORRIDORS, REVERSAL_REASONS } from './vocabulary'

export type TransactionStatus = 'PENDING' | 'POSTED' | 'REVERSED' | 'DISPUTED'

export interface DetailedTransactionRow extends TransactionRow {
  status: TransactionStatus
  reversalReason: string | null
  reversalOf: string | null
  disputeReason: string | null
  disputeOutcome: 'UPHELD' | 'REJECTED' | null
  counterpartyCountry: string | null
  counterpartyCurrency: string | null
  merchantCategory: string | null
}

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
const HOME: Corridor = ['US', 'USD']
/** Card payments settle within about two days: younger ones are mostly still pending. */
const PENDING_WITHIN_MS = 2 * DAY_MS
const PENDING_SHARE = 0.9
/** Disputes are opened within weeks of a payment: an open one is recent, an older one was settled. */
const OPEN_DISPUTE_WITHIN_MS = 60 * DAY_MS
const OPEN_DISPUTE_SHARE = 0.003
const REJECTED_DISPUTE_SHARE = 0.001
/** Card purchases booked then reversed, per month an everyday account was open; a fifth of them after an upheld dispute. */
const REVERSALS_PER_ACCOUNT_MONTH = 0.08
const UPHELD_DISPUTE_SHARE = 0.2
/** Of the customers who pay a household account every month, those whose household is abroad. */
const HOUSEHOLD_ABROAD_SHARE = 0.45
/** Person-to-person transfers: to the home country for those who send money there, and now and then for anyone. */
const PERSON_TRANSFER_HOME_SHARE = 0.6
const PERSON_TRANSFER_ABROAD_SHARE = 0.03
const HOUSEHOLD_TRANSFER = 'Transfer to joint household account'
const PERSON_TRANSFER = /^Transfer to [A-Z][a-z]+ [A-Z]\.$/

type Corridor = readonly [country: string, currency: string]

/**
 * A customer's transactions as the Transaction table holds them: every booking of customerBanking, unchanged
 * but for its status and counterparty, then the card purchases that were booked and reversed (each with its
 * reversal entry, so balances are untouched).
 */
export function customerTransactionRows(
  options: DemoBankOptions,
  profile: CustomerProfile,
  banking: CustomerBanking = customerBanking(options, profile),
): DetailedTransactionRow[] {
  const random = randomFor(options.seed, 'transaction-details', profile.index)
  const now = options.asOf.getTime()
  const sendsHome =
    banking.transactions.some((t) => t.description === HOUSEHOLD_TRANSFER) && random.chance(HOUSEHOLD_ABROAD_SHARE)
  const homeCorridor = pickCorridor(random)
  const rows = banking.transactions.map((row) => ({
    ...row,
    ...lifecycleOf(row, now, random),
    ...counterpartyOf(row, sendsHome ? homeCorridor : undefined, random),
  }))
  return [...rows, ...reversedPurchases(banking, profile, now, random)]
}

function lifecycleOf(
  row: TransactionRow,
  now: number,
  random: Random,
): Pick<DetailedTransactionRow, 'status' | 'reversalReason' | 'reversalOf' | 'disputeReason' | 'disputeOutcome'> {
  const settled = {
    status: 'POSTED' as const,
    reversalReason: null,
    reversalOf: null,
    disputeReason: null,
    disputeOutcome: null,
  }
  if (row.type !== 'PAYMENT' || (row.channel !== 'CARD' && row.channel !== 'ONLINE')) return settled
  const age = now - row.date.getTime()
  if (age < PENDING_WITHIN_MS) return random.chance(PENDING_SHARE) ? { ...settled, status: 'PENDING' } : settled
  const disputed = random.next()
  if (age < OPEN_DISPUTE_WITHIN_MS)
    return disputed < OPEN_DISPUTE_SHARE
      ? { ...settled, status: 'DISPUTED', disputeReason: random.weighted(DISPUTE_REASONS) }
      : settled
  return disputed < REJECTED_DISPUTE_SHARE
    ? { ...settled, disputeReason: random.weighted(DISPUTE_REASONS), disputeOutcome: 'REJECTED' }
    : settled
}

function counterpartyOf(
  row: TransactionRow,
  home: Corridor | undefined,
  random: Random,
): Pick<DetailedTransactionRow, 'counterpartyCountry' | 'counterpartyCurrency' | 'merchantCategory'> {
  if (row.type === 'PAYMENT') {
    const category = MERCHANT_CATEGORIES[row.description] ?? (row.channel === 'CARD' ? 'OTHER' : null)
    return { counterpartyCountry: null, counterpartyCurrency: null, merchantCategory: category }
  }
  if (row.type !== 'TRANSFER') return { counterpartyCountry: null, counterpartyCurrency: null, merchantCategory: null }
  let corridor = HOME
  if (row.description === HOUSEHOLD_TRANSFER && home) corridor = home
  else if (PERSON_TRANSFER.test(row.description)) {
    if (home && random.chance(PERSON_TRANSFER_HOME_SHARE)) corridor = home
    else if (random.chance(PERSON_TRANSFER_ABROAD_SHARE)) corridor = pickCorridor(random)
  }
  return { counterpartyCountry: corridor[0], counterpartyCurrency: corridor[1], merchantCategory: null }
}

/** Card purchases that were reversed, with the entries that returned their money, on everyday accounts. */
function reversedPurchases(
  banking: CustomerBanking,
  profile: CustomerProfile,
  now: number,
  random: Random,
): DetailedTransactionRow[] {
  const windowStart = now - 365 * DAY_MS
  const rows: DetailedTransactionRow[] = []
  for (const account of banking.accounts.filter((a) => a.type !== 'SAVINGS')) {
    const from = Math.max(windowStart, account.openedAt.getTime())
    const count = random.poisson(Math.max(0, (now - from) / (30 * DAY_MS)) * REVERSALS_PER_ACCOUNT_MONTH)
    for (let i = 0; i < count; i++) {
      const [merchant, medianDollars] = random.weighted(PURCHASES.map((p) => [p, p[2]] as const))
      const upheld = random.chance(UPHELD_DISPUTE_SHARE)
      const bookedAt = from + random.next() * (now - from)
      const reversedAt =
        bookedAt + (upheld ? random.int(10, 40) : random.int(1, 3)) * DAY_MS + random.int(0, 8) * HOUR_MS
      if (reversedAt >= now) continue
      const id = `T-${profile.id.slice(2)}-X${String(rows.length / 2 + 1).padStart(3, '0')}`
      const disputeReason = upheld ? random.weighted(DISPUTE_REASONS) : null
      const amount = formatCents(Math.max(100, Math.round(medianDollars * 100 * random.logNormal(1, 0.5))))
      const common = {
        accountId: account.id,
        customerId: profile.id,
        type: 'PAYMENT' as const,
        amount,
        currency: account.currency,
        channel: 'CARD' as const,
        counterpartyCountry: null,
        counterpartyCurrency: null,
        merchantCategory: MERCHANT_CATEGORIES[merchant] ?? 'OTHER',
      }
      rows.push(
        {
          ...common,
          id,
          direction: 'DEBIT',
          date: new Date(Math.floor(bookedAt)),
          description: merchant,
          status: 'REVERSED',
          reversalReason: upheld ? `Dispute upheld: ${disputeReason}` : random.weighted(REVERSAL_REASONS),
          reversalOf: null,
          disputeReason,
          disputeOutcome: upheld ? 'UPHELD' : null,
        },
        {
          ...common,
          id: `${id}-R`,
          direction: 'CREDIT',
          date: new Date(Math.floor(reversedAt)),
          description: `Reversal of ${id}: ${merchant}`,
          status: 'POSTED',
          reversalReason: null,
          reversalOf: id,
          disputeReason: null,
          disputeOutcome: null,
        },
      )
    }
  }
  return rows
}

function pickCorridor(random: Random): Corridor {
  const [country, currency] = random.weighted(REMITTANCE_CORRIDORS.map((corridor) => [corridor, corridor[2]] as const))
  return [country, currency]
}
