// What a data product does when its database cannot be reached: tell the fault from a bug, answer it as
// UPSTREAM_UNAVAILABLE naming the product (with the write's outcome where a write was under way), and say so
// in the log once per outage, with its cause, rather than a stack per request.
import { GraphQLError, type GraphQLFormattedError } from 'graphql'
import { ErrorCode } from './errors'
import { createLogger } from './logger'

/** Whether a failed write may have been applied: NOT_APPLIED when its transaction never committed. */
export type WriteOutcome = 'NOT_APPLIED' | 'UNKNOWN'

export interface DatabaseFault {
  /** What went wrong, in a few words (no SQL, no stack): "connection refused", "connection terminated". */
  cause: string
  /** The fault struck before any statement ran: nothing was sent, so nothing was applied. */
  beforeConnecting: boolean
}

/** Node's socket errors met while connecting: the server was never reached. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
/** Socket errors once connected: the server went away. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED'])
/**
 * SQLSTATEs of a server that is shutting down, starting up or refusing connections (class 08 is "connection
 * exception"); 57P03 and 53300 are answered before any statement runs.
 */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03', '53300'])
const SERVER_REFUSED_BEFORE_STATEMENTS = new Set(['57P03', '53300'])
/** Prisma's own codes for a database it cannot reach, and its driver adapters' error kinds. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024'])
const ADAPTER_KINDS: Record<string, boolean> = {
  DatabaseNotReachable: true,
  ConnectionClosed: false,
  SocketTimeout: false,
  TooManyConnections: true,
}
/** node-postgres reports these as plain messages. */
const DROPPED_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /not queryable/i,
  /connection (was )?closed/i,
  /server closed the connection/i,
]
const NOT_REACHED_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /can't reach database server/i,
  /database system is (starting up|shutting down)/i,
]

/**
 * The database fault behind an error, or null for anything else (a bug, bad input, a constraint). Looks
 * through the causes Prisma, its adapters and node-postgres wrap one another in.
 */
export function databaseFault(error: unknown): DatabaseFault | null {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    const fault = ownFault(current as Record<string, unknown>)
    if (fault) return fault
    // Only the wrappers known to hold a database error are looked through: a `cause` elsewhere (fetch's
    // "fetch failed" around a refused connection, say) is about something other than this database.
    const next = current as {
      name?: unknown
      cause?: unknown
      originalError?: unknown
      meta?: { driverAdapterError?: unknown }
    }
    current =
      next.originalError ??
      next.meta?.driverAdapterError ??
      (next.name === 'DriverAdapterError' ? next.cause : undefined)
  }
  return null
}

function ownFault(error: Record<string, unknown>): DatabaseFault | null {
  const code = typeof error.code === 'string' ? error.code : undefined
  const kind = typeof error.kind === 'string' ? error.kind : undefined
  const message = typeof error.message === 'string' ? error.message : ''
  if (code && NOT_REACHED.has(code)) return { cause: `connection refused (${code})`, beforeConnecting: true }
  if (code && DROPPED.has(code)) return { cause: `connection lost (${code})`, beforeConnecting: false }
  if (code && (SERVER_GONE.has(code) || code.startsWith('08'))) {
    return {
      cause: `${firstLine(message) || 'connection exception'} (${code})`,
      beforeConnecting: SERVER_REFUSED_BEFORE_STATEMENTS.has(code),
    }
  }
  if (code && PRISMA_CODES.has(code))
    return { cause: `${firstLine(message)} (${code})`, beforeConnecting: code === 'P1001' || code === 'P2024' }
  if (kind && kind in ADAPTER_KINDS) return { cause: kind, beforeConnecting: ADAPTER_KINDS[kind]! }
  if (NOT_REACHED_MESSAGES.some((pattern) => pattern.test(message)))
    return { cause: firstLine(message), beforeConnecting: true }
  if (DROPPED_MESSAGES.some((pattern) => pattern.test(message)))
    return { cause: firstLine(message), beforeConnecting: false }
  return null
}

/** The database fault behind an error, or, for one not recognised as such, the error itself as the fault. */
export function faultOf(error: unknown, beforeConnecting = false): DatabaseFault {
  return (
    databaseFault(error) ?? {
      cause: error instanceof Error ? firstLine(error.message) : String(error),
      beforeConnecting,
    }
  )
}

const firstLine = (message: string) =>
  message
    .split('\n')
    .map((line) => line.trim())
    .find(Boolean)
    ?.slice(0, 200) ?? ''

