// The deterministic demo bank: one coherent set of customers, accounts, transactions, loans, risk
// assessments and campaigns across the five domains. The same options always give the same rows.
// Rows are produced per customer from a random stream of their own, so every domain's tables can be
// generated (and streamed into their own database) independently and still agree on ids and dates.
import { randomFor, type Random } from './random'
import {
  BILLS,
  CAMPAIGN_THEMES,
  FIRST_NAMES,
  LAST_NAMES,
  LOAN_PURPOSES,
  LOAN_SPENDING,
  PURCHASES,
  REGIONS,
} from './vocabulary'

export interface DemoBankOptions {
  /** Number of customers; everything else scales from it (about 130 transactions a customer). */
  customers: number
  seed: number
  /** The bank's "today": data ends just before it. */
  asOf: Date
}

export const DEFAULT_CUSTOMERS = 1000
export const DEFAULT_SEED = 42

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
const CUSTOMER_HISTORY_DAYS = 3 * 365
const TRANSACTION_HISTORY_DAYS = 365
const CURRENCY = 'USD'
const WEDNESDAY = 3
const FRIDAY = 5

export type Segment = 'MASS' | 'AFFLUENT' | 'PRIVATE' | 'SMALL_BUSINESS'
export type AcquisitionChannel = 'BRANCH' | 'WEB' | 'MOBILE_APP' | 'REFERRAL' | 'PARTNER'
export type CampaignChannel = 'EMAIL' | 'SOCIAL' | 'SEARCH' | 'DISPLAY' | 'TV' | 'BRANCH' | 'REFERRAL'
export type TransactionType = 'DEPOSIT' | 'WITHDRAWAL' | 'TRANSFER' | 'PAYMENT' | 'FEE'
export type LoanProduct = 'PERSONAL' | 'MORTGAGE' | 'AUTO'

export interface CustomerRow {
  id: string
  firstName: string
  lastName: string
  email: string
  phone: string
  dateOfBirth: Date
  ssn: string
  segment: Segment
  region: string
  joinedAt: Date
  acquisitionChannel: AcquisitionChannel
  acquisitionCampaignId: string | null
}

/** What the other domains need to know of a customer to stay coherent with the customer record. */
export interface CustomerProfile extends CustomerRow {
  index: number
  /** The customer's underlying creditworthiness, 300–850. */
  creditScore: number
  monthlyIncomeCents: number
}

export interface CampaignPlan {
  id: string
  name: string
  channel: CampaignChannel
  startDate: Date
  endDate: Date
  /** Relative pull on new customers while the campaign runs. */
  attraction: number
  budgetCents: number
  clickThroughRate: number
  conversionRate: number
}

export interface CampaignRow {
  id: string
  name: string
  channel: CampaignChannel
  status: 'PLANNED' | 'ACTIVE' | 'COMPLETED'
  startDate: Date
  endDate: Date
  budget: string
  spend: string
  impressions: number
  clicks: number
  conversions: number
}

export interface AcquisitionRow {
  customerId: string
  campaignId: string | null
  channel: string
  acquiredAt: Date
}

export interface AccountRow {
  id: string
  customerId: string
  type: 'CHECKING' | 'SAVINGS' | 'CREDIT_CARD'
  currency: string
  status: 'OPEN' | 'CLOSED'
  openedAt: Date
  balance: string
}

export interface TransactionRow {
  id: string
  accountId: string
  customerId: string
  type: TransactionType
  direction: 'CREDIT' | 'DEBIT'
  amount: string
  currency: string
  date: Date
  description: string
  channel: 'BRANCH' | 'ATM' | 'ONLINE' | 'MOBILE' | 'CARD'
}

export interface LoanApplicationRow {
  id: string
  customerId: string
  product: LoanProduct
  requestedAmount: string
  termMonths: number
  purpose: string
  status: 'SUBMITTED' | 'UNDER_REVIEW' | 'APPROVED' | 'DECLINED' | 'WITHDRAWN'
  submittedAt: Date
  decidedAt: Date | null
  decisionReason: string | null
}

export interface LoanRow {
  id: string
  applicationId: string
  customerId: string
  product: LoanProduct
  principal: string
  annualInterestRate: string
  termMonths: number
  originatedAt: Date
  maturityDate: Date
  outstandingBalance: string
  status: 'ACTIVE' | 'PAID_OFF' | 'DELINQUENT' | 'DEFAULTED'
}

export interface RiskAssessmentRow {
  id: string
  subject: 'CUSTOMER' | 'LOAN_APPLICATION'
  customerId: string
  loanApplicationId: string | null
  assessedAt: Date
  creditScore: number
  riskGrade: 'A' | 'B' | 'C' | 'D' | 'E'
  probabilityOfDefault: string
  debtToIncomeRatio: string | null
  modelVersion: string
  reasons: string[]
}

/** A large withdrawal planted on an account with small, regular activity, for anomaly detection. */
export interface PlantedAnomaly {
  transactionId: string
  accountId: string
  customerId: string
  amount: string
  /** The account's median debit before the anomaly. */
  typicalAmount: string
}

// ---------------------------------------------------------------------------------------------------
// Campaigns and customers

export function customerId(options: DemoBankOptions, index: number): string {
  return `C-${String(index + 1).padStart(Math.max(5, String(options.customers).length), '0')}`
}

/** Median campaign budget, in dollars, per customer of the bank. */
const CAMPAIGN_BUDGET_PER_CUSTOMER = 4

/** The campaigns of the last three years, plus one planned for the coming weeks. */
export function campaignPlans(options: DemoBankOptions): CampaignPlan[] {
  const random = randomFor(options.seed, 'campaigns')
  const plans: CampaignPlan[] = []
  let start = startOfDay(options.asOf.getTime() - CUSTOMER_HISTORY_DAYS * DAY_MS)
  let previousTheme = ''
  for (let n = 0; start <= options.asOf.getTime() + 14 * DAY_MS; n++) {
    const startDate = new Date(start)
    const month = startDate.getUTCMonth() + 1
    const seasonal = CAMPAIGN_THEMES.filter(([name, , months]) => months.includes(month) && name !== previousTheme)
    const anytime = CAMPAIGN_THEMES.filter(([name, , months]) => months.length === 0 && name !== previousTheme)
    const [theme, channel] = seasonal.length > 0 && random.chance(0.7) ? random.pick(seasonal) : random.pick(anytime)
    previousTheme = theme
    const lengthDays = random.int(28, 62)
    plans.push({
      id: `CMP-${String(n + 1).padStart(3, '0')}`,
      name: `${theme} ${startDate.getUTCFullYear()}`,
      channel,
      startDate,
      endDate: new Date(start + (lengthDays - 1) * DAY_MS),
      attraction: random.logNormal(1, 0.7),
      // Budgets grow with the bank, so that a customer costs about what banks pay to acquire one (a few
      // hundred dollars) whatever the number of customers generated.
      budgetCents:
        Math.max(1, Math.round(random.logNormal(CAMPAIGN_BUDGET_PER_CUSTOMER * options.customers, 0.5) / 100)) *
        100 *
        100,
      clickThroughRate: 0.004 + random.next() * 0.026,
      conversionRate: 0.02 + random.next() * 0.06,
    })
    start += random.int(35, 55) * DAY_MS
  }
  return plans
}

