// The permission-aware response cache, through real gateways: callers with the same permissions share answers
// (Age says one came from the cache) and each is still rate-limited as itself, customers never share, a denial served from the cache is denied and audited
// for each caller, restricted data is never cached, a write drops the product's answers at once (also on another
// replica sharing a throwaway Redis, and through the change feed on a replica that only has its own memory), and
// /metrics counts hits and misses.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { readGatewayConfig } from '../gateway/config'
import type { Role } from '../rules/identity'
import { startMesh, type RunningMesh } from './support/mesh'
import { redisAvailable, startRedis, type RedisServer } from './support/redis'

let mesh: RunningMesh
let redis: RedisServer
/** A gateway with the cache in its own memory. */
let cached: string
/** Two replicas sharing their cache in Redis. */
let replicas: [string, string]

beforeAll(async () => {
  if (!redisAvailable())
    throw new Error(
      'redis-server is required for this test (/usr/bin/redis-server: apt-get install -y redis-server; set REDIS_SERVER elsewhere)',
    )
  mesh = await startMesh({ customers: 20 })
  redis = await startRedis()
  cached = (await mesh.startGateway({ cache: { store: 'memory' } })).url
  // Generous: a loaded machine must not turn a slow Redis answer into a read that bypasses the cache.
  const shared = { store: 'redis' as const, redisUrl: redis.url, redisCommandTimeoutMs: 2000 }
  replicas = [(await mesh.startGateway({ cache: shared })).url, (await mesh.startGateway({ cache: shared })).url]
})
afterAll(async () => {
  await mesh?.stop()
  await redis?.stop()
})

interface Answer {
  data?: any
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[]
}

async function ask(
  url: string,
  role: Role,
  query: string,
  variables: Record<string, unknown> = {},
  token: { subject?: string; customerId?: string } = {},
) {
  const bearer = await mesh.token({
    role,
    subject: token.subject ?? `${role}-${randomUUID()}`,
    customerId: token.customerId,
  })
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  })
  return {
    body: (await response.json()) as Answer,
    age: response.headers.get('age'),
    cacheControl: response.headers.get('cache-control'),
    requestId: response.headers.get('x-request-id'),
  }
}

const ACCOUNT =
  'query Account($account: ID!) { account(id: $account) { balance } transactions(filter: { accountId: $account }, first: 1) { totalCount } }'
const BOOK = 'mutation Book($input: RecordTransactionInput!) { recordTransaction(input: $input) { id } }'

/** An open account of the demo bank and its balance and bookings as the database holds them. */
async function accountRows(id?: string) {
  const [row] = await mesh.databases.transactions.query<{ id: string; balance: string }>(
    id
      ? 'SELECT id, balance::text AS balance FROM "Account" WHERE id = $1'
      : `SELECT id, balance::text AS balance FROM "Account" WHERE status = 'OPEN' ORDER BY id LIMIT 1`,
    id ? [id] : [],
  )
  const [count] = await mesh.databases.transactions.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM "Transaction" WHERE "accountId" = $1',
    [row!.id],
  )
  return { id: row!.id, balance: row!.balance, bookings: count!.n }
}

async function book(url: string, accountId: string, amount: string) {
  const response = await ask(url, 'admin', BOOK, {
    input: { accountId, type: 'DEPOSIT', amount, description: 'response cache test', channel: 'BRANCH' },
  })
  expect(response.body.errors).toBeUndefined()
  return response
}

