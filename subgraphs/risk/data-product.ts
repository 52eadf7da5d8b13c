// The Credit Risk data product's descriptor: who owns it, what it is for, what it publishes and promises.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'risk',
  name: 'Credit Risk Assessments',
  domain: 'Credit Risk',
  owner: { team: 'Credit Risk Analytics', contact: 'credit-risk@bank.example' },
  purpose:
    "The credit scorecard's assessments of customers (periodic reviews) and of each loan application: credit score, risk grade, probability of default and the reasons behind them.",
  useCases: [
    'Loan decisioning',
    'Risk grade distribution of the customer base',
    'Explaining a decision to a customer',
    'Portfolio risk reporting',
  ],
  limitations:
    'Credit scores are restricted credit data: only risk and compliance officers may read them, never through the chat channel. Filter by risk grade instead.',
  status: 'active',
  version: '1.0.0',
  outputPorts: {
    types: [
      'RiskAssessment',
      'RiskAssessmentConnection',
      'RiskAssessmentEdge',
      'RiskGradeCount',
      'RiskAssessmentBreakdown',
      'RiskAssessmentGroup',
      'Customer.creditScore',
      'Customer.riskGrade',
      'Customer.riskProfile',
      'Customer.riskAssessments',
      'LoanApplication.riskAssessment',
    ],
    rootFields: ['riskAssessment', 'riskAssessments', 'riskGradeDistribution', 'riskAssessmentBreakdown'],
    aggregates: ['riskGradeDistribution', 'riskAssessmentBreakdown'],
  },
  tables: [{ table: 'RiskAssessment', type: 'RiskAssessment', key: 'id', updatedAt: 'assessedAt' }],
  freshness: {
    objective: 'Customers are reviewed at least yearly; applications are assessed within an hour of submission.',
  },
  serviceLevel: {
    latency: { value: 1, unit: 'h' },
    frequency: { value: 1, unit: 'd' },
    retention: { value: 7, unit: 'y' },
    availability: 99.9,
  },
  criticalDataElements: [
    'RiskAssessment.riskGrade',
    'RiskAssessment.probabilityOfDefault',
    'RiskAssessment.creditScore',
  ],
  quality: [
    {
      id: 'risk-probability-of-default-range',
      kind: 'range',
      table: 'RiskAssessment',
      column: 'probabilityOfDefault',
      min: 0,
      max: 1,
      severity: 'critical',
      description: 'A probability of default is between 0 and 1',
    },
    {
      id: 'risk-debt-to-income-range',
      kind: 'range',
      table: 'RiskAssessment',
      column: 'debtToIncomeRatio',
      min: 0,
      max: 5,
      severity: 'warning',
      description: 'Debt-to-income ratios are between 0 and 5',
    },
    {
      id: 'risk-score-present',
      kind: 'notNull',
      table: 'RiskAssessment',
      column: 'creditScoreEncrypted',
      severity: 'critical',
      description: 'Every assessment carries its credit score',
    },
    {
      id: 'risk-customer-exists',
      kind: 'references',
      table: 'RiskAssessment',
      column: 'customerId',
      references: { product: 'customers', entity: 'Customer' },
      severity: 'critical',
      description: 'Every assessed customer exists in the Customers data product',
    },
    {
      id: 'risk-application-exists',
      kind: 'references',
      table: 'RiskAssessment',
      column: 'loanApplicationId',
      references: { product: 'loans', entity: 'LoanApplication' },
      severity: 'critical',
      description: 'Every assessed application exists in the Loans data product',
    },
    {
      id: 'risk-assessments-fresh',
      kind: 'freshness',
      table: 'RiskAssessment',
      column: 'assessedAt',
      maxAgeHours: 24 * 30,
      severity: 'warning',
      description: 'Someone was assessed in the last 30 days',
    },
  ],
  deprecations: [],
  minimumGroupSize: 5,
  glossary: [
    {
      term: 'risky',
      synonyms: ['high risk', 'high-risk', 'subprime', 'worst rated'],
      meaning:
        'Risk grades D and E (scores below 650) are risky; the filter takes one grade, so the agent asks for E, the worst.',
      filter: { input: 'riskGrade', value: 'E' },
    },
    {
      term: 'safe',
      synonyms: ['low risk', 'low-risk', 'prime', 'best rated'],
      meaning: 'Risk grade A (score 760 and above).',
      filter: { input: 'riskGrade', value: 'A' },
    },
  ],
  derivedFields: [
    {
      field: 'RiskAssessment.creditScore',
      derivation: 'The encrypted credit score, decrypted only for callers entitled to restricted credit data.',
      fromColumns: ['RiskAssessment.creditScoreEncrypted'],
    },
    {
      field: 'Customer.riskGrade',
      derivation: "The risk grade of the customer's latest periodic assessment.",
      fromColumns: [
        'RiskAssessment.riskGrade',
        'RiskAssessment.assessedAt',
        'RiskAssessment.customerId',
        'RiskAssessment.subject',
      ],
    },
    {
      field: 'Customer.creditScore',
      derivation: "The credit score of the customer's latest periodic assessment, decrypted for those entitled to it.",
      fromColumns: ['RiskAssessment.creditScoreEncrypted', 'RiskAssessment.assessedAt', 'RiskAssessment.customerId'],
    },
    {
      field: 'Customer.riskProfile',
      derivation: "The customer's latest periodic assessment.",
      fromColumns: ['RiskAssessment.customerId', 'RiskAssessment.assessedAt', 'RiskAssessment.subject'],
    },
    {
      field: 'LoanApplication.riskAssessment',
      derivation: 'The assessment made of the loan application.',
      fromFields: ['LoanApplication.id'],
      fromColumns: ['RiskAssessment.loanApplicationId'],
    },
    {
      field: 'Query.riskGradeDistribution',
      derivation:
        'Customers (or applications) counted per risk grade of their latest assessment, with the average probability of default.',
      fromFields: ['Customer.riskGrade'],
      fromColumns: [
        'RiskAssessment.riskGrade',
        'RiskAssessment.probabilityOfDefault',
        'RiskAssessment.assessedAt',
        'RiskAssessment.subject',
      ],
    },
    {
      field: 'Query.riskAssessmentBreakdown',
      derivation: 'Assessments counted and averaged per grade, subject or month.',
      fromColumns: [
        'RiskAssessment.riskGrade',
        'RiskAssessment.subject',
        'RiskAssessment.assessedAt',
        'RiskAssessment.probabilityOfDefault',
        'RiskAssessment.debtToIncomeRatio',
        'RiskAssessment.customerId',
      ],
    },
  ],
  exampleQueries: [
    { title: 'How customers spread over risk grades', query: '{ riskGradeDistribution { grade count } }' },
    {
      title: "A customer's risk profile",
      query: '{ customer(id: "C-00042") { riskGrade riskProfile { probabilityOfDefault reasons } } }',
    },
    {
      title: 'Loan applications assessed per grade, month by month, this year',
      query:
        '{ riskAssessmentBreakdown(by: [GRADE, MONTH], filter: { subject: LOAN_APPLICATION, assessedFrom: "2026-01-01T00:00:00Z" }) { hiddenGroups groups { grade month count customers averageProbabilityOfDefault averageDebtToIncomeRatio } } }',
    },
  ],
}
