// What the agent knows of the graph: the composed API schema (from the committed supergraph), searchable
// by words, sliceable to the part a question needs, and the validator every operation passes before it runs.
import { Supergraph } from '@apollo/federation-internals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import {
  astFromValue,
  getNamedType,
  Kind,
  isEnumType,
  isInputObjectType,
  isObjectType,
  isScalarType,
  parse,
  print,
  printType,
  validate,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql'
import type { DataProductDescriptor, GlossaryTerm } from '../lib/data-product'
import { classifyFields } from '../rules/classification'
import type { Classification } from '../rules/policy'
import { dataProduct as audit } from '../subgraphs/audit/data-product'
import { dataProduct as catalog } from '../subgraphs/catalog/data-product'
import { dataProduct as customers } from '../subgraphs/customers/data-product'
import { dataProduct as loans } from '../subgraphs/loans/data-product'
import { dataProduct as marketing } from '../subgraphs/marketing/data-product'
import { dataProduct as risk } from '../subgraphs/risk/data-product'
import { dataProduct as transactions } from '../subgraphs/transactions/data-product'

/** The data products whose glossaries the index reads (their descriptors are plain data). */
const GLOSSARY_PRODUCTS: DataProductDescriptor[] = [customers, transactions, loans, risk, marketing]
/** Every data product of the mesh, for the names of what they hold ("audit trail", "lineage"). */
const ALL_PRODUCTS: DataProductDescriptor[] = [...GLOSSARY_PRODUCTS, audit, catalog]

/** A glossary word of the question that a root field can take as a filter. */
export interface GlossaryMatch {
  /** The word as the question says it ("overdue", "in arrears"). */
  word: string
  term: string
  meaning: string
  filter: GlossaryTerm['filter']
  product: string
}

export interface RootFieldMatch {
  /** "Query.transactions". */
  coordinate: string
  name: string
  description: string
  /** The named type it returns. */
  returns: string
  score: number
  /** Glossary words of the text this field's product defines and its filters take. */
  glossary?: GlossaryMatch[]
}

export interface SchemaIndex {
  schema: GraphQLSchema
  /** Root query fields ranked by how well their names, descriptions and types match the words. */
  searchRootFields(text: string, limit?: number): RootFieldMatch[]
  /** SDL of the root fields given and every type they reach (to `depth` levels), for a prompt or a planner. */
  slice(rootFields: string[], depth?: number): string
  /** Validation errors of an operation against the composed schema (empty when valid). */
  validate(operation: string): string[]
  classification(coordinate: string): Classification | undefined
}

export const SUPERGRAPH_FILE = path.resolve(__dirname, '..', 'schema', 'supergraph.graphql')

const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'and',
  'or',
  'for',
  'about',
  'on',
  'in',
  'to',
  'with',
  'what',
  'which',
  'who',
  'how',
  'do',
  'does',
  'did',
  'we',
  'our',
  'have',
  'has',
  'is',
  'are',
  'was',
  'were',
  'me',
  'show',
  'give',
  'list',
  'tell',
  'all',
  'i',
  'my',
  'by',
  'per',
  'at',
  'from',
  'there',
  'many',
  'much',
  'that',
  'this',
  'it',
  'be',
  'can',
  'please',
])

