// The HTTP shell every domain subgraph shares: GraphQL at /graphql, Prometheus at /metrics, /health.
// A domain's server.ts builds one of these; its main.ts only reads config and listens.
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server'
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled'
import { expressMiddleware } from '@as-integrations/express5'
import { buildSubgraphSchema } from '@apollo/subgraph'
import express, { type Express } from 'express'
import { Kind, type DocumentNode, type GraphQLSchema } from 'graphql'
import type { AddressInfo } from 'node:net'
import http from 'node:http'
import { WebSocketServer } from 'ws'
import { useServer } from 'graphql-ws/use/ws'
import { IDENTITY_HEADER, roleLabel, verifyForwardedIdentity, type Identity } from '../rules/identity'
import { applyPermissions, restrictedReadsOf } from '../rules/permissions'
import { auditEndpoint, createAuditTrail, forbiddenErrorRecords, type AuditTrail } from './audit-client'
import type { GovernedContext } from '../rules/rules'
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { ErrorCode, errorResponse, maskUnexpectedErrors } from './errors'
import { createLogger, errorFields, type Logger } from './logger'
import { callerTrace, inSpan, isTracing, SpanKind, startSpan, trace, traceHttpRequests, type Span } from './tracing'
import type { DomainDatabase } from './database'
import { databaseFault, formatSubgraphError, type DatabaseHealth } from './database-faults'
import { createSubgraphMetrics, type SubgraphMetrics } from './metrics'
import { assertValidDescriptor } from './data-contract'
import { answerMaxAgeSeconds, type DataProductDescriptor } from './data-product'
import { mountDataProductRoutes } from './data-product-routes'

/**
 * A domain's resolver map, typed where it is declared by the `Resolvers` generated from its SDL
 * (subgraphs/<domain>/generated/graphql.ts): each resolver takes that domain's context.
 */
export type DomainResolvers = Record<string, object>

/** The resolver map buildSubgraphSchema takes, as its public signature names it. */
export type SubgraphResolverMap = NonNullable<
  Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown }>['resolvers']
>

export interface SubgraphServerOptions<TContext extends GovernedContext> {
  name: string
  typeDefs: DocumentNode
  resolvers: DomainResolvers
  metrics: SubgraphMetrics
  /** Secret the gateway signs forwarded identities with; a request without a valid one has no identity. */
  internalSecret: string
  /** GraphQL URL of the audit subgraph; when set, denied calls that bypassed the gateway are recorded there. */
  auditUrl?: string
  /** Builds the per-request context from the verified identity (null: none) with fresh DataLoaders. */
  createContext: (identity: Identity | null) => Promise<TContext> | TContext
  plugins?: ApolloServerPlugin<TContext>[]
  /** Adds HTTP routes beside /graphql (internal endpoints of the domain). */
  routes?: (app: Express) => void
  /** Called before the server stops (close the database here). */
  onStop?: () => Promise<void>
  /** The product's database: its faults are answered as UPSTREAM_UNAVAILABLE, and GET /ready asks it. */
  health?: DatabaseHealth
  /** See SubgraphSecurity.ungoverned: benchmarks only. */
  ungoverned?: boolean
  /**
   * How long the gateway may reuse a read's answer, in seconds (the product's freshness objective), said in each
   * answer's Cache-Control; default 0: every answer says `no-store`.
   */
  answerMaxAgeSeconds?: number
}

/** What every subgraph needs to trust the gateway's forwarded identity. */
export interface SubgraphSecurity {
  internalSecret: string
  /** GraphQL URL of the audit subgraph, where calls that bypassed the gateway and were denied are recorded. */
  auditUrl?: string
  /** Key of the restricted columns encrypted at rest (DATA_ENCRYPTION_KEY). */
  dataEncryptionKey: string
  /** The product's clock (freshness, "last month"); tests fix it to the demo data's as-of date. */
  now?: () => Date
  /**
   * Benchmarks only (`npm run bench` measures what authorization costs): serve without the field rules.
   * No setting or environment variable reaches it.
   */
  ungoverned?: boolean
}

