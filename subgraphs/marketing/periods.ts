// Calendar periods in UTC (days, ISO weeks, months, quarters, years): boundaries and labels.

export type Granularity = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR'

/** PostgreSQL's date_trunc unit for each granularity (its weeks start on Monday, as ISO weeks do). */
export const TRUNC_UNIT: Record<Granularity, string> = {
  DAY: 'day',
  WEEK: 'week',
  MONTH: 'month',
  QUARTER: 'quarter',
  YEAR: 'year',
}

export function periodStart(date: Date, granularity: Granularity): Date {
  const y = date.getUTCFullYear()
  const m = date.getUTCMonth()
  switch (granularity) {
    case 'DAY':
      return new Date(Date.UTC(y, m, date.getUTCDate()))
    case 'WEEK':
      return new Date(Date.UTC(y, m, date.getUTCDate() - ((date.getUTCDay() + 6) % 7)))
    case 'MONTH':
      return new Date(Date.UTC(y, m, 1))
    case 'QUARTER':
      return new Date(Date.UTC(y, m - (m % 3), 1))
    case 'YEAR':
      return new Date(Date.UTC(y, 0, 1))
  }
}

export function addPeriods(start: Date, granularity: Granularity, count: number): Date {
  const y = start.getUTCFullYear()
  const m = start.getUTCMonth()
  const d = start.getUTCDate()
  switch (granularity) {
    case 'DAY':
      return new Date(Date.UTC(y, m, d + count))
    case 'WEEK':
      return new Date(Date.UTC(y, m, d + 7 * count))
    case 'MONTH':
      return new Date(Date.UTC(y, m + count, 1))
    case 'QUARTER':
      return new Date(Date.UTC(y, m + 3 * count, 1))
    case 'YEAR':
      return new Date(Date.UTC(y + count, 0, 1))
  }
}

/** The key PostgreSQL's date_trunc(...)::date gives a period, as YYYY-MM-DD. */
export function periodKey(start: Date): string {
  return start.toISOString().slice(0, 10)
}

export function periodLabel(start: Date, granularity: Granularity): string {
  const y = start.getUTCFullYear()
  const month = String(start.getUTCMonth() + 1).padStart(2, '0')
  switch (granularity) {
    case 'DAY':
      return periodKey(start)
    case 'WEEK': {
      // ISO week: the week belongs to the year of its Thursday.
      const thursday = new Date(start.getTime() + 3 * 86_400_000)
      const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1)
      const week = Math.floor((thursday.getTime() - yearStart) / (7 * 86_400_000)) + 1
      return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
    }
    case 'MONTH':
      return `${y}-${month}`
    case 'QUARTER':
      return `${y}-Q${Math.floor(start.getUTCMonth() / 3) + 1}`
    case 'YEAR':
      return String(y)
  }
}
