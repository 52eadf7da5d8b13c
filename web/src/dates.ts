// Periods of the dashboard: whole UTC days, both ends included, compared with the period of the same length
// just before. Each data product's filter is given the instants it documents (inclusive or exclusive ends).

export interface DateRange {
  /** First day, YYYY-MM-DD (UTC). */
  from: string
  /** Last day, included, YYYY-MM-DD (UTC). */
  to: string
}

export interface Bucket {
  label: string
  from: string
  to: string
}

const DAY_MILLIS = 86_400_000

export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10)
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MILLIS).toISOString().slice(0, 10)
}

/** Days in the range, both ends included. */
export function lengthInDays(range: DateRange): number {
  return (
    Math.round((Date.parse(`${range.to}T00:00:00.000Z`) - Date.parse(`${range.from}T00:00:00.000Z`)) / DAY_MILLIS) + 1
  )
}

export function previousRange(range: DateRange): DateRange {
  const days = lengthInDays(range)
  return { from: addDays(range.from, -days), to: addDays(range.from, -1) }
}

export function isValidRange(range: DateRange): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(range.from) &&
    /^\d{4}-\d{2}-\d{2}$/.test(range.to) &&
    range.from <= range.to &&
    lengthInDays(range) <= 3 * 366
  )
}

/** The first instant of the range. */
export function startOf(range: DateRange): string {
  return `${range.from}T00:00:00.000Z`
}

/** The last instant of the range (for filters whose end is inclusive). */
export function endOf(range: DateRange): string {
  return `${range.to}T23:59:59.999Z`
}

/** The first instant after the range (for filters whose end is exclusive). */
export function endAfter(range: DateRange): string {
  return `${addDays(range.to, 1)}T00:00:00.000Z`
}

export interface Preset {
  id: string
  label: string
  range(today: string): DateRange
}

export const PRESETS: Preset[] = [
  { id: 'last-7', label: 'Last 7 days', range: (today) => ({ from: addDays(today, -6), to: today }) },
  { id: 'last-30', label: 'Last 30 days', range: (today) => ({ from: addDays(today, -29), to: today }) },
  { id: 'last-90', label: 'Last 90 days', range: (today) => ({ from: addDays(today, -89), to: today }) },
  {
    id: 'quarter',
    label: 'Quarter to date',
    range: (today) => ({
      from: `${today.slice(0, 5)}${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`,
      to: today,
    }),
  },
  { id: 'year', label: 'Year to date', range: (today) => ({ from: `${today.slice(0, 4)}-01-01`, to: today }) },
  { id: 'last-365', label: 'Last 12 months', range: (today) => ({ from: addDays(today, -364), to: today }) },
]

/**
 * The most buckets bucketsOf makes (the weeks of a 120-day range): the app's trusted documents hold a
 * money-flow document for each count up to it.
 */
export const MAX_CHART_BUCKETS = 18

/** Up to about 14 chart buckets (MAX_CHART_BUCKETS at most): days, weeks, months or quarters, the last one clipped to the range. */
export function bucketsOf(range: DateRange): Bucket[] {
  const days = lengthInDays(range)
  if (days <= 14) return spans(range, 1, (from) => shortDay(from))
  if (days <= 120) return spans(range, 7, (from) => `wk of ${shortDay(from)}`)
  const months = calendarSpans(range, 1)
  return months.length <= 15 ? months : calendarSpans(range, 3)
}

export function shortDay(day: string): string {
  return new Date(`${day}T00:00:00.000Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  })
}

export function longDay(day: string): string {
  return new Date(`${day}T00:00:00.000Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

function spans(range: DateRange, step: number, label: (from: string) => string): Bucket[] {
  const buckets: Bucket[] = []
  for (let from = range.from; from <= range.to; from = addDays(from, step)) {
    const to = addDays(from, step - 1) < range.to ? addDays(from, step - 1) : range.to
    buckets.push({ label: label(from), from, to })
  }
  return buckets
}

function calendarSpans(range: DateRange, monthsPerBucket: number): Bucket[] {
  const buckets: Bucket[] = []
  let year = Number(range.from.slice(0, 4))
  let month = Number(range.from.slice(5, 7)) - 1
  month -= month % monthsPerBucket
  for (;;) {
    const start = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10)
    const next = new Date(Date.UTC(year, month + monthsPerBucket, 1)).toISOString().slice(0, 10)
    if (start > range.to) break
    const from = start < range.from ? range.from : start
    const to = addDays(next, -1) < range.to ? addDays(next, -1) : range.to
    const name = new Date(`${start}T00:00:00.000Z`).toLocaleDateString('en-GB', {
      month: 'short',
      year: '2-digit',
      timeZone: 'UTC',
    })
    buckets.push({ label: monthsPerBucket === 1 ? name : `Q${Math.floor(month / 3) + 1} ${year}`, from, to })
    month += monthsPerBucket
    if (month >= 12) {
      year += Math.floor(month / 12)
      month %= 12
    }
  }
  return buckets
}
