// Numbers as people read them. Money arrives as Decimal strings ("1250.00") and is added up in whole cents,
// never as floating point.

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })
const usdWhole = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })
const count = new Intl.NumberFormat('en-US')
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 })
const usdCompact = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
})
const countCompact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })

/** "2138429.56" → "$2,138,430" for totals, "$58.28" below a thousand. */
export function formatMoney(decimal: string | null | undefined, { cents }: { cents?: boolean } = {}): string {
  if (decimal === null || decimal === undefined) return '—'
  const value = Number(decimal)
  return (cents ?? Math.abs(value) < 1000) ? usd.format(value) : usdWhole.format(value)
}

/** "16592723.40" → "$16.6M": where the exact figure does not fit (the exact one stays in its label). */
export function formatMoneyCompact(decimal: string | null | undefined): string {
  if (decimal === null || decimal === undefined) return '—'
  return usdCompact.format(Number(decimal))
}

/** 1234567 → "1.2M". */
export function formatCountCompact(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : countCompact.format(value)
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : count.format(value)
}

/** A ratio (0.2381) as "23.8%". */
export function formatPercent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio) ? '—' : percent.format(ratio)
}

export function toCents(decimal: string | null | undefined): bigint {
  if (!decimal) return 0n
  const match = /^(-?)(\d+)(?:\.(\d{1,2})\d*)?$/.exec(decimal.trim())
  if (!match) return 0n
  const cents = BigInt(match[2]!) * 100n + BigInt((match[3] ?? '0').padEnd(2, '0'))
  return match[1] ? -cents : cents
}

export function fromCents(cents: bigint): string {
  const negative = cents < 0n
  const abs = negative ? -cents : cents
  return `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

export function sumMoney(values: (string | null | undefined)[]): string {
  return fromCents(values.reduce((total, value) => total + toCents(value), 0n))
}

/** Money divided by a count, rounded half up to the cent; null when the count is 0. */
export function divideMoney(decimal: string, by: number): string | null {
  if (by === 0) return null
  const cents = toCents(decimal) * 2n
  const divisor = BigInt(by) * 2n
  return fromCents((cents + BigInt(by)) / divisor)
}

export interface Change {
  /** Relative change, 0.125 for +12.5%; null when the previous value was 0. */
  ratio: number | null
  direction: 'up' | 'down' | 'flat'
}

export function changeBetween(current: number, previous: number): Change {
  const direction = current > previous ? 'up' : current < previous ? 'down' : 'flat'
  return { ratio: previous === 0 ? null : (current - previous) / Math.abs(previous), direction }
}

/** "3 hours ago", "in 4 months", relative to now. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['week', 604_800],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ]
  for (const [unit, size] of units)
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit)
  return 'just now'
}

export function formatInstant(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  })
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
