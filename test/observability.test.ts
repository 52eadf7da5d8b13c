// Metrics and logs on real processes: `npm start` with its services' JSON lines passed through (LOG_FORMAT=json),
// every caller free to send its own operations (no rate limits, no trusted-documents enforcement).
// A cross-domain query shows in the gateway's /metrics by operation and outcome, with each subgraph's fetch
// latency and the audit write a denial causes; the Grafana dashboard asks only for metrics a scrape has; a
// session of every role leaves one JSON line per request at the gateway, and no token, SSN or credit score in
// any service's log.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROLES, type Role } from '../rules/identity'
import { issueDevelopmentToken } from '../gateway/core/development-tokens'
import { startMeshWithNpmStart, stopMesh, type StartedMesh } from './support/npm-start'

const RESULTS = path.resolve(__dirname, '..', 'test-results', 'observability')
let mesh: StartedMesh
let jwtSecret: string

beforeAll(async () => {
  mesh = await startMeshWithNpmStart({
    customers: 100,
    apiOnly: true,
    env: { LOG_LEVEL: 'info', LOG_FORMAT: 'json', RATE_LIMITS: 'off', TRUSTED_DOCUMENTS: 'off' },
  })
  jwtSecret = (JSON.parse(readFileSync(path.join(mesh.dataDir, 'dev-secrets.json'), 'utf8')) as { jwtSecret: string })
    .jwtSecret
}, 420_000)

afterAll(async () => {
  if (!mesh) return
  // What every service printed, for reading after a failure.
  mkdirSync(RESULTS, { recursive: true })
  writeFileSync(path.join(RESULTS, 'mesh.log'), mesh.output.join(''))
  await stopMesh(mesh)
})

const CUSTOMER_ID = 'C-00042'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function tokenOf(role: Role, subject = `obs-${role}@example.com`): Promise<string> {
  return issueDevelopmentToken(jwtSecret, { role, subject, customerId: role === 'customer' ? CUSTOMER_ID : undefined })
}

