// GraphQL over the two streaming transports, on the gateway's own /graphql URL: WebSocket (graphql-ws, the
// graphql-transport-ws protocol) and Server-Sent Events (graphql-sse, for clients that cannot hold a
// WebSocket). Both authenticate the caller as HTTP does (a connection without a valid token is refused),
// validate against the composed schema with the same limits, run queries and mutations through the
// gateway's usual path and subscriptions through the subscription router. Each caller's operations count
// against their rate limits, and what they hold open (connections, subscriptions) against their caps.
import type { ApolloServer } from '@apollo/server'
import type { Request, RequestHandler } from 'express'
import {
  GraphQLError, getOperationAST, parse, print, specifiedRules, validate,
  type DocumentNode, type ExecutionResult, type GraphQLSchema, type ValidationRule,
} from 'graphql'
import { createHandler as createSseHandler } from 'graphql-sse/lib/use/express'
import { useServer } from 'graphql-ws/use/ws'
import type http from 'node:http'
import { WebSocketServer } from 'ws'
import { ErrorCode } from '../lib/errors'
import type { AuditTrail } from '../rules/audit-trail'
import type { Identity } from '../rules/identity'
import { authenticateRecorded } from './audit'
import type { Authenticator } from './auth'
import { rateLimitedError, type CallerRateLimits, type RateLimitRefusal, type RequestOrigin } from './rate-limits'
import { countTokens } from './request-limits'
import { gatewayMetrics } from './metrics'
import type { SubscriptionRouter } from './subscriptions'
import type { TrustedDocuments } from './trusted-documents'

export interface StreamingOptions {
  apollo: ApolloServer<{ identity: Identity }>
  apiSchema: GraphQLSchema
  router: SubscriptionRouter
  authenticator: Authenticator
  auditTrail: AuditTrail
  validationRules: ValidationRule[]
  maxTokens: number
  rateLimits: CallerRateLimits
  /** Resolves registered operations sent by hash, and refuses free-form ones where the caller's mode enforces. */
  trustedDocuments?: TrustedDocuments
}

interface OperationRequest {
  query?: unknown
  variables?: unknown
  operationName?: unknown
}

interface PreparedOperation {
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
async function admitOperation(options: StreamingOptions, operation: PreparedOperation, identity: Identity, origin: RequestOrigin): Promise<{ release: () => void } | RateLimitRefusal> {
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
    return releasedAtEnd(options.router.subscribe(operation.document, operation.variables, operation.operationName, identity), release)
  } catch (error) {
    release()
    if (error instanceof GraphQLError) return { errors: [error] }
    throw error
  }
}

function run(options: StreamingOptions, operation: PreparedOperation, identity: Identity, release: () => void) {
  return operation.kind === 'subscription'
    ? subscribeOrFail(options, operation, identity, release)
    : executeThroughGateway(options.apollo, { query: print(operation.document), variables: operation.variables, operationName: operation.operationName }, identity)
}

/** The same events; `release` is called once they end, however they end (done, returned or thrown into). */
function releasedAtEnd(events: AsyncIterableIterator<ExecutionResult>, release: () => void): AsyncIterableIterator<ExecutionResult> {
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const result = await events.next()
      if (result.done) release()
      return result
    },
    async return(value?: unknown) {
      release()
      return events.return ? events.return(value) : { value: undefined, done: true }
    },
    // graphql-sse stops a stream only if it looks like an async generator (return and throw).
    async throw(error: unknown) {
      release()
      if (events.throw) return events.throw(error)
      throw error
    },
    [Symbol.asyncIterator]() {
      return iterator
    },
  }
  return iterator
}

/** Close codes for a refused connection (a WebSocket close reason holds at most 123 bytes). */
const UNAUTHORIZED = 4401
const TOO_MANY_CONNECTIONS = 4429

type ConnectionExtra = {
  identity?: Identity
  /** Gives back the caller's place under the connections cap. */
  release?: () => void
  /** What the connection's subscriptions hold, given back when it closes if not before. */
  releases?: Set<() => void>
  closed?: boolean
}

