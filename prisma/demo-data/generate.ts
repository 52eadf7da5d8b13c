// The deterministic demo bank: one coherent set of customers, accounts, transactions, loans, risk
// assessments and campaigns across the five domains. The same options always give the same rows.
// Rows are produced per customer from a random stream of their own, so every domain's tables can be
// generated (and streamed into their own database) independently and still agree on ids and dates.
import { randomFor } from './random'
import { CAMPAIGN_THEMES, FIRST_NAMES, LAST_NAMES, LOAN_PURPOSES, MERCHANTS, REGIONS } from './vocabulary'

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
const CUSTOMER_HISTORY_DAYS = 3 * 365
const TRANSACTION_HISTORY_DAYS = 365
const CURRENCY = 'USD'

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
      budgetCents: Math.max(1, Math.round(random.logNormal(CAMPAIGN_BUDGET_PER_CUSTOMER * options.customers, 0.5) / 100)) * 100 * 100,
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
  const segment = random.weighted<Segment>([['MASS', 70], ['AFFLUENT', 18], ['PRIVATE', 4], ['SMALL_BUSINESS', 8]])

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
    acquisitionChannel = random.weighted<AcquisitionChannel>([['BRANCH', 30], ['WEB', 30], ['MOBILE_APP', 25], ['REFERRAL', 10], ['PARTNER', 5]])
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

export function* customerProfiles(options: DemoBankOptions, campaigns = campaignPlans(options)): Generator<CustomerProfile> {
  for (let index = 0; index < options.customers; index++) yield customerProfile(options, campaigns, index)
}

export function toCustomerRow(profile: CustomerProfile): CustomerRow {
  const { index: _index, creditScore: _score, monthlyIncomeCents: _income, ...row } = profile
  return row
}

// ---------------------------------------------------------------------------------------------------
// Marketing

export function toAcquisitionRow(profile: CustomerProfile): AcquisitionRow {
  return { customerId: profile.id, campaignId: profile.acquisitionCampaignId, channel: profile.acquisitionChannel, acquiredAt: profile.joinedAt }
}

