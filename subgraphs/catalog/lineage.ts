// The mesh's lineage as one graph, derived from what the products publish (their SDL's fields, their tables,
// their cross-product quality rules, their declared derived fields and the types those return, their example
// queries and glossary) and from the operations of the dashboard's tiles, read against the composed schema.
// Pure functions.
import { getNamedType, isObjectType, parse, TypeInfo, visit, visitWithTypeInfo, type GraphQLSchema } from 'graphql'
import type { DataProductDescriptor, GlossaryTerm } from '../../lib/data-product'
import type { PublishedDataProduct } from '../../lib/data-product-routes'
import { groupBy } from '../../lib/group-by'
import { isConnectionPlumbing } from './lineage-provenance'

export type LineageNodeKind = 'PRODUCT' | 'TABLE' | 'FIELD' | 'TILE' | 'EXAMPLE_QUERY' | 'GLOSSARY_TERM'
export type LineageEdgeKind =
  'ENTITY_REFERENCE' | 'QUALITY_RULE' | 'STORES' | 'PUBLISHES' | 'HOLDS' | 'DERIVED_FROM' | 'READS' | 'DESCRIBES'
export type LineageDirection = 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH'

export interface LineageNode {
  /** "product:risk", "table:risk.RiskAssessment", "field:Customer.riskGrade", "tile:risk-grades", "example:risk.2", "term:risk.risky". */
  id: string
  kind: LineageNodeKind
  label: string
  /** The product that owns it; null for the dashboard's tiles. */
  productId: string | null
  description: string | null
  /** For a derived field: how it is computed. */
  derivation: string | null
}

/** Data flows from `from` to `to`: `to` depends on `from`. */
export interface LineageEdge {
  from: string
  to: string
  kind: LineageEdgeKind
  /** What makes the edge: the fields that reference an entity, the rule ids, the columns a field is computed from. */
  via: string[]
}

export interface LineageGraph {
  nodes: Map<string, LineageNode>
  edges: LineageEdge[]
}

/** A consumer the catalog knows besides the products' example queries: a tile of the web dashboard. */
export interface TileConsumer {
  name: string
  title: string
  productId: string | null
  documents: string[]
}

export const productNodeId = (id: string) => `product:${id}`
export const tableNodeId = (productId: string, table: string) => `table:${productId}.${table}`
export const fieldNodeId = (coordinate: string) => `field:${coordinate}`
export const tileNodeId = (name: string) => `tile:${name}`
const exampleNodeId = (productId: string, index: number) => `example:${productId}.${index + 1}`
const termNodeId = (productId: string, term: string) => `term:${productId}.${term}`

const ROOT_TYPE: Record<string, string> = { STREAM: 'Subscription', MUTATION: 'Mutation' }

export function buildLineageGraph(
  products: PublishedDataProduct[],
  schema: GraphQLSchema | null,
  tiles: TileConsumer[],
): LineageGraph {
  const graph = createGraphBuilder()
  const owners = typeOwners(products)
  for (const product of products) addProduct(graph, product, owners)
  for (const product of products) addDerivations(graph, product)
  for (const product of products) addResultParts(graph, product, schema)
  if (schema) {
    for (const product of products) addExampleQueries(graph, product, schema)
    for (const tile of tiles) addTile(graph, tile, schema)
  }
  return graph.result()
}

export interface LineageQuestion {
  of: string
  direction: LineageDirection
  /** How many edges away from `of` to go. */
  depth: number
  /** Only nodes of these kinds are walked through and returned (`of` itself always is); all when empty. */
  kinds: LineageNodeKind[]
}

export interface TracedLineage {
  root: LineageNode
  nodes: (LineageNode & { distance: number })[]
  edges: LineageEdge[]
}

/**
 * The part of the graph around one node: what it is computed from (UPSTREAM, against the edges), what depends on
 * it (DOWNSTREAM, along them), or both, each walked separately so that "both" does not wander into a sibling's
 * inputs. A node's distance is negative upstream, positive downstream.
 */
