// Who may call: the gateway verifies bearer tokens and forwards a signed identity; subgraphs trust
// nothing else, so there is no way around the gateway.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose'
import { createAuthenticator } from '../gateway/core/auth'
import { signedIdentity } from '../gateway/upstream/data-source'
import {
  IDENTITY_HEADER,
  INTERNAL_TTL_SECONDS,
  signForwardedIdentity,
  verifyForwardedIdentity,
  type Identity,
} from '../rules/identity'
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from '../gateway/core/development-tokens'
import { postGraphQL, startMesh, type RunningMesh } from './support/mesh'

let mesh: RunningMesh

beforeAll(async () => {
  mesh = await startMesh({ customers: 60 })
})
afterAll(() => mesh?.stop())

const QUERY = '{ customers(first: 2) { edges { node { id name } } } }'
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

async function rawPost(headers: Record<string, string>, query = QUERY) {
  const response = await fetch(mesh.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  })
  return {
    status: response.status,
    body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] },
  }
}

function signed(
  claims: Record<string, unknown>,
  secret = 'not-the-mesh-secret-but-long-enough-1234',
  header: Record<string, unknown> = { alg: 'HS256' },
) {
  return new SignJWT({ roles: ['admin'], ...claims })
    .setProtectedHeader(header as { alg: string })
    .setIssuer(DEFAULT_ISSUER)
    .setAudience(DEFAULT_AUDIENCE)
    .setSubject('mallory')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret))
}

