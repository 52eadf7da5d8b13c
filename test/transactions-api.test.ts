// The Customer Transaction data product through the gateway: every filter, both sort orders and paging,
// and transactionSummary, checked against values computed here from the raw rows.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startMesh, type RunningMesh } from './support/mesh'

interface Row {
  id: string
  customerId: string
  accountId: string
  type: string
  direction: string
  cents: bigint
  date: Date
}
interface Filter {
  customerId?: string
  accountId?: string
  type?: string
  startDate?: string
  endDate?: string
  minAmount?: string
  maxAmount?: string
}

let mesh: RunningMesh
let rows: Row[]

beforeAll(async () => {
  mesh = await startMesh()
  const raw = await mesh.databases.transactions.query<{
    id: string
    customerId: string
    accountId: string
    type: string
    direction: string
    amount: string
    date: Date
  }>(
    'SELECT id, "customerId", "accountId", type::text AS type, direction::text AS direction, amount::text AS amount, date FROM "Transaction"',
  )
  rows = raw.map((r) => ({ ...r, cents: toCents(r.amount) }))
})
afterAll(() => mesh?.stop())

function toCents(amount: string): bigint {
  const [whole, fraction = ''] = amount.split('.')
  return BigInt(whole!) * 100n + BigInt((fraction + '00').slice(0, 2))
}

