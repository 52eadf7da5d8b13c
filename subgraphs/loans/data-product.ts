// The Loans data product's descriptor: who owns it, what it is for, what it publishes and promises.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'loans',
  name: 'Loan Applications and Loans',
  domain: 'Lending',
  owner: { team: 'Lending Operations Data', contact: 'lending-data@bank.example' },
  purpose: 'Personal, auto and mortgage loan applications with the bank\'s decisions, and the loans they became with their repayment status.',
  useCases: ['Application pipeline and approval rates', 'Loan portfolio totals by product and status', 'Delinquency monitoring', 'A customer\'s borrowing at a glance'],
  limitations: 'Outstanding balances are as of the last repayment booked, not intraday.',
  status: 'active',
  version: '1.0.0',
  outputPorts: {
    types: ['LoanApplication', 'Loan', 'LoanConnection', 'LoanEdge', 'LoanApplicationConnection', 'LoanApplicationEdge', 'LoanPortfolioSummary', 'LoanGroupTotal', 'LoanPerformance', 'LoanPerformanceFigures', 'LoanPeriodFigures', 'LoanApplicationBreakdown', 'LoanApplicationGroup', 'LoanBreakdown', 'LoanGroup', 'Customer.loans', 'Customer.loanApplications'],
    rootFields: ['loan', 'loans', 'loanApplication', 'loanApplications', 'loanPortfolioSummary', 'loanPerformance', 'loanApplicationBreakdown', 'loanBreakdown'],
    aggregates: ['loanPortfolioSummary', 'loanPerformance', 'loanApplicationBreakdown', 'loanBreakdown'],
  },
  tables: [
    { table: 'LoanApplication', type: 'LoanApplication', key: 'id', updatedAt: 'submittedAt' },
    { table: 'Loan', type: 'Loan', key: 'id', updatedAt: 'originatedAt' },
  ],
  freshness: { objective: 'Applications appear when submitted and decisions when made; repayments are booked daily.' },
  serviceLevel: { latency: { value: 1, unit: 'h' }, frequency: { value: 1, unit: 'd' }, retention: { value: 10, unit: 'y' }, availability: 99.9 },
  criticalDataElements: ['LoanApplication.requestedAmount', 'LoanApplication.status', 'Loan.principal', 'Loan.outstandingBalance', 'Loan.status'],
  quality: [
    { id: 'loan-application-amount-range', kind: 'range', table: 'LoanApplication', column: 'requestedAmount', min: 500, max: 5_000_000, severity: 'critical', description: 'Requested amounts are between 500 and 5,000,000' },
    { id: 'loan-application-term-range', kind: 'range', table: 'LoanApplication', column: 'termMonths', min: 6, max: 480, severity: 'critical', description: 'Terms are between 6 months and 40 years' },
    { id: 'loan-interest-rate-range', kind: 'range', table: 'Loan', column: 'annualInterestRate', min: 0, max: 0.36, severity: 'critical', description: 'Annual interest rates are between 0 and 36 %' },
    { id: 'loan-balance-not-negative', kind: 'range', table: 'Loan', column: 'outstandingBalance', min: 0, severity: 'critical', description: 'An outstanding balance is never negative' },
    { id: 'loan-application-customer-exists', kind: 'references', table: 'LoanApplication', column: 'customerId', references: { product: 'customers', entity: 'Customer' }, severity: 'critical', description: 'Every applicant exists in the Customers data product' },
    { id: 'loan-applications-fresh', kind: 'freshness', table: 'LoanApplication', column: 'submittedAt', maxAgeHours: 24 * 14, severity: 'warning', description: 'Applications are flowing: one arrived in the last two weeks' },
  ],
  deprecations: [],
  minimumGroupSize: 5,
  glossary: [
    { term: 'overdue', synonyms: ['late', 'past due', 'in arrears', 'behind on payments', 'behind on repayments', 'fallen behind', 'falling behind', 'missed payments', 'missed repayments', 'delinquent'], meaning: 'A loan with a missed repayment: status DELINQUENT.', filter: { input: 'status', value: 'DELINQUENT' } },
    { term: 'written off', synonyms: ['defaulted', 'in default'], meaning: 'A loan the borrower stopped repaying: status DEFAULTED.', filter: { input: 'status', value: 'DEFAULTED' } },
    { term: 'rejected', synonyms: ['refused', 'turned down'], meaning: 'An application the bank declined: status DECLINED.', filter: { input: 'status', value: 'DECLINED' } },
    { term: 'home loan', synonyms: ['home loans', 'housing loan'], meaning: 'A mortgage: product MORTGAGE.', filter: { input: 'product', value: 'MORTGAGE' } },
    { term: 'car loan', synonyms: ['car loans', 'vehicle loan'], meaning: 'An auto loan: product AUTO.', filter: { input: 'product', value: 'AUTO' } },
  ],
  derivedFields: [
    { field: 'Query.loanPortfolioSummary', derivation: 'Loans paid out counted, with their total principal and outstanding balance.', fromColumns: ['Loan.principal', 'Loan.outstandingBalance', 'Loan.originatedAt', 'Loan.status', 'Loan.product'] },
    { field: 'Query.loanPerformance', derivation: 'Applications submitted, decisions, approval rate and loans paid out per product, against the period before.', fromColumns: ['LoanApplication.status', 'LoanApplication.submittedAt', 'LoanApplication.product', 'LoanApplication.customerId', 'Loan.principal', 'Loan.originatedAt'] },
    { field: 'Query.loanApplicationBreakdown', derivation: 'Applications counted and summed per product, status or month.', fromColumns: ['LoanApplication.product', 'LoanApplication.status', 'LoanApplication.submittedAt', 'LoanApplication.requestedAmount', 'LoanApplication.customerId'] },
    { field: 'Query.loanBreakdown', derivation: 'Loans counted and summed per product, status or month.', fromColumns: ['Loan.product', 'Loan.status', 'Loan.originatedAt', 'Loan.principal', 'Loan.outstandingBalance', 'Loan.customerId'] },
  ],
  exampleQueries: [
    { title: 'Portfolio totals by product', query: '{ loanPortfolioSummary { count totalPrincipal totalOutstanding byProduct { group count totalOutstanding } } }' },
    { title: 'Applications declined this year', query: '{ loanApplications(filter: { status: DECLINED, submittedFrom: "2026-01-01T00:00:00Z" }, first: 20) { totalCount edges { node { id product requestedAmount decisionReason } } } }' },
    { title: 'Approval rate and volume paid out in the third quarter, per product, against the quarter before', query: '{ loanPerformance(from: "2026-07-01", to: "2026-09-30") { all { current { applications approvalRate volumePaidOut } approvalRateChangePoints volumeChangePercent } byProduct { product current { applications approvalRate loansPaidOut averagePrincipal suppressed } } } }' },
    { title: 'Applications per product, month by month, in the third quarter', query: '{ loanApplicationBreakdown(by: [PRODUCT, MONTH], filter: { submittedFrom: "2026-07-01T00:00:00Z", submittedTo: "2026-09-30" }) { hiddenGroups groups { product month count customers totalRequestedAmount averageRequestedAmount } } }' },
    { title: 'How each month\'s lending is being repaid: loans by month paid out and repayment status', query: '{ loanBreakdown(by: [MONTH, STATUS], filter: { originatedFrom: "2026-01-01T00:00:00Z" }) { hiddenGroups groups { month status count totalPrincipal totalOutstanding } } }' },
  ],
}
