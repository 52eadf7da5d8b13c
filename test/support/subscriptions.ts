// Test clients of the gateway's streaming transports: graphql-ws over WebSocket and graphql-sse over HTTP.
import type { ExecutionResult } from 'graphql'
import { createClient, type Client } from 'graphql-ws'
import WebSocket from 'ws'

type Result = ExecutionResult<Record<string, unknown>, Record<string, unknown>>

/** A running subscription: results as they arrive, how it ended, and a way to wait for the next one. */
export interface LiveSubscription {
  results: Result[]
  /** Set once the stream ended: 'complete', or the error it ended with. */
  ended?: 'complete' | unknown
  /** Waits until `count` results have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<Result[]>
  stop(): void
}

function liveSubscription(
  stop: () => void,
): LiveSubscription & { push(result: Result): void; end(how: unknown): void } {
  const waiters: (() => void)[] = []
  const live = {
    results: [] as Result[],
    ended: undefined as unknown,
    push(result: Result) {
      live.results.push(result)
      for (const wake of waiters.splice(0)) wake()
    },
    end(how: unknown) {
      live.ended = how
      for (const wake of waiters.splice(0)) wake()
    },
    async waitFor(count: number, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (live.results.length < count) {
        if (live.ended !== undefined)
          throw new Error(
            `The subscription ended (${describe(live.ended)}) after ${live.results.length} of ${count} results: ${JSON.stringify(live.results)}`,
          )
        const left = deadline - Date.now()
        if (left <= 0)
          throw new Error(`Timed out after ${timeoutMs} ms with ${live.results.length} of ${count} results`)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left)
          waiters.push(() => {
            clearTimeout(timer)
            resolve()
          })
        })
      }
      return live.results.slice(0, count)
    },
    stop,
  }
  return live
}

function describe(how: unknown): string {
  if (how === 'complete') return 'complete'
  if (how && typeof how === 'object' && 'code' in how)
    return `closed ${(how as { code: number }).code} ${(how as { reason?: string }).reason ?? ''}`
  return JSON.stringify(how)
}

/** The gateway's WebSocket URL for its HTTP GraphQL URL. */
export function webSocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws')
}

/** A graphql-ws client of the gateway; `authorization` goes in the connection_init payload. */
export function wsClient(
  gatewayUrl: string,
  authorization?: string,
): Client & { closes: { code: number; reason: string }[] } {
  const closes: { code: number; reason: string }[] = []
  const client = createClient({
    url: webSocketUrl(gatewayUrl),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: authorization ? { authorization } : {},
    on: {
      closed: (event) =>
        void closes.push({
          code: (event as { code: number }).code,
          reason: String((event as { reason: unknown }).reason),
        }),
    },
  })
  return Object.assign(client, { closes })
}

/** Subscribes over graphql-ws and collects what arrives; `extensions` go in the subscribe message (a `traceparent`). */
export function subscribeOverWebSocket(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
  extensions?: Record<string, unknown>,
): LiveSubscription {
  let unsubscribe = () => {}
  const live = liveSubscription(() => unsubscribe())
  unsubscribe = client.subscribe<Record<string, unknown>, Record<string, unknown>>(
    { query, variables, ...(extensions && { extensions }) },
    {
      next: (result) => live.push(result as Result),
      error: (error) => live.end(error),
      complete: () => live.end('complete'),
    },
  )
  return live
}

/** Subscribes over Server-Sent Events (graphql-sse, distinct connections mode) and collects what arrives. */
export async function subscribeOverSse(
  gatewayUrl: string,
  query: string,
  headers: Record<string, string>,
  variables?: Record<string, unknown>,
): Promise<LiveSubscription & { status: number; body?: unknown }> {
  const abort = new AbortController()
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  })
  const live = liveSubscription(() => abort.abort())
  if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    live.end('complete')
    return Object.assign(live, { status: response.status, body: await response.json() })
  }
  void (async () => {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event = /^event: *(.*)$/m.exec(message)?.[1]
          const data = message
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n')
          if (event === 'next' && data) live.push(JSON.parse(data) as Result)
          if (event === 'complete') live.end('complete')
        }
      }
      live.end('complete')
    } catch (error) {
      live.end(error)
    }
  })()
  return Object.assign(live, { status: response.status })
}

/** Reads a subgraph's graphql_subscriptions_active gauge from its /metrics. */
export async function activeSubscriptions(subgraphUrl: string): Promise<number> {
  const text = await (await fetch(subgraphUrl.replace(/\/graphql$/, '/metrics'))).text()
  const match = /^graphql_subscriptions_active(?:\{[^}]*\})? (\d+)/m.exec(text)
  return match ? Number(match[1]) : 0
}

/** The subscriptions a subgraph serves once the count has stayed the same for a second (at most 15 s). */
export async function settledSubscriptions(subgraphUrl: string): Promise<number> {
  let last = await activeSubscriptions(subgraphUrl)
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const now = await activeSubscriptions(subgraphUrl)
    if (now === last) return now
    last = now
  }
  return last
}

/** Waits until `probe` returns `expected` (polling), or fails with the last value seen. */
export async function eventually<T>(probe: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last: T
  do {
    last = await probe()
    if (last === expected) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  } while (Date.now() < deadline)
  throw new Error(`Expected ${String(expected)}, still ${String(last)} after ${timeoutMs} ms`)
}
