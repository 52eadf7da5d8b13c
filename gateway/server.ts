// The mesh's single entry point: @apollo/gateway under @apollo/server, composing the domain subgraphs
// from the committed supergraph, reloaded without a restart when it changes. GET /health answers 200 once
// the graph is composed (and names the schema served); GET /ready says which data products answer.
import { ApolloGateway } from '@apollo/gateway'
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server'
import { expressMiddleware } from '@as-integrations/express5'
import express, { type Express } from 'express'
import { readFile } from 'node:fs/promises'
import type http from 'node:http'
import type { AddressInfo } from 'node:net'
import { forbiddenErrorRecords, type AuditTrail } from '../lib/audit-client'
import { maskUnexpectedErrors } from '../lib/errors'
import { LOOPBACK_NETWORKS, traceHttpRequests, trustNetworks } from '../lib/tracing'
import type { Identity } from '../rules/identity'
import type { Authenticator } from './core/auth'
import { callerOf, createCallerAuthentication } from './core/authentication'
import { createHttpServer, type HttpTimeouts } from './core/http-server'
import { createCallerRateLimits, rateLimitedError, type RateLimitOptions } from './core/rate-limits'
import { createReloadableSupergraph, type ServedSupergraph, type SupergraphReload } from './core/supergraph'
import { watchSupergraphFile } from './core/supergraph-file'
import { watchCommittedWrites } from './upstream/cache-invalidation'
import { DEFAULT_BREAKER, type BreakerSettings } from './upstream/circuit-breaker'
import { SubgraphDataSource, upstreamHealth, type ReadSharing } from './upstream/data-source'
import { createResponseCache, useResponseCacheHeaders, type ResponseCacheOptions } from './upstream/response-cache'
import { measureAuditWrites, useAuditTrail } from './plugins/audit'
import { useIntrospectionPolicy } from './plugins/introspection'
import { refuseSubscriptionsOverPost } from './plugins/refuse-subscriptions-over-post'
import { createRequestLimits, type RequestLimits } from './plugins/request-limits'
import { createRequestObservation } from './plugins/request-observation'
import { createTrustedDocuments, type TrustedDocumentsOptions } from './plugins/trusted-documents'
import { mountChat, type ChatOptions } from './routes/chat'
import { mountDataProductDownloads } from './routes/data-product-downloads'
import { createListExport } from './routes/list-export'
import { mountMcp } from './routes/mcp'
import { metricsRoute } from './routes/metrics'
import { mountReadiness } from './routes/readiness'
import { mountWebApp, type WebAppOptions } from './routes/web-app'
import { executeThroughGateway, type StreamingOptions } from './streaming/operations'
import { graphQLOverSse } from './streaming/sse'
import { createSubscriptionRouter, type SubscriptionRouter } from './streaming/subscriptions'
import { serveGraphQLOverWebSocket } from './streaming/websocket'

/** What every gateway request carries: the caller's verified identity. */
export interface GatewayContext extends BaseContext {
  identity: Identity
}