const CAMPAIGN_TO_ACQUISITION_CHANNEL: Record<CampaignChannel, AcquisitionChannel[]> = {
  EMAIL: ['WEB', 'MOBILE_APP'],
  SOCIAL: ['MOBILE_APP', 'WEB'],
  SEARCH: ['WEB'],
  DISPLAY: ['WEB', 'MOBILE_APP'],
  TV: ['WEB', 'BRANCH', 'MOBILE_APP'],
  BRANCH: ['BRANCH'],
  REFERRAL: ['REFERRAL'],
}

/** Customer `index`, as the customers domain records them, with what other domains derive from them. */
export function customerProfile(options: DemoBankOptions, campaigns: CampaignPlan[], index: number): CustomerProfile {
  const random = randomFor(options.seed, 'customer', index)
  const now = options.asOf.getTime()
  const firstName = random.pick(FIRST_NAMES)
  const lastName = random.pick(LAST_NAMES)
  const segment = random.weighted<Segment>([
    ['MASS', 70],
    ['AFFLUENT', 18],
    ['PRIVATE', 4],
    ['SMALL_BUSINESS', 8],
  ])

  const running = campaigns.filter((c) => c.startDate.getTime() < now)
  let joinedAt: number
  let campaign: CampaignPlan | undefined
  let acquisitionChannel: AcquisitionChannel
  if (running.length > 0 && random.chance(0.5)) {
    campaign = random.weighted(running.map((c) => [c, c.attraction * durationDays(c, now)] as const))
    const end = Math.min(campaign.endDate.getTime() + DAY_MS, now)
    joinedAt = campaign.startDate.getTime() + random.next() * (end - campaign.startDate.getTime())
    acquisitionChannel = random.pick(CAMPAIGN_TO_ACQUISITION_CHANNEL[campaign.channel])
  } else {
    // Organic growth: recent months bring more customers than earlier ones.
    joinedAt = now - CUSTOMER_HISTORY_DAYS * DAY_MS * (1 - Math.sqrt(random.next()))
    acquisitionChannel = random.weighted<AcquisitionChannel>([
      ['BRANCH', 30],
      ['WEB', 30],
      ['MOBILE_APP', 25],
      ['REFERRAL', 10],
      ['PARTNER', 5],
    ])
  }
  joinedAt = Math.min(Math.floor(joinedAt), now - 60_000)

  const ageYears = random.int(18, 85)
  const dateOfBirth = startOfDay(now - ageYears * 365.25 * DAY_MS - random.int(0, 364) * DAY_MS)
  const segmentScore = { MASS: 0, AFFLUENT: 25, PRIVATE: 45, SMALL_BUSINESS: 5 }[segment]
  const creditScore = clamp(Math.round(random.normal(680 + segmentScore, 70)), 300, 850)
  const incomeMedian = { MASS: 3_400, AFFLUENT: 8_000, PRIVATE: 20_000, SMALL_BUSINESS: 9_000 }[segment]
  const id = customerId(options, index)
  return {
    index,
    id,
    firstName,
    lastName,
    email: `${ascii(firstName)}.${ascii(lastName)}.${index + 1}@example.com`,
    phone: `+1 (${random.int(201, 989)}) 555-01${String(random.int(0, 99)).padStart(2, '0')}`,
    dateOfBirth: new Date(dateOfBirth),
    // Area numbers 900–999 are never issued, so these can never be someone's real SSN.
    ssn: `${random.int(900, 999)}-${String(random.int(1, 99)).padStart(2, '0')}-${String(random.int(1, 9999)).padStart(4, '0')}`,
    segment,
    region: random.pick(REGIONS),
    joinedAt: new Date(joinedAt),
    acquisitionChannel,
    acquisitionCampaignId: campaign?.id ?? null,
    creditScore,
    monthlyIncomeCents: Math.round(random.logNormal(incomeMedian, 0.3)) * 100,
  }
}

export function* customerProfiles(
  options: DemoBankOptions,
  campaigns = campaignPlans(options),
): Generator<CustomerProfile> {
  for (let index = 0; index < options.customers; index++) yield customerProfile(options, campaigns, index)
}

export function toCustomerRow(profile: CustomerProfile): CustomerRow {
  const { index: _index, creditScore: _score, monthlyIncomeCents: _income, ...row } = profile
  return row
}

// ---------------------------------------------------------------------------------------------------
// Marketing

export function toAcquisitionRow(profile: CustomerProfile): AcquisitionRow {
  return {
    customerId: profile.id,
    campaignId: profile.acquisitionCampaignId,
    channel: profile.acquisitionChannel,
    acquiredAt: profile.joinedAt,
  }
}

/** Campaign rows whose conversions equal the customers each campaign acquired. */
export function campaignRows(
  options: DemoBankOptions,
  campaigns: CampaignPlan[],
  acquired: Map<string, number>,
): CampaignRow[] {
  const now = options.asOf.getTime()
  return campaigns.map((plan) => {
    const status =
      plan.startDate.getTime() > now ? 'PLANNED' : plan.endDate.getTime() + DAY_MS <= now ? 'COMPLETED' : 'ACTIVE'
    const conversions = acquired.get(plan.id) ?? 0
    const clicks = status === 'PLANNED' ? 0 : Math.round(Math.max(conversions, 1) / plan.conversionRate)
    const impressions = status === 'PLANNED' ? 0 : Math.round(clicks / plan.clickThroughRate)
    const elapsed =
      status === 'ACTIVE' ? durationDays(plan, now) / durationDays(plan, Infinity) : status === 'COMPLETED' ? 1 : 0
    const spendRatio = status === 'COMPLETED' ? 0.85 + 0.15 * randomFor(options.seed, 'spend', plan.id).next() : elapsed
    return {
      id: plan.id,
      name: plan.name,
      channel: plan.channel,
      status,
      startDate: plan.startDate,
      endDate: plan.endDate,
      budget: formatCents(plan.budgetCents),
      spend: formatCents(Math.round(plan.budgetCents * spendRatio)),
      impressions,
      clicks,
      conversions,
    }
  })
}

