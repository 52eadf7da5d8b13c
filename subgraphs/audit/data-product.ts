// The Access Audit data product's descriptor: who owns it, what it is for, and what it publishes.
import type { DataProductDescriptor } from '../../lib/data-product'

export const dataProduct: DataProductDescriptor = {
  id: 'audit',
  name: 'Access Audit Trail',
  domain: 'Data Governance',
  owner: { team: 'Data Governance Office', contact: 'data-governance@bank.example' },
  purpose: 'Every denied attempt to read data in the mesh, recorded before the caller gets the answer, so compliance can see who tried what, through which channel, and why it was refused.',
  useCases: ['Compliance reviews of access attempts', 'Spotting a user or a chat session probing for restricted data', 'Evidence for regulators'],
  status: 'active',
  version: '1.0.0',
  outputPorts: { types: ['AccessDenial', 'AccessDenialConnection'], rootFields: ['accessDenials'] },
  freshness: 'A denial is stored before the response that contains it leaves the gateway.',
}