/** Campaign rows whose conversions equal the customers each campaign acquired. */
export function campaignRows(options: DemoBankOptions, campaigns: CampaignPlan[], acquired: Map<string, number>): CampaignRow[] {
  const now = options.asOf.getTime()
  return campaigns.map((plan) => {
    const status = plan.startDate.getTime() > now ? 'PLANNED' : plan.endDate.getTime() + DAY_MS <= now ? 'COMPLETED' : 'ACTIVE'
    const conversions = acquired.get(plan.id) ?? 0
    const clicks = status === 'PLANNED' ? 0 : Math.round(Math.max(conversions, 1) / plan.conversionRate)
    const impressions = status === 'PLANNED' ? 0 : Math.round(clicks / plan.clickThroughRate)
    const elapsed = status === 'ACTIVE' ? durationDays(plan, now) / durationDays(plan, Infinity) : status === 'COMPLETED' ? 1 : 0
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

export function customerBanking(options: DemoBankOptions, profile: CustomerProfile): CustomerBanking {
  const random = randomFor(options.seed, 'banking', profile.index)
  const now = options.asOf.getTime()
  const windowStart = now - TRANSACTION_HISTORY_DAYS * DAY_MS
  const suffix = profile.id.slice(2)
  const transactions: TransactionRow[] = []
  const accounts: AccountRow[] = []
  const balances = new Map<string, number>()
  let sequence = 0

  const openAccount = (type: AccountRow['type'], openedAt: number, openingCents: number): AccountRow => {
    // A customer who joined lately opens a second account "within months": at the latest, on the as-of day.
    const account: AccountRow = { id: `A-${suffix}-${accounts.length + 1}`, customerId: profile.id, type, currency: CURRENCY, status: 'OPEN', openedAt: new Date(Math.min(openedAt, now)), balance: '0.00' }
    accounts.push(account)
    balances.set(account.id, openingCents)
    return account
  }
  const book = (account: AccountRow, type: TransactionType, direction: 'CREDIT' | 'DEBIT', cents: number, date: number, description: string, channel: TransactionRow['channel']) => {
    if (cents <= 0 || date >= now || date < account.openedAt.getTime()) return undefined
    const row: TransactionRow = {
      id: `T-${suffix}-${String(++sequence).padStart(4, '0')}`,
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
    balances.set(account.id, balances.get(account.id)! + (direction === 'CREDIT' ? cents : -cents))
    return row
  }

  const joined = profile.joinedAt.getTime()
  const income = profile.monthlyIncomeCents
  const checking = openAccount('CHECKING', joined, joined < windowStart ? Math.round(random.logNormal(income / 100, 0.5)) * 100 : 0)
  const savings = random.chance(0.6) ? openAccount('SAVINGS', joined + random.int(0, 90) * DAY_MS, joined < windowStart ? Math.round(random.logNormal(income * 2 / 100, 0.8)) * 100 : 0) : undefined
  const card = random.chance(0.4) ? openAccount('CREDIT_CARD', joined + random.int(0, 180) * DAY_MS, 0) : undefined
  const payday = random.int(24, 28)
  const bills = random.int(1, 3)
  const quietSpender = random.chance(0.5)

  for (let month = monthStart(Math.max(windowStart, joined)); month < now; month = addMonths(month, 1)) {
    const inMonth = (day: number, hour = random.int(7, 21)) => month + (day - 1) * DAY_MS + hour * 3_600_000 + random.int(0, 3_599_999)
    const days = daysInMonth(month)
    book(checking, 'DEPOSIT', 'CREDIT', Math.round(income * random.normal(1, 0.03)), inMonth(Math.min(payday, days), 6), profile.segment === 'SMALL_BUSINESS' ? 'Business revenue deposit' : 'Salary payment', 'ONLINE')
    for (let i = 0; i < bills; i++) {
      book(checking, 'PAYMENT', 'DEBIT', Math.round(random.logNormal(9_000, 0.4)), inMonth(random.int(1, days)), random.pick(['Utility bill', 'Mobile phone bill', 'Insurance premium', 'Streaming subscription']), 'ONLINE')
    }
    const purchases = random.poisson(quietSpender ? 3 : 6)
    for (let i = 0; i < purchases; i++) {
      book(checking, 'PAYMENT', 'DEBIT', Math.round(random.logNormal(3_500, 0.8)), inMonth(random.int(1, days)), random.pick(MERCHANTS), random.chance(0.3) ? 'ONLINE' : 'CARD')
    }
    const withdrawals = random.poisson(1)
    for (let i = 0; i < withdrawals; i++) {
      book(checking, 'WITHDRAWAL', 'DEBIT', random.int(1, 10) * 2_000, inMonth(random.int(1, days)), 'ATM cash withdrawal', 'ATM')
    }
    if (profile.segment === 'MASS' && random.chance(0.5)) book(checking, 'FEE', 'DEBIT', 500, inMonth(days, 23), 'Monthly account fee', 'ONLINE')
    if (savings) {
      const saved = Math.round(income * random.normal(0.1, 0.02))
      const date = inMonth(Math.min(payday + 1, days))
      if (date >= savings.openedAt.getTime() && book(checking, 'TRANSFER', 'DEBIT', saved, date, `Transfer to savings ${savings.id}`, 'MOBILE')) {
        book(savings, 'TRANSFER', 'CREDIT', saved, date + 1000, `Transfer from checking ${checking.id}`, 'MOBILE')
      }
      book(savings, 'DEPOSIT', 'CREDIT', Math.round(Math.max(0, balances.get(savings.id)!) * 0.0025), inMonth(days, 23), 'Interest paid', 'ONLINE')
    }
    if (card) {
      let spent = 0
      const cardPurchases = random.poisson(4)
      for (let i = 0; i < cardPurchases; i++) {
        const cents = Math.round(random.logNormal(5_000, 0.9))
        if (book(card, 'PAYMENT', 'DEBIT', cents, inMonth(random.int(1, days)), random.pick(MERCHANTS), random.chance(0.4) ? 'ONLINE' : 'CARD')) spent += cents
      }
      const repaymentDate = inMonth(days, 22)
      if (book(checking, 'TRANSFER', 'DEBIT', spent, repaymentDate, `Credit card repayment ${card.id}`, 'ONLINE')) {
        book(card, 'DEPOSIT', 'CREDIT', spent, repaymentDate + 1000, 'Card repayment received', 'ONLINE')
      }
    }
  }

  let anomaly: PlantedAnomaly | null = null
  if (isAnomalyCandidate(options, profile.index)) {
    const debits = transactions.filter((t) => t.accountId === checking.id && t.direction === 'DEBIT').map((t) => parseCents(t.amount)).sort((a, b) => a - b)
    if (debits.length >= 20) {
      const typical = debits[Math.floor(debits.length / 2)]!
      const cents = Math.max(300_000, Math.round((typical * random.int(40, 80)) / 10_000) * 10_000)
      const row = book(checking, 'WITHDRAWAL', 'DEBIT', cents, now - random.int(2, 40) * DAY_MS - random.int(0, 20) * 3_600_000, random.pick(['Cash withdrawal at branch', 'Withdrawal to external account']), random.pick(['BRANCH', 'ONLINE'] as const))
      if (row) anomaly = { transactionId: row.id, accountId: checking.id, customerId: profile.id, amount: row.amount, typicalAmount: formatCents(typical) }
    }
  }

  for (const account of accounts) account.balance = formatCents(balances.get(account.id)!)
  return { accounts, transactions, anomaly }
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
  const baseDebtRatio = 0.05 + random.next() * 0.25

  const assess = (subject: RiskAssessmentRow['subject'], at: number, score: number, debtToIncome: number | null, loanApplicationId: string | null) => {
    const grade = riskGrade(score)
    const reasons: string[] = []
    if (at - joined < 365 * DAY_MS) reasons.push('Short relationship with the bank')
    if (debtToIncome !== null && debtToIncome > 0.4) reasons.push('High debt-to-income ratio')
    if (score < 620) reasons.push(random.pick(['Recent missed payment', 'High revolving credit utilisation', 'Collections account on file']))
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
  if (now - joined > 400 * DAY_MS) assess('CUSTOMER', now - random.int(365, 395) * DAY_MS, clamp(profile.creditScore + Math.round(random.normal(-10, 25)), 300, 850), null, null)
  const applicationCount = random.chance(profile.segment === 'AFFLUENT' || profile.segment === 'PRIVATE' ? 0.4 : 0.28) ? (random.chance(0.2) ? 2 : 1) : 0
  for (let n = 0; n < applicationCount; n++) {
    const earliest = joined + 30 * DAY_MS
    if (earliest >= now) break
    const submittedAt = Math.floor(earliest + random.next() * (now - earliest))
    const product = random.weighted<LoanProduct>([['PERSONAL', 50], ['AUTO', 30], ['MORTGAGE', profile.segment === 'MASS' ? 15 : 30]])
    const wealth = profile.segment === 'PRIVATE' ? 2.5 : profile.segment === 'AFFLUENT' ? 1.6 : 1
    const requestedCents = product === 'MORTGAGE'
      ? roundTo(random.logNormal(320_000 * wealth, 0.4), 5_000) * 100
      : product === 'AUTO' ? roundTo(random.logNormal(28_000, 0.4), 500) * 100 : clamp(roundTo(random.logNormal(12_000, 0.6), 100), 1_000, 50_000) * 100
    const termMonths = product === 'MORTGAGE' ? random.pick([180, 240, 360]) : product === 'AUTO' ? random.pick([36, 48, 60, 72]) : random.pick([12, 24, 36, 48, 60])
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
      const monthsElapsed = Math.floor((now - originatedAt) / (30.44 * DAY_MS))
      const outstanding = Math.max(0, remainingBalance(requestedCents, rate, termMonths, monthsElapsed))
      const pd = probabilityOfDefault(score)
      const loanStatus = outstanding === 0 ? 'PAID_OFF' : random.chance(pd * 0.5) ? 'DEFAULTED' : random.chance(pd * 1.5) ? 'DELINQUENT' : 'ACTIVE'
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
  assess('CUSTOMER', Math.min(Math.max(joined + DAY_MS, now - random.int(1, 60) * DAY_MS), now), profile.creditScore, null, null)
  return { applications, loans, assessments }
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
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, Math.min(d.getUTCDate(), 28), d.getUTCHours(), d.getUTCMinutes())
}

function daysInMonth(monthStartMs: number): number {
  const d = new Date(monthStartMs)
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
}

function durationDays(campaign: CampaignPlan, now: number): number {
  return Math.max(1, (Math.min(campaign.endDate.getTime() + DAY_MS, now) - campaign.startDate.getTime()) / DAY_MS)
}