/** Lower-case words of a text, split on punctuation and camelCase, without the words every question has. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
}

/** A word's simple stem, so that "deposits" finds "deposit" and "campaigns" finds "campaign". */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`
  if (word.length > 3 && word.endsWith('es') && /(ss|sh|ch|x|tus|nus)es$/.test(word)) return word.slice(0, -2)
  if (word.length > 3 && word.endsWith('s') && !/(ss|us)$/.test(word)) return word.slice(0, -1)
  return word
}

function fieldText(field: GraphQLField<unknown, unknown>): string {
  const type = getNamedType(field.type)
  return `${field.name} ${field.description ?? ''} ${type.name} ${type.description ?? ''}`
}

/** The enum values a root field's arguments accept (such as DEPOSIT or DECLINED): the words its filters understand. */
function argumentValues(field: GraphQLField<unknown, unknown>): string {
  const values: string[] = []
  const collect = (type: GraphQLNamedType, depth: number) => {
    if (isEnumType(type)) values.push(...type.getValues().map((v) => v.name.replace(/_/g, ' ')))
    if (isInputObjectType(type) && depth < 2)
      for (const input of Object.values(type.getFields())) collect(getNamedType(input.type), depth + 1)
  }
  for (const arg of field.args) collect(getNamedType(arg.type), 0)
  return values.join(' ')
}

/** The field names of what a root field returns, through connections to their nodes. */
function resultFieldNames(field: GraphQLField<unknown, unknown>): string {
  let type = getNamedType(field.type)
  if (isObjectType(type) && type.getFields().edges) {
    const node = getNamedType(type.getFields().edges!.type)
    if (isObjectType(node) && node.getFields().node) type = getNamedType(node.getFields().node!.type)
  }
  return isObjectType(type) ? Object.keys(type.getFields()).join(' ') : ''
}

/** The figures nested in a result that is not a list of rows (loanPerformance's all.current.approvalRate). */
function nestedFigureNames(field: GraphQLField<unknown, unknown>): string {
  const type = getNamedType(field.type)
  if (!isObjectType(type) || type.getFields().edges) return ''
  return Object.values(type.getFields())
    .flatMap((child) => {
      const inner = getNamedType(child.type)
      return isObjectType(inner) && !inner.getFields().id && !inner.getFields().edges ? figureNames(inner, 1) : []
    })
    .join(' ')
}

/** Field names of a figures type and of those nested in it; entities (with an id) are not entered. */
function figureNames(type: GraphQLObjectType, depth: number): string[] {
  return Object.values(type.getFields()).flatMap((child) => {
    const inner = getNamedType(child.type)
    const nested =
      depth < 2 && isObjectType(inner) && !inner.getFields().id && !inner.getFields().edges
        ? figureNames(inner, depth + 1)
        : []
    return [child.name, ...nested]
  })
}

/** The input names a root field takes, directly or inside its filter: where a glossary filter can go. */
function inputNames(field: GraphQLField<unknown, unknown>): Set<string> {
  const names = new Set<string>()
  for (const arg of field.args) {
    names.add(arg.name)
    const type = getNamedType(arg.type)
    if (isInputObjectType(type)) for (const name of Object.keys(type.getFields())) names.add(name)
  }
  return names
}

/** One word as a pattern that also meets its other forms: "rejected" meets "reject", "rejects", "rejecting". */
function inflectedWord(word: string): string {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const root = /^[a-z]+$/.test(word) ? word.replace(/(?:ed|ing|es|s)$/, '') : word
  return root !== word && root.length >= 6 ? `${root}(?:ed|ing|es|s|e)?` : escaped
}

/**
 * A glossary word or phrase as a pattern that meets its other forms, and a phrase also with a determiner or
 * the product's noun between its words: "behind on payments" meets "behind on their (loan) payments".
 */
function inflected(phrase: string): string {
  return phrase
    .split(/\s+/)
    .map(inflectedWord)
    .join(
      String.raw`\s+(?:(?:their|his|her|its|the|our|my|your|a|an)\s+)?(?:(?:loan|card|mortgage|monthly|credit|account)\s+)?`,
    )
}

/** The glossary words a text uses, longest first, each once. */
export function glossaryWordsIn(text: string, products: DataProductDescriptor[]): GlossaryMatch[] {
  const found: GlossaryMatch[] = []
  let rest = ` ${text.toLowerCase()} `
  const entries = products.flatMap((product) =>
    (product.glossary ?? []).flatMap((term) =>
      [term.term, ...term.synonyms].map((word) => ({ word: word.toLowerCase(), term, product: product.name })),
    ),
  )
  for (const { word, term, product } of entries.sort((a, b) => b.word.length - a.word.length)) {
    // A word right before an amount belongs to the amount ("over $10,000"); a long word is met in its other forms
    // ("reject" for "rejected"), and the match is the question's own word.
    // "how big is a withdrawal" asks a size, it does not qualify the withdrawals as big.
    const pattern = new RegExp(`(?<!\\bhow\\s+)(?<![a-z0-9-])${inflected(word)}(?![a-z0-9-])(?!\\s*\\$?\\d)`)
    const met = rest.match(pattern)
    if (!met) continue
    // "where do most of our customers live": a word right after its clause's subject is that clause's verb.
    if (usedAsVerb(rest, met)) continue
    rest = rest.replace(pattern, ' ')
    found.push({ word: met[0], term: term.term, meaning: term.meaning, filter: term.filter, product })
  }
  return found
}

/**
 * Whether a one-word glossary match is the verb of a "do …" question ("in which region do most customers live"),
 * not the adjective the glossary defines ("live campaigns", "which campaigns are live").
 */
function usedAsVerb(text: string, met: RegExpMatchArray): boolean {
  if (/\s/.test(met[0].trim())) return false
  const before = text.slice(0, met.index).trimEnd()
  const after = text.slice((met.index ?? 0) + met[0].length)
  return (
    /\b(?:do|does|did)\s+(?:[a-z'-]+\s+){0,4}[a-z'-]+$/.test(before) &&
    !/\b(?:have|has|had|keep|keeps|get|gets|are|is|be|consider|call)\s*$/.test(before) &&
    /^\s*(?:[?.!,;]|$|in\b|at\b|on\b|with\b)/.test(after)
  )
}

let vocabulary: Set<string> | undefined
let names: Set<string> | undefined
let dimensions: Set<string> | undefined

/**
 * The supergraph the mesh's words come from: the one indexed last (createSchemaIndex, which the gateway runs at
 * start and at every reload of what it serves), else the committed file. So a product a reload adds is known
 * to the chat's speller and scope at once.
 */
let indexedDocument: DocumentNode | undefined

function meshDocument(): DocumentNode {
  return (indexedDocument ??= parse(readFileSync(SUPERGRAPH_FILE, 'utf8')))
}

function useMeshDocument(document: DocumentNode): void {
  if (document === indexedDocument) return
  indexedDocument = document
  vocabulary = undefined
  names = undefined
  dimensions = undefined
}

/**
 * The words of the mesh's own language, with their stems: its schema's names, descriptions and enum values and
 * its products' descriptors and glossaries. The chat's speller leaves these alone and corrects towards them.
 */
export function meshVocabulary(): Set<string> {
  if (!vocabulary) {
    const text = `${print(meshDocument())} ${JSON.stringify(GLOSSARY_PRODUCTS)}`
    const found = text
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter((w) => w.length > 1)
    vocabulary = new Set([...found, ...found.map(stem)])
  }
  return vocabulary
}

/**
 * The stems of the things the mesh names: its types, fields, arguments and enum values, and its products' names
 * and glossary words, without the words of its descriptions. What a question is about is among these when the
 * data products hold it ("branches" is a channel); a question about something else names things outside them
 * ("parking", "competitors", "rent").
 */
export function meshNames(): Set<string> {
  if (!names) {
    const document = meshDocument()
    const found: string[] = []
    for (const definition of document.definitions) {
      if (!('name' in definition) || !definition.name || /^(?:join__|link__)/.test(definition.name.value)) continue
      found.push(definition.name.value)
      if ('fields' in definition) {
        for (const field of definition.fields ?? []) {
          found.push(field.name.value)
          if ('arguments' in field) for (const argument of field.arguments ?? []) found.push(argument.name.value)
        }
      }
      if ('values' in definition)
        for (const value of definition.values ?? []) found.push(value.name.value.toLowerCase().replace(/_/g, ' '))
    }
    for (const product of ALL_PRODUCTS) {
      found.push(product.name, product.domain)
      for (const term of product.glossary ?? []) found.push(term.term, ...term.synonyms)
    }
    names = new Set(
      found
        .flatMap((name) => words(name))
        .map(stem)
        .filter((word) => !FUNCTION_WORDS.has(word)),
    )
  }
  return names
}

/**
 * The stems of what the mesh's breakdowns group by (the values of its `…Dimension` enums): "region", "channel",
 * "segment", "grade". "Which region has the most customers" asks for a breakdown by one of these.
 */
export function meshDimensions(): Set<string> {
  if (!dimensions) {
    const found: string[] = []
    for (const definition of meshDocument().definitions)
      if (definition.kind === Kind.ENUM_TYPE_DEFINITION && /Dimension$/.test(definition.name.value))
        for (const value of definition.values ?? [])
          found.push(...words(value.name.value.toLowerCase().replace(/_/g, ' ')))
    dimensions = new Set(found.map(stem))
  }
  return dimensions
}

/** Words of field and argument names that name nothing themselves: "first", "after", "acquiredThrough". */
const FUNCTION_WORDS = new Set([
  'as',
  'after',
  'before',
  'both',
  'down',
  'every',
  'few',
  'first',
  'last',
  'next',
  'not',
  'off',
  'other',
  'out',
  'through',
  'under',
  'up',
  'via',
  'very',
  'use',
  'take',
  'run',
  'read',
  'check',
  'display',
  'include',
  'describe',
  'contain',
  'hold',
  'seen',
  'added',
  'changed',
  'passed',
  'resolve',
  'update',
  'search',
  'min',
  'max',
  'asc',
  'desc',
  'id',
  'url',
  'yaml',
  'node',
  'edge',
  'cursor',
  'page',
])

/** A supergraph parsed once: its document, and the API schema built from it. */
export interface ParsedSupergraph {
  document: DocumentNode
  apiSchema: GraphQLSchema
}

/** Parses a supergraph's SDL and builds its API schema. */
function parseSupergraph(sdl: string): ParsedSupergraph {
  const document = parse(sdl)
  return { document, apiSchema: Supergraph.build(document).apiSchema().toGraphQLJSSchema() }
}

/**
 * The chat's index of a supergraph: its SDL, or the supergraph the gateway has already parsed and built from it
 * (so a served supergraph is parsed once, whoever reads it).
 */
export function createSchemaIndex(
  supergraph: string | ParsedSupergraph = readFileSync(SUPERGRAPH_FILE, 'utf8'),
  glossaryProducts: DataProductDescriptor[] = GLOSSARY_PRODUCTS,
): SchemaIndex {
  const parsed = typeof supergraph === 'string' ? parseSupergraph(supergraph) : supergraph
  useMeshDocument(parsed.document)
  const schema = parsed.apiSchema
  const classifications = classifyFields(parsed.document)
  const queryFields = Object.values(schema.getQueryType()!.getFields())
  const owners = new Map(
    glossaryProducts.flatMap((product) => product.outputPorts.rootFields.map((name) => [name, product.name] as const)),
  )
  const documents = queryFields.map((field) => ({
    field,
    owner: owners.get(field.name),
    inputs: inputNames(field),
    name: words(field.name).map(stem),
    text: words(fieldText(field)).map(stem),
    fields: words(resultFieldNames(field)).map(stem),
    figures: words(nestedFigureNames(field)).map(stem),
    values: words(argumentValues(field)).map(stem),
    idPrefix: field.args.find((a) => a.name === 'id')?.description?.match(/"([A-Z]+)-[0-9]/)?.[1],
  }))

  return {
    schema,
    searchRootFields(text, limit = 5) {
      const wanted = [...new Set(words(text).map(stem))]
      const glossary = glossaryWordsIn(text, glossaryProducts)
      // Ids the text names ("A-00042-1", or "A- -" once a question's topic has lost its numbers): the field that
      // looks one up by such an id is always a candidate, as is a field the text names outright.
      const idPrefixes = new Set([...text.matchAll(/\b([A-Z]{1,3})-(?=\d|[\s-]|$)/gi)].map((m) => m[1]!.toUpperCase()))
      const scored = documents.map(({ field, name, text: body, fields, figures, values, owner, inputs, idPrefix }) => {
        const terms = glossary.filter((g) => g.product === owner && inputs.has(g.filter.input))
        // A word in the field's own name counts most, then a value its filters take (DEPOSIT), then the
        // fields of what it returns; its description and type count a little.
        // A glossary word of the field's own product that its filters take counts as a value it filters by.
        const score =
          wanted.reduce(
            (sum, w) =>
              sum +
              (name.includes(w) ? 5 : 0) +
              (values.includes(w) ? 4 : 0) +
              (fields.includes(w) ? 2 : figures.includes(w) ? 1 : 0) +
              Math.min(3, body.filter((b) => b === w).length),
            0,
          ) +
          4 * terms.length
        // Of two fields matching alike, the one whose name says nothing the question does not comes first (transactions, not anomalousTransactions).
        const unasked = name.filter((n) => !wanted.includes(n)).length
        return {
          coordinate: `Query.${field.name}`,
          name: field.name,
          description: field.description ?? '',
          returns: getNamedType(field.type).name,
          score,
          unasked,
          idPrefix,
          // Every word of its name is in the text ("loans" for `loans`): the field the words name outright.
          namedOutright: score > 0 && name.every((n) => wanted.includes(n)),
          ...(terms.length && { glossary: terms }),
        }
      })
      const ranked = scored
        .filter((m) => m.score > 0)
        .sort((a, b) => b.score - a.score || a.unasked - b.unasked || a.name.localeCompare(b.name))
      const top = ranked.slice(0, limit)
      const lookups = scored.filter(
        (m) => ((m.idPrefix && idPrefixes.has(m.idPrefix)) || m.namedOutright) && !top.includes(m),
      )
      return [
        ...top.slice(0, Math.max(0, limit - lookups.length)),
        ...lookups.map((m) => ({ ...m, score: Math.max(m.score, 1) })),
      ]
        .slice(0, limit)
        .map(({ unasked: _unasked, idPrefix: _idPrefix, namedOutright: _namedOutright, ...match }) => match)
    },
    slice(rootFields, depth = 4) {
      // The shallowest level each type is reached at: a type first met deep down may be met again nearer a root.
      const levels = new Map<string, number>()
      const types: GraphQLNamedType[] = []
      const visit = (type: GraphQLNamedType, level: number) => {
        if (isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) return
        const known = levels.get(type.name)
        if (known !== undefined && known <= level) return
        if (known === undefined) types.push(type)
        levels.set(type.name, level)
        if (level >= depth) return
        if (isObjectType(type)) {
          for (const field of Object.values(type.getFields())) {
            visit(getNamedType(field.type), level + 1)
            for (const arg of field.args) visit(getNamedType(arg.type), level + 1)
          }
        }
        if (isInputObjectType(type))
          for (const field of Object.values(type.getFields())) visit(getNamedType(field.type), level)
      }
      const query = schema.getQueryType()!.getFields()
      const roots = rootFields
        .map((name) => query[name])
        .filter((f): f is GraphQLField<unknown, unknown> => f !== undefined)
      for (const field of roots) {
        visit(getNamedType(field.type), 1)
        for (const arg of field.args) visit(getNamedType(arg.type), 1)
      }
      const rootSdl = `type Query {\n${roots.map((f) => printRootField(f)).join('\n')}\n}`
      return [
        rootSdl,
        ...types
          .filter((t) => isObjectType(t) || isInputObjectType(t) || isEnumType(t) || isScalarType(t))
          .map((t) => printType(t)),
      ].join('\n\n')
    },
    validate(operation) {
      let document
      try {
        document = parse(operation)
      } catch (error) {
        return [(error as Error).message]
      }
      return validate(schema, document).map((e) => e.message)
    },
    classification: (coordinate) => classifications.get(coordinate),
  }
}

function printRootField(field: GraphQLField<unknown, unknown>): string {
  // printType of the whole Query type would drag in every root field; print just this one, defaults included
  // (an argument with a default need not be given).
  const defaultOf = (arg: GraphQLArgument) => {
    const literal = arg.defaultValue === undefined ? undefined : astFromValue(arg.defaultValue, arg.type)
    return literal ? ` = ${print(literal)}` : ''
  }
  const args = field.args.length
    ? `(\n${field.args.map((a) => `    ${a.description ? `"${a.description.replace(/"/g, '\\"').replace(/\n/g, ' ')}" ` : ''}${a.name}: ${a.type.toString()}${defaultOf(a)}`).join('\n')}\n  )`
    : ''
  return `  ${field.description ? `"""${field.description}"""\n  ` : ''}${field.name}${args}: ${field.type.toString()}`
}
