// Relay connections with keyset (cursor) pagination, shared by every list field of the mesh.
// Keyset rather than offset so that page 1,000 of a million rows costs the same as page 1.
import { badUserInput } from './errors'

export type SortDirection = 'ASC' | 'DESC'

export interface Edge<T> {
  cursor: string
  node: T
}

export interface Connection<T> {
  edges: Edge<T>[]
  pageInfo: { hasNextPage: boolean; endCursor: string | null; hasPreviousPage: boolean; startCursor: string | null }
  /** Resolved only when the client asks for it (graphql-js calls function-valued properties). */
  totalCount: () => Promise<number>
}

/** A decoded cursor: the sort key it was taken under, that key's value for the row, and the row id. */
export interface Cursor {
  sortKey: string
  value: CursorValue
  id: string
}

/** What a cursor stores of a row's sort key: plain JSON (dates as ISO strings, decimals as strings). */
export type CursorValue = string | number | null | CursorValue[]

export const DEFAULT_PAGE_SIZE = 20
export const MAX_PAGE_SIZE = 1000

export function pageSize(first: number | null | undefined, max = MAX_PAGE_SIZE): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badUserInput(`"first" must be an integer between 0 and ${max}; got ${first}`, { argumentName: 'first' })
  }
  return first
}

function toCursorValue(value: unknown): CursorValue {
  if (Array.isArray(value)) return value.map(toCursorValue)
  if (value instanceof Date) return value.toISOString()
  if (value === null || value === undefined) return null
  return typeof value === 'number' ? value : String(value)
}

export function encodeCursor(sortKey: string, value: unknown, id: string): string {
  const plain = toCursorValue(value)
  return Buffer.from(JSON.stringify([sortKey, plain, id])).toString('base64url')
}

export function decodeCursor(after: string, expectedSortKey: string): Cursor {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'))
  } catch {
    parsed = undefined
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[0] !== 'string' || typeof parsed[2] !== 'string') {
    throw badUserInput('"after" is not a cursor this API issued; pass an endCursor from a previous page', {
      argumentName: 'after',
    })
  }
  const [sortKey, value, id] = parsed as [string, CursorValue, string]
  if (sortKey !== expectedSortKey) {
    throw badUserInput(`"after" was issued for a different orderBy (${sortKey}); keep the same orderBy while paging`, {
      argumentName: 'after',
    })
  }
  return { sortKey, value, id }
}

/**
 * A Prisma `where` fragment selecting the rows strictly after the cursor in the order (...fields, id) `direction`:
 * (f1 > v1) OR (f1 = v1 AND f2 > v2) OR ... OR (all equal AND id > cursor id).
 */
export function keysetAfter(
  fields: string[],
  direction: SortDirection,
  values: unknown[],
  id: string,
): Record<string, unknown> {
  const op = direction === 'ASC' ? 'gt' : 'lt'
  const keys = [...fields, 'id']
  const keyValues = [...values, id]
  const branches = keys.map((key, i) => {
    const branch: Record<string, unknown> = {}
    for (let j = 0; j < i; j++) branch[keys[j]!] = keyValues[j]
    branch[key] = { [op]: keyValues[i] }
    return branch
  })
  return { OR: branches }
}

/** The Prisma orderBy for a keyset page: the sort fields, then id as the tie-breaker, same direction. */
export function keysetOrderBy(fields: string[], direction: SortDirection): Record<string, 'asc' | 'desc'>[] {
  const dir = direction === 'ASC' ? 'asc' : 'desc'
  return [...fields.filter((f) => f !== 'id'), 'id'].map((field) => ({ [field]: dir }))
}

/** How a list is sorted, and how to read and restore a row's sort key for its cursor. */
export interface SortSpec<T> {
  /** Identifies the order inside cursors, such as "DATE:DESC"; a cursor only continues the order it came from. */
  key: string
  /** Prisma field names, most significant first; id is always appended as the tie-breaker. */
  fields: string[]
  direction: SortDirection
  /** The row's values for `fields`. */
  valuesOf(row: T): unknown[]
  /** Turns a cursor's JSON values back into column values (Date, Decimal string, ...). */
  parseValues(values: CursorValue[]): unknown[]
}

/** The where/orderBy/take of one keyset page: fetch `take` rows (one more than asked, to know if a next page exists). */
export function keysetPage<T>(
  sort: SortSpec<T>,
  first: number,
  after: string | null | undefined,
): { where: Record<string, unknown> | undefined; orderBy: Record<string, 'asc' | 'desc'>[]; take: number } {
  let where: Record<string, unknown> | undefined
  if (after) {
    const cursor = decodeCursor(after, sort.key)
    const values = Array.isArray(cursor.value) ? cursor.value : [cursor.value]
    if (values.length !== sort.fields.length)
      throw badUserInput('"after" is not a cursor this API issued; pass an endCursor from a previous page', {
        argumentName: 'after',
      })
    where = keysetAfter(sort.fields, sort.direction, sort.parseValues(values), cursor.id)
  }
  return { where, orderBy: keysetOrderBy(sort.fields, sort.direction), take: first + 1 }
}

/**
 * Builds a connection from rows fetched with `take: first + 1`: the extra row only tells that a next page exists.
 */
export function toConnection<T extends { id: string }>(
  rows: T[],
  first: number,
  sort: SortSpec<T>,
  totalCount: () => Promise<number>,
  hasPreviousPage = false,
): Connection<T> {
  const page = rows.slice(0, first)
  const edges = page.map((node) => ({ cursor: encodeCursor(sort.key, sort.valuesOf(node), node.id), node }))
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  }
}
