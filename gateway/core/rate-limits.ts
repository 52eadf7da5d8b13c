// Per-caller rate limits and stream caps, from the table in rules/rate-limits.ts. Budgets are counted by
// rate-limiter-flexible: in this process's memory, or in Redis when a URL is given, so that every gateway
// replica draws on one budget. A caller is limited after authentication: by subject, or by network address
// when anonymous. A refusal answers 429 with Retry-After and RATE_LIMITED, and is recorded in the audit trail.
import { HeaderMap } from '@apollo/server'
import type { Request, Response } from 'express'
import { GraphQLError } from 'graphql'
import { Redis } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import { ErrorCode } from '../../lib/errors'
import { createLogger, errorFields } from '../../lib/logger'
import type { AuditTrail } from '../../lib/audit-client'
import type { Identity } from '../../rules/identity'
import {
  RATE_LIMITS,
  ROUTE_LABELS,
  concurrencyCap,
  governingCaller,
  type CallerLimits,
  type ConcurrencyCap,
  type RateLimitedCaller,
  type RateLimitedRoute,
} from '../../rules/rate-limits'
import { refusalRecord } from '../plugins/audit'
import { gatewayMetrics } from './metrics'

const log = createLogger('gateway')

export interface RateLimitOptions {
  /** Changes to the table, per caller and per entry; the rest keeps rules/rate-limits.ts. */
  limits?: Partial<Record<RateLimitedCaller, Partial<CallerLimits>>>
  /** Redis shared by the gateway replicas (`redis://host:port`); without it, each replica counts in its own memory. */
  redisUrl?: string
  /**
   * How long a Redis command may take (default 250 ms). A request whose count Redis does not answer in
   * time, or while it is unreachable, is counted in this replica's memory instead: limits then hold per
   * replica until Redis is back, and no request waits on it longer than this.
   */
  redisCommandTimeoutMs?: number
}

export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 250

/** What a refused request is told, and what the audit trail records. */
export interface RateLimitRefusal {
  /** The audit record's field: `rate-limit:/chat`, `rate-limit:subscriptions`, `rate-limit:concurrent-connections`… */
  field: string
  message: string
  retryAfterSeconds: number
}

/** Where a request came from and what it asked, for the anonymous caller's key and the audit record. */
export interface RequestOrigin {
  address: string | undefined
  operation: string
  operationName?: string | null
}

export interface CallerRateLimits {
  /** Counts one request of the caller to the route: null when admitted, else the refusal (already recorded). */
  admit(route: RateLimitedRoute, identity: Identity, origin: RequestOrigin): Promise<RateLimitRefusal | null>
  /** Takes one of the caller's concurrent connections or subscriptions: the function that gives it back, or the refusal. */
  hold(cap: ConcurrencyCap, identity: Identity, origin: RequestOrigin): Promise<(() => void) | RateLimitRefusal>
  /** For an Express route: admits the authenticated request, or answers it 429 and resolves false. */
  admitRequest(route: RateLimitedRoute, identity: Identity, req: Request, res: Response): Promise<boolean>
  close(): Promise<void>
}

/** A concurrency refusal is retried once something closes; this is when a client may look again. */
const CONCURRENCY_RETRY_SECONDS = 5
/** Redis trouble is logged at most this often. */
const WARNING_INTERVAL_MS = 30_000

