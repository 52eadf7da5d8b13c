// The client of the audit trail: writes denials and granted restricted reads to the audit data product's
// internal endpoints with the mesh's own service identity, for the gateway (requests it served) and the
// subgraphs (calls that bypassed it). A client, so here and not in rules/, which decides and does no I/O.
import { randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { GATEWAY_SERVICE_SUBJECT, IDENTITY_HEADER, signForwardedIdentity } from '../rules/identity'
import type { RestrictedRead } from '../rules/permissions'
import { injectTraceHeaders } from './tracing'

/** Who asked, as which role, through which channel, when, in which request: what every audit record holds. */
interface AuditedRequest {
  occurredAt: Date
  requestId: string
  subject: string
  roles: string[]
  channel: string
  operationName: string | null
}

export interface DenialRecord extends AuditedRequest {
  operation: string
  field: string
  path: string
  code: string
  reason: string
}

/** Whom a record names: a verified caller, or a stand-in for a caller the mesh could not verify. */
export interface AuditedCaller {
  subject: string
  roles: readonly string[]
  channel: string
  /** The request's id; `unknown` when the caller carries none. */
  requestId?: string
}

/** What was denied or refused and why: a field and its path, or the whole request (`path` empty). */
export interface Denial {
  field: string
  path?: string
  code: string
  reason: string
}

/** The one builder of audit records: who asked, in which operation, what was denied or refused, and why. */
export function denialRecord(
  caller: AuditedCaller,
  request: { operation: string; operationName: string | null },
  denial: Denial,
  occurredAt = new Date(),
): DenialRecord {
  return {
    occurredAt,
    requestId: caller.requestId ?? 'unknown',
    subject: caller.subject,
    roles: [...caller.roles],
    channel: caller.channel,
    operationName: request.operationName,
    operation: request.operation,
    field: denial.field,
    path: denial.path ?? '',
    code: denial.code,
    reason: denial.reason,
  }
}

/** The records of the FORBIDDEN errors one operation was answered with, each naming the field the rules denied. */
export function forbiddenErrorRecords(
  caller: AuditedCaller,
  request: { operation: string; operationName: string | null },
  denied: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[],
): DenialRecord[] {
  const occurredAt = new Date()
  return denied.map((error) =>
    denialRecord(
      caller,
      request,
      {
        field: typeof error.extensions?.field === 'string' ? error.extensions.field : 'unclassified',
        path: (error.path ?? []).join('.'),
        code: 'FORBIDDEN',
        reason: typeof error.extensions?.reason === 'string' ? error.extensions.reason : error.message,
      },
      occurredAt,
    ),
  )
}

/** A granted read of restricted data, recorded like a denial. */
export interface RestrictedAccessRecord extends AuditedRequest, RestrictedRead {}

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
export function createAuditTrail(options: {
  url: string
  internalSecret: string
  timeoutMillis?: number
  attempts?: number
}): AuditTrail {
  const attempts = options.attempts ?? ATTEMPTS
  async function send(url: string, body: string): Promise<void> {
    let failure: unknown
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await delay(100 * 2 ** (attempt - 2))
      try {
        const serviceIdentity = await signForwardedIdentity(
          { subject: GATEWAY_SERVICE_SUBJECT, roles: [], channel: 'api' },
          options.internalSecret,
        )
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          [IDENTITY_HEADER]: serviceIdentity,
        }
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
    record: (denials) =>
      send(options.url, JSON.stringify({ denials: denials.map((denial) => ({ id: randomUUID(), ...denial })) })),
    recordRestrictedAccess: (reads) =>
      send(
        restrictedAccessEndpoint(options.url),
        JSON.stringify({ reads: reads.map((read) => ({ id: randomUUID(), ...read })) }),
      ),
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
