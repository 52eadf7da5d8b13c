// Where each field a data product publishes gets its values: a column of its table, a declared derivation, a
// reference to an entity, or a part of a derived figure. The lineage draws exactly these, so a field with none
// of them is missing from it; pure functions over a product's descriptor, SDL and Prisma schema check that.
import {
  Kind,
  type DocumentNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  type TypeNode,
} from 'graphql'
import type { DataProductDescriptor, DerivedField } from '../../lib/data-product'
import { FEDERATION_TYPES } from '../../rules/classification'

/** Where a field's values come from. */
export type Provenance =
  /** A column of the table (as the descriptor names it) whose rows the product publishes as the field's type. */
  | { kind: 'COLUMN'; table: string; column: string }
  /** Declared in the descriptor's derivedFields, with its inputs (none when they are external: a clock, another service). */
  | { kind: 'DERIVED'; fromFields: string[]; fromColumns: string[] }
  /** A field of a result type (a summary, a breakdown's group): a part of the figure of the derived fields returning it. */
  | { kind: 'PART'; of: string[] }
  /** It returns an entity or another object, whose own fields say where their values come from. */
  | { kind: 'REFERENCE'; type: string }

/** What a product says about itself: its descriptor, its SDL (as its server loads it) and its Prisma schema's text. */
export interface ProductSources {
  descriptor: DataProductDescriptor
  typeDefs: DocumentNode
  prismaSchema: string
}

export interface FieldProvenance {
  /** "Type.field". */
  coordinate: string
  /** null: nothing says where its values come from. */
  provenance: Provenance | null
}

