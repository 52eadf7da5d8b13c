// Trusted documents through real gateways over one mesh: the web app's operations are accepted by hash (APQ's
// wire format) over POST, GET, SSE and WebSocket; a customer may send nothing else (PERSISTED_QUERY_REQUIRED,
// recorded in the audit trail) while an analyst sends free-form GraphQL and the chat keeps working for
// everyone; report mode serves and logs; an unknown hash is PERSISTED_QUERY_NOT_FOUND and nothing a client
// sends registers one; and web/trusted-documents.json is exactly the web app's operations.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash, randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createClient } from 'graphql-ws'
import ts from 'typescript'
import WebSocket from 'ws'
import { readGatewayConfig } from '../gateway/config'
import { createTrustedDocuments } from '../gateway/plugins/trusted-documents'
import { TRUSTED_DOCUMENTS, trustedDocumentsMode } from '../rules/trusted-documents'
import { TRUSTED_DOCUMENTS_MANIFEST, trustedDocumentsManifestText } from '../web/trusted-documents'
import { BREAKDOWNS } from '../web/src/dashboard/breakdowns'
import {
  accessDenialsOperation,
  acquisitionOperation,
  anomaliesOperation,
  campaignsOperation,
  loansOperation,
  moneyFlowDocument,
  moneyFlowOperation,
  topCampaignsOperation,
} from '../web/src/dashboard/queries'
import { addDays, MAX_CHART_BUCKETS } from '../web/src/dates'
import { startMesh, type RunningMesh } from './support/mesh'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const persisted = (document: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(document) } })

/** The web app's money-flow document for one chart bucket, over every booking there is. */
const MONEY_FLOWS = moneyFlowDocument(1)
const EVER = {
  from: '2000-01-01T00:00:00.000Z',
  to: '2100-12-31T23:59:59.999Z',
  previousFrom: '1990-01-01T00:00:00.000Z',
  previousTo: '1999-12-31T23:59:59.999Z',
  b0From: '2000-01-01T00:00:00.000Z',
  b0To: '2100-12-31T23:59:59.999Z',
}
const FREE_FORM = '{ transactionSummary { count } }'

let mesh: RunningMesh
/** A gateway under the table of rules/trusted-documents.ts, and one with analysts in report mode. */
let url: string
let reportUrl: string
const reportLines: { line: string; fields: Record<string, unknown> }[] = []
const customerId = 'C-00003'

beforeAll(async () => {
  mesh = await startMesh({ customers: 20 })
  url = (await mesh.startGateway({ trustedDocuments: {} })).url
  reportUrl = (
    await mesh.startGateway({
      trustedDocuments: { modes: { analyst: 'report' }, log: (line, fields) => reportLines.push({ line, fields }) },
    })
  ).url
})
afterAll(async () => {
  await mesh?.stop()
})

interface Answer {
  status: number
  body: { data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] }
  headers: Headers
}

async function post(
  to: string,
  authorization: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(to, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization, ...headers },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: (await response.json()) as Answer['body'], headers: response.headers }
}

const bearer = async (
  role: 'customer' | 'analyst' | 'admin',
  subject = `${role}-${randomUUID()}`,
  extra: { channel?: 'chat' } = {},
) => `Bearer ${await mesh.token({ role, subject, ...(role === 'customer' && { customerId }), ...extra })}`

async function ownBookings(): Promise<number> {
  const [row] = await mesh.databases.transactions.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM "Transaction" WHERE "customerId" = $1',
    [customerId],
  )
  return row!.n
}

