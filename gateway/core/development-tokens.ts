// Issues tokens from the embedded development issuer, so a newcomer (and the tests) can try every role; auth.ts
// verifies them like any other issuer's.
import { SignJWT } from 'jose'
import type { Channel, Role } from '../../rules/identity'

export const DEFAULT_ISSUER = 'https://issuer.mesh.local'
export const DEFAULT_AUDIENCE = 'banking-data-mesh'

export interface TokenRequest {
  role: Role
  subject?: string
  customerId?: string
  channel?: Channel
  /** Lifetime such as "1h", "15m", "7d". Default 1h. */
  ttl?: string
  issuer?: string
  audience?: string
}

export function issueDevelopmentToken(secret: string, request: TokenRequest): Promise<string> {
  return new SignJWT({
    roles: [request.role],
    ...(request.customerId && { customerId: request.customerId }),
    channel: request.channel ?? 'api',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject ?? `${request.role}${request.customerId ? `:${request.customerId}` : ''}@example.com`)
    .setIssuer(request.issuer ?? DEFAULT_ISSUER)
    .setAudience(request.audience ?? DEFAULT_AUDIENCE)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(request.ttl ?? '1h')
    .sign(new TextEncoder().encode(secret))
}
