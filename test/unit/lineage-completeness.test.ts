// Lineage provenance is complete: every field a data product owns says where its values come from, so none is
// silently absent from the catalog's lineage, and every derivation's inputs exist. Read from the descriptors,
// the subgraphs' SDL and the Prisma schemas, in process.
//
// The fields walked are those a product owns: every field of the types it lists among its output ports, and
// the fields it lists as added to another product's entity ("Customer.riskGrade"). Not walked: the root types
// (Query, Mutation, Subscription: their computed fields are declared derivations, their lookups read the
// types walked here), the key fields of a stub of another product's entity, and Relay connection plumbing
// (edges, pageInfo, totalCount; cursor, node), which holds the rows of its node type.
//
// A field has a provenance when, first match wins:
//   (b) the descriptor's derivedFields declares it with its inputs (fields of the composed graph, columns of
//       the product's own Prisma schema), or with none and a derivation saying they are external (a clock,
//       another service); a column stored under another name (d) is declared so too, with that one column;
//   (a) it is a column (Prisma field name or @map) of the model the descriptor's `tables` maps its type to
//       (by model name or @@map), the one mapping from types to tables the code has and the lineage draws;
//   (e) its type is a result type (one the product publishes from no table, a summary or a breakdown's group)
//       and every field of the SDL returning that type is declared (b) or is itself such a part: its fields
//       are the parts of that figure;
//   (c) it returns an object type (an entity, a stub of one, a nested object): a reference, whose own fields
//       are walked where the product owns them.
import { describe, expect, test } from '@jest/globals'
import { Supergraph } from '@apollo/federation-internals'
import { isObjectType, type GraphQLSchema } from 'graphql'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { productFields, rootFields } from '../../lib/data-contract'
import type { DataProductDescriptor } from '../../lib/data-product'
import type { PublishedDataProduct } from '../../lib/data-product-routes'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { buildLineageGraph, fieldNodeId, tableNodeId } from '../../subgraphs/catalog/lineage'
import {
  derivationProblems,
  explainMissingProvenance,
  fieldProvenances,
  unpublishedFields,
  type ProductSources,
} from '../../subgraphs/catalog/lineage-provenance'
import { SUBGRAPHS } from '../../subgraphs/registry'

const ROOT = path.join(__dirname, '..', '..')

const products: ProductSources[] = SUBGRAPHS.map(({ name }) => {
  const descriptor = require(`../../subgraphs/${name}/data-product`).dataProduct as DataProductDescriptor
  return {
    descriptor,
    typeDefs: loadSubgraphTypeDefs(path.join(ROOT, 'subgraphs', name, 'schema.graphql'), descriptor),
    prismaSchema: readFileSync(path.join(ROOT, 'prisma', name, 'schema.prisma'), 'utf8'),
  }
})

