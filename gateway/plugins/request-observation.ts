// One log line and the request metrics for every GraphQL request the gateway answers: who asked (request id,
// subject, role, channel), what (operation name and type), how long and how it ended (codes, HTTP status).
// Never the token, the variables or the data. The request id is the one the caller's audit records carry,
// and goes back to the caller as `x-request-id`. When tracing, each request is a server span, and its trace id is
// the request id.
import type { ApolloServerPlugin } from '@apollo/server'
import type { RequestHandler } from 'express'
import { performance } from 'node:perf_hooks'
import { createLogger } from '../../lib/logger'
import {
  currentRequestId,
  isTracing,
  SpanKind,
  startHttpServerSpan,
  startSpan,
  trace,
  traceContext,
  type Span,
  type TraceTrust,
} from '../../lib/tracing'
import { roleLabel, type Identity } from '../../rules/identity'
import { codeLabel, gatewayMetrics, operationLabel } from '../core/metrics'

/** What Apollo knew of a request when it answered. */
interface OperationFacts {
  identity: Identity | undefined
  operationName: string | null
  operationType: string | null
  codes: string[]
  status: number
}

interface Observation {
  startedAt: number
  facts?: OperationFacts
  /** The request's server span, when tracing. */
  span?: Span
}

/** Links an HTTP request to Apollo's view of it: set by the middleware, read by the plugin, never trusted from a client. */
const OBSERVATION_HEADER = 'x-mesh-observation'
/** The HTTP status of a request Apollo never ran (refused before: body limits, token, rate limit), as a code. */
const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  413: 'LIMIT_EXCEEDED',
  429: 'RATE_LIMITED',
}

const log = createLogger('gateway')

export interface RequestObservation {
  /** Express middleware for /graphql: times the whole HTTP request and logs it once answered. */
  http: RequestHandler
  /** Apollo plugin: what the request was and how it ended; logs requests run in-process (WebSocket, SSE, chat, exports). */
  plugin: ApolloServerPlugin<{ identity: Identity }>
}

/** `traceTrust`: whose `traceparent` a request's span continues (lib/tracing.ts callerTrace). */
export function createRequestObservation(traceTrust: TraceTrust = () => true): RequestObservation {
  const pending = new Map<string, Observation>()
  let next = 0

  const http: RequestHandler = (req, res, proceed) => {
    // Streams (SSE) are counted as connections, and their operations as they run.
    if ((req.headers.accept ?? '').includes('text/event-stream')) return proceed()
    const id = String(++next)
    const observation: Observation = { startedAt: performance.now() }
    pending.set(id, observation)
    req.headers[OBSERVATION_HEADER] = id
    res.once('close', () => {
      pending.delete(id)
      const facts = observation.facts ?? factsOfRefusal(req.body, res.statusCode)
      record(
        'http',
        facts,
        performance.now() - observation.startedAt,
        facts.identity?.requestId ?? observation.span?.spanContext().traceId ?? currentRequestId(),
      )
    })
    if (!isTracing()) return proceed()
    // Registered after the listener above, so the span ends once the request is logged under its id.
    observation.span = startHttpServerSpan('gateway', req, res, traceTrust)
    const spanContext = trace.setSpan(traceContext.active(), observation.span)
    // The body parser calls on from the request's own events: bound, they run in the request's trace too.
    traceContext.bind(spanContext, req)
    traceContext.with(spanContext, proceed)
  }

  const plugin: ApolloServerPlugin<{ identity: Identity }> = {
    async requestDidStart({ request, contextValue }) {
      const startedAt = performance.now()
      const id = request.http?.headers.get(OBSERVATION_HEADER)
      const observation = id === undefined ? undefined : pending.get(id)
      // In-process operations (chat, exports) get a span of their own, their fetches under it; a streaming
      // transport's operation (WebSocket, SSE) brings the span it started, and ends it itself.
      const adopted = (contextValue as { operationSpan?: Span }).operationSpan
      if (adopted) operationContexts.set(contextValue, trace.setSpan(traceContext.active(), adopted))
      const span = observation?.span ?? adopted ?? (isTracing() ? startOperationSpan(contextValue) : undefined)
      return {
        async willSendResponse({ response, contextValue, operation, operationName }) {
          const identity = contextValue.identity as Identity | undefined
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined
          const facts: OperationFacts = {
            identity,
            operationName: operationName ?? request.operationName ?? null,
            operationType: operation?.operation ?? null,
            codes: errors?.length
              ? [...new Set(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))]
              : [],
            status: response.http.status ?? 200,
          }
          if (identity?.requestId && request.http) response.http.headers.set('x-request-id', identity.requestId)
          if (span) describeOperation(span, facts)
          if (observation) observation.facts = facts
          else {
            if (!adopted) span?.end()
            record('in-process', facts, performance.now() - startedAt, identity?.requestId ?? 'unknown')
          }
        },
      }
    },
  }
  return { http, plugin }
}

