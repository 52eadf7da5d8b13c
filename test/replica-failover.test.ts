// Beyond one machine: two replicas of the transactions subgraph, each a process of its own on one PostgreSQL
// database, behind the gateway's service list. One is killed (SIGKILL, no goodbye) in the middle of a load:
// reads lose nothing (one caught in flight is repeated on the other replica), writes lose nothing beyond
// those in flight, which fail with UPSTREAM_UNAVAILABLE and an unknown outcome, and are never applied twice.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createAuthenticator } from '../gateway/core/auth'
import { createGatewayServer, type GatewayServer, type UpstreamSettings } from '../gateway/server'
import { auditEndpoint, createAuditTrail } from '../lib/audit-client'
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, issueDevelopmentToken } from '../gateway/core/development-tokens'
import { openDatabase } from '../lib/database'
import { postGraphQL, startMesh, type GraphQLResponse, type RunningMesh } from './support/mesh'
import { postgresAvailable, startPostgresCluster, type PostgresCluster } from './support/postgres'
import { eventually } from './support/subscriptions'

const describeWithPostgres = postgresAvailable() ? describe : describe.skip
const ROOT = path.resolve(__dirname, '..')
const CONCURRENCY = 8
const UPSTREAM_TIMEOUT_MS = 5000

interface Replica {
  child: ChildProcess
  url: string
  port: number
  exited: Promise<void>
}

let cluster: PostgresCluster
let mesh: RunningMesh
let databaseUrl: string
let gateway: GatewayServer
let gatewayUrl: string
let startGateway: (upstream?: UpstreamSettings) => Promise<GatewayServer>
let authorization: string
let dataDir: string
const replicas: Replica[] = []