// ---------------------------------------------------------------------------------------------------
// Accounts and transactions
//
// Each customer lives on a household budget drawn once from their own stream: pay on a real pay schedule
// (weekly, biweekly, twice a month or monthly; benefits and a pension for retirees; takings several times a
// month for a small business), fixed obligations as shares of that pay (housing, bills, loan repayments,
// savings, investing), and everyday spending (card purchases, cash, transfers to people) sized so that what
// goes out matches what comes in. Month by month, everyday spending follows the checking balance toward a
// cushion of about one month's pay, so balances neither run away nor sink into overdraft.

export interface CustomerBanking {
  accounts: AccountRow[]
  transactions: TransactionRow[]
  anomaly: PlantedAnomaly | null
}

/** Which customers get a planted anomaly: about one in 200, and at least three in any bank. */
export function isAnomalyCandidate(options: DemoBankOptions, index: number): boolean {
  const count = Math.max(3, Math.round(options.customers * 0.005))
  const stride = Math.max(1, Math.floor(options.customers / count))
  return index % stride === Math.floor(stride / 2) && index / stride < count
}

type PaySchedule = 'WEEKLY' | 'BIWEEKLY' | 'SEMIMONTHLY' | 'MONTHLY'

/** From this age, a customer (not a small business) lives on Social Security and a pension. */
const RETIREMENT_AGE = 67

/** At most this share of pay goes to fixed obligations; the rest is everyday spending. */
const MAX_COMMITTED_SHARE = 0.78
/** The checking balance a household steers toward, in months of pay. */
const CUSHION_MONTHS = 1.2
const SAVINGS_MONTHLY_INTEREST = 0.0025
const CARD_ANNUAL_INTEREST = 0.22
/** Everyday purchases per month at a normal pace, on checking and on the credit card. */
const PURCHASES_PER_MONTH = { quiet: 1.2, busy: 2.5, card: 2.5 }
const WITHDRAWALS_PER_MONTH = 1
const MAX_WITHDRAWAL_CENTS = 80_000
const PERSON_TRANSFERS_PER_MONTH = 0.2
/** Purchase amounts: log-normal around the merchant's median, never beyond this multiple of it. */
const PURCHASE_SPREAD = 0.45
const PURCHASE_CAP = 2.5
/** A purchase's expected amount relative to its merchant's median weighted by how often each comes up. */
const MEAN_PURCHASE_DOLLARS =
  (PURCHASES.reduce((sum, [, median, weight]) => sum + median * weight, 0) /
    PURCHASES.reduce((sum, [, , weight]) => sum + weight, 0)) *
  Math.exp(PURCHASE_SPREAD ** 2 / 2)

/** A booking on checking planned ahead of the month it falls in (loan repayments, a loan's proceeds spent). */
interface Scheduled {
  at: number
  type: TransactionType
  direction: 'CREDIT' | 'DEBIT'
  cents: number
  description: string
  channel: TransactionRow['channel']
}

/** A monthly obligation paid from checking. */
interface Obligation {
  day: number
  cents: number
  /** Month-to-month variation (sigma of a log-normal); 0 for a fixed amount. */
  spread: number
  type: 'PAYMENT' | 'TRANSFER'
  description: string
  channel: TransactionRow['channel']
  toSavings?: boolean
}

type Book = (
  account: AccountRow,
  type: TransactionType,
  direction: 'CREDIT' | 'DEBIT',
  cents: number,
  date: number,
  description: string,
  channel: TransactionRow['channel'],
) => TransactionRow | undefined

