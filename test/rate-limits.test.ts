// Rate limits per caller, per role and per route, through real gateways: a caller over budget gets 429 with
// Retry-After and RATE_LIMITED while others pass, the refusal is in the audit trail, two replicas sharing a
// throwaway Redis share one budget, and a Redis that stops answering costs no request its answer.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals'
import { randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { readGatewayConfig } from '../gateway/config'
import type { RateLimitOptions } from '../gateway/core/rate-limits'
import { createLogger } from '../lib/logger'
import { governingCaller, RATE_LIMITED_ROUTES, RATE_LIMITS } from '../rules/rate-limits'
import type { Role } from '../rules/identity'
import { startMesh, type RunningMesh } from './support/mesh'
import { redisAvailable, startRedis, type RedisServer } from './support/redis'

let mesh: RunningMesh
let redis: RedisServer

beforeAll(async () => {
  if (!redisAvailable())
    throw new Error(
      'redis-server is required for this test (/usr/bin/redis-server: apt-get install -y redis-server; set REDIS_SERVER elsewhere)',
    )
  mesh = await startMesh({ customers: 20 })
  redis = await startRedis()
})
afterAll(async () => {
  await mesh?.stop()
  await redis?.stop()
})

const QUERY = '{ transactionSummary { count } }'

async function post(
  url: string,
  authorization: string | undefined,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const started = Date.now()
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization && { authorization }), ...headers },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  const json = /json/.test(response.headers.get('content-type') ?? '')
    ? (JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] })
    : undefined
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: json,
    text,
    ms: Date.now() - started,
  }
}

const analyst = async (subject: string) => `Bearer ${await mesh.token({ role: 'analyst', subject })}`

