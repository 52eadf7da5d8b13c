// The Data Product Catalog's own descriptor: the catalog is a product of the platform team, with its quality history.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'catalog',
  name: 'Data Product Catalog',
  domain: 'Data Platform',
  owner: { team: 'Data Platform', contact: 'data-platform@bank.example' },
  purpose: 'Finds the mesh\'s data products by words, domain, owner, classification or field, with each one\'s descriptor, contract, live status and quality history.',
  useCases: ['Discovering which data product answers a question', 'Downloading a product\'s descriptor and data contract', 'Following a product\'s quality over time', 'Planning around deprecations'],
  limitations: 'Live status is at most ten seconds old; descriptors at most a minute.',
  status: 'active',
  version: '1.0.0',
  outputPorts: {
    types: ['DataProduct', 'DataProductOwner', 'ServiceLevel', 'OutputPort', 'RootField', 'DataProductField', 'ClassificationCount', 'FieldDeprecation', 'QualityRule', 'ExampleQuery', 'LiveStatus', 'TableStatus', 'QualityRun', 'QualityResult', 'QualityAlert'],
    rootFields: ['dataProducts', 'dataProduct', 'qualityAlerts', 'runQualityChecks'],
  },
  tables: [
    { table: 'QualityRun', type: 'QualityRun', key: 'id', updatedAt: 'finishedAt' },
    { table: 'QualityAlert', type: 'QualityAlert', key: 'id', updatedAt: 'lastCheckedAt' },
  ],
  freshness: { objective: 'Quality runs are stored as they finish; scheduled runs happen every hour.' },
  serviceLevel: { latency: { value: 1, unit: 'm' }, frequency: { value: 1, unit: 'h' }, retention: { value: 2, unit: 'y' }, availability: 99.5 },
  criticalDataElements: ['QualityRun.passed', 'QualityRun.productId'],
  quality: [
    { id: 'quality-run-product-present', kind: 'notNull', table: 'QualityRun', column: 'productId', severity: 'critical', description: 'Every quality run says which product it checked' },
    { id: 'quality-run-counts-not-negative', kind: 'range', table: 'QualityRun', column: 'criticalFailures', min: 0, severity: 'critical', description: 'Failure counts are never negative' },
  ],
  deprecations: [],
  exampleQueries: [
    { title: 'Which products hold restricted data, and did their last quality run pass?', query: '{ dataProducts(filter: { classification: RESTRICTED }) { id name owner { team } lastQualityRun { passed startedAt } } }' },
    { title: 'What data do we have about customer transactions?', query: '{ dataProducts(filter: { text: "customer transactions" }) { id name purpose rootFields { name description } } }' },
  ],
}
