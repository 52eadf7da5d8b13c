// Slow and greedy clients meet the gateway's HTTP read timeouts and per-caller stream caps: a client that
// trickles its headers or body is cut with 408, an idle keep-alive connection is closed, and a caller
// holding too many WebSocket connections, SSE streams or subscriptions is refused with RATE_LIMITED.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { Client } from 'graphql-ws'
import { randomUUID } from 'node:crypto'
import net from 'node:net'
import { RATE_LIMITS } from '../rules/rate-limits'
import { startMesh, type RunningMesh } from './support/mesh'
import { subscribeOverWebSocket, wsClient, type LiveSubscription } from './support/subscriptions'

const HEADERS_TIMEOUT_MS = 1000
const REQUEST_TIMEOUT_MS = 2000
const KEEP_ALIVE_TIMEOUT_MS = 500
const NODE_KEEP_ALIVE_BUFFER_MS = 1000
/** How often Node checks the two read timeouts (the gateway sets it to at most 1 s). */
const CHECK_INTERVAL_MS = 1000

let mesh: RunningMesh
let url: string
let port: number

beforeAll(async () => {
  mesh = await startMesh({ customers: 20 })
  const gateway = await mesh.startGateway({
    httpTimeouts: {
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
    },
    rateLimits: {
      limits: { analyst: { ...RATE_LIMITS.analyst, concurrentConnections: 2, concurrentSubscriptions: 3 } },
    },
  })
  url = gateway.url
  port = Number(new URL(url).port)
})
afterAll(() => mesh?.stop())

interface RawExchange {
  response: string
  /** When the server closed the connection, from the first byte sent. */
  closedAfterMs: number
}

/** Sends `parts` over a raw TCP connection, each after its delay, and reads until the server closes it. */
function rawExchange(parts: { afterMs: number; data: string }[]): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const started = Date.now()
    let response = ''
    let closed = false
    const safety = setTimeout(() => {
      socket.destroy()
      reject(new Error(`The server held the connection for 15 s; it answered ${JSON.stringify(response)}`))
    }, 15_000)
    socket.on('data', (chunk) => void (response += chunk.toString()))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      closed = true
      clearTimeout(safety)
      resolve({ response, closedAfterMs: Date.now() - started })
    })
    socket.once('connect', async () => {
      for (const part of parts) {
        await new Promise((wait) => setTimeout(wait, part.afterMs))
        if (closed) return
        socket.write(part.data)
      }
    })
  })
}

const trickle = (text: string, everyMs: number) => [...text].map((data) => ({ afterMs: everyMs, data }))

describe('slow clients', () => {
  test('a client trickling its body is answered 408 and cut within the request timeout', async () => {
    const body = JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(100) })
    const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
    const { response, closedAfterMs } = await rawExchange([{ afterMs: 0, data: head }, ...trickle(body, 100)])
    expect(response).toMatch(/^HTTP\/1\.1 408 /)
    expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100)
    expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + CHECK_INTERVAL_MS + 1000)
  })

  test('a client trickling its headers is answered 408 and cut within the headers timeout', async () => {
    const { response, closedAfterMs } = await rawExchange([
      { afterMs: 0, data: 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n' },
      ...Array.from({ length: 40 }, (_, n) => ({ afterMs: 100, data: `X-Slow-${n}: 1\r\n` })),
    ])
    expect(response).toMatch(/^HTTP\/1\.1 408 /)
    expect(closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_MS + CHECK_INTERVAL_MS + 1000)
  })

  test('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const { response, closedAfterMs } = await rawExchange([
      { afterMs: 0, data: 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' },
    ])
    expect(response).toMatch(/^HTTP\/1\.1 200 /)
    expect(response).toMatch(/Keep-Alive: timeout=\d/i)
    expect(closedAfterMs).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 100)
    // Node waits a second past the timeout it announces, so that a request sent just in time is not lost.
    expect(closedAfterMs).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS + NODE_KEEP_ALIVE_BUFFER_MS + 1000)
  })

  test('a client pausing briefly mid-body is answered as usual', async () => {
    const body = JSON.stringify({ query: '{ __typename }' })
    const head = `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`
    const { response } = await rawExchange([
      { afterMs: 0, data: head + body.slice(0, 5) },
      { afterMs: 400, data: body.slice(5) },
    ])
    expect(response).toMatch(/^HTTP\/1\.1 200 /)
    expect(response).toContain('{"data":{"__typename":"Query"}}')
  })
})

