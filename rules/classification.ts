// Reads the classifications a data product declares in its SDL (`@classification` on types and fields).
import {
  Kind,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  type InputValueDefinitionNode,
  type TypeNode,
} from 'graphql'
import { CLASSIFICATION_LEVELS, type Classification, type ClassificationLevel } from './policy'

/** Federation's own types and fields, which carry no data and are governed separately. */
export const FEDERATION_TYPES = new Set(['_Service', '_Entity', '_Any'])
export const FEDERATION_QUERY_FIELDS = new Set(['_service', '_entities'])

/** "Type.field" → classification (the field's own, else its type's). Fields with neither are absent. */
export function classifyFields(typeDefs: DocumentNode): Map<string, Classification> {
  const classified = new Map<string, Classification>()
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue
    const typeName = definition.name.value
    if (FEDERATION_TYPES.has(typeName)) continue
    const typeLevel = readClassification(definition.directives)
    for (const field of definition.fields ?? []) {
      const classification = readClassification(field.directives) ?? typeLevel
      if (classification) classified.set(`${typeName}.${field.name.value}`, classification)
    }
  }
  return classified
}

/** Every object field the SDL declares, classified or not (to find the ones nobody classified). */
export function declaredFields(typeDefs: DocumentNode): string[] {
  const fields: string[] = []
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue
    for (const field of definition.fields ?? []) fields.push(`${definition.name.value}.${field.name.value}`)
  }
  return fields
}

function readClassification(directives: readonly ConstDirectiveNode[] | undefined): Classification | undefined {
  const directive = directives?.find((d) => d.name.value === 'classification')
  if (!directive) return undefined
  const level = directive.arguments?.find((a) => a.name.value === 'level')?.value
  const category = directive.arguments?.find((a) => a.name.value === 'category')?.value
  if (level?.kind !== Kind.ENUM || !(CLASSIFICATION_LEVELS as readonly string[]).includes(level.value)) return undefined
  return {
    level: level.value as ClassificationLevel,
    ...(category?.kind === Kind.STRING && { category: category.value }),
  }
}

/** The object types whose rows each belong to one customer (`@customerOwned`). */
export function customerOwnedTypes(typeDefs: DocumentNode): Set<string> {
  const owned = new Set<string>()
  for (const definition of typeDefs.definitions) {
    if (
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      hasDirective(definition.directives, 'customerOwned')
    )
      owned.add(definition.name.value)
  }
  return owned
}

/** "Type.field" → the argument the rules narrow to the caller's own rows (`@ownRows`). */
export function ownRowsFields(typeDefs: DocumentNode): Map<string, string> {
  const scoped = new Map<string, string>()
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue
    for (const field of definition.fields ?? []) {
      const directive = field.directives?.find((d) => d.name.value === 'ownRows')
      if (!directive) continue
      const argument = directive.arguments?.find((a) => a.name.value === 'argument')?.value
      scoped.set(
        `${definition.name.value}.${field.name.value}`,
        argument?.kind === Kind.STRING ? argument.value : 'filter',
      )
    }
  }
  return scoped
}

/**
 * Root fields that read customers' rows without `@ownRows`: those returning a customer-owned type (as a
 * list, or as the nodes of a connection) other than one row asked for by id, and those taking a filter that
 * names a customer (lists and aggregates alike). Also `@ownRows` fields whose argument does not exist.
 * Empty when every list, aggregate and stream is scoped.
 */
export function unscopedOwnedFields(typeDefs: DocumentNode): string[] {
  const owned = customerOwnedTypes(typeDefs)
  const scoped = ownRowsFields(typeDefs)
  const objects = new Map<string, FieldDefinitionNode[]>()
  const inputs = new Map<string, InputValueDefinitionNode[]>()
  for (const definition of typeDefs.definitions) {
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION)
      objects.set(definition.name.value, [...(objects.get(definition.name.value) ?? []), ...(definition.fields ?? [])])
    if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION)
      inputs.set(definition.name.value, [...(definition.fields ?? [])])
  }
  const fieldType = (typeName: string, fieldName: string) => {
    const field = objects.get(typeName)?.find((f) => f.name.value === fieldName)
    return field && namedType(field.type)
  }
  /** The row type a field returns: through lists and non-null, and a connection's edges' node. */
  const rowType = (type: TypeNode): string => {
    const name = namedType(type)
    const edge = fieldType(name, 'edges')
    return (edge && fieldType(edge, 'node')) ?? name
  }
  const problems: string[] = []
  for (const root of ['Query', 'Subscription']) {
    for (const field of objects.get(root) ?? []) {
      const coordinate = `${root}.${field.name.value}`
      if (root === 'Query' && FEDERATION_QUERY_FIELDS.has(field.name.value)) continue
      const argument = scoped.get(coordinate)
      if (argument !== undefined) {
        if (!field.arguments?.some((a) => a.name.value === argument))
          problems.push(`${coordinate} (its @ownRows argument "${argument}" does not exist)`)
        continue
      }
      const byId = field.arguments?.some((a) => a.name.value === 'id')
      const namesCustomer = field.arguments?.some((a) =>
        inputs.get(namedType(a.type))?.some((f) => f.name.value === 'customerId'),
      )
      if ((owned.has(rowType(field.type)) && !byId) || namesCustomer) problems.push(coordinate)
    }
  }
  return problems
}

const namedType = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type))
const hasDirective = (directives: readonly ConstDirectiveNode[] | undefined, name: string) =>
  Boolean(directives?.some((d) => d.name.value === name))

/** A type's own classification, as its SDL declares it (on the definition or an extension). */
export function typeClassification(schema: GraphQLSchema, typeName: string): Classification | undefined {
  const type = schema.getType(typeName)
  if (!type) return undefined
  for (const node of [type.astNode, ...(type.extensionASTNodes ?? [])]) {
    const classification = node && 'directives' in node ? readClassification(node.directives) : undefined
    if (classification) return classification
  }
  return undefined
}
