// The Customers data product's descriptor: who owns it, what it is for, and what it publishes.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'customers',
  name: 'Customer Master Data',
  domain: 'Retail Banking',
  owner: { team: 'Retail Banking Customer Data', contact: 'customer-data@bank.example' },
  purpose: 'The single trusted record of who each retail customer is: identity, contact details, segment, region and how they came to the bank.',
  useCases: ['Know-your-customer checks', 'Customer service look-ups', 'Segmentation and regional reporting', 'Joining other data products on the customer id'],
  status: 'active',
  version: '1.0.0',
  outputPorts: { types: ['Customer', 'CustomerConnection'], rootFields: ['customer', 'customers'] },
  freshness: 'Updated as customers are onboarded or change their details.',
}
