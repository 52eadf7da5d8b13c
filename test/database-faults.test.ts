// Database faults on real processes: `npm start` on a throwaway PostgreSQL 15 cluster (one database per
// product), then the faults a platform meets in production: every connection terminated (a failover, a
// proxy), the server restarted under a running mesh, an outage, a service killed. No process may die of it,
// clients get UPSTREAM_UNAVAILABLE naming the product (with a write's outcome), health tells liveness from
// readiness, the log says it once per outage, and live subscribers get every committed booking once.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import pg from 'pg'
import { DATA_PRODUCT_PATH } from '../lib/data-product-routes'
import { openDatabase } from '../lib/database'
import { IDENTITY_HEADER, SERVICE_SUBJECT_PREFIX, signForwardedIdentity } from '../rules/identity'
import { createTransactionsData } from '../subgraphs/transactions/data'
import { issueDevelopmentToken } from '../gateway/core/development-tokens'
import { postGraphQL, type GraphQLResponse } from './support/mesh'
import { SERVICES, startMeshWithNpmStart, stopMesh, type Service, type StartedMesh } from './support/npm-start'
import { postgresAvailable, startPostgresCluster, type PostgresCluster } from './support/postgres'
import { activeSubscriptions, eventually, subscribeOverSse } from './support/subscriptions'

const PREFIX = 'mesh_fault_'
/** A subgraph's request timeout as a newcomer's mesh has it (SUBGRAPH_TIMEOUT_MS, or LOANS_TIMEOUT_MS for one product). */
const TIMEOUT_MS = 10_000
const RESULTS = path.resolve(__dirname, '..', 'test-results', 'database-faults')
let cluster: PostgresCluster
let mesh: StartedMesh
let databaseUrls: Record<Service, string>
let admin: Record<string, string>

beforeAll(async () => {
  if (!postgresAvailable())
    throw new Error(
      'PostgreSQL 15 server binaries are required for this test (/usr/lib/postgresql/15/bin; set POSTGRES_BIN elsewhere)',
    )
  cluster = await startPostgresCluster()
  databaseUrls = {} as Record<Service, string>
  for (const service of SERVICES) databaseUrls[service] = await cluster.createDatabase(`${PREFIX}${service}`)
  // The response cache off: answers it still holds would hide the outages this suite provokes, and its change-feed
  // subscriptions would count in the subgraph's gauge.
  mesh = await startMeshWithNpmStart({ customers: 100, databaseUrls, apiOnly: true, env: { GATEWAY_CACHE: 'off' } })
  const { jwtSecret } = JSON.parse(readFileSync(path.join(mesh.dataDir, 'dev-secrets.json'), 'utf8')) as {
    jwtSecret: string
  }
  admin = {
    authorization: `Bearer ${await issueDevelopmentToken(jwtSecret, { role: 'admin', subject: 'chaos-admin' })}`,
  }
}, 420_000)

afterAll(async () => {
  // What the mesh printed, for reading after a failure (and the figures of the subscription run).
  if (mesh) {
    mkdirSync(RESULTS, { recursive: true })
    writeFileSync(path.join(RESULTS, 'mesh.log'), log())
    await stopMesh(mesh)
  }
  await cluster?.stop()
})

const gql = <T = Record<string, any>>(
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse<T>> => postGraphQL<T>(`${mesh.origin}/graphql`, query, variables, admin)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const log = () => mesh.output.join('')

/** Each service's process id, read from npm start's process group. */
function servicePids(): Record<string, number> {
  const lines = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' }).split('\n')
  const pids: Record<string, number> = {}
  for (const line of lines) {
    const [pid, pgid, ...args] = line.trim().split(/\s+/)
    if (Number(pgid) !== mesh.child.pid) continue
    const file = args.find((arg) => /(subgraphs\/\w+|gateway)\/main\.ts$/.test(arg))
    if (file) pids[file.replace(/^.*?(subgraphs\/)?(\w+)\/main\.ts$/, '$2')] = Number(pid)
  }
  return pids
}

async function sql<T>(service: Service, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrls[service] })
  await client.connect()
  try {
    return (await client.query(text)).rows as T[]
  } finally {
    await client.end()
  }
}

async function readiness(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url)
  return { status: response.status, body: await response.json() }
}

async function waitUntilReady(timeoutMs = 60_000): Promise<void> {
  await eventually(async () => (await readiness(`${mesh.origin}/ready`)).body.status, 'ready', timeoutMs)
}