/** Where the subgraph fetches of an operation run in-process find the span they belong under. */
const operationContexts = new WeakMap<object, ReturnType<typeof traceContext.active>>()

/** The trace context of an operation's subgraph fetches and audit write: its own span's, or the active one. */
export function operationTraceContext(contextValue: object | undefined) {
  return (contextValue && operationContexts.get(contextValue)) ?? traceContext.active()
}

function startOperationSpan(contextValue: object): Span {
  const identity = (contextValue as { identity?: Identity }).identity
  const span = startSpan(
    'gateway',
    'graphql operation',
    SpanKind.SERVER,
    identity?.requestId ? { 'mesh.request_id': identity.requestId } : {},
  )
  operationContexts.set(contextValue, trace.setSpan(traceContext.active(), span))
  return span
}

/** What a request's span says of it: the operation and the caller's role and channel; never the token, variables or data. */
function describeOperation(span: Span, facts: OperationFacts): void {
  const identity = facts.identity
  span.updateName(`${facts.operationType ?? 'graphql'} ${facts.operationName ?? 'anonymous'}`)
  span.setAttributes({
    'graphql.operation.name': facts.operationName ?? 'anonymous',
    'graphql.operation.type': facts.operationType ?? 'unknown',
    'mesh.caller.role': roleLabel(identity),
    'mesh.channel': identity?.channel ?? 'api',
    'mesh.outcome': facts.codes.length ? facts.codes.join(',') : 'ok',
  })
}

function record(transport: 'http' | 'in-process', facts: OperationFacts, durationMs: number, requestId: string): void {
  const outcome = facts.codes.length || facts.status >= 400 ? 'error' : 'ok'
  gatewayMetrics.requests.inc({
    transport,
    operation: operationLabel(facts.operationName),
    outcome,
    code: codeLabel(facts.codes[0]),
  })
  gatewayMetrics.requestDuration.observe({ transport, outcome }, durationMs / 1000)
  if (!log.isLevelEnabled('info')) return
  const identity = facts.identity
  log.info(
    {
      requestId,
      subject: identity?.subject ?? 'unauthenticated',
      role: roleLabel(identity),
      channel: identity?.channel ?? 'api',
      transport,
      operationName: facts.operationName,
      operationType: facts.operationType,
      durationMs: Math.round(durationMs * 10) / 10,
      outcome: outcome === 'ok' ? 'ok' : facts.codes,
      status: facts.status,
    },
    'graphql request',
  )
}

/**
 * A request Apollo did not run (refused before it, or answered by an export): the operation name it sent, or
 * the first one its document names, and the code of its status.
 */
function factsOfRefusal(body: unknown, status: number): OperationFacts {
  const { operationName, query } = (body ?? {}) as { operationName?: unknown; query?: unknown }
  const named = typeof query === 'string' ? FIRST_OPERATION.exec(query.slice(0, 500)) : null
  const code =
    status >= 400 ? (STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST')) : undefined
  return {
    identity: undefined,
    operationName: typeof operationName === 'string' ? operationName : (named?.[2] ?? null),
    operationType: named?.[1] ?? null,
    codes: code ? [code] : [],
    status,
  }
}
const FIRST_OPERATION = /^\s*(query|mutation|subscription)\s+([A-Za-z_]\w*)/
