// The subgraphs of `npm run bench`'s gateway-overhead load: the committed customers, transactions and loans
// SDLs (schema/<name>.graphql) served from constant, made-up data, so that a subgraph costs next to nothing and
// what is measured is the gateway's own work. No database, no field rules; the forwarded identity is ignored.
// An operation is parsed and validated (graphql-js) once per text, then walked by a small executor of its own:
// graphql-js's execute, general and careful, cost the subgraphs more than half of what the gateway spent.
// Prints one JSON line `{"urls": {...}}` once listening; stops on SIGTERM.
import { buildSubgraphSchema } from '@apollo/subgraph'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isAbstractType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  specifiedRules,
  validate,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql'

/**
 * Every value is a function of its object's seed and the field's name and arguments, never of the path or alias
 * that asked for it: an entity's seed is its id, so two subgraphs (and two gateways' query plans) agree on it.
 */
interface MockObject {
  __seed?: string
  /** A connection's page size, for its `edges`/`nodes` lists. */
  __first?: number
  id?: string
  __typename?: string
}

/** The bench's three products (as scripts/bench/subgraphs.ts, which starts when imported). */
const DOMAINS = ['customers', 'transactions', 'loans']

/** List length when no `first` says otherwise (accounts, loans of a customer…). */
const DEFAULT_LIST_LENGTH = 2
const MAX_LIST_LENGTH = 100

