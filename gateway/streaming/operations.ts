// What both streaming transports (websocket.ts, sse.ts) do with an operation once the caller is known: parse
// and validate it against the composed schema with the gateway's limits, count it against the caller's rate
// limits and caps, run queries and mutations through the gateway's usual path and subscriptions through the
// subscription router.
import type { ApolloServer } from '@apollo/server'
import {
  GraphQLError, getOperationAST, parse, print, specifiedRules, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema, type ValidationRule,
} from 'graphql'
import { ErrorCode } from '../../lib/errors'
import { mapEvents } from '../../lib/event-queue'
import type { AuditTrail } from '../../lib/audit-client'
import type { Identity } from '../../rules/identity'
import type { CallerAuthentication } from '../core/authentication'
import type { CallerRateLimits, RateLimitRefusal, RequestOrigin } from '../core/rate-limits'
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

/** Runs one query or mutation through the gateway (rules, limits, audit) under `identity`. */
export async function executeThroughGateway(apollo: ApolloServer<{ identity: Identity }>, request: { query: string; variables?: Record<string, unknown>; operationName?: string }, identity: Identity): Promise<ExecutionResult> {
  const response = await apollo.executeOperation(request, { contextValue: { identity } })
  if (response.body.kind !== 'single') return { errors: [new GraphQLError('Incremental delivery is not served over this transport', { extensions: { code: ErrorCode.BAD_USER_INPUT } })] }
  const { data, errors, extensions } = response.body.singleResult
  // Transports serialise errors themselves (toJSON): give them GraphQLErrors, not Apollo's formatted objects.
  return {
    data: data as ExecutionResult['data'],
    ...(errors && { errors: errors.map((error) => new GraphQLError(error.message, { path: error.path, extensions: error.extensions })) }),
    ...(extensions && { extensions }),
  }
}

/** Parses and validates an operation against the composed schema with the gateway's limits. */
export function prepareOperation(options: StreamingOptions, request: OperationRequest): PreparedOperation | GraphQLError[] {
  const fail = (message: string, code: string) => [new GraphQLError(message, { extensions: { code } })]
  if (typeof request.query !== 'string' || request.query.trim() === '') return fail('The request has no query', 'BAD_REQUEST')
  if (countTokens(request.query, options.maxTokens) > options.maxTokens) return fail(`Token limit of ${options.maxTokens} exceeded.`, ErrorCode.LIMIT_EXCEEDED)
  if (request.variables != null && (typeof request.variables !== 'object' || Array.isArray(request.variables))) return fail('variables must be an object', 'BAD_REQUEST')
  const operationName = typeof request.operationName === 'string' ? request.operationName : undefined
  let document: DocumentNode
  try {
    document = parse(request.query)
  } catch (error) {
    return fail((error as Error).message, 'GRAPHQL_PARSE_FAILED')
  }
  const errors = validate(options.apiSchema, document, [...specifiedRules, ...options.validationRules])
  if (errors.length) return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: e.extensions?.code ?? 'GRAPHQL_VALIDATION_FAILED' } }))
  const operation = getOperationAST(document, operationName)
  if (!operation) return fail(operationName ? `No operation named "${operationName}"` : 'Name the operation to run (operationName)', 'OPERATION_RESOLUTION_FAILURE')
  return { document, variables: (request.variables ?? {}) as Record<string, unknown>, operationName, kind: operation.operation }
}

/**
 * Admits one operation of the caller: its rate (queries and mutations, or new subscriptions) and, for a
 * subscription, a place under the caller's concurrent cap; `release` gives that place back.
 */
export async function admitOperation(options: StreamingOptions, operation: PreparedOperation, identity: Identity, origin: RequestOrigin): Promise<{ release: () => void } | RateLimitRefusal> {
  const refusal = await options.rateLimits.admit(operation.kind === 'subscription' ? 'subscriptions' : 'graphql', identity, origin)
  if (refusal) return refusal
  if (operation.kind !== 'subscription') return { release: () => undefined }
  const held = await options.rateLimits.hold('subscriptions', identity, origin)
  return typeof held === 'function' ? { release: held } : held
}

/** A subscription's events, or its one error result when it cannot start; `release` is called when it ends. */
function subscribeOrFail(options: StreamingOptions, operation: PreparedOperation, identity: Identity, releaseHeld: () => void): AsyncIterableIterator<ExecutionResult> | ExecutionResult {
  gatewayMetrics.activeSubscriptions.inc()
  let ended = false
  const release = () => {
    if (ended) return
    ended = true
    gatewayMetrics.activeSubscriptions.dec()
    releaseHeld()
  }
  try {
    // `release` is called once the events end, however they end (done, returned or thrown into).
    return mapEvents(options.router.subscribe(operation.document, operation.variables, operation.operationName, identity), (result) => result, { onEnd: release })
  } catch (error) {
    release()
    if (error instanceof GraphQLError) return { errors: [error] }
    throw error
  }
}

export function runOperation(options: StreamingOptions, operation: PreparedOperation, identity: Identity, release: () => void) {
  return operation.kind === 'subscription'
    ? subscribeOrFail(options, operation, identity, release)
    : executeThroughGateway(options.apollo, { query: print(operation.document), variables: operation.variables, operationName: operation.operationName }, identity)
}