/** Resolves once Redis (when configured) is connected, or could not be within its connect timeout (then logged). */
export async function createCallerRateLimits(
  auditTrail: AuditTrail,
  options: RateLimitOptions | false = {},
): Promise<CallerRateLimits> {
  if (options === false) return unlimited()
  const table = Object.fromEntries(
    Object.entries(RATE_LIMITS).map(([caller, limits]) => [
      caller,
      { ...limits, ...options.limits?.[caller as RateLimitedCaller] },
    ]),
  ) as Record<RateLimitedCaller, CallerLimits>
  const store = options.redisUrl
    ? connectRedis(options.redisUrl, options.redisCommandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS)
    : undefined
  await store?.connected
  const limiters = new Map<string, RateLimiterAbstract>()
  const holdings = new Map<string, number>()
  const refusedAtCap = new Set<string>()

  const limiterFor = (route: RateLimitedRoute, caller: RateLimitedCaller): RateLimiterAbstract => {
    const name = `${route}:${caller}`
    let limiter = limiters.get(name)
    if (!limiter) {
      const budget = table[caller][route]
      const settings = { keyPrefix: `mesh-rate:${name}`, points: budget.requests, duration: budget.perSeconds }
      limiter = store
        ? new RateLimiterRedis({
            ...settings,
            storeClient: store.client,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new InsuranceInMemory(settings, store.countingInMemory),
          })
        : new RateLimiterMemory(settings)
      limiters.set(name, limiter)
    }
    return limiter
  }

  const record = async (refusal: RateLimitRefusal, identity: Identity, origin: RequestOrigin): Promise<void> => {
    try {
      await auditTrail.record([
        refusalRecord(identity, origin, {
          field: refusal.field,
          code: ErrorCode.RATE_LIMITED,
          reason: refusal.message,
        }),
      ])
    } catch (error) {
      log.error(
        { requestId: identity.requestId, ...errorFields(error) },
        `gateway: a rate-limit refusal (${refusal.field}) could not be recorded in the audit trail`,
      )
    }
  }

  const limits: CallerRateLimits = {
    async admit(route, identity, origin) {
      const caller = governingCaller(identity.roles, route, table)
      const budget = table[caller][route]
      try {
        await limiterFor(route, caller).consume(callerKey(identity, origin))
        return null
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) {
          // Neither Redis nor the memory behind it could count: let the request through rather than fail it.
          log.warn(
            `gateway: the ${ROUTE_LABELS[route]} rate limit could not be counted (${String(rejection)}); admitting the request`,
          )
          return null
        }
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))
        const what =
          route === 'subscriptions'
            ? `start ${budget.requests} subscriptions`
            : `make ${budget.requests} requests to ${ROUTE_LABELS[route]}`
        const refusal = {
          field: `rate-limit:${ROUTE_LABELS[route]}`,
          retryAfterSeconds,
          message: `Rate limit reached: ${describeCaller(caller)} may ${what} per ${budget.perSeconds} s. Retry after ${retryAfterSeconds} s.`,
        }
        gatewayMetrics.rateLimitRefusals.inc({ limit: ROUTE_LABELS[route] })
        // Once per caller, route and window (the first refusal), however hard a client keeps trying.
        if (rejection.consumedPoints === budget.requests + 1) await record(refusal, identity, origin)
        return refusal
      }
    },
    async hold(cap, identity, origin) {
      const key = `${cap}:${callerKey(identity, origin)}`
      const most = concurrencyCap(identity.roles, cap, table)
      const held = holdings.get(key) ?? 0
      if (held >= most) {
        const caller = identity.roles.length
          ? `the ${identity.roles.join(', ')} role${identity.roles.length > 1 ? 's' : ''}`
          : describeCaller('anonymous')
        const what = cap === 'connections' ? 'WebSocket connections and SSE streams' : 'subscriptions'
        const refusal = {
          field: `rate-limit:concurrent-${cap}`,
          retryAfterSeconds: CONCURRENCY_RETRY_SECONDS,
          message: `Too many open ${what}: ${caller} may hold ${most} at once. Close one and retry.`,
        }
        gatewayMetrics.rateLimitRefusals.inc({ limit: `concurrent-${cap}` })
        if (!refusedAtCap.has(key)) {
          refusedAtCap.add(key)
          await record(refusal, identity, origin)
        }
        return refusal
      }
      holdings.set(key, held + 1)
      let released = false
      return () => {
        if (released) return
        released = true
        const left = (holdings.get(key) ?? 1) - 1
        if (left > 0) holdings.set(key, left)
        else holdings.delete(key)
        refusedAtCap.delete(key)
      }
    },
    async admitRequest(route, identity, req, res) {
      const body = (req.body ?? {}) as { query?: unknown; operationName?: unknown }
      const refusal = await limits.admit(route, identity, {
        address: req.ip ?? req.socket.remoteAddress,
        operation: typeof body.query === 'string' ? body.query : `${req.method} ${req.originalUrl}`,
        operationName: typeof body.operationName === 'string' ? body.operationName : null,
      })
      if (!refusal) return true
      sendRateLimited(res, refusal)
      return false
    },
    async close() {
      store?.client.disconnect()
    },
  }
  return limits
}

