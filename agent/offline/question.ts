// Reads a question in plain words: what it asks for (discovery, a list, a total, a count, a ranking, a
// growth), over which period, about which ids and amounts. Knows nothing of the schema.
import { stem, words } from '../schema-index'

export type Aggregate = 'sum' | 'count' | 'average'
export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'custom'

export interface Period {
  /** First instant of the period. */
  start: Date
  /** Last instant of the period (inclusive). */
  end: Date
  unit: PeriodUnit
  /** How to say it: "Q3 2026", "October 2026", "2026-01-01 to 2026-03-31". */
  label: string
}

export interface Question {
  text: string
  /** Stemmed words, without the words every question has. */
  stems: string[]
  /** What the question is about, without its period, ranking and numbers: what to search the schema for. */
  topic: string
  discovery: boolean
  aggregate: Aggregate | null
  /** "largest", "most", "top": descending; "smallest", "least": ascending. */
  ranking: 'desc' | 'asc' | null
  /** "list", "show", "which": rows are wanted, unless an aggregate is asked for. */
  listing: boolean
  /** For discovery: what the data is about, without the words that ask for it. */
  discoveryTopic: string
  /** "newest", "latest", "most recent": by date, newest first. */
  recency: boolean
  /** How many rows the question wants, when it says ("top 5", "10 largest"). */
  limit: number | null
  growth: boolean
  period: Period | null
  /** For a growth question: the period just before. */
  previousPeriod: Period | null
  /** Ids the question names, such as C-00042 or A-00042-1, and "account 123456". */
  ids: { prefix: string; id: string }[]
  minAmount: number | null
  maxAmount: number | null
  /** What to group by, as stemmed words: "by channel", "per region", "split by month", "for every product and status". */
  groupings: string[]
}

/** The words after "by", "per", "for each/every", "split/broken down by", "across": a breakdown asked for. */
function groupingsOf(text: string): string[] {
  const groupings: string[] = []
  const pattern = /\b(?<!(?:sort(?:ed)?|order(?:ed)?|rank(?:ed)?)\s)(?:by|per|for (?:each|every)|split (?:by|into)|broken down by|across|grouped by)\s+((?:[a-z]+)(?:\s*(?:,|and|&)\s*[a-z]+)*)/gi
  for (const match of text.matchAll(pattern)) {
    for (const word of match[1]!.split(/\s*(?:,|\band\b|&)\s*/)) if (word) groupings.push(stem(word.toLowerCase()))
  }
  return groupings
}

const DAY = 86_400_000
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

const utc = (year: number, month: number, day = 1) => new Date(Date.UTC(year, month, day))
const endBefore = (next: Date) => new Date(next.getTime() - 1)
const iso = (date: Date) => date.toISOString().slice(0, 10)

function monthPeriod(year: number, month: number): Period {
  const start = utc(year, month)
  return { start, end: endBefore(utc(year, month + 1)), unit: 'month', label: `${MONTHS[start.getUTCMonth()]![0]!.toUpperCase()}${MONTHS[start.getUTCMonth()]!.slice(1)} ${start.getUTCFullYear()}` }
}

function quarterPeriod(year: number, quarter: number): Period {
  const start = utc(year, quarter * 3)
  return { start, end: endBefore(utc(year, quarter * 3 + 3)), unit: 'quarter', label: `Q${quarter + 1} ${start.getUTCFullYear()}` }
}

function yearPeriod(year: number): Period {
  return { start: utc(year, 0), end: endBefore(utc(year + 1, 0)), unit: 'year', label: String(year) }
}

function weekPeriod(monday: Date): Period {
  return { start: monday, end: endBefore(new Date(monday.getTime() + 7 * DAY)), unit: 'week', label: `the week of ${iso(monday)}` }
}

function dayPeriod(day: Date): Period {
  return { start: day, end: endBefore(new Date(day.getTime() + DAY)), unit: 'day', label: iso(day) }
}

function custom(start: Date, end: Date): Period {
  return { start, end, unit: 'custom', label: `${iso(start)} to ${iso(end)}` }
}

/** The calendar period just before one (or the same length before a custom one). */
export function previousPeriod(period: Period): Period {
  const { start } = period
  switch (period.unit) {
    case 'day': return dayPeriod(new Date(start.getTime() - DAY))
    case 'week': return weekPeriod(new Date(start.getTime() - 7 * DAY))
    case 'month': return monthPeriod(start.getUTCFullYear(), start.getUTCMonth() - 1)
    case 'quarter': return quarterPeriod(start.getUTCFullYear(), start.getUTCMonth() / 3 - 1)
    case 'year': return yearPeriod(start.getUTCFullYear() - 1)
    case 'custom': {
      const length = period.end.getTime() - start.getTime() + 1
      return custom(new Date(start.getTime() - length), new Date(start.getTime() - 1))
    }
  }
}