describe('rate limits per caller and route', () => {
  let url: string
  beforeAll(async () => {
    const rateLimits: RateLimitOptions = {
      limits: {
        analyst: {
          ...RATE_LIMITS.analyst,
          graphql: { requests: 5, perSeconds: 5 },
          export: { requests: 2, perSeconds: 60 },
          chat: { requests: 1, perSeconds: 60 },
        },
        anonymous: { ...RATE_LIMITS.anonymous, graphql: { requests: 3, perSeconds: 60 } },
      },
    }
    url = (await mesh.startGateway({ rateLimits })).url
  })

  test("an analyst's 6th request in the window answers 429 with Retry-After and RATE_LIMITED, another analyst is unaffected, and after the window it passes again", async () => {
    const authorization = await analyst(`limited-${randomUUID()}`)
    const admitted = []
    for (let n = 0; n < 5; n++) admitted.push(await post(url, authorization, { query: QUERY }))
    expect(admitted.map((r) => [r.status, r.body?.errors])).toEqual(Array.from({ length: 5 }, () => [200, undefined]))

    const refused = await post(url, authorization, { query: QUERY })
    expect(refused.status).toBe(429)
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1)
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(5)
    expect(refused.body?.data ?? null).toBeNull()
    expect(refused.body?.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/analyst role may make 5 requests to \/graphql per 5 s/),
        extensions: { code: 'RATE_LIMITED', retryAfter: Number(refused.retryAfter) },
      }),
    ])

    const colleague = await post(url, await analyst(`colleague-${randomUUID()}`), { query: QUERY })
    expect([colleague.status, colleague.body?.errors]).toEqual([200, undefined])

    await delay(Number(refused.retryAfter) * 1000 + 100)
    const again = await post(url, authorization, { query: QUERY })
    expect([again.status, again.body?.errors]).toEqual([200, undefined])
  })

  test('/export and /chat run out long before /graphql: the same caller is refused there and still answered at /graphql', async () => {
    const authorization = await analyst(`exporter-${randomUUID()}`)
    const base = url.replace(/\/graphql$/, '')
    const exportBody = { query: '{ transactions(first: 3) { edges { node { id amount } } } }', format: 'csv' }
    const exports = [
      await post(`${base}/export`, authorization, exportBody),
      await post(`${base}/export`, authorization, exportBody),
    ]
    expect(exports.map((r) => r.status)).toEqual([200, 200])
    expect(exports[0]!.text.split(/\r?\n/)[0]).toBe('id,amount')
    const thirdExport = await post(`${base}/export`, authorization, exportBody)
    expect([thirdExport.status, thirdExport.body?.errors?.[0]?.extensions?.code]).toEqual([429, 'RATE_LIMITED'])
    expect(Number(thirdExport.retryAfter)).toBeGreaterThan(0)
    // An export asked of /graphql (Accept: text/csv) draws on the same export budget.
    const viaGraphql = await post(url, authorization, { query: exportBody.query }, { accept: 'text/csv' })
    expect([viaGraphql.status, viaGraphql.body?.errors?.[0]?.extensions?.code]).toEqual([429, 'RATE_LIMITED'])

    const question = { question: 'How many deposits were there last month?' }
    const firstQuestion = await post(`${base}/chat`, authorization, question)
    expect(firstQuestion.status).toBe(200)
    const secondQuestion = await post(`${base}/chat`, authorization, question)
    expect([secondQuestion.status, secondQuestion.body?.errors?.[0]?.extensions?.code]).toEqual([429, 'RATE_LIMITED'])
    expect(secondQuestion.body?.errors?.[0]?.message).toMatch(/make 1 requests to \/chat per 60 s/)

    const query = await post(url, authorization, { query: QUERY })
    expect([query.status, query.body?.errors]).toEqual([200, undefined])
  })

  test('the default table is tighter on /chat, /mcp and /export than on /graphql for every caller', () => {
    const perMinute = (budget: { requests: number; perSeconds: number }) => (budget.requests * 60) / budget.perSeconds
    for (const [caller, limits] of Object.entries(RATE_LIMITS)) {
      for (const route of ['chat', 'mcp', 'export'] as const)
        expect({ caller, route, tighter: perMinute(limits[route]) < perMinute(limits.graphql) }).toEqual({
          caller,
          route,
          tighter: true,
        })
    }
    // Analysts and BI dashboards get the most; a customer's app less; anonymous callers least.
    expect(perMinute(RATE_LIMITS.analyst.graphql)).toBeGreaterThan(perMinute(RATE_LIMITS.customer.graphql))
    expect(perMinute(RATE_LIMITS.customer.graphql)).toBeGreaterThan(perMinute(RATE_LIMITS.anonymous.graphql))
    expect(Object.keys(RATE_LIMITS.analyst)).toEqual(expect.arrayContaining([...RATE_LIMITED_ROUTES]))
  })

  test('refusals are in the audit trail, once per caller, route and window, for compliance to query', async () => {
    const subject = `audited-${randomUUID()}`
    const authorization = await analyst(subject)
    const statuses = []
    for (let n = 0; n < 8; n++)
      statuses.push(
        (await post(url, authorization, { query: `query Probe${n} ${QUERY}`, operationName: `Probe${n}` })).status,
      )
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429])
    await post(`${url.replace(/\/graphql$/, '')}/chat`, authorization, { question: 'How many customers?' })
    await post(`${url.replace(/\/graphql$/, '')}/chat`, authorization, { question: 'How many customers?' })

    const trail = await mesh.query<{
      accessDenials: { totalCount: number; edges: { node: Record<string, unknown> }[] }
    }>(
      'query($subject: String) { accessDenials(filter: { subject: $subject }, first: 10) { totalCount edges { node { subject roles channel field path code reason operationName operation } } } }',
      { subject },
      { authorization: `Bearer ${await mesh.token({ role: 'compliance_officer' })}` },
    )
    expect(trail.errors).toBeUndefined()
    const records = trail
      .data!.accessDenials.edges.map((e) => e.node)
      .sort((a, b) => String(a.field).localeCompare(String(b.field)))
    expect(records).toEqual([
      expect.objectContaining({
        subject,
        roles: ['analyst'],
        channel: 'chat',
        field: 'rate-limit:/chat',
        code: 'RATE_LIMITED',
        operation: 'POST /chat',
        reason: expect.stringMatching(/\/chat.*Retry after \d+ s/),
      }),
      expect.objectContaining({
        subject,
        roles: ['analyst'],
        channel: 'api',
        field: 'rate-limit:/graphql',
        path: '',
        code: 'RATE_LIMITED',
        operationName: 'Probe5',
        operation: `query Probe5 ${QUERY}`,
        reason: expect.stringMatching(/5 requests to \/graphql per 5 s/),
      }),
    ])
  })

  test('callers without a token are limited per network address, and recorded as such', async () => {
    const statuses = []
    for (let n = 0; n < 4; n++) statuses.push((await post(url, undefined, { query: '{ __typename }' })).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    const trail = await mesh.query<{ accessDenials: { edges: { node: { field: string; reason: string } }[] } }>(
      '{ accessDenials(filter: { subject: "anonymous", field: "rate-limit:/graphql" }, first: 1) { edges { node { field reason } } } }',
      undefined,
      { authorization: `Bearer ${await mesh.token({ role: 'compliance_officer' })}` },
    )
    expect(trail.data!.accessDenials.edges[0]!.node.reason).toMatch(
      /without a token .* \(from (::ffff:)?127\.0\.0\.1\)/,
    )
  })
})

