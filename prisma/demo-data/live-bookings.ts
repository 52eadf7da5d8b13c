// New bookings for a running demo bank (`npm run simulate`): the same habits the history was generated
// with (card purchases, bills, cash, salary, savings transfers, card repayments), now, one at a time, with
// an occasional sudden large withdrawal of the kind the fraud team watches for. Card purchases are booked
// pending, as card authorisations are; the simulator posts (or now and then reverses) them afterwards.
import type { Random } from './random'
import { MERCHANT_CATEGORIES, PURCHASES } from './vocabulary'

export interface LiveAccount {
  id: string
  type: 'CHECKING' | 'SAVINGS' | 'CREDIT_CARD'
}

/** What `recordTransaction` takes. */
export interface Booking {
  accountId: string
  type: 'DEPOSIT' | 'WITHDRAWAL' | 'TRANSFER' | 'PAYMENT' | 'FEE'
  direction?: 'CREDIT' | 'DEBIT'
  amount: string
  description: string
  channel: 'BRANCH' | 'ATM' | 'ONLINE' | 'MOBILE' | 'CARD'
  /** Card purchases start as authorisations, posted (or reversed) later. */
  pending?: boolean
  merchantCategory?: string
  counterpartyCountry?: string
  counterpartyCurrency?: string
}

const money = (cents: number) => (Math.max(1, Math.round(cents)) / 100).toFixed(2)

type Habit = (account: LiveAccount, random: Random) => Booking

const purchase: Habit = (account, random) => {
  const [merchant, medianDollars] = random.pick(PURCHASES)
  const channel = random.chance(0.3) ? 'ONLINE' : 'CARD'
  return {
    accountId: account.id,
    type: 'PAYMENT',
    amount: money(Math.min(2.5, random.logNormal(1, 0.45)) * medianDollars * 180),
    description: merchant,
    channel,
    pending: channel === 'CARD',
    merchantCategory: MERCHANT_CATEGORIES[merchant] ?? 'OTHER',
  }
}
const bill: Habit = (account, random) => {
  const amount = money(random.logNormal(9_000, 0.4))
  const description = random.pick(['Utility bill', 'Mobile phone bill', 'Insurance premium', 'Streaming subscription'])
  return {
    accountId: account.id,
    type: 'PAYMENT',
    amount,
    description,
    channel: 'ONLINE',
    merchantCategory: MERCHANT_CATEGORIES[description] ?? 'OTHER',
  }
}
const DOMESTIC = { counterpartyCountry: 'US', counterpartyCurrency: 'USD' } as const
const cash: Habit = (account, random) => ({
  accountId: account.id,
  type: 'WITHDRAWAL',
  amount: money(random.int(1, 10) * 2_000),
  description: 'ATM cash withdrawal',
  channel: 'ATM',
})
const salary: Habit = (account, random) => ({
  accountId: account.id,
  type: 'DEPOSIT',
  amount: money(random.logNormal(420_000, 0.4)),
  description: 'Salary payment',
  channel: 'ONLINE',
})
const fee: Habit = (account) => ({
  accountId: account.id,
  type: 'FEE',
  amount: '5.00',
  description: 'Monthly account fee',
  channel: 'ONLINE',
})
const toSavings: Habit = (account, random) => ({
  accountId: account.id,
  type: 'TRANSFER',
  direction: 'DEBIT',
  amount: money(random.logNormal(40_000, 0.5)),
  description: 'Transfer to savings',
  channel: 'MOBILE',
  ...DOMESTIC,
})
const intoSavings: Habit = (account, random) => ({
  accountId: account.id,
  type: 'TRANSFER',
  direction: 'CREDIT',
  amount: money(random.logNormal(40_000, 0.5)),
  description: 'Transfer from checking',
  channel: 'MOBILE',
  ...DOMESTIC,
})
const interest: Habit = (account, random) => ({
  accountId: account.id,
  type: 'DEPOSIT',
  amount: money(random.logNormal(2_500, 0.6)),
  description: 'Interest paid',
  channel: 'ONLINE',
})
const repayment: Habit = (account, random) => ({
  accountId: account.id,
  type: 'DEPOSIT',
  amount: money(random.logNormal(30_000, 0.6)),
  description: 'Card repayment received',
  channel: 'ONLINE',
})

const HABITS: Record<LiveAccount['type'], readonly (readonly [Habit, number])[]> = {
  CHECKING: [
    [purchase, 55],
    [bill, 12],
    [cash, 15],
    [salary, 6],
    [fee, 3],
    [toSavings, 9],
  ],
  SAVINGS: [
    [intoSavings, 80],
    [interest, 20],
  ],
  CREDIT_CARD: [
    [purchase, 90],
    [repayment, 10],
  ],
}

/** A sudden large withdrawal from an everyday account: the seed's fraud example. */
export function suddenLargeWithdrawal(account: LiveAccount, random: Random): Booking {
  const [description, channel] = random.pick([
    ['Cash withdrawal at branch', 'BRANCH'],
    ['Withdrawal to external account', 'ONLINE'],
  ] as const)
  return { accountId: account.id, type: 'WITHDRAWAL', amount: money(random.int(30, 90) * 10_000), description, channel }
}

/** One realistic booking on one of `accounts`; with probability `anomalyRate`, a sudden large withdrawal. */
export function nextBooking(accounts: readonly LiveAccount[], random: Random, anomalyRate: number): Booking {
  const checking = accounts.filter((a) => a.type === 'CHECKING')
  if (checking.length && random.chance(anomalyRate)) return suddenLargeWithdrawal(random.pick(checking), random)
  const account = random.pick(accounts)
  return random.weighted(HABITS[account.type])(account, random)
}
