// The Data Product Catalog's own descriptor: the catalog is a product of the platform team, with its quality history.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'catalog',
  name: 'Data Product Catalog',
  domain: 'Data Platform',
  owner: { team: 'Data Platform', contact: 'data-platform@bank.example' },
  purpose:
    "Finds the mesh's data products by words, domain, owner, classification or field, with each one's descriptor, contract, live status and quality history.",
  useCases: [
    'Discovering which data product answers a question',
    "Downloading a product's descriptor and data contract",
    "Following a product's quality over time",
    'Planning around deprecations',
    'Tracing what depends on a field, and where a dashboard figure comes from',
  ],
  limitations: 'Live status is at most ten seconds old; descriptors at most a minute.',
  status: 'active',
  version: '1.0.0',
  outputPorts: {
    types: [
      'DataProduct',
      'DataProductOwner',
      'ServiceLevel',
      'OutputPort',
      'RootField',
      'DataProductField',
      'ClassificationCount',
      'FieldDeprecation',
      'QualityRule',
      'ExampleQuery',
      'GlossaryTerm',
      'LiveStatus',
      'TableStatus',
      'QualityRun',
      'QualityResult',
      'QualityAlert',
      'Lineage',
      'LineageNode',
      'LineageEdge',
    ],
    rootFields: ['dataProducts', 'dataProduct', 'qualityAlerts', 'lineage', 'runQualityChecks'],
  },
  tables: [
    { table: 'QualityRun', type: 'QualityRun', key: 'id', updatedAt: 'finishedAt' },
    { table: 'QualityAlert', type: 'QualityAlert', key: 'id', updatedAt: 'lastCheckedAt' },
  ],
  // Live status and quality alerts are read as they are: never reused from the gateway's cache.
  freshness: {
    objective: 'Quality runs are stored as they finish; scheduled runs happen every hour.',
    maxAgeSeconds: 0,
  },
  serviceLevel: {
    latency: { value: 1, unit: 'm' },
    frequency: { value: 1, unit: 'h' },
    retention: { value: 2, unit: 'y' },
    availability: 99.5,
  },
  criticalDataElements: ['QualityRun.passed', 'QualityRun.productId'],
  quality: [
    {
      id: 'quality-run-product-present',
      kind: 'notNull',
      table: 'QualityRun',
      column: 'productId',
      severity: 'critical',
      description: 'Every quality run says which product it checked',
    },
    {
      id: 'quality-run-counts-not-negative',
      kind: 'range',
      table: 'QualityRun',
      column: 'criticalFailures',
      min: 0,
      severity: 'critical',
      description: 'Failure counts are never negative',
    },
  ],
  deprecations: [],
  // Most of what the catalog answers is not in its tables: the products' descriptors and live status come from
  // the products' own services, the lineage also from the composed schema's file.
  derivedFields: [
    {
      field: 'Query.dataProducts',
      derivation:
        "The products' descriptors as each product publishes them (external: fetched from the products' internal data-product endpoints, at most a minute old), searched by words, domain, owner, classification or field.",
    },
    {
      field: 'Query.dataProduct',
      derivation:
        "One product's descriptor as it publishes it (external: fetched from the product's internal data-product endpoint, at most a minute old).",
    },
    {
      field: 'DataProduct.liveStatus',
      derivation:
        "The row counts and newest update of the product's tables (external: asked of the product's internal status endpoint, at most ten seconds old); unavailable when it does not answer.",
    },
    {
      field: 'DataProduct.lastQualityRun',
      derivation: "The product's newest quality run.",
      fromColumns: ['QualityRun.productId', 'QualityRun.startedAt', 'QualityRun.id'],
    },
    {
      field: 'DataProduct.qualityHistory',
      derivation: "The product's quality runs, newest first.",
      fromColumns: ['QualityRun.productId', 'QualityRun.startedAt', 'QualityRun.id'],
    },
    {
      field: 'DataProduct.openAlerts',
      derivation: "The product's alerts not yet resolved, oldest first.",
      fromColumns: [
        'QualityAlert.productId',
        'QualityAlert.resolvedAt',
        'QualityAlert.openedAt',
        'QualityAlert.ruleId',
      ],
    },
    {
      field: 'QualityRun.results',
      derivation: "The run's result of each rule: failures first, then by rule.",
      fromColumns: [
        'QualityResult.runId',
        'QualityResult.ruleId',
        'QualityResult.description',
        'QualityResult.dimension',
        'QualityResult.severity',
        'QualityResult.passed',
        'QualityResult.observed',
        'QualityResult.checkedRows',
        'QualityResult.message',
      ],
    },
    {
      field: 'QualityAlert.open',
      derivation: 'Whether the alert is not resolved yet: it has no resolvedAt.',
      fromColumns: ['QualityAlert.resolvedAt'],
    },
    {
      field: 'QualityAlert.lastResult',
      derivation:
        "The failing result the alert last saw, rebuilt from the alert's own copy of it (passed is always false).",
      fromColumns: [
        'QualityAlert.ruleId',
        'QualityAlert.description',
        'QualityAlert.dimension',
        'QualityAlert.severity',
        'QualityAlert.observed',
        'QualityAlert.checkedRows',
        'QualityAlert.message',
      ],
    },
    {
      field: 'Query.lineage',
      derivation:
        "The part of the lineage graph around the node asked for, in the direction and to the depth asked; the graph is built from the products' published descriptors and the dashboard's tiles, read against the composed schema (external: the products' internal endpoints and the committed supergraph file).",
    },
  ],
  exampleQueries: [
    {
      title: 'Which products hold restricted data, and did their last quality run pass?',
      query:
        '{ dataProducts(filter: { classification: RESTRICTED }) { id name owner { team } lastQualityRun { passed startedAt } } }',
    },
    {
      title: "What depends on a customer's risk grade?",
      query:
        '{ lineage(of: "Customer.riskGrade", direction: DOWNSTREAM) { nodes { id kind label distance } edges { from to kind via } } }',
    },
    {
      title: "Where the dashboard's risk-grade figures come from",
      query:
        '{ lineage(of: "tile:risk-grades", direction: UPSTREAM) { nodes { id kind label derivation } edges { from to kind via } } }',
    },
    {
      title: 'What data do we have about customer transactions?',
      query:
        '{ dataProducts(filter: { text: "customer transactions" }) { id name purpose rootFields { name description } } }',
    },
  ],
}
