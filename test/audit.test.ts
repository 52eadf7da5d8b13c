// Every denial is recorded durably before the response leaves, and only compliance can read the trail.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import { auditEndpoint, createAuditTrail, type DenialRecord } from '../lib/audit-client'
import { IDENTITY_HEADER } from '../rules/identity'
import { startMesh, type RunningMesh } from './support/mesh'

let mesh: RunningMesh

beforeAll(async () => {
  mesh = await startMesh({ customers: 40 })
})
afterAll(() => mesh?.stop())

const bearer = async (role: Parameters<RunningMesh['token']>[0]['role'], extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${await mesh.token({ role, ...extra })}`,
})

describe('audit trail', () => {
  test('a denial is in the trail when its response arrives, with who, channel, operation, field, reason and request id', async () => {
    const subject = `analyst-${randomUUID()}`
    const token = await mesh.token({ role: 'analyst', subject, channel: 'chat' })
    const response = await mesh.query(
      'query SsnProbe { customers(first: 2) { edges { node { name ssn } } } }',
      undefined,
      { authorization: `Bearer ${token}` },
    )
    expect(response.errors?.length).toBe(2)
    const rows = await mesh.databases.audit.query<{
      subject: string
      roles: string[]
      channel: string
      operationName: string
      operation: string
      field: string
      path: string
      reason: string
      requestId: string
      code: string
    }>(
      'SELECT subject, roles, channel, "operationName", operation, field, path, reason, "requestId", code FROM "AccessDenial" WHERE subject = $1 ORDER BY path',
      [subject],
    )
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({
      subject,
      roles: ['analyst'],
      channel: 'chat',
      operationName: 'SsnProbe',
      field: 'Customer.ssn',
      path: 'customers.edges.0.node.ssn',
      code: 'FORBIDDEN',
    })
    expect(rows[0]!.operation).toContain('ssn')
    expect(rows[0]!.reason).toMatch(/chat channel/)
    expect(rows[0]!.requestId).toBe(rows[1]!.requestId)
  })

  test('a granted read of restricted data is in the trail when its answer arrives: who, role, channel, field, whose, request id', async () => {
    const subject = `compliance-${randomUUID()}`
    const headers = await bearer('compliance_officer', { subject })
    const [first, second] = (
      await mesh.databases.customers.query<{ id: string }>('SELECT id FROM "Customer" ORDER BY id LIMIT 2')
    ).map((row) => row.id)
    const response = await mesh.query<any>(
      'query WhoIs($id: ID!) { customer(id: $id) { name ssn creditScore } customers(first: 2) { edges { node { id name } } } }',
      { id: first },
      headers,
    )
    expect(response.errors).toBeUndefined()
    expect(response.data.customer.ssn).toMatch(/^\d{3}-\d{2}-\d{4}$/)
    // Queried through the graph as compliance does, right after the answer: one record per restricted value read.
    const trail = await mesh.query<any>(
      'query($subject: String) { restrictedAccess(filter: { subject: $subject }, first: 10) { totalCount edges { node { field customerId subject roles channel operationName requestId path } } } }',
      { subject },
      await bearer('compliance_officer'),
    )
    expect(trail.errors).toBeUndefined()
    const records = trail.data.restrictedAccess.edges.map((edge: any) => edge.node)
    expect(records.map((r: any) => r.field).sort()).toEqual(['Customer.creditScore', 'Customer.ssn'])
    for (const record of records)
      expect(record).toMatchObject({
        customerId: first,
        subject,
        roles: ['compliance_officer'],
        channel: 'api',
        operationName: 'WhoIs',
      })
    expect(new Set(records.map((r: any) => r.requestId)).size).toBe(1)
    // "Who saw this customer's SSN?": by customer and field. Reading names only (not restricted) leaves no record.
    const bySsn = await mesh.query<any>(
      'query($customer: ID) { restrictedAccess(filter: { customerId: $customer, field: "Customer.ssn" }) { edges { node { subject } } } }',
      { customer: first },
      await bearer('compliance_officer'),
    )
    expect(bySsn.data.restrictedAccess.edges.map((edge: any) => edge.node.subject)).toContain(subject)
    const other = await mesh.query<any>(
      'query($customer: ID) { restrictedAccess(filter: { customerId: $customer }) { totalCount } }',
      { customer: second },
      await bearer('compliance_officer'),
    )
    expect(other.data.restrictedAccess.totalCount).toBe(0)
    // A list of SSNs: one record per customer whose SSN was read.
    const many = await mesh.query<any>('{ customers(first: 5) { edges { node { id ssn } } } }', undefined, headers)
    const rows = await mesh.databases.audit.query<{ customerId: string }>(
      `SELECT "customerId" FROM "RestrictedAccess" WHERE subject = $1 AND field = 'Customer.ssn' AND path LIKE 'customers.%'`,
      [subject],
    )
    expect(rows.map((r) => r.customerId).sort()).toEqual(
      many.data.customers.edges.map((edge: any) => edge.node.id).sort(),
    )
    // Only compliance (and administrators) may read this trail.
    const analyst = await mesh.query<any>('{ restrictedAccess { totalCount } }', undefined, await bearer('analyst'))
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })

  test('a burst of 100 concurrent denied requests loses no denial', async () => {
    const subject = `burst-${randomUUID()}`
    const token = await mesh.token({ role: 'marketing', subject })
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        mesh.query(
          '{ transactions(first: 1) { totalCount } customers(first: 1) { edges { node { ssn } } } }',
          undefined,
          { authorization: `Bearer ${token}` },
        ),
      ),
    )
    const denialsSent = responses.reduce(
      (n, r) => n + (r.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').length,
      0,
    )
    expect(denialsSent).toBe(200)
    const [stored] = await mesh.databases.audit.query<{ n: number; requests: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT "requestId")::int AS requests FROM "AccessDenial" WHERE subject = $1',
      [subject],
    )
    expect(stored).toEqual({ n: 200, requests: 100 })
  })

  test('a compliance officer queries the trail through the graph, filtered by subject, field and channel', async () => {
    const subject = `probe-${randomUUID()}`
    await mesh.query('{ customers(first: 3) { edges { node { ssn } } } }', undefined, {
      authorization: `Bearer ${await mesh.token({ role: 'customer_service', subject })}`,
    })
    const response = await mesh.query<any>(
      'query($subject: String) { accessDenials(filter: { subject: $subject, field: "Customer.ssn", channel: "api" }, first: 10) { totalCount edges { node { subject roles field reason occurredAt } } } }',
      { subject },
      await bearer('compliance_officer'),
    )
    expect(response.errors).toBeUndefined()
    expect(response.data.accessDenials.totalCount).toBe(3)
    expect(response.data.accessDenials.edges[0].node).toMatchObject({
      subject,
      roles: ['customer_service'],
      field: 'Customer.ssn',
    })
  })

  test('nobody else can read the trail, and reading it through chat is refused too', async () => {
    for (const role of ['analyst', 'executive', 'risk_officer', 'customer_service'] as const) {
      const response = await mesh.query<any>(
        '{ accessDenials(first: 1) { totalCount } }',
        undefined,
        await bearer(role),
      )
      expect(response.data?.accessDenials ?? null).toBeNull()
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    }
    const viaChat = await mesh.query<any>(
      '{ accessDenials(first: 1) { totalCount } }',
      undefined,
      await bearer('compliance_officer', { channel: 'chat' }),
    )
    expect(viaChat.errors?.[0]?.message).toMatch(/chat channel/)
  })

  test('a rejected token is recorded as a denied attempt', async () => {
    const marker = `probe_${randomUUID().replaceAll('-', '')}`
    const response = await mesh.query(`query ${marker} { customers(first: 1) { totalCount } }`, undefined, {
      authorization: 'Bearer not.a.token',
    })
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    const [row] = await mesh.databases.audit.query<{ subject: string; code: string; field: string }>(
      'SELECT subject, code, field FROM "AccessDenial" WHERE strpos(operation, $1) > 0',
      [marker],
    )
    expect(row).toEqual({ subject: 'unauthenticated', code: 'UNAUTHENTICATED', field: 'authentication' })
  })

  test('nobody but the gateway can write to the trail', async () => {
    const endpoint = mesh.subgraphUrls.audit.replace(/\/graphql$/, '/internal/access-denials')
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ denials: [] }),
    })
    expect(response.status).toBe(403)
    // The internal endpoints answer in the API's error envelope.
    expect(await response.json()).toEqual({
      errors: [{ message: expect.stringContaining('gateway'), extensions: { code: 'FORBIDDEN' } }],
    })
  })

  test('a write that timed out after the trail committed it is sent again and stored once', async () => {
    // In front of the audit service: the first write goes through but its answer comes after the writer gave up.
    const endpoint = auditEndpoint(mesh.subgraphUrls.audit)
    let writes = 0
    const slowFirstAnswer = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', async () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([name]) => ['content-type', IDENTITY_HEADER].includes(name)),
        ) as Record<string, string>
        const answer = await fetch(endpoint, { method: 'POST', headers, body: Buffer.concat(chunks) })
        if (++writes === 1) await delay(3000)
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text())
      })
    })
    const proxy = await new Promise<Server>((resolve) => {
      const server = slowFirstAnswer.listen(0, '127.0.0.1', () => resolve(server))
    })
    try {
      const trail = createAuditTrail({
        url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/internal/access-denials`,
        internalSecret: mesh.internalSecret,
        timeoutMillis: 1500,
      })
      const requestId = randomUUID()
      const denial: DenialRecord = {
        occurredAt: new Date(),
        requestId,
        subject: 'analyst-retry',
        roles: ['analyst'],
        channel: 'api',
        operationName: null,
        operation: '{ customers { edges { node { ssn } } } }',
        field: 'Customer.ssn',
        path: 'customers.edges.0.node.ssn',
        code: 'FORBIDDEN',
        reason: 'restricted',
      }
      await trail.record([denial, { ...denial, path: 'customers.edges.1.node.ssn' }])
      expect(writes).toBe(2)
      const rows = await mesh.databases.audit.query<{ path: string }>(
        'SELECT path FROM "AccessDenial" WHERE "requestId" = $1 ORDER BY path',
        [requestId],
      )
      expect(rows.map((row) => row.path)).toEqual(['customers.edges.0.node.ssn', 'customers.edges.1.node.ssn'])
    } finally {
      proxy.closeAllConnections()
      await new Promise((resolve) => proxy.close(resolve))
    }
  })

  test('when the trail cannot be written, a response with denials withholds its data', async () => {
    await mesh.stopSubgraph('audit')
    const response = await mesh.query<any>(
      '{ customers(first: 1) { edges { node { name ssn } } } }',
      undefined,
      await bearer('analyst'),
    )
    expect(response.data ?? null).toBeNull()
    expect(response.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE')
    const allowed = await mesh.query<any>(
      '{ customers(first: 1) { edges { node { name } } } }',
      undefined,
      await bearer('analyst'),
    )
    expect(allowed.errors).toBeUndefined()
  })
})

