// Renders a domain's descriptor and SDL as the open standards' documents (an ODPS v1 data product and
// an ODCS v3 data contract), validates them against the standards' published JSON Schemas, and marks
// the descriptor's deprecations in the SDL.
import Ajv2019 from 'ajv/dist/2019'
import addFormats from 'ajv-formats'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import {
  Kind,
  print,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type TypeNode,
} from 'graphql'
import { stringify } from 'yaml'
import { classifyFields, declaredFields, FEDERATION_TYPES } from '../rules/classification'
import { RULE_DIMENSIONS, type DataProductDescriptor, type QualityRule } from './data-product'
import { groupBy } from './group-by'
import { contractSql } from './quality'

const STANDARDS_DIR = path.resolve(__dirname, '..', 'schema', 'standards')
const SHARED_TYPES = new Set(['Query', 'Mutation', 'PageInfo'])

export interface ProductField {
  /** "Type.field". */
  coordinate: string
  description: string | null
  type: string
  level: string | null
  category: string | null
  critical: boolean
  deprecation: { reason: string; sunsetDate: string } | null
}

/** The fields a product publishes: its own types whole, and the fields it adds to other products' entities. */
export function productFields(descriptor: DataProductDescriptor, typeDefs: DocumentNode): ProductField[] {
  const classifications = classifyFields(typeDefs)
  const ownTypes = new Set(descriptor.outputPorts.types.filter((t) => !t.includes('.')))
  const addedFields = new Set(descriptor.outputPorts.types.filter((t) => t.includes('.')))
  const fields: ProductField[] = []
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue
    const typeName = definition.name.value
    if (FEDERATION_TYPES.has(typeName) || SHARED_TYPES.has(typeName)) continue
    for (const field of definition.fields ?? []) {
      const coordinate = `${typeName}.${field.name.value}`
      if (!ownTypes.has(typeName) && !addedFields.has(coordinate)) continue
      const classification = classifications.get(coordinate)
      const deprecation = descriptor.deprecations.find((d) => d.field === coordinate)
      fields.push({
        coordinate,
        description: field.description?.value ?? null,
        type: print(field.type),
        level: classification?.level ?? null,
        category: classification?.category ?? null,
        critical: descriptor.criticalDataElements.includes(coordinate),
        deprecation: deprecation ? { reason: deprecation.reason, sunsetDate: deprecation.sunsetDate } : null,
      })
    }
  }
  return fields
}

/**
 * What a root field answers: one row by id (ENTITY), rows (LIST), figures over many rows (AGGREGATE, as the
 * descriptor declares), a change (MUTATION) or live events (STREAM).
 */
export type RootFieldKind = 'ENTITY' | 'LIST' | 'AGGREGATE' | 'MUTATION' | 'STREAM'

/** The product's root fields with their descriptions and kinds. */
export function rootFields(
  descriptor: DataProductDescriptor,
  typeDefs: DocumentNode,
): { name: string; description: string | null; kind: RootFieldKind }[] {
  const fields = new Map<string, { root: string; field: FieldDefinitionNode }>()
  for (const definition of typeDefs.definitions) {
    if (
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      ['Query', 'Mutation', 'Subscription'].includes(definition.name.value)
    ) {
      for (const field of definition.fields ?? []) fields.set(field.name.value, { root: definition.name.value, field })
    }
  }
  const aggregates = new Set(descriptor.outputPorts.aggregates)
  const kindOf = (name: string): RootFieldKind => {
    const declared = fields.get(name)
    if (declared?.root === 'Subscription') return 'STREAM'
    if (declared?.root === 'Mutation') return 'MUTATION'
    if (aggregates.has(name)) return 'AGGREGATE'
    return declared?.field.arguments?.some((argument) => argument.name.value === 'id') ? 'ENTITY' : 'LIST'
  }
  return [...descriptor.outputPorts.rootFields, ...(descriptor.outputPorts.streams ?? [])].map((name) => ({
    name,
    description: fields.get(name)?.field.description?.value ?? null,
    kind: kindOf(name),
  }))
}

export const contractId = (descriptor: DataProductDescriptor) => `${descriptor.id}-contract`