export function customerBanking(options: DemoBankOptions, profile: CustomerProfile): CustomerBanking {
  const random = randomFor(options.seed, 'banking', profile.index)
  const now = options.asOf.getTime()
  const windowStart = now - TRANSACTION_HISTORY_DAYS * DAY_MS
  const suffix = profile.id.slice(2)
  const transactions: TransactionRow[] = []
  const accounts: AccountRow[] = []
  const balances = new Map<string, number>()

  const openAccount = (type: AccountRow['type'], openedAt: number, openingCents: number): AccountRow => {
    // A customer who joined lately opens a second account "within months": at the latest, on the as-of day.
    const opened = Math.min(openedAt, now)
    const account: AccountRow = {
      id: `A-${suffix}-${accounts.length + 1}`,
      customerId: profile.id,
      type,
      currency: CURRENCY,
      status: 'OPEN',
      openedAt: new Date(opened),
      balance: '0.00',
    }
    accounts.push(account)
    // Accounts older than the history bring what they held when it starts; newer ones start empty.
    balances.set(account.id, opened < windowStart ? Math.round(openingCents / 100) * 100 : 0)
    return account
  }
  const balance = (account: AccountRow) => balances.get(account.id)!
  const book: Book = (account, type, direction, amountCents, date, description, channel) => {
    const cents = Math.round(amountCents)
    if (cents <= 0 || date >= now || date < windowStart || date < account.openedAt.getTime()) return undefined
    // Ids are given in date order once the history is complete.
    const row: TransactionRow = {
      id: '',
      accountId: account.id,
      customerId: profile.id,
      type,
      direction,
      amount: formatCents(cents),
      currency: CURRENCY,
      date: new Date(Math.floor(date)),
      description,
      channel,
    }
    transactions.push(row)
    balances.set(account.id, balance(account) + (direction === 'CREDIT' ? cents : -cents))
    return row
  }
  // Between the customer's own accounts: both sides, or neither (before the other account is opened).
  const transfer = (
    from: AccountRow,
    to: AccountRow,
    cents: number,
    date: number,
    debitText: string,
    creditText: string,
    channel: TransactionRow['channel'],
  ) => {
    if (date + 1000 >= now || date < to.openedAt.getTime()) return
    if (book(from, 'TRANSFER', 'DEBIT', cents, date, debitText, channel))
      book(to, 'TRANSFER', 'CREDIT', cents, date + 1000, creditText, channel)
  }
  const at = (day: number, fromHour: number, toHour: number) =>
    day + random.int(fromHour, toHour) * HOUR_MS + random.int(0, 3_599_999)

  const income = profile.monthlyIncomeCents
  const joined = profile.joinedAt.getTime()
  const business = profile.segment === 'SMALL_BUSINESS'
  const age = (now - profile.dateOfBirth.getTime()) / (365.25 * DAY_MS)
  const checking = openAccount('CHECKING', joined, random.logNormal(income * CUSHION_MONTHS, 0.4))
  const savings = random.chance(0.6)
    ? openAccount('SAVINGS', joined + random.int(0, 90) * DAY_MS, random.logNormal(income * 3, 0.8))
    : undefined
  const card = random.chance(0.4) ? openAccount('CREDIT_CARD', joined + random.int(0, 180) * DAY_MS, 0) : undefined
  // An account opened within the history starts with the money moved from the customer's previous bank.
  book(
    checking,
    'DEPOSIT',
    'CREDIT',
    roundTo(random.logNormal(income * CUSHION_MONTHS, 0.4), 1_000),
    checking.openedAt.getTime() + random.int(1, 30) * 60_000,
    'Opening deposit',
    'BRANCH',
  )
  if (savings)
    book(
      savings,
      'DEPOSIT',
      'CREDIT',
      roundTo(random.logNormal(income, 0.8), 1_000),
      savings.openedAt.getTime() + random.int(1, 30) * 60_000,
      'Opening deposit',
      'ONLINE',
    )
  const payOf = payPlan(profile, random, age, at)

  // Loans held with the bank (the loans domain's rows): repaid monthly from checking; a personal loan is paid
  // out into checking and spent in a few similar payments. Mortgages and car loans go straight to the seller.
  const scheduled: Scheduled[] = []
  const { loans, applications, repaymentsMade } = customerLending(options, profile)
  let committed = 0
  for (const loan of loans) {
    const principal = parseCents(loan.principal)
    const payment = Math.round(monthlyPayment(principal, Number(loan.annualInterestRate), loan.termMonths))
    const originated = loan.originatedAt.getTime()
    if (loan.maturityDate.getTime() > windowStart) committed += payment / income
    // The repayments the loans domain counted in the balance: a delinquent or defaulted loan's stopped.
    for (let month = 1; month <= repaymentsMade[loan.id]!; month++) {
      scheduled.push({
        at: addMonths(originated, month),
        type: 'PAYMENT',
        direction: 'DEBIT',
        cents: payment,
        description: `Loan repayment ${loan.id}`,
        channel: 'ONLINE',
      })
    }
    // Proceeds paid out before the history starts were spent before it too.
    if (loan.product !== 'PERSONAL' || originated < windowStart) continue
    scheduled.push({
      at: originated + HOUR_MS,
      type: 'DEPOSIT',
      direction: 'CREDIT',
      cents: principal,
      description: `Loan disbursement ${loan.id}`,
      channel: 'ONLINE',
    })
    const purpose = applications.find((a) => a.id === loan.applicationId)?.purpose ?? ''
    const [description, type] = LOAN_SPENDING[purpose] ?? ['Purchase', 'PAYMENT']
    // Three to five payments of about the same size: each one is as large as the others, so none of them is
    // a one-off for the anomaly rule. A loan paid out in the last weeks is spent before the as-of moment.
    const parts = random.int(3, 5)
    const span = Math.min(20 * DAY_MS, now - originated - 2 * HOUR_MS)
    if (span < DAY_MS) continue
    for (let part = 0; part < parts; part++) {
      scheduled.push({
        at: originated + 2 * HOUR_MS + ((part + random.next()) / parts) * span,
        type,
        direction: 'DEBIT',
        cents: Math.round((principal / parts) * random.normal(1, 0.04)),
        description,
        channel: 'ONLINE',
      })
    }
  }

  // Fixed obligations, largest first, each taken on only while the household can afford it.
  const obligations: Obligation[] = []
  const commit = (cents: number, obligation: Omit<Obligation, 'cents'>) => {
    if (committed + cents / income > MAX_COMMITTED_SHARE) return
    committed += cents / income
    obligations.push({ ...obligation, cents })
  }
  if (!loans.some((l) => l.product === 'MORTGAGE' && l.maturityDate.getTime() > windowStart)) {
    const tenure = business
      ? 'COMMERCIAL'
      : random.weighted<'RENT' | 'MORTGAGE' | 'OWNED'>([
          ['RENT', age < 30 ? 80 : age >= 60 ? 25 : 50],
          ['MORTGAGE', age < 30 ? 20 : 45],
          ['OWNED', age >= 60 ? 50 : 5],
        ])
    const share =
      tenure === 'OWNED'
        ? clamp(random.normal(0.06, 0.015), 0.03, 0.1)
        : clamp(random.normal(profile.segment === 'PRIVATE' ? 0.2 : 0.28, 0.05), 0.12, 0.4)
    const [description, type] = (
      {
        COMMERCIAL: ['Commercial rent to landlord', 'TRANSFER'],
        RENT: ['Rent to landlord', 'TRANSFER'],
        MORTGAGE: ['Mortgage payment to other lender', 'TRANSFER'],
        OWNED: ['Property tax and home insurance', 'PAYMENT'],
      } as const
    )[tenure]
    commit(roundTo(share * income, 500), { day: random.int(1, 5), spread: 0, type, description, channel: 'ONLINE' })
  }
  for (const [description, medianDollars, spread] of pickDistinct(random, BILLS, random.int(1, 2))) {
    commit(Math.round(medianDollars * 100 * Math.pow(income / 340_000, 0.35) * random.logNormal(1, 0.25)), {
      day: random.int(1, 28),
      spread,
      type: 'PAYMENT',
      description,
      channel: 'ONLINE',
    })
  }
  if (savings) {
    commit(roundTo(clamp(random.normal(0.08, 0.03), 0.02, 0.2) * income, 2_500), {
      day: random.int(1, 28),
      spread: 0,
      type: 'TRANSFER',
      description: `Transfer to savings ${savings.id}`,
      channel: 'MOBILE',
      toSavings: true,
    })
  }
  if (!business && !loans.some((l) => l.product === 'AUTO') && age < 80 && random.chance(0.35)) {
    commit(Math.min(95_000, roundTo(clamp(random.normal(0.09, 0.02), 0.05, 0.13) * income, 100)), {
      day: random.int(1, 28),
      spread: 0,
      type: 'PAYMENT',
      description: 'Auto loan payment to other lender',
      channel: 'ONLINE',
    })
  }
  if (random.chance({ PRIVATE: 0.85, AFFLUENT: 0.45, MASS: 0.08, SMALL_BUSINESS: 0.1 }[profile.segment])) {
    commit(
      roundTo(clamp(random.normal(profile.segment === 'PRIVATE' ? 0.22 : 0.12, 0.05), 0.04, 0.35) * income, 5_000),
      {
        day: random.int(1, 28),
        spread: 0,
        type: 'TRANSFER',
        description: 'Transfer to brokerage account',
        channel: 'ONLINE',
      },
    )
  }
  // A small business also pays its suppliers, out of takings of about twice the owner's income.
  const suppliers = business ? [random.int(1, 10), random.int(11, 20), random.int(21, 28)] : []

  // Everyday spending: what pay leaves after the obligations, a little less for what is put by. Purchases with
  // the bank's cards, cash and transfers to people take their part at prices that grow with income; the rest
  // is spent where the bank sees only its monthly total (a card with another bank, a joint household account).
  const everyday = Math.max(0.08, clamp(random.normal(0.99, 0.03), 0.92, 1.04) - committed) * income
  const purchaseScale = clamp(1.8 * Math.sqrt(income / 340_000), 1, 4)
  const cashCents = Math.min(MAX_WITHDRAWAL_CENTS / 2, 6_000 * purchaseScale)
  const personCents = 10_000 * purchaseScale
  const quietSpender = random.chance(0.5)
  const normalPace = {
    checking: quietSpender ? PURCHASES_PER_MONTH.quiet : PURCHASES_PER_MONTH.busy,
    card: card ? PURCHASES_PER_MONTH.card : 0,
  }
  const seen =
    (normalPace.checking + normalPace.card) * MEAN_PURCHASE_DOLLARS * 100 * purchaseScale +
    WITHDRAWALS_PER_MONTH * cashCents +
    PERSON_TRANSFERS_PER_MONTH * personCents
  // Someone whose budget does not stretch to the usual pace buys less often.
  const perMonth =
    seen > everyday
      ? { checking: (normalPace.checking * everyday) / seen, card: (normalPace.card * everyday) / seen }
      : normalPace
  const elsewhere = Math.max(0, everyday - seen)
  const elsewhereDay = random.int(1, 28)
  const elsewhereText = random.chance(0.6)
    ? 'Payment to credit card at other bank'
    : 'Transfer to joint household account'
  const purchaseBudget = (purchasesPerMonth: number) => purchasesPerMonth * MEAN_PURCHASE_DOLLARS * 100 * purchaseScale
  /** Purchases on the account until the month's budget is spent: the month's total stays near it. */
  const shop = (
    account: AccountRow,
    budget: number,
    dayOf: (day: number) => number,
    days: number,
    onlineShare: number,
  ) => {
    for (let spent = 0; spent < budget;) {
      const [merchant, medianDollars] = random.weighted(PURCHASES.map((p) => [p, p[2]] as const))
      const median = medianDollars * 100 * purchaseScale
      const cents = Math.round(Math.min(PURCHASE_CAP * median, random.logNormal(median, PURCHASE_SPREAD)))
      if (spent > 0 && spent + cents / 2 > budget) break
      book(
        account,
        'PAYMENT',
        'DEBIT',
        cents,
        at(dayOf(random.int(1, days)), 7, 22),
        merchant,
        random.chance(onlineShare) ? 'ONLINE' : 'CARD',
      )
      spent += cents
    }
  }
  // Half the mass-market customers are on the basic plan, with its monthly fee.
  const feePlan = profile.segment === 'MASS' && random.chance(0.5)
  const revolver = card !== undefined && random.chance(0.3)
  const repaidShare = clamp(random.normal(0.5, 0.15), 0.2, 0.9)
  const cardDueDay = random.int(10, 28)

  for (let month = monthStart(Math.max(windowStart, joined)); month < now; month = addMonths(month, 1)) {
    const days = daysInMonth(month)
    const next = addMonths(month, 1)
    const dayOf = (day: number) => month + (Math.min(day, days) - 1) * DAY_MS
    // Flush households spend more often, stretched ones less, until checking is back near its cushion.
    const cardOwed = card ? Math.max(0, -balance(card)) : 0
    const startingBalance = balance(checking)
    const pace = clamp(1 + (0.5 * (startingBalance - cardOwed - CUSHION_MONTHS * income)) / everyday, 0.3, 2.2)

    for (const pay of payOf(month)) book(checking, 'DEPOSIT', 'CREDIT', pay.cents, pay.at, pay.description, pay.channel)
    for (const event of scheduled)
      if (event.at >= month && event.at < next)
        book(checking, event.type, event.direction, event.cents, event.at, event.description, event.channel)
    for (const o of obligations) {
      const cents = o.spread ? o.cents * random.logNormal(1, o.spread) : o.cents
      const date = at(dayOf(o.day), 6, 20)
      if (o.toSavings && savings)
        transfer(checking, savings, cents, date, o.description, `Transfer from checking ${checking.id}`, o.channel)
      else book(checking, o.type, 'DEBIT', cents, date, o.description, o.channel)
    }
    for (const day of suppliers)
      book(
        checking,
        'TRANSFER',
        'DEBIT',
        (income / suppliers.length) * random.normal(1, 0.1),
        at(dayOf(day), 9, 17),
        'Supplier payment',
        'ONLINE',
      )
    // Its monthly total moves with the pace too, but within a narrow band, so that no month is a one-off.
    if (elsewhere > 0.03 * income)
      book(
        checking,
        'TRANSFER',
        'DEBIT',
        elsewhere * clamp(pace, 0.8, 1.25) * random.logNormal(1, 0.08),
        at(dayOf(elsewhereDay), 8, 20),
        elsewhereText,
        'ONLINE',
      )

    if (card) {
      // Last month's statement falls due; revolvers pay part of it and are charged interest on the rest.
      const paid = revolver ? Math.min(cardOwed, Math.max(2_500, Math.round(cardOwed * repaidShare))) : cardOwed
      const dueDate = at(dayOf(cardDueDay), 8, 20)
      transfer(checking, card, paid, dueDate, `Credit card repayment ${card.id}`, 'Card repayment received', 'ONLINE')
      // Within a narrower band than checking's, so that no month's statement is a one-off for the anomaly rule.
      shop(card, purchaseBudget(perMonth.card) * clamp(pace, 0.8, 1.25), dayOf, days, 0.4)
      const carried = cardOwed - paid
      if (carried > 0)
        book(
          card,
          'FEE',
          'DEBIT',
          (carried * CARD_ANNUAL_INTEREST) / 12,
          at(dayOf(days), 23, 23),
          'Purchase interest charge',
          'ONLINE',
        )
    }
    shop(checking, purchaseBudget(perMonth.checking) * pace, dayOf, days, 0.3)
    const withdrawals = random.poisson(WITHDRAWALS_PER_MONTH)
    for (let i = 0; i < withdrawals; i++) {
      const date = at(dayOf(random.int(1, days)), 7, 22)
      const cents = roundTo(Math.min(MAX_WITHDRAWAL_CENTS, 3 * cashCents, random.logNormal(cashCents, 0.4)), 2_000)
      if (book(checking, 'WITHDRAWAL', 'DEBIT', cents, date, 'ATM cash withdrawal', 'ATM') && random.chance(0.1))
        book(checking, 'FEE', 'DEBIT', 300, date + 60_000, 'Out-of-network ATM fee', 'ATM')
    }
    const toPeople = random.poisson(PERSON_TRANSFERS_PER_MONTH * pace)
    for (let i = 0; i < toPeople; i++) {
      book(
        checking,
        'TRANSFER',
        'DEBIT',
        roundTo(Math.min(3 * personCents, random.logNormal(personCents, 0.5)), 500),
        at(dayOf(random.int(1, days)), 8, 22),
        `Transfer to ${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES).charAt(0)}.`,
        'MOBILE',
      )
    }
    if (business) book(checking, 'FEE', 'DEBIT', 1_500, at(dayOf(days), 23, 23), 'Business account fee', 'ONLINE')
    else if (feePlan) book(checking, 'FEE', 'DEBIT', 500, at(dayOf(days), 23, 23), 'Monthly account fee', 'ONLINE')
    if (savings) {
      // Savings cover a checking account about to run dry; what stays earns interest.
      const monthEnd = at(dayOf(days), 18, 19)
      if (balance(checking) < 0.1 * income && balance(savings) > 0 && monthEnd >= savings.openedAt.getTime()) {
        const topUp = Math.min(balance(savings), roundTo(0.5 * income - balance(checking), 10_000))
        transfer(
          savings,
          checking,
          topUp,
          monthEnd,
          `Transfer to checking ${checking.id}`,
          `Transfer from savings ${savings.id}`,
          'MOBILE',
        )
      }
      book(
        savings,
        'DEPOSIT',
        'CREDIT',
        Math.max(0, balance(savings)) * SAVINGS_MONTHLY_INTEREST,
        at(dayOf(days), 23, 23),
        'Interest paid',
        'ONLINE',
      )
    }
    if (balance(checking) < 0) book(checking, 'FEE', 'DEBIT', 3_500, at(dayOf(days), 23, 23), 'Overdraft fee', 'ONLINE')
  }

  const planted = isAnomalyCandidate(options, profile.index)
    ? plantAnomaly(random, now, checking, transactions, book)
    : undefined

  transactions.sort((a, b) => a.date.getTime() - b.date.getTime())
  transactions.forEach((row, n) => (row.id = `T-${suffix}-${String(n + 1).padStart(4, '0')}`))
  for (const account of accounts) account.balance = formatCents(balance(account))
  const anomaly = planted
    ? {
        transactionId: planted.row.id,
        accountId: checking.id,
        customerId: profile.id,
        amount: planted.row.amount,
        typicalAmount: formatCents(planted.typicalCents),
      }
    : null
  return { accounts, transactions, anomaly }
}

