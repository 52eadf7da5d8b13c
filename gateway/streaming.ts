// GraphQL over the two streaming transports, on the gateway's own /graphql URL: WebSocket (graphql-ws, the
// graphql-transport-ws protocol) and Server-Sent Events (graphql-sse, for clients that cannot hold a
// WebSocket). Both authenticate the caller as HTTP does (a connection without a valid token is refused),
// validate against the composed schema with the same limits, run queries and mutations through the
// gateway's usual path and subscriptions through the subscription router.
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
import { countTokens } from './request-limits'
import type { SubscriptionRouter } from './subscriptions'

export interface StreamingOptions {
  apollo: ApolloServer<{ identity: Identity }>
  apiSchema: GraphQLSchema
  router: SubscriptionRouter
  authenticator: Authenticator
  auditTrail: AuditTrail
  validationRules: ValidationRule[]
  maxTokens: number
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

/** A subscription's events, or its one error result when it cannot start. */
function subscribeOrFail(options: StreamingOptions, operation: PreparedOperation, identity: Identity): AsyncIterableIterator<ExecutionResult> | ExecutionResult {
  try {
    return options.router.subscribe(operation.document, operation.variables, operation.operationName, identity)
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [error] }
    throw error
  }
}

function run(options: StreamingOptions, operation: PreparedOperation, identity: Identity) {
  return operation.kind === 'subscription'
    ? subscribeOrFail(options, operation, identity)
    : executeThroughGateway(options.apollo, { query: print(operation.document), variables: operation.variables, operationName: operation.operationName }, identity)
}

/** Close code and reason for a refused connection (a WebSocket close reason holds at most 123 bytes). */
const UNAUTHORIZED = 4401

/** graphql-ws on the gateway's HTTP server, at /graphql. Returns the function that stops it. */
export function serveGraphQLOverWebSocket(server: http.Server, options: StreamingOptions): () => Promise<void> {
  const sockets = new WebSocketServer({ server, path: '/graphql' })
  const wsServer = useServer<Record<string, unknown> | undefined, { identity?: Identity }>({
    schema: options.apiSchema,
    onConnect: async (ctx) => {
      const params = ctx.connectionParams ?? {}
      const header = params.authorization ?? params.Authorization ?? ctx.extra.request.headers.authorization
      const refuse = (reason: string) => {
        ctx.extra.socket.close(UNAUTHORIZED, Buffer.from(reason).subarray(0, 123).toString())
        return false
      }
      if (typeof header !== 'string' || header === '') return refuse('Unauthorized: send connection_init with {"authorization": "Bearer <token>"}')
      try {
        const channel = params['x-mesh-channel']
        ctx.extra.identity = await authenticateRecorded(options.authenticator, options.auditTrail, header, typeof channel === 'string' ? channel : undefined, undefined)
        return true
      } catch (error) {
        return refuse(`Unauthorized: ${(error as Error).message}`)
      }
    },
    onSubscribe: (ctx, _id, payload) => {
      const prepared = prepareOperation(options, payload)
      if (Array.isArray(prepared)) return prepared
      return {
        schema: options.apiSchema,
        document: prepared.document,
        variableValues: prepared.variables,
        operationName: prepared.operationName,
        contextValue: { identity: ctx.extra.identity, prepared },
      }
    },
    execute: (args) => {
      const { identity, prepared } = args.contextValue as { identity: Identity; prepared: PreparedOperation }
      return run(options, prepared, identity)
    },
    subscribe: (args) => {
      const { identity, prepared } = args.contextValue as { identity: Identity; prepared: PreparedOperation }
      return run(options, prepared, identity)
    },
  }, sockets)
  return async () => {
    await wsServer.dispose()
    await new Promise<void>((resolve) => sockets.close(() => resolve()))
  }
}

/** graphql-sse (distinct connections mode) for requests to /graphql that accept text/event-stream. */
export function graphQLOverSse(options: StreamingOptions): RequestHandler {
  const json = (status: number, errors: readonly GraphQLError[]) =>
    [JSON.stringify({ errors: errors.map((e) => e.toJSON()) }), { status, statusText: status === 401 ? 'Unauthorized' : 'Bad Request', headers: { 'content-type': 'application/json; charset=utf-8' } }] as const
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
      return run(options, prepared, identity)
    },
  })
  return (req, res, next) => {
    if (!(req.headers.accept ?? '').includes('text/event-stream')) return next()
    handler(req, res).catch(next)
  }
}
