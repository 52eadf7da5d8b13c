// Turns a parsed question into one GraphQL operation, using only the part of the composed schema the
// get_schema tool returned: it picks the root field whose arguments and result fit the question, fills
// filters from the question's period, ids, amounts and enum words, and selects what answers it.
import {
  Kind,
  parse,
  type EnumTypeDefinitionNode,
  type FieldDefinitionNode,
  type InputObjectTypeDefinitionNode,
  type InputValueDefinitionNode,
  type ObjectTypeDefinitionNode,
  type TypeNode,
} from 'graphql'
import { stem, words } from '../schema-index'
import { DAY } from './period'
import type { Period, Question } from './question'

type Definition = ObjectTypeDefinitionNode | InputObjectTypeDefinitionNode | EnumTypeDefinitionNode

export interface SchemaSlice {
  roots: FieldDefinitionNode[]
  types: Map<string, Definition>
}

export interface Plan {
  query: string
  rootField: string
  /** The aliases the operation uses for each period of a growth question (current first). */
  periods: { alias: string; period: Period | null }[]
  /** The root field's result shape. */
  shape: 'connection' | 'object' | 'list' | 'scalar'
  /** Filters applied, in words, for the answer. */
  filters: string[]
  /** The same filters as input name and value, for the answer to name what was counted ("deposits", "mortgage loans"). */
  criteria: Criterion[]
  /** The field rows are ordered by, as the schema's enum value (AMOUNT, JOINED_AT), when ordered. */
  orderedBy: string | null
  countOnly: boolean
  /**
   * "The total spend of our campaigns": a figure of every row, which no summary carries; every row is fetched
   * (up to the page limit) and the figure is computed from them.
   */
  aggregateOverRows?: 'sum' | 'average'
  /** The list of each row whose items carry that figure ("accounts" for "the balance of my accounts"). */
  rowsWithin?: string
  /** "How many customers" of a breakdown: the dimension ("region") whose groups' counts are added up. */
  countOverGroups?: string
}

export interface Criterion {
  kind: 'enum' | 'id' | 'amount' | 'grouping'
  /** The input's name, such as "type", "status" or "customerId". */
  input: string
  /** The value as said: "deposit", "C-00042", "at least 10000". */
  value: string
}

/** Fields about a person that are listed only when asked for by name. */
export const PERSONAL_FIELDS = new Set([
  'email',
  'phone',
  'dateOfBirth',
  'firstName',
  'lastName',
  'address',
  'ssn',
  'creditScore',
])

const SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID', 'Decimal', 'DateTime', 'Date'])

export function readSlice(sdl: string): SchemaSlice {
  const document = parse(sdl)
  const types = new Map<string, Definition>()
  let roots: FieldDefinitionNode[] = []
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === 'Query')
      roots = [...(definition.fields ?? [])]
    else if (
      definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
      definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION ||
      definition.kind === Kind.ENUM_TYPE_DEFINITION
    )
      types.set(definition.name.value, definition)
  }
  return { roots, types }
}

export const namedType = (type: TypeNode): string =>
  type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type)
const isList = (type: TypeNode): boolean =>
  type.kind === Kind.NON_NULL_TYPE ? isList(type.type) : type.kind === Kind.LIST_TYPE
const isRequired = (type: TypeNode) => type.kind === Kind.NON_NULL_TYPE
const description = (node: { description?: { value: string } | undefined }) => node.description?.value ?? ''
const isDeprecated = (field: FieldDefinitionNode) =>
  field.directives?.some((d) => d.name.value === 'deprecated') ?? false
const stemsOf = (text: string) => words(text).map(stem)
const isNumber = (field: FieldDefinitionNode) => ['Int', 'Float', 'Decimal'].includes(namedType(field.type))

function objectType(slice: SchemaSlice, name: string): ObjectTypeDefinitionNode | undefined {
  const type = slice.types.get(name)
  return type?.kind === Kind.OBJECT_TYPE_DEFINITION ? type : undefined
}

function enumType(slice: SchemaSlice, name: string): EnumTypeDefinitionNode | undefined {
  const type = slice.types.get(name)
  return type?.kind === Kind.ENUM_TYPE_DEFINITION ? type : undefined
}

function isConnection(slice: SchemaSlice, typeName: string): boolean {
  return objectType(slice, typeName)?.fields?.some((f) => f.name.value === 'edges') ?? false
}

