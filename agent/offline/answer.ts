// Says what came back in plain words: the figures the question asked for first, with units and the
// period, the rows of a list, what was denied and why, and which data products answered.
import { stem } from '../schema-index'
import type { Denial } from '../tools'
import { divide, exact, format, isDecimal, subtract, sum, toDecimalString, type Exact } from './exact'
import { PERSONAL_FIELDS, type Plan } from './plan'
import { unusedQualifiers, type Period, type Question } from './question'

export interface RunOutcome {
  data: Record<string, unknown> | null
  denials: Denial[]
  errors: { message: string; code?: unknown }[]
  answeredBy: string[]
}

const MONEY =
  /amount|balance|total|credits|debits|^net$|budget|spend|principal|outstanding|^average$|^min$|^max$|cost|income|requested/i
const NOT_MONEY = /rate|ratio|probability|percent|count|score|customers|months|clicks|impressions|conversions/i

function label(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
}

function formatNumber(value: number, decimals: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
}

/** A value as a person reads it: money with two decimals and USD, percentages with %, dates as dates. */
export function formatValue(name: string, value: unknown): string {
  if (value === null || value === undefined) return 'none'
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) {
    const number = Number(value)
    if (/percent/i.test(name)) return `${formatNumber(number, 1)} %`
    if (MONEY.test(name) && !NOT_MONEY.test(name)) return `${formatNumber(number, 2)} USD`
    return value.includes('.')
      ? formatNumber(number, Math.min(4, value.split('.')[1]!.length))
      : formatNumber(number, 0)
  }
  if (typeof value === 'number' && /Rate$/.test(name) && value >= 0 && value <= 1)
    return `${formatNumber(value * 100, 1)} %`
  if (typeof value === 'number')
    return /percent/i.test(name) ? `${formatNumber(value, 1)} %` : formatNumber(value, Number.isInteger(value) ? 0 : 2)
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return value.slice(0, 10)
  if (Array.isArray(value)) return value.join(', ')
  return String(value)
}

function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [[prefix, value]]
  return Object.entries(value).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? leaves(v, prefix ? `${prefix}.${k}` : k)
      : [[prefix ? `${prefix}.${k}` : k, v] as [string, unknown]],
  )
}

function describeRow(row: Record<string, unknown>, shown: (path: string) => boolean = () => true): string {
  return leaves(row)
    .filter(([k, v]) => v !== null && v !== undefined && !(typeof v === 'object') && shown(k))
    .map(([k, v]) =>
      k === 'id' || k.endsWith('.id') || k === 'name' || k.endsWith('.name')
        ? String(v)
        : `${label(k.split('.').at(-1)!)} ${formatValue(k.split('.').at(-1)!, v)}`,
    )
    .join(', ')
}

/** How much the question asks for a field: 0 named or asked for, 1 what its aggregate usually means, 2 anything else. */
function relevanceOf(name: string, question: Question): number {
  const l = label(name)
  if (question.stems.some((s) => l.split(' ').some((w) => w === s || (s.length > 3 && w.startsWith(s))))) return 0
  if (question.aggregate === 'count' && /count|^new/i.test(name)) return 0
  if (question.aggregate === 'average' && /average/i.test(name)) return 0
  if (question.aggregate === 'sum' && /credits|debits|total|^net$|spend|budget|principal|outstanding/i.test(name))
    return 1
  if (!question.aggregate && /count/i.test(name)) return 1
  return 2
}

const isZero = (value: unknown) => value === 0 || (typeof value === 'string' && /^-?0+(\.0+)?$/.test(value))

/** "current.approvalRate" as words: "current approval rate". */
const pathLabel = (path: string) => path.split('.').map(label).join(' ')

/**
 * The figures of an object, nested ones by their path ("current approval rate"); when the question names some
 * (or asks for an aggregate), only those.
 */
function describeObject(object: Record<string, unknown>, question: Question): string {
  if (question.groupings.length && Object.values(object).some((v) => Array.isArray(v))) return describeGroups(object)
  const entries = leaves(object).filter(([, v]) => v !== null && v !== undefined && !Array.isArray(v))
  const relevance = (path: string) => relevanceOf(path.split('.').at(-1)!, question)
  const ranked = [...entries].sort((a, b) => relevance(a[0]) - relevance(b[0]))
  const named = !question.listing && ranked.some(([k]) => relevance(k) === 0)
  const shown = named
    ? ranked.filter(([k]) => relevance(k) === 0)
    : question.aggregate
      ? ranked.filter(([k, v]) => relevance(k) <= 1 && !(isZero(v) && relevance(k) === 1))
      : ranked
  const parts = (shown.length ? shown : ranked).map(
    ([k, v]) => `${pathLabel(k)}: ${formatValue(k.split('.').at(-1)!, v)}`,
  )
  const lists = Object.entries(object).filter(
    ([k, v]) =>
      Array.isArray(v) &&
      v.length > 0 &&
      typeof v[0] === 'object' &&
      ((!question.aggregate && !named) ||
        (/\b(by|per|each|breakdown)\b/i.test(question.text) && relevanceOf(k, question) === 0)),
  )
  for (const [k, v] of lists)
    parts.push(`${label(k)}: ${(v as Record<string, unknown>[]).map((item) => describeRow(item)).join('; ')}`)
  return parts.join('; ')
}

/** A breakdown: one line per group, and what small-group protection left out. */
function describeGroups(object: Record<string, unknown>): string {
  const groups = Object.values(object).find((v): v is Record<string, unknown>[] => Array.isArray(v)) ?? []
  const hidden = typeof object.hiddenGroups === 'number' ? object.hiddenGroups : 0
  const lines = groups.map((group) => `- ${describeRow(group)}`)
  if (groups.length === 0) lines.push('- no groups to show')
  if (hidden > 0)
    lines.push(
      `(${formatNumber(hidden, 0)} group${hidden === 1 ? '' : 's'} of fewer than ${String(object.minimumGroupSize ?? 'the minimum number of')} customers left out, so that no one can be singled out)`,
    )
  return `\n${lines.join('\n')}`
}