/** One read of every product, and the same figures counted in each product's own database. */
async function everyProduct() {
  const response = await gql(`{
    customers(first: 1) { totalCount } transactionSummary { count } loans(first: 1) { totalCount }
    riskAssessments(first: 1) { totalCount } campaigns(first: 1) { totalCount }
    dataProducts { id liveStatus { available } }
  }`)
  const count = async (service: Service, table: string) =>
    (await sql<{ n: number }>(service, `SELECT count(*)::int AS n FROM "${table}"`))[0]!.n
  const expected = {
    customers: { totalCount: await count('customers', 'Customer') },
    transactionSummary: { count: await count('transactions', 'Transaction') },
    loans: { totalCount: await count('loans', 'Loan') },
    riskAssessments: { totalCount: await count('risk', 'RiskAssessment') },
    campaigns: { totalCount: await count('marketing', 'Campaign') },
  }
  return { response, expected }
}

async function expectEveryProductAnswers(): Promise<void> {
  const { response, expected } = await everyProduct()
  expect(response.errors).toBeUndefined()
  expect(response.data).toMatchObject(expected)
  expect(response.data!.dataProducts.map((p: any) => [p.id, p.liveStatus.available])).toEqual(
    expect.arrayContaining(SERVICES.map((s) => [s, true])),
  )
}

