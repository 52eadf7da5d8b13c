// Every denial is recorded durably before the response leaves, and only compliance can read the trail.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as delay } from 'node:timers/promises'
import { auditEndpoint, createAuditTrail, type DenialRecord } from '../rules/audit-trail'
import { IDENTITY_HEADER } from '../rules/identity'
import { startMesh, type RunningMesh } from './support/mesh'

let mesh: RunningMesh

beforeAll(async () => {
  mesh = await startMesh({ customers: 40 })
})
afterAll(() => mesh?.stop())

const bearer = async (role: Parameters<RunningMesh['token']>[0]['role'], extra: Record<string, string> = {}) => ({ authorization: `Bearer ${await mesh.token({ role, ...extra })}` })

describe('audit trail', () => {
  test('a denial is in the trail when its response arrives, with who, channel, operation, field, reason and request id', async () => {
    const subject = `analyst-${randomUUID()}`
    const token = await mesh.token({ role: 'analyst', subject, channel: 'chat' })
    const response = await mesh.query('query SsnProbe { customers(first: 2) { edges { node { name ssn } } } }', undefined, { authorization: `Bearer ${token}` })
    expect(response.errors?.length).toBe(2)
    const rows = await mesh.databases.audit.query<{ subject: string; roles: string[]; channel: string; operationName: string; operation: string; field: string; path: string; reason: string; requestId: string; code: string }>(
      'SELECT subject, roles, channel, "operationName", operation, field, path, reason, "requestId", code FROM "AccessDenial" WHERE subject = $1 ORDER BY path',
      [subject],
    )
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({ subject, roles: ['analyst'], channel: 'chat', operationName: 'SsnProbe', field: 'Customer.ssn', path: 'customers.edges.0.node.ssn', code: 'FORBIDDEN' })
    expect(rows[0]!.operation).toContain('ssn')
    expect(rows[0]!.reason).toMatch(/chat channel/)
    expect(rows[0]!.requestId).toBe(rows[1]!.requestId)
  })

  test('a burst of 100 concurrent denied requests loses no denial', async () => {
    const subject = `burst-${randomUUID()}`
    const token = await mesh.token({ role: 'marketing', subject })
    const responses = await Promise.all(Array.from({ length: 100 }, () => mesh.query('{ transactions(first: 1) { totalCount } customers(first: 1) { edges { node { ssn } } } }', undefined, { authorization: `Bearer ${token}` })))
    const denialsSent = responses.reduce((n, r) => n + (r.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').length, 0)
    expect(denialsSent).toBe(200)
    const [stored] = await mesh.databases.audit.query<{ n: number; requests: number }>('SELECT count(*)::int AS n, count(DISTINCT "requestId")::int AS requests FROM "AccessDenial" WHERE subject = $1', [subject])
    expect(stored).toEqual({ n: 200, requests: 100 })
  })

  test('a compliance officer queries the trail through the graph, filtered by subject, field and channel', async () => {
    const subject = `probe-${randomUUID()}`
    await mesh.query('{ customers(first: 3) { edges { node { ssn } } } }', undefined, { authorization: `Bearer ${await mesh.token({ role: 'customer_service', subject })}` })
    const response = await mesh.query<any>(
      'query($subject: String) { accessDenials(filter: { subject: $subject, field: "Customer.ssn", channel: "api" }, first: 10) { totalCount edges { node { subject roles field reason occurredAt } } } }',
      { subject },
      await bearer('compliance_officer'),
    )
    expect(response.errors).toBeUndefined()
    expect(response.data.accessDenials.totalCount).toBe(3)
    expect(response.data.accessDenials.edges[0].node).toMatchObject({ subject, roles: ['customer_service'], field: 'Customer.ssn' })
  })

  test('nobody else can read the trail, and reading it through chat is refused too', async () => {
    for (const role of ['analyst', 'executive', 'risk_officer', 'customer_service'] as const) {
      const response = await mesh.query<any>('{ accessDenials(first: 1) { totalCount } }', undefined, await bearer(role))
      expect(response.data?.accessDenials ?? null).toBeNull()
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    }
    const viaChat = await mesh.query<any>('{ accessDenials(first: 1) { totalCount } }', undefined, await bearer('compliance_officer', { channel: 'chat' }))
    expect(viaChat.errors?.[0]?.message).toMatch(/chat channel/)
  })

  test('a rejected token is recorded as a denied attempt', async () => {
    const marker = `probe_${randomUUID().replaceAll('-', '')}`
    const response = await mesh.query(`query ${marker} { customers(first: 1) { totalCount } }`, undefined, { authorization: 'Bearer not.a.token' })
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    const [row] = await mesh.databases.audit.query<{ subject: string; code: string; field: string }>('SELECT subject, code, field FROM "AccessDenial" WHERE strpos(operation, $1) > 0', [marker])
    expect(row).toEqual({ subject: 'unauthenticated', code: 'UNAUTHENTICATED', field: 'authentication' })
  })

  test('nobody but the gateway can write to the trail', async () => {
    const endpoint = mesh.subgraphUrls.audit.replace(/\/graphql$/, '/internal/access-denials')
    const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ denials: [] }) })
    expect(response.status).toBe(403)
  })

  test('a write that timed out after the trail committed it is sent again and stored once', async () => {
    // In front of the audit service: the first write goes through but its answer comes after the writer gave up.
    const endpoint = auditEndpoint(mesh.subgraphUrls.audit)
    let writes = 0
    const slowFirstAnswer = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', async () => {
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => ['content-type', IDENTITY_HEADER].includes(name))) as Record<string, string>
        const answer = await fetch(endpoint, { method: 'POST', headers, body: Buffer.concat(chunks) })
        if (++writes === 1) await delay(3000)
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text())
      })
    })
    const proxy = await new Promise<Server>((resolve) => { const server = slowFirstAnswer.listen(0, '127.0.0.1', () => resolve(server)) })
    try {
      const trail = createAuditTrail({ url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/internal/access-denials`, internalSecret: mesh.internalSecret, timeoutMillis: 1500 })
      const requestId = randomUUID()
      const denial: DenialRecord = { occurredAt: new Date(), requestId, subject: 'analyst-retry', roles: ['analyst'], channel: 'api', operationName: null, operation: '{ customers { edges { node { ssn } } } }', field: 'Customer.ssn', path: 'customers.edges.0.node.ssn', code: 'FORBIDDEN', reason: 'restricted' }
      await trail.record([denial, { ...denial, path: 'customers.edges.1.node.ssn' }])
      expect(writes).toBe(2)
      const rows = await mesh.databases.audit.query<{ path: string }>('SELECT path FROM "AccessDenial" WHERE "requestId" = $1 ORDER BY path', [requestId])
      expect(rows.map((row) => row.path)).toEqual(['customers.edges.0.node.ssn', 'customers.edges.1.node.ssn'])
    } finally {
      proxy.closeAllConnections()
      await new Promise((resolve) => proxy.close(resolve))
    }
  })

  test('when the trail cannot be written, a response with denials withholds its data', async () => {
    await mesh.stopSubgraph('audit')
    const response = await mesh.query<any>('{ customers(first: 1) { edges { node { name ssn } } } }', undefined, await bearer('analyst'))
    expect(response.data ?? null).toBeNull()
    expect(response.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE')
    const allowed = await mesh.query<any>('{ customers(first: 1) { edges { node { name } } } }', undefined, await bearer('analyst'))
    expect(allowed.errors).toBeUndefined()
  })
})
