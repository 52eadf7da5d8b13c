// Introspection (__schema, __type) only for roles that need it; everyone else reads the documented SDL
// in schema/, and cannot map the graph from outside.
import type { ApolloServerPlugin } from '@apollo/server'
import { GraphQLError, visit, type DocumentNode } from 'graphql'
import { ErrorCode } from '../../lib/errors'
import type { Identity } from '../../rules/identity'
import { mayIntrospect } from '../../rules/policy'

export function usesIntrospection(document: DocumentNode): boolean {
  let found = false
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true
    },
  })
  return found
}

export function useIntrospectionPolicy(): ApolloServerPlugin<{ identity: Identity }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (usesIntrospection(document) && !mayIntrospect(contextValue.identity.roles)) {
            throw new GraphQLError(
              'Introspection is not available to your role; the schema is documented in the API reference (schema/supergraph.graphql).',
              {
                extensions: {
                  code: ErrorCode.FORBIDDEN,
                  field: 'Query.__schema',
                  reason: 'introspection is not available to this role',
                  http: { status: 403 },
                },
              },
            )
          }
        },
      }
    },
  }
}
