// The grouped aggregates the dashboard's breakdown view offers, as data: one entry per field of the graph, with
// the dimensions it groups by and the measures of each group. A product's breakdown that follows the graph's
// breakdown contract, `xBreakdown(by: [XDimension!]!, filter: XFilter) { minimumGroupSize hiddenGroups
// groups { … } }`, is one entry with `ask: groupedBy(…)`. Only fields of schema/supergraph.graphql belong here:
// test/web-app.test.ts validates every choice of every entry against the graph's schema.
import { endOf, startOf, type DateRange } from '../dates'
import type { Operation } from './queries'

export type MeasureFormat = 'money' | 'count' | 'rate'

export interface BreakdownMeasure {
  /** The group's field that holds it. */
  field: string
  label: string
  format: MeasureFormat
}

export interface BreakdownDimension {
  /** The enum value to group by, as in `by: [CHANNEL]`. */
  value: string
  /** The group's field that holds the group's value. */
  field: string
  label: string
}

export interface BreakdownChoice {
  dimension: BreakdownDimension
  measure: BreakdownMeasure
}

/** One answer, the same whatever the field: the groups in the graph's order, and what small-group protection did. */
export interface BreakdownAnswer {
  groups: BreakdownGroup[]
  /** Groups left out altogether (too few customers for the caller to see). */
  hiddenGroups: number
  minimumGroupSize: number | null
}

export interface BreakdownGroup {
  /** The group's fields as the graph answered them (its dimension's value and the measure asked for). */
  fields: Record<string, unknown>
  /** Its figures are hidden (too few customers for the caller to see): a null measure is not a missing one. */
  withheld?: boolean
}

export interface BreakdownQuestion {
  operation: Operation
  /** The answer's root field, where a refusal or a failure is reported. */
  path: string[]
  read(data: unknown): BreakdownAnswer | null
}

export interface BreakdownSource {
  /** The data product's catalog id: where the figures come from, and whom to ask for access. */
  product: string
  /** What is grouped, as the picker shows it. */
  label: string
  /** What a measure is of, in a chart's title ("Total amount of transactions"), where the measure does not say it. */
  of?: string
  /** The Query field that answers. */
  field: string
  /** The product's table whose newest row tells how fresh the figures are. */
  table: string
  dimensions: BreakdownDimension[]
  measures: BreakdownMeasure[]
  /** A word under the source: which rows are counted (say so when the period does not apply). */
  note?: string
  /** The operation for one choice over the dashboard's period, and how to read its answer. */
  ask(choice: BreakdownChoice, range: DateRange, source: BreakdownSource): BreakdownQuestion
}

