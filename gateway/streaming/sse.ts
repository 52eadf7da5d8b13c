// GraphQL over Server-Sent Events (graphql-sse, for clients that cannot hold a WebSocket) on the gateway's own
// /graphql URL, for requests that accept text/event-stream; authenticated as any /graphql request.
import type { Request, RequestHandler } from 'express'
import { GraphQLError } from 'graphql'
import { createHandler as createSseHandler } from 'graphql-sse/lib/use/express'
import { ErrorCode } from '../../lib/errors'
import { callerOf } from '../core/authentication'
import { rateLimitedError, type RateLimitRefusal } from '../core/rate-limits'
import { gatewayMetrics } from '../core/metrics'
import { admitOperation, prepareOperation, runOperation, traceOperation, type StreamingOptions } from './operations'

const STATUS_TEXT: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  429: 'Too Many Requests',
}

/** graphql-sse (distinct connections mode) for requests to /graphql that accept text/event-stream. */
export function graphQLOverSse(options: StreamingOptions): RequestHandler {
  const json = (status: number, errors: readonly GraphQLError[], headers: Record<string, string> = {}) =>
    [
      JSON.stringify({ errors: errors.map((e) => e.toJSON()) }),
      {
        status,
        statusText: STATUS_TEXT[status] ?? 'Bad Request',
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      },
    ] as const
  const tooMany = (refusal: RateLimitRefusal) =>
    json(429, [rateLimitedError(refusal)], { 'retry-after': String(refusal.retryAfterSeconds) })
  const handler = createSseHandler({
    onSubscribe: async (req, params) => {
      const raw = req.raw as Request
      const authorization = raw.header('authorization')
      if (!authorization)
        return json(401, [
          new GraphQLError('Streaming needs a bearer token: send Authorization: Bearer <token>', {
            extensions: { code: ErrorCode.UNAUTHENTICATED },
          }),
        ])
      // Verified by the authentication middleware of /graphql, which this handler is mounted after.
      const { identity, refusal } = callerOf(raw)
      if (!identity) return json(401, [refusal])
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
      return runOperation(
        options,
        prepared,
        traceOperation(options, prepared, identity, 'sse', raw.headers, raw.socket.remoteAddress),
        admitted.release,
      )
    },
  })
  return (req, res, next) => {
    if (!(req.headers.accept ?? '').includes('text/event-stream')) return next()
    handler(req, res).catch(next)
  }
}