describe('sharing among callers with the same permissions', () => {
  test("a second analyst gets the first one's answer from the cache, and the headers say so", async () => {
    const query = '{ transactionSummary { count credits debits } }'
    const first = await ask(cached, 'analyst', query)
    expect(first.body.errors).toBeUndefined()
    expect(first.age).toBeNull()
    // The transactions product's freshness objective allows a minute.
    expect(first.cacheControl).toMatch(/^private, max-age=(60|59)$/)
    const second = await ask(cached, 'analyst', query)
    expect(second.body).toEqual(first.body)
    expect(Number(second.age)).toBeGreaterThanOrEqual(0)
    expect(second.cacheControl).toMatch(/^private, max-age=\d+$/)
    const [row] = await mesh.databases.transactions.query<{ n: number }>('SELECT count(*)::int AS n FROM "Transaction"')
    expect(second.body.data.transactionSummary.count).toBe(row!.n)
  })

  test("two customers never share: each gets their own figures, never the other's cached ones", async () => {
    const owners = await mesh.databases.transactions.query<{ customerId: string; n: number }>(
      'SELECT "customerId", count(*)::int AS n FROM "Transaction" GROUP BY "customerId" HAVING count(*) > 0 ORDER BY "customerId" LIMIT 2',
    )
    const [one, two] = owners
    const query = '{ transactionSummary { count } }'
    const first = await ask(cached, 'customer', query, {}, { customerId: one!.customerId })
    const other = await ask(cached, 'customer', query, {}, { customerId: two!.customerId })
    expect(first.body.data.transactionSummary.count).toBe(one!.n)
    expect(other.body.data.transactionSummary.count).toBe(two!.n)
    expect(other.age).toBeNull()
    // The same customer again, under another token: their own answer, from the cache.
    const again = await ask(cached, 'customer', query, {}, { customerId: one!.customerId })
    expect(again.body.data.transactionSummary.count).toBe(one!.n)
    expect(again.age).not.toBeNull()
  })

  test('a denied field is denied from the cache as from the subgraph, and audited for each caller', async () => {
    const query = 'query Directory { customers(first: 2) { edges { node { id name } } } }'
    const subjects = [`exec-${randomUUID()}`, `exec-${randomUUID()}`]
    const first = await ask(cached, 'executive', query, {}, { subject: subjects[0] })
    const second = await ask(cached, 'executive', query, {}, { subject: subjects[1] })
    expect(second.age).not.toBeNull()
    for (const response of [first, second]) {
      expect(response.body.data.customers).toBeNull()
      expect(response.body.errors?.map((error) => [error.path?.join('.'), error.extensions?.code])).toEqual([
        ['customers', 'FORBIDDEN'],
      ])
    }
    expect(second.body.errors).toEqual(first.body.errors)
    for (const [index, subject] of subjects.entries()) {
      const rows = await mesh.databases.audit.query<{ field: string; requestId: string }>(
        'SELECT field, "requestId" FROM "AccessDenial" WHERE subject = $1',
        [subject],
      )
      expect(rows.map((row) => row.field)).toEqual(['Query.customers'])
      expect(rows[0]!.requestId).toBe([first, second][index]!.requestId)
    }
  })

  test("an answer from the cache still counts against the caller's own rate limit", async () => {
    const url = (
      await mesh.startGateway({
        cache: { store: 'memory' },
        rateLimits: { limits: { analyst: { graphql: { requests: 2, perSeconds: 60 } } } },
      })
    ).url
    const query = '{ loanPortfolioSummary { totalPrincipal } }'
    const subject = `analyst-${randomUUID()}`
    await ask(url, 'analyst', query, {}, { subject })
    expect((await ask(url, 'analyst', query, {}, { subject })).age).not.toBeNull()
    const refused = await ask(url, 'analyst', query, {}, { subject })
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED')
    // Another analyst has a budget of their own, and gets the cached answer.
    expect((await ask(url, 'analyst', query)).age).not.toBeNull()
  })

  test('restricted data is never served from the cache: every read reaches the product and is recorded', async () => {
    const [customer] = await mesh.databases.customers.query<{ id: string }>(
      'SELECT id FROM "Customer" ORDER BY id LIMIT 1',
    )
    const query = 'query WhoIs($id: ID!) { customer(id: $id) { name ssn } }'
    const subjects = [`compliance-${randomUUID()}`, `compliance-${randomUUID()}`]
    for (const subject of subjects) {
      const response = await ask(cached, 'compliance_officer', query, { id: customer!.id }, { subject })
      expect(response.body.data.customer.ssn).toMatch(/^\d{3}-\d{2}-\d{4}$/)
      expect(response.age).toBeNull()
      expect(response.cacheControl).toBe('no-store')
    }
    for (const subject of subjects) {
      const rows = await mesh.databases.audit.query<{ field: string }>(
        'SELECT field FROM "RestrictedAccess" WHERE subject = $1',
        [subject],
      )
      expect(rows.map((row) => row.field)).toEqual(['Customer.ssn'])
    }
  })

  test('the audit trail is never cached: a compliance officer sees a denial the moment it is recorded', async () => {
    const query = 'query($subject: String) { accessDenials(filter: { subject: $subject }) { totalCount } }'
    const subject = `exec-${randomUUID()}`
    const before = await ask(cached, 'compliance_officer', query, { subject })
    expect(before.body.data.accessDenials.totalCount).toBe(0)
    await ask(cached, 'executive', '{ customers(first: 1) { totalCount } }', {}, { subject })
    const after = await ask(cached, 'compliance_officer', query, { subject })
    expect(after.body.data.accessDenials.totalCount).toBe(1)
    expect(after.age).toBeNull()
  })
})

