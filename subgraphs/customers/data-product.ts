// The Customers data product's descriptor: who owns it, what it is for, what it publishes and promises.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'customers',
  name: 'Customer Master Data',
  domain: 'Retail Banking',
  owner: { team: 'Retail Banking Customer Data', contact: 'customer-data@bank.example' },
  purpose:
    'The single trusted record of who each retail customer is: identity, contact details, segment, region and how they came to the bank.',
  useCases: [
    'Know-your-customer checks',
    'Customer service look-ups',
    'Segmentation and regional reporting',
    'Joining other data products on the customer id',
  ],
  limitations:
    'Retail customers only (no corporate clients). SSNs are restricted identity data: only compliance may read or search them, never through the chat channel.',
  status: 'active',
  version: '1.1.0',
  outputPorts: {
    types: ['Customer', 'CustomerConnection', 'CustomerEdge', 'CustomerBreakdown', 'CustomerGroup'],
    rootFields: ['customer', 'customers', 'customerBreakdown'],
    aggregates: ['customerBreakdown'],
  },
  tables: [{ table: 'Customer', type: 'Customer', key: 'id', updatedAt: 'updatedAt' }],
  freshness: {
    objective:
      'A new customer is in the product within an hour of opening their first account; changed details within an hour.',
  },
  serviceLevel: {
    latency: { value: 1, unit: 'h' },
    frequency: { value: 1, unit: 'h' },
    retention: { value: 10, unit: 'y' },
    availability: 99.9,
  },
  criticalDataElements: ['Customer.id', 'Customer.email', 'Customer.ssn', 'Customer.joinedAt'],
  quality: [
    {
      id: 'customer-email-present',
      kind: 'notNull',
      table: 'Customer',
      column: 'email',
      severity: 'critical',
      description: 'Every customer can be contacted by e-mail',
    },
    {
      id: 'customer-email-unique',
      kind: 'unique',
      table: 'Customer',
      column: 'email',
      severity: 'critical',
      description: 'No two customers share an e-mail address',
    },
    {
      id: 'customer-email-format',
      kind: 'pattern',
      table: 'Customer',
      column: 'email',
      pattern: '^[^@ ]+@[^@ ]+[.][^@ ]+$',
      severity: 'critical',
      description: 'An e-mail address looks like name@domain.tld',
    },
    {
      id: 'customer-phone-format',
      kind: 'pattern',
      table: 'Customer',
      column: 'phone',
      pattern: '^[+][0-9][0-9 ()-]{6,20}$',
      severity: 'warning',
      description: 'Phone numbers are in international format, such as +1 (212) 555-0100',
    },
    {
      id: 'customer-ssn-present',
      kind: 'notNull',
      table: 'Customer',
      column: 'ssnEncrypted',
      severity: 'warning',
      description: 'Know-your-customer needs an SSN on file for every customer',
    },
    {
      id: 'customer-campaign-exists',
      kind: 'references',
      table: 'Customer',
      column: 'acquisitionCampaignId',
      references: { product: 'marketing', entity: 'Campaign' },
      severity: 'critical',
      description: 'A customer credited to a campaign is credited to a campaign marketing knows',
    },
    {
      id: 'customers-fresh',
      kind: 'freshness',
      table: 'Customer',
      column: 'joinedAt',
      maxAgeHours: 24 * 7,
      severity: 'warning',
      description: 'Onboarding is flowing: someone joined in the last week',
    },
  ],
  minimumGroupSize: 5,
  deprecations: [],
  glossary: [
    {
      term: 'wealthy',
      synonyms: ['rich', 'high net worth', 'hnw'],
      meaning: 'Customers managed in the PRIVATE segment.',
      filter: { input: 'segment', value: 'PRIVATE' },
    },
    {
      term: 'referred',
      synonyms: ['referred by a friend', 'recommended by a friend', 'word of mouth', 'referrals'],
      meaning: 'Customers who came through a referral: acquisition channel REFERRAL.',
      filter: { input: 'acquisitionChannel', value: 'REFERRAL' },
    },
  ],
  derivedFields: [
    {
      field: 'Customer.name',
      derivation: 'The first and the last name, joined with a space.',
      fromColumns: ['Customer.firstName', 'Customer.lastName'],
    },
    {
      field: 'Customer.ssn',
      derivation: 'The encrypted SSN, decrypted only for callers entitled to restricted identity data.',
      fromColumns: ['Customer.ssnEncrypted'],
    },
    {
      field: 'Query.customerBreakdown',
      derivation: 'Customers counted per region, segment or acquisition channel.',
      fromColumns: ['Customer.region', 'Customer.segment', 'Customer.acquisitionChannel', 'Customer.id'],
    },
  ],
  exampleQueries: [
    {
      title: 'Affluent customers of the Northeast, newest first',
      query:
        '{ customers(filter: { segment: AFFLUENT, region: "Northeast" }, first: 10) { totalCount edges { node { id name joinedAt } } } }',
    },
    {
      title: 'One customer with their contact details',
      query: '{ customer(id: "C-00042") { name email phone segment } }',
    },
    {
      title: 'Customers per region and segment',
      query: '{ customerBreakdown(by: [REGION, SEGMENT]) { hiddenGroups groups { region segment customers } } }',
    },
  ],
}
