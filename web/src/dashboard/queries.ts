// The dashboard's questions to the mesh, one operation per data product so that each tile loads, fails or is
// refused on its own. Every tile can show the operation it ran.
import { bucketsOf, endAfter, endOf, previousRange, startOf, type Bucket, type DateRange } from '../dates'
import type {
  DashboardAccessDenialsQuery,
  DashboardAcquisitionQuery,
  DashboardAnomaliesQuery,
  DashboardCampaignsQuery,
  DashboardLoansQuery,
  DashboardMoneyFlowsQuery,
  DashboardRiskGradesQuery,
  DashboardTopCampaignsQuery,
  DecisionsFragment,
} from '../generated/operations'

export interface Operation {
  query: string
  variables: Record<string, unknown>
}

/** Marketing: new customers per day, in the period and the one before (the `to` of customerAcquisition is exclusive). */
export function acquisitionOperation(range: DateRange): Operation {
  const previous = previousRange(range)
  return {
    query: `query DashboardAcquisition($from: DateTime!, $to: DateTime!, $previousFrom: DateTime!) {
  current: customerAcquisition(granularity: DAY, from: $from, to: $to) { periodStart newCustomers }
  previous: customerAcquisition(granularity: DAY, from: $previousFrom, to: $from) { newCustomers }
}`,
    variables: { from: startOf(range), to: endAfter(range), previousFrom: startOf(previous) },
  }
}

export type AcquisitionData = DashboardAcquisitionQuery

/**
 * Transactions: money in and out by type, in the period, the one before, and per chart bucket (inclusive ends).
 * The buckets' dates are variables, so the document depends only on how many buckets there are: one fixed
 * document per count (moneyFlowDocument), each registered as a trusted document.
 */
export function moneyFlowOperation(range: DateRange): Operation & { buckets: Bucket[] } {
  const previous = previousRange(range)
  const buckets = bucketsOf(range)
  return {
    buckets,
    query: moneyFlowDocument(buckets.length),
    variables: {
      from: startOf(range),
      to: endOf(range),
      previousFrom: startOf(previous),
      previousTo: endOf(previous),
      ...Object.fromEntries(
        buckets.flatMap((bucket, index) => [
          [`b${index}From`, startOf(bucket)],
          [`b${index}To`, endOf(bucket)],
        ]),
      ),
    },
  }
}

/** The money-flow document for a chart of `bucketCount` buckets (1 to MAX_CHART_BUCKETS). */
export function moneyFlowDocument(bucketCount: number): string {
  const indexes = Array.from({ length: bucketCount }, (_, index) => index)
  const bucketVariables = indexes.map((index) => `, $b${index}From: DateTime!, $b${index}To: DateTime!`).join('')
  const perBucket = indexes
    .map(
      (index) =>
        `  b${index}: transactionSummary(filter: { startDate: $b${index}From, endDate: $b${index}To }) { byType { type total } }`,
    )
    .join('\n')
  return `query DashboardMoneyFlows($from: DateTime!, $to: DateTime!, $previousFrom: DateTime!, $previousTo: DateTime!${bucketVariables}) {
  current: transactionSummary(filter: { startDate: $from, endDate: $to }) { count credits debits net byType { type count total } }
  previous: transactionSummary(filter: { startDate: $previousFrom, endDate: $previousTo }) { count credits debits net byType { type count total } }
${perBucket}
}`
}

export type Summary = NonNullable<DashboardMoneyFlowsQuery['current']>
export type TypeTotal = NonNullable<Summary['byType']>[number]

/** The summaries of the period and the one before, and one per chart bucket (`b0`, `b1`, ...). */
export type MoneyFlowData = Pick<DashboardMoneyFlowsQuery, 'current' | 'previous'> &
  Record<string, DashboardMoneyFlowsQuery['b0']>

/**
 * Loans: money lent (loans paid out) and the approval rate of the applications submitted (inclusive ends),
 * from aggregates an executive may read (loanPerformance compares with the period of the same length before).
 */