export function traceLineage(graph: LineageGraph, question: LineageQuestion): TracedLineage | null {
  const root = graph.nodes.get(question.of)
  if (!root) return null
  const allowed = (id: string) => question.kinds.length === 0 || question.kinds.includes(graph.nodes.get(id)!.kind)
  const distances = new Map<string, number>([[root.id, 0]])
  const edges = new Set<LineageEdge>()
  const walk = (sign: 1 | -1) => {
    let frontier = [root.id]
    for (let step = 1; step <= question.depth && frontier.length > 0; step++) {
      const next: string[] = []
      for (const id of frontier) {
        for (const edge of graph.edges) {
          const [near, far] = sign === 1 ? [edge.from, edge.to] : [edge.to, edge.from]
          if (near !== id || !allowed(far)) continue
          edges.add(edge)
          if (distances.has(far)) continue
          distances.set(far, sign * step)
          next.push(far)
        }
      }
      frontier = next
    }
  }
  if (question.direction !== 'DOWNSTREAM') walk(-1)
  if (question.direction !== 'UPSTREAM') walk(1)
  const nodes = [...distances].map(([id, distance]) => ({ ...graph.nodes.get(id)!, distance }))
  return { root, nodes: nodes.sort((a, b) => a.distance - b.distance || a.id.localeCompare(b.id)), edges: [...edges] }
}

/** A node id from what a person types: a full id, or a field coordinate, a product id or a tile name alone. */
export function resolveNodeId(graph: LineageGraph, of: string): string | undefined {
  const wanted = of.trim()
  const candidates = wanted.includes(':') ? [wanted] : [fieldNodeId(wanted), productNodeId(wanted), tileNodeId(wanted)]
  return candidates.find((id) => graph.nodes.has(id))
}

/** The "Type.field" coordinates an operation selects, read against the composed schema; unknown fields are skipped. */
export function selectedCoordinates(schema: GraphQLSchema, document: string): string[] {
  const typeInfo = new TypeInfo(schema)
  const coordinates = new Set<string>()
  visit(
    parse(document),
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType()
        if (parent && typeInfo.getFieldDef() && !node.name.value.startsWith('__'))
          coordinates.add(`${parent.name}.${node.name.value}`)
      },
    }),
  )
  return [...coordinates]
}

interface GraphBuilder {
  node(
    node: Omit<LineageNode, 'description' | 'derivation'> & Partial<Pick<LineageNode, 'description' | 'derivation'>>,
  ): void
  has(id: string): boolean
  /** Adds `via` to the edge from → to of that kind, making it when new. */
  edge(from: string, to: string, kind: LineageEdgeKind, via?: string): void
  derive(id: string, derivation: string): void
  result(): LineageGraph
}

function createGraphBuilder(): GraphBuilder {
  const nodes = new Map<string, LineageNode>()
  const edges = new Map<string, LineageEdge>()
  return {
    node(node) {
      if (!nodes.has(node.id)) nodes.set(node.id, { description: null, derivation: null, ...node })
    },
    has: (id) => nodes.has(id),
    edge(from, to, kind, via) {
      if (from === to) return
      const key = `${from}\n${to}\n${kind}`
      const edge = edges.get(key) ?? { from, to, kind, via: [] }
      if (via && !edge.via.includes(via)) edge.via.push(via)
      edges.set(key, edge)
    },
    derive(id, derivation) {
      const node = nodes.get(id)
      if (node) nodes.set(id, { ...node, derivation })
    },
    result: () => ({ nodes, edges: [...edges.values()] }),
  }
}

/** Type name → the product that owns it (declares it, bare, among its output types). */
function typeOwners(products: PublishedDataProduct[]): Map<string, string> {
  const owners = new Map<string, string>()
  for (const { descriptor } of products)
    for (const type of descriptor.outputPorts.types) if (!type.includes('.')) owners.set(type, descriptor.id)
  return owners
}