const apiSchema = Supergraph.build(readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8'))
  .apiSchema()
  .toGraphQLJSSchema()

/** Each product's fields without a provenance, as "product: Type.field (why)". */
const lackingProvenance = (sources: ProductSources) =>
  fieldProvenances(sources)
    .filter((f) => f.provenance === null)
    .map((f) => `${sources.descriptor.id}: ${f.coordinate} (${explainMissingProvenance(sources, f.coordinate)})`)

describe('lineage provenance', () => {
  test("every derivation is of a field the product publishes, and its inputs are fields of the composed graph and columns of the product's own tables", () => {
    expect(
      products.flatMap((p) =>
        derivationProblems(p, (coordinate) => hasField(apiSchema, coordinate)).map(
          (problem) => `${p.descriptor.id}: ${problem}`,
        ),
      ),
    ).toEqual([])
    expect(products.flatMap((p) => p.descriptor.derivedFields ?? []).length).toBeGreaterThan(10)
  })

  test("each type is owned by one product, and every field a product's SDL adds to another's entity is one of its output ports", () => {
    const owners = products.flatMap(({ descriptor }) =>
      descriptor.outputPorts.types
        .filter((type) => !type.includes('.'))
        .map((type) => ({ type, owner: descriptor.id })),
    )
    expect(owners.filter(({ type }, index) => owners.findIndex((o) => o.type === type) !== index)).toEqual([])
    expect(
      products.flatMap((p) => unpublishedFields(p).map((coordinate) => `${p.descriptor.id}: ${coordinate}`)),
    ).toEqual([])
  })

  test('every field a product owns is a column of its table, a declared derivation, a part of a derived figure or a reference', () => {
    const walked = products.flatMap(fieldProvenances)
    expect(products.flatMap(lackingProvenance)).toEqual([])
    expect(walked.length).toBeGreaterThan(200)
    expect(new Set(walked.map((f) => f.provenance?.kind))).toEqual(new Set(['COLUMN', 'DERIVED', 'PART', 'REFERENCE']))
  })

  test("the lineage graph draws every provenance: the table a column is held in, a derivation's inputs, the figure a part belongs to", () => {
    const graph = buildLineageGraph(products.map(published), apiSchema, [])
    const edgeInto = (to: string, from: string, via?: string) =>
      graph.edges.some((e) => e.to === to && e.from === from && (via === undefined || e.via.includes(via)))
    const undrawn = products.flatMap((sources) =>
      fieldProvenances(sources).flatMap(({ coordinate, provenance }) => {
        const { descriptor } = sources
        const target = fieldNodeId(coordinate)
        if (!graph.nodes.has(target)) return [`${coordinate}: no node`]
        const missing = (from: string, via?: string) =>
          edgeInto(target, from, via) ? [] : [`${coordinate}: no edge from ${from}${via ? ` via ${via}` : ''}`]
        if (!provenance) return []
        switch (provenance.kind) {
          case 'COLUMN':
            return missing(tableNodeId(descriptor.id, provenance.table))
          case 'PART':
            return provenance.of.flatMap((producer) => missing(fieldNodeId(producer)))
          case 'DERIVED':
            return [
              ...provenance.fromFields.flatMap((input) => missing(fieldNodeId(input))),
              ...provenance.fromColumns.flatMap((input) =>
                missing(tableNodeId(descriptor.id, input.split('.')[0]!), input.split('.')[1]),
              ),
            ]
          default:
            return []
        }
      }),
    )
    expect(undrawn).toEqual([])
  })

  test('a field whose derivation is left out, or declared without inputs, is named', () => {
    const transactions = products.find((p) => p.descriptor.id === 'transactions')!
    const derivedFields = (transactions.descriptor.derivedFields ?? [])
      .filter((d) => d.field !== 'Transaction.fraudScore')
      .map((d) =>
        d.field === 'Transaction.international'
          ? { field: d.field, derivation: 'Whether the transfer went abroad.' }
          : d,
      )
    const broken = { ...transactions, descriptor: { ...transactions.descriptor, derivedFields } }
    expect(lackingProvenance(broken)).toEqual([
      expect.stringMatching(
        /^transactions: Transaction\.fraudScore \(not a column of table Transaction; not declared in derivedFields; /,
      ),
      expect.stringMatching(
        /^transactions: Transaction\.international \(not a column of table Transaction; declared in derivedFields without inputs; /,
      ),
    ])
    expect(derivationProblems(broken, () => true)).toEqual([
      'Transaction.international: names no inputs, and its derivation does not say they are external',
    ])
  })
})

function hasField(schema: GraphQLSchema, coordinate: string): boolean {
  const [typeName, fieldName] = coordinate.split('.')
  const type = schema.getType(typeName!)
  return isObjectType(type) && fieldName! in type.getFields()
}

/** What the catalog would learn from the product; the lineage reads neither of its standard documents. */
function published({ descriptor, typeDefs }: ProductSources): PublishedDataProduct {
  return {
    descriptor,
    odps: {},
    odcs: {},
    fields: productFields(descriptor, typeDefs),
    rootFields: rootFields(descriptor, typeDefs),
  }
}