describe('two gateway replicas sharing Redis', () => {
  const LIMIT = 6
  let replicas: string[]
  beforeAll(async () => {
    const rateLimits: RateLimitOptions = {
      redisUrl: redis.url,
      redisCommandTimeoutMs: 200,
      limits: { analyst: { ...RATE_LIMITS.analyst, graphql: { requests: LIMIT, perSeconds: 60 } } },
    }
    replicas = [(await mesh.startGateway({ rateLimits })).url, (await mesh.startGateway({ rateLimits })).url]
  })

  test('requests alternating between the two replicas are refused at the shared limit, not at twice it', async () => {
    const authorization = await analyst(`shared-${randomUUID()}`)
    const statuses = []
    for (let n = 0; n < 3 * LIMIT; n++)
      statuses.push((await post(replicas[n % 2]!, authorization, { query: QUERY })).status)
    console.log(
      `two replicas sharing Redis, limit ${LIMIT}: ${statuses.filter((s) => s === 200).length} of ${statuses.length} alternating requests accepted (${statuses.join(' ')})`,
    )
    expect(statuses).toEqual([
      ...Array.from({ length: LIMIT }, () => 200),
      ...Array.from({ length: 2 * LIMIT }, () => 429),
    ])
  })

  test("with Redis paused and then killed, requests still answer within the command timeout, counted in each replica's memory, and a warning is logged", async () => {
    const warn = jest.spyOn(createLogger('gateway'), 'warn').mockImplementation(() => undefined)
    try {
      redis.pause()
      const authorization = await analyst(`outage-${randomUUID()}`)
      const paused = []
      for (let n = 0; n < 4; n++) paused.push(await post(replicas[n % 2]!, authorization, { query: QUERY }))
      expect(paused.map((r) => [r.status, r.body?.errors])).toEqual(Array.from({ length: 4 }, () => [200, undefined]))
      // The command timeout (200 ms) plus the query itself; never the 10 s of a connection attempt.
      expect(Math.max(...paused.map((r) => r.ms))).toBeLessThan(2000)

      await redis.kill()
      const killed = []
      for (let n = 0; n < 2 * LIMIT + 2; n++) killed.push(await post(replicas[0]!, authorization, { query: QUERY }))
      expect(Math.max(...killed.map((r) => r.ms))).toBeLessThan(2000)
      console.log(
        `Redis paused: slowest answer ${Math.max(...paused.map((r) => r.ms))} ms; Redis killed: slowest ${Math.max(...killed.map((r) => r.ms))} ms, ${killed.filter((r) => r.status === 200).length} of ${killed.length} accepted by one replica's memory (limit ${LIMIT})`,
      )
      // Replica 0 took 2 of the paused requests: its memory refuses this caller after LIMIT in all.
      expect(killed.map((r) => r.status)).toEqual([
        ...Array.from({ length: LIMIT - 2 }, () => 200),
        ...Array.from({ length: LIMIT + 4 }, () => 429),
      ])
      expect(warn.mock.calls.map((call) => String(call[0]))).toEqual(
        expect.arrayContaining([expect.stringMatching(/Redis at 127\.0\.0\.1:\d+ .*counted in this replica's memory/)]),
      )
    } finally {
      warn.mockRestore()
    }
  })
})

describe('configuration', () => {
  test('REDIS_URL, RATE_LIMITS and the HTTP timeouts are read from the environment, and bad values refused', () => {
    expect(readGatewayConfig({}).rateLimits).toEqual({ redisUrl: undefined, redisCommandTimeoutMs: undefined })
    expect(readGatewayConfig({}).httpTimeouts).toEqual({})
    expect(
      readGatewayConfig({ REDIS_URL: 'redis://127.0.0.1:6390', REDIS_COMMAND_TIMEOUT_MS: '100' }).rateLimits,
    ).toEqual({ redisUrl: 'redis://127.0.0.1:6390', redisCommandTimeoutMs: 100 })
    expect(readGatewayConfig({ RATE_LIMITS: 'off' }).rateLimits).toBe(false)
    expect(
      readGatewayConfig({
        HTTP_HEADERS_TIMEOUT_MS: '5000',
        HTTP_REQUEST_TIMEOUT_MS: '20000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      }).httpTimeouts,
    ).toEqual({ headersTimeoutMs: 5000, requestTimeoutMs: 20000, keepAliveTimeoutMs: 65000 })
    expect(() => readGatewayConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL/)
    expect(() => readGatewayConfig({ RATE_LIMITS: 'maybe' })).toThrow(/RATE_LIMITS/)
    expect(() => readGatewayConfig({ HTTP_HEADERS_TIMEOUT_MS: '40000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS cannot be longer than HTTP_REQUEST_TIMEOUT_MS/,
    )
  })

  test('a caller with several roles gets the most generous of their budgets', () => {
    expect(governingCaller(['customer', 'analyst'] as Role[], 'graphql')).toBe('analyst')
    expect(governingCaller([], 'graphql')).toBe('anonymous')
  })
})
