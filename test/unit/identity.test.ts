// The identity the gateway forwards to subgraphs: signed with the internal secret, trusted only as signed,
// and the key under which callers alike may share reads.
import { expect, test } from '@jest/globals'
import { SignJWT } from 'jose'
import { permissionKey } from '../../gateway/upstream/permission-key'
import { roleLabel, signForwardedIdentity, verifyForwardedIdentity, type Identity } from '../../rules/identity'

const SECRET = 'unit-test-internal-secret-of-enough-length'
const analyst: Identity = { subject: 'ana', roles: ['analyst'], channel: 'api', requestId: 'req-1' }

test('a signed identity verifies as itself', async () => {
  expect(await verifyForwardedIdentity(await signForwardedIdentity(analyst, SECRET), SECRET)).toEqual(analyst)
  const customer: Identity = { subject: 'c42', roles: ['customer'], customerId: 'C-00042', channel: 'chat' }
  expect(await verifyForwardedIdentity(await signForwardedIdentity(customer, SECRET), SECRET)).toEqual(customer)
})

test('the hand-made HMAC is a JWT that jose verifies', async () => {
  const token = await signForwardedIdentity(analyst, SECRET)
  const [header, payload] = token.split('.')
  expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256' })
  expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({
    sub: 'ana',
    roles: ['analyst'],
    channel: 'api',
    requestId: 'req-1',
  })
})

test('nothing else is an identity: no header, another secret, a changed claim, an unknown role or channel', async () => {
  const token = await signForwardedIdentity(analyst, SECRET)
  expect(await verifyForwardedIdentity(undefined, SECRET)).toBeNull()
  expect(await verifyForwardedIdentity(token, 'another-secret-of-enough-length-000')).toBeNull()
  const [header, payload, signature] = token.split('.')
  const promoted = Buffer.from(
    JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), roles: ['admin'] }),
  ).toString('base64url')
  expect(await verifyForwardedIdentity(`${header}.${promoted}.${signature}`, SECRET)).toBeNull()
  const signedByJose = (claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer('mesh-gateway')
      .setAudience('mesh-subgraphs')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET))
  expect(
    await verifyForwardedIdentity(await signedByJose({ roles: ['analyst', 'wizard'], channel: 'api' }), SECRET),
  ).toEqual({ subject: 'x', roles: ['analyst'], channel: 'api' })
  expect(
    await verifyForwardedIdentity(await signedByJose({ roles: ['analyst'], channel: 'telepathy' }), SECRET),
  ).toBeNull()
})

test('an expired, not yet valid, mis-addressed or unsigned token is no identity, as jose would judge it', async () => {
  const now = Math.floor(Date.now() / 1000)
  const signed = (claims: Record<string, unknown>) =>
    new SignJWT({ roles: ['analyst'], channel: 'api', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .sign(new TextEncoder().encode(SECRET))
  const valid = { iss: 'mesh-gateway', aud: 'mesh-subgraphs', exp: now + 60 }
  expect(await verifyForwardedIdentity(await signed(valid), SECRET)).toEqual({
    subject: 'x',
    roles: ['analyst'],
    channel: 'api',
  })
  expect(await verifyForwardedIdentity(await signed({ ...valid, aud: ['other', 'mesh-subgraphs'] }), SECRET)).toEqual({
    subject: 'x',
    roles: ['analyst'],
    channel: 'api',
  })
  for (const claims of [
    { ...valid, exp: now - 1 },
    { ...valid, nbf: now + 60 },
    { ...valid, iss: 'someone-else' },
    { ...valid, aud: 'another-audience' },
    { ...valid, exp: String(now + 60) },
  ]) {
    expect(await verifyForwardedIdentity(await signed(claims), SECRET)).toBeNull()
  }
  const [, payload] = (await signed(valid)).split('.')
  const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')
  expect(await verifyForwardedIdentity(`${none}.${payload}.`, SECRET)).toBeNull()
  expect(await verifyForwardedIdentity('not-a-token', SECRET)).toBeNull()
})

test('callers share reads only when roles, customer and channel are alike, whoever they are', () => {
  expect(permissionKey({ ...analyst, subject: 'other', requestId: 'req-2' })).toBe(permissionKey(analyst))
  expect(permissionKey({ ...analyst, roles: ['executive', 'analyst'] })).toBe(
    permissionKey({ ...analyst, roles: ['analyst', 'executive'] }),
  )
  expect(permissionKey({ ...analyst, channel: 'chat' })).not.toBe(permissionKey(analyst))
  expect(permissionKey({ subject: 'a', roles: ['customer'], customerId: 'C-1', channel: 'api' })).not.toBe(
    permissionKey({ subject: 'a', roles: ['customer'], customerId: 'C-2', channel: 'api' }),
  )
})

test("a caller's roles label spans, logs and metrics as one value: comma-separated, or none", () => {
  expect(roleLabel(analyst)).toBe('analyst')
  expect(roleLabel({ roles: ['risk_officer', 'analyst'] })).toBe('risk_officer,analyst')
  expect(roleLabel({ roles: [] })).toBe('none')
  expect(roleLabel(null)).toBe('none')
  expect(roleLabel(undefined)).toBe('none')
})