const SUBSCRIPTION = 'subscription { transactionAdded { id } }'

/** Opens a subscription on a fresh connection; resolves once the gateway accepted the connection, or it was closed. */
async function openConnection(authorization: string): Promise<{
  client: Client & { closes: { code: number; reason: string }[] }
  live: LiveSubscription
  accepted: boolean
}> {
  const client = wsClient(url, authorization)
  const accepted = new Promise<boolean>((resolve) => {
    client.on('connected', () => resolve(true))
    client.on('closed', () => resolve(false))
  })
  const live = subscribeOverWebSocket(client, SUBSCRIPTION)
  return { client, live, accepted: await accepted }
}

describe('greedy clients', () => {
  const analyst = async (subject: string) => `Bearer ${await mesh.token({ role: 'analyst', subject })}`

  test("a caller's connection over the cap is closed with 4429 and RATE_LIMITED, an SSE stream over it answers 429, another caller still connects, and closing one lets the next in", async () => {
    const authorization = await analyst(`greedy-${randomUUID()}`)
    const first = await openConnection(authorization)
    const second = await openConnection(authorization)
    expect([first.accepted, second.accepted]).toEqual([true, true])

    const third = await openConnection(authorization)
    expect(third.accepted).toBe(false)
    expect(third.client.closes).toEqual([
      {
        code: 4429,
        reason: expect.stringMatching(
          /^RATE_LIMITED: Too many open WebSocket connections and SSE streams: the analyst role may hold 2 at once/,
        ),
      },
    ])

    const sse = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization },
      body: JSON.stringify({ query: SUBSCRIPTION }),
    })
    expect(sse.status).toBe(429)
    expect(Number(sse.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(((await sse.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'RATE_LIMITED',
    )

    const colleague = await openConnection(await analyst(`colleague-${randomUUID()}`))
    expect(colleague.accepted).toBe(true)

    await first.client.dispose()
    let next = await openConnection(authorization)
    for (let attempt = 0; !next.accepted && attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      next = await openConnection(authorization)
    }
    expect(next.accepted).toBe(true)
    for (const client of [second.client, colleague.client, next.client]) await client.dispose()
  })

  test("a subscription over the caller's concurrent cap gets graphql-ws's error with RATE_LIMITED; ending one makes room", async () => {
    const client = wsClient(url, await analyst(`subscriber-${randomUUID()}`))
    try {
      const lives = [
        subscribeOverWebSocket(client, SUBSCRIPTION),
        subscribeOverWebSocket(client, SUBSCRIPTION),
        subscribeOverWebSocket(client, SUBSCRIPTION),
      ]
      const fourth = subscribeOverWebSocket(client, SUBSCRIPTION)
      const until = Date.now() + 10_000
      while (fourth.ended === undefined && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25))
      expect(fourth.ended).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/Too many open subscriptions: the analyst role may hold 3 at once/),
          extensions: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) },
        }),
      ])
      expect(lives.map((live) => live.ended)).toEqual([undefined, undefined, undefined])

      lives[0]!.stop()
      let again = subscribeOverWebSocket(client, SUBSCRIPTION)
      for (let attempt = 0; attempt < 20; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 150))
        if (again.ended === undefined) break
        again = subscribeOverWebSocket(client, SUBSCRIPTION)
      }
      expect(again.ended).toBeUndefined()
    } finally {
      await client.dispose()
    }
  })
})