/** "Deposits in Q4 2026 to date came to X, against Y in Q3 2026: +Z (+P %)." */
function growthSentence(current: unknown, previous: unknown, question: Question, plan: Plan): string {
  if (typeof current !== 'object' || typeof previous !== 'object' || !current || !previous) return ''
  const a = (Array.isArray(current) ? current[0] : current) as Record<string, unknown> | undefined
  const b = (Array.isArray(previous) ? previous[0] : previous) as Record<string, unknown> | undefined
  if (!a || !b) return ''
  const numeric = figurePaths(a)
  const field = (path: string) => path.split('.').at(-1)!
  const key = plan.countOnly
    ? 'totalCount'
    : ([...numeric]
        .sort((x, y) => relevanceOf(field(x), question) - relevanceOf(field(y), question))
        .find((k) => !isZero(valueAt(a, k)) || !isZero(valueAt(b, k))) ?? numeric[0])
  if (!key || valueAt(a, key) === undefined) return ''
  const [va, vb] = [valueAt(a, key), valueAt(b, key)]
  // The difference and the change in percent, computed exactly from the decimal strings.
  const change = exactChange(field(key), va, vb)
  if (!change) return ''
  const [first, second] = plan.periods.map((p) => (p.period ? periodText(p.period) : 'all dates'))
  const what =
    key === 'totalCount' ? capitalize(entityPhrase(plan)) : capitalize(figureOf(field(key), entityPhrase(plan)))
  return `${what}: ${formatValue(field(key), va)} in ${first}, against ${formatValue(field(key), vb)} in ${second}: ${change.difference}${change.percent === null ? '' : ` (${change.percent})`}.`
}

/** "approval rate of loans", but "loans paid out" rather than "loans paid out of loans". */
function figureOf(field: string, entity: string): string {
  const figure = label(field)
  const noun = entity.split(' ').at(-1)!
  return stem(figure.split(' ')[0]!) === stem(noun) ? figure : `${figure} of ${entity}`
}

// Settings and comparisons a result carries with its own period before, not figures of the period asked.
const NOT_A_FIGURE = /^(?:minimumGroupSize|hiddenGroups)$|Change(?:Percent|Points)$|^previous/

/**
 * The figures of a result, as dotted paths through its single objects ("all.current.loansPaidOut"), leaving out
 * those of a period before that the result carries itself: each result answers its own period.
 */
function figurePaths(object: Record<string, unknown>, prefix = '', depth = 0): string[] {
  return Object.entries(object).flatMap(([k, v]) => {
    if (NOT_A_FIGURE.test(k)) return []
    if (isFigure(v)) return [`${prefix}${k}`]
    return depth < 2 && v && typeof v === 'object' && !Array.isArray(v)
      ? figurePaths(v as Record<string, unknown>, `${prefix}${k}.`, depth + 1)
      : []
  })
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10)

/** "Q3 2026 (2026-07-01 to 2026-09-30)"; a custom period's label already is its dates. */
export function periodText(period: Period): string {
  const dates = `${isoDay(period.start)} to ${isoDay(period.end)}`
  return period.label === dates ? dates : `${period.label} (${dates})`
}

/** How the answer says the period it used: "in Q3 2026 (…)", "since 2026-06-01 (…)", or that it covers all dates. */
export function periodPhrase(period: Period | null): string {
  if (!period) return 'over all dates'
  return period.label.startsWith('since') ? periodText(period) : `in ${periodText(period)}`
}

const plural = (word: string) =>
  /s$/.test(word) ? word : /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`
const capitalize = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`

/** What the rows are, in words, from the root field and its filters: "deposits", "declined mortgage loan applications", "transactions of customer C-00042". */
export function entityPhrase(plan: Plan): string {
  const base = label(plan.rootField)
    .replace(/\b(summary|breakdown|performance|distribution|by acquisition)\b/g, '')
    .replace(/^top /, '')
    .replace(/\s+/g, ' ')
    .trim()
  const words = base.split(' ')
  let noun = words.at(-1) === 'portfolio' ? 'portfolio' : plural(words.at(-1)!)
  let adjectives = words.slice(0, -1)
  const suffixes: string[] = []
  for (const criterion of plan.criteria) {
    if (criterion.kind === 'enum' && criterion.input === 'type') noun = plural(criterion.value)
    else if (criterion.kind === 'enum' && criterion.value.length <= 2)
      suffixes.push(`with ${label(criterion.input)} ${criterion.value.toUpperCase()}`)
    else if (criterion.kind === 'enum' && !adjectives.includes(criterion.value))
      adjectives = [criterion.value, ...adjectives]
    else if (criterion.kind === 'id')
      suffixes.push(`of ${label(criterion.input).replace(/ id$/, '')} ${criterion.value}`)
    else if (criterion.kind === 'amount')
      suffixes.push(criterion.value.replace(/(\d+)$/, (n) => `${formatNumber(Number(n), 0)} USD`))
    else if (criterion.kind === 'grouping') suffixes.push(`by ${criterion.value}`)
  }
  return [...adjectives, noun, ...suffixes].join(' ')
}

/** What a count is of: "mortgage loans" for the mortgage loan portfolio, "payments" for payments of customer C-00042. */
function countedNoun(plan: Plan): string {
  const entity = entityPhrase({
    ...plan,
    criteria: plan.criteria.filter((c) => c.kind === 'enum' && c.value.length > 2),
  })
  return entity.endsWith(' portfolio') ? plural(entity.replace(/ portfolio$/, '')) : entity
}

