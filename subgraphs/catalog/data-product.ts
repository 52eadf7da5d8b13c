// The Data Product Catalog's own descriptor: the catalog is a product of the platform team, with its quality history.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'catalog',
  name: 'Data Product Catalog',
  domain: 'Data Platform',
  owner: { team: 'Data Platform', contact: 'data-platform@bank.example' },
  purpose: 'Finds the mesh\'s data products by words, domain, owner, classification or field, with each one\'s descriptor, contract, live status and quality history.',
  useCases: ['Discovering which data product answers a question', 'Downloading a product\'s descriptor and data contract', 'Following a product\'s quality over time', 'Planning around deprecations', 'Tracing what depends on a field, and where a dashboard figure comes from'],
  limitations: 'Live status is at most ten seconds old; descriptors at most a minute.',
  status: 'active',
  version: '1.0.0',
  outputPorts: {
    types: ['DataProduct', 'DataProductOwner', 'ServiceLevel', 'OutputPort', 'RootField', 'DataProductField', 'ClassificationCount', 'FieldDeprecation', 'QualityRule', 'ExampleQuery', 'LiveStatus', 'TableStatus', 'QualityRun', 'QualityResult', 'QualityAlert', 'Lineage', 'LineageNode', 'LineageEdge'],
    rootFields: ['dataProducts', 'dataProduct', 'qualityAlerts', 'lineage', 'runQualityChecks'],
  },
  tables: [
    { table: 'QualityRun', type: 'QualityRun', key: 'id', updatedAt: 'finishedAt' },
    { table: 'QualityAlert', type: 'QualityAlert', key: 'id', updatedAt: 'lastCheckedAt' },
  ],
  // Live status and quality alerts are read as they are: never reused from the gateway's cache.
  freshness: { objective: 'Quality runs are stored as they finish; scheduled runs happen every hour.', maxAgeSeconds: 0 },
  serviceLevel: { latency: { value: 1, unit: 'm' }, frequency: { value: 1, unit: 'h' }, retention: { value: 2, unit: 'y' }, availability: 99.5 },
  criticalDataElements: ['QualityRun.passed', 'QualityRun.productId'],
  quality: [
    { id: 'quality-run-product-present', kind: 'notNull', table: 'QualityRun', column: 'productId', severity: 'critical', description: 'Every quality run says which product it checked' },
    { id: 'quality-run-counts-not-negative', kind: 'range', table: 'QualityRun', column: 'criticalFailures', min: 0, severity: 'critical', description: 'Failure counts are never negative' },
  ],
  deprecations: [],
  exampleQueries: [
    { title: 'Which products hold restricted data, and did their last quality run pass?', query: '{ dataProducts(filter: { classification: RESTRICTED }) { id name owner { team } lastQualityRun { passed startedAt } } }' },
    { title: 'What depends on a customer\'s risk grade?', query: '{ lineage(of: "Customer.riskGrade", direction: DOWNSTREAM) { nodes { id kind label distance } edges { from to kind via } } }' },
    { title: 'Where the dashboard\'s risk-grade figures come from', query: '{ lineage(of: "tile:risk-grades", direction: UPSTREAM) { nodes { id kind label derivation } edges { from to kind via } } }' },
    { title: 'What data do we have about customer transactions?', query: '{ dataProducts(filter: { text: "customer transactions" }) { id name purpose rootFields { name description } } }' },
  ],
}
