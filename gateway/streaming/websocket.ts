// GraphQL over WebSocket (graphql-ws, the graphql-transport-ws protocol) on the gateway's own /graphql URL. A
// connection is authenticated once, at connection_init, as HTTP requests are (without a valid token it is refused).
import { useServer } from 'graphql-ws/use/ws'
import type http from 'node:http'
import { WebSocketServer } from 'ws'
import { ErrorCode } from '../../lib/errors'
import type { Identity } from '../../rules/identity'
import { rateLimitedError } from '../core/rate-limits'
import { gatewayMetrics } from '../core/metrics'
import {
  admitOperation,
  prepareOperation,
  runOperation,
  traceOperation,
  type PreparedOperation,
  type StreamingOptions,
  type TracedOperation,
} from './operations'

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
  type Admitted = { traced: TracedOperation; prepared: PreparedOperation; release: () => void }
  const wsServer = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema: options.apiSchema,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {}
        const header = params.authorization ?? params.Authorization ?? ctx.extra.request.headers.authorization
        const refuse = (code: number, reason: string) => {
          ctx.extra.socket.close(code, Buffer.from(reason).subarray(0, 123).toString())
          return false
        }
        if (typeof header !== 'string' || header === '')
          return refuse(UNAUTHORIZED, 'Unauthorized: send connection_init with {"authorization": "Bearer <token>"}')
        const channel = params['x-mesh-channel']
        const { identity, refusal } = await options.authentication.verify(
          header,
          typeof channel === 'string' ? channel : undefined,
          undefined,
        )
        if (!identity) return refuse(UNAUTHORIZED, `Unauthorized: ${refusal.message}`)
        const held = await options.rateLimits.hold('connections', identity, {
          address: ctx.extra.request.socket.remoteAddress,
          operation: 'WebSocket connection',
        })
        if (typeof held !== 'function')
          return refuse(TOO_MANY_CONNECTIONS, `${ErrorCode.RATE_LIMITED}: ${held.message}`)
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
          ? await options.trustedDocuments.admit(
              sent,
              identity,
              {
                address: ctx.extra.request.socket.remoteAddress,
                operation: sent.query,
                operationName: sent.operationName ?? null,
              },
              options,
            )
          : { admitted: true as const, request: sent }
        if (!admission.admitted) return [admission.error]
        const payload = admission.request as typeof sent
        const prepared = prepareOperation(options, payload)
        if (Array.isArray(prepared)) return prepared
        const admitted = await admitOperation(options, prepared, identity, {
          address: ctx.extra.request.socket.remoteAddress,
          operation: payload.query,
          operationName: prepared.operationName,
        })
        if (!('release' in admitted)) return [rateLimitedError(admitted)]
        const releases = ctx.extra.releases!
        releases.add(admitted.release)
        if (ctx.extra.closed) admitted.release()
        const release = () => {
          releases.delete(admitted.release)
          admitted.release()
        }
        const traced = traceOperation(
          options,
          prepared,
          identity,
          'websocket',
          traceCarrier(payload.extensions, ctx.extra.request.headers),
          ctx.extra.request.socket.remoteAddress,
        )
        return {
          schema: options.apiSchema,
          document: prepared.document,
          variableValues: prepared.variables,
          operationName: prepared.operationName,
          contextValue: { traced, prepared, release } satisfies Admitted,
        }
      },
      execute: (args) => {
        const { traced, prepared, release } = args.contextValue as Admitted
        return runOperation(options, prepared, traced, release)
      },
      subscribe: (args) => {
        const { traced, prepared, release } = args.contextValue as Admitted
        return runOperation(options, prepared, traced, release)
      },
      onClose: (ctx) => {
        ctx.extra.closed = true
        ctx.extra.release?.()
        for (const release of ctx.extra.releases ?? []) release()
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
 * Where an operation's W3C trace context is: its own `extensions.traceparent` (one trace per operation, as
 * graphql-ws clients send it), else the upgrade request's headers (the connection's).
 */
function traceCarrier(extensions: unknown, headers: http.IncomingHttpHeaders): Record<string, unknown> {
  const sent = (extensions ?? {}) as { traceparent?: unknown; tracestate?: unknown }
  if (typeof sent.traceparent !== 'string') return headers
  return { traceparent: sent.traceparent, ...(typeof sent.tracestate === 'string' && { tracestate: sent.tracestate }) }
}
