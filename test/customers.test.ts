// The Customers data product through the gateway: filters, sort orders and paging against the raw rows.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startMesh, type RunningMesh } from './support/mesh'

interface CustomerRow {
  id: string
  firstName: string
  lastName: string
  segment: string
  region: string
  joinedAt: Date
}
interface Page {
  totalCount: number
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
  edges: { cursor: string; node: { id: string } }[]
}

let mesh: RunningMesh
let rows: CustomerRow[]

beforeAll(async () => {
  mesh = await startMesh()
  rows = await mesh.databases.customers.query<CustomerRow>(
    'SELECT id, "firstName", "lastName", segment, region, "joinedAt" FROM "Customer"',
  )
})
afterAll(() => mesh?.stop())

async function allPages(
  filter: Record<string, unknown>,
  orderBy: Record<string, unknown> | undefined,
  pageSize: number,
): Promise<{ ids: string[]; totalCount: number }> {
  const ids: string[] = []
  let after: string | null = null
  let totalCount = -1
  for (let guard = 0; guard < 1000; guard++) {
    const response: { data?: { customers: Page } | null; errors?: unknown[] } = await mesh.query<{ customers: Page }>(
      'query($filter: CustomerFilter, $orderBy: CustomerOrder, $first: Int, $after: String) { customers(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }',
      { filter, orderBy, first: pageSize, after },
    )
    expect(response.errors).toBeUndefined()
    const page: Page = response.data!.customers
    totalCount = page.totalCount
    ids.push(...page.edges.map((e) => e.node.id))
    if (!page.pageInfo.hasNextPage) break
    after = page.pageInfo.endCursor
  }
  return { ids, totalCount }
}

const byJoinedDesc = (a: CustomerRow, b: CustomerRow) =>
  b.joinedAt.getTime() - a.joinedAt.getTime() || (a.id < b.id ? 1 : -1)
const byNameAsc = (a: CustomerRow, b: CustomerRow) =>
  a.lastName < b.lastName
    ? -1
    : a.lastName > b.lastName
      ? 1
      : a.firstName < b.firstName
        ? -1
        : a.firstName > b.firstName
          ? 1
          : a.id < b.id
            ? -1
            : 1

describe('customers', () => {
  test('paging through every customer by join date returns each once, newest first', async () => {
    const { ids, totalCount } = await allPages({}, undefined, 17)
    expect(totalCount).toBe(rows.length)
    expect(ids).toEqual([...rows].sort(byJoinedDesc).map((r) => r.id))
  })

  test('a segment and region filter sorted by name matches the raw rows in order', async () => {
    const sample = rows[0]!
    const filter = { segment: sample.segment, region: sample.region }
    const expected = rows
      .filter((r) => r.segment === sample.segment && r.region === sample.region)
      .sort(byNameAsc)
      .map((r) => r.id)
    const { ids, totalCount } = await allPages(filter, { field: 'NAME', direction: 'ASC' }, 4)
    expect(totalCount).toBe(expected.length)
    expect(ids).toEqual(expected)
  })

  test('a join-date window includes its start and excludes its end', async () => {
    const sorted = [...rows].sort(byJoinedDesc)
    const from = sorted[40]!.joinedAt
    const before = sorted[10]!.joinedAt
    const expected = rows
      .filter((r) => r.joinedAt >= from && r.joinedAt < before)
      .sort(byJoinedDesc)
      .map((r) => r.id)
    const { ids } = await allPages(
      { joinedFrom: from.toISOString(), joinedBefore: before.toISOString() },
      undefined,
      50,
    )
    expect(ids).toEqual(expected)
    expect(ids).toContain(sorted[40]!.id)
    expect(ids).not.toContain(sorted[10]!.id)
  })

  test('a customer is found by id with its details, and an unknown id gives null', async () => {
    const row = rows[3]!
    const response = await mesh.query<{
      customer: { id: string; name: string; segment: string } | null
      missing: unknown
    }>(`{ customer(id: "${row.id}") { id name segment } missing: customer(id: "C-99999999") { id } }`)
    expect(response.data?.customer).toEqual({
      id: row.id,
      name: `${row.firstName} ${row.lastName}`,
      segment: row.segment,
    })
    expect(response.data?.missing).toBeNull()
  })

  const BREAKDOWN =
    'query($by: [CustomerDimension!]!, $filter: CustomerFilter) { customerBreakdown(by: $by, filter: $filter) { minimumGroupSize hiddenGroups groups { region segment acquisitionChannel customers } } }'
  const bearer = async (role: 'executive' | 'analyst' | 'customer', customerId?: string) => ({
    authorization: `Bearer ${await mesh.token({ role, customerId })}`,
  })

  test('customerBreakdown by region and segment counts the raw rows; an executive sees only groups of at least 5, an analyst all', async () => {
    const expected = (
      await mesh.databases.customers.query<{ region: string; segment: string; customers: number }>(
        'SELECT region, segment::text AS segment, count(*)::int AS customers FROM "Customer" GROUP BY region, "Customer".segment ORDER BY region, "Customer".segment',
      )
    ).map((group) => ({ ...group, acquisitionChannel: null }))
    const small = expected.filter((group) => group.customers < 5)
    expect(small.length).toBeGreaterThan(0)
    const analyst: any = await mesh.query(BREAKDOWN, { by: ['REGION', 'SEGMENT'] }, await bearer('analyst'))
    expect(analyst.errors).toBeUndefined()
    expect(analyst.data.customerBreakdown).toEqual({ minimumGroupSize: 5, hiddenGroups: 0, groups: expected })
    const executive: any = await mesh.query(BREAKDOWN, { by: ['REGION', 'SEGMENT'] }, await bearer('executive'))
    expect(executive.errors).toBeUndefined()
    expect(executive.data.customerBreakdown).toEqual({
      minimumGroupSize: 5,
      hiddenGroups: small.length,
      groups: expected.filter((group) => group.customers >= 5),
    })
  })

  test("a customer's breakdown is of their own record only", async () => {
    const me = rows[7]!
    const response: any = await mesh.query(BREAKDOWN, { by: ['SEGMENT'] }, await bearer('customer', me.id))
    expect(response.errors).toBeUndefined()
    expect(response.data.customerBreakdown.groups).toEqual([
      { region: null, segment: me.segment, acquisitionChannel: null, customers: 1 },
    ])
  })

  test('a cursor from another sort order is refused with BAD_USER_INPUT', async () => {
    const first = await mesh.query<{ customers: Page }>(
      '{ customers(first: 1) { pageInfo { endCursor } edges { cursor node { id } } totalCount } }',
    )
    const cursor = first.data!.customers.edges[0]!.cursor
    const response = await mesh.query(
      'query($after: String) { customers(first: 1, after: $after, orderBy: { field: NAME, direction: ASC }) { totalCount } }',
      { after: cursor },
    )
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    expect(response.errors?.[0]?.message).toMatch(/orderBy/)
  })

  test('a page size above the limit is refused with BAD_USER_INPUT naming the limit', async () => {
    // As a variable: a literal this large is already stopped by the gateway's cost limit.
    const response = await mesh.query('query($first: Int) { customers(first: $first) { totalCount } }', {
      first: 100000,
    })
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    expect(response.errors?.[0]?.message).toMatch(/between 0 and 1000/)
  })
})
