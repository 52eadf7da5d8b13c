// Traces with OpenTelemetry, recorded in memory: a cross-domain query sent with a caller's `traceparent` is one
// trace, continued, with the gateway's span, each subgraph fetch and the subgraph's own span, the SQL it ran and
// the audit write of its denial; the trace id is the request id the response and the audit record carry; no
// span holds the token or a personal value. With tracing off, request ids keep the same shape.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { SpanKind } from '@opentelemetry/api'
import type { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ATTR_MESH_SERVICE, startInMemoryTracing, stopTracing } from '../lib/tracing'
import { startMesh, type RunningMesh } from './support/mesh'
import {
  activeSubscriptions,
  eventually,
  subscribeOverSse,
  subscribeOverWebSocket,
  wsClient,
} from './support/subscriptions'

let mesh: RunningMesh
let exporter: InMemorySpanExporter

beforeAll(async () => {
  exporter = startInMemoryTracing()
  mesh = await startMesh({ customers: 40 })
}, 420_000)

afterAll(async () => {
  await mesh?.stop()
  await stopTracing()
})

const CROSS_DOMAIN = `query CustomerOverview {
  customers(first: 3) { edges { node { id name ssn accounts { type balance } loans { product status } riskGrade } } }
}`

const RESULTS = path.resolve(__dirname, '..', 'test-results', 'tracing')

/** The trace as a tree (service, kind, name, attributes), for reading after a run. */
function writeTrace(file: string, spans: ReadableSpan[]): void {
  const children = (parent: string | undefined) =>
    spans.filter(
      (span) =>
        span.parentSpanContext?.spanId === parent ||
        (parent === undefined && !spans.some((other) => other.spanContext().spanId === span.parentSpanContext?.spanId)),
    )
  const lines: string[] = []
  const walk = (span: ReadableSpan, depth: number) => {
    lines.push(
      `${'  '.repeat(depth)}[${String(span.attributes[ATTR_MESH_SERVICE])}] ${SpanKind[span.kind]} ${span.name} ${JSON.stringify(span.attributes)}`,
    )
    for (const child of children(span.spanContext().spanId).sort(
      (a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1],
    ))
      walk(child, depth + 1)
  }
  for (const root of children(undefined)) walk(root, 0)
  mkdirSync(RESULTS, { recursive: true })
  writeFileSync(path.join(RESULTS, file), lines.join('\n') + '\n')
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex')

async function post(
  query: string,
  token: string,
  headers: Record<string, string> = {},
  variables?: Record<string, unknown>,
) {
  const response = await fetch(mesh.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query, variables }),
  })
  return { requestId: response.headers.get('x-request-id'), body: (await response.json()) as any }
}