/** The error a client gets while the product's database cannot be reached. */
export function databaseUnavailable(product: string, writeOutcome?: WriteOutcome, originalError?: Error): GraphQLError {
  const write =
    writeOutcome === 'NOT_APPLIED'
      ? ' The write was not applied; it is safe to send again.'
      : writeOutcome === 'UNKNOWN'
        ? ' The write may or may not have been applied: look it up before sending it again.'
        : ''
  return new GraphQLError(
    `The ${product} data product cannot reach its database right now; try again shortly.${write}`,
    {
      extensions: {
        code: ErrorCode.UPSTREAM_UNAVAILABLE,
        serviceName: product,
        ...(writeOutcome ? { writeOutcome } : {}),
      },
      originalError,
    },
  )
}

/**
 * Runs a write whose database transaction `run` opens; `run` calls `committing()` once its statements are
 * done, just before the commit. A database fault before that point left nothing applied; after it, the
 * commit's fate is unknown.
 */
export async function guardWrite<T>(product: string, run: (committing: () => void) => Promise<T>): Promise<T> {
  let commitSent = false
  try {
    return await run(() => (commitSent = true))
  } catch (error) {
    const fault = databaseFault(error)
    if (!fault) throw error
    throw databaseUnavailable(
      product,
      commitSent && !fault.beforeConnecting ? 'UNKNOWN' : 'NOT_APPLIED',
      error instanceof Error ? error : undefined,
    )
  }
}

export type DatabaseState = { status: 'up' } | { status: 'down'; since: Date; cause: string }

export interface DatabaseHealth {
  /** Reports a fault: the first one of an outage is logged, with its cause; it then probes until the database answers. */
  fault(fault: DatabaseFault): void
  /** Asks the database a trivial question within `timeoutMillis`, and records what it answered. */
  check(timeoutMillis?: number): Promise<DatabaseState>
  stop(): void
}

export interface DatabaseHealthOptions {
  product: string
  /** A trivial query (SELECT 1) on the product's database. */
  ping(): Promise<void>
  log?: (line: string) => void
  /** How often an unreachable database is asked again (default 1 s). */
  probeMillis?: number
}

/**
 * One product's view of its database: up, or down since when and why. Logs an outage when it begins and
 * when it ends, whatever the number of requests that met it in between.
 */
export function createDatabaseHealth(options: DatabaseHealthOptions): DatabaseHealth {
  const log = options.log ?? ((line: string) => createLogger(options.product).warn(line))
  let state: DatabaseState = { status: 'up' }
  let refused = 0
  let probe: NodeJS.Timeout | undefined
  let stopped = false

  const markDown = (cause: string) => {
    if (state.status === 'down') return
    state = { status: 'down', since: new Date(), cause }
    log(
      `${options.product}: its database cannot be reached (${cause}); requests that need it answer UPSTREAM_UNAVAILABLE until it is back`,
    )
    scheduleProbe()
  }
  const markUp = () => {
    if (state.status === 'up') return
    const seconds = ((Date.now() - state.since.getTime()) / 1000).toFixed(1)
    log(
      `${options.product}: its database answers again after ${seconds} s (${refused} ${refused === 1 ? 'request or connection' : 'requests or connections'} met the outage)`,
    )
    state = { status: 'up' }
    refused = 0
  }
  const scheduleProbe = () => {
    if (stopped || probe) return
    probe = setTimeout(() => {
      probe = undefined
      void check().then((now) => now.status === 'down' && scheduleProbe())
    }, options.probeMillis ?? 1000)
    probe.unref()
  }
  const check = async (timeoutMillis = 2000): Promise<DatabaseState> => {
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        options.ping(),
        new Promise(
          (_, reject) =>
            (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMillis} ms`)), timeoutMillis)),
        ),
      ])
      markUp()
    } catch (error) {
      if (state.status === 'up') markDown(faultOf(error).cause)
    } finally {
      clearTimeout(timer)
    }
    return state
  }
  return {
    fault(fault) {
      refused++
      markDown(fault.cause)
    },
    check,
    stop() {
      stopped = true
      clearTimeout(probe)
    },
  }
}

/**
 * A subgraph's `formatError`: a database fault is reported to the product's health (logged once per outage)
 * and answered as UPSTREAM_UNAVAILABLE naming the product, keeping a write's outcome when one was given;
 * anything else is masked as before.
 */
export function formatSubgraphError(
  product: string,
  health: DatabaseHealth | undefined,
  mask: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const fault = databaseFault(error)
    if (!fault) return mask(formatted, error)
    health?.fault(fault)
    if (formatted.extensions?.code === ErrorCode.UPSTREAM_UNAVAILABLE) return formatted
    return { ...databaseUnavailable(product).toJSON(), locations: formatted.locations, path: formatted.path }
  }
}