/** Withdrawals checking needs before one can be planted: with it, the five the anomaly rule judges by. */
const MIN_WITHDRAWALS = 4

/**
 * A large withdrawal on an account with small, regular activity: far above its usual withdrawals (30 robust
 * deviations at least, measured as the anomaly rule does, the withdrawal itself included), 22 to 35 times its
 * median debit, and more than twice any other debit, so that it is a one-off by every measure the anomaly
 * rule and the fraud model use.
 */
function plantAnomaly(
  random: Random,
  now: number,
  checking: AccountRow,
  transactions: TransactionRow[],
  book: Book,
): { row: TransactionRow; typicalCents: number } | undefined {
  const debits = transactions.filter((t) => t.accountId === checking.id && t.direction === 'DEBIT')
  const amounts = debits.map((t) => parseCents(t.amount)).sort((a, b) => a - b)
  const withdrawals = debits
    .filter((t) => t.type === 'WITHDRAWAL')
    .map((t) => parseCents(t.amount))
    .sort((a, b) => a - b)
  if (amounts.length < 20 || withdrawals.length < MIN_WITHDRAWALS) return undefined
  const typicalCents = amounts[Math.floor(amounts.length / 2)]!
  // The withdrawal will be the account's largest: its place in the statistics is known before its amount.
  const judged = [...withdrawals, Infinity]
  const usual = median(judged)
  const deviation = Math.max(
    1.4826 * median(judged.map((w) => Math.abs(w - usual)).sort((a, b) => a - b)),
    0.05 * usual,
    100,
  )
  const cents =
    Math.ceil(
      Math.max(300_000, typicalCents * random.int(22, 35), 2.2 * amounts.at(-1)!, usual + 30 * deviation) / 10_000,
    ) * 10_000
  const row = book(
    checking,
    'WITHDRAWAL',
    'DEBIT',
    cents,
    now - random.int(2, 40) * DAY_MS - random.int(0, 20) * HOUR_MS,
    random.pick(['Cash withdrawal at branch', 'Withdrawal to external account']),
    random.pick(['BRANCH', 'ONLINE'] as const),
  )
  return row && { row, typicalCents }
}

