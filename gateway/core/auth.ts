// Authenticates callers: verifies the bearer token (HS256 for the embedded issuer; RS256/ES256 through
// a JWKS URL or a public key in production) and turns it into the identity forwarded to subgraphs.
import { GraphQLError } from 'graphql'
import { createLocalJWKSet, createRemoteJWKSet, importSPKI, jwtVerify, type JWTVerifyGetKey, type KeyLike } from 'jose'
import { ErrorCode } from '../../lib/errors'
import { currentRequestId } from '../../lib/tracing'
import { isChannel, isRole, SERVICE_SUBJECT_PREFIX, type Channel, type Identity } from '../../rules/identity'

export interface AuthOptions {
  /** HS256 shared secret of the embedded issuer (development and tests). */
  hs256Secret?: string
  /** JWKS endpoint of the production identity provider (RS256/ES256). */
  jwksUrl?: string
  /** Inline JWKS (JSON) of the production identity provider. */
  jwks?: string
  /** PEM public key (SPKI) of the production identity provider. */
  publicKeyPem?: string
  /** Algorithm of `publicKeyPem`. Default: RS256. */
  publicKeyAlgorithm?: 'RS256' | 'ES256'
  issuer: string
  audience: string
}

/** The identity of a request without a token: no roles, so every protected field is denied. */
export function anonymousIdentity(requestId: string): Identity {
  return { subject: 'anonymous', roles: [], channel: 'api', requestId }
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } })
}

export interface Authenticator {
  /** Verifies an Authorization header value; throws UNAUTHENTICATED for any token that is not valid. */
  authenticate(authorization: string | undefined, requestedChannel?: string): Promise<Identity>
}

export async function createAuthenticator(options: AuthOptions): Promise<Authenticator> {
  const verifiers: { key: Uint8Array | KeyLike | JWTVerifyGetKey; algorithms: string[] }[] = []
  if (options.hs256Secret) verifiers.push({ key: new TextEncoder().encode(options.hs256Secret), algorithms: ['HS256'] })
  if (options.jwksUrl)
    verifiers.push({ key: createRemoteJWKSet(new URL(options.jwksUrl)), algorithms: ['RS256', 'ES256'] })
  if (options.jwks) verifiers.push({ key: createLocalJWKSet(JSON.parse(options.jwks)), algorithms: ['RS256', 'ES256'] })
  if (options.publicKeyPem) {
    const algorithm = options.publicKeyAlgorithm ?? 'RS256'
    verifiers.push({ key: await importSPKI(options.publicKeyPem, algorithm), algorithms: [algorithm] })
  }
  if (verifiers.length === 0)
    throw new Error('No token verification key configured: set JWT_SECRET, JWT_JWKS_URL, JWT_JWKS or JWT_PUBLIC_KEY')

  const verifiedTokens = createVerifiedTokenCache()
  return {
    async authenticate(authorization, requestedChannel) {
      // The request's trace id when tracing, so its logs, audit records and trace share one id.
      const requestId = currentRequestId()
      if (!authorization) return { ...anonymousIdentity(requestId), channel: narrowChannel('api', requestedChannel) }
      const match = /^Bearer\s+(\S+)$/i.exec(authorization)
      if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"')
      const token = match[1]!
      const algorithm = headerAlgorithm(token)
      const verifier = verifiers.find((v) => v.algorithms.includes(algorithm))
      if (!verifier) throw unauthenticated(`Tokens signed with ${algorithm} are not accepted`)
      let payload = verifiedTokens.get(token)
      if (!payload) {
        try {
          const verified =
            typeof verifier.key === 'function'
              ? await jwtVerify(token, verifier.key, {
                  algorithms: verifier.algorithms,
                  issuer: options.issuer,
                  audience: options.audience,
                })
              : await jwtVerify(token, verifier.key, {
                  algorithms: verifier.algorithms,
                  issuer: options.issuer,
                  audience: options.audience,
                })
          payload = verified.payload
        } catch (error) {
          throw unauthenticated(describeRejection(error))
        }
        verifiedTokens.set(token, payload)
      }
      const roles = (
        Array.isArray(payload.roles) ? payload.roles : typeof payload.role === 'string' ? [payload.role] : []
      ).filter(isRole)
      if (roles.length === 0) throw unauthenticated('The token names no known role')
      const customerId = typeof payload.customerId === 'string' ? payload.customerId : undefined
      if (roles.includes('customer') && !customerId)
        throw unauthenticated('A customer token must carry the customer id it is bound to (customerId claim)')
      const subject = String(payload.sub ?? 'unknown')
      // The mesh's own services (the gateway writing the audit trail, the catalog) sign as `service:…`; no caller may.
      if (subject.startsWith(SERVICE_SUBJECT_PREFIX))
        throw unauthenticated(
          `A caller's subject may not start with "${SERVICE_SUBJECT_PREFIX}", which the mesh reserves for its own services`,
        )
      const tokenChannel: Channel = isChannel(payload.channel) ? payload.channel : 'api'
      return {
        subject,
        roles,
        ...(customerId && { customerId }),
        channel: narrowChannel(tokenChannel, requestedChannel),
        requestId,
        ...(typeof payload.exp === 'number' && { expiresAt: payload.exp * 1000 }),
      }
    },
  }
}

/** Verified tokens are remembered this long at most (and never past their expiry), so a key rotation takes effect soon. */
const VERIFIED_TOKEN_TTL_MS = 5 * 60_000
const VERIFIED_TOKEN_CAPACITY = 10_000

/**
 * A caller sends the same token with every request; checking its signature once, not each time, takes the
 * cost of authentication off the request path. Bounded, oldest first out; an expired token is checked again
 * (and then refused).
 */
function createVerifiedTokenCache() {
  const entries = new Map<string, { payload: Record<string, unknown>; until: number }>()
  return {
    get(token: string): Record<string, unknown> | undefined {
      const entry = entries.get(token)
      if (!entry) return undefined
      if (Date.now() < entry.until) return entry.payload
      entries.delete(token)
      return undefined
    },
    set(token: string, payload: Record<string, unknown>): void {
      const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : Date.now()
      const until = Math.min(expiresAt, Date.now() + VERIFIED_TOKEN_TTL_MS)
      if (until <= Date.now()) return
      if (entries.size >= VERIFIED_TOKEN_CAPACITY) entries.delete(entries.keys().next().value!)
      entries.set(token, { payload, until })
    },
  }
}

/** A request may narrow its channel (api → chat), never widen it: a chat token stays chat. */
function narrowChannel(tokenChannel: Channel, requested: string | undefined): Channel {
  return tokenChannel === 'chat' || requested === 'chat' ? 'chat' : 'api'
}

function headerAlgorithm(token: string): string {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown }
    if (typeof header.alg !== 'string') throw new Error('no alg')
    if (header.alg.toLowerCase() === 'none') throw unauthenticated('Unsigned tokens (alg "none") are not accepted')
    return header.alg
  } catch (error) {
    if (error instanceof GraphQLError) throw error
    throw unauthenticated('The bearer token is not a well-formed JWT')
  }
}

function describeRejection(error: unknown): string {
  const code = (error as { code?: string }).code
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'The token has expired; get a new one'
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claim = (error as { claim?: string }).claim
      return claim === 'nbf' ? 'The token is not valid yet' : `The token's "${claim}" claim is not accepted here`
    }
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'The token signature is not valid'
    default:
      return 'The bearer token could not be verified'
  }
}
