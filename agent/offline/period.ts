// Reads the period a question speaks of, relative to the data's as-of day: the bank's calendar (quarters,
// complete or to date, year to date, rolling windows, month ranges) first, then chrono-node for the dates
// people write ("since 3 March", "from 1 March to 15 April 2026"). Says which words it could not read.
import * as chrono from 'chrono-node'

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

export interface PeriodReading {
  /** The period asked about (the first one named), or null when none was read. */
  period: Period | null
  /** The words of the question that named periods, to leave out of its topic. */
  spans: string[]
  /** Words that look like a period but that could not be read as one ("over the fortnight"). */
  unread: string | null
  /** Every period named, in the order named ("September 2026 and October 2026" for a comparison). */
  named: Period[]
}

export const DAY = 86_400_000
export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]
const MONTH_NAME = `(?:${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?`
const ORDINAL_QUARTERS: Record<string, number> = {
  first: 0,
  '1st': 0,
  second: 1,
  '2nd': 1,
  third: 2,
  '3rd': 2,
  fourth: 3,
  '4th': 3,
  last: 3,
}
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
}

const utc = (year: number, month: number, day = 1) => new Date(Date.UTC(year, month, day))
const endBefore = (next: Date) => new Date(next.getTime() - 1)
export const isoDay = (date: Date) => date.toISOString().slice(0, 10)
const capitalized = (word: string) => `${word[0]!.toUpperCase()}${word.slice(1)}`

export function monthPeriod(year: number, month: number): Period {
  const start = utc(year, month)
  return {
    start,
    end: endBefore(utc(year, month + 1)),
    unit: 'month',
    label: `${capitalized(MONTHS[start.getUTCMonth()]!)} ${start.getUTCFullYear()}`,
  }
}

export function quarterPeriod(year: number, quarter: number): Period {
  const start = utc(year, quarter * 3)
  return {
    start,
    end: endBefore(utc(year, quarter * 3 + 3)),
    unit: 'quarter',
    label: `Q${Math.floor(start.getUTCMonth() / 3) + 1} ${start.getUTCFullYear()}`,
  }
}

export function yearPeriod(year: number): Period {
  return { start: utc(year, 0), end: endBefore(utc(year + 1, 0)), unit: 'year', label: String(year) }
}

function weekPeriod(monday: Date): Period {
  return {
    start: monday,
    end: endBefore(new Date(monday.getTime() + 7 * DAY)),
    unit: 'week',
    label: `the week of ${isoDay(monday)}`,
  }
}

function dayPeriod(day: Date): Period {
  return { start: day, end: endBefore(new Date(day.getTime() + DAY)), unit: 'day', label: isoDay(day) }
}

function customPeriod(start: Date, end: Date, label = `${isoDay(start)} to ${isoDay(end)}`): Period {
  return { start, end, unit: 'custom', label }
}

/** A calendar period cut at the end of the as-of day: "Q4 2026 to date". */
function toDate(period: Period, today: Date): Period {
  return { ...period, end: endOfDay(today), label: `${period.label} to date` }
}

const startOfDay = (now: Date) => utc(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
const endOfDay = (day: Date) => endBefore(new Date(startOfDay(day).getTime() + DAY))
const mondayOf = (day: Date) => new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY)

/** The calendar period just before one (or the same length before a custom one). */
export function previousPeriod(period: Period): Period {
  const { start } = period
  switch (period.unit) {
    case 'day':
      return dayPeriod(new Date(start.getTime() - DAY))
    case 'week':
      return weekPeriod(new Date(start.getTime() - 7 * DAY))
    case 'month':
      return monthPeriod(start.getUTCFullYear(), start.getUTCMonth() - 1)
    case 'quarter':
      return quarterPeriod(start.getUTCFullYear(), start.getUTCMonth() / 3 - 1)
    case 'year':
      return yearPeriod(start.getUTCFullYear() - 1)
    case 'custom': {
      const length = period.end.getTime() - start.getTime() + 1
      return customPeriod(new Date(start.getTime() - length), new Date(start.getTime() - 1))
    }
  }
}

/** A month named without a year: the most recent one that has begun by the as-of day. */
function recentMonth(monthIndex: number, today: Date): number {
  return monthIndex <= today.getUTCMonth() ? today.getUTCFullYear() : today.getUTCFullYear() - 1
}

