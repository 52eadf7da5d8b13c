// One structured logger per service: JSON lines on stdout (pino) with the time, the level, the service, and
// what each line is about. Never a token, a query's variables or an answer's data: callers log ids and codes.
import pino, { type Logger } from 'pino'

export type { Logger } from 'pino'

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/**
 * The level of every logger in this process: `LOG_LEVEL` (default `info`). In Jest's own processes without
 * `LOG_LEVEL`, `warn`: tests stay as quiet as they were, and a failure still says what went wrong.
 */
export function logLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const value = env.LOG_LEVEL?.trim().toLowerCase()
  if (value) {
    if (!(LOG_LEVELS as readonly string[]).includes(value))
      throw new Error(`Invalid LOG_LEVEL: ${env.LOG_LEVEL} (one of ${LOG_LEVELS.join(', ')})`)
    return value as LogLevel
  }
  return runningUnderJest(env) ? 'warn' : 'info'
}

/** This process is Jest's own (a worker, or Jest in band), not a service a test spawned (which inherits JEST_WORKER_ID). */
function runningUnderJest(env: NodeJS.ProcessEnv): boolean {
  return env.JEST_WORKER_ID !== undefined && /[\\/]jest[\w-]*[\\/]/.test(process.argv[1] ?? '')
}

const loggers = new Map<string, Logger>()

/**
 * The logger of `service` (gateway, customers, …), shared by every module of the process that logs for it.
 * Lines: `{"level":"info","time":"2026-…Z","service":"gateway","msg":"…", …}`.
 */
export function createLogger(service: string): Logger {
  let logger = loggers.get(service)
  if (!logger) {
    logger = pino({
      level: logLevel(),
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // A last guard: should an object with credentials ever be logged whole, these never leave.
      redact: {
        paths: [
          'authorization',
          'headers.authorization',
          'req.headers.authorization',
          'token',
          'variables',
          'password',
        ],
        censor: '[redacted]',
      },
    })
    loggers.set(service, logger)
  }
  return logger
}

/**
 * An error as a log field, `error: { message, code, stack }`, and nothing else it may hold (a request, a
 * GraphQL error's source): what failed, never the data it was carrying.
 */
export function errorFields(error: unknown): { error: { message: string; code?: string; stack?: string } } {
  if (typeof error !== 'object' || error === null || typeof (error as { message?: unknown }).message !== 'string')
    return { error: { message: String(error) } }
  const { message, code, stack } = error as { message: string; code?: unknown; stack?: unknown }
  return { error: { message, ...(typeof code === 'string' && { code }), ...(typeof stack === 'string' && { stack }) } }
}
