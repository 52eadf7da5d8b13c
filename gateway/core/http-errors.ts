// Errors of the gateway's own HTTP routes (downloads, exports, chat, MCP), in GraphQL's error shape with the
// mesh's stable codes, and the HTTP status each code answers with.
import type { Response } from 'express'
import { ErrorCode, errorResponse } from '../../lib/errors'

const STATUS_OF_CODE: Partial<Record<string, number>> = {
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.LIMIT_EXCEEDED]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.UPSTREAM_UNAVAILABLE]: 502,
  GRAPHQL_VALIDATION_FAILED: 400,
  GRAPHQL_PARSE_FAILED: 400,
}

export function httpStatusOf(code: string): number {
  return STATUS_OF_CODE[code] ?? 500
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json(errorResponse(code, message))
}