/** graphql-ws on the gateway's HTTP server, at /graphql. Returns the function that stops it. */
export function serveGraphQLOverWebSocket(server: http.Server, options: StreamingOptions): () => Promise<void> {
  const sockets = new WebSocketServer({ server, path: '/graphql' })
  type Admitted = { identity: Identity; prepared: PreparedOperation; release: () => void }
  const wsServer = useServer<Record<string, unknown> | undefined, ConnectionExtra>({
    schema: options.apiSchema,
    onConnect: async (ctx) => {
      const params = ctx.connectionParams ?? {}
      const header = params.authorization ?? params.Authorization ?? ctx.extra.request.headers.authorization
      const refuse = (code: number, reason: string) => {
        ctx.extra.socket.close(code, Buffer.from(reason).subarray(0, 123).toString())
        return false
      }
      if (typeof header !== 'string' || header === '') return refuse(UNAUTHORIZED, 'Unauthorized: send connection_init with {"authorization": "Bearer <token>"}')
      let identity: Identity
      try {
        const channel = params['x-mesh-channel']
        identity = await authenticateRecorded(options.authenticator, options.auditTrail, header, typeof channel === 'string' ? channel : undefined, undefined)
      } catch (error) {
        return refuse(UNAUTHORIZED, `Unauthorized: ${(error as Error).message}`)
      }
      const held = await options.rateLimits.hold('connections', identity, { address: ctx.extra.request.socket.remoteAddress, operation: 'WebSocket connection' })
      if (typeof held !== 'function') return refuse(TOO_MANY_CONNECTIONS, `${ErrorCode.RATE_LIMITED}: ${held.message}`)
      ctx.extra.identity = identity
      gatewayMetrics.openConnections.inc({ transport: 'websocket' })
      let open = true
      ctx.extra.release = () => {
        if (open) gatewayMetrics.openConnections.dec({ transport: 'websocket' })
        open = false
        held()
      }
      ctx.extra.releases = new Set()
      // Closed while being let in: give the place back at once.
      if (ctx.extra.closed) ctx.extra.release()
      return true
    },
    onSubscribe: async (ctx, _id, sent) => {
      const identity = ctx.extra.identity!
      // A registered operation may come by hash (`query: ""` and extensions.persistedQuery), as graphql-ws suggests.
      const admission = options.trustedDocuments
        ? await options.trustedDocuments.admit(sent, identity, { address: ctx.extra.request.socket.remoteAddress, operation: sent.query, operationName: sent.operationName ?? null }, options)
        : { admitted: true as const, request: sent }
      if (!admission.admitted) return [admission.error]
      const payload = admission.request as typeof sent
      const prepared = prepareOperation(options, payload)
      if (Array.isArray(prepared)) return prepared
      const admitted = await admitOperation(options, prepared, identity, { address: ctx.extra.request.socket.remoteAddress, operation: payload.query, operationName: prepared.operationName })
      if (!('release' in admitted)) return [rateLimitedError(admitted)]
      const releases = ctx.extra.releases!
      releases.add(admitted.release)
      if (ctx.extra.closed) admitted.release()
      const release = () => {
        releases.delete(admitted.release)
        admitted.release()
      }
      return {
        schema: options.apiSchema,
        document: prepared.document,
        variableValues: prepared.variables,
        operationName: prepared.operationName,
        contextValue: { identity, prepared, release } satisfies Admitted,
      }
    },
    execute: (args) => {
      const { identity, prepared, release } = args.contextValue as Admitted
      return run(options, prepared, identity, release)
    },
    subscribe: (args) => {
      const { identity, prepared, release } = args.contextValue as Admitted
      return run(options, prepared, identity, release)
    },
    onClose: (ctx) => {
      ctx.extra.closed = true
      ctx.extra.release?.()
      for (const release of ctx.extra.releases ?? []) release()
    },
  }, sockets)
  return async () => {
    await wsServer.dispose()
    await new Promise<void>((resolve) => sockets.close(() => resolve()))
  }
}

const STATUS_TEXT: Partial<Record<number, string>> = { 400: 'Bad Request', 401: 'Unauthorized', 429: 'Too Many Requests' }

/** graphql-sse (distinct connections mode) for requests to /graphql that accept text/event-stream. */
export function graphQLOverSse(options: StreamingOptions): RequestHandler {
  const json = (status: number, errors: readonly GraphQLError[], headers: Record<string, string> = {}) =>
    [JSON.stringify({ errors: errors.map((e) => e.toJSON()) }), { status, statusText: STATUS_TEXT[status] ?? 'Bad Request', headers: { 'content-type': 'application/json; charset=utf-8', ...headers } }] as const
  const tooMany = (refusal: RateLimitRefusal) => json(429, [rateLimitedError(refusal)], { 'retry-after': String(refusal.retryAfterSeconds) })
  const handler = createSseHandler({
    onSubscribe: async (req, params) => {
      const raw = req.raw as Request
      const authorization = raw.header('authorization')
      if (!authorization) return json(401, [new GraphQLError('Streaming needs a bearer token: send Authorization: Bearer <token>', { extensions: { code: ErrorCode.UNAUTHENTICATED } })])
      let identity: Identity
      try {
        identity = await authenticateRecorded(options.authenticator, options.auditTrail, authorization, raw.header('x-mesh-channel'), params)
      } catch (error) {
        return json(401, [error instanceof GraphQLError ? error : new GraphQLError('The token was rejected', { extensions: { code: ErrorCode.UNAUTHENTICATED } })])
      }
      const prepared = prepareOperation(options, params)
      if (Array.isArray(prepared)) return json(400, prepared)
      const origin = { address: raw.ip, operation: String(params.query), operationName: prepared.operationName }
      // The stream is held open until the response closes, whatever ends it.
      const connection = await options.rateLimits.hold('connections', identity, origin)
      if (typeof connection !== 'function') return tooMany(connection)
      gatewayMetrics.openConnections.inc({ transport: 'sse' })
      raw.res!.once('close', () => {
        gatewayMetrics.openConnections.dec({ transport: 'sse' })
        connection()
      })
      const admitted = await admitOperation(options, prepared, identity, origin)
      if (!('release' in admitted)) return tooMany(admitted)
      raw.res!.once('close', admitted.release)
      return run(options, prepared, identity, admitted.release)
    },
  })
  return (req, res, next) => {
    if (!(req.headers.accept ?? '').includes('text/event-stream')) return next()
    handler(req, res).catch(next)
  }
}