async function graphql<T = any>(
  query: string,
  token: string | undefined,
  variables?: Record<string, unknown>,
): Promise<{
  status: number
  requestId: string | null
  body: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] }
}> {
  const response = await fetch(`${mesh.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
  })
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    body: (await response.json()) as any,
  }
}

/** One Prometheus sample: its name, labels and value. */
interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

async function scrape(): Promise<{ samples: Sample[]; declared: Set<string> }> {
  const response = await fetch(`${mesh.origin}/metrics`)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/)
  const samples: Sample[] = []
  const declared = new Set<string>()
  for (const line of (await response.text()).split('\n')) {
    const type = /^# TYPE (\S+) (\w+)/.exec(line)
    if (type) {
      declared.add(type[1]!)
      if (type[2] === 'histogram')
        for (const suffix of ['_bucket', '_count', '_sum']) declared.add(`${type[1]}${suffix}`)
      continue
    }
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!sample) continue
    const labels = Object.fromEntries(
      [...(sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]),
    )
    samples.push({ name: sample[1]!, labels, value: Number(sample[3]) })
  }
  return { samples, declared }
}

const valueOf = (samples: Sample[], name: string, labels: Record<string, string>) =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0)

const CROSS_DOMAIN = `query CustomerOverview {
  customers(first: 3, filter: { segment: AFFLUENT }) { edges { node { name accounts { type balance } loans { product status } riskGrade } } }
}`

describe('gateway metrics at /metrics', () => {
  test("a cross-domain query is counted by operation and outcome, with each subgraph's fetch latency; a denial adds an audit write", async () => {
    const before = await scrape()
    const analyst = await tokenOf('analyst')
    const answer = await graphql(CROSS_DOMAIN, analyst)
    expect(answer.status).toBe(200)
    expect(answer.body.errors).toBeUndefined()
    expect(answer.body.data.customers.edges.length).toBeGreaterThan(0)

    const executive = await tokenOf('executive')
    const denied = await graphql(
      'query ExecutiveSsnProbe { customers(first: 1) { edges { node { name ssn } } } }',
      executive,
    )
    expect(denied.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN'])

    const after = await scrape()
    const requests = (operation: string, outcome: string, code: string, { samples }: { samples: Sample[] }) =>
      valueOf(samples, 'mesh_gateway_requests_total', {
        transport: 'http',
        operation,
        outcome,
        code,
        service: 'gateway',
      })
    expect(requests('CustomerOverview', 'ok', '', after) - requests('CustomerOverview', 'ok', '', before)).toBe(1)
    expect(
      requests('ExecutiveSsnProbe', 'error', 'FORBIDDEN', after) -
        requests('ExecutiveSsnProbe', 'error', 'FORBIDDEN', before),
    ).toBe(1)
    expect(
      valueOf(after.samples, 'mesh_gateway_request_duration_seconds_count', { transport: 'http' }),
    ).toBeGreaterThanOrEqual(2)

    // The plan asked customers, then transactions, loans and risk for their fields of Customer.
    const fetched = (subgraph: string, { samples }: { samples: Sample[] }) =>
      valueOf(samples, 'mesh_gateway_subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'ok' })
    for (const subgraph of ['customers', 'transactions', 'loans', 'risk'])
      expect(fetched(subgraph, after) - fetched(subgraph, before)).toBeGreaterThanOrEqual(1)
    const buckets = after.samples.filter(
      (s) => s.name === 'mesh_gateway_subgraph_fetch_duration_seconds_bucket' && s.labels.subgraph === 'loans',
    )
    expect(buckets.map((s) => s.labels.le)).toContain('+Inf')

    const auditWrites = ({ samples }: { samples: Sample[] }) =>
      valueOf(samples, 'mesh_gateway_audit_write_duration_seconds_count', { kind: 'denials' })
    expect(auditWrites(after) - auditWrites(before)).toBeGreaterThanOrEqual(1)
    expect(valueOf(after.samples, 'mesh_gateway_audit_write_failures_total', { kind: 'denials' })).toBe(0)
    // The process's own metrics, and the gauges a dashboard watches, are there from the start.
    for (const name of [
      'process_cpu_seconds_total',
      'nodejs_heap_size_used_bytes',
      'mesh_gateway_circuit_open',
      'mesh_gateway_active_subscriptions',
      'mesh_gateway_open_connections',
    ])
      expect(after.declared).toContain(name)
    expect(valueOf(after.samples, 'mesh_gateway_circuit_open', {})).toBe(0)

    // The response's request id is the one the audit trail recorded the denial under.
    expect(denied.requestId).toMatch(/^[0-9a-f]{32}$/)
    const trail = await graphql(
      'query($requestId: String) { accessDenials(filter: { requestId: $requestId }) { totalCount edges { node { subject field } } } }',
      await tokenOf('compliance_officer'),
      { requestId: denied.requestId },
    )
    expect(trail.body.data.accessDenials).toMatchObject({
      totalCount: 1,
      edges: [{ node: { subject: 'obs-executive@example.com', field: denied.body.errors![0]!.extensions!.field } }],
    })
  })

  test('an operation name outside the plain-name pattern is counted as "other", an unnamed one as "anonymous"', async () => {
    const token = await tokenOf('analyst')
    await graphql('{ customers(first: 1) { totalCount } }', token)
    await fetch(`${mesh.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ customers(first: 1) { totalCount } }', operationName: 'x'.repeat(80) }),
    })
    const { samples } = await scrape()
    const operations = new Set(
      samples.filter((s) => s.name === 'mesh_gateway_requests_total').map((s) => s.labels.operation),
    )
    expect(operations).toContain('anonymous')
    expect(operations).toContain('other')
    expect([...operations].some((operation) => operation!.length > 64)).toBe(false)
  })

  test('the Grafana dashboard is valid JSON and every metric its panels query is in a live scrape', async () => {
    const dashboard = JSON.parse(
      readFileSync(path.resolve(__dirname, '..', 'deploy', 'grafana-dashboard.json'), 'utf8'),
    ) as { title: string; panels: { title: string; type: string; targets?: { expr: string }[] }[] }
    expect(dashboard.title).toBeTruthy()
    const expressions = dashboard.panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
    )
    expect(expressions.length).toBeGreaterThanOrEqual(8)
    const { declared } = await scrape()
    const missing: string[] = []
    for (const { panel, expr } of expressions) {
      // Metric names: identifiers that are not functions, keywords, label names or label values.
      const withoutLabels = expr
        .replace(/\{[^}]*\}/g, '')
        .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '')
        .replace(/\[[^\]]*\]/g, '')
      const names = [...withoutLabels.matchAll(/\b[a-zA-Z_:][\w:]*\b(?!\s*\()/g)]
        .map((m) => m[0])
        .filter((name) => name.includes('_'))
      expect(names.length).toBeGreaterThan(0)
      for (const name of names) if (!declared.has(name)) missing.push(`${panel}: ${name}`)
    }
    expect(missing).toEqual([])
    for (const title of [
      'Requests by outcome',
      'Request latency',
      'Subgraph fetch latency (p95)',
      'Subgraph fetch errors and timeouts',
      'Circuits open',
      'Audit write failures',
      'Active subscriptions',
    ]) {
      expect(dashboard.panels.map((panel) => panel.title)).toContain(title)
    }
  })
})