describe('writes', () => {
  test('a read after a committed write never sees the old value, and the write itself is never cached', async () => {
    const account = await accountRows()
    const read = () => ask(cached, 'analyst', ACCOUNT, { account: account.id })
    await read()
    const before = await read()
    expect(before.age).not.toBeNull()
    expect(before.body.data).toEqual({
      account: { balance: account.balance },
      transactions: { totalCount: account.bookings },
    })
    const write = await book(cached, account.id, '25.00')
    expect(write.cacheControl).toBe('no-store')
    const after = await read()
    const now = await accountRows(account.id)
    expect(now.bookings).toBe(account.bookings + 1)
    expect(after.body.data).toEqual({ account: { balance: now.balance }, transactions: { totalCount: now.bookings } })
    expect(after.age).toBeNull()
  })

  test("across two replicas sharing Redis: a write through one, and the other's next read has the new value", async () => {
    const account = await accountRows()
    const read = () => ask(replicas[1], 'analyst', ACCOUNT, { account: account.id })
    await read()
    const before = await read()
    expect(before.age).not.toBeNull()
    // The first replica serves the second's cached answer too.
    const elsewhere = await ask(replicas[0], 'analyst', ACCOUNT, { account: account.id })
    expect(elsewhere.age).not.toBeNull()
    expect(elsewhere.body).toEqual(before.body)
    await book(replicas[0], account.id, '40.00')
    const now = await accountRows(account.id)
    const after = await read()
    expect(after.body.data).toEqual({ account: { balance: now.balance }, transactions: { totalCount: now.bookings } })
    expect(after.age).toBeNull()
  })

  test("a booking made through another gateway reaches a replica's own memory through the change feed", async () => {
    const account = await accountRows()
    const read = () => ask(cached, 'analyst', ACCOUNT, { account: account.id })
    await read()
    expect((await read()).age).not.toBeNull()
    await book(mesh.gatewayUrl, account.id, '60.00')
    const now = await accountRows(account.id)
    let after = await read()
    for (
      const started = Date.now();
      after.body.data.transactions.totalCount !== now.bookings && Date.now() - started < 5000;
    ) {
      await delay(50)
      after = await read()
    }
    expect(after.body.data).toEqual({ account: { balance: now.balance }, transactions: { totalCount: now.bookings } })
  })
})

describe('freshness and operations', () => {
  test('an answer is kept no longer than the cache allows', async () => {
    const url = (await mesh.startGateway({ cache: { store: 'memory', maxAgeSeconds: 1 } })).url
    const query = '{ customers(first: 3) { totalCount edges { node { id segment } } } }'
    await ask(url, 'analyst', query)
    const hit = await ask(url, 'analyst', query)
    expect(hit.age).not.toBeNull()
    expect(hit.cacheControl).toMatch(/^private, max-age=[01]$/)
    await delay(1100)
    expect((await ask(url, 'analyst', query)).age).toBeNull()
  })

  test("/metrics counts the cache's hits and misses per product", async () => {
    const query = '{ loanPortfolioSummary { count } }'
    await ask(cached, 'analyst', query)
    await ask(cached, 'analyst', query)
    const text = await (await fetch(cached.replace(/\/graphql$/, '/metrics'))).text()
    expect(text).toMatch(/mesh_gateway_cache_lookups_total\{[^}]*subgraph="loans"[^}]*outcome="hit"[^}]*\} [1-9]/)
    expect(text).toMatch(/mesh_gateway_cache_lookups_total\{[^}]*subgraph="loans"[^}]*outcome="miss"[^}]*\} [1-9]/)
    expect(text).toMatch(/mesh_gateway_cache_invalidations_total\{[^}]*subgraph="transactions"[^}]*source="mutation"/)
  })

  test('GATEWAY_CACHE: in memory by default, in Redis with REDIS_URL, off on request; redis without a URL is refused', () => {
    expect(readGatewayConfig({}).cache).toMatchObject({ store: 'memory' })
    expect(readGatewayConfig({ REDIS_URL: 'redis://127.0.0.1:6390' }).cache).toMatchObject({
      store: 'redis',
      redisUrl: 'redis://127.0.0.1:6390',
    })
    expect(readGatewayConfig({ REDIS_URL: 'redis://127.0.0.1:6390', GATEWAY_CACHE: 'memory' }).cache).toMatchObject({
      store: 'memory',
    })
    expect(readGatewayConfig({ GATEWAY_CACHE: 'off' }).cache).toBe(false)
    expect(readGatewayConfig({ GATEWAY_CACHE_MAX_AGE_SECONDS: '30' }).cache).toMatchObject({ maxAgeSeconds: 30 })
    expect(() => readGatewayConfig({ GATEWAY_CACHE: 'redis' })).toThrow(/GATEWAY_CACHE=redis needs REDIS_URL/)
    expect(() => readGatewayConfig({ GATEWAY_CACHE: 'disk' })).toThrow(/GATEWAY_CACHE/)
  })
})