const namedType = (printedType: string) => printedType.replace(/[[\]!]/g, '')

function addProduct(graph: GraphBuilder, product: PublishedDataProduct, owners: Map<string, string>): void {
  const { descriptor } = product
  const productId = descriptor.id
  const self = productNodeId(productId)
  graph.node({ id: self, kind: 'PRODUCT', label: descriptor.name, productId, description: descriptor.purpose })
  for (const { table } of descriptor.tables) addTable(graph, descriptor, table)
  for (const field of product.fields) {
    graph.node({
      id: fieldNodeId(field.coordinate),
      kind: 'FIELD',
      label: field.coordinate,
      productId,
      description: field.description,
    })
    graph.edge(self, fieldNodeId(field.coordinate), 'PUBLISHES')
    // Federation: a field added to another product's entity, or a field returning one, needs that product's keys.
    const [typeName] = field.coordinate.split('.')
    for (const referenced of [typeName!, namedType(field.type)]) {
      const owner = owners.get(referenced)
      if (owner && owner !== productId) graph.edge(productNodeId(owner), self, 'ENTITY_REFERENCE', field.coordinate)
    }
  }
  // A stored field comes from the table whose rows the product publishes as the field's type.
  const derived = new Set((descriptor.derivedFields ?? []).map((d) => d.field))
  for (const { table, type } of descriptor.tables) {
    for (const field of product.fields) {
      if (field.coordinate.split('.')[0] === type && !derived.has(field.coordinate))
        graph.edge(tableNodeId(productId, table), fieldNodeId(field.coordinate), 'HOLDS')
    }
  }
  for (const root of product.rootFields) {
    const coordinate = `${ROOT_TYPE[root.kind] ?? 'Query'}.${root.name}`
    graph.node({
      id: fieldNodeId(coordinate),
      kind: 'FIELD',
      label: coordinate,
      productId,
      description: root.description,
    })
    graph.edge(self, fieldNodeId(coordinate), 'PUBLISHES')
  }
  for (const rule of descriptor.quality) {
    if (rule.kind === 'references') graph.edge(productNodeId(rule.references.product), self, 'QUALITY_RULE', rule.id)
  }
  for (const term of descriptor.glossary ?? []) {
    const id = termNodeId(productId, term.term)
    graph.node({ id, kind: 'GLOSSARY_TERM', label: term.term, productId, description: term.meaning })
    const described = describedFields(product, term)
    if (described.length === 0) graph.edge(self, id, 'DESCRIBES', term.filter.input)
    for (const coordinate of described)
      graph.edge(fieldNodeId(coordinate), id, 'DESCRIBES', `${term.filter.input}: ${term.filter.value}`)
  }
}

/** The field a filter input bounds: `minAmount` → `amount`. */
const filteredField = (input: string) =>
  input.replace(/^(min|max)([A-Z])/, (_match, _bound: string, first: string) => first.toLowerCase())

/** The coordinates of the product's fields a glossary term's filter names ("risky" → Customer.riskGrade, RiskAssessment.riskGrade). */
export function describedFields(product: PublishedDataProduct, term: GlossaryTerm): string[] {
  const name = filteredField(term.filter.input)
  return product.fields.filter((f) => f.coordinate.split('.')[1] === name).map((f) => f.coordinate)
}

function addTable(graph: GraphBuilder, descriptor: DataProductDescriptor, table: string): void {
  const id = tableNodeId(descriptor.id, table)
  graph.node({
    id,
    kind: 'TABLE',
    label: table,
    productId: descriptor.id,
    description: `The ${table} table of the ${descriptor.name} database`,
  })
  graph.edge(productNodeId(descriptor.id), id, 'STORES')
}

