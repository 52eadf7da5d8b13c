// Reads the classifications a data product declares in its SDL (`@classification` on types and fields).
import { Kind, type ConstDirectiveNode, type DocumentNode } from 'graphql'
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
  return { level: level.value as ClassificationLevel, ...(category?.kind === Kind.STRING && { category: category.value }) }
}
