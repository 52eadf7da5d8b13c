// Where denials go: the audit data product's internal write endpoint, called with the mesh's own service
// identity by the gateway (for requests it served) and by subgraphs (for calls that bypassed it).
import { randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { injectTraceHeaders } from '../lib/tracing'
import { GATEWAY_SERVICE_SUBJECT, IDENTITY_HEADER, signForwardedIdentity } from './identity'

export interface DenialRecord {
  occurredAt: Date
  requestId: string
  subject: string
  roles: string[]
  channel: string
  operationName: string | null
  operation: string
  field: string
  path: string
  code: string
  reason: string
}

/** One restricted value a caller was granted: the field, where it was in the answer, and whose it is. */
export interface RestrictedRead {
  field: string
  path: string
  customerId: string | null
}

/** A granted read of restricted data, recorded like a denial: who, as which role, through which channel, when. */
export interface RestrictedAccessRecord extends RestrictedRead {
  occurredAt: Date
  requestId: string
  subject: string
  roles: string[]
  channel: string
  operationName: string | null
}

export interface AuditTrail {
  /** Resolves once the records are committed; rejects when they could not be. */
  record(denials: DenialRecord[]): Promise<void>
  /** The same for granted reads of restricted data. */
  recordRestrictedAccess(reads: RestrictedAccessRecord[]): Promise<void>
}

/** How long one write may take, and how many times a write that timed out or found the trail busy is sent. */
const ATTEMPT_TIMEOUT_MS = 5000
const ATTEMPTS = 3

/**
 * Writes to the audit subgraph's internal endpoint with the mesh's own service identity. Each record gets its
 * id here, once, so a write that timed out after it was committed can be sent again without being recorded
 * twice: a busy trail (a slow or briefly unreachable audit service) costs a caller time, not a refusal.
 */
export function createAuditTrail(options: { url: string; internalSecret: string; timeoutMillis?: number; attempts?: number }): AuditTrail {
  const attempts = options.attempts ?? ATTEMPTS
  async function send(url: string, body: string): Promise<void> {
    let failure: unknown
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await delay(100 * 2 ** (attempt - 2))
      try {
        const serviceIdentity = await signForwardedIdentity({ subject: GATEWAY_SERVICE_SUBJECT, roles: [], channel: 'api' }, options.internalSecret)
        const headers: Record<string, string> = { 'content-type': 'application/json', [IDENTITY_HEADER]: serviceIdentity }
        // The audit service's span of this write joins the writer's trace.
        injectTraceHeaders(headers)
        const response = await fetch(url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(options.timeoutMillis ?? ATTEMPT_TIMEOUT_MS),
        })
        if (response.ok) return
        failure = new Error(`audit trail answered HTTP ${response.status}`)
        // A refusal (bad records, a wrong identity) will be refused again; only a failing trail is retried.
        if (response.status < 500) break
      } catch (error) {
        failure = error
      }
    }
    throw failure
  }
  return {
    record: (denials) => send(options.url, JSON.stringify({ denials: denials.map((denial) => ({ id: randomUUID(), ...denial })) })),
    recordRestrictedAccess: (reads) => send(restrictedAccessEndpoint(options.url), JSON.stringify({ reads: reads.map((read) => ({ id: randomUUID(), ...read })) })),
  }
}

/** The audit endpoint of the audit subgraph whose GraphQL URL is given. */
export function auditEndpoint(auditGraphqlUrl: string): string {
  return auditGraphqlUrl.replace(/\/graphql\/?$/, '') + '/internal/access-denials'
}

/** Where granted reads of restricted data go, beside the denials' endpoint. */
export function restrictedAccessEndpoint(denialsEndpoint: string): string {
  return denialsEndpoint.replace(/\/internal\/access-denials$/, '/internal/restricted-access')
}

