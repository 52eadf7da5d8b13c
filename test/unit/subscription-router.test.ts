// The gateway's subscription router over a small in-process upstream (graphql-ws on port 0) and a stub
// executor: results keep the upstream's order, and each way a subscription ends reaches the client as one
// last result with a stable code and lets the shared upstream subscription go.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { buildSchema, parse, type ExecutionResult, type GraphQLFieldConfig } from 'graphql'
import { useServer } from 'graphql-ws/use/ws'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { createSubscriptionRouter, type SubscriptionRouter } from '../../gateway/streaming/subscriptions'
import { createEventQueue, type EventQueue } from '../../lib/event-queue'
import type { Identity } from '../../rules/identity'

const schema = buildSchema('type Query { tick(id: ID!): Tick } type Tick { id: ID! } type Subscription { ticks: Tick }')
/** The upstream's open subscriptions: the test pushes each one's ticks. */
const upstream: EventQueue<{ ticks: { id: string } }>[] = []
;(schema.getSubscriptionType()!.getFields().ticks as unknown as GraphQLFieldConfig<unknown, unknown>).subscribe =
  () => {
    const ticks = createEventQueue<{ ticks: { id: string } }>()
    upstream.push(ticks)
    return ticks
  }

let sockets: WebSocketServer
let stopUpstream: () => Promise<void>
let url: string

beforeAll(async () => {
  sockets = new WebSocketServer({ port: 0, host: '127.0.0.1', path: '/graphql' })
  await new Promise((resolve) => sockets.once('listening', resolve))
  const server = useServer({ schema }, sockets)
  stopUpstream = async () => {
    await server.dispose()
  }
  url = `http://127.0.0.1:${(sockets.address() as AddressInfo).port}/graphql`
})
afterAll(async () => {
  await stopUpstream?.()
  for (const socket of sockets?.clients ?? []) socket.terminate()
  await new Promise((resolve) => sockets?.close(resolve))
  // graphql-ws's client keeps its lazy-close timer (the router's 1 s) past dispose: let it run out here.
  await new Promise((resolve) => setTimeout(resolve, 1100))
})

const analyst: Identity = { subject: 'analyst@example.com', roles: ['analyst'], channel: 'api' }
const SUBSCRIPTION = parse('subscription { ticks { id } }')

/** A router with one route (Subscription.ticks, resolved by Query.tick) whose event queries `answer` resolves. */
function routerFor(answer: (key: string) => Promise<ExecutionResult>, maxBacklog?: number): SubscriptionRouter {
  const route = {
    field: 'ticks',
    subgraph: 'clock',
    typeName: 'Tick',
    keyField: 'id',
    lookupField: 'tick',
    keyArgumentType: 'ID!',
  }
  return createSubscriptionRouter({
    supergraph: () => ({ routes: new Map([['ticks', route]]), replicas: { clock: [url] } }),
    internalSecret: 'not-checked-by-this-upstream',
    execute: (request) => answer(String(request.variables.eventKey)),
    recordDenials: async () => undefined,
    maxBacklog,
  })
}

/** Waits until the router has opened its upstream subscription; returns the upstream's side of it. */
async function upstreamOpened(count: number): Promise<EventQueue<{ ticks: { id: string } }>> {
  for (let waited = 0; upstream.length < count; waited += 10) {
    if (waited > 5000) throw new Error('the router did not subscribe upstream within 5 s')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return upstream[count - 1]!
}

async function until(condition: () => boolean, what: string) {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5000) throw new Error(`${what} did not happen within 5 s`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

test("results keep the upstream's order though a later event's query answers first; the upstream's end is the last result", async () => {
  const router = routerFor(
    (key) =>
      new Promise((resolve) => setTimeout(() => resolve({ data: { ticks: { id: key } } }), key === '1' ? 100 : 0)),
  )
  try {
    const results = router.subscribe(SUBSCRIPTION, {}, undefined, analyst)
    const first = results.next()
    const ticks = await upstreamOpened(upstream.length + 1)
    for (const id of ['1', '2', '3']) ticks.push({ ticks: { id } })
    ticks.end()
    const received = [await first, await results.next(), await results.next()].map(
      (result) => (result.value as ExecutionResult).data,
    )
    expect(received).toEqual([{ ticks: { id: '1' } }, { ticks: { id: '2' } }, { ticks: { id: '3' } }])
    expect(((await results.next()).value as ExecutionResult).errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE')
    expect(await results.next()).toEqual({ value: undefined, done: true })
    expect(router.upstreamCount).toBe(0)
  } finally {
    await router.close()
  }
})

test('a subscriber more than the backlog behind gets one LIMIT_EXCEEDED result, then nothing, and the upstream subscription is let go', async () => {
  const router = routerFor(async (key) => ({ data: { ticks: { id: key } } }), 2)
  try {
    const results = router.subscribe(SUBSCRIPTION, {}, undefined, analyst)
    const pending = results.next()
    const ticks = await upstreamOpened(upstream.length + 1)
    ticks.push({ ticks: { id: '0' } })
    expect(((await pending).value as ExecutionResult).data).toEqual({ ticks: { id: '0' } })
    // The subscriber reads nothing more while four events come: two wait, the third is one too many.
    for (const id of ['1', '2', '3', '4']) ticks.push({ ticks: { id } })
    await until(() => router.upstreamCount === 0, 'letting the upstream subscription go')
    const last = (await results.next()).value as ExecutionResult
    expect(last.data).toBeUndefined()
    expect(last.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ['LIMIT_EXCEEDED', 'The subscriber fell more than 2 events behind and was disconnected; subscribe again'],
    ])
    expect(await results.next()).toEqual({ value: undefined, done: true })
  } finally {
    await router.close()
  }
})

test('a subscription ends with UNAUTHENTICATED when the token that opened it expires, and lets its upstream go', async () => {
  const router = routerFor(async (key) => ({ data: { ticks: { id: key } } }))
  try {
    const results = router.subscribe(SUBSCRIPTION, {}, undefined, { ...analyst, expiresAt: Date.now() + 300 })
    const pending = results.next()
    await upstreamOpened(upstream.length + 1)
    expect(router.upstreamCount).toBe(1)
    expect(((await pending).value as ExecutionResult).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    expect(await results.next()).toEqual({ value: undefined, done: true })
    expect(router.upstreamCount).toBe(0)
  } finally {
    await router.close()
  }
})

test("the client's return lets the upstream subscription go at once, even while its read waits", async () => {
  const router = routerFor(async (key) => ({ data: { ticks: { id: key } } }))
  try {
    const results = router.subscribe(SUBSCRIPTION, {}, undefined, analyst)
    const pending = results.next()
    await upstreamOpened(upstream.length + 1)
    await results.return!()
    expect(router.upstreamCount).toBe(0)
    expect(await pending).toEqual({ value: undefined, done: true })
  } finally {
    await router.close()
  }
})
