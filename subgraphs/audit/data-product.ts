// The Access Audit data product's descriptor: who owns it, what it is for, what it publishes and promises.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'audit',
  name: 'Access Audit Trail',
  domain: 'Data Governance',
  owner: { team: 'Data Governance Office', contact: 'data-governance@bank.example' },
  purpose:
    "Every denied attempt to read data in the mesh, and every granted read of restricted data (SSNs, credit scores), recorded before the caller gets the answer, so compliance can see who tried what and why it was refused, and who saw which customer's restricted values.",
  useCases: [
    'Compliance reviews of access attempts',
    'The access log: every request that was refused (blocked, not allowed), by whom, for which field and why',
    'Spotting a user or a chat session probing for restricted data',
    'Answering "who saw this customer\'s SSN?"',
    'Evidence for regulators',
  ],
  limitations:
    'Records denials and granted reads of restricted fields, not every successful read of other data. Restricted audit data: compliance officers and administrators only.',
  status: 'active',
  version: '1.0.0',
  outputPorts: {
    types: [
      'AccessDenial',
      'AccessDenialConnection',
      'AccessDenialEdge',
      'RestrictedAccess',
      'RestrictedAccessConnection',
      'RestrictedAccessEdge',
    ],
    rootFields: ['accessDenials', 'restrictedAccess'],
  },
  tables: [
    { table: 'AccessDenial', type: 'AccessDenial', key: 'id', updatedAt: 'occurredAt' },
    { table: 'RestrictedAccess', type: 'RestrictedAccess', key: 'id', updatedAt: 'occurredAt' },
  ],
  // Denials are written by the gateway, not through the graph: no write tells a cache, so no answer is reused.
  freshness: {
    objective: 'A denial is stored before the response that contains it leaves the gateway.',
    maxAgeSeconds: 0,
  },
  serviceLevel: {
    latency: { value: 1, unit: 'm' },
    frequency: { value: 1, unit: 'm' },
    retention: { value: 7, unit: 'y' },
    availability: 99.95,
  },
  criticalDataElements: ['AccessDenial.subject', 'AccessDenial.field', 'AccessDenial.occurredAt'],
  quality: [
    {
      id: 'denial-subject-present',
      kind: 'notNull',
      table: 'AccessDenial',
      column: 'subject',
      severity: 'critical',
      description: 'Every denial says who asked',
    },
    {
      id: 'denial-reason-present',
      kind: 'notNull',
      table: 'AccessDenial',
      column: 'reason',
      severity: 'critical',
      description: 'Every denial says why it was refused',
    },
  ],
  deprecations: [],
  exampleQueries: [
    {
      title: 'The latest denials of the chat channel',
      query:
        '{ accessDenials(filter: { channel: "chat" }, first: 20) { edges { node { occurredAt subject field reason } } } }',
    },
    {
      title: "Who saw customer C-00042's SSN",
      query:
        '{ restrictedAccess(filter: { customerId: "C-00042", field: "Customer.ssn" }, first: 20) { totalCount edges { node { occurredAt subject roles channel requestId } } } }',
    },
  ],
}