describe('the table', () => {
  test('customers enforce, customer service and executives report, analysts, BI and the other staff are free, whatever the channel', () => {
    expect(trustedDocumentsMode(['customer'])).toBe('enforce')
    expect(trustedDocumentsMode(['executive'])).toBe('report')
    expect(trustedDocumentsMode(['customer_service'])).toBe('report')
    expect(trustedDocumentsMode(['analyst'])).toBe('off')
    expect(trustedDocumentsMode([])).toBe(TRUSTED_DOCUMENTS.anonymous)
    // Several roles: any one suffices, as with the policy.
    expect(trustedDocumentsMode(['customer', 'analyst'])).toBe('off')
  })

  test('TRUSTED_DOCUMENTS changes the table and TRUSTED_DOCUMENTS_FILE adds manifests; a wrong value stops start-up naming the variable', () => {
    const config = readGatewayConfig({
      TRUSTED_DOCUMENTS: 'report, customer=enforce, anonymous=off',
      TRUSTED_DOCUMENTS_FILE: '/etc/mesh/crm.json,/etc/mesh/bi.json',
    })
    expect(config.trustedDocuments.modes).toMatchObject({
      analyst: 'report',
      executive: 'report',
      customer: 'enforce',
      anonymous: 'off',
    })
    expect(config.trustedDocuments.additionalManifests).toEqual(['/etc/mesh/crm.json', '/etc/mesh/bi.json'])
    expect(readGatewayConfig({}).trustedDocuments).toEqual({ additionalManifests: [], modes: {} })
    expect(() => readGatewayConfig({ TRUSTED_DOCUMENTS: 'customer=strict' })).toThrow(
      /TRUSTED_DOCUMENTS: "customer=strict": the mode must be one of enforce, report, off/,
    )
    expect(() => readGatewayConfig({ TRUSTED_DOCUMENTS: 'teller=off' })).toThrow(
      /TRUSTED_DOCUMENTS: "teller=off": teller is neither a role/,
    )
  })

  test('a manifest whose hash is not its document stops the gateway, naming the file; a missing listed manifest too', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trusted-documents-'))
    try {
      const file = path.join(dir, 'tampered.json')
      writeFileSync(file, JSON.stringify({ [sha256(FREE_FORM)]: '{ accessDenials { totalCount } }' }))
      expect(() => createTrustedDocuments({ manifests: [file] })).toThrow(
        new RegExp(`${file}: ${sha256(FREE_FORM)} is not the sha256 of its document`),
      )
      expect(() => createTrustedDocuments({ additionalManifests: [path.join(dir, 'missing.json')] })).toThrow(
        /missing\.json cannot be read/,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('enforce: a customer sends registered operations only', () => {
  test("a customer's registered operation, sent by hash alone, answers their own figures", async () => {
    const answer = await post(url, await bearer('customer'), { variables: EVER, extensions: persisted(MONEY_FLOWS) })
    expect(answer.status).toBe(200)
    expect(answer.body.errors).toBeUndefined()
    expect(answer.body.data.current.count).toBe(await ownBookings())
    expect(answer.body.data.b0.byType.length).toBeGreaterThan(0)
  })

  test('the exact text of a registered operation is that operation, with or without its hash', async () => {
    const authorization = await bearer('customer')
    const asText = await post(url, authorization, { query: MONEY_FLOWS, variables: EVER })
    const asBoth = await post(url, authorization, {
      query: MONEY_FLOWS,
      variables: EVER,
      extensions: persisted(MONEY_FLOWS),
    })
    for (const answer of [asText, asBoth]) {
      expect([answer.status, answer.body.errors]).toEqual([200, undefined])
      expect(answer.body.data.current.count).toBe(await ownBookings())
    }
  })

  test("a customer's free-form document is refused with 403 PERSISTED_QUERY_REQUIRED, before any subgraph, and recorded in the audit trail", async () => {
    const subject = `customer-${randomUUID()}`
    const refused = await post(url, await bearer('customer', subject), {
      query: `query MyOwnQuestion ${FREE_FORM}`,
      operationName: 'MyOwnQuestion',
    })
    expect(refused.status).toBe(403)
    expect(refused.body.data ?? null).toBeNull()
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Only registered operations are accepted from the customer role/),
        extensions: { code: 'PERSISTED_QUERY_REQUIRED' },
      }),
    ])

    const trail = await mesh.query<{ accessDenials: { edges: { node: Record<string, unknown> }[] } }>(
      'query($subject: String) { accessDenials(filter: { subject: $subject, field: "trusted-documents" }, first: 5) { edges { node { subject roles channel field code operationName operation reason } } } }',
      { subject },
    )
    expect(trail.data!.accessDenials.edges.map((e) => e.node)).toEqual([
      {
        subject,
        roles: ['customer'],
        channel: 'api',
        field: 'trusted-documents',
        code: 'PERSISTED_QUERY_REQUIRED',
        operationName: 'MyOwnQuestion',
        operation: `query MyOwnQuestion ${FREE_FORM}`,
        reason: refused.body.errors![0]!.message,
      },
    ])
  })

  test('asking for the chat channel does not lift enforce, and /export is held to it too', async () => {
    const viaHeader = await post(url, await bearer('customer'), { query: FREE_FORM }, { 'x-mesh-channel': 'chat' })
    const chatToken = await post(url, await bearer('customer', undefined, { channel: 'chat' }), { query: FREE_FORM })
    const exported = await post(url.replace(/\/graphql$/, '/export'), await bearer('customer'), {
      format: 'jsonl',
      query: '{ transactions(first: 2) { edges { node { id } } } }',
    })
    for (const answer of [viaHeader, chatToken, exported])
      expect([answer.status, answer.body.errors?.[0]?.extensions?.code]).toEqual([403, 'PERSISTED_QUERY_REQUIRED'])
  })

  test('the chat agent still answers a customer: its queries run inside the gateway, not as documents a client sent', async () => {
    const response = await fetch(url.replace(/\/graphql$/, '/chat'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await bearer('customer') },
      body: JSON.stringify({ question: 'Show me the total deposits for the last quarter' }),
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { answer: string; operations: { query: string; data: unknown }[] }
    expect(body.answer).not.toMatch(/PERSISTED_QUERY|registered operation/i)
    expect(body.operations.length).toBeGreaterThan(0)
    expect(body.operations.some((operation) => operation.data !== null)).toBe(true)
  })

  test('MCP, whose tools run GraphQL the client writes, is refused to a customer and recorded; an analyst uses it', async () => {
    const subject = `customer-${randomUUID()}`
    const listTools = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }
    const mcp = (authorization: string) =>
      fetch(url.replace(/\/graphql$/, '/mcp'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization },
        body: JSON.stringify(listTools),
      })
    const refused = await mcp(await bearer('customer', subject))
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as Answer['body']).errors![0]!.extensions!.code).toBe('PERSISTED_QUERY_REQUIRED')
    const trail = await mesh.query<{ accessDenials: { edges: { node: Record<string, unknown> }[] } }>(
      'query($subject: String) { accessDenials(filter: { subject: $subject, field: "trusted-documents" }, first: 5) { edges { node { operation code } } } }',
      { subject },
    )
    expect(trail.data!.accessDenials.edges.map((e) => e.node)).toEqual([
      { operation: 'POST /mcp', code: 'PERSISTED_QUERY_REQUIRED' },
    ])
    const served = await mcp(await bearer('analyst'))
    expect(served.status).toBe(200)
    expect(JSON.stringify(await served.json())).toContain('run_graphql')
  })

  test('GET, Server-Sent Events and WebSocket take the same hash; WebSocket refuses a free-form document as POST does', async () => {
    const authorization = await bearer('customer')
    const expected = await ownBookings()
    const query = new URLSearchParams({
      variables: JSON.stringify(EVER),
      extensions: JSON.stringify(persisted(MONEY_FLOWS)),
    })
    const viaGet = await fetch(`${url}?${query}`, { headers: { authorization, 'apollo-require-preflight': 'true' } })
    expect(viaGet.status).toBe(200)
    expect(((await viaGet.json()) as Answer['body']).data.current.count).toBe(expected)
    const freeGet = await fetch(`${url}?${new URLSearchParams({ query: FREE_FORM })}`, {
      headers: { authorization, 'apollo-require-preflight': 'true' },
    })
    expect(freeGet.status).toBe(403)

    const sse = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization },
      body: JSON.stringify({ variables: EVER, extensions: persisted(MONEY_FLOWS) }),
    })
    const events = (await sse.text())
      .split('\n')
      .filter((line) => line.startsWith('data: ') && line.length > 'data: '.length)
      .map((line) => JSON.parse(line.slice(6)) as Answer['body'])
    expect(events[0]!.data.current.count).toBe(expected)

    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization },
      retryAttempts: 0,
    })
    const run = (payload: {
      query: string
      variables?: Record<string, unknown>
      extensions?: Record<string, unknown>
    }) =>
      new Promise<Answer['body']>((resolve, reject) => {
        let result: Answer['body'] = {}
        client.subscribe(payload, {
          next: (value) => void (result = value as Answer['body']),
          error: (error) =>
            Array.isArray(error) ? resolve({ errors: error as Answer['body']['errors'] }) : reject(error),
          complete: () => resolve(result),
        })
      })
    try {
      expect((await run({ query: '', variables: EVER, extensions: persisted(MONEY_FLOWS) })).data.current.count).toBe(
        expected,
      )
      expect((await run({ query: FREE_FORM })).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_REQUIRED')
    } finally {
      await client.dispose()
    }
  })
})