interface Pay {
  at: number
  cents: number
  description: string
  channel: TransactionRow['channel']
}

/**
 * When and how much a customer is paid, month by month: an employee on their employer's pay schedule, a
 * retiree's Social Security benefit (second, third or fourth Wednesday by birthday) and pension, or a small
 * business's takings, several a month in uneven amounts, about twice the owner's own income.
 */
function payPlan(
  profile: CustomerProfile,
  random: Random,
  age: number,
  at: (day: number, fromHour: number, toHour: number) => number,
): (month: number) => Pay[] {
  const income = profile.monthlyIncomeCents
  if (profile.segment === 'SMALL_BUSINESS') {
    return (month) => {
      const days = daysInMonth(month)
      const weights = Array.from({ length: 3 + random.poisson(3) }, () => random.logNormal(1, 0.5))
      const total = weights.reduce((sum, w) => sum + w, 0)
      const takings = 2 * income * random.normal(1, 0.08)
      return weights.map((w) => ({
        at: at(month + random.int(0, days - 1) * DAY_MS, 9, 17),
        cents: (takings * w) / total,
        description: random.pick(['Customer payment received', 'Card sales settlement', 'Business revenue deposit']),
        channel: 'ONLINE' as const,
      }))
    }
  }
  if (age >= RETIREMENT_AGE) {
    const benefit = Math.min(Math.round(income * 0.6), 400_000)
    const birthday = profile.dateOfBirth.getUTCDate()
    const week = birthday <= 10 ? 2 : birthday <= 20 ? 3 : 4
    const pensionDay = random.int(3, 28)
    return (month) => [
      {
        at: at(nthWeekday(month, WEDNESDAY, week), 6, 8),
        cents: benefit,
        description: 'Social Security benefit',
        channel: 'ONLINE',
      },
      {
        at: at(businessDayOnOrBefore(month + (pensionDay - 1) * DAY_MS), 6, 8),
        cents: income - benefit,
        description: 'Pension payment',
        channel: 'ONLINE',
      },
    ]
  }
  const schedule = random.weighted<PaySchedule>([
    ['WEEKLY', 12],
    ['BIWEEKLY', 55],
    ['SEMIMONTHLY', 22],
    ['MONTHLY', 11],
  ])
  const paycheck = income * { WEEKLY: 12 / 52, BIWEEKLY: 12 / 26, SEMIMONTHLY: 1 / 2, MONTHLY: 1 }[schedule]
  const hourly = random.chance(0.4)
  const phase = random.int(0, 1)
  // A fixed day from the 3rd: moved back to a Friday, it still falls in the same month.
  const monthlyDay = random.chance(0.4) ? 31 : random.int(3, 28)
  const paydays = (month: number): number[] => {
    const day = (n: number) => businessDayOnOrBefore(month + (Math.min(n, daysInMonth(month)) - 1) * DAY_MS)
    switch (schedule) {
      case 'WEEKLY':
        return weekdaysOf(month, FRIDAY)
      // Every other Friday: the week number's parity, fixed per customer.
      case 'BIWEEKLY':
        return weekdaysOf(month, FRIDAY).filter((friday) => Math.floor(friday / (7 * DAY_MS)) % 2 === phase)
      case 'SEMIMONTHLY':
        return [day(15), day(31)]
      case 'MONTHLY':
        return [day(monthlyDay)]
    }
  }
  return (month) =>
    paydays(month).map((day) => ({
      at: at(day, 5, 7),
      cents: hourly ? paycheck * random.normal(1, 0.05) : paycheck,
      description: 'Salary payment',
      channel: 'ONLINE',
    }))
}

