// The Loans and Credit Risk data products through the gateway, checked against the raw rows of each
// domain's own database.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startMesh, type RunningMesh } from './support/mesh'

let mesh: RunningMesh

beforeAll(async () => {
  mesh = await startMesh({ customers: 400 })
})
afterAll(() => mesh?.stop())

const cents = (amount: string) => BigInt(amount.replace('.', ''))
const money = (value: bigint) => `${value / 100n}.${String(value % 100n).padStart(2, '0')}`
/** A non-negative decimal text in units of 10^-places ("0.043", 5 → 4300n). */
const units = (text: string, places: number) => {
  const [whole, fraction = ''] = text.split('.')
  return BigInt(whole! + fraction.padEnd(places, '0'))
}
/** total / count rounded half up, in the same units. */
const halfUp = (total: bigint, count: number) => (2n * total + BigInt(count)) / (2n * BigInt(count))
const bearer = async (role: 'executive' | 'analyst' | 'risk_officer' | 'customer', customerId?: string) => ({
  authorization: `Bearer ${await mesh.token({ role, customerId })}`,
})

/** Raw rows grouped by a key of one or two values, in the order of the values, each group with its distinct customers. */
function grouped<R extends { customerId: string }>(
  rows: R[],
  keyOf: (row: R) => string[],
): { key: string[]; rows: R[]; customers: number }[] {
  const groups = new Map<string, { key: string[]; rows: R[] }>()
  for (const row of rows) {
    const key = keyOf(row)
    const group = groups.get(key.join('|')) ?? { key, rows: [] }
    group.rows.push(row)
    groups.set(key.join('|'), group)
  }
  const byKey = (a: string[], b: string[]) =>
    a.reduce((order, value, i) => order || (value < b[i]! ? -1 : value > b[i]! ? 1 : 0), 0)
  return [...groups.values()]
    .sort((a, b) => byKey(a.key, b.key))
    .map((g) => ({ ...g, customers: new Set(g.rows.map((r) => r.customerId)).size }))
}

const month = (date: Date) => date.toISOString().slice(0, 7)

