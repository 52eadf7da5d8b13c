// One benchmarked gateway in a process of its own: `tsx scripts/bench/gateway.ts <target>`, where target is
// stock (@apollo/gateway as shipped), hive (@graphql-hive/gateway), ours (its response cache off), ours-cached
// (its response cache in memory, as GATEWAY_CACHE defaults), or ours-no-authz (ours
// without authenticating the caller, over subgraphs without their field rules). All serve the committed supergraph over the same subgraphs (URLs in
// BENCH_SUBGRAPH_URLS). Peers forward the caller's pre-signed x-mesh-identity header, which the governed
// subgraphs require. Prints `READY <url>` once listening. With BENCH_CPU_PROFILE=<file>, profiles its CPU from
// then until SIGTERM (start-up left out) and writes the V8 profile there (scripts/bench/profile-summary.ts reads it).
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import { startStandaloneServer } from '@apollo/server/standalone'
import { createGatewayRuntime } from '@graphql-hive/gateway'
import { randomUUID } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { createAuthenticator, type Authenticator } from '../../gateway/core/auth'
import { createGatewayServer } from '../../gateway/server'
import { IDENTITY_HEADER } from '../../rules/identity'
import { parseTrustedDocumentsModes } from '../../rules/trusted-documents'
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../../gateway/core/development-tokens'
import { supergraphWithUrls, type BenchTarget } from './targets'

class ForwardingDataSource extends RemoteGraphQLDataSource<{ identity?: string }> {
  override willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0] & { context: { identity?: string } }) {
    if (context.identity) request.http?.headers.set(IDENTITY_HEADER, context.identity)
  }
}

async function startStock(supergraphSdl: string): Promise<string> {
  const server = new ApolloServer<{ identity?: string }>({
    gateway: new ApolloGateway({ supergraphSdl, buildService: ({ url }) => new ForwardingDataSource({ url }) }),
  })
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ identity: req.headers[IDENTITY_HEADER] as string | undefined }),
  })
  return url
}

async function startHive(supergraphSdl: string): Promise<string> {
  const runtime = createGatewayRuntime({
    supergraph: supergraphSdl,
    logging: false,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({ [IDENTITY_HEADER]: request.headers.get(IDENTITY_HEADER) }),
    },
  })
  const server = http.createServer(runtime)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${runtime.graphqlEndpoint}`
}

async function startOurs(
  supergraphSdl: string,
  urls: Record<string, string>,
  authenticate: boolean,
  cache: boolean,
): Promise<string> {
  const authenticator: Authenticator = authenticate
    ? await createAuthenticator({
        hs256Secret: process.env.JWT_SECRET!,
        issuer: DEFAULT_ISSUER,
        audience: DEFAULT_AUDIENCE,
      })
    : // Takes the caller's word: the Authorization header, unverified, names the subject.
      {
        authenticate: async (authorization) => ({
          subject: authorization ?? 'bench',
          roles: ['admin'],
          channel: 'api',
          requestId: randomUUID(),
        }),
      }
  const gateway = await createGatewayServer({
    supergraphSdl,
    subgraphUrls: urls,
    authenticator,
    internalSecret: process.env.MESH_INTERNAL_SECRET!,
    // The benchmark's callers (an admin, customers reading their own rows) are denied nothing: nothing to record.
    auditTrail: { record: async () => undefined, recordRestrictedAccess: async () => undefined },
    // Measured for throughput, not for fairness: no per-caller budget.
    rateLimits: false,
    // The bench's operations are its own, not the web app's registered documents: free-form from every caller, as with the peers.
    trustedDocuments: { modes: parseTrustedDocumentsModes('off') },
    cache: cache && { store: 'memory' },
  })
  return (await gateway.listen(0)).url
}

async function main(): Promise<void> {
  const target = process.argv[2] as BenchTarget
  const urls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS!) as Record<string, string>
  const supergraphSdl = supergraphWithUrls(
    readFileSync(path.resolve(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8'),
    urls,
  )
  const url =
    target === 'stock'
      ? await startStock(supergraphSdl)
      : target === 'hive'
        ? await startHive(supergraphSdl)
        : await startOurs(supergraphSdl, urls, target !== 'ours-no-authz', target === 'ours-cached')
  const profile = process.env.BENCH_CPU_PROFILE ? await startProfiling() : undefined
  console.log(`READY ${url}`)
  // Hive Gateway registers its own SIGTERM handler, which disposes of it without exiting.
  process.once(
    'SIGTERM',
    () => void (profile?.(process.env.BENCH_CPU_PROFILE!) ?? Promise.resolve()).finally(() => process.exit(0)),
  )
}

/** Starts the V8 CPU profiler in this process; the function returned stops it and writes the profile. */
async function startProfiling(): Promise<(file: string) => Promise<void>> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return async (file) => {
    const { profile } = await session.post('Profiler.stop')
    writeFileSync(file, JSON.stringify(profile))
  }
}

void main()