/** What a domain's server.ts declares; `serveDomain` wires metrics, identity, audit and shutdown around it. */
export interface DomainSubgraph<
  TData extends { disconnect(): Promise<void> },
  TContext extends GovernedContext,
  TOptions extends SubgraphSecurity,
> {
  name: string
  /** The data product's descriptor: validated at start-up, served to the catalog with its live status and quality. */
  dataProduct: DataProductDescriptor
  typeDefs: DocumentNode
  resolvers: DomainResolvers
  /** The domain's queries over its own database; `countStatement` counts each SQL statement for /metrics. */
  createData(db: DomainDatabase, countStatement: () => void, options: TOptions): TData
  /** The per-request context from the verified identity (null: none): fresh DataLoaders go here. */
  createContext(identity: Identity | null, data: TData, options: TOptions): TContext
  routes?: (app: Express, data: TData, options: TOptions) => void
}

/** Turns a domain's declaration into its subgraph factory: `(db, options) => server`. */
export function serveDomain<
  TData extends { disconnect(): Promise<void> },
  TContext extends GovernedContext,
  TOptions extends SubgraphSecurity,
>(
  domain: DomainSubgraph<TData, TContext, TOptions>,
): (db: DomainDatabase, options: TOptions) => Promise<SubgraphServer> {
  // A product does not start on a descriptor that breaks the standards or names what does not exist.
  assertValidDescriptor(domain.dataProduct, domain.typeDefs)
  return (db, options) => {
    const metrics = createSubgraphMetrics(domain.name)
    const data = domain.createData(db, metrics.countStatement, options)
    return createSubgraphServer<TContext>({
      name: domain.name,
      typeDefs: domain.typeDefs,
      resolvers: domain.resolvers,
      metrics,
      internalSecret: options.internalSecret,
      auditUrl: options.auditUrl,
      ungoverned: options.ungoverned,
      answerMaxAgeSeconds: answerMaxAgeSeconds(domain.dataProduct),
      health: db.health,
      createContext: (identity) => domain.createContext(identity, data, options),
      routes: (app) => {
        mountDataProductRoutes(app, {
          descriptor: domain.dataProduct,
          typeDefs: domain.typeDefs,
          db,
          internalSecret: options.internalSecret,
          now: options.now ?? (() => new Date()),
        })
        domain.routes?.(app, data, options)
      },
      onStop: async () => {
        await data.disconnect()
        await db.close()
      },
    })
  }
}

export interface SubgraphServer {
  name: string
  app: Express
  schema: GraphQLSchema
  /** Starts the HTTP listener on 127.0.0.1 (port 0 picks a free one). */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>
  stop(): Promise<void>
}

const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics'])

/** The subgraph's span names the (planner's) operation and the caller's role and channel, never values. */
function describeRequestSpan(body: unknown, identity: Identity | null): void {
  const span = trace.getActiveSpan()
  if (!span) return
  const operationName = (body as { operationName?: unknown } | undefined)?.operationName
  if (typeof operationName === 'string') span.updateName(`graphql ${operationName}`)
  span.setAttributes({
    ...(typeof operationName === 'string' && { 'graphql.operation.name': operationName }),
    'mesh.caller.role': roleLabel(identity),
    'mesh.channel': identity?.channel ?? 'none',
  })
}

const IDLE_CONNECTION_MS = 65_000
/** A database that does not answer SELECT 1 within this is not ready. */
const READINESS_TIMEOUT_MS = 2000

