// The rule map of one subgraph, generated from the classifications in its SDL and applied with
// graphql-shield. Deny by default: a field nobody classified is denied.
import { GraphQLError, type DocumentNode } from 'graphql'
import { applyMiddleware, type IMiddlewareFieldMap, type IMiddlewareFunction } from 'graphql-middleware'
import { deny, shield } from 'graphql-shield'
import type { IRuleFieldMap } from 'graphql-shield/typings/types'
import type { GraphQLSchema } from 'graphql'
import { ErrorCode } from '../lib/errors'
import { classifyFields, ownRowsFields, unscopedOwnedFields } from './classification'
import { allow, canRead, canWrite, isFromGateway, scopeToOwnRows, type GovernedContext } from './rules'

const UNCLASSIFIED = new GraphQLError('Not allowed: this field has no data classification, so nobody may read it.', { extensions: { code: ErrorCode.FORBIDDEN } })

export function createPermissionRules(typeDefs: DocumentNode): Record<string, IRuleFieldMap> {
  const tree: Record<string, IRuleFieldMap> = {
    Query: { _service: allow, _entities: isFromGateway },
    _Service: { sdl: allow },
  }
  for (const [coordinate, classification] of classifyFields(typeDefs)) {
    const [typeName, fieldName] = coordinate.split('.') as [string, string]
    tree[typeName] = { ...tree[typeName], [fieldName]: typeName === 'Mutation' ? canWrite(classification) : canRead(classification) }
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
        resolve(parent, { ...args, [argument]: scopeToOwnRows(context.identity, args[argument] as { customerId?: string | null } | null | undefined, coordinate) }, context, info),
    }
  }
  return scopes
}

/**
 * Wraps a subgraph's executable schema with its authorization rules, then its row scopes. Refuses a schema
 * with a list, aggregate or stream of customers' rows that declares no scope.
 */
export function applyPermissions(schema: GraphQLSchema, typeDefs: DocumentNode): GraphQLSchema {
  const unscoped = unscopedOwnedFields(typeDefs)
  if (unscoped.length) throw new Error(`Customers' rows without a row scope: ${unscoped.join(', ')}. Declare @ownRows on each (see lib/common.graphql).`)
  const rules = createPermissionRules(typeDefs)
  // A subgraph without entities has no Query._entities, and shield refuses rules for missing fields.
  if (!schema.getQueryType()?.getFields()._entities) delete rules.Query!._entities
  const permissions = shield(rules, { fallbackRule: deny, fallbackError: UNCLASSIFIED, allowExternalErrors: true })
  return applyMiddleware(schema, permissions, createRowScopes(typeDefs))
}

