// Who is asking: the roles and channels of the mesh, and the identity the gateway forwards to the
// subgraphs as a short-lived token signed with a secret only the mesh's own services hold.
import { createHmac, timingSafeEqual } from 'node:crypto'

export const ROLES = [
  'customer',
  'customer_service',
  'analyst',
  'marketing',
  'risk_officer',
  'compliance_officer',
  'executive',
  'admin',
] as const
export type Role = (typeof ROLES)[number]

export const CHANNELS = ['api', 'chat'] as const
export type Channel = (typeof CHANNELS)[number]

export interface Identity {
  /** The caller's stable id (the token's `sub`). */
  subject: string
  roles: Role[]
  /** For the `customer` role: the one customer the caller is. */
  customerId?: string
  channel: Channel
  /** Correlates the gateway's request with what subgraphs log and audit. */
  requestId?: string
  /** When the caller's token expires (epoch milliseconds): long-lived subscriptions end then. */
  expiresAt?: number
}

/** The caller's roles as one label, for spans, logs and metrics: comma-separated, or `none` for no caller. */
export function roleLabel(identity: Pick<Identity, 'roles'> | null | undefined): string {
  return identity?.roles.length ? identity.roles.join(',') : 'none'
}

/** Subjects of the mesh's own services start with this; no caller's token may claim one. */
export const SERVICE_SUBJECT_PREFIX = 'service:'

/** The subject of the gateway's own service identity (used to write the audit trail). */
export const GATEWAY_SERVICE_SUBJECT = `${SERVICE_SUBJECT_PREFIX}gateway`

/** The header carrying the gateway-signed identity from gateway to subgraph. */
export const IDENTITY_HEADER = 'x-mesh-identity'
const INTERNAL_ISSUER = 'mesh-gateway'
const INTERNAL_AUDIENCE = 'mesh-subgraphs'
export const INTERNAL_TTL_SECONDS = 60

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value)
}

/**
 * Signs the identity the gateway forwards with one subgraph request: a JWT (HS256) as jose's SignJWT would make
 * it, made with node:crypto's HMAC at once, since every request of the gateway signs one.
 */
export function signForwardedIdentity(identity: Identity, internalSecret: string): Promise<string> {
  const issuedAt = Math.floor(Date.now() / 1000)
  const claims = {
    roles: identity.roles,
    customerId: identity.customerId,
    channel: identity.channel,
    requestId: identity.requestId,
    sub: identity.subject,
    iss: INTERNAL_ISSUER,
    aud: INTERNAL_AUDIENCE,
    iat: issuedAt,
    exp: issuedAt + INTERNAL_TTL_SECONDS,
  }
  const signed = `${SIGNED_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`
  return Promise.resolve(`${signed}.${createHmac('sha256', internalSecret).update(signed).digest('base64url')}`)
}
const SIGNED_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url')

/**
 * What a subgraph trusts: only an identity the gateway signed. Anything else (no header, a forged or
 * expired one) is no identity at all, and gets nothing protected.
 */
export async function verifyForwardedIdentity(
  header: string | undefined,
  internalSecret: string,
): Promise<Identity | null> {
  const payload = header ? verifiedClaims(header, internalSecret) : null
  if (!payload) return null
  const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : []
  if (typeof payload.sub !== 'string' || !payload.sub || !isChannel(payload.channel)) return null
  return {
    subject: payload.sub,
    roles,
    channel: payload.channel,
    ...(typeof payload.customerId === 'string' && { customerId: payload.customerId }),
    ...(typeof payload.requestId === 'string' && { requestId: payload.requestId }),
  }
}

/**
 * The claims of an HS256 JWT signed with `secret`, checked as jose's jwtVerify checks them (the algorithm, the
 * signature, issuer, audience, exp, nbf, iat), or null. node:crypto's HMAC at once, since every request a subgraph
 * serves carries one: jose goes through WebCrypto and imports the key each time, a fifth of a millisecond a request.
 */
function verifiedClaims(token: string, secret: string): Record<string, unknown> | null {
  try {
    const [header, payload, signature, extra] = token.split('.')
    if (!header || !payload || signature === undefined || extra !== undefined) return null
    const protectedHeader = parseJsonObject(header)
    // `crit` names extensions (jose rejects those it does not know, and an unencoded payload in a JWT): none is accepted here.
    if (protectedHeader?.alg !== 'HS256' || 'crit' in protectedHeader || 'b64' in protectedHeader) return null
    const expected = Buffer.from(createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'))
    const given = Buffer.from(signature)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
    const claims = parseJsonObject(payload)
    if (!claims || claims.iss !== INTERNAL_ISSUER) return null
    if (!(claims.aud === INTERNAL_AUDIENCE || (Array.isArray(claims.aud) && claims.aud.includes(INTERNAL_AUDIENCE))))
      return null
    const now = Math.floor(Date.now() / 1000)
    for (const time of ['exp', 'nbf', 'iat'] as const)
      if (claims[time] !== undefined && typeof claims[time] !== 'number') return null
    if (typeof claims.exp === 'number' && claims.exp <= now) return null
    if (typeof claims.nbf === 'number' && claims.nbf > now) return null
    return claims
  } catch {
    return null
  }
}

function parseJsonObject(segment: string): Record<string, unknown> | null {
  const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null
}
