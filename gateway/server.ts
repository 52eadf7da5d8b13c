// The mesh's single entry point: @apollo/gateway under @apollo/server, composing the domain subgraphs
// from the committed supergraph. GET /health answers 200 once the graph is composed; GET /ready says which
// data products answer.
import { Supergraph } from '@apollo/federation-internals'
import { ApolloGateway } from '@apollo/gateway'
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server'
import { expressMiddleware } from '@as-integrations/express5'
import express, { type Express } from 'express'
import type http from 'node:http'
import type { AddressInfo } from 'node:net'
import { maskUnexpectedErrors } from '../lib/errors'
import type { Identity } from '../rules/identity'
import type { AuditTrail } from '../rules/audit-trail'
import { authenticateRecorded, useAuditTrail } from './audit'
import type { Authenticator } from './auth'
import { mountChat, mountMcp, type ChatOptions } from './chat'
import { mountDataProductDownloads } from './data-product-downloads'
import { useIntrospectionPolicy } from './introspection'
import { createListExport } from './list-export'
import { createRequestLimits, type RequestLimits } from './request-limits'
import { GraphQLError } from 'graphql'
import { ErrorCode } from '../lib/errors'
import { executeThroughGateway, graphQLOverSse, serveGraphQLOverWebSocket, type StreamingOptions } from './streaming'
import { createSubscriptionRouter, type SubscriptionRouter } from './subscriptions'
import { DEFAULT_BREAKER, type BreakerSettings } from './circuit-breaker'
import { replicaUrls, SubgraphDataSource, upstreamHealth, type ReadSharing } from './upstream'
import { denialRecords } from './audit'
import { mountWebApp, type WebAppOptions } from './web-app'
import { mountReadiness } from './readiness'
import { createHttpServer, type HttpTimeouts } from './http-server'
import { createCallerRateLimits, rateLimitedError, type RateLimitOptions } from './rate-limits'

/** What every gateway request carries: the caller's verified identity. */
export interface GatewayContext extends BaseContext {
  identity: Identity
}

export interface GatewayOptions {
  supergraphSdl: string
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
  /** The chat agent behind POST /chat; without it the route is not served. */
  chat?: ChatOptions
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
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>
  stop(): Promise<void>
}

/** A subscription POSTed as plain HTTP gets a pointer to the transports that serve it, not a 500. */
const refuseSubscriptionsOverPost: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation !== 'subscription') return
        throw new GraphQLError('Subscriptions are served over WebSocket (graphql-transport-ws) at this URL, or over Server-Sent Events: POST with Accept: text/event-stream', {
          extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
        })
      },
    }
  },
}

export async function createGatewayServer(options: GatewayOptions): Promise<GatewayServer> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => {
      const source = new SubgraphDataSource(name, options.subgraphUrls?.[name] ?? url ?? '', options.internalSecret, {
        shareReads: options.shareReads,
        timeoutMs: options.upstream?.timeoutsMs?.[name] ?? options.upstream?.timeoutMs,
        breaker: { ...DEFAULT_BREAKER, ...options.upstream?.breaker },
      })
      dataSources.set(name, source)
      return source
    },
  })
  const dataSources = new Map<string, SubgraphDataSource>()
  const limits = createRequestLimits(options.limits)
  const apollo = new ApolloServer<GatewayContext>({
    validationRules: limits.validationRules,
    allowBatchedHttpRequests: false,
    gateway,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: maskUnexpectedErrors,
    plugins: [...(limits.plugins as ApolloServerPlugin<GatewayContext>[]), useAuditTrail(options.auditTrail), useIntrospectionPolicy(), refuseSubscriptionsOverPost, ...(options.plugins ?? [])],
  })
  await apollo.start()

  const supergraph = Supergraph.build(options.supergraphSdl)
  const apiSchema = supergraph.apiSchema().toGraphQLJSSchema()
  const replicas = Object.fromEntries(supergraph.subgraphsMetadata().map(({ name, url }) => [name, replicaUrls(options.subgraphUrls?.[name] ?? url)]))
  const subscriptions = createSubscriptionRouter({
    supergraphSdl: options.supergraphSdl,
    apiSchema,
    replicas,
    internalSecret: options.internalSecret,
    execute: (request, identity) => executeThroughGateway(apollo, request, identity),
    recordDenials: (identity, errors, operation, operationName) => options.auditTrail.record(denialRecords(identity, errors, operation, operationName ?? null)),
  })
  const rateLimits = await createCallerRateLimits(options.auditTrail, options.rateLimits)
  const streaming: StreamingOptions = {
    apollo,
    rateLimits,
    apiSchema,
    router: subscriptions,
    authenticator: options.authenticator,
    auditTrail: options.auditTrail,
    validationRules: limits.validationRules,
    maxTokens: limits.maxTokens,
  }

  const app = express()
  app.disable('x-powered-by')
  // Liveness: the gateway answers (the graph is composed). Readiness: which products answer.
  app.get('/health', (_req, res) => void res.json({ status: 'ok', composed: true, products: upstreamHealth(dataSources) }))
  mountReadiness(app, replicas)
  // The downloads are reads through the graph: counted as /graphql requests. A rejected token passes on, to be refused and recorded there.
  app.use('/data-products', async (req, res, next) => {
    const identity = await options.authenticator.authenticate(req.header('authorization'), req.header('x-mesh-channel')).catch(() => null)
    if (!identity || (await rateLimits.admitRequest('graphql', identity, req, res))) next()
  })
  mountDataProductDownloads(app, apollo, options.authenticator, options.auditTrail)
  if (options.chat) {
    mountChat(app, apollo, options.authenticator, options.auditTrail, options.chat, rateLimits)
    mountMcp(app, apollo, options.authenticator, options.auditTrail, options.chat.index, rateLimits)
  }
  const listExport = createListExport(apollo, options.authenticator, options.auditTrail, options.supergraphSdl, { pageSize: options.exportPageSize, rateLimits })
  app.post('/export', limits.bodyParser, limits.bodyErrors, limits.tokenLimit, listExport.exportRoute)
  app.use('/graphql', limits.bodyParser, limits.bodyErrors, limits.tokenLimit, graphQLOverSse(streaming), listExport.whenAccepted, expressMiddleware(apollo, {
    context: async ({ req }) => {
      const identity = await authenticateRecorded(options.authenticator, options.auditTrail, req.header('authorization'), req.header('x-mesh-channel'), req.body)
      const body = (req.body ?? {}) as { query?: unknown; operationName?: unknown }
      const refusal = await rateLimits.admit('graphql', identity, {
        address: req.ip,
        operation: typeof body.query === 'string' ? body.query : `${req.method} ${req.originalUrl}`,
        operationName: typeof body.operationName === 'string' ? body.operationName : null,
      })
      if (refusal) throw rateLimitedError(refusal, true)
      return { identity }
    },
  }))
  if (options.webApp) mountWebApp(app, options.webApp)

  let httpServer: http.Server | undefined
  let stopWebSockets: (() => Promise<void>) | undefined
  return {
    app,
    subscriptions,
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
      await subscriptions.close()
      await stopWebSockets?.()
      if (httpServer) {
        httpServer.closeAllConnections()
        await new Promise<void>((resolve) => httpServer!.close(() => resolve()))
      }
      await apollo.stop()
      await rateLimits.close()
    },
  }
}
