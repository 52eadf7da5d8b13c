// What every grouped aggregate (a product's "breakdown") does alike: it groups by one or two dimensions,
// says so the same way in every product when asked for none or more, builds its GROUP BY the same way, and
// divides exactly.
import { Decimal, join, raw, sqltag, type Sql } from '@prisma/client/runtime/client'
import { badUserInput } from './errors'

/** The dimensions to group by, each once, in the order asked; none, or more than two, is bad input. */
export function groupingDimensions<D extends string>(by: readonly D[], example: string): D[] {
  if (by.length < 1 || by.length > 2)
    throw badUserInput(`Group by one or two dimensions, such as ${example}`, { argumentName: 'by' })
  return [...new Set(by)]
}

/** A dimension of a breakdown: the column it is named in the result and the SQL expression of its value. */
export interface GroupingColumn {
  key: string
  sql: Sql
}

/**
 * The SELECT list of the dimensions asked for (each once, named after its result column) and their positions
 * for GROUP BY and ORDER BY: `SELECT ${columns}, … GROUP BY ${positions} ORDER BY ${positions}`.
 */
export function groupingClauses<D extends string>(
  dimensions: Record<D, GroupingColumn>,
  by: readonly D[],
): { columns: Sql; positions: Sql } {
  const asked = [...new Set(by)].map((dimension) => dimensions[dimension])
  return {
    columns: join(asked.map((d) => sqltag`${d.sql} AS ${raw(`"${d.key}"`)}`)),
    positions: raw(asked.map((_d, index) => String(index + 1)).join(', ')),
  }
}

/** A group's exact average, rounded half up to `places` (a group has at least one row). */
export function groupAverage(total: Decimal.Value, count: number, places: number): Decimal {
  return new Decimal(total).dividedBy(count).toDecimalPlaces(places, Decimal.ROUND_HALF_UP)
}

/** numerator / denominator rounded half up to `places`, or null when the denominator is 0. */
export function exactRatio(numerator: Decimal.Value, denominator: number, places: number): Decimal | null {
  return denominator === 0 ? null : groupAverage(numerator, denominator, places)
}