export async function createSubgraphServer<TContext extends GovernedContext>(
  options: SubgraphServerOptions<TContext>,
): Promise<SubgraphServer> {
  const log = createLogger(options.name)
  const formatError = formatSubgraphError(options.name, options.health, (formatted, error) =>
    maskUnexpectedErrors(formatted, error, (unexpected) =>
      log.error(errorFields(unexpected), 'unexpected error, answered as INTERNAL_SERVER_ERROR'),
    ),
  )
  // Every subgraph is governed: the rules come from the classifications in its own SDL.
  // The map was checked against the generated types where it is declared; buildSubgraphSchema types its context unknown.
  const executable = buildSubgraphSchema({
    typeDefs: options.typeDefs,
    resolvers: options.resolvers as SubgraphResolverMap,
  })
  const schema = options.ungoverned ? executable : applyPermissions(executable, options.typeDefs)
  const auditTrail = options.auditUrl
    ? createAuditTrail({ url: auditEndpoint(options.auditUrl), internalSecret: options.internalSecret })
    : undefined
  const apollo = new ApolloServer<TContext>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // No product gives cache hints, and the plugin Apollo adds by default runs on every field resolved.
      ApolloServerPluginCacheControlDisabled(),
      options.metrics.plugin as ApolloServerPlugin<TContext>,
      useRequestLog<TContext>(log),
      ...(auditTrail
        ? [
            useDirectCallAudit<TContext>(options.name, auditTrail),
            useRestrictedAccessAudit<TContext>(options.name, auditTrail),
          ]
        : []),
      useAnswerCacheControl<TContext>(options.answerMaxAgeSeconds ?? 0),
      ...(options.plugins ?? []),
    ],
    formatError,
  })
  await apollo.start()

  const app = express()
  app.disable('x-powered-by')
  // A server span per request, continuing the gateway's trace (`traceparent`); probes and scrapes are not traced.
  app.use(traceHttpRequests(options.name, (path) => UNTRACED_PATHS.has(path)))
  // Liveness: the process answers. Readiness: its database answers a trivial query too.
  app.get('/health', (_req, res) => void res.json({ status: 'ok', service: options.name }))
  app.get('/ready', async (_req, res) => {
    const state = options.health ? await options.health.check(READINESS_TIMEOUT_MS) : { status: 'up' as const }
    if (state.status === 'up') res.json({ status: 'ready', service: options.name, database: 'up' })
    else
      res.status(503).json({
        status: 'unavailable',
        service: options.name,
        database: 'down',
        since: state.since.toISOString(),
        cause: state.cause,
      })
  })
  app.get('/metrics', async (_req, res) => {
    res.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics())
  })
  options.routes?.(app)
  app.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const identity = await verifyForwardedIdentity(req.header(IDENTITY_HEADER), options.internalSecret)
        describeRequestSpan(req.body, identity)
        return options.createContext(identity)
      },
    }),
  )
  // The internal routes' failures: a database fault is 503 naming the product, anything else a plain 500.
  app.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error)
    const fault = databaseFault(error)
    if (fault) {
      options.health?.fault(fault)
      res
        .status(503)
        .json(
          errorResponse(
            ErrorCode.UPSTREAM_UNAVAILABLE,
            `The ${options.name} data product cannot reach its database right now`,
            { cause: fault.cause },
          ),
        )
      return
    }
    log.error(errorFields(error), `${options.name}: a request failed`)
    res.status(500).json(errorResponse(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'))
  })

  let httpServer: http.Server | undefined
  let stopSubscriptions: (() => Promise<void>) | undefined
  return {
    name: options.name,
    app,
    schema,
    async listen(port = 0, host = '127.0.0.1') {
      httpServer = http.createServer(app)
      const server = httpServer
      // The gateway keeps connections open between requests; closing an idle one after Node's default 5 s
      // races with the gateway reusing it. Idle connections stay open longer than any pause in a busy mesh.
      server.keepAliveTimeout = IDLE_CONNECTION_MS
      server.headersTimeout = IDLE_CONNECTION_MS + 1000
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => resolve())
      })
      if (schema.getSubscriptionType()) stopSubscriptions = serveSubscriptions(server, schema, options, formatError)
      const address = server.address() as AddressInfo
      return { url: `http://${host}:${address.port}/graphql`, port: address.port }
    },
    async stop() {
      await stopSubscriptions?.()
      if (httpServer) {
        httpServer.closeAllConnections()
        await new Promise<void>((resolve) => httpServer!.close(() => resolve()))
      }
      await apollo.stop()
      await options.onStop?.()
    },
  }
}

