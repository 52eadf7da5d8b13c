// The named predicates of the mesh's authorization, built on the policy table. No I/O in rules.
import { GraphQLError, type GraphQLResolveInfo } from 'graphql'
import { allow, rule } from 'graphql-shield'
import { ErrorCode } from './error-codes'
import type { Identity } from './identity'
import { decide, decideWrite, isBoundToOwnRows, type Classification } from './policy'

/** What rules read from a subgraph's request context. */
export interface GovernedContext {
  identity: Identity | null
}

export function forbidden(coordinate: string, reason: string): GraphQLError {
  return new GraphQLError(`Not allowed to read ${coordinate}: ${reason}.`, {
    extensions: { code: ErrorCode.FORBIDDEN, field: coordinate, reason },
  })
}

/** The customer a row belongs to, where the row says (a Customer is its own owner); undefined when it does not. */
export function rowOwner(
  typeName: string,
  parent: unknown,
  args: Record<string, unknown>,
  fieldName: string,
): string | undefined {
  if (typeName === 'Query') return fieldName === 'customer' && typeof args.id === 'string' ? args.id : undefined
  const row = parent as { id?: unknown; customerId?: unknown } | null
  if (typeName === 'Customer' && typeof row?.id === 'string') return row.id
  return typeof row?.customerId === 'string' ? row.customerId : undefined
}

/** May the caller read a field of this classification, on this row? */
export function canRead(classification: Classification) {
  return rule({ cache: 'no_cache' })(
    (parent: unknown, args: Record<string, unknown>, context: GovernedContext, info: GraphQLResolveInfo) => {
      const coordinate = `${info.parentType.name}.${info.fieldName}`
      const identity = context.identity
      if (!identity)
        return forbidden(coordinate, 'the request did not come through the gateway with a verified identity')
      const decision = decide(identity.roles, identity.channel, classification)
      if (!decision.allowed) return forbidden(coordinate, decision.reason)
      if (isBoundToOwnRows(identity.roles)) {
        const owner = rowOwner(info.parentType.name, parent, args, info.fieldName)
        if (owner !== undefined && owner !== identity.customerId)
          return forbidden(coordinate, 'it belongs to another customer')
      }
      return true
    },
  )
}

/** May the caller make this change (a Mutation field)? Writes are never bound to rows: the roles that write are staff. */
export function canWrite(classification: Classification) {
  return rule({ cache: 'no_cache' })(
    (_parent: unknown, _args: unknown, context: GovernedContext, info: GraphQLResolveInfo) => {
      const coordinate = `${info.parentType.name}.${info.fieldName}`
      const identity = context.identity
      if (!identity)
        return forbidden(coordinate, 'the request did not come through the gateway with a verified identity')
      const decision = decideWrite(identity.roles, identity.channel, classification)
      return decision.allowed ? true : forbidden(coordinate, decision.reason)
    },
  )
}

/** Entity resolution is the gateway's business: only requests it vouched for may ask. */
export const isFromGateway = rule({ cache: 'contextual' })(
  (_parent: unknown, _args: unknown, context: GovernedContext) =>
    context.identity
      ? true
      : forbidden('Query._entities', 'the request did not come through the gateway with a verified identity'),
)

export { allow }

/**
 * Narrows a list or aggregate filter to the caller's own customer when their role is bound to it
 * (row-level security); asking for another customer's rows is refused. Other callers' filters pass as is.
 */
export function scopeToOwnRows<F extends { customerId?: string | null }>(
  identity: Identity | null,
  filter: F | null | undefined,
  coordinate: string,
): F | null | undefined {
  if (!identity || !isBoundToOwnRows(identity.roles)) return filter
  if (filter?.customerId && filter.customerId !== identity.customerId)
    throw forbidden(coordinate, 'it belongs to another customer')
  return { ...filter, customerId: identity.customerId } as F
}
