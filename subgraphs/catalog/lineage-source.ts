// The catalog's current lineage graph: rebuilt when a product publishes a new descriptor or the composed schema
// changes (its file is read again when its modification time moves), otherwise served from memory.
import { Supergraph } from '@apollo/federation-internals'
import type { GraphQLSchema } from 'graphql'
import { readFileSync, statSync } from 'node:fs'
import type { PublishedDataProduct } from '../../lib/data-product-routes'
import { buildLineageGraph, type LineageGraph, type TileConsumer } from './lineage'
import type { ProductDirectory } from './products'

export interface LineageSource {
  graph(): Promise<LineageGraph>
}

export function createLineageSource(
  directory: ProductDirectory,
  supergraphFile: string,
  tiles: TileConsumer[],
): LineageSource {
  let schema: { modifiedMillis: number; schema: GraphQLSchema | null } | undefined
  let built: { products: PublishedDataProduct[]; schema: GraphQLSchema | null; graph: LineageGraph } | undefined

  function composedSchema(): GraphQLSchema | null {
    const modifiedMillis = modifiedTimeOf(supergraphFile)
    if (schema?.modifiedMillis !== modifiedMillis) schema = { modifiedMillis, schema: readApiSchema(supergraphFile) }
    return schema.schema
  }

  return {
    async graph() {
      const products = await directory.all()
      const current = composedSchema()
      const unchanged =
        built &&
        built.schema === current &&
        built.products.length === products.length &&
        built.products.every((p, i) => p === products[i])
      if (!unchanged) built = { products, schema: current, graph: buildLineageGraph(products, current, tiles) }
      return built!.graph
    },
  }
}

const modifiedTimeOf = (file: string) => {
  try {
    return statSync(file).mtimeMs
  } catch {
    return -1
  }
}

/** The client-facing schema of the composed graph; null when the file is missing (the lineage then has no consumers). */
function readApiSchema(file: string): GraphQLSchema | null {
  try {
    return Supergraph.build(readFileSync(file, 'utf8')).apiSchema().toGraphQLJSSchema()
  } catch {
    return null
  }
}
