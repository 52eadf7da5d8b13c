// The stable error codes every part of the mesh answers with, so clients can branch on `extensions.code`,
// and the errors built and masked with them. The codes are defined in rules/error-codes.ts, beside the denials.
import { GraphQLError, type GraphQLFormattedError } from 'graphql'
import { ErrorCode } from '../rules/error-codes'
import { createLogger, errorFields } from './logger'

export { ErrorCode }

/**
 * The one error envelope of the mesh's HTTP answers, GraphQL's own: `{ errors: [{ message, extensions: { code } }] }`.
 * The gateway's routes and the subgraphs' internal endpoints answer with it, as the API does.
 */
export function errorResponse(
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): { errors: [{ message: string; extensions: { code: string } }] } {
  return { errors: [{ message, extensions: { ...extensions, code } }] }
}

export function badUserInput(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extra } })
}

export function limitExceeded(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.LIMIT_EXCEEDED } })
}

const STABLE_CODES = new Set<string>(Object.values(ErrorCode))
const GRAPHQL_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
])

/**
 * Apollo `formatError`: errors with a known code pass unchanged; anything else (a database or programming
 * error) is logged and reaches the client as a plain INTERNAL_SERVER_ERROR, so no SQL or stack leaks.
 */
export function maskUnexpectedErrors(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (e: unknown) => void = logGatewayError,
): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? '')
  if ((STABLE_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) || GRAPHQL_CODES.has(code)) return formatted
  log(error)
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  }
}

/** The default of maskUnexpectedErrors (the gateway's formatError); subgraphs pass their own logger. */
function logGatewayError(error: unknown): void {
  createLogger('gateway').error(errorFields(error), 'unexpected error, answered as INTERNAL_SERVER_ERROR')
}