export const BREAKDOWNS: BreakdownSource[] = [
  {
    product: 'transactions',
    label: 'Transactions',
    of: 'transactions',
    field: 'transactionBreakdown',
    table: 'Transaction',
    dimensions: [
      { value: 'TYPE', field: 'type', label: 'Type' },
      { value: 'DIRECTION', field: 'direction', label: 'Direction' },
      { value: 'CHANNEL', field: 'channel', label: 'Channel' },
      { value: 'MONTH', field: 'month', label: 'Month' },
    ],
    measures: [
      { field: 'total', label: 'Total amount', format: 'money' },
      { field: 'count', label: 'Number of transactions', format: 'count' },
      { field: 'customers', label: 'Customers', format: 'count' },
      { field: 'average', label: 'Average amount', format: 'money' },
      { field: 'min', label: 'Smallest amount', format: 'money' },
      { field: 'max', label: 'Largest amount', format: 'money' },
    ],
    ask: groupedBy({
      dimensionType: 'TransactionDimension',
      filterType: 'TransactionFilter',
      filter: (range) => ({ startDate: startOf(range), endDate: endOf(range) }),
    }),
  },
  {
    product: 'customers',
    label: 'Customers',
    field: 'customerBreakdown',
    table: 'Customer',
    note: 'every customer, whatever the period',
    dimensions: [
      { value: 'REGION', field: 'region', label: 'Region' },
      { value: 'SEGMENT', field: 'segment', label: 'Segment' },
      { value: 'ACQUISITION_CHANNEL', field: 'acquisitionChannel', label: 'Acquisition channel' },
    ],
    measures: [{ field: 'customers', label: 'Customers', format: 'count' }],
    ask: groupedBy({ dimensionType: 'CustomerDimension', filterType: 'CustomerFilter' }),
  },
  {
    product: 'loans',
    label: 'Loan applications',
    field: 'loanApplicationBreakdown',
    table: 'LoanApplication',
    note: 'applications submitted in the period',
    dimensions: [
      { value: 'PRODUCT', field: 'product', label: 'Loan product' },
      { value: 'STATUS', field: 'status', label: 'Status' },
      { value: 'MONTH', field: 'month', label: 'Month submitted' },
    ],
    measures: [
      { field: 'count', label: 'Applications', format: 'count' },
      { field: 'customers', label: 'Applicants', format: 'count' },
      { field: 'totalRequestedAmount', label: 'Amount asked for', format: 'money' },
      { field: 'averageRequestedAmount', label: 'Average amount asked for', format: 'money' },
      { field: 'minRequestedAmount', label: 'Smallest amount asked for', format: 'money' },
      { field: 'maxRequestedAmount', label: 'Largest amount asked for', format: 'money' },
    ],
    ask: groupedBy({
      dimensionType: 'LoanApplicationDimension',
      filterType: 'LoanApplicationFilter',
      filter: (range) => ({ submittedFrom: startOf(range), submittedTo: endOf(range) }),
    }),
  },
  {
    product: 'loans',
    label: 'Loans',
    field: 'loanBreakdown',
    table: 'Loan',
    note: 'loans paid out in the period, as they stand today',
    dimensions: [
      { value: 'PRODUCT', field: 'product', label: 'Loan product' },
      { value: 'STATUS', field: 'status', label: 'Repayment status' },
      { value: 'MONTH', field: 'month', label: 'Month paid out' },
    ],
    measures: [
      { field: 'totalPrincipal', label: 'Principal lent', format: 'money' },
      { field: 'count', label: 'Number of loans', format: 'count' },
      { field: 'customers', label: 'Borrowers', format: 'count' },
      { field: 'totalOutstanding', label: 'Balance outstanding', format: 'money' },
      { field: 'averagePrincipal', label: 'Average principal', format: 'money' },
      { field: 'minPrincipal', label: 'Smallest principal', format: 'money' },
      { field: 'maxPrincipal', label: 'Largest principal', format: 'money' },
      { field: 'averageInterestRate', label: 'Average interest rate', format: 'rate' },
    ],
    ask: groupedBy({
      dimensionType: 'LoanDimension',
      filterType: 'LoanFilter',
      filter: (range) => ({ originatedFrom: startOf(range), originatedTo: endOf(range) }),
    }),
  },
  {
    product: 'loans',
    label: 'Lending performance',
    field: 'loanPerformance',
    table: 'LoanApplication',
    note: 'applications submitted and loans paid out in the period',
    dimensions: [{ value: 'PRODUCT', field: 'product', label: 'Loan product' }],
    measures: [
      { field: 'applications', label: 'Applications', format: 'count' },
      { field: 'approved', label: 'Approved', format: 'count' },
      { field: 'declined', label: 'Declined', format: 'count' },
      { field: 'approvalRate', label: 'Approval rate', format: 'rate' },
      { field: 'loansPaidOut', label: 'Loans paid out', format: 'count' },
      { field: 'volumePaidOut', label: 'Principal paid out', format: 'money' },
      { field: 'averagePrincipal', label: 'Average principal', format: 'money' },
    ],
    ask: loanPerformanceByProduct,
  },
  {
    product: 'marketing',
    label: 'Marketing campaigns',
    field: 'campaignBreakdown',
    table: 'Campaign',
    note: 'campaigns that ran at least partly in the period; new customers of all time',
    dimensions: [
      { value: 'CHANNEL', field: 'channel', label: 'Channel' },
      { value: 'STATUS', field: 'status', label: 'Status' },
      { value: 'MONTH', field: 'month', label: 'Month started' },
    ],
    measures: [
      { field: 'spend', label: 'Spend', format: 'money' },
      { field: 'budget', label: 'Budget', format: 'money' },
      { field: 'count', label: 'Number of campaigns', format: 'count' },
      { field: 'impressions', label: 'Impressions', format: 'count' },
      { field: 'clicks', label: 'Clicks', format: 'count' },
      { field: 'conversions', label: 'Conversions', format: 'count' },
      { field: 'newCustomers', label: 'New customers', format: 'count' },
      { field: 'clickThroughRate', label: 'Click-through rate', format: 'rate' },
      { field: 'conversionRate', label: 'Conversion rate', format: 'rate' },
      { field: 'costPerAcquisition', label: 'Cost per acquisition', format: 'money' },
    ],
    ask: groupedBy({
      dimensionType: 'CampaignDimension',
      filterType: 'CampaignFilter',
      filter: (range) => ({ runningFrom: range.from, runningTo: range.to }),
    }),
  },
  {
    product: 'risk',
    label: 'Risk assessments',
    field: 'riskAssessmentBreakdown',
    table: 'RiskAssessment',
    note: 'every assessment made in the period, not only the latest of each customer',
    dimensions: [
      { value: 'GRADE', field: 'grade', label: 'Risk grade' },
      { value: 'SUBJECT', field: 'subject', label: 'Subject' },
      { value: 'MONTH', field: 'month', label: 'Month assessed' },
    ],
    measures: [
      { field: 'count', label: 'Number of assessments', format: 'count' },
      { field: 'customers', label: 'Customers', format: 'count' },
      { field: 'averageProbabilityOfDefault', label: 'Average probability of default', format: 'rate' },
      { field: 'averageDebtToIncomeRatio', label: 'Average debt-to-income ratio', format: 'rate' },
    ],
    ask: groupedBy({
      dimensionType: 'RiskAssessmentDimension',
      filterType: 'RiskAssessmentFilter',
      filter: (range) => ({ assessedFrom: startOf(range), assessedTo: endOf(range) }),
    }),
  },
]

