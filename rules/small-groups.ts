// Small-group protection for aggregates: a group that counts only a few customers could single one of them
// out (one mortgage applicant in a week, say), so its figures are hidden from roles that may not read the
// rows behind it. Roles that may read the rows see every group: they could list the rows anyway.
import { GraphQLError, type GraphQLSchema } from 'graphql'
import { ErrorCode } from './error-codes'
import { typeClassification } from './classification'
import type { Identity } from './identity'
import { decide } from './policy'

/** Fewest customers a group must count for its figures to show to roles that may not read rows (k). */
export const DEFAULT_MINIMUM_GROUP_SIZE = 5

/**
 * Whether the caller may read the rows of these types (as their SDL classifies them) behind an aggregate, so
 * that no group needs hiding from them.
 */
export function mayReadRows(identity: Identity | null, schema: GraphQLSchema, ...typeNames: string[]): boolean {
  return (
    identity !== null &&
    typeNames.every((typeName) => {
      const rows = typeClassification(schema, typeName)
      return rows !== undefined && decide(identity.roles, identity.channel, rows).allowed
    })
  )
}

/** A group of at least one but fewer than `minimum` customers is hidden, unless the caller may read its rows. */
export function isSmallGroup(customers: number, minimum: number, callerMayReadRows: boolean): boolean {
  return !callerMayReadRows && customers > 0 && customers < minimum
}

/** A breakdown as a caller may see it: small groups left out, and counted, unless they may read the rows. */
export function leaveOutSmallGroups<G extends { customers: number }>(
  groups: G[],
  minimumGroupSize: number,
  callerMayReadRows: boolean,
): { minimumGroupSize: number; groups: G[]; hiddenGroups: number } {
  const shown = groups.filter((group) => !isSmallGroup(group.customers, minimumGroupSize, callerMayReadRows))
  return { minimumGroupSize, groups: shown, hiddenGroups: groups.length - shown.length }
}

/**
 * A whole summary (not one group of a breakdown) over fewer than `minimum` customers, for a caller who may not
 * read its rows: refused as a denial (and so audited), since a filter on one customer or account would
 * otherwise hand out that customer's figures.
 */
export function refuseSmallSummary(customers: number, minimum: number, callerMayReadRows: boolean, rows: string): void {
  if (!isSmallGroup(customers, minimum, callerMayReadRows)) return
  throw new GraphQLError(
    `These figures cover fewer than ${minimum} customers, so they could single someone out: only roles that may read the ${rows} themselves see them. Widen the filter.`,
    {
      extensions: { code: ErrorCode.FORBIDDEN, minimumGroupSize: minimum },
    },
  )
}