/** "1 active campaign", "3 active campaigns". */
function counted(count: number, phrase: string): string {
  return count === 1
    ? phrase.replace(
        /^(\S+ )*?(\S+?)(ies|s)\b/,
        (_, before: string | undefined, stemPart: string, ending: string) =>
          `${before ?? ''}${stemPart}${ending === 'ies' ? 'y' : ''}`,
      )
    : phrase
}

/** The field a list is ordered by, as a result field name ("amount" for AMOUNT, "joinedAt" for JOINED_AT). */
function orderField(plan: Plan): string | null {
  return plan.orderedBy ? plan.orderedBy.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : null
}

const IDENTIFYING = /^(id|name|label|group|grade|periodStart)$/
const HEADLINE_MEASURE =
  /^(amount|principal|requestedAmount|budget|outstandingBalance|balance|newCustomers|count|total|conversions)$/
const ROW_DATE = /^(date|submittedAt|originatedAt|joinedAt|assessedAt|startDate|acquiredAt|deniedAt)$/
const BOOKKEEPING = /^(rank|share.*|currency|direction|description)$/

/**
 * Which fields of a row to list: what identifies it, what the question names, what it is ordered by, one
 * measure and one date; personal fields only when asked for by name; never a value every row has by the filter.
 */
/** Asked for: every word of the field's name is in the question ("date of birth", not "share of new customers" for "new customers"). */
function askedFor(name: string, question: Question): boolean {
  return (
    !/^(id|type)$/.test(name) &&
    label(name)
      .split(' ')
      .filter((w) => w.length > 2 && w !== 'of')
      .every((w) => question.stems.some((s) => w === s || (w.startsWith(s) && s.length > 3)))
  )
}

/** The lists inside a row that the question names ("my accounts and their balances"): each item by its id, type and what is asked of it. */
function namedLists(row: Record<string, unknown>, question: Question): string {
  return Object.entries(row)
    .filter(([name, value]) => Array.isArray(value) && value.length > 0 && askedFor(name, question))
    .map(
      ([name, items]) =>
        `${label(name)}: ${(items as Record<string, unknown>[]).map(({ id, ...rest }) => describeRow({ id, ...rest }, (path) => !path.includes('.') && (IDENTIFYING.test(path) || path === 'type' || askedFor(path, question)))).join('; ')}`,
    )
    .join('; ')
}

function rowFields(question: Question, plan: Plan, rows: Record<string, unknown>[]): (path: string) => boolean {
  const asked = (name: string) => askedFor(name, question)
  const filtered = new Set(plan.criteria.filter((c) => c.kind === 'enum').map((c) => c.input))
  const order = orderField(plan)
  const first = rows[0] ?? {}
  const topLevel = Object.keys(first)
  const entity = 'id' in first
  const measure = topLevel.find((k) => k === order) ?? topLevel.find((k) => HEADLINE_MEASURE.test(k))
  const date = topLevel.find((k) => ROW_DATE.test(k))
  return (path) => {
    const parts = path.split('.')
    const name = parts.at(-1)!
    // Of a related row, its name (and its id when the row itself has none), and what is asked that the row does not say.
    if (parts.length > 1)
      return parts.length === 2 && (name === 'name' || (name === 'id' && !entity) || (asked(name) && !(name in first)))
    if (PERSONAL_FIELDS.has(name)) return asked(name)
    if (filtered.has(name)) return false
    if (IDENTIFYING.test(name) || asked(name) || name === order) return true
    if (question.growth && /previous|change/i.test(name)) return true
    if (!entity) return !BOOKKEEPING.test(name)
    return name === measure || name === date
  }
}

function describeResult(alias: string, value: unknown, plan: Plan, question: Question): string {
  if (value === null || value === undefined) return 'no data'
  if (plan.shape === 'connection') {
    const connection = value as { totalCount?: number; edges?: { node: Record<string, unknown> }[] }
    if (plan.countOnly) return formatNumber(connection.totalCount ?? 0, 0)
    const rows = (connection.edges ?? []).map((e) => e.node)
    if (rows.length === 0) return 'nothing matches'
    const shown = rowFields(question, plan, rows)
    return rows
      .map((r) => `- ${[describeRow(r, shown), namedLists(r, question)].filter(Boolean).join('; ')}`)
      .join('\n')
  }
  if (plan.shape === 'list') {
    const items = value as Record<string, unknown>[]
    if (items.length === 0) return 'nothing matches'
    const shown = rowFields(question, plan, items)
    return items
      .map((item) => `- ${[describeRow(item, shown), namedLists(item, question)].filter(Boolean).join('; ')}`)
      .join('\n')
  }
  if (plan.shape === 'object') return describeObject(entityFields(value as Record<string, unknown>, question), question)
  return formatValue(alias, value)
}

/** Of one row looked up by id, what names it and what the question asks (everything when it asks nothing in particular). */
function entityFields(object: Record<string, unknown>, question: Question): Record<string, unknown> {
  if (typeof object.id !== 'string') return object
  const asked = Object.keys(object).filter((k) => !IDENTIFYING.test(k) && relevanceOf(k, question) === 0)
  const wantedNames = Object.keys(object).filter((k) => !PERSONAL_FIELDS.has(k) || relevanceOf(k, question) === 0)
  const kept =
    asked.length || question.stems.some((s) => /^(ssn|credit|birth|email|phone)$/.test(s))
      ? Object.keys(object).filter((k) => IDENTIFYING.test(k) || asked.includes(k))
      : wantedNames
  return Object.fromEntries(kept.map((k) => [k, object[k]]))
}

/** "CMP-019 (Spring Referral Bonus)": how a row is named. */
function rowName(row: Record<string, unknown>): string {
  const named = leaves(row)
    .filter(([k]) => /(^|\.)(id|name|label|grade|group)$/.test(k))
    .map(([, v]) => String(v))
  return named.length > 1 ? `${named[0]} (${named.slice(1).join(', ')})` : (named[0] ?? describeRow(row))
}

