// Starts the whole mesh in-process for a test: every subgraph on its own database (in-memory PGlite
// unless a PostgreSQL URL is given), seeded with the deterministic demo bank, and the gateway on the
// committed supergraph. Everything listens on free ports of 127.0.0.1.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { openDatabase, type DomainDatabase } from '../../lib/database'
import type { SubgraphServer } from '../../lib/subgraph-server'
import { auditEndpoint, createAuditTrail } from '../../lib/audit-client'
import { createAuthenticator } from '../../gateway/core/auth'
import { createFieldCipher, parseDataKey } from '../../lib/field-encryption'
import { createGatewayServer, type GatewayOptions, type GatewayServer } from '../../gateway/server'
import { OfflinePlannerModel } from '../../agent/offline/model'
import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import {
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  issueDevelopmentToken,
  type TokenRequest,
} from '../../gateway/core/development-tokens'
import type { DemoBankOptions } from '../../prisma/demo-data/generate'
import { DOMAINS, loadDemoData } from '../../prisma/demo-data/load'
import { SUBGRAPHS, type MeshService, type SubgraphOptions } from '../../subgraphs/registry'
import { parseTrustedDocumentsModes } from '../../rules/trusted-documents'

type Domain = MeshService

export const TEST_AS_OF = new Date('2026-11-25T00:00:00.000Z')

export interface MeshOptions {
  customers?: number
  seed?: number
  asOf?: Date
  /** The model behind POST /chat; default: the offline planner on the demo data's clock. */
  chatModel?: BaseChatModel
  /** PostgreSQL URLs per domain; domains not listed use in-memory PGlite. */
  databaseUrls?: Partial<Record<Domain, string>>
  /** More than one replica of a domain on its PostgreSQL database (the gateway takes turns among them). */
  replicas?: Partial<Record<Domain, number>>
  /** The catalog's quality alerts: webhook url, secret, delivery timeout and retries, the web app's URL for links. */
  qualityAlerts?: SubgraphOptions['qualityAlerts']
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[]
}

export interface RunningMesh {
  gatewayUrl: string
  gateway: GatewayServer
  subgraphUrls: Record<Domain, string>
  databases: Record<Domain, DomainDatabase>
  subgraphs: Record<Domain, SubgraphServer>
  /** Every replica of each domain (the first is `subgraphs[domain]`), with its URL. */
  replicas: Record<Domain, { server: SubgraphServer; url: string }[]>
  demo: DemoBankOptions
  /** The secret the gateway signs forwarded identities with (to forge or verify them in tests). */
  internalSecret: string
  /** The cipher of restricted columns at rest, and its key (for subgraphs started in other processes). */
  cipher: ReturnType<typeof createFieldCipher>
  dataEncryptionKey: string
  /** A bearer token of the mesh's embedded issuer for the given role. */
  token(request: TokenRequest): Promise<string>
  /** POSTs a GraphQL operation to the gateway, as an admin unless an Authorization header is given. */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>
  /** Another gateway over the same subgraphs, configured otherwise (stopped with the mesh), and its GraphQL URL. */
  startGateway(overrides: Partial<GatewayOptions>): Promise<{ url: string; gateway: GatewayServer }>
  /** Stops one subgraph (to test the gateway with a domain down). */
  stopSubgraph(domain: Domain): Promise<void>
  stop(): Promise<void>
}

export async function postGraphQL<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  })
  return (await response.json()) as GraphQLResponse<T>
}