async function main(): Promise<void> {
  const urls: Record<string, string> = {}
  for (const domain of DOMAINS) {
    const typeDefs = parse(readFileSync(path.resolve(__dirname, '..', '..', 'schema', `${domain}.graphql`), 'utf8'))
    const schema = buildSubgraphSchema({ typeDefs })
    const documents = new Map<string, Prepared | { errors: { message: string }[] }>()
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const { status, result } = answer(schema, documents, Buffer.concat(chunks).toString('utf8'))
        const body = JSON.stringify(result)
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
        res.end(body)
      })
    })
    server.keepAliveTimeout = 60_000
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    urls[domain] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`
  }
  console.log(JSON.stringify({ urls }))
  process.once('SIGTERM', () => process.exit(0))
}

/** An operation, parsed and validated once per text: the gateways send the same few plans' queries over and over. */
interface Prepared {
  operation: OperationDefinitionNode
  /** The operation's selection set, as the one list the collected fields are cached by. */
  selections: SelectionSetNode[]
  fragments: Map<string, FragmentDefinitionNode>
}

function answer(
  schema: GraphQLSchema,
  documents: Map<string, Prepared | { errors: { message: string }[] }>,
  text: string,
): { status: number; result: unknown } {
  try {
    const { query, variables, operationName } = JSON.parse(text) as {
      query: string
      variables?: Record<string, unknown>
      operationName?: string
    }
    let prepared = documents.get(`${operationName ?? ''}\n${query}`)
    if (!prepared) {
      const document = parse(query)
      const errors = validate(schema, document, specifiedRules)
      const operations = document.definitions.filter(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      )
      const operation = operations.find((o) => !operationName || o.name?.value === operationName)
      prepared = errors.length
        ? { errors: errors.map((e) => ({ message: e.message })) }
        : operation?.operation !== 'query'
          ? { errors: [{ message: 'only queries are served' }] }
          : {
              operation,
              selections: [operation.selectionSet],
              fragments: new Map(
                document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
              ),
            }
      documents.set(`${operationName ?? ''}\n${query}`, prepared)
    }
    if ('errors' in prepared) return { status: 400, result: prepared }
    const coerced = getVariableValues(schema, prepared.operation.variableDefinitions ?? [], variables ?? {})
    if (coerced.errors) return { status: 400, result: { errors: coerced.errors.map((e) => ({ message: e.message })) } }
    const execution: Execution = { schema, fragments: prepared.fragments, variables: coerced.coerced }
    return {
      status: 200,
      result: { data: selectFields(execution, schema.getQueryType()!, undefined, prepared.selections) },
    }
  } catch (error) {
    return { status: 400, result: { errors: [{ message: error instanceof Error ? error.message : String(error) }] } }
  }
}

interface Execution {
  schema: GraphQLSchema
  fragments: Map<string, FragmentDefinitionNode>
  variables: Record<string, unknown>
}

/** The selected fields of one object, fields of the same response key merged, as graphql-js collects them. */
function selectFields(
  execution: Execution,
  type: GraphQLObjectType,
  parent: MockObject | undefined,
  selectionSets: readonly SelectionSetNode[],
): Record<string, unknown> {
  const result: Record<string, unknown> = {}
  for (const { key, name, field, node, subselections } of fieldsOf(execution, type, selectionSets)) {
    if (name === '__typename') {
      result[key] = type.name
      continue
    }
    const args = node.arguments?.length ? getArgumentValues(field!, node, execution.variables) : NO_ARGUMENTS
    // _entities answers each representation as the entity it names; every other field is made up.
    const value =
      name === '_entities' ? args.representations : mockField(parent, name, args, field!.type, execution.schema)
    result[key] = complete(execution, field!.type, value, subselections)
  }
  return result
}

const NO_ARGUMENTS: Record<string, unknown> = {}

interface CollectedField {
  key: string
  name: string
  field: GraphQLField<unknown, unknown> | undefined
  /** The first of the field's nodes (the one whose arguments count). */
  node: FieldNode
  subselections: SelectionSetNode[]
}

/** Collected once per object type and selection (the document is cached, so its nodes are the same objects). */
const collected = new WeakMap<readonly SelectionSetNode[], Map<string, CollectedField[]>>()
const selectionLists = new WeakMap<SelectionSetNode, SelectionSetNode[]>()

function fieldsOf(
  execution: Execution,
  type: GraphQLObjectType,
  selectionSets: readonly SelectionSetNode[],
): CollectedField[] {
  let byType = collected.get(selectionSets)
  if (!byType) collected.set(selectionSets, (byType = new Map()))
  let fields = byType.get(type.name)
  if (!fields) {
    const nodes = new Map<string, FieldNode[]>()
    for (const selectionSet of selectionSets) collectFields(execution, type, selectionSet, nodes)
    fields = [...nodes].map(([key, [node, ...more]]) => {
      const subselections = [node!, ...more].flatMap((each) => (each.selectionSet ? [each.selectionSet] : []))
      // One list object per single selection set, so the cache above finds it again.
      const shared =
        subselections.length === 1
          ? (selectionLists.get(subselections[0]!) ??
            selectionLists.set(subselections[0]!, subselections).get(subselections[0]!)!)
          : subselections
      return {
        key,
        name: node!.name.value,
        field: type.getFields()[node!.name.value],
        node: node!,
        subselections: shared,
      }
    })
    byType.set(type.name, fields)
  }
  return fields
}

function collectFields(
  execution: Execution,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  fields: Map<string, FieldNode[]>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value
      fields.set(key, [...(fields.get(key) ?? []), selection])
    } else {
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : execution.fragments.get(selection.name.value)!
      const condition = fragment.typeCondition?.name.value
      if (condition && condition !== type.name) {
        const conditionType = execution.schema.getType(condition)
        if (!conditionType || !isAbstractType(conditionType) || !execution.schema.isSubType(conditionType, type))
          continue
      }
      collectFields(execution, type, fragment.selectionSet, fields)
    }
  }
}

function complete(
  execution: Execution,
  type: GraphQLOutputType,
  value: unknown,
  selectionSets: readonly SelectionSetNode[],
): unknown {
  if (isNonNullType(type)) return complete(execution, type.ofType, value, selectionSets)
  if (value === null || value === undefined) return null
  if (isListType(type)) return (value as unknown[]).map((item) => complete(execution, type.ofType, item, selectionSets))
  if (isLeafType(type)) return type.serialize(value)
  const object = value as MockObject
  const concrete = isObjectType(type) ? type : (execution.schema.getType(object.__typename!) as GraphQLObjectType)
  return selectFields(execution, concrete, object, selectionSets)
}

/** A field the object already holds (a key from a representation, a mocked object's id), else made up. */
function mockField(
  parent: MockObject | undefined,
  name: string,
  args: Record<string, unknown>,
  type: GraphQLOutputType,
  schema: GraphQLSchema,
): unknown {
  if (parent && name in parent) return (parent as Record<string, unknown>)[name]
  const seed = `${parent ? seedOf(parent) : 'root'}.${name}${Object.keys(args).length ? JSON.stringify(args) : ''}`
  const first = typeof args.first === 'number' ? args.first : undefined
  return mockValue(type, seed, schema, first ?? parent?.__first, first)
}

function seedOf(object: MockObject): string {
  return object.__seed ?? object.id ?? JSON.stringify(object)
}

function mockValue(
  type: GraphQLOutputType,
  seed: string,
  schema: GraphQLSchema,
  listLength: number | undefined,
  first: number | undefined,
): unknown {
  const nullable = getNullableType(type)
  if (isListType(nullable)) {
    const length = Math.min(MAX_LIST_LENGTH, Math.max(0, listLength ?? DEFAULT_LIST_LENGTH))
    return Array.from({ length }, (_, i) =>
      mockValue(nullable.ofType as GraphQLOutputType, `${seed}[${i}]`, schema, undefined, undefined),
    )
  }
  const named = getNamedType(nullable)
  const hash = fnv1a(seed)
  if (isObjectType(named) || isAbstractType(named)) {
    const concrete = isAbstractType(named) ? schema.getPossibleTypes(named)[0]! : named
    const object: MockObject = { __seed: seed, __typename: concrete.name }
    // An object with an id is seeded by it, so whichever subgraph resolves it later agrees on its fields.
    if (concrete.getFields().id)
      object.id = object.__seed = `${concrete.name.slice(0, 3).toUpperCase()}-${hash.toString(36)}`
    if (first !== undefined) object.__first = first
    return object
  }
  if (isEnumType(named)) {
    const values = named.getValues()
    return values[hash % values.length]!.value
  }
  switch (named.name) {
    case 'ID':
      return `ID-${hash.toString(36)}`
    case 'Int':
      return hash % 1000
    case 'Float':
      return (hash % 100_000) / 100
    case 'Boolean':
      return hash % 2 === 0
    case 'Decimal':
      return `${hash % 100_000}.${String(hash % 100).padStart(2, '0')}`
    case 'Date':
      return new Date(Date.UTC(2026, hash % 12, 1 + (hash % 28))).toISOString().slice(0, 10)
    case 'DateTime':
      return new Date(Date.UTC(2026, hash % 12, 1 + (hash % 28), hash % 24)).toISOString()
    default:
      return `${seed.slice(seed.lastIndexOf('.') + 1, seed.lastIndexOf('.') + 9)}-${hash.toString(36)}`
  }
}

/** 32-bit FNV-1a: a cheap, stable hash of a seed. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

void main()
