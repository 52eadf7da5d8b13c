// The shape of a data product descriptor, published by each domain next to its code.

export type LifecycleStatus = 'draft' | 'active' | 'deprecated' | 'retired'

export interface DataProductDescriptor {
  /** Stable id, also the subgraph's name. */
  id: string
  name: string
  /** The business domain that owns the product. */
  domain: string
  owner: { team: string; contact: string }
  purpose: string
  useCases: string[]
  status: LifecycleStatus
  version: string
  /** What the product publishes in the composed graph. */
  outputPorts: { types: string[]; rootFields: string[] }
  freshness: string
}
