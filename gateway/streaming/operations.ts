// What both streaming transports (websocket.ts, sse.ts) do with an operation once the caller is known: parse
// and validate it against the composed schema with the gateway's limits, count it against the caller's rate
// limits and caps, run queries and mutations through the gateway's usual path and subscriptions through the
// subscription router.
import type { ApolloServer } from '@apollo/server'
import {
  GraphQLError,
  getOperationAST,
  parse,
  print,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql'
import { ErrorCode } from '../../lib/errors'
import { mapEvents } from '../../lib/event-queue'
import type { AuditTrail } from '../../lib/audit-client'
import { roleLabel, type Identity } from '../../rules/identity'
import type { CallerAuthentication } from '../core/authentication'
import type { CallerRateLimits, RateLimitRefusal, RequestOrigin } from '../core/rate-limits'
import {
  callerTrace,
  currentRequestId,
  failSpan,
  isTracing,
  SpanKind,
  startSpan,
  trace,
  traceContext,
  type Span,
  type TraceTrust,
} from '../../lib/tracing'
import { countTokens } from '../plugins/request-limits'
import { gatewayMetrics } from '../core/metrics'
import type { SubscriptionRouter } from './subscriptions'
import type { TrustedDocuments } from '../plugins/trusted-documents'

export interface StreamingOptions {
  apollo: ApolloServer<{ identity: Identity }>
  apiSchema: GraphQLSchema
  router: SubscriptionRouter
  /** Verifies a WebSocket connection's token (HTTP requests, SSE included, are verified by its middleware). */
  authentication: CallerAuthentication
  /** Where refusals (unregistered operations, rate limits) are recorded. */
  auditTrail: AuditTrail
  validationRules: ValidationRule[]
  maxTokens: number
  rateLimits: CallerRateLimits
  /** Resolves registered operations sent by hash, and refuses free-form ones where the caller's mode enforces. */
  trustedDocuments?: TrustedDocuments
  /** Whose `traceparent` an operation's span continues (by the connection's address); default everyone's. */
  traceTrust?: TraceTrust
}

export interface OperationRequest {
  query?: unknown
  variables?: unknown
  operationName?: unknown
}

export interface PreparedOperation {
  document: DocumentNode
  variables: Record<string, unknown>
  operationName?: string
  kind: 'query' | 'mutation' | 'subscription'
}

/** Runs one query or mutation through the gateway (rules, limits, audit) under `identity`, in `span` when given. */
export async function executeThroughGateway(
  apollo: ApolloServer<{ identity: Identity }>,
  request: { query: string; variables?: Record<string, unknown>; operationName?: string },
  identity: Identity,
  span?: Span,
): Promise<ExecutionResult> {
  // A streaming transport's span (`operationSpan`): Apollo's view of the operation names it, and its subgraph
  // fetches and audit writes go under it (plugins/request-observation.ts). Apollo copies the context value.
  const contextValue: { identity: Identity; operationSpan?: Span } = span
    ? { identity, operationSpan: span }
    : { identity }
  const response = await apollo.executeOperation(request, { contextValue })
  if (response.body.kind !== 'single')
    return {
      errors: [
        new GraphQLError('Incremental delivery is not served over this transport', {
          extensions: { code: ErrorCode.BAD_USER_INPUT },
        }),
      ],
    }
  const { data, errors, extensions } = response.body.singleResult
  // Transports serialise errors themselves (toJSON): give them GraphQLErrors, not Apollo's formatted objects.
  return {
    data: data as ExecutionResult['data'],
    ...(errors && {
      errors: errors.map(
        (error) => new GraphQLError(error.message, { path: error.path, extensions: error.extensions }),
      ),
    }),
    ...(extensions && { extensions }),
  }
}

/** Parses and validates an operation against the composed schema with the gateway's limits. */
export function prepareOperation(
  options: StreamingOptions,
  request: OperationRequest,
): PreparedOperation | GraphQLError[] {
  const fail = (message: string, code: string) => [new GraphQLError(message, { extensions: { code } })]
  if (typeof request.query !== 'string' || request.query.trim() === '')
    return fail('The request has no query', 'BAD_REQUEST')
  if (countTokens(request.query, options.maxTokens) > options.maxTokens)
    return fail(`Token limit of ${options.maxTokens} exceeded.`, ErrorCode.LIMIT_EXCEEDED)
  if (request.variables != null && (typeof request.variables !== 'object' || Array.isArray(request.variables)))
    return fail('variables must be an object', 'BAD_REQUEST')
  const operationName = typeof request.operationName === 'string' ? request.operationName : undefined
  let document: DocumentNode
  try {
    document = parse(request.query)
  } catch (error) {
    return fail((error as Error).message, 'GRAPHQL_PARSE_FAILED')
  }
  const errors = validate(options.apiSchema, document, [...specifiedRules, ...options.validationRules])
  if (errors.length)
    return errors.map(
      (e) =>
        new GraphQLError(e.message, {
          nodes: e.nodes,
          extensions: { code: e.extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED' },
        }),
    )
  const operation = getOperationAST(document, operationName)
  if (!operation)
    return fail(
      operationName ? `No operation named "${operationName}"` : 'Name the operation to run (operationName)',
      'OPERATION_RESOLUTION_FAILURE',
    )
  // Named as the document names it when the request does not: for the operation's span, log line and audit records.
  return {
    document,
    variables: (request.variables ?? {}) as Record<string, unknown>,
    operationName: operationName ?? operation.name?.value,
    kind: operation.operation,
  }
}

/**
 * Admits one operation of the caller: its rate (queries and mutations, or new subscriptions) and, for a
 * subscription, a place under the caller's concurrent cap; `release` gives that place back.
 */
export async function admitOperation(
  options: StreamingOptions,
  operation: PreparedOperation,
  identity: Identity,
  origin: RequestOrigin,
): Promise<{ release: () => void } | RateLimitRefusal> {
  const refusal = await options.rateLimits.admit(
    operation.kind === 'subscription' ? 'subscriptions' : 'graphql',
    identity,
    origin,
  )
  if (refusal) return refusal
  if (operation.kind !== 'subscription') return { release: () => undefined }
  const held = await options.rateLimits.hold('subscriptions', identity, origin)
  return typeof held === 'function' ? { release: held } : held
}

/** An operation of a streaming transport as it runs: the caller under a request id of its own, and its span when tracing. */
export interface TracedOperation {
  identity: Identity
  span?: Span
}

/**
 * Starts an operation's server span, continuing the caller's `traceparent` (found in `carrier`) when
 * `options.traceTrust` admits the connection's address, and gives the operation its own request id: the
 * span's trace id, which its log lines, audit records and every event's queries carry.
 */
export function traceOperation(
  options: StreamingOptions,
  operation: PreparedOperation,
  identity: Identity,
  transport: 'websocket' | 'sse',
  carrier: Record<string, unknown>,
  address: string | undefined,
): TracedOperation {
  if (!isTracing()) return { identity: { ...identity, requestId: currentRequestId() } }
  const { parent, links } = callerTrace(carrier, (options.traceTrust ?? (() => true))(address))
  const span = startSpan(
    'gateway',
    `${operation.kind} ${operation.operationName ?? 'anonymous'}`,
    SpanKind.SERVER,
    {
      'graphql.operation.name': operation.operationName ?? 'anonymous',
      'graphql.operation.type': operation.kind,
      'mesh.caller.role': roleLabel(identity),
      'mesh.channel': identity.channel,
      'mesh.transport': transport,
    },
    parent,
    links,
  )
  return { identity: { ...identity, requestId: span.spanContext().traceId }, span }
}

/** A subscription's events, or its one error result when it cannot start; `release` is called when it ends. */
function subscribeOrFail(
  options: StreamingOptions,
  operation: PreparedOperation,
  { identity, span }: TracedOperation,
  releaseHeld: () => void,
): AsyncIterableIterator<ExecutionResult> | ExecutionResult {
  gatewayMetrics.activeSubscriptions.inc()
  let ended = false
  const release = () => {
    if (ended) return
    ended = true
    gatewayMetrics.activeSubscriptions.dec()
    releaseHeld()
    span?.end()
  }
  try {
    const events = options.router.subscribe(
      operation.document,
      operation.variables,
      operation.operationName,
      identity,
      span && trace.setSpan(traceContext.active(), span),
    )
    // `release` is called once the events end, however they end (done, returned or thrown into).
    // An event with a denied field is an event still; one without data ends the subscription with its reason.
    return mapEvents(
      events,
      (result) => {
        if (span && result.errors?.length && !result.data) failSpan(span, result.errors[0])
        return result
      },
      { onEnd: release },
    )
  } catch (error) {
    if (span) failSpan(span, error)
    release()
    if (error instanceof GraphQLError) return { errors: [error] }
    throw error
  }
}

export function runOperation(
  options: StreamingOptions,
  operation: PreparedOperation,
  traced: TracedOperation,
  release: () => void,
) {
  if (operation.kind === 'subscription') return subscribeOrFail(options, operation, traced, release)
  const request = {
    query: print(operation.document),
    variables: operation.variables,
    operationName: operation.operationName,
  }
  const { identity, span } = traced
  if (!span) return executeThroughGateway(options.apollo, request, identity)
  return traceContext
    .with(trace.setSpan(traceContext.active(), span), () =>
      executeThroughGateway(options.apollo, request, identity, span),
    )
    .finally(() => span.end())
}