describe('loans', () => {
  test('mortgages by principal, largest first, page through exactly the raw rows', async () => {
    const raw = await mesh.databases.loans.query<{ id: string; principal: string }>(
      `SELECT id, principal::text AS principal FROM "Loan" WHERE product = 'MORTGAGE'`,
    )
    const expected = raw
      .sort((a, b) => Number(cents(b.principal) - cents(a.principal)) || (a.id < b.id ? 1 : -1))
      .map((r) => r.id)
    const ids: string[] = []
    let after: string | null = null
    for (;;) {
      const response: any = await mesh.query(
        'query($after: String) { loans(first: 2, after: $after, filter: { product: MORTGAGE }, orderBy: { field: PRINCIPAL, direction: DESC }) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }',
        { after },
      )
      expect(response.errors).toBeUndefined()
      expect(response.data.loans.totalCount).toBe(expected.length)
      ids.push(...response.data.loans.edges.map((e: any) => e.node.id))
      if (!response.data.loans.pageInfo.hasNextPage) break
      after = response.data.loans.pageInfo.endCursor
    }
    // More than one page.
    expect(expected.length).toBeGreaterThan(2)
    expect(ids).toEqual(expected)
  })

  test("one customer's loan summary is refused to the executive (fewer customers than the minimum) and answered for the analyst", async () => {
    const [borrower] = await mesh.databases.loans.query<{ customerId: string; loans: number }>(
      'SELECT "customerId", count(*)::int AS loans FROM "Loan" GROUP BY 1 ORDER BY 1 LIMIT 1',
    )
    const SUMMARY =
      'query($customer: ID) { loanPortfolioSummary(filter: { customerId: $customer }) { count customers } }'
    const executive: any = await mesh.query(SUMMARY, { customer: borrower!.customerId }, await bearer('executive'))
    expect(executive.data?.loanPortfolioSummary ?? null).toBeNull()
    expect(executive.errors?.map((e: any) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'FORBIDDEN', minimumGroupSize: 5 }),
    ])
    const analyst: any = await mesh.query(SUMMARY, { customer: borrower!.customerId }, await bearer('analyst'))
    expect(analyst.errors).toBeUndefined()
    expect(analyst.data.loanPortfolioSummary).toEqual({ count: borrower!.loans, customers: 1 })
  })

  test('loanPortfolioSummary equals the sums of the raw rows, per product and status', async () => {
    const raw = await mesh.databases.loans.query<{
      product: string
      status: string
      principal: string
      outstanding: string
      customerId: string
    }>(
      'SELECT product::text AS product, status::text AS status, principal::text AS principal, "outstandingBalance"::text AS outstanding, "customerId" FROM "Loan"',
    )
    const response: any = await mesh.query(
      '{ loanPortfolioSummary { count customers totalPrincipal totalOutstanding byProduct { group count totalPrincipal } byStatus { group count totalOutstanding } } }',
    )
    expect(response.errors).toBeUndefined()
    const summary = response.data.loanPortfolioSummary
    const sum = (rows: typeof raw, key: 'principal' | 'outstanding') =>
      money(rows.reduce((s, r) => s + cents(r[key]), 0n))
    expect(summary.count).toBe(raw.length)
    expect(summary.customers).toBe(new Set(raw.map((r) => r.customerId)).size)
    expect(summary.totalPrincipal).toBe(sum(raw, 'principal'))
    expect(summary.totalOutstanding).toBe(sum(raw, 'outstanding'))
    for (const group of summary.byProduct) {
      const rows = raw.filter((r) => r.product === group.group)
      expect([group.count, group.totalPrincipal]).toEqual([rows.length, sum(rows, 'principal')])
    }
    for (const group of summary.byStatus) {
      const rows = raw.filter((r) => r.status === group.group)
      expect([group.count, group.totalOutstanding]).toEqual([rows.length, sum(rows, 'outstanding')])
    }
  })

  test('a declined application explains its decision and has no loan', async () => {
    const [row] = await mesh.databases.loans.query<{ id: string; decisionReason: string }>(
      `SELECT id, "decisionReason" FROM "LoanApplication" WHERE status = 'DECLINED' ORDER BY id LIMIT 1`,
    )
    const response: any = await mesh.query(
      `{ loanApplication(id: "${row!.id}") { status decisionReason loan { id } riskAssessment { creditScore riskGrade reasons } } }`,
    )
    expect(response.data.loanApplication).toMatchObject({
      status: 'DECLINED',
      decisionReason: row!.decisionReason,
      loan: null,
    })
    expect(response.data.loanApplication.riskAssessment.reasons.length).toBeGreaterThan(0)
  })

  test('originatedTo as a plain date covers its whole day; as an instant, that instant', async () => {
    const [loan] = await mesh.databases.loans.query<{ id: string; at: Date }>(
      `SELECT id, "originatedAt" AS at FROM "Loan" WHERE extract(hour FROM "originatedAt" AT TIME ZONE 'UTC') >= 1 ORDER BY id LIMIT 1`,
    )
    const day = loan!.at.toISOString().slice(0, 10)
    const ids = async (to: string) => {
      const response: any = await mesh.query(
        'query($from: DateTime, $to: DateTime) { loans(first: 100, filter: { originatedFrom: $from, originatedTo: $to }) { edges { node { id } } } }',
        { from: day, to },
      )
      expect(response.errors).toBeUndefined()
      return response.data.loans.edges.map((e: any) => e.node.id) as string[]
    }
    expect(await ids(day)).toContain(loan!.id)
    expect(await ids(`${day}T00:00:00Z`)).not.toContain(loan!.id)
    expect(await ids(loan!.at.toISOString())).toContain(loan!.id)
  })

  const PERFORMANCE = `query($from: DateTime!, $to: DateTime!) { loanPerformance(from: $from, to: $to) {
    from to previousFrom previousTo minimumGroupSize
    all { ...figures } byProduct { ...figures } } }
    fragment period on LoanPeriodFigures { applications approved declined pending withdrawn approvalRate loansPaidOut volumePaidOut averagePrincipal suppressed }
    fragment figures on LoanPerformanceFigures { product current { ...period } previous { ...period } applicationsChangePercent approvalRateChangePoints volumeChangePercent }`

  /** The same figures from the raw rows, for one product (or all) between two instants. */
  async function rawFigures(product: string | null, from: Date, to: Date) {
    const productSql = product ? `AND product = '${product}'` : ''
    const applications = await mesh.databases.loans.query<{ status: string; customerId: string }>(
      `SELECT status::text AS status, "customerId" FROM "LoanApplication" WHERE "submittedAt" BETWEEN $1 AND $2 ${productSql}`,
      [from, to],
    )
    const loans = await mesh.databases.loans.query<{ principal: string; customerId: string }>(
      `SELECT principal::text AS principal, "customerId" FROM "Loan" WHERE "originatedAt" BETWEEN $1 AND $2 ${productSql}`,
      [from, to],
    )
    const of = (...statuses: string[]) => applications.filter((a) => statuses.includes(a.status)).length
    const decided = of('APPROVED', 'DECLINED')
    const volume = loans.reduce((sum, loan) => sum + cents(loan.principal), 0n)
    return {
      figures: {
        applications: applications.length,
        approved: of('APPROVED'),
        declined: of('DECLINED'),
        pending: of('SUBMITTED', 'UNDER_REVIEW'),
        withdrawn: of('WITHDRAWN'),
        approvalRate: decided ? Number((of('APPROVED') / decided).toFixed(4)) : null,
        loansPaidOut: loans.length,
        volumePaidOut: money(volume),
        averagePrincipal: loans.length
          ? money((volume * 2n + BigInt(loans.length)) / (2n * BigInt(loans.length)))
          : null,
        suppressed: false,
      },
      applicants: new Set(applications.map((a) => a.customerId)).size,
      borrowers: new Set(loans.map((l) => l.customerId)).size,
    }
  }

  test('loanPerformance equals the raw rows, per product and in all, this quarter and the one before', async () => {
    const response: any = await mesh.query(PERFORMANCE, { from: '2026-07-01', to: '2026-09-30' })
    expect(response.errors).toBeUndefined()
    const performance = response.data.loanPerformance
    const [from, to] = [new Date('2026-07-01T00:00:00.000Z'), new Date('2026-09-30T23:59:59.999Z')]
    const length = to.getTime() - from.getTime() + 1
    const [previousFrom, previousTo] = [new Date(from.getTime() - length), new Date(from.getTime() - 1)]
    expect(performance).toMatchObject({
      from: from.toISOString(),
      to: to.toISOString(),
      previousFrom: previousFrom.toISOString(),
      previousTo: previousTo.toISOString(),
      minimumGroupSize: 5,
    })
    for (const group of [performance.all, ...performance.byProduct]) {
      const current = await rawFigures(group.product, from, to)
      const previous = await rawFigures(group.product, previousFrom, previousTo)
      expect(group.current).toEqual(current.figures)
      expect(group.previous).toEqual(previous.figures)
      expect(group.applicationsChangePercent).toBe(
        previous.figures.applications
          ? Number(
              (
                ((current.figures.applications - previous.figures.applications) / previous.figures.applications) *
                100
              ).toFixed(2),
            )
          : null,
      )
    }
    expect(performance.byProduct.map((g: any) => g.product)).toEqual(['PERSONAL', 'MORTGAGE', 'AUTO'])
    expect(performance.all.current.applications).toBeGreaterThan(0)
  })

  test('an executive reads loan performance, with groups of fewer customers than the minimum hidden; an analyst, who may read applications, sees them', async () => {
    // A day on which some product had between one and four applicants.
    const [day] = await mesh.databases.loans.query<{ day: string; product: string }>(`
      SELECT to_char(date_trunc('day', "submittedAt"), 'YYYY-MM-DD') AS day, product::text AS product FROM "LoanApplication"
      GROUP BY 1, 2 HAVING count(DISTINCT "customerId") BETWEEN 1 AND 4 ORDER BY 1 DESC LIMIT 1`)
    const executive: any = await mesh.query(
      PERFORMANCE,
      { from: day!.day, to: day!.day },
      { authorization: `Bearer ${await mesh.token({ role: 'executive' })}` },
    )
    expect(executive.errors).toBeUndefined()
    const small = executive.data.loanPerformance.byProduct.find((g: any) => g.product === day!.product)
    expect(small.current).toMatchObject({ applications: null, approved: null, approvalRate: null, suppressed: true })
    const analyst: any = await mesh.query(
      PERFORMANCE,
      { from: day!.day, to: day!.day },
      { authorization: `Bearer ${await mesh.token({ role: 'analyst' })}` },
    )
    expect(analyst.errors).toBeUndefined()
    const seen = analyst.data.loanPerformance.byProduct.find((g: any) => g.product === day!.product)
    const raw = await rawFigures(
      day!.product,
      new Date(`${day!.day}T00:00:00.000Z`),
      new Date(`${day!.day}T23:59:59.999Z`),
    )
    expect(seen.current).toEqual(raw.figures)
    // Every figure the executive does see is the raw one.
    for (const group of [executive.data.loanPerformance.all, ...executive.data.loanPerformance.byProduct]) {
      const expected = await rawFigures(
        group.product,
        new Date(`${day!.day}T00:00:00.000Z`),
        new Date(`${day!.day}T23:59:59.999Z`),
      )
      if (expected.applicants >= 5 || expected.applicants === 0)
        expect(group.current.applications).toBe(expected.figures.applications)
      else expect(group.current.applications).toBeNull()
      if (expected.borrowers >= 5 || expected.borrowers === 0)
        expect(group.current.volumePaidOut).toBe(expected.figures.volumePaidOut)
      else expect(group.current.volumePaidOut).toBeNull()
    }
    const customer: any = await mesh.query(
      PERFORMANCE,
      { from: day!.day, to: day!.day },
      { authorization: `Bearer ${await mesh.token({ role: 'customer', customerId: 'C-00001' })}` },
    )
    expect(customer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })

  const APPLICATION_BREAKDOWN = `query($by: [LoanApplicationDimension!]!, $filter: LoanApplicationFilter) { loanApplicationBreakdown(by: $by, filter: $filter) {
    minimumGroupSize hiddenGroups groups { product status month count customers totalRequestedAmount averageRequestedAmount minRequestedAmount maxRequestedAmount } } }`
  const LOAN_BREAKDOWN = `query($by: [LoanDimension!]!, $filter: LoanFilter) { loanBreakdown(by: $by, filter: $filter) {
    minimumGroupSize hiddenGroups groups { product status month count customers totalPrincipal averagePrincipal minPrincipal maxPrincipal totalOutstanding averageInterestRate } } }`

  type ApplicationRow = { customerId: string; product: string; status: string; submittedAt: Date; amount: string }
  type LoanRow = {
    customerId: string
    product: string
    status: string
    originatedAt: Date
    principal: string
    outstanding: string
    rate: string
  }
  const applicationRows = (where = 'TRUE', params: unknown[] = []) =>
    mesh.databases.loans.query<ApplicationRow>(
      `SELECT "customerId", product::text AS product, status::text AS status, "submittedAt", "requestedAmount"::text AS amount FROM "LoanApplication" WHERE ${where}`,
      params,
    )
  const loanRows = (where = 'TRUE', params: unknown[] = []) =>
    mesh.databases.loans.query<LoanRow>(
      `SELECT "customerId", product::text AS product, status::text AS status, "originatedAt", principal::text AS principal, "outstandingBalance"::text AS outstanding, "annualInterestRate"::text AS rate FROM "Loan" WHERE ${where}`,
      params,
    )

  /** The application groups the breakdown should give, from the raw rows; dimensions not grouped by are null. */
  function applicationGroups(rows: ApplicationRow[], dimensions: ('product' | 'status' | 'month')[]) {
    const valueOf = (row: ApplicationRow, dimension: string) =>
      dimension === 'month' ? month(row.submittedAt) : row[dimension as 'product' | 'status']
    return grouped(rows, (row) => dimensions.map((d) => valueOf(row, d))).map(({ key, rows: members, customers }) => {
      const amounts = members.map((r) => cents(r.amount))
      const total = amounts.reduce((sum, amount) => sum + amount, 0n)
      return {
        product: null,
        status: null,
        month: null,
        ...Object.fromEntries(dimensions.map((d, i) => [d, key[i]])),
        count: members.length,
        customers,
        totalRequestedAmount: money(total),
        averageRequestedAmount: money(halfUp(total, members.length)),
        minRequestedAmount: money(amounts.reduce((a, b) => (b < a ? b : a))),
        maxRequestedAmount: money(amounts.reduce((a, b) => (b > a ? b : a))),
      }
    })
  }

  test('loanApplicationBreakdown by product and month equals the groups of the raw rows, in order', async () => {
    const filter = { submittedFrom: '2026-07-01T00:00:00Z', submittedTo: '2026-09-30' }
    const response: any = await mesh.query(APPLICATION_BREAKDOWN, { by: ['PRODUCT', 'MONTH'], filter })
    expect(response.errors).toBeUndefined()
    const expected = applicationGroups(
      await applicationRows(`"submittedAt" BETWEEN '2026-07-01T00:00:00Z' AND '2026-09-30T23:59:59.999Z'`),
      ['product', 'month'],
    )
    expect(expected.length).toBeGreaterThan(3)
    expect(response.data.loanApplicationBreakdown).toEqual({ minimumGroupSize: 5, hiddenGroups: 0, groups: expected })
  })

  test('loanBreakdown by month paid out and status equals the groups of the raw rows, with exact sums and average rate', async () => {
    const response: any = await mesh.query(LOAN_BREAKDOWN, { by: ['MONTH', 'STATUS'] }, await bearer('analyst'))
    expect(response.errors).toBeUndefined()
    const expected = grouped(await loanRows(), (row) => [month(row.originatedAt), row.status]).map(
      ({ key, rows: members, customers }) => {
        const principals = members.map((r) => cents(r.principal))
        const total = principals.reduce((sum, amount) => sum + amount, 0n)
        return {
          product: null,
          month: key[0],
          status: key[1],
          count: members.length,
          customers,
          totalPrincipal: money(total),
          averagePrincipal: money(halfUp(total, members.length)),
          minPrincipal: money(principals.reduce((a, b) => (b < a ? b : a))),
          maxPrincipal: money(principals.reduce((a, b) => (b > a ? b : a))),
          totalOutstanding: money(members.reduce((sum, r) => sum + cents(r.outstanding), 0n)),
          averageInterestRate: halfUp(
            members.reduce((sum, r) => sum + units(r.rate, 4), 0n),
            members.length,
          ),
        }
      },
    )
    const groups = response.data.loanBreakdown.groups.map((g: any) => ({
      ...g,
      averageInterestRate: units(g.averageInterestRate, 4),
    }))
    expect(groups).toEqual(expected)
    expect(response.data.loanBreakdown.hiddenGroups).toBe(0)
  })

  test('a breakdown with a filter counts exactly what the list with that filter counts', async () => {
    const applicationFilters = [
      { status: 'DECLINED' },
      { product: 'MORTGAGE', minRequestedAmount: '100000' },
      { submittedFrom: '2026-07-01T00:00:00Z', submittedTo: '2026-09-30', maxRequestedAmount: '20000' },
    ]
    for (const filter of applicationFilters) {
      const response: any = await mesh.query(
        `query($filter: LoanApplicationFilter) { loanApplications(filter: $filter) { totalCount } loanApplicationBreakdown(by: [PRODUCT], filter: $filter) { groups { count } } }`,
        { filter },
      )
      expect(response.errors).toBeUndefined()
      expect(response.data.loanApplications.totalCount).toBeGreaterThan(0)
      expect(response.data.loanApplicationBreakdown.groups.reduce((n: number, g: any) => n + g.count, 0)).toBe(
        response.data.loanApplications.totalCount,
      )
    }
    for (const filter of [
      { status: 'ACTIVE' },
      { product: 'AUTO', minPrincipal: '10000', maxPrincipal: '30000' },
      { originatedFrom: '2026-01-01T00:00:00Z', originatedTo: '2026-06-30' },
    ]) {
      const response: any = await mesh.query(
        `query($filter: LoanFilter) { loans(filter: $filter) { totalCount } loanBreakdown(by: [PRODUCT], filter: $filter) { groups { count } } }`,
        { filter },
      )
      expect(response.errors).toBeUndefined()
      expect(response.data.loans.totalCount).toBeGreaterThan(0)
      expect(response.data.loanBreakdown.groups.reduce((n: number, g: any) => n + g.count, 0)).toBe(
        response.data.loans.totalCount,
      )
    }
    const reversed = await mesh.query(APPLICATION_BREAKDOWN, {
      by: ['PRODUCT'],
      filter: { minRequestedAmount: '50000', maxRequestedAmount: '1000' },
    })
    expect(reversed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  test('groups of fewer than 5 customers are left out for an executive, who may not read applications and loans, and shown to an analyst', async () => {
    const expected = applicationGroups(await applicationRows(), ['product', 'month'])
    const small = expected.filter((g) => g.customers < 5)
    expect(small.length).toBeGreaterThan(0)
    const executive: any = await mesh.query(
      APPLICATION_BREAKDOWN,
      { by: ['PRODUCT', 'MONTH'] },
      await bearer('executive'),
    )
    expect(executive.errors).toBeUndefined()
    expect(executive.data.loanApplicationBreakdown).toEqual({
      minimumGroupSize: 5,
      hiddenGroups: small.length,
      groups: expected.filter((g) => g.customers >= 5),
    })
    const analyst: any = await mesh.query(APPLICATION_BREAKDOWN, { by: ['PRODUCT', 'MONTH'] }, await bearer('analyst'))
    expect(analyst.data.loanApplicationBreakdown).toEqual({ minimumGroupSize: 5, hiddenGroups: 0, groups: expected })

    const loans = grouped(await loanRows(), (row) => [row.product, month(row.originatedAt)])
    const smallLoans = loans.filter((g) => g.customers < 5)
    expect(smallLoans.length).toBeGreaterThan(0)
    const loanGroups = async (role: 'executive' | 'analyst') =>
      (await mesh.query<any>(LOAN_BREAKDOWN, { by: ['PRODUCT', 'MONTH'] }, await bearer(role))).data!.loanBreakdown
    const asExecutive = await loanGroups('executive')
    expect(asExecutive.hiddenGroups).toBe(smallLoans.length)
    expect(asExecutive.groups.map((g: any) => [g.product, g.month, g.count])).toEqual(
      loans.filter((g) => g.customers >= 5).map((g) => [...g.key, g.rows.length]),
    )
    expect((await loanGroups('analyst')).groups.map((g: any) => [g.product, g.month, g.count])).toEqual(
      loans.map((g) => [...g.key, g.rows.length]),
    )

    // One customer's applications are a group of one: the executive learns only that it exists.
    const [someone] = await mesh.databases.loans.query<{ customerId: string }>(
      'SELECT "customerId" FROM "LoanApplication" ORDER BY id LIMIT 1',
    )
    const one: any = await mesh.query(
      APPLICATION_BREAKDOWN,
      { by: ['STATUS'], filter: { customerId: someone!.customerId } },
      await bearer('executive'),
    )
    expect(one.data.loanApplicationBreakdown.groups).toEqual([])
    expect(one.data.loanApplicationBreakdown.hiddenGroups).toBeGreaterThan(0)
  })

  test("a customer's loan breakdowns are of their own applications and loans; another customer's are refused, and so is an anonymous caller", async () => {
    const [borrower] = await mesh.databases.loans.query<{ customerId: string }>(
      'SELECT "customerId" FROM "Loan" ORDER BY id LIMIT 1',
    )
    const own = borrower!.customerId
    const headers = await bearer('customer', own)
    const applications: any = await mesh.query(APPLICATION_BREAKDOWN, { by: ['STATUS'] }, headers)
    expect(applications.errors).toBeUndefined()
    expect(applications.data.loanApplicationBreakdown).toEqual({
      minimumGroupSize: 5,
      hiddenGroups: 0,
      groups: applicationGroups(await applicationRows('"customerId" = $1', [own]), ['status']),
    })
    const loans: any = await mesh.query(LOAN_BREAKDOWN, { by: ['PRODUCT'] }, headers)
    expect(loans.errors).toBeUndefined()
    expect(loans.data.loanBreakdown.groups.map((g: any) => [g.product, g.count, g.customers])).toEqual(
      grouped(await loanRows('"customerId" = $1', [own]), (row) => [row.product]).map((g) => [
        g.key[0],
        g.rows.length,
        1,
      ]),
    )
    const [other] = await mesh.databases.loans.query<{ customerId: string }>(
      'SELECT "customerId" FROM "LoanApplication" WHERE "customerId" <> $1 LIMIT 1',
      [own],
    )
    const refused = await mesh.query<any>(
      APPLICATION_BREAKDOWN,
      { by: ['STATUS'], filter: { customerId: other!.customerId } },
      headers,
    )
    expect(refused.data?.loanApplicationBreakdown ?? null).toBeNull()
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    for (const query of [APPLICATION_BREAKDOWN, LOAN_BREAKDOWN]) {
      const anonymous = await mesh.query<any>(query, { by: ['PRODUCT'] }, {})
      expect(anonymous.data?.loanApplicationBreakdown ?? anonymous.data?.loanBreakdown ?? null).toBeNull()
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    }
  })

  test('a breakdown by no dimension, or by three, is refused as bad input', async () => {
    for (const [query, by] of [
      [APPLICATION_BREAKDOWN, []],
      [APPLICATION_BREAKDOWN, ['PRODUCT', 'STATUS', 'MONTH']],
      [LOAN_BREAKDOWN, []],
      [LOAN_BREAKDOWN, ['PRODUCT', 'STATUS', 'MONTH']],
    ] as const) {
      const response = await mesh.query(query, { by })
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
      expect(response.errors?.[0]?.message).toMatch(/one or two dimensions/)
    }
  })

  test('a reversed principal range is refused with BAD_USER_INPUT', async () => {
    const response = await mesh.query(
      '{ loans(filter: { minPrincipal: "50000", maxPrincipal: "1000" }) { totalCount } }',
    )
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    expect(response.errors?.[0]?.message).toMatch(/swap them/)
  })
})

describe('risk', () => {
  test("a customer's credit score and grade come from their latest customer review, not older ones or loan assessments", async () => {
    const reviews = (
      await mesh.databases.risk.query<{ customerId: string; score: string; riskGrade: string; assessedAt: Date }>(
        `SELECT "customerId", "creditScoreEncrypted" AS score, "riskGrade"::text AS "riskGrade", "assessedAt" FROM "RiskAssessment" WHERE subject = 'CUSTOMER'`,
      )
    ).map((r) => ({ ...r, creditScore: Number(mesh.cipher.decrypt(r.score, 'RiskAssessment.creditScore')) }))
    const reviewed = new Map<string, typeof reviews>()
    for (const r of reviews) reviewed.set(r.customerId, [...(reviewed.get(r.customerId) ?? []), r])
    const twice = [...reviewed.entries()].filter(([, list]) => list.length > 1).slice(0, 25)
    expect(twice.length).toBeGreaterThan(5)
    const response: any = await mesh.query(
      `{ ${twice.map(([id], i) => `c${i}: customer(id: "${id}") { id creditScore riskGrade riskProfile { assessedAt } }`).join(' ')} }`,
    )
    expect(response.errors).toBeUndefined()
    twice.forEach(([, list], i) => {
      const latest = [...list].sort((a, b) => b.assessedAt.getTime() - a.assessedAt.getTime())[0]!
      expect(response.data[`c${i}`]).toMatchObject({
        creditScore: latest.creditScore,
        riskGrade: latest.riskGrade,
        riskProfile: { assessedAt: latest.assessedAt.toISOString() },
      })
    })
  })

  test('riskGradeDistribution counts each customer once, by their latest grade', async () => {
    const raw = await mesh.databases.risk.query<{ grade: string; count: number }>(
      `SELECT "riskGrade"::text AS grade, count(*)::int AS count FROM (
         SELECT DISTINCT ON ("customerId") "riskGrade" FROM "RiskAssessment" WHERE subject = 'CUSTOMER' ORDER BY "customerId", "assessedAt" DESC
       ) latest GROUP BY 1`,
    )
    const response: any = await mesh.query('{ riskGradeDistribution { grade count averageProbabilityOfDefault } }')
    expect(response.errors).toBeUndefined()
    expect(response.data.riskGradeDistribution.map((g: any) => g.grade)).toEqual(['A', 'B', 'C', 'D', 'E'])
    for (const g of response.data.riskGradeDistribution)
      expect(g.count).toBe(raw.find((r) => r.grade === g.grade)?.count ?? 0)
    expect(response.data.riskGradeDistribution.reduce((n: number, g: any) => n + g.count, 0)).toBe(mesh.demo.customers)
  })

  test("assessments filtered by grade match the raw rows, and each decrypted score lies in the grade's band", async () => {
    const [raw] = await mesh.databases.risk.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "RiskAssessment" WHERE "riskGrade" = 'D' AND subject = 'LOAN_APPLICATION'`,
    )
    const response: any = await mesh.query(
      '{ riskAssessments(filter: { riskGrade: D, subject: LOAN_APPLICATION }, first: 1000) { totalCount edges { node { creditScore riskGrade } } } }',
    )
    expect(response.data.riskAssessments.totalCount).toBe(raw!.n)
    expect(raw!.n).toBeGreaterThan(0)
    for (const edge of response.data.riskAssessments.edges) {
      expect(edge.node.riskGrade).toBe('D')
      expect(edge.node.creditScore).toBeGreaterThanOrEqual(600)
      expect(edge.node.creditScore).toBeLessThan(650)
    }
  })
  const RISK_BREAKDOWN = `query($by: [RiskAssessmentDimension!]!, $filter: RiskAssessmentFilter) { riskAssessmentBreakdown(by: $by, filter: $filter) {
    minimumGroupSize hiddenGroups groups { grade subject month count customers averageProbabilityOfDefault averageDebtToIncomeRatio } } }`
  type AssessmentRow = {
    customerId: string
    grade: string
    subject: string
    assessedAt: Date
    probability: string
    ratio: string | null
  }
  const assessmentRows = (where = 'TRUE', params: unknown[] = []) =>
    mesh.databases.risk.query<AssessmentRow>(
      `SELECT "customerId", "riskGrade"::text AS grade, subject::text AS subject, "assessedAt", "probabilityOfDefault"::text AS probability, "debtToIncomeRatio"::text AS ratio FROM "RiskAssessment" WHERE ${where}`,
      params,
    )

  /** The groups the breakdown should give, from the raw rows, averages in units (10^-5 and 10^-4). */
  function assessmentGroups(rows: AssessmentRow[], dimensions: ('grade' | 'subject' | 'month')[]) {
    const valueOf = (row: AssessmentRow, dimension: string) =>
      dimension === 'month' ? month(row.assessedAt) : row[dimension as 'grade' | 'subject']
    return grouped(rows, (row) => dimensions.map((d) => valueOf(row, d))).map(({ key, rows: members, customers }) => {
      const ratios = members.flatMap((r) => (r.ratio === null ? [] : [units(r.ratio, 4)]))
      return {
        grade: null,
        subject: null,
        month: null,
        ...Object.fromEntries(dimensions.map((d, i) => [d, key[i]])),
        count: members.length,
        customers,
        averageProbabilityOfDefault: halfUp(
          members.reduce((sum, r) => sum + units(r.probability, 5), 0n),
          members.length,
        ),
        averageDebtToIncomeRatio: ratios.length
          ? halfUp(
              ratios.reduce((a, b) => a + b, 0n),
              ratios.length,
            )
          : null,
      }
    })
  }
  const inUnits = (groups: any[]) =>
    groups.map((g) => ({
      ...g,
      averageProbabilityOfDefault: units(g.averageProbabilityOfDefault, 5),
      averageDebtToIncomeRatio: g.averageDebtToIncomeRatio === null ? null : units(g.averageDebtToIncomeRatio, 4),
    }))

  test('riskAssessmentBreakdown by grade and subject equals the groups of the raw rows: every assessment, exact averages', async () => {
    const response: any = await mesh.query(RISK_BREAKDOWN, { by: ['GRADE', 'SUBJECT'] }, await bearer('risk_officer'))
    expect(response.errors).toBeUndefined()
    const expected = assessmentGroups(await assessmentRows(), ['grade', 'subject'])
    expect(inUnits(response.data.riskAssessmentBreakdown.groups)).toEqual(expected)
    expect(response.data.riskAssessmentBreakdown.hiddenGroups).toBe(0)
    // Customer reviews carry no debt-to-income ratio; applications do.
    expect(expected.filter((g) => g.subject === 'CUSTOMER').every((g) => g.averageDebtToIncomeRatio === null)).toBe(
      true,
    )
    expect(expected.some((g) => g.subject === 'LOAN_APPLICATION' && g.averageDebtToIncomeRatio !== null)).toBe(true)
  })

  test('a risk breakdown with a filter counts exactly what riskAssessments with that filter counts', async () => {
    for (const filter of [
      { subject: 'LOAN_APPLICATION' },
      { riskGrade: 'E', assessedFrom: '2026-01-01T00:00:00Z', assessedTo: '2026-06-30' },
    ]) {
      const response: any = await mesh.query(
        'query($filter: RiskAssessmentFilter) { riskAssessments(filter: $filter) { totalCount } riskAssessmentBreakdown(by: [MONTH], filter: $filter) { groups { count } } }',
        { filter },
      )
      expect(response.errors).toBeUndefined()
      expect(response.data.riskAssessments.totalCount).toBeGreaterThan(0)
      expect(response.data.riskAssessmentBreakdown.groups.reduce((n: number, g: any) => n + g.count, 0)).toBe(
        response.data.riskAssessments.totalCount,
      )
    }
    const reversed = await mesh.query(RISK_BREAKDOWN, {
      by: ['GRADE'],
      filter: { assessedFrom: '2026-06-01', assessedTo: '2026-01-01' },
    })
    expect(reversed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    for (const by of [[], ['GRADE', 'SUBJECT', 'MONTH']])
      expect((await mesh.query(RISK_BREAKDOWN, { by })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  test('risk groups of fewer than 5 customers are left out for an executive and shown to an analyst; a customer sees their own; an anonymous caller nothing', async () => {
    const expected = assessmentGroups(await assessmentRows(), ['grade', 'month'])
    const small = expected.filter((g) => g.customers < 5)
    expect(small.length).toBeGreaterThan(0)
    const executive: any = await mesh.query(RISK_BREAKDOWN, { by: ['GRADE', 'MONTH'] }, await bearer('executive'))
    expect(executive.errors).toBeUndefined()
    expect(executive.data.riskAssessmentBreakdown.hiddenGroups).toBe(small.length)
    expect(inUnits(executive.data.riskAssessmentBreakdown.groups)).toEqual(expected.filter((g) => g.customers >= 5))
    const analyst: any = await mesh.query(RISK_BREAKDOWN, { by: ['GRADE', 'MONTH'] }, await bearer('analyst'))
    expect(inUnits(analyst.data.riskAssessmentBreakdown.groups)).toEqual(expected)

    const [assessed] = await mesh.databases.risk.query<{ customerId: string }>(
      `SELECT "customerId" FROM "RiskAssessment" WHERE subject = 'LOAN_APPLICATION' ORDER BY id LIMIT 1`,
    )
    const own: any = await mesh.query(
      RISK_BREAKDOWN,
      { by: ['SUBJECT'] },
      await bearer('customer', assessed!.customerId),
    )
    expect(own.errors).toBeUndefined()
    expect(inUnits(own.data.riskAssessmentBreakdown.groups)).toEqual(
      assessmentGroups(await assessmentRows('"customerId" = $1', [assessed!.customerId]), ['subject']),
    )
    const anonymous = await mesh.query<any>(RISK_BREAKDOWN, { by: ['GRADE'] }, {})
    expect(anonymous.data?.riskAssessmentBreakdown ?? null).toBeNull()
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })
})