/**
 * Subscriptions over graphql-ws (the graphql-transport-ws protocol) on the same URL as /graphql. Only the
 * gateway connects here: the connection's init payload must carry the gateway-signed identity, which then
 * governs every operation on it exactly as the header does over HTTP.
 */
function serveSubscriptions<TContext extends GovernedContext>(
  server: http.Server,
  schema: GraphQLSchema,
  options: SubgraphServerOptions<TContext>,
  formatError: typeof maskUnexpectedErrors,
): () => Promise<void> {
  const sockets = new WebSocketServer({ server, path: '/graphql' })
  const active = new Map<object, Map<string, Span | undefined>>()
  const gauge = options.metrics.subscriptionsActive
  const release = (connection: object, id?: string) => {
    const ids = active.get(connection)
    if (!ids) return
    for (const each of id === undefined ? [...ids.keys()] : [id]) {
      if (!ids.has(each)) continue
      ids.get(each)?.end()
      ids.delete(each)
      gauge.dec()
    }
  }
  const wsServer = useServer<Record<string, unknown> | undefined, { identity?: Identity | null }>(
    {
      schema,
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.[IDENTITY_HEADER]
        ctx.extra.identity = await verifyForwardedIdentity(
          typeof header === 'string' ? header : undefined,
          options.internalSecret,
        )
        // Without the gateway's identity nothing here is readable: refuse the connection outright.
        return ctx.extra.identity !== null
      },
      context: (ctx) => options.createContext(ctx.extra.identity ?? null),
      onOperation: (ctx, id, payload, args, result) => {
        if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
          const ids = active.get(ctx) ?? new Map<string, Span | undefined>()
          active.set(ctx, ids)
          ids.set(id, subscriptionSpan(options.name, payload, rootFieldOf(args.document), ctx.extra.identity ?? null))
          gauge.inc()
        }
      },
      // Like formatError over HTTP: a database or programming error reaches the gateway as a plain code.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors?.length
          ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) }
          : undefined,
      onComplete: (ctx, id) => release(ctx, id),
      onClose: (ctx) => {
        release(ctx)
        active.delete(ctx)
      },
    },
    sockets,
  )
  return async () => {
    await wsServer.dispose()
    await new Promise<void>((resolve) => sockets.close(() => resolve()))
  }
}

/**
 * A subscription's server span, from its start to its end, in the trace the gateway sent in the subscribe
 * message's `extensions.traceparent` (only the gateway connects here); none when tracing is off.
 */
function subscriptionSpan(
  service: string,
  payload: { extensions?: Record<string, unknown> | null },
  field: string,
  identity: Identity | null,
): Span | undefined {
  if (!isTracing()) return undefined
  const { parent } = callerTrace(payload.extensions ?? {}, true)
  return startSpan(
    service,
    `subscription ${field}`,
    SpanKind.SERVER,
    {
      'graphql.operation.type': 'subscription',
      'mesh.subscription.field': field,
      'mesh.caller.role': roleLabel(identity),
    },
    parent,
  )
}

/** The first root field an operation selects (the gateway sends one per subscription). */
function rootFieldOf(document: DocumentNode): string {
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION)
  const field = operation?.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD)
  return field?.name.value ?? 'unknown'
}

/**
 * Calls that reach a subgraph without the gateway's identity are denied; record those attempts too (the
 * gateway records everything it serves itself).
 */
/**
 * Every granted read of restricted data (an SSN, a credit score) is recorded, with whose it was, before the
 * answer leaves, as denials are. If the trail cannot record it, the answer is withheld (fail closed).
 */