/** The number a ranked row is ranked by. */
function rankingValue(row: Record<string, unknown>, field: string): unknown {
  return leaves(row).find(([k]) => k === field || k.endsWith(`.${field}`))?.[1]
}

const listOf = (names: string[]) =>
  names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`

/** By how much the first is ahead of the next and of the rest listed: ": 3 more than the next, CMP-016 with 18 (+16.7 %)". */
function leadOverNext(
  rows: Record<string, unknown>[],
  field: string,
  unit: string,
  nameOf: (row: Record<string, unknown>) => string = rowName,
): string {
  const figures = rows.map((r) => rankingValue(r, field))
  if (rows.length < 2 || !figures.every(isDecimal)) return ''
  const [first, second, ...rest] = figures.map((v) => exact(v as string | number)) as [Exact, Exact, ...Exact[]]
  const gap = subtract(first, second)
  const gapText = formatValue(field, toDecimalString(gap.units < 0n ? { units: -gap.units, scale: gap.scale } : gap))
  const percent =
    second.units === 0n
      ? ''
      : `; ${gap.units < 0n ? '' : '+'}${format(divide({ units: gap.units * 100n, scale: gap.scale }, second, 1), 1)} %`
  const others = [second, ...rest]
  const average = divide(sum(others), exact(others.length), 4)
  const times =
    rows.length > 2 && average.units !== 0n
      ? `, and ${format(divide(first, average, 1), 1)} times the average of the other ${others.length} listed`
      : ''
  return `: ${gapText}${unit} ${gap.units < 0n ? 'less' : 'more'} than the next, ${nameOf(rows[1]!)} with ${formatValue(field, figures[1])}${percent ? ` (${percent.slice(2)})` : ''}${times}`
}

/** Who comes first by the ranked figure, naming every row tied for first. */
function rankingSentence(rows: Record<string, unknown>[], field: string, entity: string, when: string): string {
  const top = rankingValue(rows[0]!, field)
  const tied = rows.filter((r) => rankingValue(r, field) === top)
  const unit = /amount|principal|budget|balance|total/i.test(field) ? '' : ` ${label(field)}`
  if (tied.length > 1)
    return `Tied for first among ${entity} ${when}: ${listOf(tied.map(rowName))} with ${formatValue(field, top)}${unit} each.`
  return `First among ${entity} ${when} by ${label(field)}: ${rowName(rows[0]!)} with ${formatValue(field, top)}${unit}${leadOverNext(rows, field, unit)}.`
}

/** A group of a breakdown by the values it groups: "Northeast", "MOBILE / 2026-10". */
function groupName(group: Record<string, unknown>): string {
  const values = Object.values(group).filter((v): v is string => typeof v === 'string' && !isDecimal(v))
  return values.length ? values.join(' / ') : describeRow(group)
}

/** The groups of a breakdown: its one list. */
const groupsIn = (object: Record<string, unknown>) =>
  Object.values(object).find((v): v is Record<string, unknown>[] => Array.isArray(v)) ?? []

/** Groups ordered by a figure, exactly: largest first, or smallest first. */
function byFigure(groups: Record<string, unknown>[], field: string, ascending = false): Record<string, unknown>[] {
  const figure = (g: Record<string, unknown>) => exact(rankingValue(g, field) as string | number)
  return [...groups].sort((a, b) => {
    const difference = subtract(figure(b), figure(a)).units
    const order = difference > 0n ? 1 : difference < 0n ? -1 : 0
    return ascending ? -order : order
  })
}

/** " (2 smaller groups were left out, …)": said whenever a breakdown withheld groups too small to show. */
function leftOutNote(object: Record<string, unknown>): string {
  const hidden = typeof object.hiddenGroups === 'number' && object.hiddenGroups > 0 ? object.hiddenGroups : 0
  return hidden
    ? ` (${formatNumber(hidden, 0)} smaller group${hidden === 1 ? ' was' : 's were'} left out, so that no one can be singled out)`
    : ''
}

/**
 * "Which region has the most customers": the breakdown's groups ranked by the figure asked, the first (or every
 * group tied for first) named with its lead over the next. Groups withheld as too small are said to be left out.
 */
function rankedGroupsSentence(
  object: Record<string, unknown>,
  question: Question,
  plan: Plan,
  entity: string,
  when: string,
): string {
  const groups = groupsIn(object)
  const field = groups.length ? rankedBy(groups, plan, question) : null
  if (!field || !groups.every((g) => isDecimal(rankingValue(g, field)))) return ''
  const sorted = byFigure(groups, field, question.ranking === 'asc')
  const top = rankingValue(sorted[0]!, field)
  const tied = sorted.filter((g) => rankingValue(g, field) === top)
  const unit = /amount|principal|budget|balance|total|spend/i.test(field) ? '' : ` ${label(field)}`
  const leftOut = leftOutNote(object)
  const most = question.ranking === 'asc' ? 'Last' : 'First'
  if (tied.length > 1)
    return `Tied for ${most.toLowerCase()} among ${entity} ${when}: ${listOf(tied.map(groupName))} with ${formatValue(field, top)}${unit} each${leftOut}.`
  return `${most} among ${entity} ${when} by ${label(field)}: ${groupName(sorted[0]!)} with ${formatValue(field, top)}${unit}${leadOverNext(sorted, field, unit, groupName)}${leftOut}.`
}

/**
 * "How many customers", answered from a breakdown (the rows being refused): its groups' counts added up, and
 * said to be a lower bound when groups too small to show were left out.
 */
function countOverGroupsSentence(
  object: Record<string, unknown>,
  question: Question,
  plan: Plan,
  entity: string,
  when: string,
): string {
  const groups = groupsIn(object)
  const counts = groups.length
    ? leaves(groups[0]!)
        .filter(([k, v]) => Number.isInteger(v) && !/(^|\.)(rank|month|year)$/.test(k))
        .map(([k]) => k)
    : []
  const field =
    counts.find((k) => relevanceOf(k.split('.').at(-1)!, question) === 0) ??
    counts.find((k) => /count/i.test(k)) ??
    counts[0]
  if (!field) return `${capitalize(entity)} ${when}: no groups to count.`
  const total = groups.reduce((all, g) => all + Number(valueAt(g, field) ?? 0), 0)
  const hidden = typeof object.hiddenGroups === 'number' ? object.hiddenGroups : 0
  const noun = label(field.split('.').at(-1)!)
  const over = `added up over the ${formatNumber(groups.length, 0)} group${groups.length === 1 ? '' : 's'} by ${plan.countOverGroups}`
  return hidden
    ? `There are at least ${formatNumber(total, 0)} ${noun} ${when} (${over}; ${formatNumber(hidden, 0)} group${hidden === 1 ? '' : 's'} too small to show ${hidden === 1 ? 'is' : 'are'} left out).`
    : `There are ${formatNumber(total, 0)} ${noun} ${when} (${over}).`
}

/**
 * A breakdown in one sentence: the groups' total of the figure asked (or the headline one) and the largest and
 * smallest group: "Customers by region over all dates: 300 customers in 5 groups; the most in Northeast (70),
 * the fewest in Midwest (50)." Averages and rates are not added up.
 */
function groupsSummarySentence(
  object: Record<string, unknown>,
  question: Question,
  plan: Plan,
  entity: string,
  when: string,
): string {
  const groups = groupsIn(object)
  if (groups.length < 2) return ''
  const field = rankedBy(groups, plan, question)
  if (!field || !groups.every((g) => isDecimal(rankingValue(g, field)))) return ''
  const sorted = byFigure(groups, field)
  const name = label(field)
  const additive = !/average|rate|score|share|ratio|probability|min|max/i.test(field)
  const money = /amount|principal|budget|balance|total|spend|outstanding|credits|debits/i.test(field)
  const added = sum(groups.map((g) => exact(rankingValue(g, field) as string | number)))
  const unit = money
    ? `(${name})`
    : field.split('.').at(-1) === 'count'
      ? counted(Number(toDecimalString(added)), countedNoun(plan))
      : name
  const total = additive ? `${formatValue(field, toDecimalString(added))} ${unit} in ` : ''
  const [most, fewest] = money ? ['highest', 'lowest'] : ['most', 'fewest']
  const top = sorted[0]!
  const bottom = sorted.at(-1)!
  const leftOut = leftOutNote(object)
  return `${capitalize(entity)} ${when}: ${total}${formatNumber(groups.length, 0)} groups; the ${most} ${money ? name : ''}${money ? ' ' : ''}in ${groupName(top)} (${formatValue(field, rankingValue(top, field))}), the ${fewest} in ${groupName(bottom)} (${formatValue(field, rankingValue(bottom, field))})${leftOut}.`
}

/** The field a list's rows are compared by: the one ordered by, else the measure the question names, else the first measure. */
function rankedBy(rows: Record<string, unknown>[], plan: Plan, question: Question): string | null {
  const order = orderField(plan)
  if (order && rows[0] && order in rows[0]) return order
  const numeric = leaves(rows[0] ?? {})
    .filter(
      ([k, v]) =>
        (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))) &&
        !/(^|\.)(rank|share\w*|id)$/.test(k),
    )
    .map(([k]) => k.split('.').at(-1)!)
  return numeric.find((k) => relevanceOf(k, question) === 0) ?? numeric.find((k) => HEADLINE_MEASURE.test(k)) ?? null
}

const isFigure = (value: unknown) =>
  typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))

/** The one sentence that answers: the figure, its unit and the period. */
function leadSentence(
  question: Question,
  plan: Plan,
  value: unknown,
  period: Period | null,
  withheld: string[],
): string {
  const entity = entityPhrase(plan)
  const when = periodPhrase(period)
  if (value === null || value === undefined) return `There is no data on ${entity} ${when}.`
  if (plan.shape === 'connection') {
    const connection = value as { totalCount?: number; edges?: { node: Record<string, unknown> }[] }
    const total = connection.totalCount ?? connection.edges?.length ?? 0
    if (plan.countOnly)
      return `There ${total === 1 ? 'was' : 'were'} ${formatNumber(total, 0)} ${counted(total, entity)} ${when}.`
    const rows = (connection.edges ?? []).map((e) => e.node)
    if (rows.length === 0) return `No ${entity} ${when}.`
    const order =
      !question.ranking && orderField(plan)
        ? `, ${question.recency ? 'newest' : 'ordered by'} ${question.recency ? 'first' : label(orderField(plan)!)}`
        : ''
    const count = `${formatNumber(total, 0)} ${counted(total, entity)} ${when}${total > rows.length ? `; the first ${rows.length} are listed${order}` : order}`
    const field = question.ranking ? rankedBy(rows, plan, question) : null
    return field ? `${capitalize(count)}. ${rankingSentence(rows, field, entity, when)}` : `${capitalize(count)}.`
  }
  if (plan.shape === 'list') {
    const rows = value as Record<string, unknown>[]
    if (rows.length === 0) return `No ${entity} ${when}.`
    const compared = question.growth && rows.length === 1 ? comparedInRow(rows[0]!, entity, when) : ''
    if (compared) return compared
    const field = question.ranking || /^top/.test(plan.rootField) ? rankedBy(rows, plan, question) : null
    return field
      ? rankingSentence(rows, field, entity, when)
      : `${capitalize(entity)} ${when}: ${rows.length} row${rows.length === 1 ? '' : 's'}.`
  }
  if (plan.shape === 'object') {
    const object = value as Record<string, unknown>
    if (typeof object.id === 'string') return entitySentence(object, question, plan, withheld)
    const figures = leaves(object).filter(([, v]) => isFigure(v))
    // The figure named, the current one before the previous one and the change (unless a change is asked).
    const relevance = (path: string) =>
      relevanceOf(path.split('.').at(-1)!, question) * 2 + (!question.growth && /previous|change/i.test(path) ? 1 : 0)
    const ranked = [...figures].sort((a, b) => relevance(a[0]) - relevance(b[0]))
    // A total asks for money in or out, an average for an average, a count for a count, before any other figure named.
    const kind =
      question.aggregate === 'sum'
        ? /credits|debits|^net$|total|principal|outstanding|spend|budget/i
        : question.aggregate === 'average'
          ? /average/i
          : question.aggregate === 'count'
            ? /count|^new/i
            : null
    const fitting = kind ? ranked.filter(([k, v]) => kind.test(k.split('.').at(-1)!) && !isZero(v)) : []
    const headline = fitting[0] ?? ranked.find(([k, v]) => !(isZero(v) && relevance(k) > 1)) ?? ranked[0]
    const grouped = plan.criteria.some((c) => c.kind === 'grouping') || plan.countOverGroups !== undefined
    const groups = Object.values(object).find((v): v is unknown[] => Array.isArray(v))
    const hidden = typeof object.hiddenGroups === 'number' ? object.hiddenGroups : 0
    if (grouped && groups?.length === 0 && hidden > 0)
      return `The figures for ${entity} ${when} are withheld: ${hidden === 1 ? 'the only group has' : `all ${formatNumber(hidden, 0)} groups have`} fewer than ${String(object.minimumGroupSize ?? 'the minimum number of')} customers, and figures on so few could single them out.`
    if (plan.countOverGroups) return countOverGroupsSentence(object, question, plan, entity, when)
    const rankedGroups = grouped && question.ranking ? rankedGroupsSentence(object, question, plan, entity, when) : ''
    if (rankedGroups) return rankedGroups
    const summary = grouped && !question.share ? groupsSummarySentence(object, question, plan, entity, when) : ''
    if (summary) return summary
    if (!headline || grouped) return `${capitalize(entity)} ${when}:`
    const [path, figure] = headline
    const name = path.split('.').at(-1)!
    const shown = formatValue(name, figure)
    const over =
      typeof object.count === 'number' && name !== 'count'
        ? ` over ${formatNumber(object.count, 0)} ${counted(object.count, countedNoun(plan))}`
        : ''
    if (name === 'count')
      return `There ${figure === 1 ? 'was' : 'were'} ${shown} ${counted(Number(figure), countedNoun(plan))} ${when}.`
    if (/average/i.test(name)) return `The ${label(name)} of ${entity} ${when} was ${shown}${over}.`
    if (/credits|debits|^net$|total|principal|outstanding|spend|budget/i.test(name))
      return `${capitalize(entity)} ${when} came to ${shown} (${label(name)})${over}.`
    return `The ${figureOf(name, entity)} ${when} was ${shown}.`
  }
  return `${capitalize(entity)} ${when}: ${formatValue(plan.rootField, value)}.`
}

/** A row that carries its own comparison (newCustomers and previousPeriodNewCustomers): "New customers in …: 20, against 8 in the period before: +12 (+150.0 %)." */
function comparedInRow(row: Record<string, unknown>, entity: string, when: string): string {
  const previousKey = Object.keys(row).find((k) => /^previousPeriod/.test(k))
  if (!previousKey) return ''
  const key = previousKey.replace(/^previousPeriod/, '').replace(/^./, (c) => c.toLowerCase())
  const [now, before] = [Number(row[key]), Number(row[previousKey])]
  if (Number.isNaN(now) || Number.isNaN(before)) return ''
  const change =
    before === 0 ? '' : ` (${now >= before ? '+' : ''}${formatNumber(((now - before) / before) * 100, 1)} %)`
  return `${capitalize(label(key))} (${entity}) ${when}: ${formatValue(key, row[key])}, against ${formatValue(key, row[previousKey])} in the period before: ${now >= before ? '+' : ''}${formatValue(key, now - before)}${change}.`
}

/** One row looked up by id: "Customer C-00042 (Sofia Rossi): SSN withheld." with the fields asked for. */
function entitySentence(row: Record<string, unknown>, question: Question, plan: Plan, withheld: string[]): string {
  const asked = Object.entries(row).filter(
    ([k, v]) => !IDENTIFYING.test(k) && relevanceOf(k, question) === 0 && v !== null && !Array.isArray(v),
  )
  const what = `${capitalize(label(plan.rootField))} ${String(row.id)}${typeof row.name === 'string' ? ` (${row.name})` : ''}`
  const values = asked.map(
    ([k, v]) => `${label(k)} ${typeof v === 'object' ? rowName(v as Record<string, unknown>) : formatValue(k, v)}`,
  )
  const hidden = withheld.map((field) => `${label(field)} withheld (you may not read it)`)
  return values.length || hidden.length ? `${what}: ${[...values, ...hidden].join(', ')}.` : `${what}.`
}

/** The rows a result holds: a connection's nodes, a list's items, or a breakdown's groups. */
function rowsOf(plan: Plan, value: unknown): Record<string, unknown>[] {
  if (value === null || value === undefined || typeof value !== 'object') return []
  if (plan.shape === 'connection')
    return ((value as { edges?: { node: Record<string, unknown> }[] }).edges ?? []).map((e) => e.node)
  if (Array.isArray(value)) return value as Record<string, unknown>[]
  const groups = Object.values(value as Record<string, unknown>).find(
    (v): v is Record<string, unknown>[] => Array.isArray(v) && typeof v[0] === 'object',
  )
  return groups ?? []
}

/** The figure computed over: the one named, else the one ordered by, else the row's headline measure. */
function measureOf(rows: Record<string, unknown>[], plan: Plan, question: Question): string | null {
  const numeric = leaves(rows[0] ?? {})
    .filter(([k, v]) => isDecimal(v) && !/(^|\.)(rank|share\w*|id|month|year|hiddenGroups)$/.test(k))
    .map(([k]) => k)
  const named = numeric.find((k) => relevanceOf(k.split('.').at(-1)!, question) === 0)
  const order = orderField(plan)
  return (
    named ??
    numeric.find((k) => k.split('.').at(-1) === order) ??
    numeric.find((k) => HEADLINE_MEASURE.test(k.split('.').at(-1)!)) ??
    numeric[0] ??
    null
  )
}

const valueAt = (row: Record<string, unknown>, path: string) => leaves(row).find(([k]) => k === path)?.[1]

/** How a figure is said, exactly: money with two decimals and USD, counts whole, anything else with two decimals. */
function sayExact(field: string, value: Exact, places?: number): string {
  const name = field.split('.').at(-1)!
  if (MONEY.test(name) && !NOT_MONEY.test(name)) return `${format(value, 2)} USD`
  return format(value, places ?? (value.scale === 0 ? 0 : 2))
}

/**
 * Figures computed over the rows that came back, exactly (decimal strings added as integers): "The average
 * amount of these 5 withdrawals is 1,234.56 USD (together 6,172.80 USD)."; and each row's share of the total.
 */
export function computedSentences(question: Question, plan: Plan, value: unknown): string[] {
  const overRows = question.overRows ?? plan.aggregateOverRows ?? null
  if (!overRows && !question.share) return []
  const outer = rowsOf(plan, value)
  // Shares are of a whole: every group of a breakdown, or every row of a list that came back complete.
  const totalCount = (value as { totalCount?: number } | null)?.totalCount
  const complete = plan.shape !== 'connection' || totalCount === outer.length
  // "The balance of my accounts": the figure is of the items each row lists.
  const rows = plan.rowsWithin
    ? outer.flatMap((row) =>
        Array.isArray(row[plan.rowsWithin!]) ? (row[plan.rowsWithin!] as Record<string, unknown>[]) : [],
      )
    : outer
  if (!overRows && !complete) return []
  const field = rows.length ? measureOf(rows, plan, question) : null
  if (!field) return []
  const figures = rows
    .map((row) => valueAt(row, field))
    .filter(isDecimal)
    .map((v) => exact(v as string | number))
  if (figures.length === 0) return []
  const total = sum(figures)
  const name = label(field.split('.').at(-1)!)
  const rowsName = plan.rowsWithin ? label(plan.rowsWithin) : entityPhrase(plan)
  const entity = figures.length === 1 ? rowsName.replace(/s$/, '') : rowsName
  // Of every row (the question asked of them all) or of those listed ("the average of these 5").
  const these = !plan.aggregateOverRows
    ? `${figures.length === 1 ? 'this' : `these ${figures.length}`} ${entity}`
    : complete
      ? `${figures.length === 1 ? 'the one' : `all ${figures.length}`} ${entity}`
      : `the ${rowsName} of the first ${outer.length} of ${totalCount ?? '?'} ${entityPhrase(plan)} (the rest were not fetched)`
  const sentences: string[] = []
  if (overRows === 'average')
    sentences.push(
      `The average ${name} of ${these} is ${sayExact(field, divide(total, { units: BigInt(figures.length), scale: 0 }, 2), 2)} (together ${sayExact(field, total)}; computed exactly from the rows below).`,
    )
  if (overRows === 'sum')
    sentences.push(
      `The ${plan.aggregateOverRows ? 'total ' : ''}${name} of ${these} comes to ${sayExact(field, total)} (computed exactly from the rows below).`,
    )
  if (question.share && complete && total.units !== 0n) {
    const named = rows.filter((row) =>
      leaves(row).some(
        ([, v]) =>
          typeof v === 'string' &&
          !isDecimal(v) &&
          v
            .toLowerCase()
            .split(/[_\s]+/)
            .every((w) => question.stems.includes(stem(w))),
      ),
    )
    const percent = (row: Record<string, unknown>) => {
      const v = valueAt(row, field)
      return isDecimal(v)
        ? `${format(divide({ units: exact(v as string | number).units * 100n, scale: exact(v as string | number).scale }, total, 1), 1)} %`
        : '?'
    }
    // A row by its id and name; a group by the values it groups ("MOBILE", "MOBILE / 2026-10").
    const nameOf = (row: Record<string, unknown>) => {
      if ('id' in row) return rowName(row)
      const values = leaves(row)
        .filter(([, v]) => typeof v === 'string' && !isDecimal(v))
        .map(([, v]) => String(v))
      return values.length ? values.join(' / ') : rowName(row)
    }
    for (const row of named.slice(0, 3))
      sentences.push(
        `${nameOf(row)} is ${percent(row)} of the total ${name} (${sayExact(field, exact(valueAt(row, field) as string | number))} of ${sayExact(field, total)}).`,
      )
    sentences.push(
      `Shares of the total ${name} (${sayExact(field, total)}): ${rows.map((row) => `${nameOf(row)} ${percent(row)}`).join(', ')}.`,
    )
  }
  return sentences
}

/** A difference between two figures, exactly: "+1,200.00 USD (+12.3 %)". */
export function exactChange(
  field: string,
  now: unknown,
  before: unknown,
): { difference: string; percent: string | null } | null {
  if (!isDecimal(now) || !isDecimal(before)) return null
  const a = exact(now as string | number)
  const b = exact(before as string | number)
  const change = subtract(a, b)
  const sign = change.units >= 0n ? '+' : ''
  // A rate between 0 and 1 changes by percentage points.
  if (
    /Rate$/.test(field) &&
    typeof now === 'number' &&
    typeof before === 'number' &&
    Math.abs(now) <= 1 &&
    Math.abs(before) <= 1
  )
    return {
      difference: `${sign}${format({ units: change.units * 100n, scale: change.scale }, 1)} points`,
      percent: null,
    }
  const percent = b.units === 0n ? null : divide({ units: change.units * 100n, scale: change.scale }, b, 1)
  return {
    difference: `${sign}${sayExact(field, change)}`,
    percent: percent ? `${percent.units >= 0n ? '+' : ''}${format(percent, 1)} %` : null,
  }
}

/** The glossary words whose filters the plan applied. */
export function glossaryUsed(question: Question, plan: Plan): Question['glossary'] {
  return question.glossary.filter((g) =>
    plan.criteria.some(
      (c) =>
        (c.input === g.filter.input && c.value.replace(/ /g, '_').toUpperCase() === g.filter.value.toUpperCase()) ||
        (c.kind === 'amount' && c.input === g.filter.input),
    ),
  )
}

/** What was understood: the data asked, its filters and the period. */
function interpretation(plan: Plan, period: Period | null, question: Question): string {
  const glossary = glossaryUsed(question, plan).map(
    (g) => `"${g.word}" read as ${label(g.filter.input)} ${g.filter.value} (${g.product} glossary)`,
  )
  const filters = plan.filters.length ? ` with ${plan.filters.join(', ')}` : ''
  const periodUsed = period
    ? periodText(period)
    : question.period
      ? `all dates, because ${label(plan.rootField)} cannot be limited to ${periodText(question.period)}`
      : question.unreadPeriod
        ? `all dates (the period asked was not understood)`
        : 'all dates (no period asked)'
  return `I read this as: ${label(plan.rootField)}${filters}; period ${periodUsed}${glossary.length ? `; ${glossary.join('; ')}` : ''}.`
}

/** "I ignored the instruction …", "I read "paymnets" as "payments"": what was set aside or corrected, said first. */
export function instructionsNote(question: Question): string {
  const notes: string[] = []
  if (question.instructions.length)
    notes.push(
      `I ignored the instruction${question.instructions.length > 1 ? 's' : ''} "${question.instructions.join('", "')}": I answer with your own access.`,
    )
  if (question.spelling.length)
    notes.push(`I read ${question.spelling.map((c) => `"${c.from}" as "${c.to}"`).join(', ')}.`)
  return notes.join('\n')
}

/** Said whenever words looked like a period but could not be read as one. */
export function unreadPeriodNote(question: Question): string {
  return question.unreadPeriod
    ? `I did not understand "${question.unreadPeriod}" as a period, so this covers all dates; ask again with dates, a month, a quarter or a year.`
    : ''
}

function denialText(denials: Denial[]): string {
  const unique = [...new Map(denials.map((d) => [`${d.field}|${d.reason}`, d])).values()]
  return unique.map((d) => `${d.field} — ${d.reason}`).join('; ')
}

/** The answer to the question from the operation's outcome: the answer first, then what was understood, then the rows or figures. */
/** Whether the caller was refused every part of the plan's answer (denied, nothing returned). */
export function everythingDenied(plan: Plan, outcome: RunOutcome): boolean {
  return (
    outcome.denials.length > 0 &&
    plan.periods.every((p) => outcome.data?.[p.alias] === null || outcome.data?.[p.alias] === undefined)
  )
}

export function composeAnswer(question: Question, plan: Plan, outcome: RunOutcome): string {
  const source = outcome.answeredBy.length
    ? `Source: the ${outcome.answeredBy.join(' and ')} data product${outcome.answeredBy.length > 1 ? 's' : ''}.`
    : ''
  if (everythingDenied(plan, outcome)) {
    const sorry = `I'm sorry, I can't show you that: you may not read ${denialText(outcome.denials)}. The attempt has been recorded in the audit trail. If you need this data for your work, ask the data product's owner for access.`
    return [sorry, instructionsNote(question)].filter(Boolean).join('\n')
  }
  if (!outcome.data && outcome.errors.length)
    return [instructionsNote(question), `The mesh could not answer: ${outcome.errors.map((e) => e.message).join('; ')}`]
      .filter(Boolean)
      .join('\n')
  const current = plan.periods[0]!
  const growth =
    plan.periods.length === 2 ? growthSentence(outcome.data?.current, outcome.data?.previous, question, plan) : ''
  const parts: string[] = [instructionsNote(question), unreadPeriodNote(question)]
  const withheld = outcome.denials
    .map((d) => d.field.split('.').at(-1)!)
    .filter((f, i, all) => all.indexOf(f) === i && !/^[A-Z]/.test(f))
  const computed = computedSentences(question, plan, outcome.data?.[current.alias])
  // A figure computed over the rows (an average of those listed, each group's share) answers the question: it leads.
  parts.push(...computed)
  parts.push(growth || leadSentence(question, plan, outcome.data?.[current.alias], current.period, withheld))
  parts.push(interpretation(plan, current.period, question))
  const unused = unusedQualifiers({ ...question, glossary: glossaryUsed(question, plan) }, plan.query)
  if (unused.length)
    parts.push(
      `I did not use ${unused.map((w) => `"${w}"`).join(', ')}: no field or value matches ${unused.length === 1 ? 'it' : 'them'}, so the figures are not limited by ${unused.length === 1 ? 'it' : 'them'}.`,
    )
  for (const { alias, period } of plan.periods) {
    const body = describeResult(alias, outcome.data?.[alias], plan, question)
    const heading = `${capitalize(label(plan.rootField))}${plan.filters.length ? ` (${plan.filters.join(', ')})` : ''}${period ? ` for ${periodText(period)}` : ''}`
    parts.push(
      body.startsWith('- ') || body.startsWith('\n')
        ? `${heading}:${body.startsWith('\n') ? '' : '\n'}${body}`
        : `${heading}: ${body}`,
    )
  }
  if (outcome.denials.length)
    parts.push(
      `Some of it was withheld because you may not read it: ${denialText(outcome.denials)}. The attempt has been recorded.`,
    )
  parts.push(source)
  return parts.filter(Boolean).join('\n')
}
