// Says what came back in plain words: the figures the question asked for first, with units and the
// period, the rows of a list, what was denied and why, and which data products answered.
import type { Denial } from '../tools'
import type { Plan } from './plan'
import type { Question } from './question'

export interface RunOutcome {
  data: Record<string, unknown> | null
  denials: Denial[]
  errors: { message: string; code?: unknown }[]
  answeredBy: string[]
}

const MONEY = /amount|balance|total|credits|debits|^net$|budget|spend|principal|outstanding|^average$|^min$|^max$|cost|income|requested/i
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
    return value.includes('.') ? formatNumber(number, Math.min(4, value.split('.')[1]!.length)) : formatNumber(number, 0)
  }
  if (typeof value === 'number' && /Rate$/.test(name) && value >= 0 && value <= 1) return `${formatNumber(value * 100, 1)} %`
  if (typeof value === 'number') return /percent/i.test(name) ? `${formatNumber(value, 1)} %` : formatNumber(value, Number.isInteger(value) ? 0 : 2)
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return value.slice(0, 10)
  if (Array.isArray(value)) return value.join(', ')
  return String(value)
}

function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [[prefix, value]]
  return Object.entries(value).flatMap(([k, v]) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? leaves(v, prefix ? `${prefix}.${k}` : k) : [[prefix ? `${prefix}.${k}` : k, v] as [string, unknown]]))
}

function describeRow(row: Record<string, unknown>): string {
  return leaves(row)
    .filter(([, v]) => v !== null && v !== undefined && !(typeof v === 'object'))
    .map(([k, v]) => (k === 'id' || k.endsWith('.id') || k === 'name' || k.endsWith('.name') ? String(v) : `${label(k.split('.').at(-1)!)} ${formatValue(k.split('.').at(-1)!, v)}`))
    .join(', ')
}

/** How much the question asks for a field: 0 named or asked for, 1 what its aggregate usually means, 2 anything else. */
function relevanceOf(name: string, question: Question): number {
  const l = label(name)
  if (question.stems.some((s) => s.length > 3 && l.split(' ').some((w) => w.startsWith(s)))) return 0
  if (question.aggregate === 'count' && /count|^new/i.test(name)) return 0
  if (question.aggregate === 'average' && /average/i.test(name)) return 0
  if (question.aggregate === 'sum' && /credits|debits|total|^net$|spend|budget|principal|outstanding/i.test(name)) return 1
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
  const shown = named ? ranked.filter(([k]) => relevance(k) === 0)
    : question.aggregate ? ranked.filter(([k, v]) => relevance(k) <= 1 && !(isZero(v) && relevance(k) === 1)) : ranked
  const parts = (shown.length ? shown : ranked).map(([k, v]) => `${pathLabel(k)}: ${formatValue(k.split('.').at(-1)!, v)}`)
  const lists = Object.entries(object).filter(([k, v]) => Array.isArray(v) && v.length > 0 && typeof v[0] === 'object' && (!question.aggregate && !named || /\b(by|per|each|breakdown)\b/i.test(question.text) && relevanceOf(k, question) === 0))
  for (const [k, v] of lists) parts.push(`${label(k)}: ${(v as Record<string, unknown>[]).map((item) => describeRow(item)).join('; ')}`)
  return parts.join('; ')
}

/** A breakdown: one line per group, and what small-group protection left out. */
function describeGroups(object: Record<string, unknown>): string {
  const groups = Object.values(object).find((v): v is Record<string, unknown>[] => Array.isArray(v)) ?? []
  const hidden = typeof object.hiddenGroups === 'number' ? object.hiddenGroups : 0
  const lines = groups.map((group) => `- ${describeRow(group)}`)
  if (groups.length === 0) lines.push('- no groups to show')
  if (hidden > 0) lines.push(`(${formatNumber(hidden, 0)} group${hidden === 1 ? '' : 's'} of fewer than ${String(object.minimumGroupSize ?? 'the minimum number of')} customers left out, so that no one can be singled out)`)
  return `\n${lines.join('\n')}`
}

function periodText(plan: Plan, alias: string): string {
  const period = plan.periods.find((p) => p.alias === alias)?.period
  return period ? `${period.label} (${period.start.toISOString().slice(0, 10)} to ${period.end.toISOString().slice(0, 10)})` : ''
}