function monthIndexOf(name: string): number {
  return MONTHS.findIndex((m) => m.startsWith(name.toLowerCase().replace('.', '').slice(0, 3)))
}

/** The N units up to and including the as-of day: "the past 6 weeks", "last 90 days". */
function rollingWindow(count: number, unit: string, today: Date): Period {
  const end = endOfDay(today)
  const dayAfter = new Date(startOfDay(today).getTime() + DAY)
  const start = unit.startsWith('day')
    ? new Date(dayAfter.getTime() - count * DAY)
    : unit.startsWith('week')
      ? new Date(dayAfter.getTime() - 7 * count * DAY)
      : unit.startsWith('month')
        ? utc(dayAfter.getUTCFullYear(), dayAfter.getUTCMonth() - count, dayAfter.getUTCDate())
        : unit.startsWith('quarter')
          ? utc(dayAfter.getUTCFullYear(), dayAfter.getUTCMonth() - 3 * count, dayAfter.getUTCDate())
          : utc(dayAfter.getUTCFullYear() - count, dayAfter.getUTCMonth(), dayAfter.getUTCDate())
  return customPeriod(start, end, `the last ${count} ${unit.replace(/s$/, '')}${count === 1 ? '' : 's'}`)
}

interface CalendarRule {
  pattern: RegExp
  period: (match: RegExpMatchArray, today: Date) => Period | null
}

const year = (today: Date) => today.getUTCFullYear()
const quarterOf = (today: Date) => Math.floor(today.getUTCMonth() / 3)
const yearIn = (text: string | undefined, today: Date) => (text ? Number(text) : year(today))