describe('identity at the gateway', () => {
  test('a valid token of the embedded issuer is accepted', async () => {
    const { status, body } = await rawPost(bearer(await mesh.token({ role: 'analyst' })))
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
    expect(body.data.customers.edges).toHaveLength(2)
  })

  test('without a token only unprotected things answer: __typename yes, customer data FORBIDDEN', async () => {
    expect((await rawPost({}, '{ __typename }')).body.data).toEqual({ __typename: 'Query' })
    const { body } = await rawPost({})
    expect(body.data?.customers ?? null).toBeNull()
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })

  const unsignedToken = () => {
    const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'mallory', roles: ['admin'], iss: DEFAULT_ISSUER, aud: DEFAULT_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 3600 })}.`
  }

  test.each([
    ['a token signed with another secret', () => signed({}), /signature is not valid/],
    [
      'an expired token',
      async () =>
        mesh.token({ role: 'admin', ttl: '1s' }).then(async (t) => (await new Promise((r) => setTimeout(r, 2100)), t)),
      /expired/,
    ],
    ['an unsigned token (alg none)', async () => unsignedToken(), /alg "none"/],
    [
      'a correctly signed token from another issuer',
      () => mesh.token({ role: 'admin', issuer: 'https://evil.example' }),
      /"iss" claim/,
    ],
    [
      'a correctly signed token for another audience',
      () => mesh.token({ role: 'admin', audience: 'another-api' }),
      /"aud" claim/,
    ],
    [
      'a correctly signed token naming no known role',
      () => mesh.token({ role: 'superuser' as never }),
      /no known role/,
    ],
    [
      'a correctly signed token claiming a service subject of the mesh',
      () => mesh.token({ role: 'admin', subject: 'service:gateway' }),
      /reserves for its own services/,
    ],
    ['a token that is not a JWT', async () => 'definitely-not-a-jwt', /well-formed/],
  ])('%s is rejected with 401 UNAUTHENTICATED', async (_name, makeToken, message) => {
    const { status, body } = await rawPost(bearer(await makeToken()))
    expect(status).toBe(401)
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    expect(body.errors?.[0]?.message).toMatch(message)
    expect(body.data ?? null).toBeNull()
  })
})

describe('RS256 and ES256 tokens of a production identity provider', () => {
  test.each(['RS256', 'ES256'] as const)(
    'a %s token verifies against the provider public key; a token of another key does not',
    async (alg) => {
      const provider = await generateKeyPair(alg)
      const stranger = await generateKeyPair(alg)
      const authenticator = await createAuthenticator({
        publicKeyPem: await exportSPKI(provider.publicKey),
        publicKeyAlgorithm: alg,
        issuer: 'https://idp.bank.example',
        audience: 'mesh',
      })
      const sign = (key: CryptoKey | import('jose').KeyLike, claims: Record<string, unknown> = {}) =>
        new SignJWT({ roles: ['analyst'], ...claims })
          .setProtectedHeader({ alg })
          .setIssuer('https://idp.bank.example')
          .setAudience('mesh')
          .setSubject('ana')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(key)
      const identity = await authenticator.authenticate(`Bearer ${await sign(provider.privateKey)}`)
      expect(identity).toMatchObject({ subject: 'ana', roles: ['analyst'], channel: 'api' })
      await expect(authenticator.authenticate(`Bearer ${await sign(stranger.privateKey)}`)).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      })
      await expect(authenticator.authenticate(`Bearer ${await signed({})}`)).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      })
      const future = await new SignJWT({ roles: ['analyst'] })
        .setProtectedHeader({ alg })
        .setIssuer('https://idp.bank.example')
        .setAudience('mesh')
        .setNotBefore('10m')
        .setExpirationTime('1h')
        .sign(provider.privateKey)
      await expect(authenticator.authenticate(`Bearer ${future}`)).rejects.toThrow(/not valid yet/)
    },
  )
})

describe('a production identity provider publishing a JWKS', () => {
  test("tokens verify against keys fetched from the provider's JWKS URL", async () => {
    const provider = await generateKeyPair('RS256')
    const jwk = { ...(await exportJWK(provider.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }
    const server = http.createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const authenticator = await createAuthenticator({
        jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        issuer: 'https://idp.bank.example',
        audience: 'mesh',
      })
      const token = await new SignJWT({ roles: ['risk_officer'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer('https://idp.bank.example')
        .setAudience('mesh')
        .setSubject('rita')
        .setExpirationTime('5m')
        .sign(provider.privateKey)
      expect(await authenticator.authenticate(`Bearer ${token}`)).toMatchObject({
        subject: 'rita',
        roles: ['risk_officer'],
      })
      const other = await generateKeyPair('RS256')
      const forged = await new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer('https://idp.bank.example')
        .setAudience('mesh')
        .setExpirationTime('5m')
        .sign(other.privateKey)
      await expect(authenticator.authenticate(`Bearer ${forged}`)).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      })
    } finally {
      server.close()
    }
  })
})

describe('no way around the gateway', () => {
  test("a direct call to a subgraph without the gateway's identity gets nothing protected, and the attempt is audited", async () => {
    const response = await postGraphQL(
      mesh.subgraphUrls.customers,
      'query BypassProbe { customers(first: 1) { edges { node { id name ssn } } } }',
    )
    const [audited] = await mesh.databases.audit.query<{ subject: string; field: string }>(
      `SELECT subject, field FROM "AccessDenial" WHERE "operationName" = 'BypassProbe'`,
    )
    expect(audited).toEqual({ subject: 'unverified caller of the customers subgraph', field: 'Query.customers' })
    expect(response.data?.customers ?? null).toBeNull()
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    const entities = await postGraphQL(
      mesh.subgraphUrls.customers,
      '{ _entities(representations: [{ __typename: "Customer", id: "C-00001" }]) { ... on Customer { name } } }',
    )
    expect(entities.data?._entities ?? null).toBeNull()
    expect(entities.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })

  test('an identity header signed with any other secret is ignored', async () => {
    const forged = await signForwardedIdentity({ subject: 'mallory', roles: ['admin'], channel: 'api' }, 'a'.repeat(43))
    const response = await postGraphQL(
      mesh.subgraphUrls.customers,
      '{ customers(first: 1) { totalCount } }',
      undefined,
      { [IDENTITY_HEADER]: forged },
    )
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })

  test("the gateway's own signed identity is accepted by the subgraph (so the check above is not vacuous)", async () => {
    const genuine = await signForwardedIdentity(
      { subject: 'svc', roles: ['analyst'], channel: 'api' },
      mesh.internalSecret,
    )
    const response = await postGraphQL<{ customers: { totalCount: number } }>(
      mesh.subgraphUrls.customers,
      '{ customers(first: 1) { totalCount } }',
      undefined,
      { [IDENTITY_HEADER]: genuine },
    )
    expect(response.data?.customers.totalCount).toBe(60)
  })

  test('the subgraph still serves its SDL to composition without an identity', async () => {
    const response = await postGraphQL<{ _service: { sdl: string } }>(
      mesh.subgraphUrls.customers,
      '{ _service { sdl } }',
    )
    expect(response.data?._service.sdl).toContain('type Customer')
  })
})

describe('the identity forwarded for a long-lived request', () => {
  test('is signed once, and again before its signature would expire (an export paging for minutes, a subscription)', async () => {
    const identity: Identity = { subject: 'long-export', roles: ['analyst'], channel: 'api' }
    const first = await signedIdentity(identity, mesh.internalSecret)
    expect(await signedIdentity(identity, mesh.internalSecret)).toBe(first)
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
      now: Date.now() + (INTERNAL_TTL_SECONDS - 5) * 1000,
    })
    try {
      const later = await signedIdentity(identity, mesh.internalSecret)
      expect(later).not.toBe(first)
      jest.setSystemTime(Date.now() + 10_000)
      // The first signature has expired by now; the renewed one is still good.
      expect(await verifyForwardedIdentity(first, mesh.internalSecret)).toBeNull()
      expect(await verifyForwardedIdentity(later, mesh.internalSecret)).toMatchObject({
        subject: 'long-export',
        roles: ['analyst'],
      })
    } finally {
      jest.useRealTimers()
    }
  })
})