/** A transactions subgraph as `npm run start:transactions` runs it, on the shared PostgreSQL database. */
async function startReplica(port = 0): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'subgraphs/transactions/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      TRANSACTIONS_PORT: String(port),
      TRANSACTIONS_DATABASE_URL: databaseUrl,
      MESH_INTERNAL_SECRET: mesh.internalSecret,
      DATA_ENCRYPTION_KEY: mesh.dataEncryptionKey,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      AUDIT_URL: mesh.subgraphUrls.audit,
      DATA_DIR: dataDir,
    },
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The replica did not start: ${output}`)), 60_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const ready = /subgraph ready at (\S+)/.exec(output)
      if (ready) {
        clearTimeout(timer)
        resolve(ready[1]!)
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    void exited.then(() => reject(new Error(`The replica exited: ${output}`)))
  })
  return { child, url, port: Number(new URL(url).port), exited }
}

async function kill(replica: Replica): Promise<void> {
  replica.child.kill('SIGKILL')
  await replica.exited
}

async function operationsServed(url: string, type: 'query' | 'mutation'): Promise<number> {
  const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text()
  return [
    ...text.matchAll(new RegExp(`^graphql_operations_total\\{[^}]*operation_type="${type}"[^}]*\\} (\\d+)`, 'gm')),
  ].reduce((sum, m) => sum + Number(m[1]), 0)
}

beforeAll(async () => {
  if (!postgresAvailable()) return
  cluster = await startPostgresCluster()
  databaseUrl = await cluster.createDatabase('mesh_transactions')
  mesh = await startMesh({ customers: 30, databaseUrls: { transactions: databaseUrl } })
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'mesh-replicas-'))
  replicas.push(...(await Promise.all([startReplica(), startReplica()])))
  const jwtSecret = randomBytes(32).toString('base64url')
  startGateway = async (upstream) =>
    createGatewayServer({
      supergraphSdl: readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'),
      subgraphUrls: { ...mesh.subgraphUrls, transactions: replicas.map((r) => r.url).join(',') },
      authenticator: await createAuthenticator({
        hs256Secret: jwtSecret,
        issuer: DEFAULT_ISSUER,
        audience: DEFAULT_AUDIENCE,
      }),
      internalSecret: mesh.internalSecret,
      auditTrail: createAuditTrail({
        url: auditEndpoint(mesh.subgraphUrls.audit),
        internalSecret: mesh.internalSecret,
      }),
      upstream,
    })
  gateway = await startGateway()
  gatewayUrl = (await gateway.listen(0)).url
  authorization = `Bearer ${await issueDevelopmentToken(jwtSecret, { role: 'customer_service', subject: 'failover-teller' })}`
}, 300_000)

afterAll(async () => {
  await gateway?.stop()
  for (const replica of replicas) if (replica.child.exitCode === null) await kill(replica)
  await mesh?.stop()
  await cluster?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

interface Outcome {
  response: GraphQLResponse
  startedAfterKill: boolean
}

/**
 * `total` operations from CONCURRENCY callers at once; after `killAfter` have answered, `victim` is killed.
 * Returns each outcome, and how many operations were in flight when the kill landed.
 */
async function loadWithKill(
  total: number,
  killAfter: number,
  victim: Replica,
  operation: (n: number) => { query: string; variables?: Record<string, unknown> },
) {
  const outcomes: Outcome[] = []
  let next = 0
  let inFlight = 0
  let killed = false
  let inFlightAtKill = -1
  let killing: Promise<void> | undefined
  const worker = async () => {
    while (next < total) {
      const n = next++
      const startedAfterKill = killed
      inFlight++
      const { query, variables } = operation(n)
      const response = await postGraphQL(gatewayUrl, query, variables, { authorization })
      inFlight--
      outcomes.push({ response, startedAfterKill })
      if (outcomes.length === killAfter) {
        inFlightAtKill = inFlight
        killing = kill(victim).then(() => {
          killed = true
        })
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  await killing
  return { outcomes, inFlightAtKill }
}

const codesOf = (response: GraphQLResponse) => (response.errors ?? []).map((e) => e.extensions?.code)

describeWithPostgres('two replicas of a subgraph, one killed mid-load', () => {
  test('reads: nothing is lost, the in-flight ones are repeated on the surviving replica', async () => {
    const [victim, survivor] = replicas as [Replica, Replica]
    const [account] = await mesh.databases.transactions.query<{ id: string }>(
      `SELECT id FROM "Account" ORDER BY id LIMIT 1`,
    )
    const servedBefore = await Promise.all(replicas.map((r) => operationsServed(r.url, 'query')))
    const { outcomes, inFlightAtKill } = await loadWithKill(400, 120, victim, (n) => ({
      query: `query($first: Int, $account: ID!) {
        transactions(first: $first, orderBy: { field: AMOUNT, direction: DESC }) { edges { node { id amount customer { id name } } } }
        account(id: $account) { id balance }
      }`,
      variables: { first: 1 + (n % 5), account: account!.id },
    }))
    expect(inFlightAtKill).toBeGreaterThan(0)
    expect(outcomes).toHaveLength(400)
    const failed = outcomes.filter((o) => o.response.errors)
    expect(failed.map((o) => codesOf(o.response))).toEqual([])
    for (const { response } of outcomes)
      expect((response.data as { account: { id: string } }).account.id).toBe(account!.id)
    expect(outcomes.filter((o) => o.startedAfterKill).length).toBeGreaterThan(0)
    // Both replicas took a share before the kill; the survivor took the rest.
    const servedAfter = await operationsServed(survivor.url, 'query')
    expect(servedAfter - servedBefore[1]!).toBeGreaterThan(200)
  })

  test('a killed replica that comes back takes its share again', async () => {
    const [victim, survivor] = replicas as [Replica, Replica]
    replicas[0] = await startReplica(victim.port)
    const servedBefore = await operationsServed(replicas[0].url, 'query')
    // Passed over for a few seconds after refusing connections, then back in turn.
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline && (await operationsServed(replicas[0].url, 'query')) === servedBefore) {
      const response = await postGraphQL(gatewayUrl, '{ transactions(first: 1) { totalCount } }', {}, { authorization })
      expect(response.errors).toBeUndefined()
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(await operationsServed(replicas[0].url, 'query')).toBeGreaterThan(servedBefore)
    expect(survivor.child.exitCode).toBeNull()
  })

  test('a paused replica (SIGSTOP): the few reads caught on it answer within the timeout, its circuit opens and the other replica takes every read, until it resumes', async () => {
    const [paused, other] = replicas as [Replica, Replica]
    const shortTimeout = await startGateway({ timeoutMs: UPSTREAM_TIMEOUT_MS })
    const url = (await shortTimeout.listen(0)).url
    const health = async () =>
      ((await (await fetch(url.replace(/graphql$/, 'health'))).json()) as { products: Record<string, any> }).products
        .transactions
    process.kill(paused.child.pid!, 'SIGSTOP')
    const outcomes: { response: GraphQLResponse; ms: number }[] = []
    try {
      let next = 0
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < 60) {
            const n = next++
            const started = Date.now()
            const response = await postGraphQL(
              url,
              'query($first: Int) { transactions(first: $first) { totalCount } }',
              { first: 1 + n },
              { authorization },
            )
            outcomes.push({ response, ms: Date.now() - started })
          }
        }),
      )
      expect(await health()).toMatchObject({
        status: 'degraded',
        replicas: [
          expect.objectContaining({ url: paused.url, state: 'open' }),
          expect.objectContaining({ url: other.url, state: 'closed' }),
        ],
      })
    } finally {
      process.kill(paused.child.pid!, 'SIGCONT')
    }
    const timedOut = outcomes.filter((o) => o.response.errors)
    // Only reads sent to it before its circuit opened: one per caller, again by the callers the first two
    // timeouts freed, and at most one probe after the cool-down (every read differs, so none shares a fetch).
    expect(timedOut.length).toBeLessThanOrEqual(4 + 2 + 1)
    for (const { response, ms } of timedOut) {
      expect(response.errors!.map((e) => e.extensions)).toEqual([
        expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', serviceName: 'transactions', reason: 'TIMEOUT' }),
      ])
      expect(ms).toBeLessThan(UPSTREAM_TIMEOUT_MS + 1000)
    }
    expect(outcomes.length - timedOut.length).toBeGreaterThanOrEqual(53)
    // Resumed, it is probed after the cool-down and takes its share again.
    await eventually(
      async () => {
        await postGraphQL(url, '{ transactions(first: 1) { totalCount } }', {}, { authorization })
        return (await health()).status
      },
      'up',
      20_000,
    )
    await shortTimeout.stop()
  })

  test('writes: none lost beyond those in flight, which fail clearly and are never applied twice', async () => {
    const victim = replicas[1]!
    const accounts = await mesh.databases.transactions.query<{ id: string }>(
      `SELECT id FROM "Account" WHERE status = 'OPEN' ORDER BY id LIMIT 8`,
    )
    const run = randomBytes(4).toString('hex')
    const { outcomes, inFlightAtKill } = await loadWithKill(240, 80, victim, (n) => ({
      query: 'mutation($input: RecordTransactionInput!) { recordTransaction(input: $input) { id description } }',
      variables: {
        input: {
          accountId: accounts[n % accounts.length]!.id,
          type: 'PAYMENT',
          amount: `${5 + (n % 40)}.25`,
          description: `failover ${run} #${n}`,
          channel: 'CARD',
        },
      },
    }))
    expect(outcomes).toHaveLength(240)
    const failed = outcomes.filter((o) => o.response.errors)
    expect(failed.length).toBeLessThanOrEqual(inFlightAtKill)
    for (const { response, startedAfterKill } of failed) {
      expect(startedAfterKill).toBe(false)
      expect(response.data?.recordTransaction ?? null).toBeNull()
      expect(response.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/transactions data product/),
          extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }),
        }),
      ])
    }
    const succeeded = outcomes
      .filter((o) => !o.response.errors)
      .map((o) => (o.response.data as { recordTransaction: { id: string; description: string } }).recordTransaction)
    expect(succeeded.length).toBe(240 - failed.length)

    const db = await openDatabase({ domain: 'transactions', url: databaseUrl })
    try {
      const rows = await db.query<{ id: string; description: string }>(
        `SELECT id, description FROM "Transaction" WHERE description LIKE $1`,
        [`failover ${run} #%`],
      )
      const descriptions = rows.map((r) => r.description)
      // Each write is applied at most once; every acknowledged one is there.
      expect(new Set(descriptions).size).toBe(descriptions.length)
      expect(rows.length).toBeGreaterThanOrEqual(succeeded.length)
      expect(rows.length).toBeLessThanOrEqual(succeeded.length + failed.length)
      const stored = new Map(rows.map((r) => [r.id, r.description]))
      for (const write of succeeded) expect(stored.get(write.id)).toBe(write.description)
    } finally {
      await db.close()
    }
  })
})