/** The id prefix a field or argument expects, from the example its description gives ("such as \"C-00042\""). */
function expectedIdPrefix(node: InputValueDefinitionNode | FieldDefinitionNode): string | null {
  const example = description(node).match(/"([A-Z]+)-[0-9]/)
  if (example) return example[1]!
  const name = node.name.value.toLowerCase()
  if (name.startsWith('customer')) return 'C'
  if (name.startsWith('account')) return 'A'
  if (name.startsWith('campaign') || name.startsWith('acquisitioncampaign')) return 'CMP'
  return null
}

/**
 * Words that name things of the schema rather than values: object types ("customer", not CUSTOMER) and
 * fields ("email addresses", not the EMAIL channel).
 */
const typeStems = new WeakMap<SchemaSlice, Set<string>>()
function entityWords(slice: SchemaSlice): Set<string> {
  let known = typeStems.get(slice)
  if (!known) {
    const objects = [...slice.types.values()].filter(
      (t): t is ObjectTypeDefinitionNode => t.kind === Kind.OBJECT_TYPE_DEFINITION,
    )
    // Field names of rows (types with an id), not of figures: a count named `declined` does not make DECLINED a thing.
    const rows = objects.filter((t) => t.fields?.some((f) => f.name.value === 'id'))
    known = new Set([
      ...objects.flatMap((t) => stemsOf(t.name.value)),
      ...rows.flatMap((t) =>
        (t.fields ?? []).filter((f) => words(f.name.value).length === 1).map((f) => stem(f.name.value.toLowerCase())),
      ),
    ])
    typeStems.set(slice, known)
  }
  return known
}

/**
 * Words that name a date filter (submittedFrom, originatedTo): with a period, "submitted last week" says which
 * date the period is on, not that the status is SUBMITTED.
 */
const dateStems = new WeakMap<SchemaSlice, Set<string>>()
function dateFilterWords(slice: SchemaSlice): Set<string> {
  let known = dateStems.get(slice)
  if (!known) {
    const inputs = [
      ...slice.roots.flatMap((r) => r.arguments ?? []),
      ...[...slice.types.values()].flatMap((t) =>
        t.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION ? (t.fields ?? []) : [],
      ),
    ]
    known = new Set(
      inputs
        .filter((i) => ['Date', 'DateTime'].includes(namedType(i.type)))
        .map((i) => stem(words(i.name.value)[0] ?? ''))
        .filter((w) => w.length > 3),
    )
    dateStems.set(slice, known)
  }
  return known
}

/** The value of an enum the question names: every word of the value appears in the question. */
function enumValueIn(question: Question, enumDefinition: EnumTypeDefinitionNode, slice: SchemaSlice): string | null {
  for (const value of enumDefinition.values ?? []) {
    const parts = value.name.value.toLowerCase().split('_').map(stem)
    if (parts.some((p) => p.length < 3) || parts.every((p) => entityWords(slice).has(p))) continue
    if (question.period && parts.length === 1 && dateFilterWords(slice).has(parts[0]!)) continue
    if (parts.every((p) => question.stems.includes(p) || namedByVerb(question, p))) return value.name.value
  }
  return null
}

/** Verbs that say how a figure moved, not what happened to a row: "did deposits decline". */
const TREND_VERBS = new Set(['decline', 'declining', 'fall', 'drop', 'rise', 'grow'])

/** A value named by its verb: "did we approve" for APPROVED, "loans that default" for DEFAULTED. */
function namedByVerb(question: Question, part: string): boolean {
  return question.stems.some(
    (w) => w.length >= 4 && !TREND_VERBS.has(w) && [`${w}d`, `${w}ed`, w.replace(/ing$/, 'ed')].includes(part),
  )
}

const GRANULARITY: Record<string, string[]> = {
  day: ['DAY'],
  week: ['WEEK'],
  month: ['MONTH'],
  quarter: ['QUARTER', 'MONTH'],
  year: ['YEAR', 'QUARTER', 'MONTH'],
  custom: ['MONTH', 'DAY'],
}

function isGranularityEnum(enumDefinition: EnumTypeDefinitionNode): boolean {
  return (enumDefinition.values ?? []).some((v) => ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'].includes(v.name.value))
}

type Literal = string | number | boolean | { enum: string } | { [key: string]: Literal }

function printLiteral(value: Literal): string {
  if (Array.isArray(value)) return `[${value.map((item: Literal) => printLiteral(item)).join(', ')}]`
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if ('enum' in value && typeof value.enum === 'string') return value.enum
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${k}: ${printLiteral(v)}`)
    .join(', ')} }`
}

interface Filled {
  values: Record<string, Literal>
  /** What the question asked that these inputs took. */
  used: Set<'period' | 'enum' | 'id' | 'amount' | 'grouping'>
  filters: string[]
  criteria: Criterion[]
  /** A required input the question gave no value for. */
  missingRequired: boolean
  /** Dimensions grouped by because the question named their values ("deposits, withdrawals and fees"): not filters. */
  groupedByValues: string[]
  /** A count asked of a breakdown that must group: the dimension whose groups are added up. */
  countOverGroups?: string
}

function isStartField(node: InputValueDefinitionNode): boolean {
  return /^(from|start|after|since)|(From|Start|After|Since)$/.test(node.name.value)
}

function isEndField(node: InputValueDefinitionNode): boolean {
  return /^(to|end|before|until)|(To|End|Before|Until)$/.test(node.name.value)
}

/** A one-letter enum value the question names after the input's own word: "grade E" for riskGrade. */
function letterValueIn(
  question: Question,
  input: InputValueDefinitionNode,
  enumDefinition: EnumTypeDefinitionNode,
): string | null {
  const noun = words(input.name.value).at(-1)
  if (!noun) return null
  // A grade is also "graded A", "rated A", "A-rated" or an "A grade".
  const said = noun === 'grade' ? '(?:grades?,?|graded|rated|rating|rating of)' : `${noun}s?`
  for (const value of enumDefinition.values ?? []) {
    const letter = value.name.value
    if (
      letter.length <= 2 &&
      (new RegExp(`\\b${said}\\s+${letter}\\b(?!\\s*(?:through|thru|to|-|–|and|or)\\s*[A-Z]\\b)`, 'i').test(
        question.text,
      ) ||
        (noun === 'grade' && new RegExp(`\\b${letter}[- ](?:rated|grade[ds]?)\\b`).test(question.text))) &&
      new RegExp(`\\b${letter}\\b`).test(question.text)
    )
      return letter
  }
  return null
}

/**
 * "Split across deposits, withdrawals and fees": a dimension whose groups the question names, two or more of the
 * values of an enum named after it (TYPE for TransactionType's DEPOSIT, WITHDRAWAL, FEE).
 */
function groupsNamedByValues(question: Question, dimension: string, slice: SchemaSlice): boolean {
  const suffix = dimension
    .toLowerCase()
    .split('_')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('')
  return [...slice.types.values()].some(
    (type) =>
      type.kind === Kind.ENUM_TYPE_DEFINITION &&
      type.name.value.endsWith(suffix) &&
      (type.values ?? []).filter((v) =>
        v.name.value
          .toLowerCase()
          .split('_')
          .map(stem)
          .every((p) => question.groupings.includes(p)),
      ).length >= 2,
  )
}

/** Inputs an amount of money fills ("over 5,000"): minAmount, maxPrincipal; not a score's minScore. */
const MONEY_INPUT = /amount|principal|balance|spend|budget|value/i

function dateValue(instant: Date, scalar: string): string {
  return scalar === 'Date' ? instant.toISOString().slice(0, 10) : instant.toISOString()
}

/** Fills the inputs it can from the question; what a field means is read from its name, type and description. */
function fillInputs(
  inputs: readonly InputValueDefinitionNode[],
  question: Question,
  slice: SchemaSlice,
  period: Period | null,
  skip: Set<string>,
): Filled {
  const filled: Filled = {
    values: {},
    used: new Set(),
    filters: [],
    criteria: [],
    missingRequired: false,
    groupedByValues: [],
  }
  const ids = [...question.ids]
  for (const input of inputs) {
    const name = input.name.value
    if (skip.has(name)) continue
    const type = namedType(input.type)
    const text = description(input)
    let value: Literal | undefined
    if (isList(input.type) && enumType(slice, type)) {
      // What to group by ("by channel and month"): the enum values the question's grouping words name.
      const values = (enumType(slice, type)!.values ?? []).map((v) => v.name.value)
      const named = values.filter((v) =>
        v
          .toLowerCase()
          .split('_')
          .map(stem)
          .every((p) => question.groupings.includes(p)),
      )
      const grouped = named.length ? named : values.filter((v) => groupsNamedByValues(question, v, slice))
      if (!named.length) filled.groupedByValues.push(...grouped.map((v) => stemsOf(v.replace(/_/g, ' ')).join(' ')))
      // "how many customers send money abroad": a count from a breakdown that must group, grouped by what the
      // question filters on (the glossary's pattern), answers with that one group.
      const dimensions =
        grouped.length || !isRequired(input.type) || question.aggregate !== 'count'
          ? grouped
          : values.filter((v) => question.glossary.some((g) => g.filter.input.toLowerCase() === v.toLowerCase()))
      // "How many customers do we have" of a breakdown (for a role that may not read the rows): the groups of its
      // first dimension, added up.
      if (dimensions.length === 0 && isRequired(input.type) && question.aggregate === 'count' && !question.listing) {
        filled.values[name] = [{ enum: values[0]! }] as unknown as Literal
        filled.countOverGroups = values[0]!.toLowerCase().replace(/_/g, ' ')
        continue
      }
      if (dimensions.length === 0) {
        if (isRequired(input.type)) filled.missingRequired = true
        continue
      }
      {
        filled.values[name] = dimensions.map((dimension) => ({ enum: dimension })) as unknown as Literal
        filled.used.add('grouping')
        filled.filters.push(`by ${dimensions.map((d) => d.toLowerCase().replace(/_/g, ' ')).join(' and ')}`)
        filled.criteria.push({
          kind: 'grouping',
          input: name,
          value: dimensions.map((d) => d.toLowerCase().replace(/_/g, ' ')).join(' and '),
        })
        continue
      }
    }
    if ((type === 'DateTime' || type === 'Date') && period) {
      const exclusive = /exclusive|strictly before/i.test(text)
      if (isStartField(input)) value = dateValue(period.start, type)
      else if (isEndField(input)) value = dateValue(exclusive ? new Date(period.end.getTime() + 1) : period.end, type)
      if (value !== undefined) filled.used.add('period')
    } else if (enumType(slice, type)) {
      const definition = enumType(slice, type)!
      const named = isGranularityEnum(definition)
        ? (GRANULARITY[period?.unit ?? 'month'] ?? ['MONTH']).find((g) =>
            definition.values?.some((v) => v.name.value === g),
          )
        : (enumValueIn(question, definition, slice) ?? letterValueIn(question, input, definition))
      if (named) {
        value = { enum: named }
        if (!isGranularityEnum(definition)) {
          filled.used.add('enum')
          filled.filters.push(`${words(name).join(' ')} ${named.toLowerCase().replace(/_/g, ' ')}`)
          filled.criteria.push({ kind: 'enum', input: name, value: named.toLowerCase().replace(/_/g, ' ') })
        }
      }
    } else if (type === 'ID') {
      const prefix = expectedIdPrefix(input)
      const index = ids.findIndex((id) => id.prefix === prefix)
      if (index >= 0) {
        value = ids.splice(index, 1)[0]!.id
        filled.used.add('id')
        filled.filters.push(`${words(name).join(' ')} ${value}`)
        filled.criteria.push({ kind: 'id', input: name, value })
      }
    } else if (
      (type === 'Decimal' || type === 'Float' || type === 'Int') &&
      /^min/i.test(name) &&
      MONEY_INPUT.test(name) &&
      question.minAmount !== null
    ) {
      value = type === 'Decimal' ? String(question.minAmount) : question.minAmount
      filled.used.add('amount')
      filled.filters.push(`at least ${question.minAmount}`)
      filled.criteria.push({ kind: 'amount', input: name, value: `at least ${question.minAmount}` })
    } else if (
      (type === 'Decimal' || type === 'Float' || type === 'Int') &&
      /^max/i.test(name) &&
      MONEY_INPUT.test(name) &&
      question.maxAmount !== null
    ) {
      value = type === 'Decimal' ? String(question.maxAmount) : question.maxAmount
      filled.used.add('amount')
      filled.filters.push(`at most ${question.maxAmount}`)
      filled.criteria.push({ kind: 'amount', input: name, value: `at most ${question.maxAmount}` })
    }
    if (value !== undefined) filled.values[name] = value
    else if (isRequired(input.type) && !input.defaultValue) filled.missingRequired = true
  }
  return filled
}

const SPECIAL_ARGS = new Set(['filter', 'first', 'after', 'orderBy', 'last'])

interface Arguments {
  text: string
  used: Set<string>
  filters: string[]
  criteria: Criterion[]
  orderedBy: string | null
  missingRequired: boolean
  countOverGroups?: string
  /** Required arguments left to their defaults. */
  defaulted: number
}

function orderByValue(question: Question, input: InputValueDefinitionNode, slice: SchemaSlice): Literal | undefined {
  const orderType = slice.types.get(namedType(input.type))
  if (orderType?.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION) return undefined
  const fieldInput = orderType.fields?.find((f) => f.name.value === 'field')
  const fieldEnum = fieldInput ? enumType(slice, namedType(fieldInput.type)) : undefined
  if (!fieldEnum || !(question.ranking || question.recency)) return undefined
  const values = (fieldEnum.values ?? []).map((v) => v.name.value)
  const mentioned = values.find((v) =>
    v
      .toLowerCase()
      .split('_')
      .map(stem)
      .every((p) => question.stems.includes(p)),
  )
  const byDate = values.find((v) => /DATE|_AT$|_ON$/.test(v))
  const byMeasure = values.find((v) => /AMOUNT|BALANCE|PRINCIPAL|SCORE|BUDGET|SPEND|CONVERSION|VALUE/.test(v))
  const field = mentioned ?? (question.recency ? byDate : byMeasure) ?? (question.ranking ? undefined : byDate)
  if (!field) return undefined
  return { field: { enum: field }, direction: { enum: question.ranking === 'asc' ? 'ASC' : 'DESC' } }
}

/** The largest page a `first` argument takes, from its description ("Page size (0 to 1000, default 20)"). */
function largestPage(arg: InputValueDefinitionNode): number {
  return Number(description(arg).match(/\(\d+ to (\d+)/)?.[1] ?? 100)
}

/** The numeric field of a type the question names ("spend" of campaigns), if any. */
function namedFigure(question: Question, type: ObjectTypeDefinitionNode | undefined): string | null {
  const measure = (type?.fields ?? []).find(
    (f) =>
      isNumber(f) &&
      !needsArguments(f) &&
      (mentioned(question, f.name.value) || namedOtherwise(question, f) || namedByItsOwnWord(question, f.name.value)),
  )
  return measure?.name.value ?? null
}

/**
 * The words of a figure's name other than the generic ones, when there are some and the question names them all
 * ("outstanding" of outstandingBalance, without "balance"); else null.
 */
function ownWordsNamed(question: Question, name: string, generic: RegExp): string[] | null {
  const own = stemsOf(name).filter((w) => !generic.test(w))
  return own.length > 0 && own.every((w) => question.stems.includes(w)) ? own : null
}

/** A figure named by its own word, without the generic one: "outstanding" for outstandingBalance. */
function namedByItsOwnWord(question: Question, name: string): boolean {
  const own = ownWordsNamed(question, name, /^(?:balance|amount|value|total)$/)
  return own !== null && own.length < stemsOf(name).length
}

/**
 * The figure of a connection's rows the question names: a field of the rows ("spend" of campaigns), or of a list
 * each row holds ("balance" of my accounts, `within` accounts).
 */
function rowMeasure(
  question: Question,
  slice: SchemaSlice,
  connectionType: string,
): { measure: string; within: string | null } | null {
  const node = objectType(slice, nodeTypeOf(slice, connectionType) ?? '')
  const own = namedFigure(question, node)
  if (own) return { measure: own, within: null }
  for (const field of node?.fields ?? []) {
    if (!isList(field.type) || needsArguments(field) || !mentioned(question, field.name.value)) continue
    const inner = namedFigure(question, objectType(slice, namedType(field.type)))
    if (inner) return { measure: inner, within: field.name.value }
  }
  return null
}

/** Whether a result has a figure the question names but for its "total" or "average" (totalOutstanding). */
function carriesFigureNamed(question: Question, slice: SchemaSlice, typeName: string): boolean {
  return (objectType(slice, typeName)?.fields ?? []).some(
    (f) => isNumber(f) && ownWordsNamed(question, f.name.value, /^(?:total|average|sum|count)$/) !== null,
  )
}

/**
 * Whether the question names a figure of some row by its own word ("balance"), which a summary without it cannot
 * total: "my total balance" is not the transactions' total. Words every figure could be are not such a name.
 */
function namesFigureElsewhere(question: Question, slice: SchemaSlice): boolean {
  return [...slice.types.values()].some(
    (type) =>
      type.kind === Kind.OBJECT_TYPE_DEFINITION &&
      (type.fields ?? []).some(
        (f) =>
          isNumber(f) &&
          stemsOf(f.name.value).length === 1 &&
          ownWordsNamed(question, f.name.value, /^(?:amount|value|total|count|number|sum|size|score|rank|average)$/) !==
            null,
      ),
  )
}

/** Whether the question asks a total or an average of every row's figure, which only the rows carry. */
function aggregatesRows(question: Question, slice: SchemaSlice, field: FieldDefinitionNode): 'sum' | 'average' | null {
  const returns = namedType(field.type)
  return (question.aggregate === 'sum' || question.aggregate === 'average') &&
    !question.overRows &&
    isConnection(slice, returns) &&
    rowMeasure(question, slice, returns)
    ? question.aggregate
    : null
}

function buildArguments(
  field: FieldDefinitionNode,
  question: Question,
  slice: SchemaSlice,
  period: Period | null,
  countOnly: boolean,
  allRows = false,
): Arguments {
  const values: Record<string, Literal> = {}
  const used = new Set<string>()
  const filters: string[] = []
  const criteria: Criterion[] = []
  let orderedBy: string | null = null
  const direct = fillInputs(
    (field.arguments ?? []).filter((a) => !SPECIAL_ARGS.has(a.name.value)),
    question,
    slice,
    period,
    new Set(),
  )
  Object.assign(values, direct.values)
  direct.used.forEach((u) => used.add(u))
  // The values named are used, as the groups.
  if (direct.groupedByValues.length) used.add('enum')
  filters.push(...direct.filters)
  criteria.push(...direct.criteria)
  let missingRequired = direct.missingRequired
  for (const arg of field.arguments ?? []) {
    const name = arg.name.value
    if (name === 'filter') {
      const filterType = slice.types.get(namedType(arg.type))
      if (filterType?.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION) continue
      // The values of a dimension grouped by are its groups, not a filter.
      const grouped = (filterType.fields ?? [])
        .filter((f) => direct.groupedByValues.includes(stemsOf(f.name.value).join(' ')))
        .map((f) => f.name.value)
      const filter = fillInputs(filterType.fields ?? [], question, slice, period, new Set(grouped))
      if (Object.keys(filter.values).length) values.filter = filter.values as Literal
      filter.used.forEach((u) => used.add(u))
      filters.push(...filter.filters)
      criteria.push(...filter.criteria)
    } else if (name === 'first') {
      values.first = countOnly ? 0 : allRows ? largestPage(arg) : (question.limit ?? (question.ranking ? 5 : 10))
    } else if (name === 'orderBy') {
      const order = orderByValue(question, arg, slice)
      if (order) {
        values.orderBy = order
        orderedBy = (order as { field: { enum: string } }).field.enum
      }
    } else if (name === 'last' && isRequired(arg.type)) {
      missingRequired = true
    }
  }
  // Arguments left unset but required (such as an id the question does not give) make the field unusable.
  for (const arg of field.arguments ?? [])
    if (isRequired(arg.type) && !arg.defaultValue && values[arg.name.value] === undefined) missingRequired = true
  // A required choice left to its default ("product = GLOBAL_ACCOUNT") answers for a choice the question did not make.
  const defaulted = (field.arguments ?? []).filter(
    (a) => isRequired(a.type) && a.defaultValue && values[a.name.value] === undefined,
  ).length
  const entries = Object.entries(values)
  return {
    text: entries.length ? `(${entries.map(([k, v]) => `${k}: ${printLiteral(v)}`).join(', ')})` : '',
    used,
    filters,
    criteria,
    orderedBy,
    missingRequired,
    countOverGroups: direct.countOverGroups,
    defaulted,
  }
}

/** What the question asks of the data that a field could take as a filter. */
function questionFeatures(question: Question, slice: SchemaSlice): Set<string> {
  const features = new Set<string>()
  if (question.period) features.add('period')
  if (question.ids.length) features.add('id')
  if (question.minAmount !== null || question.maxAmount !== null) features.add('amount')
  if (question.groupings.length) features.add('grouping')
  // Enums a list argument takes (what to group by) name dimensions, not values to filter by.
  const dimensions = new Set(
    slice.roots.flatMap((root) => (root.arguments ?? []).filter((a) => isList(a.type)).map((a) => namedType(a.type))),
  )
  for (const type of slice.types.values())
    if (
      type.kind === Kind.ENUM_TYPE_DEFINITION &&
      !isGranularityEnum(type) &&
      !dimensions.has(type.name.value) &&
      type.name.value !== 'SortDirection' &&
      enumValueIn(question, type, slice)
    )
      features.add('enum')
  return features
}

function fieldNamesOf(slice: SchemaSlice, typeName: string): string[] {
  return objectType(slice, typeName)?.fields?.map((f) => f.name.value) ?? []
}

/** Whether a result carries its own comparison with the period before (previous…, change…). */
function comparesPeriods(slice: SchemaSlice, typeName: string): boolean {
  return fieldNamesOf(slice, typeName).some((n) => /previous|change/i.test(n))
}

/** Whether a figure the question names by all its words ("approval rate") lies in the result, nested or not. */
function namesFigureInside(question: Question, slice: SchemaSlice, typeName: string, depth = 0): boolean {
  return (objectType(slice, typeName)?.fields ?? []).some((f) => {
    const inner = namedType(f.type)
    if (
      stemsOf(f.name.value).length > 1 &&
      (mentioned(question, f.name.value) || namedOtherwise(question, f)) &&
      !objectType(slice, inner)
    )
      return true
    return (
      depth < 2 &&
      objectType(slice, inner) !== undefined &&
      !isConnection(slice, inner) &&
      namesFigureInside(question, slice, inner, depth + 1)
    )
  })
}

/** How well a root field fits the question; null when it cannot answer it at all. */
function fitness(
  field: FieldDefinitionNode,
  searchScore: number,
  question: Question,
  slice: SchemaSlice,
): number | null {
  const returns = namedType(field.type)
  const connection = isConnection(slice, returns)
  const list = isList(field.type)
  const args = buildArguments(field, question, slice, question.period, false)
  if (args.missingRequired) return null
  const features = questionFeatures(question, slice)
  // "the top 5 loans by principal": with a ranking, "by" names the measure rows are ordered by, not a dimension.
  const orderWords = args.orderedBy?.toLowerCase().split('_').map(stem) ?? []
  if (
    orderWords.length &&
    question.groupings.length &&
    (question.ranking || question.limit) &&
    question.groupings.every((g) => orderWords.includes(g) || /^(?:amount|value|size|total|number)$/.test(g))
  )
    args.used.add('grouping')
  // "how many customers in each risk grade": a list already grouped by what the question names (one item per grade).
  const item = list && !connection ? objectType(slice, returns) : undefined
  if (
    item &&
    !args.used.has('grouping') &&
    scalarFields(item, slice).some((f) => question.groupings.includes(stem(f.name.value.toLowerCase())))
  )
    args.used.add('grouping')
  // A field whose name says more than the question (anomalousTransactions for "transactions") answers a narrower question.
  // "How many loans": the rows the question names word for word are what it counts, before a search that ranks
  // loanApplications higher for the many times its description says "loan".
  const unnamed = stemsOf(field.name.value).filter((w) => !question.stems.includes(w) && !/^(top|summary)$/.test(w))
  // So too for rows asked for ("what loans does C-00140 have"): the rows named, not applications for them.
  const countsNamedRows =
    (question.aggregate === 'count' || (question.aggregate === null && question.listing && !question.ranking)) &&
    !question.share &&
    connection &&
    unnamed.length === 0
  // …and rows the question does not name at all ("how many clients" of risk assessments) are not what it counts.
  const ownStems = stemsOf(field.name.value).filter((w) => !/^(?:top|summary|breakdown|distribution)$/.test(w))
  const countsOtherRows =
    question.aggregate === 'count' && ownStems.length > 0 && ownStems.every((w) => !question.stems.includes(w))
  // A required choice may be left to its default only by a question that names the field's subject
  // ("propensity … bands" for propensityBreakdown's product), not by one the field merely matches.
  if (args.defaulted > 0 && unnamed.some((w) => !/^(?:breakdown|distribution)$/.test(w))) return null
  let score = searchScore - 1.5 * unnamed.length + (countsNamedRows ? 3 : 0) - (countsOtherRows ? 3 : 0)
  // A value or id the question names that the field cannot filter by means it would answer another question.
  // Except a value that is the figure asked for: "what share were approved" names the approval rate, not a filter.
  const valueIsTheFigure = question.share && !connection && namesFigureInside(question, slice, returns)
  for (const feature of features)
    score += args.used.has(feature)
      ? 4
      : feature === 'enum' && valueIsTheFigure
        ? 0
        : feature === 'enum' || feature === 'id'
          ? -10
          : -4
  // "what percentage of applications were approved": rows filtered to the approved ones hold no percentage (the
  // whole they are a share of is filtered away), so the filter does not make them the answer.
  if (question.share && connection && args.used.has('enum')) score -= 8
  const resultFields = fieldNamesOf(slice, returns)
  const numeric = objectType(slice, returns)?.fields?.filter((f) => isNumber(f)).length ?? 0
  const entityById = (field.arguments ?? []).some((a) => a.name.value === 'id' && isRequired(a.type))
  if (entityById) score += 6
  // "by channel": a breakdown that groups by what the question names, rather than one total or rows.
  if (args.used.has('grouping')) score += 6
  // "the approval rate": a result that carries that very figure, rather than rows to work it out from.
  if (!connection && namesFigureInside(question, slice, returns)) score += 6
  // A total or an average: a summary's figures (the more so when it carries the one named: totalOutstanding for
  // "the outstanding balance"), or rows that carry the figure named ("the spend of campaigns").
  if (question.aggregate === 'sum' || question.aggregate === 'average')
    score +=
      !connection && !list && numeric >= 2
        ? 8 +
          (carriesFigureNamed(question, slice, returns)
            ? 4
            : namesFigureElsewhere(question, slice) && !namesFigureInside(question, slice, returns)
              ? -6
              : 0)
        : connection
          ? aggregatesRows(question, slice, field)
            ? 0
            : -3
          : 0
  // "how many customers": a count of them all; "new customers" counts only if the question says new.
  // A breakdown's groups added up are a count's last resort (for a role that may not read the rows).
  if (args.countOverGroups) score -= 2
  // "How many customers": a figure of new ones (acquisition) counts those won in a period, not all there are.
  const itemFields = objectType(slice, returns)?.fields ?? []
  const counts = itemFields.filter((f) => namedType(f.type) === 'Int')
  if (
    question.aggregate === 'count' &&
    !connection &&
    counts.length > 0 &&
    counts.some((f) => /^new/.test(f.name.value)) &&
    counts.every((f) => /^(?:new|previousPeriodNew|change)/.test(f.name.value)) &&
    !question.stems.some((w) => /^(?:new|join|joined|acquir|acquired|won|signed|onboard)/.test(w))
  )
    score -= 4
  if (question.aggregate === 'count')
    score +=
      connection ||
      resultFields.includes('count') ||
      resultFields.some((n) => /count$/i.test(n) || (/^new/i.test(n) && question.stems.includes('new')))
        ? 3
        : 0
  // "my accounts and their balances", "what is my credit score": the asker's own customer record, which the
  // customers list scopes to its owner (a field with arguments, such as transactions, is asked of its own root).
  if (
    question.firstPerson &&
    !question.period &&
    connection &&
    nodeTypeOf(slice, returns) === 'Customer' &&
    ownRecordAsked(question, slice)
  )
    score += 8
  if (question.growth && comparesPeriods(slice, returns)) score += 8
  if (question.ranking && /^top/.test(field.name.value)) score += 6
  if (!question.aggregate && !question.growth && connection) score += 2
  // "the 5 largest withdrawals", "the newest customers": rows, not a total.
  if (!question.aggregate && (question.ranking || question.recency || question.limit) && !/^top/.test(field.name.value))
    score += connection || list ? 6 : -4
  else if (!question.aggregate && !question.growth && question.listing) score += connection || list ? 4 : -2
  // "how did withdrawals compare": figures to compare, not rows.
  if (question.growth && !question.aggregate && !connection && !list && numeric >= 2) score += 6
  return score
}

/** The type of a connection's nodes. */
function nodeTypeOf(slice: SchemaSlice, connectionType: string): string | undefined {
  const edge = objectType(slice, connectionType)?.fields?.find((f) => f.name.value === 'edges')
  const node = edge ? objectType(slice, namedType(edge.type))?.fields?.find((f) => f.name.value === 'node') : undefined
  return node ? namedType(node.type) : undefined
}

/** Whether the question names a field of a customer's own record that takes no arguments ("credit score", "accounts"). */
function ownRecordAsked(question: Question, slice: SchemaSlice): boolean {
  return (objectType(slice, 'Customer')?.fields ?? []).some(
    (f) =>
      f.name.value !== 'id' &&
      !(f.arguments ?? []).length &&
      (mentioned(question, f.name.value) ||
        (objectType(slice, namedType(f.type)) !== undefined && partlyMentioned(question, f.name.value))),
  )
}

/** Whether a field can be selected without arguments: none of its required arguments lacks a default. */
const needsArguments = (field: FieldDefinitionNode) =>
  (field.arguments ?? []).some((a) => isRequired(a.type) && !a.defaultValue)

function scalarFields(type: ObjectTypeDefinitionNode, slice: SchemaSlice): FieldDefinitionNode[] {
  return (type.fields ?? []).filter(
    (f) => (SCALARS.has(namedType(f.type)) || enumType(slice, namedType(f.type))) && !needsArguments(f),
  )
}

/** Whether the question names a list or object inside a type ("patterns" inside a customer's behaviour). */
function namesPartInside(question: Question, slice: SchemaSlice, typeName: string): boolean {
  return (objectType(slice, typeName)?.fields ?? []).some(
    (f) =>
      objectType(slice, namedType(f.type)) !== undefined &&
      !isConnection(slice, namedType(f.type)) &&
      mentioned(question, f.name.value),
  )
}

function mentioned(question: Question, name: string): boolean {
  const parts = stemsOf(name)
  return parts.length > 0 && parts.every((p) => question.stems.includes(p))
}

/** A related object the question points at by any longer word of its name ("campaign" for acquisitionCampaign). */
function partlyMentioned(question: Question, name: string): boolean {
  return stemsOf(name).some((p) => p.length > 3 && question.stems.includes(p))
}

/**
 * Whether the question names a field by another name its description gives in parentheses ("Loans paid out
 * (originated) in the period" for "loans originated"), or, asking how many, by the thing it counts
 * ("loansPaidOut" for "the number of new loans").
 */
function namedOtherwise(question: Question, field: FieldDefinitionNode): boolean {
  const aliases = [...description(field).matchAll(/\(([a-z][a-z ]{2,30})\)/gi)].map((m) => m[1]!)
  if (aliases.some((alias) => stemsOf(alias).every((w) => question.stems.includes(w)))) return true
  const parts = stemsOf(field.name.value)
  return (
    question.aggregate === 'count' &&
    namedType(field.type) === 'Int' &&
    parts.length > 1 &&
    question.stems.includes(parts[0]!) &&
    !/^(?:count|total)$/.test(parts[0]!)
  )
}

/** What to select of an object: the fields the question names first, then the type's own, restricted ones only when named. */
function selection(
  typeName: string,
  question: Question,
  slice: SchemaSlice,
  depth: number,
  aggregate: boolean,
): string {
  const type = objectType(slice, typeName)
  if (!type) return ''
  const restricted = (f: FieldDefinitionNode) => /restricted/i.test(description(f)) || PERSONAL_FIELDS.has(f.name.value)
  const leaves = scalarFields(type, slice).filter(
    (f) => !isDeprecated(f) && (!restricted(f) || mentioned(question, f.name.value)),
  )
  const named = leaves.filter((f) => mentioned(question, f.name.value) || namedOtherwise(question, f))
  const limit = aggregate ? 16 : depth === 0 ? 8 : 3
  const chosen = [...named, ...leaves.filter((f) => !named.includes(f))].slice(0, Math.max(limit, named.length))
  const parts = chosen.map((f) => f.name.value)
  if (depth < 2) {
    for (const field of type.fields ?? []) {
      const target = namedType(field.type)
      if (!objectType(slice, target) || isConnection(slice, target) || needsArguments(field)) continue
      const wrapper = scalarFields(type, slice).length <= 4
      if (
        partlyMentioned(question, field.name.value) ||
        (aggregate && isList(field.type)) ||
        wrapper ||
        (!isList(field.type) &&
          (namesFigureInside(question, slice, target) || namesPartInside(question, slice, target)))
      ) {
        const inner = selection(target, question, slice, depth + 1, aggregate && isList(field.type))
        if (inner) parts.push(`${field.name.value} { ${inner} }`)
      }
    }
  }
  return parts.join(' ')
}

function resultSelection(
  field: FieldDefinitionNode,
  question: Question,
  slice: SchemaSlice,
  countOnly: boolean,
): string {
  const returns = namedType(field.type)
  if (isConnection(slice, returns)) {
    const connection = objectType(slice, returns)!
    const hasTotal = connection.fields?.some((f) => f.name.value === 'totalCount')
    if (countOnly && hasTotal) return 'totalCount'
    const node = nodeTypeOf(slice, returns)
    const nodeSelection = node ? selection(node, question, slice, 0, false) : 'id'
    return `${hasTotal ? 'totalCount ' : ''}edges { node { ${nodeSelection} } }`
  }
  const entityById = (field.arguments ?? []).some((a) => a.name.value === 'id' && isRequired(a.type))
  return selection(returns, question, slice, 0, !isList(field.type) && !entityById)
}

/** Whether `earlier` ends where `later` starts and lasts as long (within a day): the period right before it. */
function isRightBefore(earlier: Period, later: Period): boolean {
  const length = (p: Period) => p.end.getTime() - p.start.getTime()
  return (
    Math.abs(later.start.getTime() - earlier.end.getTime()) <= DAY && Math.abs(length(later) - length(earlier)) <= DAY
  )
}

/** The candidate root fields that can answer the question, best fit first. */
export function rankCandidates(
  question: Question,
  slice: SchemaSlice,
  candidates: { name: string; score: number }[],
  excluded: Set<string> = new Set(),
) {
  return candidates
    .filter((c) => !excluded.has(c.name))
    .map((c) => ({ field: slice.roots.find((r) => r.name.value === c.name), score: c.score }))
    .filter((c): c is { field: FieldDefinitionNode; score: number } => c.field !== undefined)
    .map((c) => ({ field: c.field, fit: fitness(c.field, c.score, question, slice) }))
    .filter((c): c is { field: FieldDefinitionNode; fit: number } => c.fit !== null)
    .sort((a, b) => b.fit - a.fit)
}

/** The best operation for the question among the candidate root fields, or null when none fits. */
export function planOperation(
  question: Question,
  slice: SchemaSlice,
  candidates: { name: string; score: number }[],
  excluded: Set<string> = new Set(),
): Plan | null {
  const best = rankCandidates(question, slice, candidates, excluded)[0]
  if (!best) return null
  const field = best.field
  const returns = namedType(field.type)
  const connection = isConnection(slice, returns)
  const countOnly = question.aggregate === 'count' && connection && !question.ranking
  const shape: Plan['shape'] = connection
    ? 'connection'
    : isList(field.type)
      ? 'list'
      : objectType(slice, returns)
        ? 'object'
        : 'scalar'
  const name = field.name.value
  const aggregateOverRows = aggregatesRows(question, slice, field) ?? undefined
  // A figure of every row needs each row's id, name and that figure, not the rest of the row.
  const measured = aggregateOverRows ? rowMeasure(question, slice, returns) : null
  const node = aggregateOverRows ? objectType(slice, nodeTypeOf(slice, returns) ?? '') : undefined
  const identity = (type: ObjectTypeDefinitionNode | undefined) =>
    ['id', 'name'].filter((f) => type?.fields?.some((n) => n.name.value === f)).join(' ')
  const select =
    measured && node
      ? measured.within
        ? `totalCount edges { node { ${identity(node)} ${measured.within} { id ${measured.measure} } } }`
        : `totalCount edges { node { ${identity(node)} ${measured.measure} } }`
      : resultSelection(field, question, slice, countOnly)
  const rowsWithin = measured?.within ?? undefined
  const current = buildArguments(field, question, slice, question.period, countOnly, aggregateOverRows !== undefined)
  // A growth question asks twice (this period and the one before) for a count, or for a result that does
  // not compare periods itself and is not a list of rows.
  // A result that compares itself with the period right before, of the same length, cannot answer a comparison
  // with another period ("this year so far against the whole of last year"): then it is asked twice too.
  const ownComparisonFits =
    question.previousPeriod !== null &&
    question.period !== null &&
    isRightBefore(question.previousPeriod, question.period)
  const askTwice = countOnly || (shape !== 'connection' && (!comparesPeriods(slice, returns) || !ownComparisonFits))
  if (question.growth && question.previousPeriod && askTwice) {
    const previous = buildArguments(
      field,
      question,
      slice,
      question.previousPeriod,
      countOnly,
      aggregateOverRows !== undefined,
    )
    return {
      query: `query Answer { current: ${name}${current.text} { ${select} } previous: ${name}${previous.text} { ${select} } }`,
      rootField: name,
      periods: [
        { alias: 'current', period: question.period },
        { alias: 'previous', period: question.previousPeriod },
      ],
      shape,
      filters: current.filters,
      criteria: current.criteria,
      orderedBy: current.orderedBy,
      countOnly,
      aggregateOverRows,
      rowsWithin,
      countOverGroups: current.countOverGroups,
    }
  }
  return {
    query: `query Answer { ${name}${current.text}${select ? ` { ${select} }` : ''} }`,
    rootField: name,
    periods: [{ alias: name, period: current.used.has('period') ? question.period : null }],
    shape,
    filters: current.filters,
    criteria: current.criteria,
    orderedBy: current.orderedBy,
    countOnly,
    aggregateOverRows,
    rowsWithin,
    countOverGroups: current.countOverGroups,
  }
}