/** The anomalies the demo bank contains, for tests and evaluations of anomaly detection. */
export function plantedAnomalies(options: DemoBankOptions): PlantedAnomaly[] {
  const campaigns = campaignPlans(options)
  const anomalies: PlantedAnomaly[] = []
  for (let index = 0; index < options.customers; index++) {
    if (!isAnomalyCandidate(options, index)) continue
    const { anomaly } = customerBanking(options, customerProfile(options, campaigns, index))
    if (anomaly) anomalies.push(anomaly)
  }
  return anomalies
}

// ---------------------------------------------------------------------------------------------------
// Loans and credit risk

const MINIMUM_SCORE: Record<LoanProduct, number> = { PERSONAL: 640, AUTO: 620, MORTGAGE: 660 }
const BASE_RATE: Record<LoanProduct, number> = { PERSONAL: 0.085, AUTO: 0.062, MORTGAGE: 0.0525 }
const GRADE_PREMIUM: Record<RiskAssessmentRow['riskGrade'], number> = { A: 0, B: 0.0075, C: 0.015, D: 0.03, E: 0.05 }
export const RISK_MODEL_VERSION = 'credit-scorecard-2.3'

export interface CustomerLending {
  applications: LoanApplicationRow[]
  loans: LoanRow[]
  assessments: RiskAssessmentRow[]
  /** Loan id → the monthly repayments made by the as-of moment (its outstanding balance is what they leave). */
  repaymentsMade: Record<string, number>
}

/** A customer's loan applications, the loans they became, and every credit assessment made of them. */
export function customerLending(options: DemoBankOptions, profile: CustomerProfile): CustomerLending {
  const random = randomFor(options.seed, 'lending', profile.index)
  const now = options.asOf.getTime()
  const joined = profile.joinedAt.getTime()
  const suffix = profile.id.slice(2)
  const applications: LoanApplicationRow[] = []
  const loans: LoanRow[] = []
  const assessments: RiskAssessmentRow[] = []
  const repaymentsMade: Record<string, number> = {}
  const baseDebtRatio = 0.05 + random.next() * 0.25

  const assess = (
    subject: RiskAssessmentRow['subject'],
    at: number,
    score: number,
    debtToIncome: number | null,
    loanApplicationId: string | null,
  ) => {
    const grade = riskGrade(score)
    const reasons: string[] = []
    if (at - joined < 365 * DAY_MS) reasons.push('Short relationship with the bank')
    if (debtToIncome !== null && debtToIncome > 0.4) reasons.push('High debt-to-income ratio')
    if (score < 620)
      reasons.push(
        random.pick(['Recent missed payment', 'High revolving credit utilisation', 'Collections account on file']),
      )
    if (score >= 760) reasons.push('Long, clean repayment history')
    if (reasons.length === 0) reasons.push('No adverse factors')
    assessments.push({
      id: `RA-${suffix}-${assessments.length + 1}`,
      subject,
      customerId: profile.id,
      loanApplicationId,
      assessedAt: new Date(Math.floor(at)),
      creditScore: score,
      riskGrade: grade,
      probabilityOfDefault: probabilityOfDefault(score).toFixed(5),
      debtToIncomeRatio: debtToIncome === null ? null : debtToIncome.toFixed(4),
      modelVersion: RISK_MODEL_VERSION,
      reasons,
    })
  }

  // Customer reviews: a yearly one for long-standing customers, and a recent one for everyone.
  if (now - joined > 400 * DAY_MS)
    assess(
      'CUSTOMER',
      now - random.int(365, 395) * DAY_MS,
      clamp(profile.creditScore + Math.round(random.normal(-10, 25)), 300, 850),
      null,
      null,
    )
  const applicationCount = random.chance(profile.segment === 'AFFLUENT' || profile.segment === 'PRIVATE' ? 0.4 : 0.28)
    ? random.chance(0.2)
      ? 2
      : 1
    : 0
  for (let n = 0; n < applicationCount; n++) {
    const earliest = joined + 30 * DAY_MS
    if (earliest >= now) break
    const submittedAt = Math.floor(earliest + random.next() * (now - earliest))
    const product = random.weighted<LoanProduct>([
      ['PERSONAL', 50],
      ['AUTO', 30],
      ['MORTGAGE', profile.segment === 'MASS' ? 15 : 30],
    ])
    const wealth = profile.segment === 'PRIVATE' ? 2.5 : profile.segment === 'AFFLUENT' ? 1.6 : 1
    const requestedCents =
      product === 'MORTGAGE'
        ? roundTo(random.logNormal(320_000 * wealth, 0.4), 5_000) * 100
        : product === 'AUTO'
          ? roundTo(random.logNormal(28_000, 0.4), 500) * 100
          : clamp(roundTo(random.logNormal(12_000, 0.6), 100), 1_000, 50_000) * 100
    const termMonths =
      product === 'MORTGAGE'
        ? random.pick([180, 240, 360])
        : product === 'AUTO'
          ? random.pick([36, 48, 60, 72])
          : random.pick([12, 24, 36, 48, 60])
    const score = clamp(profile.creditScore + Math.round(random.normal(0, 15)), 300, 850)
    const rate = BASE_RATE[product] + GRADE_PREMIUM[riskGrade(score)]
    const debtToIncome = baseDebtRatio + monthlyPayment(requestedCents, rate, termMonths) / profile.monthlyIncomeCents
    const applicationId = `LA-${suffix}-${n + 1}`
    const age = now - submittedAt
    let status: LoanApplicationRow['status']
    let decisionReason: string | null = null
    let decidedAt: number | null = null
    if (age < 5 * DAY_MS) status = 'SUBMITTED'
    else if (age < 12 * DAY_MS && random.chance(0.6)) status = 'UNDER_REVIEW'
    else {
      decidedAt = Math.min(submittedAt + random.int(1, 10) * DAY_MS, now - DAY_MS)
      if (random.chance(0.05)) {
        status = 'WITHDRAWN'
        decisionReason = 'Withdrawn by the customer'
      } else if (score < MINIMUM_SCORE[product]) {
        status = 'DECLINED'
        decisionReason = `Credit score ${score} is below the ${MINIMUM_SCORE[product]} minimum for ${product.toLowerCase()} loans`
      } else if (debtToIncome > 0.45) {
        status = 'DECLINED'
        decisionReason = `Debt-to-income ratio ${(debtToIncome * 100).toFixed(0)} % exceeds the 45 % limit`
      } else {
        status = 'APPROVED'
        decisionReason = `Approved: risk grade ${riskGrade(score)}, debt-to-income ${(debtToIncome * 100).toFixed(0)} %`
      }
    }
    applications.push({
      id: applicationId,
      customerId: profile.id,
      product,
      requestedAmount: formatCents(requestedCents),
      termMonths,
      purpose: random.pick(LOAN_PURPOSES[product]),
      status,
      submittedAt: new Date(submittedAt),
      decidedAt: decidedAt === null ? null : new Date(decidedAt),
      decisionReason,
    })
    // Assessed within the hour, but never after the as-of moment.
    assess('LOAN_APPLICATION', Math.min(submittedAt + 3_600_000, now), score, debtToIncome, applicationId)

    const originatedAt = decidedAt === null ? now : decidedAt + random.int(1, 14) * DAY_MS
    if (status === 'APPROVED' && originatedAt < now) {
      const pd = probabilityOfDefault(score)
      // A delinquent loan stopped being repaid a month or two ago, a defaulted one three to eight months ago,
      // if it was running then; its balance is what the repayments it got leave.
      const fallsBehind = random.chance(pd * 0.5) ? 'DEFAULTED' : random.chance(pd * 1.5) ? 'DELINQUENT' : null
      const stoppedAt =
        fallsBehind === 'DEFAULTED'
          ? now - random.int(3, 8) * 30 * DAY_MS
          : fallsBehind === 'DELINQUENT'
            ? now - random.int(1, 2) * 30 * DAY_MS
            : now
      const dueBefore = (moment: number) => repaymentsDueBefore(originatedAt, termMonths, moment)
      const behind = fallsBehind !== null && dueBefore(now) < termMonths && dueBefore(stoppedAt) < dueBefore(now)
      const repayments = behind ? dueBefore(stoppedAt) : dueBefore(now)
      const outstanding = Math.max(0, remainingBalance(requestedCents, rate, termMonths, repayments))
      const loanStatus = outstanding === 0 ? 'PAID_OFF' : behind ? fallsBehind : 'ACTIVE'
      repaymentsMade[`L-${suffix}-${n + 1}`] = repayments
      loans.push({
        id: `L-${suffix}-${n + 1}`,
        applicationId,
        customerId: profile.id,
        product,
        principal: formatCents(requestedCents),
        annualInterestRate: rate.toFixed(4),
        termMonths,
        originatedAt: new Date(originatedAt),
        maturityDate: new Date(startOfDay(addMonths(originatedAt, termMonths))),
        outstandingBalance: formatCents(outstanding),
        status: loanStatus,
      })
    }
  }
  // The latest review: a day after joining at the earliest, at the as-of moment at the latest.
  assess(
    'CUSTOMER',
    Math.min(Math.max(joined + DAY_MS, now - random.int(1, 60) * DAY_MS), now),
    profile.creditScore,
    null,
    null,
  )
  return { applications, loans, assessments, repaymentsMade }
}