function startOfDay(now: Date): Date {
  return utc(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
}

function mondayOf(day: Date): Date {
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY)
}

function parseDate(text: string): Date | null {
  const date = new Date(`${text}T00:00:00.000Z`)
  return Number.isNaN(date.getTime()) ? null : date
}

/** The period a question speaks of, relative to `now`; null when it names none. */
export function parsePeriod(text: string, now: Date): Period | null {
  const t = text.toLowerCase()
  const today = startOfDay(now)
  const year = today.getUTCFullYear()
  const month = today.getUTCMonth()
  const quarter = Math.floor(month / 3)

  const between = t.match(/(?:between|from)\s+(\d{4}-\d{2}-\d{2})\s+(?:and|to|until|through)\s+(\d{4}-\d{2}-\d{2})/)
  if (between) {
    const [start, end] = [parseDate(between[1]!), parseDate(between[2]!)]
    if (start && end) return custom(start, endBefore(new Date(end.getTime() + DAY)))
  }
  const since = t.match(/(?:since|after|from)\s+(\d{4}-\d{2}-\d{2})/)
  if (since) {
    const start = parseDate(since[1]!)
    if (start) return custom(start, endBefore(new Date(today.getTime() + DAY)))
  }
  const lastN = t.match(/(?:last|past|previous)\s+(\d+)\s+(day|week|month|year)s?/)
  if (lastN) {
    const n = Number(lastN[1])
    const unit = lastN[2]!
    const start = unit === 'day' ? new Date(today.getTime() - n * DAY)
      : unit === 'week' ? new Date(today.getTime() - 7 * n * DAY)
        : unit === 'month' ? utc(year, month - n, today.getUTCDate())
          : utc(year - n, month, today.getUTCDate())
    return custom(start, endBefore(today))
  }
  // Several periods may be named ("this quarter compared with last quarter"): the first one named is the one asked about.
  const named: { at: number; period: () => Period }[] = []
  const find = (pattern: RegExp, period: (match: RegExpMatchArray) => Period) => {
    const match = t.match(pattern)
    if (match?.index !== undefined) named.push({ at: match.index, period: () => period(match) })
  }
  find(/\bq([1-4])(?:\s+(\d{4}))?\b/, (m) => quarterPeriod(m[2] ? Number(m[2]) : year, Number(m[1]) - 1))
  find(/\b(last|previous|prior) quarter\b/, () => quarterPeriod(year, quarter - 1))
  find(/\b(this|current) quarter\b|\bquarter to date\b/, () => ({ ...quarterPeriod(year, quarter), end: endBefore(new Date(today.getTime() + DAY)) }))
  find(/\b(last|previous|prior) month\b/, () => monthPeriod(year, month - 1))
  find(/\b(this|current) month\b|\bmonth to date\b/, () => ({ ...monthPeriod(year, month), end: endBefore(new Date(today.getTime() + DAY)) }))
  find(/\b(last|previous|prior) week\b/, () => weekPeriod(new Date(mondayOf(today).getTime() - 7 * DAY)))
  find(/\b(this|current) week\b/, () => weekPeriod(mondayOf(today)))
  find(/\b(last|previous|prior) year\b/, () => yearPeriod(year - 1))
  find(/\b(this|current) year\b|\byear to date\b|\bytd\b/, () => ({ ...yearPeriod(year), end: endBefore(new Date(today.getTime() + DAY)) }))
  find(/\byesterday\b/, () => dayPeriod(new Date(today.getTime() - DAY)))
  find(/\btoday\b/, () => dayPeriod(today))
  find(new RegExp(`\\b(${MONTHS.join('|')})(?:\\s+(\\d{4}))?\\b`), (m) => {
    const index = MONTHS.indexOf(m[1]!)
    return monthPeriod(m[2] ? Number(m[2]) : index <= month ? year : year - 1, index)
  })
  const first = named.sort((a, b) => a.at - b.at)[0]
  if (first) return first.period()
  const inYear = t.match(/\b(?:in|during|for|of)\s+(20\d{2}|19\d{2})\b/)
  if (inYear) return yearPeriod(Number(inYear[1]))
  return null
}

function amount(text: string): number {
  return Number(text.replace(/[,$\s]/g, '').replace(/k$/i, '000'))
}

const ID_PATTERN = /\b(CMP|LA|RA|C|A|T|L)-[0-9A-Z]+(?:-[0-9A-Z]+)*\b/gi