export interface GatewayOptions {
  /** The supergraph served at start. */
  supergraphSdl: string
  /**
   * Where the supergraph lives (SUPERGRAPH_FILE): `reloadSupergraph()` reads it again, and with `watch` a
   * change to the file reloads it. Without it, `reloadSupergraph` must be given the SDL.
   */
  supergraphFile?: { path: string; watch?: boolean; debounceMillis?: number }
  /** Subgraph name → URL (or replicas' URLs, comma-separated); a subgraph not listed keeps the supergraph's URL. */
  subgraphUrls?: Record<string, string>
  /**
   * Who may share an identical subgraph read in flight (default: callers with the same permissions). Set
   * `caller` where each subgraph request must belong to exactly one caller's request.
   */
  shareReads?: ReadSharing
  /** Per-subgraph request timeouts and circuit breaking; unset ones keep their defaults (10 s, 3 failures, 5 s open). */
  upstream?: UpstreamSettings
  plugins?: ApolloServerPlugin<GatewayContext>[]
  /** Verifies callers' bearer tokens. */
  authenticator: Authenticator
  /** Secret the gateway signs the identity it forwards to subgraphs with. */
  internalSecret: string
  /** Where every denial is recorded before the response leaves. */
  auditTrail: AuditTrail
  /** Hostile-input limits; unset ones keep their defaults. */
  limits?: Partial<RequestLimits>
  /**
   * The chat agent behind POST /chat; without it the route is not served. Its schema index is built from the
   * served supergraph (and again at each reload) unless one is given.
   */
  chat?: Omit<ChatOptions, 'index'> & { index?: ChatOptions['index'] }
  /** The web app served at `/` (after every API route); without it the gateway serves the API only. */
  webApp?: WebAppOptions
  /** Rows a list export (`POST /export`, or CSV / JSON Lines asked of `/graphql`) fetches per page; default 1000. */
  exportPageSize?: number
  /**
   * Per-caller rate limits and stream caps (the table in rules/rate-limits.ts, changes to it, and Redis to
   * share the counts across replicas); default the table, counted in memory. `false` turns them off.
   */
  rateLimits?: RateLimitOptions | false
  /** Read timeouts of the HTTP server for slow clients; unset ones keep their defaults (10 s headers, 30 s request, 5 s keep-alive). */
  httpTimeouts?: Partial<HttpTimeouts>
  /** When set, GET /metrics answers only `Authorization: Bearer <metricsToken>`; default open, like the subgraphs'. */
  metricsToken?: string
  /**
   * Trusted documents: the manifests of operations clients send by hash (default the web app's,
   * web/trusted-documents.json) and changes to the modes of rules/trusted-documents.ts (default the table).
   */
  trustedDocuments?: TrustedDocumentsOptions
  /**
   * The permission-aware response cache (response-cache.ts): subgraph answers shared among callers with the same
   * permissions, each kept for its product's freshness objective, dropped on every write. Default: no cache
   * (GATEWAY_CACHE, read by main.ts, turns it on for the running mesh).
   */
  cache?: ResponseCacheOptions | false
  /**
   * Callers whose W3C `traceparent` is continued, as CIDR blocks of their address (default loopback,
   * LOOPBACK_NETWORKS; `*` everyone). Anyone else's request starts a trace of its own, linked to theirs, so its
   * request id is the gateway's.
   */
  traceTrustedNetworks?: readonly string[]
}

export interface UpstreamSettings {
  /** Every subgraph's request timeout, answer included (default 10 s). */
  timeoutMs?: number
  /** Per subgraph name, overriding `timeoutMs`. */
  timeoutsMs?: Record<string, number>
  breaker?: Partial<BreakerSettings>
}

export interface GatewayServer {
  app: Express
  /** Routes subscriptions (over WebSocket and SSE) to the subgraphs that own them. */
  subscriptions: SubscriptionRouter
  /** The supergraph served now. */
  readonly supergraph: ServedSupergraph
  /**
   * Serves a new supergraph, `sdl` or else the supergraph file read again, swapped between requests once it
   * is validated; an invalid one is refused (and logged) and the previous one keeps serving. Running
   * subscriptions keep running. `reason` goes in the log line.
   */
  reloadSupergraph(sdl?: string, reason?: string): Promise<SupergraphReload>
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>
  stop(): Promise<void>
}