export function loansOperation(range: DateRange): Operation {
  const previous = previousRange(range)
  return {
    query: `query DashboardLoans($from: DateTime!, $to: DateTime!, $previousFrom: DateTime!, $previousTo: DateTime!) {
  volume: loanPortfolioSummary(filter: { originatedFrom: $from, originatedTo: $to }) { count totalPrincipal }
  previousVolume: loanPortfolioSummary(filter: { originatedFrom: $previousFrom, originatedTo: $previousTo }) { count totalPrincipal }
  performance: loanPerformance(from: $from, to: $to) { all { current { ...decisions } previous { ...decisions } } }
}
fragment decisions on LoanPeriodFigures { approved declined approvalRate suppressed }`,
    variables: { from: startOf(range), to: endOf(range), previousFrom: startOf(previous), previousTo: endOf(previous) },
  }
}

export type LoansData = DashboardLoansQuery

/** Decisions on the applications of one period; null figures are hidden (too few applicants to show). */
export type Decisions = DecisionsFragment

/** Marketing: the campaigns that ran at least partly in the period (Date filters, inclusive), and the period before. */
export function campaignsOperation(range: DateRange): Operation {
  const previous = previousRange(range)
  return {
    query: `query DashboardCampaigns($from: Date!, $to: Date!, $previousFrom: Date!, $previousTo: Date!) {
  current: campaigns(filter: { runningFrom: $from, runningTo: $to }, first: 200) { totalCount edges { node { id spend conversions newCustomers } } }
  previous: campaigns(filter: { runningFrom: $previousFrom, runningTo: $previousTo }, first: 200) { totalCount edges { node { id spend conversions newCustomers } } }
}`,
    variables: { from: range.from, to: range.to, previousFrom: previous.from, previousTo: previous.to },
  }
}

type CampaignPage = NonNullable<DashboardCampaignsQuery['current']>
export type CampaignNode = CampaignPage['edges'][number]['node']

export type CampaignsData = DashboardCampaignsQuery

/** Marketing: the campaigns that brought the most new customers in the period (`to` exclusive). */
export function topCampaignsOperation(range: DateRange): Operation {
  return {
    query: `query DashboardTopCampaigns($from: DateTime!, $to: DateTime!) {
  topCampaignsByAcquisition(from: $from, to: $to, first: 5) { rank newCustomers shareOfNewCustomers campaign { id name channel conversionRate costPerAcquisition } }
}`,
    variables: { from: startOf(range), to: endAfter(range) },
  }
}

export type TopCampaignsData = DashboardTopCampaignsQuery

/** Risk: customers per risk grade by their latest assessment (a snapshot: the period does not apply). */
export const RISK_GRADES_QUERY = `query DashboardRiskGrades {
  riskGradeDistribution(subject: CUSTOMER) { grade count averageProbabilityOfDefault }
}`

export type RiskGradesData = DashboardRiskGradesQuery

/** Transactions: the most unusual debits of the period. */
export function anomaliesOperation(range: DateRange): Operation {
  return {
    query: `query DashboardAnomalies($from: DateTime!, $to: DateTime!) {
  anomalousTransactions(filter: { startDate: $from, endDate: $to }, first: 6) { score reason typicalAmount transaction { id date type amount account { id } } }
}`,
    variables: { from: startOf(range), to: endOf(range) },
  }
}

export type AnomaliesData = DashboardAnomaliesQuery

/** Audit: who was refused what in the period (restricted: compliance officers and admins). */
export function accessDenialsOperation(range: DateRange): Operation {
  return {
    query: `query DashboardAccessDenials($from: DateTime!, $to: DateTime!) {
  accessDenials(filter: { from: $from, to: $to }, first: 5) { totalCount edges { node { id occurredAt subject roles channel field reason } } }
}`,
    variables: { from: startOf(range), to: endAfter(range) },
  }
}

export type AccessDenialsData = DashboardAccessDenialsQuery

/** Catalog: which product feeds each tile, and how fresh it is. */
export const CATALOG_STATUS_QUERY = `query DashboardProvenance {
  dataProducts { id name owner { team contact } freshnessObjective liveStatus { available checkedAt lastDataUpdate error tables { table lastUpdate } } }
}`