const NOT_TOPIC = [
  /\b(between|from|since|after|before|until|to)\s+\d{4}-\d{2}-\d{2}/gi,
  /\d{4}-\d{2}-\d{2}/g,
  /\b(last|previous|prior|this|current|past|next)\s+(\d+\s+)?(day|week|month|quarter|year)s?\b/gi,
  /\b(month|quarter|year)\s+(to date|before|after)\b/gi,
  /\bthe\s+(month|quarter|year|week)\b/gi,
  new RegExp(`\\b(${MONTHS.join('|')})\\b`, 'gi'),
  /\b(q[1-4]|ytd|today|yesterday|versus|vs|compared?|with|than|growth|change)\b/gi,
  /\b(top|largest|biggest|highest|smallest|lowest|most|least|newest|latest|recent|first|last)\b/gi,
  /\$?\b\d[\d,.]*k?\b/g,
]

/** The question without what says when, how many or in which order. */
function topicOf(text: string): string {
  return NOT_TOPIC.reduce((rest, pattern) => rest.replace(pattern, ' '), text).replace(/\s+/g, ' ').trim()
}

export function parseQuestion(text: string, now: Date): Question {
  const t = text.toLowerCase()
  const stems = words(text).map(stem)
  const discovery = /\bwhat (data|information)\b|\bwhich data( products?)?\b|\bdata products?\b|\bwhere (can|do) (i|we) find\b|\bwhat .*\b(is|are) available\b|\bwho owns\b|\bdiscover/.test(t)
  const growth = /\b(versus|vs\.?|compared?|comparison|growth|grow|grew|change|changed|increase|decrease|than the)\b/.test(t)
  const aggregate: Aggregate | null = /\b(average|mean|avg|typical)\b/.test(t) ? 'average'
    : /\b(how many|number of|count)\b/.test(t) ? 'count'
      : /\b(total|sum|how much|volume)\b/.test(t) ? 'sum'
        : null
  const ranking = /\b(largest|biggest|highest|most|top|best|maximum|max)\b/.test(t) ? 'desc' : /\b(smallest|lowest|least|fewest|worst|minimum|min)\b/.test(t) ? 'asc' : null
  const recency = /\b(newest|latest|most recent|recent|last \d+ (transactions|customers|loans|applications))\b/.test(t)
  const limitMatch = t.match(/\b(?:top|first|last)\s+(\d+)\b/) ?? t.match(/\b(\d+)\s+(?:largest|biggest|highest|smallest|lowest|newest|latest|most recent|recent|top|best)\b/)
  const period = parsePeriod(text, now)

  const ids = [...text.matchAll(ID_PATTERN)].map((m) => ({ prefix: m[1]!.toUpperCase(), id: m[0].toUpperCase() }))
  const bareAccount = t.match(/\baccount\s+(?:number\s+|no\.?\s+|#)?(\d{4,})\b/)
  if (bareAccount) ids.push({ prefix: 'A', id: bareAccount[1]! })
  const bareCustomer = t.match(/\bcustomer\s+(?:number\s+|no\.?\s+|#)?(\d{1,8})\b/)
  if (bareCustomer) ids.push({ prefix: 'C', id: `C-${bareCustomer[1]!.padStart(5, '0')}` })

  const money = '\\$?\\s?([\\d,]+(?:\\.\\d+)?k?)'
  const betweenAmounts = t.match(new RegExp(`between\\s+${money}\\s+and\\s+${money}`))
  const over = t.match(new RegExp(`\\b(?:over|above|more than|greater than|at least|exceeding|bigger than|larger than|>=?)\\s*${money}`))
  const under = t.match(new RegExp(`\\b(?:under|below|less than|at most|up to|smaller than|<=?)\\s*${money}`))

  return {
    text,
    stems,
    topic: topicOf(text),
    discovery,
    listing: /\b(list|show|display|which|find)\b/.test(t),
    discoveryTopic: text
      .replace(/\b(what|which|where|who|can|could|do|does|we|i|you|find|have|has|got|is|are|there|any|data|information|products?|about|on|for|tell|us|me|the|a|an|and|or|with|owns?)\b/gi, ' ')
      .replace(/[^A-Za-z0-9 -]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    aggregate,
    ranking,
    recency,
    limit: limitMatch ? Number(limitMatch[1]) : null,
    growth,
    period,
    previousPeriod: growth && period ? previousPeriod(period) : null,
    ids,
    minAmount: betweenAmounts ? amount(betweenAmounts[1]!) : over ? amount(over[1]!) : null,
    maxAmount: betweenAmounts ? amount(betweenAmounts[2]!) : under ? amount(under[1]!) : null,
    groupings: groupingsOf(text),
  }
}
