// The gateway authenticates a request once: one step verifies the caller's token for every route and
// transport, records a rejected token once, and each route answers the refusal with 401 and UNAUTHENTICATED.
// A gateway on the committed supergraph whose subgraphs are never reached: what is counted is the token checks.
import { afterAll, beforeAll, beforeEach, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createAuthenticator, type Authenticator } from '../gateway/core/auth'
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, issueDevelopmentToken } from '../gateway/core/development-tokens'
import { createGatewayServer, type GatewayServer } from '../gateway/server'
import type { AuditTrail, DenialRecord } from '../lib/audit-client'

const SECRET = 'gateway-authentication-test-secret-of-enough-length'
const supergraphSdl = readFileSync(path.join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8')

let gateway: GatewayServer
let base: string
let verifications = 0
const recorded: DenialRecord[] = []

beforeAll(async () => {
  const authenticator = await createAuthenticator({
    hs256Secret: SECRET,
    issuer: DEFAULT_ISSUER,
    audience: DEFAULT_AUDIENCE,
  })
  const counting: Authenticator = {
    authenticate(authorization, channel) {
      verifications++
      return authenticator.authenticate(authorization, channel)
    },
  }
  const auditTrail: AuditTrail = {
    record: async (denials) => void recorded.push(...denials),
    recordRestrictedAccess: async () => undefined,
  }
  // Subgraphs at a closed port: a request that gets past authentication fails upstream, which is not judged here.
  const subgraphUrls = Object.fromEntries(
    [...supergraphSdl.matchAll(/join__graph\(name: "(\w+)"/g)].map(([, name]) => [name!, 'http://127.0.0.1:9/graphql']),
  )
  gateway = await createGatewayServer({
    supergraphSdl,
    subgraphUrls,
    authenticator: counting,
    internalSecret: 'internal-secret',
    auditTrail,
    rateLimits: false,
    metricsToken: 'scrape-token',
  })
  const { port } = await gateway.listen()
  base = `http://127.0.0.1:${port}`
})

afterAll(async () => {
  await gateway.stop()
})

beforeEach(() => {
  verifications = 0
  recorded.length = 0
})

const analyst = () => issueDevelopmentToken(SECRET, { role: 'analyst' })
const post = (route: string, body: unknown, authorization?: string, accept = 'application/json') =>
  fetch(`${base}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...(authorization && { authorization }) },
    body: JSON.stringify(body),
  })

test('a /graphql request checks its token once, though trusted documents, exports and Apollo all read the caller', async () => {
  const response = await post('/graphql', { query: '{ __typename }' }, `Bearer ${await analyst()}`)
  expect(response.status).toBe(200)
  expect(await response.json()).toEqual({ data: { __typename: 'Query' } })
  expect(verifications).toBe(1)
})

test('a rejected token on /graphql is answered 401 UNAUTHENTICATED and recorded once, with the operation it sent', async () => {
  const response = await post('/graphql', { query: '{ __typename }', operationName: null }, 'Bearer not-a-token')
  expect(response.status).toBe(401)
  const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] }
  expect(body.errors.map((error) => error.extensions.code)).toEqual(['UNAUTHENTICATED'])
  expect(body.errors[0]!.message).toBe('The bearer token is not a well-formed JWT')
  expect(verifications).toBe(1)
  expect(recorded.map(({ subject, field, code, operation }) => ({ subject, field, code, operation }))).toEqual([
    { subject: 'unauthenticated', field: 'authentication', code: 'UNAUTHENTICATED', operation: '{ __typename }' },
  ])
})

test('a download checks its token once (rate limits and the route read the same caller); a rejected one names the route it asked', async () => {
  const response = await fetch(`${base}/data-products/accounts/descriptor.yaml`, {
    headers: { authorization: 'Bearer not-a-token' },
  })
  expect(response.status).toBe(401)
  expect(await response.json()).toEqual({
    errors: [{ message: 'The bearer token is not a well-formed JWT', extensions: { code: 'UNAUTHENTICATED' } }],
  })
  expect(verifications).toBe(1)
  expect(recorded.map(({ operation }) => operation)).toEqual(['GET /data-products/accounts/descriptor.yaml'])
})

test('an export with a rejected token is answered 401 by the export route, from the one check', async () => {
  const response = await post('/export', { query: '{ __typename }', format: 'csv' }, 'Bearer not-a-token')
  expect(response.status).toBe(401)
  expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
    'UNAUTHENTICATED',
  )
  expect(verifications).toBe(1)
  expect(recorded).toHaveLength(1)
})

test('/metrics without its token is answered 401 in the same error envelope as the API, and checks no caller token', async () => {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${await analyst()}` } })
  expect(response.status).toBe(401)
  expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"')
  expect(await response.json()).toEqual({
    errors: [
      {
        message: 'Send the metrics token: Authorization: Bearer <METRICS_TOKEN>',
        extensions: { code: 'UNAUTHENTICATED' },
      },
    ],
  })
  expect(verifications).toBe(0)
  expect(recorded).toEqual([])
})