describe('structured logs', () => {
  test('a session of every role: one JSON line per request at the gateway with who, what, how long and how it ended; no token, SSN or credit score in any log', async () => {
    const logFrom = mesh.output.join('').length
    const tokens: string[] = []
    const ssns = new Set<string>()
    const creditScores = new Set<number>()
    const requestIds: Record<string, string> = {}
    for (const role of ROLES) {
      const token = await tokenOf(role)
      tokens.push(token)
      // Each role reads what it may of one customer and a list; the restricted fields answer only where the policy allows.
      const operationName = `Session_${role}`
      const answer = await graphql(
        `query ${operationName}($id: ID!) {
        customer(id: $id) { id name ssn creditScore riskGrade accounts { type balance } }
        customers(first: 5) { edges { node { id ssn creditScore } } }
      }`,
        token,
        { id: CUSTOMER_ID },
      )
      expect(answer.status).toBe(200)
      requestIds[role] = answer.requestId!
      const rows = [
        answer.body.data?.customer,
        ...(answer.body.data?.customers?.edges ?? []).map((edge: any) => edge.node),
      ].filter(Boolean)
      for (const row of rows) {
        if (typeof row.ssn === 'string') ssns.add(row.ssn)
        if (typeof row.creditScore === 'number') creditScores.add(row.creditScore)
      }
    }
    // The roles entitled to them were given SSNs and credit scores (else this test would prove nothing).
    expect(ssns.size).toBeGreaterThanOrEqual(5)
    expect(creditScores.size).toBeGreaterThanOrEqual(3)

    // Chat, as an analyst; an export of SSNs and credit scores, as a compliance officer; a forged token.
    const analyst = await tokenOf('analyst', 'obs-chat-analyst@example.com')
    tokens.push(analyst)
    const chat = await fetch(`${mesh.origin}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${analyst}` },
      body: JSON.stringify({ question: 'How many customers do we have?' }),
    })
    expect(chat.status).toBe(200)
    const compliance = await tokenOf('compliance_officer', 'obs-exporter@example.com')
    tokens.push(compliance)
    const exported = await fetch(`${mesh.origin}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${compliance}` },
      body: JSON.stringify({
        format: 'jsonl',
        query: '{ customers(first: 20) { edges { node { id ssn creditScore } } } }',
      }),
    })
    expect(exported.status).toBe(200)
    for (const line of (await exported.text()).trim().split('\n')) {
      const row = JSON.parse(line) as { ssn?: string; creditScore?: number }
      if (row.ssn) ssns.add(row.ssn)
      if (typeof row.creditScore === 'number') creditScores.add(row.creditScore)
    }
    const forged = `${(await tokenOf('admin')).slice(0, -6)}AAAAAA`
    tokens.push(forged)
    expect((await graphql('query Forged { customers(first: 1) { totalCount } }', forged)).status).toBe(401)
    await sleep(1000)

    const output = mesh.output.join('').slice(logFrom)
    const lines = output.split('\n').filter((line) => /^\[\w+\] /.test(line))
    const gatewayLines = lines
      .filter((line) => line.startsWith('[gateway] '))
      .map((line) => line.slice('[gateway] '.length))
    const entries = gatewayLines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, any>
      } catch {
        throw new Error(`A gateway log line is not JSON: ${line}`)
      }
    })
    for (const entry of entries)
      expect(entry).toEqual(
        expect.objectContaining({
          time: expect.any(String),
          level: expect.any(String),
          service: 'gateway',
          msg: expect.any(String),
        }),
      )
    const requests = entries.filter((entry) => entry.msg === 'graphql request')
    for (const entry of requests) {
      expect(Object.keys(entry)).toEqual(
        expect.arrayContaining([
          'time',
          'level',
          'service',
          'requestId',
          'subject',
          'role',
          'channel',
          'transport',
          'operationName',
          'operationType',
          'durationMs',
          'outcome',
          'status',
        ]),
      )
      expect(entry.level).toBe('info')
      expect(Number.isNaN(Date.parse(entry.time))).toBe(false)
    }
    for (const role of ROLES) {
      const mine = requests.filter((entry) => entry.operationName === `Session_${role}`)
      expect(mine).toHaveLength(1) // one line per request
      expect(mine[0]).toMatchObject({
        subject: `obs-${role}@example.com`,
        role,
        channel: 'api',
        transport: 'http',
        operationType: 'query',
        status: 200,
        requestId: requestIds[role],
      })
      expect(mine[0]!.durationMs).toBeGreaterThan(0)
    }
    // Denied fields show as codes: the executive may read neither SSNs nor credit scores.
    expect(requests.find((entry) => entry.operationName === 'Session_executive')!.outcome).toEqual(['FORBIDDEN'])
    expect(requests.find((entry) => entry.operationName === 'Session_admin')!.outcome).toBe('ok')
    expect(requests.find((entry) => entry.operationName === 'Forged')).toMatchObject({
      subject: 'unauthenticated',
      status: 401,
      outcome: ['UNAUTHENTICATED'],
    })
    // Chat's queries run in-process as the asker, on the chat channel.
    expect(
      requests.some(
        (entry) =>
          entry.subject === 'obs-chat-analyst@example.com' &&
          entry.channel === 'chat' &&
          entry.transport === 'in-process',
      ),
    ).toBe(true)
    expect(requests.some((entry) => entry.subject === 'obs-exporter@example.com')).toBe(true)

    // Nothing secret in any service's log: no token (nor its signature), no SSN, no credit score next to its field.
    const everything = mesh.output.join('').slice(logFrom)
    for (const token of tokens) {
      expect(everything).not.toContain(token)
      expect(everything).not.toContain(token.split('.')[2]!)
    }
    for (const ssn of ssns) expect(everything).not.toContain(ssn)
    expect(everything).not.toMatch(/\b\d{3}-\d{2}-\d{4}\b/)
    for (const score of creditScores) expect(everything).not.toMatch(new RegExp(`creditScore\\W{0,4}${score}\\b`))
    expect(everything).not.toMatch(/"variables"|authorization":"Bearer/i)
  })
})