describe('PostgreSQL faults under a running mesh', () => {
  test('terminated connections and a restart, right after start-up and right after a liveStatus read: every process stays up and every product answers', async () => {
    const pids = servicePids()
    expect(Object.keys(pids).sort()).toEqual([...SERVICES, 'gateway'].sort())
    // Right after start-up: the migrations' and the demo data's pooled connections are still idle in every service.
    expect(await cluster.terminateConnections(PREFIX)).toBeGreaterThan(0)
    cluster.shutDown()
    cluster.startUp()
    await waitUntilReady()
    await expectEveryProductAnswers()

    // Right after a liveStatus read, which every product answers from its own pool.
    const status = await gql('{ dataProducts { id liveStatus { available tables { rows } } } }')
    expect(status.errors).toBeUndefined()
    expect(await cluster.terminateConnections(PREFIX)).toBeGreaterThan(0)
    await sleep(200)
    cluster.shutDown()
    cluster.startUp()
    await waitUntilReady()
    await expectEveryProductAnswers()

    expect(servicePids()).toEqual(pids)
    expect(log()).not.toMatch(/exited \(/)
  })

  test('while PostgreSQL is down: UPSTREAM_UNAVAILABLE naming each product, a write NOT_APPLIED, alive but not ready, said once in the log', async () => {
    const [account] = await sql<{ id: string }>(
      'transactions',
      `SELECT id FROM "Account" WHERE status = 'OPEN' ORDER BY id LIMIT 1`,
    )
    const logFrom = log().length
    cluster.shutDown()
    try {
      for (let i = 0; i < 5; i++) {
        const read = await gql(
          '{ customers(first: 1) { totalCount } transactionSummary { count } loans(first: 1) { totalCount } }',
        )
        expect(read.data).toEqual({ customers: null, transactionSummary: null, loans: null })
        expect(read.errors!.map((e) => [e.path?.[0], e.extensions?.code, e.extensions?.serviceName])).toEqual(
          expect.arrayContaining([
            ['customers', 'UPSTREAM_UNAVAILABLE', 'customers'],
            ['transactionSummary', 'UPSTREAM_UNAVAILABLE', 'transactions'],
            ['loans', 'UPSTREAM_UNAVAILABLE', 'loans'],
          ]),
        )
        expect(read.errors![0]!.message).toMatch(/data product cannot reach its database/)
      }
      const write = await gql('mutation($input: RecordTransactionInput!) { recordTransaction(input: $input) { id } }', {
        input: {
          accountId: account!.id,
          type: 'DEPOSIT',
          amount: '10.00',
          description: 'during the outage',
          channel: 'BRANCH',
        },
      })
      expect(write.data?.recordTransaction ?? null).toBeNull()
      expect(write.errors?.[0]?.extensions).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        serviceName: 'transactions',
        writeOutcome: 'NOT_APPLIED',
      })

      expect((await fetch(mesh.subgraphUrls.loans.replace(/graphql$/, 'health'))).status).toBe(200)
      const loansReady = await readiness(mesh.subgraphUrls.loans.replace(/graphql$/, 'ready'))
      expect(loansReady).toMatchObject({ status: 503, body: { status: 'unavailable', database: 'down' } })
      // An internal endpoint that needs the database answers with the API's error envelope, naming the product.
      const { internalSecret } = JSON.parse(readFileSync(path.join(mesh.dataDir, 'dev-secrets.json'), 'utf8')) as {
        internalSecret: string
      }
      const catalogIdentity = await signForwardedIdentity(
        { subject: `${SERVICE_SUBJECT_PREFIX}catalog`, roles: [], channel: 'api' },
        internalSecret,
      )
      const status = await fetch(mesh.subgraphUrls.loans.replace(/\/graphql$/, `${DATA_PRODUCT_PATH}/status`), {
        headers: { [IDENTITY_HEADER]: catalogIdentity },
      })
      expect(status.status).toBe(503)
      expect(await status.json()).toEqual({
        errors: [
          {
            message: 'The loans data product cannot reach its database right now',
            extensions: { code: 'UPSTREAM_UNAVAILABLE', cause: expect.any(String) },
          },
        ],
      })
      expect((await fetch(`${mesh.origin}/health`)).status).toBe(200)
      const gatewayReady = await readiness(`${mesh.origin}/ready`)
      expect(gatewayReady.status).toBe(503)
      expect(gatewayReady.body.status).toBe('unavailable')
      expect(gatewayReady.body.products.transactions).toMatchObject({
        status: 'down',
        replicas: [expect.objectContaining({ cause: expect.stringMatching(/database cannot be reached/) })],
      })
    } finally {
      cluster.startUp()
    }
    await waitUntilReady()
    await expectEveryProductAnswers()
    expect(
      (await sql('transactions', `SELECT 1 FROM "Transaction" WHERE description = 'during the outage'`)).length,
    ).toBe(0)

    const outage = log().slice(logFrom)
    for (const service of ['customers', 'transactions', 'loans'] as const) {
      expect(outage.match(new RegExp(`\\[${service}\\] ${service}: its database cannot be reached`, 'g'))).toHaveLength(
        1,
      )
      expect(outage.match(new RegExp(`\\[${service}\\] ${service}: its database answers again`, 'g'))).toHaveLength(1)
    }
    for (const service of SERVICES)
      expect(
        (outage.match(new RegExp(`\\[${service}\\] ${service}: its database cannot be reached`, 'g')) ?? []).length,
      ).toBeLessThanOrEqual(1)
    expect(outage).not.toMatch(/^\[\w+\]\s+at /m)
  })

  test('live subscribers get every booking committed around a restart once, in order, at 5 writes a second', async () => {
    const subscription = await subscribeOverSse(
      `${mesh.origin}/graphql`,
      'subscription { transactionAdded { id streamPosition description } }',
      admin,
    )
    await eventually(() => activeSubscriptions(mesh.subgraphUrls.transactions), 1, 30_000)
    const accounts = (
      await sql<{ id: string }>('transactions', `SELECT id FROM "Account" WHERE status = 'OPEN' ORDER BY id LIMIT 5`)
    ).map((a) => a.id)
    const outcomes: { description: string; id?: string; outcome: string }[] = []
    const writes: Promise<void>[] = []
    const restart = (async () => {
      await sleep(3000)
      cluster.shutDown()
      await sleep(2000)
      cluster.startUp()
    })()
    for (let i = 0; i < 60; i++) {
      const description = `chaos booking ${i}`
      writes.push(
        gql<{ recordTransaction: { id: string } | null }>(
          'mutation($input: RecordTransactionInput!) { recordTransaction(input: $input) { id } }',
          {
            input: {
              accountId: accounts[i % accounts.length],
              type: 'DEPOSIT',
              amount: `${i + 1}.00`,
              description,
              channel: 'ONLINE',
            },
          },
        ).then(
          (response) =>
            void outcomes.push({
              description,
              id: response.data?.recordTransaction?.id,
              outcome: response.data?.recordTransaction
                ? 'APPLIED'
                : String(response.errors?.[0]?.extensions?.writeOutcome ?? response.errors?.[0]?.extensions?.code),
            }),
        ),
      )
      await sleep(200)
    }
    await Promise.all(writes)
    await restart
    await waitUntilReady()

    const committed = await sql<{ id: string; description: string; position: string }>(
      'transactions',
      `
      SELECT t.id, t.description, e.position::text AS position FROM "Transaction" t JOIN "TransactionEvent" e ON e."transactionId" = t.id
      WHERE t.description LIKE 'chaos booking %' ORDER BY e.position`,
    )
    const applied = outcomes.filter((o) => o.outcome === 'APPLIED')
    expect(applied.length).toBeGreaterThan(20)
    expect(outcomes.filter((o) => o.outcome !== 'APPLIED').length).toBeGreaterThan(0) // the restart was felt
    expect(outcomes.every((o) => ['APPLIED', 'NOT_APPLIED', 'UNKNOWN'].includes(o.outcome))).toBe(true)
    await subscription.waitFor(committed.length, 30_000)
    await sleep(1000) // anything sent twice would arrive by now
    subscription.stop()

    const received = subscription.results.map(
      (result) => (result.data as any).transactionAdded as { id: string; streamPosition: string; description: string },
    )
    const chaos = received.filter((row) => row.description.startsWith('chaos booking '))
    expect(chaos.map((row) => row.id)).toEqual(committed.map((row) => row.id)) // every committed booking, once, in commit order
    expect(new Set(received.map((row) => row.id)).size).toBe(received.length)
    for (const { id } of applied) expect(committed.map((row) => row.id)).toContain(id)
    const notApplied = new Set(outcomes.filter((o) => o.outcome === 'NOT_APPLIED').map((o) => o.description))
    expect(committed.filter((row) => notApplied.has(row.description))).toEqual([])
    const tally = (outcome: string) => outcomes.filter((o) => o.outcome === outcome).length
    mkdirSync(RESULTS, { recursive: true })
    writeFileSync(
      path.join(RESULTS, 'subscription-figures.json'),
      JSON.stringify(
        {
          writes: outcomes.length,
          applied: tally('APPLIED'),
          notApplied: tally('NOT_APPLIED'),
          unknown: tally('UNKNOWN'),
          committed: committed.length,
          delivered: chaos.length,
          missed: committed.filter((row) => !chaos.some((r) => r.id === row.id)).length,
          duplicated: received.length - new Set(received.map((row) => row.id)).size,
        },
        null,
        2,
      ),
    )
  })

  test('a write whose connection drops before its commit is NOT_APPLIED; one whose commit gets no answer is UNKNOWN', async () => {
    const proxy = await cuttingProxy(cluster.port)
    const db = await openDatabase({
      domain: 'transactions',
      url: databaseUrls.transactions.replace(`:${cluster.port}/`, `:${proxy.port}/`),
    })
    const data = createTransactionsData(db, () => undefined)
    try {
      const [account] = await sql<{ id: string }>(
        'transactions',
        `SELECT id FROM "Account" WHERE status = 'OPEN' ORDER BY id DESC LIMIT 1`,
      )
      const book = (description: string) =>
        data.recordTransaction(
          { accountId: account!.id, type: 'DEPOSIT', amount: '5.00', description, channel: 'BRANCH' },
          new Date(),
        )
      await book('through the proxy') // the connections are open and the proxy passes everything
      proxy.cutOn('INSERT INTO "public"."Transaction"')
      await expect(book('cut before the commit')).rejects.toMatchObject({
        extensions: { code: 'UPSTREAM_UNAVAILABLE', serviceName: 'transactions', writeOutcome: 'NOT_APPLIED' },
      })
      proxy.cutOn('COMMIT')
      await expect(book('cut at the commit')).rejects.toMatchObject({
        extensions: { code: 'UPSTREAM_UNAVAILABLE', serviceName: 'transactions', writeOutcome: 'UNKNOWN' },
      })
      expect(proxy.cuts).toBe(2)
      const written = await sql<{ description: string }>(
        'transactions',
        `SELECT description FROM "Transaction" WHERE description IN ('through the proxy', 'cut before the commit', 'cut at the commit')`,
      )
      expect(written.map((row) => row.description)).toEqual(['through the proxy'])
    } finally {
      await data.disconnect()
      await db.close()
      proxy.close()
    }
  })

  test('npm start restarts a service that died, says so, and the product answers again', async () => {
    const before = servicePids()
    process.kill(before.marketing!, 'SIGKILL')
    await eventually(
      async () =>
        /\[marketing\] exited \(SIGKILL\); restarting in \d+ s/.test(log()) &&
        /\[marketing\] restarted \(pid \d+\)/.test(log()),
      true,
      30_000,
    )
    await waitUntilReady()
    const after = servicePids()
    expect(after.marketing).not.toBe(before.marketing)
    expect({ ...after, marketing: 0 }).toEqual({ ...before, marketing: 0 })
    await expectEveryProductAnswers()
  })
})

