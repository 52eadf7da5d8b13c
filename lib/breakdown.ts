// What every grouped aggregate (a product's "breakdown") checks alike: it groups by one or two dimensions,
// and says so the same way in every product when asked for none or more.
import { badUserInput } from './errors'

/** The dimensions to group by, each once, in the order asked; none, or more than two, is bad input. */
export function groupingDimensions<D extends string>(by: readonly D[], example: string): D[] {
  if (by.length < 1 || by.length > 2) throw badUserInput(`Group by one or two dimensions, such as ${example}`, { argumentName: 'by' })
  return [...new Set(by)]
}