export async function startMesh(options: MeshOptions = {}): Promise<RunningMesh> {
  const demo: DemoBankOptions = {
    customers: options.customers ?? 150,
    seed: options.seed ?? 7,
    asOf: options.asOf ?? TEST_AS_OF,
  }
  const databases = {} as Record<Domain, DomainDatabase>
  const subgraphs = {} as Record<Domain, SubgraphServer>
  const subgraphUrls = {} as Record<Domain, string>
  const replicas = {} as Record<Domain, { server: SubgraphServer; url: string }[]>
  const extraReplicas: { server: SubgraphServer; db: DomainDatabase }[] = []
  const stopped = new Set<Domain>()
  let gateway: GatewayServer | undefined
  const extraGateways: GatewayServer[] = []
  const jwtSecret = randomBytes(32).toString('base64url')
  const internalSecret = randomBytes(32).toString('base64url')
  const dataEncryptionKey = randomBytes(32).toString('base64url')
  const cipher = createFieldCipher(parseDataKey(dataEncryptionKey))
  const token = (request: TokenRequest) => issueDevelopmentToken(jwtSecret, request)
  const adminToken = await token({ role: 'admin', subject: 'test-admin' })
  const stop = async () => {
    await gateway?.stop()
    for (const extra of extraGateways) await extra.stop().catch(() => undefined)
    for (const { server } of extraReplicas) await server.stop().catch(() => undefined)
    for (const { name } of SUBGRAPHS) {
      const service = name as Domain
      if (subgraphs[service] && !stopped.has(service)) await subgraphs[service].stop()
    }
  }
  // Read when each server is made: the audit trail's URL is known once it listens.
  const subgraphOptions = (): SubgraphOptions => ({
    now: () => demo.asOf,
    internalSecret,
    dataEncryptionKey,
    auditUrl: subgraphUrls.audit,
    productUrls: subgraphUrls,
    qualityIntervalMinutes: 0,
    qualityAlerts: options.qualityAlerts,
  })
  try {
    // The audit trail first, so every other subgraph can record denied direct calls in it.
    for (const { name: domain } of [...SUBGRAPHS].sort(
      (a, b) => Number(b.name === 'audit') - Number(a.name === 'audit'),
    )) {
      const service = domain as Domain
      const url = options.databaseUrls?.[service]
      const db = await openDatabase({ domain, url })
      databases[service] = db
      await db.migrate()
      if ((DOMAINS as readonly string[]).includes(domain))
        await loadDemoData(db, domain as (typeof DOMAINS)[number], demo, cipher)
      const module = SUBGRAPHS.find((s) => s.name === domain)!
      // The catalog reads subgraphUrls when asked, so it finds every product, itself included.
      subgraphs[service] = await module.create(db, subgraphOptions())
      subgraphUrls[service] = (await subgraphs[service].listen(0)).url
      replicas[service] = [{ server: subgraphs[service], url: subgraphUrls[service] }]
      for (let n = 1; n < (options.replicas?.[service] ?? 1); n++) {
        if (!url) throw new Error(`Replicas of ${domain} share a database: give it a PostgreSQL URL`)
        const replicaDb = await openDatabase({ domain, url })
        const server = await module.create(replicaDb, subgraphOptions())
        extraReplicas.push({ server, db: replicaDb })
        replicas[service].push({ server, url: (await server.listen(0)).url })
      }
    }
    const supergraphSdl = readFileSync(path.resolve(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8')
    const authenticator = await createAuthenticator({
      hs256Secret: jwtSecret,
      issuer: DEFAULT_ISSUER,
      audience: DEFAULT_AUDIENCE,
    })
    const auditTrail = createAuditTrail({ url: auditEndpoint(subgraphUrls.audit), internalSecret })
    // The chat's schema index is built by the gateway from the supergraph it serves.
    const chat = { model: options.chatModel ?? new OfflinePlannerModel({ now: () => demo.asOf }) }
    const gatewayUrls = Object.fromEntries(
      Object.entries(replicas).map(([name, list]) => [name, list.map((r) => r.url).join(',')]),
    )
    // Free-form operations from every caller, as the suites send them; test/trusted-documents.test.ts starts
    // gateways under the table of rules/trusted-documents.ts.
    const trustedDocuments = { modes: parseTrustedDocumentsModes('off') }
    const gatewayOptions: GatewayOptions = {
      supergraphSdl,
      subgraphUrls: gatewayUrls,
      authenticator,
      internalSecret,
      auditTrail,
      chat,
      trustedDocuments,
    }
    gateway = await createGatewayServer(gatewayOptions)
    const gatewayUrl = (await gateway.listen(0)).url
    return {
      gatewayUrl,
      gateway,
      subgraphUrls,
      databases,
      subgraphs,
      replicas,
      demo,
      internalSecret,
      cipher,
      dataEncryptionKey,
      token,
      query: (query, variables, headers = { authorization: `Bearer ${adminToken}` }) =>
        postGraphQL(gatewayUrl, query, variables, headers),
      async startGateway(overrides) {
        const extra = await createGatewayServer({ ...gatewayOptions, ...overrides })
        extraGateways.push(extra)
        return { url: (await extra.listen(0)).url, gateway: extra }
      },
      async stopSubgraph(domain) {
        stopped.add(domain)
        await subgraphs[domain].stop()
      },
      stop,
    }
  } catch (error) {
    await stop().catch(() => undefined)
    for (const db of Object.values(databases)) await db.close().catch(() => undefined)
    throw error
  }
}