function denialText(denials: Denial[]): string {
  const unique = [...new Map(denials.map((d) => [`${d.field}|${d.reason}`, d])).values()]
  return unique.map((d) => `${d.field} — ${d.reason}`).join('; ')
}

function describeResult(alias: string, value: unknown, plan: Plan, question: Question): string {
  if (value === null || value === undefined) return 'no data'
  if (plan.shape === 'connection') {
    const connection = value as { totalCount?: number; edges?: { node: Record<string, unknown> }[] }
    const total = connection.totalCount
    if (plan.countOnly) return `${formatNumber(total ?? 0, 0)}`
    const rows = connection.edges ?? []
    if (rows.length === 0) return 'nothing matches'
    const head = total !== undefined ? `${formatNumber(total, 0)} in all${total > rows.length ? `, the first ${rows.length} shown` : ''}` : `${rows.length} shown`
    return `${head}:\n${rows.map((r) => `- ${describeRow(r.node)}`).join('\n')}`
  }
  if (plan.shape === 'list') {
    const items = value as Record<string, unknown>[]
    if (items.length === 0) return 'nothing matches'
    return `\n${items.map((item) => `- ${describeRow(item)}`).join('\n')}`
  }
  if (plan.shape === 'object') return describeObject(value as Record<string, unknown>, question)
  return formatValue(alias, value)
}

function growthSentence(current: unknown, previous: unknown, question: Question): string {
  if (typeof current !== 'object' || typeof previous !== 'object' || !current || !previous) return ''
  const a = current as Record<string, unknown>
  const b = previous as Record<string, unknown>
  const numeric = Object.keys(a).filter((k) => typeof a[k] === 'number' || (typeof a[k] === 'string' && /^-?\d+(\.\d+)?$/.test(String(a[k]))))
  const key = [...numeric].sort((x, y) => relevanceOf(x, question) - relevanceOf(y, question)).find((k) => !isZero(a[k]) || !isZero(b[k])) ?? numeric[0]
  if (!key) return ''
  const now = Number(a[key])
  const before = Number(b[key])
  const change = before === 0 ? null : ((now - before) / before) * 100
  const difference = Number.isInteger(now) && Number.isInteger(before) && typeof a[key] === 'number' ? now - before : (now - before).toFixed(2)
  return `Change in ${label(key)}: ${formatValue(key, difference)}${change === null ? '' : ` (${change >= 0 ? '+' : ''}${formatNumber(change, 1)} %)`}.`
}

/** The answer to the question from the operation's outcome. */
export function composeAnswer(question: Question, plan: Plan, outcome: RunOutcome): string {
  const source = outcome.answeredBy.length ? `Source: the ${outcome.answeredBy.join(' and ')} data product${outcome.answeredBy.length > 1 ? 's' : ''}.` : ''
  const everythingDenied = outcome.denials.length > 0 && plan.periods.every((p) => outcome.data?.[p.alias] === null || outcome.data?.[p.alias] === undefined)
  if (everythingDenied) {
    return `I'm sorry, I can't show you that: you may not read ${denialText(outcome.denials)}. The attempt has been recorded in the audit trail. If you need this data for your work, ask the data product's owner for access.`
  }
  if (!outcome.data && outcome.errors.length) return `The mesh could not answer: ${outcome.errors.map((e) => e.message).join('; ')}`
  const filters = plan.filters.length ? ` (${plan.filters.join(', ')})` : ''
  const parts: string[] = []
  for (const { alias } of plan.periods) {
    const when = periodText(plan, alias)
    const heading = `${label(plan.rootField)}${filters}${when ? ` for ${when}` : ''}`
    parts.push(`${heading[0]!.toUpperCase()}${heading.slice(1)}: ${describeResult(alias, outcome.data?.[alias], plan, question)}`)
  }
  if (plan.periods.length === 2) parts.push(growthSentence(outcome.data?.current, outcome.data?.previous, question))
  if (outcome.denials.length) parts.push(`Some of it was withheld because you may not read it: ${denialText(outcome.denials)}. The attempt has been recorded.`)
  parts.push(source)
  return parts.filter(Boolean).join('\n')
}
