// The Customer Transaction data product's descriptor: who owns it, what it is for, and what it publishes.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'transactions',
  name: 'Customer Transactions',
  domain: 'Retail Banking Payments',
  owner: { team: 'Payments and Accounts Data', contact: 'transactions-data@bank.example' },
  purpose: 'Every movement of money on customers\' checking, savings and credit card accounts, with account balances, for analysis, reporting and applications.',
  useCases: [
    'Fraud detection: unusual withdrawals against an account\'s own history',
    'Customer behaviour analysis for marketing',
    'Financial reporting: total deposits or withdrawals in a period',
    'Powering banking applications with statements and balances',
  ],
  status: 'active',
  version: '1.0.0',
  outputPorts: {
    types: ['Transaction', 'Account', 'TransactionConnection', 'TransactionSummary', 'Customer.transactions', 'Customer.accounts'],
    rootFields: ['transactions', 'transaction', 'account', 'transactionSummary'],
  },
  freshness: 'Transactions are available as soon as they are booked.',
}