describe('off and report', () => {
  test("an analyst's free-form document is served and leaves no record", async () => {
    const subject = `analyst-${randomUUID()}`
    const answer = await post(url, await bearer('analyst', subject), { query: FREE_FORM })
    expect([answer.status, answer.body.errors]).toEqual([200, undefined])
    const [row] = await mesh.databases.transactions.query<{ n: number }>('SELECT count(*)::int AS n FROM "Transaction"')
    expect(answer.body.data.transactionSummary.count).toBe(row!.n)
    const trail = await mesh.query<{ accessDenials: { totalCount: number } }>(
      'query($subject: String) { accessDenials(filter: { subject: $subject }) { totalCount } }',
      { subject },
    )
    expect(trail.data!.accessDenials.totalCount).toBe(0)
  })

  test('report mode serves an unregistered operation and logs it once, by name and hash, without its text; registered ones are not logged', async () => {
    const subject = `reported-${randomUUID()}`
    const authorization = await bearer('analyst', subject)
    const document = `query HowManyBookings ${FREE_FORM}`
    const first = await post(reportUrl, authorization, { query: document, operationName: 'HowManyBookings' })
    const again = await post(reportUrl, authorization, { query: document, operationName: 'HowManyBookings' })
    const registered = await post(reportUrl, authorization, { variables: EVER, extensions: persisted(MONEY_FLOWS) })
    for (const answer of [first, again, registered])
      expect([answer.status, answer.body.errors]).toEqual([200, undefined])
    const lines = reportLines.filter((entry) => entry.fields.subject === subject)
    expect(lines).toHaveLength(1)
    expect(lines[0]!.fields).toMatchObject({
      trustedDocuments: 'report',
      operationName: 'HowManyBookings',
      sha256: sha256(document),
      roles: ['analyst'],
      channel: 'api',
    })
    expect(lines[0]!.line).toContain(`HowManyBookings sha256:${sha256(document)}`)
    expect(lines[0]!.line).not.toContain('transactionSummary')
  })

  test('an unknown hash answers PERSISTED_QUERY_NOT_FOUND, a hash sent with another query PERSISTED_QUERY_HASH_MISMATCH, and sending hash and text registers nothing', async () => {
    const authorization = await bearer('analyst')
    const unknown = await post(url, authorization, { extensions: persisted('{ nothing }') })
    expect(unknown.status).toBe(200)
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }),
    ])

    const mismatch = await post(url, authorization, { query: FREE_FORM, extensions: persisted(MONEY_FLOWS) })
    expect([mismatch.status, mismatch.body.errors?.[0]?.extensions?.code]).toEqual([
      400,
      'PERSISTED_QUERY_HASH_MISMATCH',
    ])

    // APQ's registration: hash and text together. Served (an analyst may send free-form), but not remembered.
    const document = `query NotRegistered${randomUUID().replace(/-/g, '')} ${FREE_FORM}`
    expect((await post(url, authorization, { query: document, extensions: persisted(document) })).status).toBe(200)
    const later = await post(url, authorization, { extensions: persisted(document) })
    expect(later.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND')
    const viaGet = await fetch(`${url}?${new URLSearchParams({ extensions: JSON.stringify(persisted(document)) })}`, {
      headers: { authorization, 'apollo-require-preflight': 'true' },
    })
    expect(((await viaGet.json()) as Answer['body']).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND')
  })
})