describe('a stalled service', () => {
  test('a paused product (SIGSTOP) answers UPSTREAM_UNAVAILABLE within its timeout while the rest answers; its circuit opens, fails fast, and closes once it resumes', async () => {
    const query = 'query($first: Int) { customers(first: $first) { edges { node { id name loans { id } } } } }'
    const timed = async (first: number) => {
      const started = Date.now()
      const response = await gql(query, { first })
      return { response, ms: Date.now() - started }
    }
    const health = async () =>
      (await (await fetch(`${mesh.origin}/health`)).json()) as { products: Record<string, any> }
    expect((await timed(2)).response.errors).toBeUndefined()
    const loans = servicePids().loans!
    process.kill(loans, 'SIGSTOP')
    let stalled: Awaited<ReturnType<typeof timed>>[] = []
    let fast: Awaited<ReturnType<typeof timed>>
    try {
      // Callers at once before the circuit opens (each asks other customers, so no two share a fetch).
      stalled = await Promise.all([2, 3, 4].map(timed))
      for (const { response, ms } of stalled) {
        expect(ms).toBeLessThan(TIMEOUT_MS + 1000)
        expect(response.data!.customers.edges.map((edge: any) => [typeof edge.node.name, edge.node.loans])).toEqual(
          response.data!.customers.edges.map(() => ['string', null]),
        )
        expect(response.errors).toEqual([
          expect.objectContaining({
            message: expect.stringMatching(
              /^The loans data product is unavailable right now \(no answer within 10 s\); the fields it serves are null/,
            ),
            extensions: expect.objectContaining({
              code: 'UPSTREAM_UNAVAILABLE',
              serviceName: 'loans',
              reason: 'TIMEOUT',
            }),
          }),
        ])
      }
      // Three timeouts in a row opened its circuit: callers are answered at once, and health says so.
      fast = await timed(5)
      expect(fast.ms).toBeLessThan(1000)
      expect(fast.response.data!.customers.edges).toHaveLength(5)
      expect(fast.response.errors?.map((e) => e.extensions)).toEqual([
        expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', serviceName: 'loans', reason: 'CIRCUIT_OPEN' }),
      ])
      const during = await health()
      expect(during.products.loans).toMatchObject({
        status: 'down',
        timeoutMs: TIMEOUT_MS,
        replicas: [expect.objectContaining({ state: 'open', lastFailure: 'no answer within 10 s' })],
      })
      expect(during.products.customers).toMatchObject({ status: 'up', timeoutMs: 10_000 })
      expect((await gql('{ customers(first: 1) { totalCount } transactionSummary { count } }')).errors).toBeUndefined()
    } finally {
      process.kill(loans, 'SIGCONT')
    }
    // Once the cool-down ends, one caller's request probes it; it answers, and the circuit closes.
    const resumedAt = Date.now()
    await eventually(async () => (await timed(2)).response.errors === undefined, true, 20_000)
    mkdirSync(RESULTS, { recursive: true })
    writeFileSync(
      path.join(RESULTS, 'stalled-loans.json'),
      JSON.stringify(
        {
          timeoutMs: TIMEOUT_MS,
          stalledAnswersMs: stalled.map((s) => s.ms),
          circuitOpenAnswerMs: fast.ms,
          answersAgainAfterResumeMs: Date.now() - resumedAt,
        },
        null,
        2,
      ),
    )
    expect((await health()).products.loans).toMatchObject({
      status: 'up',
      replicas: [expect.objectContaining({ state: 'closed', failures: 0 })],
    })
    expect(servicePids().loans).toBe(loans)
  })
})

/** A TCP proxy to PostgreSQL that, once armed, ends the connection that sends a statement containing `text` instead of passing it on. */
async function cuttingProxy(targetPort: number) {
  let armed: string | undefined
  let cuts = 0
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1')
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => undefined)
      socket.on('close', () => sockets.delete(socket))
    }
    client.on('data', (chunk) => {
      if (armed && chunk.includes(armed)) {
        armed = undefined
        cuts++
        client.destroy()
        upstream.destroy()
        return
      }
      upstream.write(chunk)
    })
    upstream.pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    cutOn: (text: string) => void (armed = text),
    get cuts() {
      return cuts
    },
    close() {
      for (const socket of sockets) socket.destroy()
      server.close()
    },
  }
}