/** The spans of one trace, once its root in this process (the gateway's request span) has ended. */
async function spansOf(traceId: string): Promise<ReadableSpan[]> {
  for (let waited = 0; waited < 5000; waited += 50) {
    const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId)
    if (spans.some((span) => span.attributes[ATTR_MESH_SERVICE] === 'gateway' && span.kind === SpanKind.SERVER))
      return spans
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no gateway span of trace ${traceId}`)
}

/** The spans of one trace once `complete` says all that is awaited has ended (at most 5 s). */
async function eventuallySpans(traceId: string, complete: (spans: ReadableSpan[]) => boolean): Promise<ReadableSpan[]> {
  let spans: ReadableSpan[] = []
  for (let waited = 0; waited < 5000; waited += 50) {
    spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId)
    if (complete(spans)) return spans
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`trace ${traceId} incomplete: ${spans.map((span) => span.name).join(', ')}`)
}

async function book(accountId: string): Promise<string> {
  const response = await mesh.query<{ recordTransaction: { id: string } }>(
    'mutation Book($input: RecordTransactionInput!) { recordTransaction(input: $input) { id } }',
    {
      input: { accountId, type: 'WITHDRAWAL', amount: '12.50', description: 'ATM cash withdrawal', channel: 'ATM' },
    },
    { authorization: `Bearer ${await mesh.token({ role: 'customer_service' })}` },
  )
  expect(response.errors).toBeUndefined()
  return response.data!.recordTransaction.id
}

const serviceOf = (span: ReadableSpan) => span.attributes[ATTR_MESH_SERVICE]
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId
const attributeText = (spans: ReadableSpan[]) =>
  spans.flatMap((span) => [span.name, ...Object.values(span.attributes).map(String)]).join('\n')

describe('traces with OpenTelemetry', () => {
  test("a cross-domain query continues the caller's trace: gateway, subgraph fetches, their SQL and the audit write of its denial", async () => {
    const traceId = hex(16)
    const callerSpanId = hex(8)
    const token = await mesh.token({ role: 'analyst', subject: 'tracing-analyst@example.com' })
    const answer = await post(CROSS_DOMAIN, token, { traceparent: `00-${traceId}-${callerSpanId}-01` })
    expect(answer.body.errors?.map((error: any) => error.extensions?.code)).toEqual(
      expect.arrayContaining(['FORBIDDEN']),
    )
    expect(answer.body.data.customers.edges.length).toBe(3)
    // The trace id is the request id: the response's, and the audit record's of the denial.
    expect(answer.requestId).toBe(traceId)
    const recorded = await mesh.databases.audit.query<{ requestId: string }>(
      'SELECT "requestId" FROM "AccessDenial" WHERE subject = $1',
      ['tracing-analyst@example.com'],
    )
    // One denial per customer's SSN, all under this request's id.
    expect(recorded.map((row) => row.requestId)).toEqual([traceId, traceId, traceId])

    const spans = await spansOf(traceId)
    writeTrace('cross-domain.txt', spans)
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]))
    // The gateway's span is the caller's span's child, and names the operation and the caller's role.
    const request = spans.find((span) => serviceOf(span) === 'gateway' && span.kind === SpanKind.SERVER)!
    expect(parentOf(request)).toBe(callerSpanId)
    expect(request.name).toBe('query CustomerOverview')
    expect(request.attributes).toMatchObject({
      'graphql.operation.name': 'CustomerOverview',
      'graphql.operation.type': 'query',
      'mesh.caller.role': 'analyst',
      'mesh.channel': 'api',
      'http.response.status_code': 200,
    })
    // Every other span descends from it: one trace.
    const descends = (span: ReadableSpan): boolean =>
      span === request || (byId.has(parentOf(span) ?? '') && descends(byId.get(parentOf(span)!)!))
    for (const span of spans) expect(descends(span)).toBe(true)

    // A client span per subgraph fetch, and the subgraph's server span under it.
    for (const product of ['customers', 'transactions', 'loans', 'risk']) {
      const fetches = spans.filter(
        (span) =>
          span.kind === SpanKind.CLIENT && span.attributes['mesh.product'] === product && serviceOf(span) === 'gateway',
      )
      expect(fetches.length).toBeGreaterThanOrEqual(1)
      expect(fetches[0]!.attributes).toMatchObject({ 'mesh.outcome': 'ok', 'http.response.status_code': 200 })
      expect(String(fetches[0]!.attributes['url.full'])).toBe(
        mesh.subgraphUrls[product as keyof typeof mesh.subgraphUrls],
      )
      const served = spans.filter((span) => serviceOf(span) === product && span.kind === SpanKind.SERVER)
      expect(served.length).toBe(fetches.length)
      for (const span of served) expect(fetches.map((fetch) => fetch.spanContext().spanId)).toContain(parentOf(span))
      expect(served[0]!.attributes).toMatchObject({ 'mesh.caller.role': 'analyst', 'mesh.channel': 'api' })
    }
    expect(new Set(spans.map(serviceOf)).size).toBeGreaterThanOrEqual(5)

    // The SQL each product ran, under its own server span: parameterised statements.
    const sql = spans.filter((span) => span.attributes['db.system'] === 'postgresql')
    for (const product of ['customers', 'transactions', 'loans']) {
      const statements = sql.filter((span) => serviceOf(span) === product)
      expect(statements.length).toBeGreaterThanOrEqual(1)
      expect(statements[0]!.attributes['db.statement']).toMatch(/^\s*SELECT\b/i)
      expect(statements[0]!.kind).toBe(SpanKind.CLIENT)
      expect(serviceOf(byId.get(parentOf(statements[0]!)!)!)).toBe(product)
    }
    expect(sql.some((span) => /\$1\b/.test(String(span.attributes['db.statement'])))).toBe(true)

    // The denial's audit write: the gateway's client span, the audit service's span under it, and its INSERT.
    const auditWrite = spans.find((span) => span.name === 'audit write denials')!
    expect(auditWrite.attributes).toMatchObject({
      [ATTR_MESH_SERVICE]: 'gateway',
      'mesh.product': 'audit',
      'mesh.audit.records': 3,
    })
    expect(parentOf(auditWrite)).toBe(request.spanContext().spanId)
    const auditServed = spans.find((span) => serviceOf(span) === 'audit' && span.kind === SpanKind.SERVER)!
    expect(parentOf(auditServed)).toBe(auditWrite.spanContext().spanId)
    expect(
      sql.some((span) => serviceOf(span) === 'audit' && /^\s*INSERT\b/i.test(String(span.attributes['db.statement']))),
    ).toBe(true)

    // Neither the token nor anything answered (names, balances) is in any span.
    const text = attributeText(spans)
    expect(text).not.toContain(token)
    expect(text).not.toMatch(/Bearer|eyJ/)
    for (const { node } of answer.body.data.customers.edges) {
      expect(text).not.toContain(node.name)
      expect(text).not.toContain(node.id)
    }
  })

  test('a granted read of an SSN is traced to its restricted-access audit write, with no SSN, customer id or credit score in any span', async () => {
    const [customer] = await mesh.databases.customers.query<{ id: string }>(
      'SELECT id FROM "Customer" ORDER BY id LIMIT 1 OFFSET 5',
    )
    const token = await mesh.token({ role: 'compliance_officer', subject: 'tracing-compliance@example.com' })
    const answer = await post(
      'query WhoIs($id: ID!) { customer(id: $id) { name ssn creditScore } }',
      token,
      {},
      { id: customer!.id },
    )
    expect(answer.body.errors).toBeUndefined()
    expect(answer.body.data.customer.ssn).toMatch(/^\d{3}-\d{2}-\d{4}$/)
    // Without a caller's trace, the gateway starts one, and its id is the request id.
    expect(answer.requestId).toMatch(/^[0-9a-f]{32}$/)
    const spans = await spansOf(answer.requestId!)
    const request = spans.find((span) => serviceOf(span) === 'gateway' && span.kind === SpanKind.SERVER)!
    expect(request.parentSpanContext).toBeUndefined()
    expect(request.attributes).toMatchObject({
      'graphql.operation.name': 'WhoIs',
      'mesh.caller.role': 'compliance_officer',
    })
    // The SSN (customers) and the credit score (risk): each product records its own granted read, in this trace.
    const auditWrites = spans.filter((span) => span.name === 'audit write restricted_access')
    expect(auditWrites.map(serviceOf).sort()).toEqual(['customers', 'risk'])
    for (const auditWrite of auditWrites) {
      expect(auditWrite.attributes).toMatchObject({ 'mesh.product': 'audit', 'mesh.audit.records': 1 })
      expect(
        spans.some(
          (span) =>
            serviceOf(span) === 'audit' &&
            span.kind === SpanKind.SERVER &&
            parentOf(span) === auditWrite.spanContext().spanId,
        ),
      ).toBe(true)
    }
    const records = await mesh.databases.audit.query<{ requestId: string }>(
      'SELECT "requestId" FROM "RestrictedAccess" WHERE subject = $1',
      ['tracing-compliance@example.com'],
    )
    expect(new Set(records.map((row) => row.requestId))).toEqual(new Set([answer.requestId]))

    const text = attributeText(spans)
    for (const value of [
      token,
      answer.body.data.customer.ssn,
      answer.body.data.customer.name,
      customer!.id,
      `: ${answer.body.data.customer.creditScore}`,
    ])
      expect(text).not.toContain(String(value))
  })

  test('a chat question is one trace: its request span, each operation the agent ran, their fetches, all under the request id', async () => {
    const traceId = hex(16)
    const token = await mesh.token({ role: 'analyst', subject: 'tracing-chat@example.com' })
    const response = await fetch(mesh.gatewayUrl.replace(/\/graphql$/, '/chat'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        traceparent: `00-${traceId}-${hex(8)}-01`,
      },
      body: JSON.stringify({ question: 'What is the risk grade distribution?' }),
    })
    expect(response.status).toBe(200)
    let spans: ReadableSpan[] = []
    for (let waited = 0; waited < 5000 && !spans.some((span) => span.name === 'POST /chat'); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId)
    }
    writeTrace('chat.txt', spans)
    const request = spans.find((span) => span.name === 'POST /chat')!
    expect(request.attributes).toMatchObject({ [ATTR_MESH_SERVICE]: 'gateway', 'http.response.status_code': 200 })
    const operations = spans.filter(
      (span) => span.name !== 'POST /chat' && serviceOf(span) === 'gateway' && span.kind === SpanKind.SERVER,
    )
    expect(operations.length).toBeGreaterThanOrEqual(1)
    for (const operation of operations) {
      expect(operation.attributes).toMatchObject({
        'mesh.caller.role': 'analyst',
        'mesh.channel': 'chat',
        'mesh.request_id': traceId,
      })
    }
    expect(spans.some((span) => serviceOf(span) === 'risk' && span.attributes['db.system'] === 'postgresql')).toBe(true)
    expect(attributeText(spans)).not.toContain(token)
  })

  test("a subscription over graphql-ws continues the traceparent of its subscribe message: its span, the upstream subscription in the subgraph, each event's query and its denial's audit record", async () => {
    const traceId = hex(16)
    const callerSpanId = hex(8)
    const subject = 'tracing-subscriber@example.com'
    const [account] = await mesh.databases.transactions.query<{ id: string }>(
      `SELECT id FROM "Account" WHERE status = 'OPEN' AND type = 'CHECKING' ORDER BY id LIMIT 1`,
    )
    const client = wsClient(mesh.gatewayUrl, `Bearer ${await mesh.token({ role: 'analyst', subject })}`)
    const watched =
      'subscription Watched($filter: TransactionFilter) { transactionAdded(filter: $filter) { id amount customer { id ssn } } }'
    const live = subscribeOverWebSocket(
      client,
      watched,
      { filter: { accountId: account!.id } },
      { traceparent: `00-${traceId}-${callerSpanId}-01` },
    )
    try {
      await eventually(() => activeSubscriptions(mesh.subgraphUrls.transactions), 1)
      await book(account!.id)
      const [event] = await live.waitFor(1)
      expect(event!.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN'])
    } finally {
      live.stop()
      await client.dispose()
    }
    const spans = await eventuallySpans(
      traceId,
      (found) =>
        found.some((span) => span.name === 'subscription Watched') &&
        found.some((span) => span.name === 'subscription transactionAdded'),
    )
    writeTrace('subscription.txt', spans)
    const byName = (name: string) => spans.filter((span) => span.name === name)
    const [subscription] = byName('subscription Watched')
    expect(subscription!.kind).toBe(SpanKind.SERVER)
    expect(parentOf(subscription!)).toBe(callerSpanId)
    expect(subscription!.attributes).toMatchObject({
      [ATTR_MESH_SERVICE]: 'gateway',
      'graphql.operation.type': 'subscription',
      'mesh.caller.role': 'analyst',
      'mesh.transport': 'websocket',
    })
    // The upstream subscription: the gateway's client span, and the transactions subgraph's server span under it.
    const [upstream] = byName('subscribe transactions')
    expect(upstream!.kind).toBe(SpanKind.CLIENT)
    expect(parentOf(upstream!)).toBe(subscription!.spanContext().spanId)
    const [served] = byName('subscription transactionAdded')
    expect(served!.attributes).toMatchObject({ [ATTR_MESH_SERVICE]: 'transactions', 'mesh.caller.role': 'analyst' })
    expect(parentOf(served!)).toBe(upstream!.spanContext().spanId)
    // The event's query: a span under the subscription's, with its fetches and the denial's audit write under it.
    const eventQuery = spans.find(
      (span) => serviceOf(span) === 'gateway' && span.kind === SpanKind.SERVER && span.name === 'query Watched',
    )!
    expect(parentOf(eventQuery)).toBe(subscription!.spanContext().spanId)
    expect(
      spans.some((span) => span.name === 'fetch customers' && parentOf(span) === eventQuery.spanContext().spanId),
    ).toBe(true)
    expect(
      spans.some((span) => span.name === 'audit write denials' && parentOf(span) === eventQuery.spanContext().spanId),
    ).toBe(true)
    // The subscription's request id is its trace id: the event's denial is recorded under it.
    const recorded = await mesh.databases.audit.query<{ requestId: string }>(
      'SELECT "requestId" FROM "AccessDenial" WHERE subject = $1',
      [subject],
    )
    expect(recorded.map((row) => row.requestId)).toEqual([traceId])
    expect(attributeText(spans)).not.toMatch(/Bearer|eyJ/)
  })

  test("a query over graphql-ws and a subscription over SSE each get one span of their own, in the caller's trace", async () => {
    const token = await mesh.token({ role: 'analyst' })
    const overWebSocket = hex(16)
    const client = wsClient(mesh.gatewayUrl, `Bearer ${token}`)
    const live = subscribeOverWebSocket(client, 'query Counted { customers(first: 1) { totalCount } }', undefined, {
      traceparent: `00-${overWebSocket}-${hex(8)}-01`,
    })
    try {
      const [answer] = await live.waitFor(1)
      expect(answer!.errors).toBeUndefined()
    } finally {
      await client.dispose()
    }
    const queried = await eventuallySpans(overWebSocket, (found) => found.some((span) => span.name === 'query Counted'))
    const servers = queried.filter((span) => serviceOf(span) === 'gateway' && span.kind === SpanKind.SERVER)
    expect(servers.map((span) => span.name)).toEqual(['query Counted'])
    expect(servers[0]!.attributes).toMatchObject({ 'mesh.transport': 'websocket', 'mesh.outcome': 'ok' })
    expect(
      queried.some((span) => span.name === 'fetch customers' && parentOf(span) === servers[0]!.spanContext().spanId),
    ).toBe(true)

    const overSse = hex(16)
    const stream = await subscribeOverSse(mesh.gatewayUrl, 'subscription Streamed { transactionAdded { id } }', {
      authorization: `Bearer ${token}`,
      traceparent: `00-${overSse}-${hex(8)}-01`,
    })
    expect(stream.status).toBe(200)
    await eventually(() => activeSubscriptions(mesh.subgraphUrls.transactions), 1)
    stream.stop()
    const streamed = await eventuallySpans(overSse, (found) =>
      found.some((span) => span.name === 'subscription Streamed'),
    )
    expect(streamed.find((span) => span.name === 'subscription Streamed')!.attributes).toMatchObject({
      'mesh.transport': 'sse',
      'mesh.caller.role': 'analyst',
    })
    await eventually(() => activeSubscriptions(mesh.subgraphUrls.transactions), 0)
  })

  test("a caller outside TRACE_TRUSTED_NETWORKS gets a trace and request id of the gateway's, linked to the traceparent it sent", async () => {
    const strict = await mesh.startGateway({ traceTrustedNetworks: [] })
    const sentTrace = hex(16)
    const sentSpan = hex(8)
    const token = await mesh.token({ role: 'analyst', subject: 'tracing-untrusted@example.com' })
    const response = await fetch(strict.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        traceparent: `00-${sentTrace}-${sentSpan}-01`,
      },
      body: JSON.stringify({ query: 'query Probe { customers(first: 1) { edges { node { id ssn } } } }' }),
    })
    const requestId = response.headers.get('x-request-id')!
    expect(requestId).toMatch(/^[0-9a-f]{32}$/)
    expect(requestId).not.toBe(sentTrace)
    const spans = await spansOf(requestId)
    const request = spans.find((span) => serviceOf(span) === 'gateway' && span.kind === SpanKind.SERVER)!
    expect(request.parentSpanContext).toBeUndefined()
    expect(request.links.map((link) => [link.context.traceId, link.context.spanId])).toEqual([[sentTrace, sentSpan]])
    // The denial is recorded under the gateway's id, not the one the caller sent.
    const recorded = await mesh.databases.audit.query<{ requestId: string }>(
      'SELECT "requestId" FROM "AccessDenial" WHERE subject = $1',
      ['tracing-untrusted@example.com'],
    )
    expect(recorded.map((row) => row.requestId)).toEqual([requestId])
    expect(exporter.getFinishedSpans().some((span) => span.spanContext().traceId === sentTrace)).toBe(false)
  })

  test('with tracing off, no span is recorded and request ids are random ones of the same shape', async () => {
    await stopTracing()
    const before = exporter.getFinishedSpans().length
    const traceId = hex(16)
    const token = await mesh.token({ role: 'analyst' })
    const answer = await post('query Count { customers(first: 1) { totalCount } }', token, {
      traceparent: `00-${traceId}-${hex(8)}-01`,
    })
    expect(answer.body.errors).toBeUndefined()
    expect(answer.requestId).toMatch(/^[0-9a-f]{32}$/)
    expect(answer.requestId).not.toBe(traceId)
    expect(exporter.getFinishedSpans().length).toBe(before)
  })
})