function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : ''
  const abs = cents < 0n ? -cents : cents
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`
}

/** The filter's meaning, written independently of the implementation: inclusive bounds, date-only end = whole day. */
function matches(row: Row, f: Filter): boolean {
  const end = f.endDate
    ? f.endDate.length === 10
      ? new Date(`${f.endDate}T23:59:59.999Z`)
      : new Date(f.endDate)
    : undefined
  return (
    (!f.customerId || row.customerId === f.customerId) &&
    (!f.accountId || row.accountId === f.accountId) &&
    (!f.type || row.type === f.type) &&
    (!f.startDate || row.date >= new Date(f.startDate)) &&
    (!end || row.date <= end) &&
    (!f.minAmount || row.cents >= toCents(f.minAmount)) &&
    (!f.maxAmount || row.cents <= toCents(f.maxAmount))
  )
}

function expectedOrder(f: Filter, field: 'DATE' | 'AMOUNT', direction: 'ASC' | 'DESC'): string[] {
  const sign = direction === 'ASC' ? 1 : -1
  return rows
    .filter((r) => matches(r, f))
    .sort((a, b) => {
      const primary = field === 'DATE' ? a.date.getTime() - b.date.getTime() : Number(a.cents - b.cents)
      return sign * (primary !== 0 ? Math.sign(primary) : a.id < b.id ? -1 : 1)
    })
    .map((r) => r.id)
}

async function allPages(filter: Filter, orderBy: { field: string; direction: string } | undefined, first: number) {
  const ids: string[] = []
  let after: string | null = null
  let totalCount = -1
  for (let pages = 0; pages < 500; pages++) {
    const response: any = await mesh.query(
      `query($filter: TransactionFilter, $orderBy: TransactionOrder, $first: Int, $after: String) {
        transactions(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
      }`,
      { filter, orderBy, first, after },
    )
    expect(response.errors).toBeUndefined()
    const page = response.data.transactions
    totalCount = page.totalCount
    ids.push(...page.edges.map((e: any) => e.node.id))
    if (!page.pageInfo.hasNextPage) return { ids, totalCount }
    after = page.pageInfo.endCursor
  }
  throw new Error('paging did not end')
}

describe('transactions', () => {
  const someCustomer = () => rows[Math.floor(rows.length / 3)]!.customerId
  const someAccount = () => rows[Math.floor(rows.length / 2)]!.accountId

  test.each([
    ['a customer', () => ({ customerId: someCustomer() })],
    ['an account', () => ({ accountId: someAccount() })],
    ['a type', () => ({ type: 'WITHDRAWAL' })],
    [
      'a date range with a date-only end (the whole end day included)',
      () => ({ startDate: '2026-09-01', endDate: '2026-09-30' }),
    ],
    ['an amount range (both bounds inclusive)', () => ({ minAmount: '20.00', maxAmount: '60.00' })],
    [
      'all of them at once',
      () => ({
        customerId: someCustomer(),
        type: 'PAYMENT',
        startDate: '2026-03-01T00:00:00Z',
        endDate: '2026-10-31',
        minAmount: '5',
        maxAmount: '500',
      }),
    ],
  ])('filtering by %s, newest first, pages through exactly the matching rows', async (_name, makeFilter) => {
    const filter = makeFilter()
    const expected = expectedOrder(filter, 'DATE', 'DESC')
    expect(expected.length).toBeGreaterThan(0)
    const { ids, totalCount } = await allPages(filter, undefined, 97)
    expect(totalCount).toBe(expected.length)
    expect(ids).toEqual(expected)
  })

  test.each([
    ['DATE', 'ASC'],
    ['AMOUNT', 'DESC'],
    ['AMOUNT', 'ASC'],
  ] as const)('sorting by %s %s pages in that order with ties broken by id', async (field, direction) => {
    const filter = { startDate: '2026-06-01', endDate: '2026-08-31' }
    const { ids } = await allPages(filter, { field, direction }, 250)
    expect(ids).toEqual(expectedOrder(filter, field, direction))
  })

  test('a date-only end covers its whole day; an instant, midnight included, is exactly that instant', async () => {
    const row = rows.find((r) => r.date.getUTCHours() >= 1 && r.date.getUTCMilliseconds() === 0)!
    const day = row.date.toISOString().slice(0, 10)
    const count = async (filter: Filter) => {
      const response: any = await mesh.query(
        'query($filter: TransactionFilter) { transactionSummary(filter: $filter) { count } }',
        { filter: { ...filter, accountId: row.accountId } },
      )
      expect(response.errors).toBeUndefined()
      return response.data.transactionSummary.count as number
    }
    const onDay = rows.filter((r) => r.accountId === row.accountId && r.date.toISOString().startsWith(day)).length
    expect(await count({ startDate: day, endDate: day })).toBe(onDay)
    expect(await count({ startDate: day, endDate: `${day}T00:00:00Z` })).toBe(
      rows.filter((r) => r.accountId === row.accountId && r.date.toISOString() === `${day}T00:00:00.000Z`).length,
    )
    expect(await count({ startDate: row.date.toISOString(), endDate: row.date.toISOString() })).toBe(
      rows.filter((r) => r.accountId === row.accountId && r.date.getTime() === row.date.getTime()).length,
    )
    expect(await count({ startDate: day, endDate: new Date(row.date.getTime() - 1).toISOString() })).toBe(
      rows.filter((r) => r.accountId === row.accountId && r.date.toISOString().startsWith(day) && r.date < row.date)
        .length,
    )
  })

  const BREAKDOWN =
    'query($by: [TransactionDimension!]!, $filter: TransactionFilter) { transactionBreakdown(by: $by, filter: $filter) { minimumGroupSize hiddenGroups groups { type direction channel month count customers total average min max } } }'

  /** The groups from the raw rows: key → count, customers, total cents, extremes. */
  async function rawGroups(
    keyOf: (row: { type: string; channel: string; date: Date }) => string,
    where = 'TRUE',
    params: unknown[] = [],
  ) {
    const raw = await mesh.databases.transactions.query<{
      type: string
      channel: string
      date: Date
      customerId: string
      amount: string
    }>(
      `SELECT type::text AS type, channel::text AS channel, date, "customerId", amount::text AS amount FROM "Transaction" WHERE ${where}`,
      params,
    )
    const groups = new Map<string, { count: number; customers: Set<string>; total: bigint; min: bigint; max: bigint }>()
    for (const row of raw) {
      const key = keyOf(row)
      const group = groups.get(key) ?? {
        count: 0,
        customers: new Set<string>(),
        total: 0n,
        min: toCents(row.amount),
        max: toCents(row.amount),
      }
      const cents = toCents(row.amount)
      groups.set(key, {
        count: group.count + 1,
        customers: group.customers.add(row.customerId),
        total: group.total + cents,
        min: cents < group.min ? cents : group.min,
        max: cents > group.max ? cents : group.max,
      })
    }
    return groups
  }

  test('transactionBreakdown by channel and month equals the groups of the raw rows, in order', async () => {
    const filter = { startDate: '2026-07-01', endDate: '2026-09-30' }
    const response: any = await mesh.query(BREAKDOWN, { by: ['CHANNEL', 'MONTH'], filter })
    expect(response.errors).toBeUndefined()
    const expected = await rawGroups(
      (row) => `${row.channel} ${row.date.toISOString().slice(0, 7)}`,
      `date BETWEEN '2026-07-01T00:00:00Z' AND '2026-09-30T23:59:59.999Z'`,
    )
    const keys = [...expected.keys()].sort()
    expect(response.data.transactionBreakdown.hiddenGroups).toBe(0)
    expect(response.data.transactionBreakdown.groups).toEqual(
      keys.map((key) => {
        const group = expected.get(key)!
        const [channel, month] = key.split(' ')
        return {
          type: null,
          direction: null,
          channel,
          month,
          count: group.count,
          customers: group.customers.size,
          total: fromCents(group.total),
          average: fromCents(((group.total * 10n) / BigInt(group.count) + 5n) / 10n),
          min: fromCents(group.min),
          max: fromCents(group.max),
        }
      }),
    )
  })

  test('groups of fewer customers than the minimum are left out for roles that may not read transactions, and shown to those who may', async () => {
    const account = someAccount()
    const expected = await rawGroups((row) => row.type, '"accountId" = $1', [account])
    const as = async (role: 'executive' | 'marketing' | 'analyst') =>
      await mesh.query<any>(
        BREAKDOWN,
        { by: ['TYPE'], filter: { accountId: account } },
        { authorization: `Bearer ${await mesh.token({ role })}` },
      )
    for (const role of ['executive', 'marketing'] as const) {
      const response = await as(role)
      expect(response.errors).toBeUndefined()
      expect(response.data!.transactionBreakdown).toEqual({
        minimumGroupSize: 5,
        hiddenGroups: expected.size,
        groups: [],
      })
    }
    const analyst = await as('analyst')
    expect(analyst.errors).toBeUndefined()
    expect(analyst.data!.transactionBreakdown.hiddenGroups).toBe(0)
    expect(analyst.data!.transactionBreakdown.groups.map((g: any) => [g.type, g.count])).toEqual(
      [...expected.keys()].sort().map((type) => [type, expected.get(type)!.count]),
    )
    // Bank-wide groups are large enough for everyone: the executive sees them all.
    const bankWide = await mesh.query<any>(
      BREAKDOWN,
      { by: ['DIRECTION'] },
      { authorization: `Bearer ${await mesh.token({ role: 'executive' })}` },
    )
    expect(bankWide.data!.transactionBreakdown.groups.map((g: any) => g.direction)).toEqual(['CREDIT', 'DEBIT'])
    expect(bankWide.data!.transactionBreakdown.hiddenGroups).toBe(0)
  })

  test('a summary of fewer customers than the minimum is refused (and audited) for roles that may not read transactions, and answered for those who may', async () => {
    const account = someAccount()
    const SUMMARY =
      'query($filter: TransactionFilter) { transactionSummary(filter: $filter) { count customers credits } }'
    const as = async (role: 'executive' | 'analyst', filter: Record<string, unknown> = { accountId: account }) =>
      mesh.query<any>(
        SUMMARY,
        { filter },
        { authorization: `Bearer ${await mesh.token({ role, subject: `small-summary-${role}` })}` },
      )
    const executive = await as('executive')
    expect(executive.data?.transactionSummary ?? null).toBeNull()
    expect(executive.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/fewer than 5 customers/),
        extensions: expect.objectContaining({ code: 'FORBIDDEN', minimumGroupSize: 5 }),
      }),
    ])
    const audited = await mesh.query<any>(
      '{ accessDenials(filter: { subject: "small-summary-executive" }, first: 5) { totalCount } }',
    )
    expect(audited.data!.accessDenials.totalCount).toBe(1)
    const analyst = await as('analyst')
    expect(analyst.errors).toBeUndefined()
    expect(analyst.data!.transactionSummary).toMatchObject({
      count: rows.filter((row) => row.accountId === account).length,
      customers: 1,
    })
    // Bank-wide, and in a period, the executive sees the figures, with how many customers they cover.
    const bankWide = await as('executive', { type: 'DEPOSIT' })
    expect(bankWide.errors).toBeUndefined()
    expect(bankWide.data!.transactionSummary.customers).toBe(
      new Set(rows.filter((row) => row.type === 'DEPOSIT').map((row) => row.customerId)).size,
    )
  })

  test('a breakdown by no dimension, or by three, is refused as bad input', async () => {
    for (const by of [[], ['TYPE', 'CHANNEL', 'MONTH']]) {
      const response = await mesh.query(BREAKDOWN, { by })
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    }
  })

  test("an amount bound equal to a row's amount includes that row", async () => {
    const row = rows.find((r) => r.type === 'FEE')!
    const amount = fromCents(row.cents)
    const { ids } = await allPages({ minAmount: amount, maxAmount: amount, accountId: row.accountId }, undefined, 50)
    expect(ids).toContain(row.id)
  })

  test('transactionSummary equals the sums computed from the raw rows, per type and in and out', async () => {
    const filter: Filter = { startDate: '2026-07-01', endDate: '2026-09-30' }
    const response: any = await mesh.query(
      'query($filter: TransactionFilter) { transactionSummary(filter: $filter) { count total average min max credits debits net byType { type count total } } }',
      { filter },
    )
    expect(response.errors).toBeUndefined()
    const selected = rows.filter((r) => matches(r, filter))
    const sum = (list: Row[]) => list.reduce((s, r) => s + r.cents, 0n)
    const total = sum(selected)
    const credits = sum(selected.filter((r) => r.direction === 'CREDIT'))
    const debits = sum(selected.filter((r) => r.direction === 'DEBIT'))
    const average = ((total * 10n) / BigInt(selected.length) + 5n) / 10n // cents, rounded half up
    const summary = response.data.transactionSummary
    expect(summary).toEqual({
      count: selected.length,
      total: fromCents(total),
      average: fromCents(average),
      min: fromCents(selected.reduce((m, r) => (r.cents < m ? r.cents : m), selected[0]!.cents)),
      max: fromCents(selected.reduce((m, r) => (r.cents > m ? r.cents : m), 0n)),
      credits: fromCents(credits),
      debits: fromCents(debits),
      net: fromCents(credits - debits),
      byType: ['DEPOSIT', 'WITHDRAWAL', 'TRANSFER', 'PAYMENT', 'FEE'].map((type) => {
        const ofType = selected.filter((r) => r.type === type)
        return { type, count: ofType.length, total: fromCents(sum(ofType)) }
      }),
    })
  })

  test('a summary of nothing has zero totals and null average, min and max', async () => {
    const response: any = await mesh.query(
      '{ transactionSummary(filter: { customerId: "C-99999999" }) { count total average min max byType { count } } }',
    )
    expect(response.data.transactionSummary).toMatchObject({
      count: 0,
      total: '0.00',
      average: null,
      min: null,
      max: null,
    })
  })

  test("a customer's transactions through the Customer entity equal the filtered list", async () => {
    const customerId = someCustomer()
    const response: any = await mesh.query(
      'query($id: ID!) { customer(id: $id) { transactions(first: 1000, filter: { type: PAYMENT, customerId: "C-00001" }) { totalCount edges { node { id } } } accounts { id } } }',
      { id: customerId },
    )
    expect(response.errors).toBeUndefined()
    const expected = expectedOrder({ customerId, type: 'PAYMENT' }, 'DATE', 'DESC')
    expect(response.data.customer.transactions.totalCount).toBe(expected.length)
    expect(response.data.customer.transactions.edges.map((e: any) => e.node.id)).toEqual(expected)
    expect(response.data.customer.accounts.map((a: any) => a.id).sort()).toEqual(
      [...new Set(rows.filter((r) => r.customerId === customerId).map((r) => r.accountId))].sort(),
    )
  })

  test('money comes back as exact decimal strings', async () => {
    const response: any = await mesh.query(
      '{ transactions(first: 5, orderBy: { field: AMOUNT, direction: DESC }) { edges { node { amount account { balance } } } } }',
    )
    for (const edge of response.data.transactions.edges) {
      expect(edge.node.amount).toMatch(/^\d+\.\d{2}$/)
      expect(edge.node.account.balance).toMatch(/^-?\d+\.\d{2}$/)
    }
  })

  test.each([
    ['a negative page size', '{ transactions(first: -1) { totalCount } }', /between 0 and 1000/],
    ['a cursor this API did not issue', '{ transactions(after: "not-a-cursor") { totalCount } }', /not a cursor/],
    [
      'a start date after the end date',
      '{ transactions(filter: { startDate: "2026-09-01", endDate: "2026-08-01" }) { totalCount } }',
      /startDate .* is after endDate/,
    ],
    [
      'a minimum amount above the maximum',
      '{ transactionSummary(filter: { minAmount: "100", maxAmount: "10" }) { count } }',
      /minAmount .* is greater than maxAmount/,
    ],
    [
      'an amount that is not a number',
      '{ transactions(filter: { minAmount: "ten" }) { totalCount } }',
      /Decimal must be a number/,
    ],
    [
      'a date that is not ISO-8601',
      '{ transactions(filter: { startDate: "last tuesday" }) { totalCount } }',
      /DateTime must be an ISO-8601/,
    ],
  ])('%s is refused with BAD_USER_INPUT and a clear message', async (_name, query, message) => {
    const response = await mesh.query(query)
    expect(response.data?.transactions ?? response.data?.transactionSummary ?? null).toBeNull()
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    expect(response.errors?.[0]?.message).toMatch(message)
  })
})