/** A model of a Prisma schema: its name, the table it is stored in (@@map) and its columns (field names and @map names, relations left out). */
export interface PrismaModel {
  name: string
  table: string
  columns: Set<string>
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription'])
const COMPOSITE_KINDS = new Set<string>([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.UNION_TYPE_DEFINITION,
])
const PLUMBING_TYPES = new Set(['PageInfo'])
const CONNECTION_FIELDS = new Set(['edges', 'pageInfo', 'totalCount'])
const EDGE_FIELDS = new Set(['cursor', 'node'])

/**
 * A type of the Relay connection shape (edges, pageInfo, totalCount; or cursor and node): paging plumbing around
 * a list, whose values are the rows of the node type; it has no provenance of its own.
 */
export function isConnectionPlumbing(fieldNames: string[]): boolean {
  return (
    fieldNames.length > 0 &&
    [CONNECTION_FIELDS, EDGE_FIELDS].some((shape) => fieldNames.every((name) => shape.has(name)))
  )
}

/** The models of a Prisma schema. */
export function prismaModels(prismaSchema: string): PrismaModel[] {
  const blocks = [...prismaSchema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map(([, name, body]) => ({
    name: name!,
    body: body!,
  }))
  const modelNames = new Set(blocks.map((block) => block.name))
  return blocks.map(({ name, body }) => {
    const columns = new Set<string>()
    for (const [, field, type, attributes] of body.matchAll(/^\s+(\w+)\s+(\w+)\S*([^\n]*)$/gm)) {
      if (modelNames.has(type!)) continue
      columns.add(field!)
      const mapped = /@map\("([^"]+)"\)/.exec(attributes!)
      if (mapped) columns.add(mapped[1]!)
    }
    return { name, table: /^\s*@@map\("([^"]+)"\)/m.exec(body)?.[1] ?? name, columns }
  })
}

/** A declared derivation counts when it names its inputs, or says that they are external. */
export const hasInputs = (derived: DerivedField) =>
  (derived.fromFields?.length ?? 0) + (derived.fromColumns?.length ?? 0) > 0 || /\bexternal\b/i.test(derived.derivation)

/**
 * What is wrong with a product's declared derivations: a field that is not in the composed graph (`hasField`) or
 * not the product's own, an input field not in the composed graph, an input column not in the product's Prisma
 * schema, an entry with no inputs that does not say they are external. Empty when they are all sound.
 */
export function derivationProblems(
  { descriptor, prismaSchema }: ProductSources,
  hasField: (coordinate: string) => boolean,
): string[] {
  const columns = new Set(
    prismaModels(prismaSchema).flatMap((model) =>
      [...model.columns].flatMap((column) => [`${model.name}.${column}`, `${model.table}.${column}`]),
    ),
  )
  const problems: string[] = []
  for (const derived of descriptor.derivedFields ?? []) {
    const { field } = derived
    if (!hasField(field)) problems.push(`${field}: not a field of the composed graph`)
    if (!publishes(descriptor, field)) problems.push(`${field}: not a field the product publishes`)
    for (const input of derived.fromFields ?? [])
      if (!hasField(input)) problems.push(`${field}: input ${input} is not a field of the composed graph`)
    for (const column of derived.fromColumns ?? [])
      if (!columns.has(column))
        problems.push(`${field}: input ${column} is not a column of the product's Prisma schema`)
    if (!hasInputs(derived))
      problems.push(`${field}: names no inputs, and its derivation does not say they are external`)
  }
  return problems
}

/** Fields the product's SDL defines on a type it does not own that are neither the entity's key nor listed among its output ports ("Type.field"). */
export function unpublishedFields({ descriptor, typeDefs }: ProductSources): string[] {
  const owned = ownedTypes(descriptor)
  const added = new Set(descriptor.outputPorts.types.filter((type) => type.includes('.')))
  return objectDefinitions(typeDefs).flatMap((definition) => {
    const type = definition.name.value
    if (owned.has(type) || ROOT_TYPES.has(type) || PLUMBING_TYPES.has(type) || FEDERATION_TYPES.has(type)) return []
    const keys = keyFields(definition)
    return (definition.fields ?? [])
      .map((field) => `${type}.${field.name.value}`)
      .filter((coordinate) => !keys.has(coordinate.split('.')[1]!) && !added.has(coordinate))
  })
}

/**
 * The provenance of every field the product owns: the fields of the types it lists among its output ports (bare
 * names) and the fields it adds to other products' entities ("Type.field"), leaving out root types and Relay
 * connection plumbing. In order: a declared derivation, a column of the type's table, a part of a derived
 * figure, a reference.
 */
export function fieldProvenances({ descriptor, typeDefs, prismaSchema }: ProductSources): FieldProvenance[] {
  const definitions = objectDefinitions(typeDefs)
  const objectNames = new Set(
    typeDefs.definitions.flatMap((d) => (COMPOSITE_KINDS.has(d.kind) && 'name' in d && d.name ? [d.name.value] : [])),
  )
  const fieldsByType = new Map<string, FieldDefinitionNode[]>()
  for (const definition of definitions)
    fieldsByType.set(definition.name.value, [
      ...(fieldsByType.get(definition.name.value) ?? []),
      ...(definition.fields ?? []),
    ])

  const owned = ownedTypes(descriptor)
  const added = new Set(descriptor.outputPorts.types.filter((type) => type.includes('.')))
  const models = prismaModels(prismaSchema)
  const tableOf = new Map(
    descriptor.tables.map(
      ({ table, type }) =>
        [type, { table, model: models.find((model) => model.name === table || model.table === table) }] as const,
    ),
  )
  const derived = new Map((descriptor.derivedFields ?? []).filter(hasInputs).map((d) => [d.field, d]))
  const names = (type: string) => (fieldsByType.get(type) ?? []).map((field) => field.name.value)
  const resultTypes = new Set(
    [...owned].filter((type) => fieldsByType.has(type) && !tableOf.has(type) && !isConnectionPlumbing(names(type))),
  )

  // Every field of the SDL returning each result type, and the result types whose every such field is derived or
  // itself a part of a covered result type: their fields are parts of those figures.
  const producers = new Map<string, string[]>()
  for (const [type, fields] of fieldsByType) {
    for (const field of fields) {
      const returned = namedType(field.type)
      if (resultTypes.has(returned))
        producers.set(returned, [...(producers.get(returned) ?? []), `${type}.${field.name.value}`])
    }
  }
  const covered = new Set<string>()
  for (let grew = true; grew;) {
    grew = false
    for (const [type, from] of producers) {
      if (
        covered.has(type) ||
        !from.every((coordinate) => derived.has(coordinate) || covered.has(coordinate.split('.')[0]!))
      )
        continue
      covered.add(type)
      grew = true
    }
  }

  const provenances: FieldProvenance[] = []
  for (const [type, fields] of fieldsByType) {
    if (ROOT_TYPES.has(type) || PLUMBING_TYPES.has(type) || FEDERATION_TYPES.has(type)) continue
    if (owned.has(type) && isConnectionPlumbing(names(type))) continue
    for (const field of fields) {
      const coordinate = `${type}.${field.name.value}`
      if (!owned.has(type) && !added.has(coordinate)) continue
      const declared = derived.get(coordinate)
      const stored = tableOf.get(type)
      const returned = namedType(field.type)
      let provenance: Provenance | null = null
      if (declared)
        provenance = { kind: 'DERIVED', fromFields: declared.fromFields ?? [], fromColumns: declared.fromColumns ?? [] }
      else if (stored?.model?.columns.has(field.name.value))
        provenance = { kind: 'COLUMN', table: stored.table, column: field.name.value }
      else if (covered.has(type)) provenance = { kind: 'PART', of: producers.get(type)! }
      else if (objectNames.has(returned)) provenance = { kind: 'REFERENCE', type: returned }
      provenances.push({ coordinate, provenance })
    }
  }
  return provenances
}

/** Why a field has no provenance, in words, for a test's failure message. */
export function explainMissingProvenance({ descriptor, typeDefs }: ProductSources, coordinate: string): string {
  const [type] = coordinate.split('.')
  const table = descriptor.tables.find((t) => t.type === type)?.table
  const declared = (descriptor.derivedFields ?? []).find((d) => d.field === coordinate)
  const fieldOf = objectDefinitions(typeDefs)
    .flatMap((d) => (d.name.value === type ? (d.fields ?? []) : []))
    .find((f) => f.name.value === coordinate.split('.')[1])
  return [
    table ? `not a column of table ${table}` : `${type} is published from no table the descriptor lists`,
    declared ? 'declared in derivedFields without inputs' : 'not declared in derivedFields',
    `returns ${fieldOf ? namedType(fieldOf.type) : '?'}, not an object`,
  ].join('; ')
}

function publishes(descriptor: DataProductDescriptor, coordinate: string): boolean {
  const [type, field] = coordinate.split('.')
  if (ROOT_TYPES.has(type!))
    return [...descriptor.outputPorts.rootFields, ...(descriptor.outputPorts.streams ?? [])].includes(field!)
  return descriptor.outputPorts.types.includes(type!) || descriptor.outputPorts.types.includes(coordinate)
}

const ownedTypes = (descriptor: DataProductDescriptor) =>
  new Set(descriptor.outputPorts.types.filter((type) => !type.includes('.')))

function objectDefinitions(typeDefs: DocumentNode): (ObjectTypeDefinitionNode | ObjectTypeExtensionNode)[] {
  return typeDefs.definitions.filter(
    (d): d is ObjectTypeDefinitionNode | ObjectTypeExtensionNode =>
      d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION,
  )
}

/** The fields named by the type's @key directives. */
function keyFields(definition: ObjectTypeDefinitionNode | ObjectTypeExtensionNode): Set<string> {
  const keys = new Set<string>()
  for (const directive of definition.directives ?? []) {
    if (directive.name.value !== 'key') continue
    const fields = directive.arguments?.find((argument) => argument.name.value === 'fields')?.value
    if (fields?.kind === Kind.STRING) for (const name of fields.value.split(/[\s{}]+/)) if (name) keys.add(name)
  }
  return keys
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type)
}
