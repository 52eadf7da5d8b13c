// The Credit Risk data product's descriptor: who owns it, what it is for, and what it publishes.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'risk',
  name: 'Credit Risk Assessments',
  domain: 'Credit Risk',
  owner: { team: 'Credit Risk Analytics', contact: 'credit-risk@bank.example' },
  purpose: 'The credit scorecard\'s assessments of customers (periodic reviews) and of each loan application: credit score, risk grade, probability of default and the reasons behind them.',
  useCases: ['Loan decisioning', 'Risk grade distribution of the customer base', 'Explaining a decision to a customer', 'Portfolio risk reporting'],
  status: 'active',
  version: '1.0.0',
  outputPorts: {
    types: ['RiskAssessment', 'RiskAssessmentConnection', 'RiskGradeCount', 'Customer.creditScore', 'Customer.riskGrade', 'Customer.riskProfile', 'LoanApplication.riskAssessment'],
    rootFields: ['riskAssessment', 'riskAssessments', 'riskGradeDistribution'],
  },
  freshness: 'Customers are reviewed at least yearly; applications are assessed within an hour of submission.',
}