/** How many of a loan's monthly repayments fall due before the moment (the first a month after origination). */
function repaymentsDueBefore(originatedAt: number, termMonths: number, moment: number): number {
  let due = 0
  while (due < termMonths && addMonths(originatedAt, due + 1) < moment) due++
  return due
}

export function riskGrade(score: number): RiskAssessmentRow['riskGrade'] {
  return score >= 760 ? 'A' : score >= 700 ? 'B' : score >= 650 ? 'C' : score >= 600 ? 'D' : 'E'
}

function probabilityOfDefault(score: number): number {
  return 1 / (1 + Math.exp((score - 560) / 45))
}

function monthlyPayment(principalCents: number, annualRate: number, termMonths: number): number {
  const r = annualRate / 12
  return (principalCents * r) / (1 - Math.pow(1 + r, -termMonths))
}

function remainingBalance(principalCents: number, annualRate: number, termMonths: number, monthsPaid: number): number {
  if (monthsPaid >= termMonths) return 0
  const r = annualRate / 12
  const payment = monthlyPayment(principalCents, annualRate, termMonths)
  return Math.round(principalCents * Math.pow(1 + r, monthsPaid) - (payment * (Math.pow(1 + r, monthsPaid) - 1)) / r)
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(Math.round(cents))
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

function parseCents(amount: string): number {
  return Math.round(Number(amount) * 100)
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}

function roundTo(value: number, step: number): number {
  return Math.max(step, Math.round(value / step) * step)
}

function ascii(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '')
}

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS
}

function monthStart(ms: number): number {
  const d = new Date(ms)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
}

function addMonths(ms: number, months: number): number {
  const d = new Date(ms)
  return Date.UTC(
    d.getUTCFullYear(),
    d.getUTCMonth() + months,
    Math.min(d.getUTCDate(), 28),
    d.getUTCHours(),
    d.getUTCMinutes(),
  )
}

/** The days of the month (given by its first day) that fall on the weekday (0 = Sunday). */
function weekdaysOf(monthStartMs: number, weekday: number): number[] {
  const first = monthStartMs + ((weekday - new Date(monthStartMs).getUTCDay() + 7) % 7) * DAY_MS
  const days: number[] = []
  for (let day = first; day < monthStartMs + daysInMonth(monthStartMs) * DAY_MS; day += 7 * DAY_MS) days.push(day)
  return days
}

function nthWeekday(monthStartMs: number, weekday: number, n: number): number {
  return weekdaysOf(monthStartMs, weekday)[n - 1]!
}

/** The day itself, or the Friday before when it falls on a weekend (payroll moves earlier, not later). */
function businessDayOnOrBefore(day: number): number {
  const weekday = new Date(day).getUTCDay()
  return weekday === 6 ? day - DAY_MS : weekday === 0 ? day - 2 * DAY_MS : day
}

function median(sorted: number[]): number {
  const middle = (sorted.length - 1) / 2
  return (sorted[Math.floor(middle)]! + sorted[Math.ceil(middle)]!) / 2
}

/** `count` different items, in random order. */
function pickDistinct<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items]
  for (let i = pool.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
  }
  return pool.slice(0, count)
}

function daysInMonth(monthStartMs: number): number {
  const d = new Date(monthStartMs)
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
}

function durationDays(campaign: CampaignPlan, now: number): number {
  return Math.max(1, (Math.min(campaign.endDate.getTime() + DAY_MS, now) - campaign.startDate.getTime()) / DAY_MS)
}
