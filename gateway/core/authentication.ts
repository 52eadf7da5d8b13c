// The gateway's one authentication step: every route and transport learns who is calling from here. A caller's
// bearer token is verified once per HTTP request (or WebSocket connection), a rejected token is recorded in the
// audit trail, and the outcome is kept where the route reads it (`callerOf`). Each route and transport answers
// a refusal in its own protocol, with the code and message of the refusal.
import type { Request, RequestHandler } from 'express'
import { GraphQLError } from 'graphql'
import type { AuditTrail } from '../../lib/audit-client'
import type { Identity } from '../../rules/identity'
import { recordRejectedToken } from '../plugins/audit'
import { unauthenticated, type Authenticator } from './auth'

/** Who is calling: the verified identity (anonymous without a token), or why the token was refused (UNAUTHENTICATED, 401). */
export type Caller = { identity: Identity; refusal?: undefined } | { identity?: undefined; refusal: GraphQLError }

/** What a rejected token's audit record names as the attempt: the GraphQL operation sent, or the route asked. */
export type AttemptedOperation = 'operation' | 'route'

export interface CallerAuthentication {
  /**
   * Verifies an Authorization header value under the channel the request asks for (a request may narrow
   * api → chat, never widen). A refusal is recorded in the audit trail (best effort) with `attempted`
   * (a GraphQL request's `query` and `operationName`) before it is returned.
   */
  verify(authorization: string | undefined, channel: string | undefined, attempted: unknown): Promise<Caller>
  /**
   * Express middleware: verifies the request's `Authorization` (and `x-mesh-channel`) and keeps the caller for
   * `callerOf(req)`; it never answers, the route does. Mounted where the route checked the token before, after
   * its body is parsed. `attempted`: what a rejected token's record names (default the GraphQL operation sent).
   */
  middleware(attempted?: AttemptedOperation): RequestHandler
}

const callers = new WeakMap<Request, Caller>()

export function createCallerAuthentication(authenticator: Authenticator, auditTrail: AuditTrail): CallerAuthentication {
  const verify: CallerAuthentication['verify'] = async (authorization, channel, attempted) => {
    try {
      return { identity: await authenticator.authenticate(authorization, channel) }
    } catch (error) {
      await recordRejectedToken(auditTrail, error, attempted)
      return { refusal: error instanceof GraphQLError ? error : unauthenticated('The token was rejected') }
    }
  }
  return {
    verify,
    middleware(attempted = 'operation') {
      return (req, _res, next) => {
        if (callers.has(req)) return next()
        verify(req.header('authorization'), req.header('x-mesh-channel'), attemptOf(req, attempted))
          .then((caller) => {
            callers.set(req, caller)
            next()
          })
          .catch(next)
      }
    },
  }
}

/** The caller of a request the authentication middleware has seen; a route mounted without it is a bug, not an anonymous caller. */
export function callerOf(req: Request): Caller {
  const caller = callers.get(req)
  if (!caller)
    throw new Error(
      `${req.method} ${req.originalUrl}: the route reads its caller before the authentication middleware ran`,
    )
  return caller
}

function attemptOf(req: Request, attempted: AttemptedOperation): unknown {
  if (attempted === 'route') return { query: `${req.method} ${req.baseUrl}${req.path}` }
  // A GET sends its operation in the URL.
  return req.body ?? req.query
}
