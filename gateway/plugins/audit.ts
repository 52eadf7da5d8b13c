// Every denial is recorded before the response leaves: the gateway collects the FORBIDDEN errors of a
// response, writes them to the audit trail, and only then answers. If the trail cannot be written, the
// response's data is withheld (fail closed) rather than sent unaudited.
import type { ApolloServerPlugin } from '@apollo/server'
import { print } from 'graphql'
import { performance } from 'node:perf_hooks'
import { ErrorCode } from '../../lib/errors'
import { createLogger, errorFields } from '../../lib/logger'
import { currentRequestId, inSpan, SpanKind, traceContext } from '../../lib/tracing'
import { denialRecord, forbiddenErrorRecords, type AuditTrail, type DenialRecord } from '../../lib/audit-client'
import type { Identity } from '../../rules/identity'
import { gatewayMetrics } from '../core/metrics'
import { operationTraceContext } from './request-observation'

const log = createLogger('gateway')

/** The same trail, each write timed and each failure counted for /metrics, and a client span of the request's trace. */
export function measureAuditWrites(trail: AuditTrail): AuditTrail {
  const measured = async (kind: 'denials' | 'restricted_access', records: number, write: () => Promise<void>) => {
    const startedAt = performance.now()
    try {
      await inSpan(
        'gateway',
        `audit write ${kind}`,
        SpanKind.CLIENT,
        { 'mesh.product': 'audit', 'mesh.audit.kind': kind, 'mesh.audit.records': records },
        write,
      )
    } catch (error) {
      gatewayMetrics.auditWriteFailures.inc({ kind })
      throw error
    } finally {
      gatewayMetrics.auditWriteDuration.observe({ kind }, (performance.now() - startedAt) / 1000)
    }
  }
  return {
    record: (denials) => measured('denials', denials.length, () => trail.record(denials)),
    recordRestrictedAccess: (reads) =>
      measured('restricted_access', reads.length, () => trail.recordRestrictedAccess(reads)),
  }
}

/** A rejected token is a denied attempt too: record it (best effort; the caller gets 401 either way). */
export async function recordRejectedToken(trail: AuditTrail, error: unknown, body: unknown): Promise<void> {
  const request = (body ?? {}) as { query?: unknown; operationName?: unknown }
  try {
    await trail.record([
      denialRecord(
        { subject: 'unauthenticated', roles: [], channel: 'api', requestId: currentRequestId() },
        {
          operation: typeof request.query === 'string' ? request.query : '',
          operationName: typeof request.operationName === 'string' ? request.operationName : null,
        },
        {
          field: 'authentication',
          code: ErrorCode.UNAUTHENTICATED,
          reason: error instanceof Error ? error.message : 'token rejected',
        },
      ),
    ])
  } catch (auditError) {
    log.error(errorFields(auditError), 'gateway: a rejected token could not be recorded in the audit trail')
  }
}

/**
 * A refusal of a whole request (a rate limit, an unregistered operation) as the trail keeps denials: what was
 * refused is in `field`, the request's document in `operation`; a caller without a token is known by address.
 */
export function refusalRecord(
  identity: Identity,
  origin: { address: string | undefined; operation: string; operationName?: string | null },
  refusal: { field: string; code: string; reason: string },
): DenialRecord {
  const reason = identity.roles.length
    ? refusal.reason
    : `${refusal.reason} (from ${origin.address ?? 'an unknown address'})`
  return denialRecord(
    identity,
    { operation: origin.operation, operationName: origin.operationName ?? null },
    { ...refusal, reason },
  )
}

export function useAuditTrail(trail: AuditTrail): ApolloServerPlugin<{ identity: Identity }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, request, document, operationName }) {
          if (response.body.kind !== 'single') return
          const result = response.body.singleResult
          const denied = (result.errors ?? []).filter((e) => e.extensions?.code === ErrorCode.FORBIDDEN)
          if (denied.length === 0) return
          const records = forbiddenErrorRecords(
            contextValue.identity,
            {
              operation: request.query ?? (document ? print(document) : ''),
              operationName: operationName ?? request.operationName ?? null,
            },
            denied,
          )
          try {
            await traceContext.with(operationTraceContext(contextValue), () => trail.record(records))
          } catch (error) {
            log.error(
              { requestId: contextValue.identity.requestId, ...errorFields(error) },
              `gateway: denials could not be recorded (${error instanceof Error ? error.message : String(error)}); withholding the response data`,
            )
            result.data = null
            result.errors = [
              {
                message:
                  'Part of this request was denied and the denial could not be recorded in the audit trail, so no data is returned. Try again shortly.',
                extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, serviceName: 'audit' },
              },
            ]
          }
        },
      }
    },
  }
}
