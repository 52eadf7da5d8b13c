// The gateway's HTTP server, with read timeouts for slow clients: one that trickles its headers or its body
// (slowloris) is cut, with 408 Request Timeout, instead of holding a connection and its buffers for minutes;
// an idle keep-alive connection is closed after a while.
import http from 'node:http'
import type { RequestListener } from 'node:http'

export interface HttpTimeouts {
  /** Time to receive a request's headers, from its first byte. Default 10 s (Node's own: 60 s). */
  headersTimeoutMs: number
  /**
   * Time to receive a whole request, headers and body; past it the client gets 408 and the connection is
   * closed. Streams are not cut: only reading the request counts, not the response. Default 30 s (Node's own: 300 s).
   */
  requestTimeoutMs: number
  /**
   * How long an idle keep-alive connection stays open for the client's next request (Node closes it up to a
   * second later, against a race with a request sent just in time). Default 5 s; behind a load balancer,
   * longer than the balancer's own idle timeout.
   */
  keepAliveTimeoutMs: number
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
}

export function createHttpServer(listener: RequestListener, overrides: Partial<HttpTimeouts> = {}): http.Server {
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...overrides }
  if (timeouts.headersTimeoutMs > timeouts.requestTimeoutMs)
    throw new Error(
      `The headers timeout (${timeouts.headersTimeoutMs} ms) cannot be longer than the request timeout (${timeouts.requestTimeoutMs} ms)`,
    )
  const server = http.createServer(
    {
      headersTimeout: timeouts.headersTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      // Node checks the two timeouts above only this often (30 s by default), which would let a slow client
      // overstay a short timeout by that much.
      connectionsCheckingInterval: Math.min(1000, timeouts.headersTimeoutMs),
    },
    listener,
  )
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs
  return server
}