describe('retention', () => {
  test("records older than the retention are deleted when the trail starts; newer ones, and the other trail's, stay", async () => {
    const { openDatabase } = await import('../lib/database')
    const { createAuditSubgraph } = await import('../subgraphs/audit/server')
    const { parseRetentionDays, DECLARED_RETENTION_DAYS } = await import('../subgraphs/audit/retention')
    const db = await openDatabase({ domain: 'audit' })
    await db.migrate()
    const now = new Date('2026-11-25T00:00:00Z')
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000)
    const denial = (id: string, at: Date) =>
      db.query(
        `INSERT INTO "AccessDenial" (id, "occurredAt", "requestId", subject, roles, channel, operation, field, path, code, reason) VALUES ($1, $2, 'r', 's', '{analyst}', 'api', '{ x }', 'Customer.ssn', 'x', 'FORBIDDEN', 'test')`,
        [id, at],
      )
    const read = (id: string, at: Date) =>
      db.query(
        `INSERT INTO "RestrictedAccess" (id, "occurredAt", "requestId", subject, roles, channel, field, path, "customerId") VALUES ($1, $2, 'r', 's', '{compliance_officer}', 'api', 'Customer.ssn', 'x', 'C-00042')`,
        [id, at],
      )
    await denial('old-denial', daysAgo(31))
    await denial('new-denial', daysAgo(29))
    await read('old-read', daysAgo(400))
    await read('new-read', daysAgo(1))
    const server = await createAuditSubgraph(db, {
      internalSecret: mesh.internalSecret,
      dataEncryptionKey: mesh.dataEncryptionKey,
      now: () => now,
      auditRetentionDays: 30,
    })
    try {
      const ids = async () => [
        ...(await db.query<{ id: string }>('SELECT id FROM "AccessDenial" ORDER BY id')).map((r) => r.id),
        ...(await db.query<{ id: string }>('SELECT id FROM "RestrictedAccess" ORDER BY id')).map((r) => r.id),
      ]
      for (let tries = 0; tries < 100 && (await ids()).length > 2; tries++) await delay(50)
      expect(await ids()).toEqual(['new-denial', 'new-read'])
    } finally {
      await server.stop() // closes its database too
    }
    expect(DECLARED_RETENTION_DAYS).toBe(2557)
    expect(parseRetentionDays(undefined)).toBe(2557)
    expect(parseRetentionDays('90')).toBe(90)
    expect(() => parseRetentionDays('0')).toThrow(/AUDIT_RETENTION_DAYS/)
    expect(() => parseRetentionDays('ten')).toThrow(/AUDIT_RETENTION_DAYS/)
  })
})
