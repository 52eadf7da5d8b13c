// The mesh's domains in one list, for the tools that run or compose all of them (npm start, compose,
// tests). Domains still never import each other; only this list knows them all.
import type { DocumentNode } from 'graphql'
import type { DomainDatabase } from '../lib/database'
import { DEFAULT_SUBGRAPH_PORTS } from '../lib/subgraph-main'
import type { SubgraphSecurity, SubgraphServer } from '../lib/subgraph-server'

export interface SubgraphOptions extends SubgraphSecurity {
  /** For the catalog: data product id → subgraph GraphQL URL. */
  productUrls?: Record<string, string>
  /** For the catalog: minutes between scheduled quality runs (0: none). */
  qualityIntervalMinutes?: number
  /** For the catalog: where quality alerts go (webhook url, secret, timeouts) and the web app's public URL for links. */
  qualityAlerts?: {
    url?: string
    secret?: string
    publicUrl?: string
    timeoutMillis?: number
    attempts?: number
    backoffMillis?: number
  }
}

export interface SubgraphModule {
  name: string
  defaultPort: number
  typeDefs(): DocumentNode
  create(db: DomainDatabase, options: SubgraphOptions): Promise<SubgraphServer>
}

export const SUBGRAPHS: SubgraphModule[] = [
  {
    name: 'customers',
    defaultPort: DEFAULT_SUBGRAPH_PORTS.customers!,
    typeDefs: () => require('./customers/server').typeDefs,
    create: (db, options) => require('./customers/server').createCustomersSubgraph(db, options),
  },
  {
    name: 'transactions',
    defaultPort: DEFAULT_SUBGRAPH_PORTS.transactions!,
    typeDefs: () => require('./transactions/server').typeDefs,
    create: (db, options) => require('./transactions/server').createTransactionsSubgraph(db, options),
  },
  {
    name: 'loans',
    defaultPort: DEFAULT_SUBGRAPH_PORTS.loans!,
    typeDefs: () => require('./loans/server').typeDefs,
    create: (db, options) => require('./loans/server').createLoansSubgraph(db, options),
  },
  {
    name: 'risk',
    defaultPort: DEFAULT_SUBGRAPH_PORTS.risk!,
    typeDefs: () => require('./risk/server').typeDefs,
    create: (db, options) => require('./risk/server').createRiskSubgraph(db, options),
  },
  {
    name: 'marketing',
    defaultPort: DEFAULT_SUBGRAPH_PORTS.marketing!,
    typeDefs: () => require('./marketing/server').typeDefs,
    create: (db, options) => require('./marketing/server').createMarketingSubgraph(db, options),
  },
  {
    name: 'audit',
    defaultPort: DEFAULT_SUBGRAPH_PORTS.audit!,
    typeDefs: () => require('./audit/server').typeDefs,
    create: (db, options) => require('./audit/server').createAuditSubgraph(db, options),
  },
  {
    name: 'catalog',
    defaultPort: DEFAULT_SUBGRAPH_PORTS.catalog!,
    typeDefs: () => require('./catalog/server').typeDefs,
    create: (db, options) => require('./catalog/server').createCatalogSubgraph(db, options),
  },
]

/** The mesh's services: the five data domains, the audit trail and the catalog. */
export type MeshService = 'customers' | 'transactions' | 'loans' | 'risk' | 'marketing' | 'audit' | 'catalog'