function useRestrictedAccessAudit<TContext extends GovernedContext>(
  name: string,
  trail: AuditTrail,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, request, operationName }) {
          const reads = restrictedReadsOf(contextValue)
          const identity = contextValue.identity
          if (!identity || reads.length === 0 || response.body.kind !== 'single') return
          const occurredAt = new Date()
          try {
            await inSpan(
              name,
              'audit write restricted_access',
              SpanKind.CLIENT,
              { 'mesh.product': 'audit', 'mesh.audit.kind': 'restricted_access', 'mesh.audit.records': reads.length },
              () =>
                trail.recordRestrictedAccess(
                  reads.map((read) => ({
                    ...read,
                    occurredAt,
                    requestId: identity.requestId ?? 'unknown',
                    subject: identity.subject,
                    roles: identity.roles,
                    channel: identity.channel,
                    // The gateway names its fetches after the caller's operation: "WhoIs__risk__1" was "WhoIs".
                    operationName: (operationName ?? request.operationName)?.replace(/__\w+?__\d+$/, '') ?? null,
                  })),
                ),
            )
          } catch (error) {
            createLogger(name).error(
              { requestId: identity.requestId, ...errorFields(error) },
              `${name}: a granted read of restricted data could not be recorded; the answer is withheld`,
            )
            response.body.singleResult.data = null
            response.body.singleResult.errors = [
              {
                message: `The ${name} data product withheld this answer: it holds restricted data, and the audit trail could not record the read. Try again shortly.`,
                extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, serviceName: name },
              },
            ]
          }
        },
      }
    },
  }
}

/**
 * Says in each answer's Cache-Control whether the gateway may reuse it for callers with the same permissions, and
 * for how long: a read answered under the gateway's identity, holding no restricted value (each granted read of
 * one is recorded here, per request, so it is never served again from a cache) and no error but denials (which
 * the gateway records from every response it sends), for the product's max age; anything else `no-store`.
 */
function useAnswerCacheControl<TContext extends GovernedContext>(maxAgeSeconds: number): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, operation }) {
          const reusable =
            maxAgeSeconds > 0 &&
            operation?.operation === 'query' &&
            contextValue.identity !== null &&
            response.body.kind === 'single' &&
            (response.body.singleResult.errors ?? []).every(
              (error) => error.extensions?.code === ErrorCode.FORBIDDEN,
            ) &&
            restrictedReadsOf(contextValue).length === 0
          response.http.headers.set('cache-control', reusable ? `private, max-age=${maxAgeSeconds}` : 'no-store')
        },
      }
    },
  }
}

function useDirectCallAudit<TContext extends GovernedContext>(
  name: string,
  trail: AuditTrail,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, request, operationName }) {
          if (contextValue.identity || response.body.kind !== 'single') return
          const denied = (response.body.singleResult.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN')
          if (denied.length === 0) return
          const caller = {
            requestId: randomUUID(),
            subject: `unverified caller of the ${name} subgraph`,
            roles: [],
            channel: 'api',
          }
          await trail
            .record(
              forbiddenErrorRecords(
                caller,
                { operationName: operationName ?? request.operationName ?? null, operation: request.query ?? '' },
                denied,
              ),
            )
            .catch((auditError: unknown) =>
              createLogger(name).error(errorFields(auditError), `${name}: a denied direct call could not be recorded`),
            )
        },
      }
    },
  }
}

/**
 * One debug line per operation (LOG_LEVEL=debug): the gateway's request id, the caller, the operation, how long
 * and how it ended. The gateway's line of the same request id is the one to read first.
 */
function useRequestLog<TContext extends GovernedContext>(log: Logger): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      if (!log.isLevelEnabled('debug')) return
      const startedAt = performance.now()
      return {
        async willSendResponse({ response, contextValue, operation, operationName, request }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined
          const identity = contextValue.identity
          log.debug(
            {
              requestId: identity?.requestId,
              subject: identity?.subject ?? 'unverified',
              role: roleLabel(identity),
              channel: identity?.channel,
              operationName: operationName ?? request.operationName ?? null,
              operationType: operation?.operation ?? null,
              durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
              outcome: errors?.length
                ? [...new Set(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))]
                : 'ok',
            },
            'graphql operation',
          )
        },
      }
    },
  }
}