/** The product as an Open Data Product Standard v1 document. */
export function toOdps(descriptor: DataProductDescriptor): Record<string, unknown> {
  const contract = contractId(descriptor)
  return {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id: descriptor.id,
    name: descriptor.name,
    version: descriptor.version,
    status: descriptor.status,
    domain: descriptor.domain,
    tenant: 'retail-bank',
    description: {
      purpose: descriptor.purpose,
      usage: descriptor.useCases.join('; '),
      limitations: descriptor.limitations,
    },
    outputPorts: [
      {
        name: 'graphql',
        type: 'graphql',
        version: descriptor.version,
        contractId: contract,
        description: `Root fields ${descriptor.outputPorts.rootFields.join(', ')} of the mesh's composed graph (POST /graphql on the gateway).`,
      },
      {
        name: 'csv-export',
        type: 'file',
        version: descriptor.version,
        contractId: contract,
        description: 'Any list of the graph as CSV, streamed (POST /graphql with Accept: text/csv, or POST /export).',
      },
      {
        name: 'jsonl-export',
        type: 'file',
        version: descriptor.version,
        contractId: contract,
        description: 'Any list of the graph as JSON Lines, streamed (Accept: application/x-ndjson).',
      },
      ...(descriptor.outputPorts.aggregates?.length
        ? [
            {
              name: 'graphql-aggregates',
              type: 'graphql',
              version: descriptor.version,
              contractId: contract,
              description: `Aggregate root fields ${descriptor.outputPorts.aggregates.join(', ')} of the composed graph: figures over many rows (totals, breakdowns, rankings), not the rows themselves.`,
            },
          ]
        : []),
      ...(descriptor.outputPorts.streams?.length
        ? [
            {
              name: 'graphql-subscriptions',
              type: 'stream',
              version: descriptor.version,
              contractId: contract,
              description: `Subscription fields ${descriptor.outputPorts.streams.join(', ')}: live events of committed changes over WebSocket (graphql-transport-ws) or Server-Sent Events at the gateway's /graphql.`,
            },
          ]
        : []),
    ],
    support: [{ channel: 'email', url: `mailto:${descriptor.owner.contact}`, tool: 'email', scope: 'issues' }],
    team: { name: descriptor.owner.team, members: [{ username: descriptor.owner.contact, role: 'owner' }] },
    customProperties: [
      { property: 'freshnessObjective', value: descriptor.freshness.objective },
      ...(descriptor.sunsetDate ? [{ property: 'sunsetDate', value: descriptor.sunsetDate }] : []),
    ],
  }
}

function logicalType(type: TypeNode, enums: Set<string>): string {
  if (type.kind === Kind.NON_NULL_TYPE) return logicalType(type.type, enums)
  if (type.kind === Kind.LIST_TYPE) return 'array'
  const name = type.name.value
  if (name === 'Int') return 'integer'
  if (name === 'Float' || name === 'Decimal') return 'number'
  if (name === 'Boolean') return 'boolean'
  if (name === 'DateTime') return 'timestamp'
  if (name === 'Date') return 'date'
  if (name === 'String' || name === 'ID' || enums.has(name)) return 'string'
  return 'object'
}

function qualityCheck(rule: QualityRule): Record<string, unknown> {
  const common = {
    id: rule.id,
    name: rule.id,
    description: rule.description,
    dimension: RULE_DIMENSIONS[rule.kind],
    severity: rule.severity,
  }
  if (rule.kind === 'references') {
    return {
      ...common,
      type: 'custom',
      engine: 'data-mesh',
      implementation: {
        kind: 'references',
        table: rule.table,
        column: rule.column,
        product: rule.references.product,
        entity: rule.references.entity,
      },
    }
  }
  if (rule.kind === 'freshness')
    return { ...common, type: 'sql', query: contractSql(rule), mustBeLessOrEqualTo: rule.maxAgeHours, unit: 'hours' }
  return { ...common, type: 'sql', query: contractSql(rule), mustBe: 0, unit: 'rows' }
}