describe("the web app's manifest", () => {
  const manifest = JSON.parse(readFileSync(TRUSTED_DOCUMENTS_MANIFEST, 'utf8')) as Record<string, string>
  const registered = new Set(Object.values(manifest))

  test("web/trusted-documents.json is exactly the web app's operations (npm run build:web writes it)", () => {
    expect(readFileSync(TRUSTED_DOCUMENTS_MANIFEST, 'utf8')).toBe(trustedDocumentsManifestText())
    for (const [hash, document] of Object.entries(manifest)) expect(sha256(document)).toBe(hash)
  })

  test('every operation the dashboard builds, for every period it allows, is registered', () => {
    const missing = new Set<string>()
    // Every length a period may have (to 3 × 366 days) from the last day of a year, and every length of daily
    // and weekly buckets from other days: the chart never has more buckets than the documents cover.
    const periods = [
      ...Array.from({ length: 3 * 366 }, (_, days) => ({ from: '2025-12-31', days: days + 1 })),
      ...['2026-01-01', '2024-02-29'].flatMap((from) =>
        Array.from({ length: 130 }, (_, days) => ({ from, days: days + 1 })),
      ),
    ]
    for (const { from, days } of periods) {
      const range = { from, to: addDays(from, days - 1) }
      const moneyFlows = moneyFlowOperation(range)
      expect(moneyFlows.buckets.length).toBeLessThanOrEqual(MAX_CHART_BUCKETS)
      for (const { query } of [
        moneyFlows,
        ...[
          acquisitionOperation,
          loansOperation,
          campaignsOperation,
          topCampaignsOperation,
          anomaliesOperation,
          accessDenialsOperation,
        ].map((operation) => operation(range)),
      ]) {
        if (!registered.has(query)) missing.add(query)
      }
    }
    const range = { from: '2026-01-01', to: '2026-03-31' }
    for (const source of BREAKDOWNS)
      for (const dimension of source.dimensions)
        for (const measure of source.measures) {
          const { query } = source.ask({ dimension, measure }, range, source).operation
          if (!registered.has(query)) missing.add(query)
        }
    expect([...missing]).toEqual([])
  })

  test('every GraphQL document written in web/src is registered, and documents built from parts come only from the enumerated builders', () => {
    const webSource = path.resolve(__dirname, '..', 'web', 'src')
    const files = (function list(dir: string): string[] {
      return readdirSync(dir).flatMap((name) =>
        statSync(path.join(dir, name)).isDirectory()
          ? list(path.join(dir, name))
          : /\.tsx?$/.test(name)
            ? [path.join(dir, name)]
            : [],
      )
    })(webSource)
    const unregistered: string[] = []
    const builtElsewhere: string[] = []
    const operation = /^\s*(query|mutation|subscription)\b/
    for (const file of files) {
      const source = ts.createSourceFile(
        file,
        readFileSync(file, 'utf8'),
        ts.ScriptTarget.Latest,
        true,
        file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
      )
      const visit = (node: ts.Node): void => {
        if (
          (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
          operation.test(node.text) &&
          !registered.has(node.text)
        )
          unregistered.push(`${path.relative(webSource, file)}: ${node.text.slice(0, 60)}`)
        if (
          ts.isTemplateExpression(node) &&
          operation.test(node.head.text) &&
          !['dashboard/breakdowns.ts', 'dashboard/queries.ts'].includes(path.relative(webSource, file))
        )
          builtElsewhere.push(`${path.relative(webSource, file)}: ${node.head.text.slice(0, 60)}`)
        ts.forEachChild(node, visit)
      }
      visit(source)
    }
    expect(unregistered).toEqual([])
    expect(builtElsewhere).toEqual([])
  })
})
