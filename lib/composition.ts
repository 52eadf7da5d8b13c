// Composes the subgraphs' SDL into the supergraph with @apollo/composition, as the committed
// schema/supergraph.graphql is made; used by `npm run compose` and the drift test.
import { composeServices } from '@apollo/composition'
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph'
import type { DocumentNode } from 'graphql'

export interface SubgraphDefinition {
  name: string
  url: string
  typeDefs: DocumentNode
}

export interface ComposedMesh {
  /** Subgraph name → its printed SDL (what it answers at `_service { sdl }`). */
  subgraphSdl: Record<string, string>
  supergraphSdl: string
}

export function composeMesh(subgraphs: SubgraphDefinition[]): ComposedMesh {
  const result = composeServices(subgraphs.map(({ name, url, typeDefs }) => ({ name, url, typeDefs })))
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`)
  }
  const subgraphSdl = Object.fromEntries(subgraphs.map(({ name, typeDefs }) => [name, printSubgraphSchema(buildSubgraphSchema(typeDefs))]))
  return { subgraphSdl, supergraphSdl: result.supergraphSdl }
}
