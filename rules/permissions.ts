// The rule map of one subgraph, generated from the classifications in its SDL and applied with
// graphql-shield. Deny by default: a field nobody classified is denied.
import { GraphQLError, type DocumentNode } from 'graphql'
import { applyMiddleware } from 'graphql-middleware'
import { deny, shield } from 'graphql-shield'
import type { IRuleFieldMap } from 'graphql-shield/typings/types'
import type { GraphQLSchema } from 'graphql'
import { ErrorCode } from '../lib/errors'
import { classifyFields } from './classification'
import { allow, canRead, canWrite, isFromGateway } from './rules'

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

/** Wraps a subgraph's executable schema with its authorization rules. */
export function applyPermissions(schema: GraphQLSchema, typeDefs: DocumentNode): GraphQLSchema {
  const rules = createPermissionRules(typeDefs)
  // A subgraph without entities has no Query._entities, and shield refuses rules for missing fields.
  if (!schema.getQueryType()?.getFields()._entities) delete rules.Query!._entities
  const permissions = shield(rules, { fallbackRule: deny, fallbackError: UNCLASSIFIED, allowExternalErrors: true })
  return applyMiddleware(schema, permissions)
}

