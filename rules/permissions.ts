// The rule map of one subgraph, generated from the classifications in its SDL and applied with
// graphql-shield. Deny by default: a field nobody classified is denied.
import { GraphQLError, type DocumentNode } from 'graphql'
import { applyMiddleware, type IMiddlewareFieldMap, type IMiddlewareFunction } from 'graphql-middleware'
import { deny, shield } from 'graphql-shield'
import type { IRuleFieldMap } from 'graphql-shield/typings/types'
import type { GraphQLSchema } from 'graphql'
import { ErrorCode } from './error-codes'
import { classifyFields, ownRowsFields, unscopedOwnedFields } from './classification'
import { allow, canRead, canWrite, isFromGateway, rowOwner, scopeToOwnRows, type GovernedContext } from './rules'

const UNCLASSIFIED = new GraphQLError('Not allowed: this field has no data classification, so nobody may read it.', {
  extensions: { code: ErrorCode.FORBIDDEN },
})

export function createPermissionRules(typeDefs: DocumentNode): Record<string, IRuleFieldMap> {
  const tree: Record<string, IRuleFieldMap> = {
    Query: { _service: allow, _entities: isFromGateway },
    _Service: { sdl: allow },
  }
  for (const [coordinate, classification] of classifyFields(typeDefs)) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string]
    tree[typeName] = {
      ...tree[typeName],
      [fieldName]: typeName === 'Mutation' ? canWrite(classification) : canRead(classification),
    }
  }
  return tree
}

/**
 * Row scope from the SDL: each `@ownRows` field's argument is narrowed to the caller's own customer when
 * their role is bound to their own rows, before its resolver (or, for a subscription, its `subscribe`) runs.
 */
export function createRowScopes(typeDefs: DocumentNode): IMiddlewareFieldMap<unknown, GovernedContext> {
  const scopes: Record<string, Record<string, IMiddlewareFunction<unknown, GovernedContext>>> = {}
  for (const [coordinate, argument] of ownRowsFields(typeDefs)) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string]
    scopes[typeName] = {
      ...scopes[typeName],
      [fieldName]: (resolve, parent, args: Record<string, unknown>, context, info) =>
        resolve(
          parent,
          {
            ...args,
            [argument]: scopeToOwnRows(
              context.identity,
              args[argument] as { customerId?: string | null } | null | undefined,
              coordinate,
            ),
          },
          context,
          info,
        ),
    }
  }
  return scopes
}

/** One restricted value a caller was granted: the field, where it was in the answer, and whose it is. */
export interface RestrictedRead {
  field: string
  path: string
  customerId: string | null
}

/** The restricted values a request was granted, per request context, for the audit trail. */
const restrictedReads = new WeakMap<object, RestrictedRead[]>()

export function restrictedReadsOf(context: object): RestrictedRead[] {
  return restrictedReads.get(context) ?? []
}

/**
 * Notes every granted read of a RESTRICTED field (an SSN, a credit score) that yields a value: which field, where
 * in the response and whose it is. The audit trail's own records are left out, or reading the trail would
 * fill it. The subgraph writes them to the trail before its answer leaves (lib/subgraph-server.ts).
 */
export function createRestrictedReadLog(typeDefs: DocumentNode): IMiddlewareFieldMap<unknown, GovernedContext> {
  const log: Record<string, Record<string, IMiddlewareFunction<unknown, GovernedContext>>> = {}
  for (const [coordinate, classification] of classifyFields(typeDefs)) {
    if (classification.level !== 'RESTRICTED' || classification.category === 'audit') continue
    const [typeName, fieldName] = coordinate.split('.') as [string, string]
    if (typeName === 'Mutation') continue
    log[typeName] = {
      ...log[typeName],
      [fieldName]: async (resolve, parent, args: Record<string, unknown>, context, info) => {
        const value: unknown = await resolve(parent, args, context, info)
        if (value !== null && value !== undefined && context.identity) {
          let reads = restrictedReads.get(context)
          if (!reads) restrictedReads.set(context, (reads = []))
          const path: (string | number)[] = []
          for (let at: typeof info.path | undefined = info.path; at; at = at.prev) path.unshift(at.key)
          reads.push({
            field: coordinate,
            path: path.join('.'),
            customerId: rowOwner(typeName, parent, args, fieldName) ?? null,
          })
        }
        return value
      },
    }
  }
  return log
}

/**
 * Wraps a subgraph's executable schema with its authorization rules, then its row scopes. Refuses a schema
 * with a list, aggregate or stream of customers' rows that declares no scope.
 */
export function applyPermissions(schema: GraphQLSchema, typeDefs: DocumentNode): GraphQLSchema {
  const unscoped = unscopedOwnedFields(typeDefs)
  if (unscoped.length)
    throw new Error(
      `Customers' rows without a row scope: ${unscoped.join(', ')}. Declare @ownRows on each (see lib/common.graphql).`,
    )
  const rules = createPermissionRules(typeDefs)
  // A subgraph without entities has no Query._entities, and shield refuses rules for missing fields.
  if (!schema.getQueryType()?.getFields()._entities) delete rules.Query!._entities
  const permissions = shield(rules, { fallbackRule: deny, fallbackError: UNCLASSIFIED, allowExternalErrors: true })
  return applyMiddleware(schema, permissions, createRowScopes(typeDefs), createRestrictedReadLog(typeDefs))
}
