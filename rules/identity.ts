// Who is asking: the roles and channels of the mesh, and the identity the gateway forwards to the
// subgraphs as a short-lived token signed with a secret only the mesh's own services hold.
import { createHmac } from 'node:crypto'
import { jwtVerify } from 'jose'

export const ROLES = ['customer', 'customer_service', 'analyst', 'marketing', 'risk_officer', 'compliance_officer', 'executive', 'admin'] as const
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

function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret)
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
export async function verifyForwardedIdentity(header: string | undefined, internalSecret: string): Promise<Identity | null> {
  if (!header) return null
  try {
    const { payload } = await jwtVerify(header, secretKey(internalSecret), { algorithms: ['HS256'], issuer: INTERNAL_ISSUER, audience: INTERNAL_AUDIENCE })
    const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : []
    if (!payload.sub || !isChannel(payload.channel)) return null
    return {
      subject: payload.sub,
      roles,
      channel: payload.channel,
      ...(typeof payload.customerId === 'string' && { customerId: payload.customerId }),
      ...(typeof payload.requestId === 'string' && { requestId: payload.requestId }),
    }
  } catch {
    return null
  }
}