/** The bank's calendar, in words: each rule a phrase and the period it means. Longer phrases first where they overlap. */
const CALENDAR: CalendarRule[] = [
  // Ranges of months: "between March and May", "from June through August 2026", "March to May 2026".
  {
    pattern: new RegExp(
      `\\b(?:between|from)?\\s*(${MONTH_NAME})(?:\\s+(\\d{4}))?(?:\\s+(?:and|to|through|thru|until|till)\\s+|\\s*[-–]\\s*)(${MONTH_NAME})(?:\\s+(\\d{4}))?\\b`,
      'i',
    ),
    period: (m, today) => {
      // "Compare September and October": two months to compare, not one range.
      if (
        !/^\s*(?:between|from)\b/i.test(m[0]) &&
        /\sand\s/i.test(m[0]) &&
        /\b(?:compare|compared|comparison|versus|vs|against)\b/i.test(m.input ?? '')
      )
        return null
      const [first, last] = [monthIndexOf(m[1]!), monthIndexOf(m[3]!)]
      const endYear = m[4] ? Number(m[4]) : m[2] ? Number(m[2]) + (last < first ? 1 : 0) : recentMonth(last, today)
      const startYear = m[2] ? Number(m[2]) : last < first ? endYear - 1 : endYear
      const start = monthPeriod(startYear, first)
      const end = monthPeriod(endYear, last)
      return customPeriod(start.start, end.end, `${start.label} to ${end.label}`)
    },
  },
  // "the quarter that ended in September", "the month ending 31 October": the period of that length ending in that month.
  {
    pattern: new RegExp(
      `\\b(?:the\\s+)?(quarter|month|year)\\s+(?:that\\s+|which\\s+)?end(?:ed|ing|s)?\\s+(?:in|on|at)?\\s*(?:the\\s+end\\s+of\\s+)?(?:\\d{1,2}(?:st|nd|rd|th)?\\s+)?(${MONTH_NAME})(?:\\s+(\\d{4}))?\\b`,
      'i',
    ),
    period: (m, today) => {
      const index = monthIndexOf(m[2]!)
      const endYear = m[3] ? Number(m[3]) : recentMonth(index, today)
      const unit = m[1]!.toLowerCase()
      if (unit === 'month') return monthPeriod(endYear, index)
      if (unit === 'quarter')
        return index % 3 === 2
          ? quarterPeriod(endYear, (index - 2) / 3)
          : customPeriod(utc(endYear, index - 2), endBefore(utc(endYear, index + 1)))
      return customPeriod(utc(endYear, index - 11), endBefore(utc(endYear, index + 1)))
    },
  },
  {
    pattern: /\b(?:last|previous|prior|most recent) (?:complete|completed|full|closed|finished) quarter\b/i,
    period: (_, today) => quarterPeriod(year(today), quarterOf(today) - 1),
  },
  {
    pattern: /\b(?:last|previous|prior) quarter\b/i,
    period: (_, today) => quarterPeriod(year(today), quarterOf(today) - 1),
  },
  {
    pattern:
      /\b(?:quarter to date|qtd|(?:this|the current|current) quarter(?: so far| to date)?|so far this quarter)\b/i,
    period: (_, today) => toDate(quarterPeriod(year(today), quarterOf(today)), today),
  },
  {
    pattern: /\b(?:q([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th|last) quarter)(?:\s+(?:of\s+)?(\d{4}))?\b/i,
    period: (m, today) =>
      quarterPeriod(yearIn(m[3], today), m[1] ? Number(m[1]) - 1 : ORDINAL_QUARTERS[m[2]!.toLowerCase()]!),
  },
  {
    pattern: /\b(?:h([12])|(first|second) half(?: of the year)?)(?:\s+(?:of\s+)?(\d{4}))?\b/i,
    period: (m, today) => {
      const half = m[1] ? Number(m[1]) - 1 : m[2]!.toLowerCase() === 'first' ? 0 : 1
      const y = yearIn(m[3], today)
      return customPeriod(utc(y, half * 6), endBefore(utc(y, half * 6 + 6)), `H${half + 1} ${y}`)
    },
  },
  {
    pattern: /\b(?:last|previous|prior) (?:complete |completed |full )?month\b/i,
    period: (_, today) => monthPeriod(year(today), today.getUTCMonth() - 1),
  },
  {
    pattern: /\b(?:month to date|mtd|(?:this|the current|current) month(?: so far| to date)?|so far this month)\b/i,
    period: (_, today) => toDate(monthPeriod(year(today), today.getUTCMonth()), today),
  },
  {
    pattern: /\b(?:last|previous|prior) (?:complete |full )?week\b/i,
    period: (_, today) => weekPeriod(new Date(mondayOf(startOfDay(today)).getTime() - 7 * DAY)),
  },
  {
    pattern: /\b(?:(?:this|the current|current) week(?: so far| to date)?|week to date|so far this week)\b/i,
    period: (_, today) => toDate(weekPeriod(mondayOf(startOfDay(today))), today),
  },
  {
    pattern: /\b(?:last|previous|prior) (?:complete |full |calendar )?year\b/i,
    period: (_, today) => yearPeriod(year(today) - 1),
  },
  {
    pattern:
      /\b(?:year to date|ytd|(?:this|the current|current) year(?: so far| to date)?|so far this year|this year so far|since the (?:start|beginning) of (?:the|this) year)\b/i,
    period: (_, today) => toDate(yearPeriod(year(today)), today),
  },
  // Rolling windows: "in the past 6 weeks", "last 90 days", "the past two months", "the last week or so" is not one.
  {
    pattern:
      /\b(?:last|past|previous|trailing|rolling|prior)\s+(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(days?|weeks?|months?|quarters?|years?)\b/i,
    period: (m, today) =>
      rollingWindow(
        /^\d+$/.test(m[1]!) ? Number(m[1]) : NUMBER_WORDS[m[1]!.toLowerCase()]!,
        m[2]!.toLowerCase(),
        today,
      ),
  },
  {
    pattern:
      /\b(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(days?|weeks?|months?|years?)\s+ago\b/i,
    period: () => null,
  },
  { pattern: /\byesterday\b/i, period: (_, today) => dayPeriod(new Date(startOfDay(today).getTime() - DAY)) },
  { pattern: /\btoday\b/i, period: (_, today) => dayPeriod(startOfDay(today)) },
  // "in October 2026", "September": a month named without a year is the most recent one.
  {
    pattern: new RegExp(`\\b(${MONTH_NAME})(?:\\s+(?:of\\s+)?(\\d{4}))?\\b`, 'i'),
    period: (m, today) => {
      const index = monthIndexOf(m[1]!)
      if (
        index < 0 ||
        (/^may$/i.test(m[1]!) && !m[2] && !/\b(in|during|of|for|since|from)\s+may\b/i.test(m.input ?? ''))
      )
        return null
      return monthPeriod(m[2] ? Number(m[2]) : recentMonth(index, today), index)
    },
  },
  // "2026 so far", "2026 to date": that year up to the as-of day.
  {
    pattern: /\b((?:19|20)\d{2})\s+(?:so far|to date|ytd|until now|up to now)\b/i,
    period: (m, today) =>
      Number(m[1]) === year(today) ? toDate(yearPeriod(Number(m[1])), today) : yearPeriod(Number(m[1])),
  },
  { pattern: /\b(?:in|during|for|of|throughout)\s+((?:19|20)\d{2})\b/i, period: (m) => yearPeriod(Number(m[1])) },
  // A year named on its own ("2025 versus 2026 so far"), not an amount ("over 2025 USD") nor part of a date: a recent one.
  {
    pattern:
      /(?<![$€£\d.,/-]|\b(?:over|above|under|below|than|least|most|exceeding)\s)\b((?:19|20)\d{2})\b(?![-/.,]?\d|\s*(?:usd|eur|gbp|dollars?|euros?|k)\b)/i,
    period: (m, today) =>
      Number(m[1]) <= year(today) && Number(m[1]) >= year(today) - 15 ? yearPeriod(Number(m[1])) : null,
  },
]

/** Words that announce a period; when one is there but nothing could be read, the question's period was not understood. */
const PERIOD_WORDS =
  /\b(?:(?:since|during|between|throughout|within|over|in|for|from|before|after|until|till)\s+(?:the\s+)?(?:last|past|previous|this|current|next|first|second|third|fourth|early|late|mid|end of|start of|beginning of)?\s*[a-z0-9-]*\s*(?:days?|weeks?|fortnights?|months?|quarters?|years?|seasons?|half|holidays?|weekends?|semesters?|fiscal year|fy)\b|\b(?:fortnight|fiscal(?: year)?|fy\s?\d{2,4}|(?:last|this|next|past) (?:summer|winter|spring|autumn|fall|season|holidays?|weekend|fortnight|decade|century|semester|period|while|time)|(?:a|one|two|three|few|couple of|several) (?:days?|weeks?|months?|years?) (?:ago|back)|ago)\b)/i

function chronoPeriod(text: string, today: Date): { period: Period; span: string } | null {
  const reference = new Date(startOfDay(today).getTime() + DAY / 2)
  const [result] = chrono.parse(text, { instant: reference, timezone: 0 }, { forwardDate: false })
  if (!result) return null
  const dayOf = (component: chrono.ParsedComponents) => {
    const date = utc(component.get('year') ?? year(today), (component.get('month') ?? 1) - 1, component.get('day') ?? 1)
    // A date written without its year is the most recent one, not a future one.
    return !component.isCertain('year') && date > today
      ? utc(date.getUTCFullYear() - 1, date.getUTCMonth(), date.getUTCDate())
      : date
  }
  const start = dayOf(result.start)
  const since = new RegExp(
    `\\b(?:since|after|from)\\s+(?:the\\s+)?(?:start of\\s+|beginning of\\s+)?${escape(result.text)}`,
    'i',
  ).test(text)
  const before = new RegExp(`\\b(?:before|until|till|up to)\\s+${escape(result.text)}`, 'i').exec(text)
  if (result.end) {
    const endComponent = result.end
    const end = dayOf(endComponent)
    const endDay = endComponent.isCertain('day')
      ? endOfDay(end)
      : endBefore(utc(end.getUTCFullYear(), end.getUTCMonth() + 1))
    return { period: customPeriod(start, endDay), span: result.text }
  }
  if (since)
    return {
      period: customPeriod(start, endOfDay(today), `since ${isoDay(start)}`),
      span: `${text.match(/\b(?:since|after|from)\s+(?:the\s+)?(?:start of\s+|beginning of\s+)?/i)?.[0] ?? ''}${result.text}`,
    }
  if (before) return null
  if (result.start.isCertain('day')) return { period: dayPeriod(start), span: result.text }
  return null
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The text with the words read as a period blanked out, keeping every other word where it was. */
function blank(text: string, at: number, length: number): string {
  return `${text.slice(0, at)}${' '.repeat(length)}${text.slice(at + length)}`
}

/** "Today" after a verb of what stands (have, serve, hold, own): now, not the day's events. */
const STANDING_TODAY = /\b(?:have|has|serve|serves|hold|holds|own|owns|stand|stands)\b[^?.!]*?\b(today)\b/i

const DAY_RANGE = new RegExp(
  `\\b(?:between|from)\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:and|to|until|till|through|thru|-|–)\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_NAME})(?:,?\\s+(\\d{4}))?\\b|\\b(\\d{1,2})\\s*[-–]\\s*(\\d{1,2})\\s+(${MONTH_NAME})(?:,?\\s+(\\d{4}))?\\b`,
  'i',
)

/** The period a question speaks of, relative to the as-of day `now`. */
export function readPeriod(text: string, now: Date): PeriodReading {
  const today = startOfDay(now)
  const spans: string[] = []
  const named: { at: number; period: Period }[] = []
  let rest = text
  // "Between 16 and 22 November 2026", "16-22 Nov": days of one month.
  const days = rest.match(DAY_RANGE)
  if (days?.index !== undefined) {
    const [first, last, month, givenYear] = days[1]
      ? [days[1], days[2]!, days[3]!, days[4]]
      : [days[5]!, days[6]!, days[7]!, days[8]]
    const index = monthIndexOf(month)
    const year = givenYear ? Number(givenYear) : recentMonth(index, today)
    const start = utc(year, index, Number(first))
    const end = endOfDay(utc(year, index, Number(last)))
    if (start <= end) {
      named.push({ at: days.index, period: customPeriod(start, end) })
      spans.push(days[0])
      rest = blank(rest, days.index, days[0].length)
    }
  }
  // ISO dates and "since <date>" go to chrono-node first: "from 2026-03-01 to 2026-04-15". "From last month" is
  // the calendar's last month (October), not the day a month ago.
  if (
    /\b\d{4}-\d{2}-\d{2}\b|\b(?:since|after)\s|\bfrom\s+(?:the\s+)?(?:start|beginning|\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day|last\s(?!(?:week|month|quarter|year)\b))/i.test(
      rest,
    ) ||
    new RegExp(
      `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH_NAME}|${MONTH_NAME}\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?!\\d)`,
      'i',
    ).test(rest)
  ) {
    const dated = chronoPeriod(rest, today)
    if (dated) {
      const at = text.indexOf(dated.span)
      named.push({ at: at < 0 ? 0 : at, period: dated.period })
      spans.push(dated.span)
      rest = rest.replace(dated.span, ' ')
    }
  }
  // "From 14 October up to today": the end of the range read above, not a period of its own.
  const untilToday = rest.match(/\b(?:up to|until|till|through|to)\s+(?:today|now)\b/i)
  if (untilToday?.index !== undefined && named.length > 0) {
    spans.push(untilToday[0])
    rest = blank(rest, untilToday.index, untilToday[0].length)
  }
  // "How many customers do we have today": what stands now, over all dates, not what happened today.
  const standing = rest.match(STANDING_TODAY)
  if (standing?.index !== undefined) {
    const at = standing.index + standing[0].length - standing[1]!.length
    spans.push(standing[1]!)
    rest = blank(rest, at, standing[1]!.length)
  }
  // Several periods may be named ("this quarter compared with last quarter"): the first one named is the one asked about.
  for (const rule of CALENDAR) {
    const match = rest.match(rule.pattern)
    if (match?.index === undefined) continue
    const period = rule.period(match, today)
    if (!period) continue
    named.push({ at: match.index, period })
    spans.push(match[0])
    rest = blank(rest, match.index, match[0].length)
    // A second, different mention is read too (for comparisons), but not a third.
    const again = rest.match(rule.pattern)
    if (again?.index !== undefined) {
      const other = rule.period(again, today)
      if (other) named.push({ at: again.index, period: other })
      spans.push(again[0])
      rest = blank(rest, again.index, again[0].length)
    }
  }
  const inOrder = named.sort((a, b) => a.at - b.at).map((n) => n.period)
  if (inOrder[0]) return { period: inOrder[0], spans, unread: null, named: inOrder }
  const unread = rest.match(PERIOD_WORDS)
  return { period: null, spans, unread: unread ? unread[0].trim() : null, named: [] }
}