/**
 * The breakdown contract: `field(by: [dimension], filter)` answering `{ minimumGroupSize hiddenGroups groups }`.
 * `filter` turns the dashboard's period into the product's filter; without it the figures cover every row.
 */
export function groupedBy({
  dimensionType,
  filterType,
  filter,
}: {
  dimensionType: string
  filterType: string
  filter?: (range: DateRange) => Record<string, unknown>
}): BreakdownSource['ask'] {
  return ({ dimension, measure }, range, { field }) => ({
    operation: {
      query: `query DashboardBreakdown($by: [${dimensionType}!]!, $filter: ${filterType}) {
  breakdown: ${field}(by: $by, filter: $filter) { minimumGroupSize hiddenGroups groups { ${dimension.field} ${measure.field} } }
}`,
      variables: { by: [dimension.value], ...(filter && { filter: filter(range) }) },
    },
    path: ['breakdown'],
    read: (data) => {
      const breakdown = (
        data as {
          breakdown?: {
            minimumGroupSize: number | null
            hiddenGroups: number | null
            groups: Record<string, unknown>[] | null
          } | null
        } | null
      )?.breakdown
      if (!breakdown) return null
      return {
        groups: (breakdown.groups ?? []).map((fields) => ({ fields })),
        hiddenGroups: breakdown.hiddenGroups ?? 0,
        minimumGroupSize: breakdown.minimumGroupSize,
      }
    },
  })
}

/** loanPerformance groups by loan product with figures of its own shape; a small group keeps its row, its figures null. */
function loanPerformanceByProduct({ dimension, measure }: BreakdownChoice, range: DateRange): BreakdownQuestion {
  return {
    operation: {
      query: `query DashboardLoanBreakdown($from: DateTime!, $to: DateTime!) {
  breakdown: loanPerformance(from: $from, to: $to) { minimumGroupSize byProduct { ${dimension.field} current { ${measure.field} suppressed } } }
}`,
      variables: { from: startOf(range), to: endOf(range) },
    },
    path: ['breakdown'],
    read: (data) => {
      const performance = (
        data as {
          breakdown?: {
            minimumGroupSize: number | null
            byProduct: ({ current: Record<string, unknown> | null } & Record<string, unknown>)[] | null
          } | null
        } | null
      )?.breakdown
      if (!performance) return null
      const groups = (performance.byProduct ?? []).map(({ current, ...group }) => ({
        fields: { ...group, ...current },
        withheld: current?.suppressed === true,
      }))
      return { groups, hiddenGroups: 0, minimumGroupSize: performance.minimumGroupSize }
    },
  }
}