/** Answers a refused HTTP request: 429, Retry-After, and the GraphQL error shape with RATE_LIMITED. */
export function sendRateLimited(res: Response, refusal: RateLimitRefusal): void {
  res.setHeader('retry-after', String(refusal.retryAfterSeconds))
  res.status(429).json({ errors: [rateLimitedError(refusal).toJSON()] })
}

/** The refusal as a GraphQL error; with `http`, Apollo answers it 429 with Retry-After. */
export function rateLimitedError(refusal: RateLimitRefusal, http = false): GraphQLError {
  const extensions: Record<string, unknown> = { code: ErrorCode.RATE_LIMITED, retryAfter: refusal.retryAfterSeconds }
  // Apollo takes an error's status and headers from here (headers as a Map), and leaves them out of the body.
  if (http)
    extensions.http = { status: 429, headers: new HeaderMap([['retry-after', String(refusal.retryAfterSeconds)]]) }
  return new GraphQLError(refusal.message, { extensions })
}

function callerKey(identity: Identity, origin: RequestOrigin): string {
  return identity.roles.length ? `subject:${identity.subject}` : `address:${origin.address ?? 'unknown'}`
}

function describeCaller(caller: RateLimitedCaller): string {
  return caller === 'anonymous' ? 'a caller without a token (per network address)' : `the ${caller} role`
}

/** The memory a Redis-backed limiter counts in while Redis cannot; says so in the log. */
class InsuranceInMemory extends RateLimiterMemory {
  constructor(
    settings: { keyPrefix: string; points: number; duration: number },
    private readonly onUse: () => void,
  ) {
    super(settings)
  }

  override consume(
    key: string | number,
    pointsToConsume?: number,
    options?: Record<string, unknown>,
  ): Promise<RateLimiterRes> {
    this.onUse()
    return super.consume(key, pointsToConsume, options)
  }
}

function connectRedis(url: string, commandTimeoutMs: number) {
  const where = redisHost(url)
  let warnedAt = 0
  let fallingBack = false
  const warn = (reason: string) => {
    fallingBack = true
    if (Date.now() - warnedAt < WARNING_INTERVAL_MS) return
    warnedAt = Date.now()
    log.warn(
      `gateway: Redis at ${where} ${reason}; rate limits are counted in this replica's memory until it answers again`,
    )
  }
  const connectTimeoutMs = Math.max(1000, commandTimeoutMs * 4)
  const client = new Redis(url, {
    // A command never waits for a connection: a request is counted in memory instead.
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  })
  client.on('error', (error: Error) => warn(`is unreachable (${error.message})`))
  client.on('ready', () => {
    if (fallingBack) log.warn(`gateway: Redis at ${where} answers again; rate limits are shared across replicas again`)
    fallingBack = false
    warnedAt = 0
  })
  const connected = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, connectTimeoutMs)
    const done = () => {
      clearTimeout(timer)
      resolve()
    }
    client.once('ready', done)
    client.once('error', done)
  })
  return {
    client,
    connected,
    countingInMemory: () => warn(`did not answer within ${commandTimeoutMs} ms or is not connected`),
  }
}

/** host:port of a Redis URL, without its password, for the log. */
function redisHost(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return 'the configured URL'
  }
}

function unlimited(): CallerRateLimits {
  return {
    admit: async () => null,
    hold: async () => () => undefined,
    admitRequest: async () => true,
    close: async () => undefined,
  }
}
