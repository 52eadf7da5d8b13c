// Scalars shared by every data product: exact money (Decimal as a string) and ISO-8601 dates.
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql'
import { badUserInput } from './errors'

const DECIMAL_PATTERN = /^-?\d{1,16}(\.\d{1,8})?$/
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/

/** Anything that prints as a plain decimal number: Prisma's Decimal, a string, a bigint. */
type DecimalLike = { toFixed(digits?: number): string } | string | number | bigint

function serializeDecimal(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number')
    throw new TypeError('Decimal values must not be floats; pass a Prisma Decimal or a string')
  if (value && typeof (value as { toFixed?: unknown }).toFixed === 'function') {
    // Prisma's Decimal drops trailing zeros ("3500"); money reads better with its cents ("3500.00").
    const decimal = value as { toFixed(digits?: number): string; decimalPlaces?: () => number }
    return decimal.toFixed(Math.max(2, decimal.decimalPlaces?.() ?? 2))
  }
  throw new TypeError(`Cannot serialise ${String(value)} as Decimal`)
}

function parseDecimal(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value
  if (typeof text !== 'string' || !DECIMAL_PATTERN.test(text.trim())) {
    throw badUserInput(`Decimal must be a number written as a string, such as "1250.00"; got ${JSON.stringify(value)}`)
  }
  return text.trim()
}

function literalValue(ast: ValueNode): unknown {
  if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) {
    return ast.kind === Kind.STRING ? ast.value : Number(ast.value)
  }
  return undefined
}

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description:
    'An exact decimal number, such as an amount of money, serialised as a string ("1250.00") so that no precision is lost. Inputs accept a string or a number literal.',
  serialize: (value) => serializeDecimal(value as DecimalLike),
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(literalValue(ast)),
})

/**
 * A DateTime input written as a plain date ("2026-03-31"): midnight UTC, remembering that it named a whole
 * day, so that as the end of a range it covers that day, while an explicit instant stays that instant.
 */
export class CalendarDay extends Date {
  /** Keys built with JSON (DataLoader caches) keep a plain date apart from the midnight instant. */
  override toJSON(): string {
    return this.toISOString().slice(0, 10)
  }
}

const DAY_MS = 86_400_000

/** The last instant a range's end covers: a plain date all of its day (UTC); an instant, even midnight, itself. */
export function rangeEnd(end: Date): Date {
  return end instanceof CalendarDay ? new Date(end.getTime() + DAY_MS - 1) : end
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !DATE_TIME_PATTERN.test(value) || Number.isNaN(Date.parse(value))) {
    throw badUserInput(
      `DateTime must be an ISO-8601 date or date-time, such as "2026-03-31" or "2026-03-31T23:59:59Z"; got ${JSON.stringify(value)}`,
    )
  }
  return DATE_PATTERN.test(value) ? new CalendarDay(`${value}T00:00:00.000Z`) : new Date(value)
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    'An instant in time as an ISO-8601 string in UTC, such as "2026-03-31T14:05:00.000Z". Inputs may also be a plain date ("2026-03-31"), meaning midnight UTC.',
  serialize: (value) => {
    const date = value instanceof Date ? value : new Date(String(value))
    if (Number.isNaN(date.getTime())) throw new TypeError(`Cannot serialise ${String(value)} as DateTime`)
    return date.toISOString()
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
})

function parseDate(value: unknown): Date {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value) || Number.isNaN(Date.parse(value))) {
    throw badUserInput(`Date must be an ISO-8601 calendar date such as "1984-07-12"; got ${JSON.stringify(value)}`)
  }
  return new Date(`${value}T00:00:00.000Z`)
}

export const DateScalar = new GraphQLScalarType<Date, string>({
  name: 'Date',
  description: 'A calendar date without time of day, as an ISO-8601 string such as "1984-07-12".',
  serialize: (value) => {
    const date = value instanceof Date ? value : new Date(String(value))
    if (Number.isNaN(date.getTime())) throw new TypeError(`Cannot serialise ${String(value)} as Date`)
    return date.toISOString().slice(0, 10)
  },
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
})

/** Resolver map entries for the scalars a subgraph declares in its SDL. */
export const scalarResolvers = { Decimal: DecimalScalar, DateTime: DateTimeScalar, Date: DateScalar }