/** The product's data contract as an Open Data Contract Standard v3 document. */
export function toOdcs(descriptor: DataProductDescriptor, typeDefs: DocumentNode): Record<string, unknown> {
  const enums = new Set(
    typeDefs.definitions.flatMap((d) => (d.kind === Kind.ENUM_TYPE_DEFINITION ? [d.name.value] : [])),
  )
  const fieldTypes = new Map<string, TypeNode>()
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue
    for (const field of definition.fields ?? [])
      fieldTypes.set(`${definition.name.value}.${field.name.value}`, field.type)
  }
  const byType = groupBy(productFields(descriptor, typeDefs), (field) => field.coordinate.split('.')[0]!)
  const schema = [...byType].map(([typeName, fields]) => {
    const table = descriptor.tables.find((t) => t.type === typeName)
    const rules = descriptor.quality.filter(
      (rule) => descriptor.tables.find((t) => t.table === rule.table)?.type === typeName,
    )
    return {
      name: typeName,
      logicalType: 'object',
      physicalType: table ? 'table' : 'graphql-type',
      ...(table && { physicalName: table.table }),
      properties: fields.map((field) => {
        const fieldName = field.coordinate.split('.')[1]!
        const type = fieldTypes.get(field.coordinate)!
        return {
          name: fieldName,
          logicalType: logicalType(type, enums),
          physicalType: field.type,
          ...(field.description && { description: field.description }),
          required: type.kind === Kind.NON_NULL_TYPE,
          ...(table && fieldName === table.key && { primaryKey: true, primaryKeyPosition: 1 }),
          ...(field.level && { classification: field.level.toLowerCase() }),
          ...(field.category && { tags: [field.category] }),
          criticalDataElement: field.critical,
          ...(field.deprecation && {
            customProperties: [
              { property: 'deprecated', value: field.deprecation.reason },
              { property: 'sunsetDate', value: field.deprecation.sunsetDate },
            ],
          }),
        }
      }),
      ...(rules.length && { quality: rules.map(qualityCheck) }),
    }
  })
  const sla = descriptor.serviceLevel
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: contractId(descriptor),
    name: descriptor.name,
    version: descriptor.version,
    status: descriptor.status,
    domain: descriptor.domain,
    dataProduct: descriptor.id,
    tenant: 'retail-bank',
    description: {
      purpose: descriptor.purpose,
      usage: descriptor.useCases.join('; '),
      limitations: descriptor.limitations,
    },
    schema,
    slaProperties: [
      { property: 'latency', value: sla.latency.value, unit: sla.latency.unit },
      { property: 'frequency', value: sla.frequency.value, unit: sla.frequency.unit },
      { property: 'retention', value: sla.retention.value, unit: sla.retention.unit },
      { property: 'availability', value: sla.availability, unit: 'percent' },
      ...(descriptor.sunsetDate ? [{ property: 'endOfLife', value: descriptor.sunsetDate }] : []),
    ],
    team: { name: descriptor.owner.team, members: [{ username: descriptor.owner.contact, role: 'owner' }] },
    support: [{ channel: 'email', url: `mailto:${descriptor.owner.contact}`, tool: 'email', scope: 'issues' }],
  }
}

export const toYaml = (document: Record<string, unknown>) => stringify(document, { lineWidth: 0 })

function compileStandard(file: string) {
  const ajv = new Ajv2019({ allErrors: true, strict: false })
  addFormats(ajv)
  return ajv.compile(JSON.parse(readFileSync(path.join(STANDARDS_DIR, file), 'utf8')))
}

let validators: { odps: ReturnType<typeof compileStandard>; odcs: ReturnType<typeof compileStandard> } | undefined

function standardErrors(validate: ReturnType<typeof compileStandard>, document: unknown, label: string): string[] {
  if (validate(document)) return []
  return (validate.errors ?? []).map((error) => `${label}${error.instancePath || '/'} ${error.message}`)
}

/**
 * Everything wrong with a descriptor: the rendered ODPS and ODCS documents must pass the standards' JSON
 * Schemas, and what the descriptor names (fields, tables, dates) must exist. Empty when it is valid.
 */
