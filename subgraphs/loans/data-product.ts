// The Loans data product's descriptor: who owns it, what it is for, and what it publishes.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'loans',
  name: 'Loan Applications and Loans',
  domain: 'Lending',
  owner: { team: 'Lending Operations Data', contact: 'lending-data@bank.example' },
  purpose: 'Personal, auto and mortgage loan applications with the bank\'s decisions, and the loans they became with their repayment status.',
  useCases: ['Application pipeline and approval rates', 'Loan portfolio totals by product and status', 'Delinquency monitoring', 'A customer\'s borrowing at a glance'],
  status: 'active',
  version: '1.0.0',
  outputPorts: {
    types: ['LoanApplication', 'Loan', 'LoanConnection', 'LoanApplicationConnection', 'LoanPortfolioSummary', 'Customer.loans', 'Customer.loanApplications'],
    rootFields: ['loan', 'loans', 'loanApplication', 'loanApplications', 'loanPortfolioSummary'],
  },
  freshness: 'Updated as applications are decided and repayments are booked.',
}
