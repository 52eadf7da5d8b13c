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

describe('loans', () => {
  test('mortgages by principal, largest first, page through exactly the raw rows', async () => {
    const raw = await mesh.databases.loans.query<{ id: string; principal: string }>(`SELECT id, principal::text AS principal FROM "Loan" WHERE product = 'MORTGAGE'`)
    const expected = raw.sort((a, b) => Number(cents(b.principal) - cents(a.principal)) || (a.id < b.id ? 1 : -1)).map((r) => r.id)
    const ids: string[] = []
    let after: string | null = null
    for (;;) {
      const response: any = await mesh.query(
        'query($after: String) { loans(first: 3, after: $after, filter: { product: MORTGAGE }, orderBy: { field: PRINCIPAL, direction: DESC }) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }',
        { after },
      )
      expect(response.errors).toBeUndefined()
      expect(response.data.loans.totalCount).toBe(expected.length)
      ids.push(...response.data.loans.edges.map((e: any) => e.node.id))
      if (!response.data.loans.pageInfo.hasNextPage) break
      after = response.data.loans.pageInfo.endCursor
    }
    expect(expected.length).toBeGreaterThan(3)
    expect(ids).toEqual(expected)
  })

  test('loanPortfolioSummary equals the sums of the raw rows, per product and status', async () => {
    const raw = await mesh.databases.loans.query<{ product: string; status: string; principal: string; outstanding: string }>(
      'SELECT product::text AS product, status::text AS status, principal::text AS principal, "outstandingBalance"::text AS outstanding FROM "Loan"',
    )
    const response: any = await mesh.query('{ loanPortfolioSummary { count totalPrincipal totalOutstanding byProduct { group count totalPrincipal } byStatus { group count totalOutstanding } } }')
    expect(response.errors).toBeUndefined()
    const summary = response.data.loanPortfolioSummary
    const sum = (rows: typeof raw, key: 'principal' | 'outstanding') => money(rows.reduce((s, r) => s + cents(r[key]), 0n))
    expect(summary.count).toBe(raw.length)
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
    const [row] = await mesh.databases.loans.query<{ id: string; decisionReason: string }>(`SELECT id, "decisionReason" FROM "LoanApplication" WHERE status = 'DECLINED' ORDER BY id LIMIT 1`)
    const response: any = await mesh.query(`{ loanApplication(id: "${row!.id}") { status decisionReason loan { id } riskAssessment { creditScore riskGrade reasons } } }`)
    expect(response.data.loanApplication).toMatchObject({ status: 'DECLINED', decisionReason: row!.decisionReason, loan: null })
    expect(response.data.loanApplication.riskAssessment.reasons.length).toBeGreaterThan(0)
  })

  test('originatedTo as a plain date covers its whole day; as an instant, that instant', async () => {
    const [loan] = await mesh.databases.loans.query<{ id: string; at: Date }>(`SELECT id, "originatedAt" AS at FROM "Loan" WHERE extract(hour FROM "originatedAt" AT TIME ZONE 'UTC') >= 1 ORDER BY id LIMIT 1`)
    const day = loan!.at.toISOString().slice(0, 10)
    const ids = async (to: string) => {
      const response: any = await mesh.query('query($from: DateTime, $to: DateTime) { loans(first: 100, filter: { originatedFrom: $from, originatedTo: $to }) { edges { node { id } } } }', { from: day, to })
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
    const applications = await mesh.databases.loans.query<{ status: string; customerId: string }>(`SELECT status::text AS status, "customerId" FROM "LoanApplication" WHERE "submittedAt" BETWEEN $1 AND $2 ${productSql}`, [from, to])
    const loans = await mesh.databases.loans.query<{ principal: string; customerId: string }>(`SELECT principal::text AS principal, "customerId" FROM "Loan" WHERE "originatedAt" BETWEEN $1 AND $2 ${productSql}`, [from, to])
    const of = (...statuses: string[]) => applications.filter((a) => statuses.includes(a.status)).length
    const decided = of('APPROVED', 'DECLINED')
    const volume = loans.reduce((sum, loan) => sum + cents(loan.principal), 0n)
    return {
      figures: {
        applications: applications.length, approved: of('APPROVED'), declined: of('DECLINED'), pending: of('SUBMITTED', 'UNDER_REVIEW'), withdrawn: of('WITHDRAWN'),
        approvalRate: decided ? Number((of('APPROVED') / decided).toFixed(4)) : null,
        loansPaidOut: loans.length, volumePaidOut: money(volume), averagePrincipal: loans.length ? money((volume * 2n + BigInt(loans.length)) / (2n * BigInt(loans.length))) : null,
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
    expect(performance).toMatchObject({ from: from.toISOString(), to: to.toISOString(), previousFrom: previousFrom.toISOString(), previousTo: previousTo.toISOString(), minimumGroupSize: 5 })
    for (const group of [performance.all, ...performance.byProduct]) {
      const current = await rawFigures(group.product, from, to)
      const previous = await rawFigures(group.product, previousFrom, previousTo)
      expect(group.current).toEqual(current.figures)
      expect(group.previous).toEqual(previous.figures)
      expect(group.applicationsChangePercent).toBe(previous.figures.applications ? Number((((current.figures.applications - previous.figures.applications) / previous.figures.applications) * 100).toFixed(2)) : null)
    }
    expect(performance.byProduct.map((g: any) => g.product)).toEqual(['PERSONAL', 'MORTGAGE', 'AUTO'])
    expect(performance.all.current.applications).toBeGreaterThan(0)
  })

  test('an executive reads loan performance, with groups of fewer customers than the minimum hidden; an analyst, who may read applications, sees them', async () => {
    // A day on which some product had between one and four applicants.
    const [day] = await mesh.databases.loans.query<{ day: string; product: string }>(`
      SELECT to_char(date_trunc('day', "submittedAt"), 'YYYY-MM-DD') AS day, product::text AS product FROM "LoanApplication"
      GROUP BY 1, 2 HAVING count(DISTINCT "customerId") BETWEEN 1 AND 4 ORDER BY 1 DESC LIMIT 1`)
    const executive: any = await mesh.query(PERFORMANCE, { from: day!.day, to: day!.day }, { authorization: `Bearer ${await mesh.token({ role: 'executive' })}` })
    expect(executive.errors).toBeUndefined()
    const small = executive.data.loanPerformance.byProduct.find((g: any) => g.product === day!.product)
    expect(small.current).toMatchObject({ applications: null, approved: null, approvalRate: null, suppressed: true })
    const analyst: any = await mesh.query(PERFORMANCE, { from: day!.day, to: day!.day }, { authorization: `Bearer ${await mesh.token({ role: 'analyst' })}` })
    expect(analyst.errors).toBeUndefined()
    const seen = analyst.data.loanPerformance.byProduct.find((g: any) => g.product === day!.product)
    const raw = await rawFigures(day!.product, new Date(`${day!.day}T00:00:00.000Z`), new Date(`${day!.day}T23:59:59.999Z`))
    expect(seen.current).toEqual(raw.figures)
    // Every figure the executive does see is the raw one.
    for (const group of [executive.data.loanPerformance.all, ...executive.data.loanPerformance.byProduct]) {
      const expected = await rawFigures(group.product, new Date(`${day!.day}T00:00:00.000Z`), new Date(`${day!.day}T23:59:59.999Z`))
      if (expected.applicants >= 5 || expected.applicants === 0) expect(group.current.applications).toBe(expected.figures.applications)
      else expect(group.current.applications).toBeNull()
      if (expected.borrowers >= 5 || expected.borrowers === 0) expect(group.current.volumePaidOut).toBe(expected.figures.volumePaidOut)
      else expect(group.current.volumePaidOut).toBeNull()
    }
    const customer: any = await mesh.query(PERFORMANCE, { from: day!.day, to: day!.day }, { authorization: `Bearer ${await mesh.token({ role: 'customer', customerId: 'C-00001' })}` })
    expect(customer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })

  test('a reversed principal range is refused with BAD_USER_INPUT', async () => {
    const response = await mesh.query('{ loans(filter: { minPrincipal: "50000", maxPrincipal: "1000" }) { totalCount } }')
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    expect(response.errors?.[0]?.message).toMatch(/swap them/)
  })
})

describe('risk', () => {
  test('a customer\'s credit score and grade come from their latest customer review, not older ones or loan assessments', async () => {
    const reviews = (await mesh.databases.risk.query<{ customerId: string; score: string; riskGrade: string; assessedAt: Date }>(
      `SELECT "customerId", "creditScoreEncrypted" AS score, "riskGrade"::text AS "riskGrade", "assessedAt" FROM "RiskAssessment" WHERE subject = 'CUSTOMER'`,
    )).map((r) => ({ ...r, creditScore: Number(mesh.cipher.decrypt(r.score, 'RiskAssessment.creditScore')) }))
    const reviewed = new Map<string, typeof reviews>()
    for (const r of reviews) reviewed.set(r.customerId, [...(reviewed.get(r.customerId) ?? []), r])
    const twice = [...reviewed.entries()].filter(([, list]) => list.length > 1).slice(0, 25)
    expect(twice.length).toBeGreaterThan(5)
    const response: any = await mesh.query(`{ ${twice.map(([id], i) => `c${i}: customer(id: "${id}") { id creditScore riskGrade riskProfile { assessedAt } }`).join(' ')} }`)
    expect(response.errors).toBeUndefined()
    twice.forEach(([, list], i) => {
      const latest = [...list].sort((a, b) => b.assessedAt.getTime() - a.assessedAt.getTime())[0]!
      expect(response.data[`c${i}`]).toMatchObject({ creditScore: latest.creditScore, riskGrade: latest.riskGrade, riskProfile: { assessedAt: latest.assessedAt.toISOString() } })
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
    for (const g of response.data.riskGradeDistribution) expect(g.count).toBe(raw.find((r) => r.grade === g.grade)?.count ?? 0)
    expect(response.data.riskGradeDistribution.reduce((n: number, g: any) => n + g.count, 0)).toBe(mesh.demo.customers)
  })

  test('assessments filtered by grade match the raw rows, and each decrypted score lies in the grade\'s band', async () => {
    const [raw] = await mesh.databases.risk.query<{ n: number }>(`SELECT count(*)::int AS n FROM "RiskAssessment" WHERE "riskGrade" = 'D' AND subject = 'LOAN_APPLICATION'`)
    const response: any = await mesh.query('{ riskAssessments(filter: { riskGrade: D, subject: LOAN_APPLICATION }, first: 1000) { totalCount edges { node { creditScore riskGrade } } } }')
    expect(response.data.riskAssessments.totalCount).toBe(raw!.n)
    expect(raw!.n).toBeGreaterThan(0)
    for (const edge of response.data.riskAssessments.edges) {
      expect(edge.node.riskGrade).toBe('D')
      expect(edge.node.creditScore).toBeGreaterThanOrEqual(600)
      expect(edge.node.creditScore).toBeLessThan(650)
    }
  })
})
