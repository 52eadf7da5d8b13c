// The trail's write paths: internal HTTP endpoints, not part of the graph, that only the mesh's own service
// identity may call (the gateway for denials, the products for granted restricted reads). Records are
// committed before they answer.
import express, { type RequestHandler } from 'express'
import { z } from 'zod'
import { ErrorCode, errorResponse } from '../../lib/errors'
import { GATEWAY_SERVICE_SUBJECT, IDENTITY_HEADER, verifyForwardedIdentity } from '../../rules/identity'
import type { AuditData } from './data'

export const RECORD_DENIALS_PATH = '/internal/access-denials'
export const RECORD_RESTRICTED_ACCESS_PATH = '/internal/restricted-access'

const Denials = z.object({
  denials: z
    .array(
      z.object({
        // Given by the writer, so that a write it repeats after a timeout is stored once.
        id: z.string().uuid().optional(),
        occurredAt: z.coerce.date(),
        requestId: z.string().min(1),
        subject: z.string().min(1),
        roles: z.array(z.string()),
        channel: z.string(),
        operationName: z.string().nullable(),
        operation: z.string(),
        field: z.string(),
        path: z.string(),
        code: z.string(),
        reason: z.string(),
      }),
    )
    .max(10_000),
})

const RestrictedReads = z.object({
  reads: z
    .array(
      z.object({
        id: z.string().uuid().optional(),
        occurredAt: z.coerce.date(),
        requestId: z.string().min(1),
        subject: z.string().min(1),
        roles: z.array(z.string()),
        channel: z.string(),
        operationName: z.string().nullable(),
        field: z.string().min(1),
        path: z.string(),
        customerId: z.string().nullable(),
      }),
    )
    .max(100_000),
})

/**
 * An internal write route: only the mesh's own service identity may call it, the body must match `schema`, and
 * the records are committed before it answers (a database fault answers 503 naming the product, anything
 * else 500).
 */
function internalWriteRoute<T>(
  schema: z.ZodType<T>,
  write: (body: T) => Promise<number>,
  internalSecret: string,
  refusal: string,
  limit: string,
): RequestHandler[] {
  const record: RequestHandler = async (req, res, next) => {
    const identity = await verifyForwardedIdentity(req.header(IDENTITY_HEADER), internalSecret)
    if (identity?.subject !== GATEWAY_SERVICE_SUBJECT) {
      res.status(403).json(errorResponse(ErrorCode.FORBIDDEN, refusal))
      return
    }
    const parsed = schema.safeParse(req.body)
    if (!parsed.success) {
      res
        .status(400)
        .json(
          errorResponse(
            ErrorCode.BAD_USER_INPUT,
            parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          ),
        )
      return
    }
    try {
      res.json({ recorded: await write(parsed.data) })
    } catch (error) {
      next(error)
    }
  }
  return [express.json({ limit }), record]
}

/** Granted reads of restricted data, written by the product that served them with the mesh's service identity. */
export function recordRestrictedAccessRoute(data: AuditData, internalSecret: string): RequestHandler[] {
  return internalWriteRoute(
    RestrictedReads,
    (body) => data.recordRestrictedAccess(body.reads),
    internalSecret,
    "Only the mesh's services may write the audit trail",
    '20mb',
  )
}

export function recordDenialsRoute(data: AuditData, internalSecret: string): RequestHandler[] {
  return internalWriteRoute(
    Denials,
    (body) => data.recordDenials(body.denials),
    internalSecret,
    'Only the gateway may write the audit trail',
    '5mb',
  )
}