function addDerivations(graph: GraphBuilder, { descriptor }: PublishedDataProduct): void {
  for (const derived of descriptor.derivedFields ?? []) {
    const target = fieldNodeId(derived.field)
    if (!graph.has(target)) continue
    graph.derive(target, derived.derivation)
    for (const input of derived.fromFields ?? [])
      if (graph.has(fieldNodeId(input))) graph.edge(fieldNodeId(input), target, 'DERIVED_FROM', input)
    for (const column of derived.fromColumns ?? []) {
      const [table, name] = column.split('.')
      // A table the descriptor does not list (a log, a child table) is still the product's: it appears when read.
      addTable(graph, descriptor, table!)
      graph.edge(tableNodeId(descriptor.id, table!), target, 'DERIVED_FROM', name)
    }
  }
}

/**
 * A type the product publishes from no table (a summary, a breakdown's groups, a behaviour profile) is the answer
 * of the derived fields returning it: each of its fields derives from them, and so on into the types it nests.
 */
function addResultParts(
  graph: GraphBuilder,
  { descriptor, fields }: PublishedDataProduct,
  schema: GraphQLSchema | null,
): void {
  const owned = new Set(descriptor.outputPorts.types)
  const tableTypes = new Set(descriptor.tables.map((t) => t.type))
  const fieldsByType = groupBy(fields, (field) => field.coordinate.split('.')[0]!)
  const parts = new Map(
    [...fieldsByType].filter(
      ([type, typeFields]) =>
        owned.has(type) &&
        !tableTypes.has(type) &&
        !isConnectionPlumbing(typeFields.map((f) => f.coordinate.split('.')[1]!)),
    ),
  )
  const returnType = (coordinate: string): string | undefined => {
    const published = fields.find((f) => f.coordinate === coordinate)
    if (published) return namedType(published.type)
    const [typeName, fieldName] = coordinate.split('.')
    const type = schema?.getType(typeName!)
    const field = isObjectType(type) ? type.getFields()[fieldName!] : undefined
    return field && getNamedType(field.type).name
  }
  const producers = (descriptor.derivedFields ?? [])
    .map((d) => d.field)
    .filter((coordinate) => graph.has(fieldNodeId(coordinate)))
  const seen = new Set(producers)
  for (let producer = producers.shift(); producer; producer = producers.shift()) {
    for (const part of parts.get(returnType(producer) ?? '') ?? []) {
      graph.edge(fieldNodeId(producer), fieldNodeId(part.coordinate), 'DERIVED_FROM', producer)
      if (!seen.has(part.coordinate)) {
        seen.add(part.coordinate)
        producers.push(part.coordinate)
      }
    }
  }
}

function addExampleQueries(graph: GraphBuilder, { descriptor }: PublishedDataProduct, schema: GraphQLSchema): void {
  descriptor.exampleQueries.forEach((example, index) => {
    const id = exampleNodeId(descriptor.id, index)
    graph.node({
      id,
      kind: 'EXAMPLE_QUERY',
      label: example.title,
      productId: descriptor.id,
      description: example.query,
    })
    for (const coordinate of safeCoordinates(schema, example.query))
      if (graph.has(fieldNodeId(coordinate))) graph.edge(fieldNodeId(coordinate), id, 'READS')
  })
}

function addTile(graph: GraphBuilder, tile: TileConsumer, schema: GraphQLSchema): void {
  const id = tileNodeId(tile.name)
  graph.node({
    id,
    kind: 'TILE',
    label: tile.title,
    productId: tile.productId,
    description: `The "${tile.title}" tile of the executive dashboard`,
  })
  for (const document of tile.documents) {
    for (const coordinate of safeCoordinates(schema, document))
      if (graph.has(fieldNodeId(coordinate))) graph.edge(fieldNodeId(coordinate), id, 'READS')
  }
}

/** An operation that no longer parses reads nothing, rather than hiding every other edge. */
function safeCoordinates(schema: GraphQLSchema, document: string): string[] {
  try {
    return selectedCoordinates(schema, document)
  } catch {
    return []
  }
}