export async function createGatewayServer(options: GatewayOptions): Promise<GatewayServer> {
  // Every audit write (denials, refusals, rejected tokens) timed and its failures counted for /metrics.
  options = { ...options, auditTrail: measureAuditWrites(options.auditTrail) }
  const cache = options.cache ? createResponseCache(options.cache) : undefined
  const traceTrust = trustNetworks(options.traceTrustedNetworks ?? LOOPBACK_NETWORKS)
  const observation = createRequestObservation(traceTrust)
  // Everything derived from the supergraph is read from `supergraph.current` per request, so a reload
  // reaches every route at the moment @apollo/gateway swaps its query planner.
  const supergraph = createReloadableSupergraph({
    initialSdl: options.supergraphSdl,
    subgraphUrls: options.subgraphUrls,
    schemaIndex: options.chat ? (options.chat.index ?? true) : undefined,
    read: options.supergraphFile && (() => readFile(options.supergraphFile!.path, 'utf8')),
    source: options.supergraphFile?.path,
  })
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph.gatewayHook,
    // Called for each subgraph at load, and for any a reload adds or moves.
    buildService: ({ name, url }) => {
      const source = new SubgraphDataSource(name, options.subgraphUrls?.[name] ?? url ?? '', options.internalSecret, {
        shareReads: options.shareReads,
        timeoutMs: options.upstream?.timeoutsMs?.[name] ?? options.upstream?.timeoutMs,
        breaker: { ...DEFAULT_BREAKER, ...options.upstream?.breaker },
        cache,
      })
      dataSources.set(name, source)
      return source
    },
  })
  supergraph.follow(gateway)
  const dataSources = new Map<string, SubgraphDataSource>()
  const limits = createRequestLimits(options.limits)
  const trustedDocuments = createTrustedDocuments(options.trustedDocuments)
  const apollo = new ApolloServer<GatewayContext>({
    validationRules: limits.validationRules,
    allowBatchedHttpRequests: false,
    // Only the manifests' hashes are known: nothing a client sends registers a document.
    persistedQueries: { cache: trustedDocuments.cache },
    gateway,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: maskUnexpectedErrors,
    plugins: [
      observation.plugin,
      ...(limits.plugins as ApolloServerPlugin<GatewayContext>[]),
      useAuditTrail(options.auditTrail),
      useIntrospectionPolicy(),
      refuseSubscriptionsOverPost,
      ...(cache ? [useResponseCacheHeaders()] : []),
      ...(options.plugins ?? []),
    ],
  })
  await apollo.start()

  const subscriptions = createSubscriptionRouter({
    supergraph: () => supergraph.current,
    internalSecret: options.internalSecret,
    execute: (request, identity) => executeThroughGateway(apollo, request, identity),
    recordDenials: (identity, errors, operation, operationName) =>
      options.auditTrail.record(
        forbiddenErrorRecords(identity, { operation, operationName: operationName ?? null }, errors),
      ),
  })
  const rateLimits = await createCallerRateLimits(options.auditTrail, options.rateLimits)
  const stopWatchingWrites =
    cache &&
    watchCommittedWrites({
      supergraph: () => supergraph.current,
      internalSecret: options.internalSecret,
      onWrite: (product) => void cache.invalidate(product, 'change_feed'),
    })
  // Every route and transport learns its caller from this one step; each answers a refusal in its own protocol.
  const authentication = createCallerAuthentication(options.authenticator, options.auditTrail)
  const authenticate = authentication.middleware()
  const authenticateRoute = authentication.middleware('route')
  const streaming: StreamingOptions = {
    apollo,
    rateLimits,
    // Read per operation, so WebSocket and SSE validate against the schema served now.
    get apiSchema() {
      return supergraph.current.apiSchema
    },
    router: subscriptions,
    authentication,
    auditTrail: options.auditTrail,
    validationRules: limits.validationRules,
    maxTokens: limits.maxTokens,
    trustedDocuments,
    traceTrust,
  }

  const app = express()
  app.disable('x-powered-by')
  // Liveness: the gateway answers (the graph is composed). Readiness: which products answer.
  app.get('/health', (_req, res) => {
    const served = supergraph.current
    // A subgraph a reload removed keeps its data source in the gateway, but is no product of this graph.
    const products = upstreamHealth(new Map([...dataSources].filter(([name]) => name in served.replicas)))
    res.json({ status: 'ok', composed: true, products, schema: schemaHealth(served, supergraph.lastReload) })
  })
  mountReadiness(app, () => supergraph.current.replicas)
  app.get('/metrics', metricsRoute(options.metricsToken))
  // The routes that run operations in-process (the chat, MCP, exports, downloads): one trace per request, its
  // operations' spans under it, its trace id the request id. /graphql is traced by the request observation.
  app.use(['/chat', '/mcp', '/export', '/data-products'], traceHttpRequests('gateway', undefined, traceTrust))
  // The downloads are reads through the graph: counted as /graphql requests. A refused token passes on, to be answered by the route.
  app.use('/data-products', authenticateRoute, async (req, res, next) => {
    const { identity } = callerOf(req)
    if (!identity || (await rateLimits.admitRequest('graphql', identity, req, res))) next()
  })
  mountDataProductDownloads(app, apollo, authenticateRoute)
  if (options.chat) {
    const model = options.chat.model
    const index = () => supergraph.current.schemaIndex!
    mountChat(
      app,
      apollo,
      authenticateRoute,
      {
        model,
        get index() {
          return index()
        },
      },
      rateLimits,
    )
    // MCP's tools run GraphQL its client writes: not for callers held to registered operations.
    app.post(
      '/mcp',
      authenticateRoute,
      trustedDocuments.freeFormRoute('/mcp', { auditTrail: options.auditTrail, rateLimits }),
    )
    mountMcp(app, apollo, authenticateRoute, index, rateLimits)
  }
  const listExport = createListExport(apollo, () => supergraph.current.apiSchema, {
    pageSize: options.exportPageSize,
    rateLimits,
  })
  const admitDocuments = trustedDocuments.middleware({ auditTrail: options.auditTrail, rateLimits })
  app.post(
    '/export',
    limits.bodyParser,
    limits.bodyErrors,
    limits.tokenLimit,
    authenticate,
    admitDocuments,
    listExport.exportRoute,
  )
  app.use('/graphql', observation.http)
  app.use(
    '/graphql',
    limits.bodyParser,
    limits.bodyErrors,
    limits.tokenLimit,
    authenticate,
    admitDocuments,
    graphQLOverSse(streaming),
    listExport.whenAccepted,
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const caller = callerOf(req)
        if (caller.refusal) throw caller.refusal
        const identity = caller.identity
        const body = (req.body ?? {}) as { query?: unknown; operationName?: unknown }
        const refusal = await rateLimits.admit('graphql', identity, {
          address: req.ip,
          operation: typeof body.query === 'string' ? body.query : `${req.method} ${req.originalUrl}`,
          operationName: typeof body.operationName === 'string' ? body.operationName : null,
        })
        if (refusal) throw rateLimitedError(refusal, true)
        return { identity }
      },
    }),
  )
  if (options.webApp) mountWebApp(app, options.webApp)

  let httpServer: http.Server | undefined
  let stopWebSockets: (() => Promise<void>) | undefined
  const file = options.supergraphFile
  const stopWatching = file?.watch
    ? watchSupergraphFile(file.path, () => void supergraph.reload(undefined, 'file changed'), {
        debounceMillis: file.debounceMillis,
      })
    : undefined
  return {
    app,
    subscriptions,
    get supergraph() {
      return supergraph.current
    },
    reloadSupergraph: (sdl, reason) => supergraph.reload(sdl, reason),
    async listen(port = 0, host = '127.0.0.1') {
      const server = createHttpServer(app, options.httpTimeouts)
      httpServer = server
      stopWebSockets = serveGraphQLOverWebSocket(server, streaming)
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => resolve())
      })
      const address = server.address() as AddressInfo
      return { url: `http://${host}:${address.port}/graphql`, port: address.port }
    },
    async stop() {
      stopWatching?.()
      await subscriptions.close()
      await stopWebSockets?.()
      if (httpServer) {
        httpServer.closeAllConnections()
        await new Promise<void>((resolve) => httpServer!.close(() => resolve()))
      }
      await apollo.stop()
      await rateLimits.close()
      await stopWatchingWrites?.()
      await cache?.close()
    },
  }
}

/** What /health says of the schema: which one is served, since when, and how the last reload went. */
function schemaHealth(served: ServedSupergraph, lastReload: SupergraphReload | undefined) {
  return {
    hash: served.hash,
    loadedAt: served.loadedAt.toISOString(),
    ...(lastReload && {
      lastReload: {
        outcome: lastReload.outcome,
        at: lastReload.at.toISOString(),
        ...(lastReload.outcome === 'failed' && { error: lastReload.error }),
      },
    }),
  }
}