export function descriptorProblems(descriptor: DataProductDescriptor, typeDefs: DocumentNode): string[] {
  validators ??= {
    odps: compileStandard('odps-json-schema-v1.0.0.json'),
    odcs: compileStandard('odcs-json-schema-v3.1.0.json'),
  }
  const problems = [
    ...standardErrors(validators.odps, toOdps(descriptor), 'ODPS descriptor'),
    ...standardErrors(validators.odcs, toOdcs(descriptor, typeDefs), 'ODCS contract'),
  ]
  const declared = new Set(declaredFields(typeDefs))
  const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text))
  const tables = new Set(descriptor.tables.map((t) => t.table))
  if (!['draft', 'active', 'deprecated', 'retired'].includes(descriptor.status))
    problems.push(`status must be draft, active, deprecated or retired, not "${descriptor.status}"`)
  if (descriptor.status === 'deprecated' && !(descriptor.sunsetDate && isDate(descriptor.sunsetDate)))
    problems.push('a deprecated product needs a sunsetDate (YYYY-MM-DD)')
  if (!/^\d+\.\d+\.\d+$/.test(descriptor.version))
    problems.push(`version "${descriptor.version}" is not semantic (major.minor.patch)`)
  if (!/^[^@\s]+@[^@\s]+$/.test(descriptor.owner.contact))
    problems.push(`owner contact "${descriptor.owner.contact}" is not an e-mail address`)
  for (const deprecation of descriptor.deprecations) {
    if (!declared.has(deprecation.field))
      problems.push(`deprecated field ${deprecation.field} is not in the product's SDL`)
    if (!isDate(deprecation.sunsetDate))
      problems.push(`deprecated field ${deprecation.field} needs a sunsetDate (YYYY-MM-DD)`)
  }
  for (const field of descriptor.outputPorts.rootFields)
    if (!declared.has(`Query.${field}`) && !declared.has(`Mutation.${field}`))
      problems.push(`root field ${field} is not in the product's SDL`)
  for (const field of descriptor.outputPorts.streams ?? [])
    if (!declared.has(`Subscription.${field}`))
      problems.push(`stream ${field} is not a Subscription field of the product's SDL`)
  for (const field of descriptor.outputPorts.aggregates ?? [])
    if (!descriptor.outputPorts.rootFields.includes(field) || !declared.has(`Query.${field}`))
      problems.push(`aggregate ${field} is not one of the product's Query root fields`)
  for (const coordinate of descriptor.criticalDataElements)
    if (!declared.has(coordinate)) problems.push(`critical data element ${coordinate} is not in the product's SDL`)
  for (const rule of descriptor.quality) {
    if (!tables.has(rule.table))
      problems.push(`quality rule ${rule.id} checks table ${rule.table}, which the descriptor does not list`)
    if (rule.kind === 'pattern') {
      try {
        new RegExp(rule.pattern)
      } catch {
        problems.push(`quality rule ${rule.id} has an invalid pattern`)
      }
    }
  }
  const ids = descriptor.quality.map((rule) => rule.id)
  for (const id of new Set(ids))
    if (ids.filter((other) => other === id).length > 1) problems.push(`quality rule id ${id} is used twice`)
  return problems
}

/** Throws, listing every problem, when a descriptor is not valid: a product does not start on a broken one. */
export function assertValidDescriptor(descriptor: DataProductDescriptor, typeDefs: DocumentNode): void {
  const problems = descriptorProblems(descriptor, typeDefs)
  if (problems.length)
    throw new Error(`The ${descriptor.id} data product's descriptor is not valid:\n  - ${problems.join('\n  - ')}`)
}

function deprecatedDirective(reason: string): ConstDirectiveNode {
  return {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: 'deprecated' },
    arguments: [
      { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'reason' }, value: { kind: Kind.STRING, value: reason } },
    ],
  }
}

/** The reason a deprecated field shows in the schema. */
export const deprecationReason = (reason: string, sunsetDate: string) => `${reason} Sunset: ${sunsetDate}.`

/**
 * The SDL with the descriptor's deprecations marked `@deprecated`: its deprecated fields, and every root
 * field of a deprecated product. The descriptor is the one place a deprecation is declared.
 */
export function applyDeprecations(typeDefs: DocumentNode, descriptor: DataProductDescriptor): DocumentNode {
  const reasons = new Map(descriptor.deprecations.map((d) => [d.field, deprecationReason(d.reason, d.sunsetDate)]))
  if (descriptor.status === 'deprecated' && descriptor.sunsetDate) {
    for (const field of descriptor.outputPorts.rootFields) {
      reasons.set(
        `Query.${field}`,
        deprecationReason(`The ${descriptor.name} data product is deprecated.`, descriptor.sunsetDate),
      )
    }
  }
  if (reasons.size === 0) return typeDefs
  return {
    ...typeDefs,
    definitions: typeDefs.definitions.map((definition) => {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION)
        return definition
      return {
        ...definition,
        fields: definition.fields?.map((field) => {
          const reason = reasons.get(`${definition.name.value}.${field.name.value}`)
          if (!reason || field.directives?.some((d) => d.name.value === 'deprecated')) return field
          return { ...field, directives: [...(field.directives ?? []), deprecatedDirective(reason)] }
        }),
      }
    }),
  }
}
