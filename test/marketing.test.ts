// The Marketing data product through the gateway: acquisition per period, campaign rankings and rates,
// each checked against counts taken with plain SQL from the marketing database.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startMesh, TEST_AS_OF, type RunningMesh } from './support/mesh'

interface Period {
  label: string
  periodStart: string
  periodEnd: string
  isComplete: boolean
  newCustomers: number
  previousPeriodNewCustomers: number
  change: number
  changePercent: number | null
}
interface Rank {
  rank: number
  newCustomers: number
  shareOfNewCustomers: number
  campaign: { id: string; name: string; conversionRate: number | null }
}
interface CampaignRow {
  id: string
  name: string
  impressions: number
  clicks: number
  conversions: number
  startDate: Date
  endDate: Date
  spend: string
}

const AS_OF = TEST_AS_OF // 2026-11-25: "last month" is October 2026
const PERIOD_FIELDS =
  'label periodStart periodEnd isComplete newCustomers previousPeriodNewCustomers change changePercent'

let mesh: RunningMesh

beforeAll(async () => {
  mesh = await startMesh({ asOf: AS_OF })
})
afterAll(() => mesh?.stop())

/** Acquisitions in [from, to), counted straight from the table. */
async function acquiredBetween(from: Date, to: Date): Promise<number> {
  const [row] = await mesh.databases.marketing.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM "CustomerAcquisition" WHERE "acquiredAt" >= $1 AND "acquiredAt" < $2',
    [from, to],
  )
  return row!.n
}

const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month, 1))
const percentChange = (current: number, previous: number) =>
  previous === 0 ? null : ((current - previous) / previous) * 100

async function statementCount(): Promise<number> {
  const text = await (await fetch(mesh.subgraphUrls.marketing.replace(/\/graphql$/, '/metrics'))).text()
  const line = text.split('\n').find((l) => l.startsWith('db_statements_total{'))
  return line ? Number(line.split(' ').at(-1)) : 0
}

describe('marketing', () => {
  test('new customers for the last two complete months match the raw rows, each compared with the month before', async () => {
    const response = await mesh.query<{ customerAcquisition: Period[] }>(
      `{ customerAcquisition(granularity: MONTH, last: 2) { ${PERIOD_FIELDS} } }`,
    )
    expect(response.errors).toBeUndefined()
    const [august, september, october] = [
      await acquiredBetween(monthStart(2026, 7), monthStart(2026, 8)),
      await acquiredBetween(monthStart(2026, 8), monthStart(2026, 9)),
      await acquiredBetween(monthStart(2026, 9), monthStart(2026, 10)),
    ]
    const periods = response.data!.customerAcquisition
    expect(periods.map((p) => [p.label, p.periodStart, p.periodEnd, p.isComplete])).toEqual([
      ['2026-09', '2026-09-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z', true],
      ['2026-10', '2026-10-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z', true],
    ])
    expect(periods.map((p) => [p.newCustomers, p.previousPeriodNewCustomers, p.change])).toEqual([
      [september, august, september - august],
      [october, september, october - september],
    ])
    for (const [period, previous] of [
      [periods[0]!, august],
      [periods[1]!, september],
    ] as const) {
      const expected = percentChange(period.newCustomers, previous)
      if (expected === null) expect(period.changePercent).toBeNull()
      else expect(period.changePercent).toBeCloseTo(expected, 1)
    }
    expect(october + september).toBeGreaterThan(0)
  })

  test('including the current period appends the partial month so far, marked incomplete', async () => {
    const response = await mesh.query<{ customerAcquisition: Period[] }>(
      `{ customerAcquisition(granularity: MONTH, last: 1, includeCurrentPeriod: true) { ${PERIOD_FIELDS} } }`,
    )
    expect(response.errors).toBeUndefined()
    const periods = response.data!.customerAcquisition
    expect(periods.map((p) => [p.label, p.isComplete])).toEqual([
      ['2026-10', true],
      ['2026-11', false],
    ])
    expect(periods[1]!.newCustomers).toBe(await acquiredBetween(monthStart(2026, 10), AS_OF))
    expect(periods[1]!.previousPeriodNewCustomers).toBe(periods[0]!.newCustomers)
  })

  test('a weekly range returns every Monday-to-Monday week in order, empty weeks included with zero', async () => {
    // June 2026 has no acquisitions in the demo data, so this range holds empty weeks.
    const from = new Date('2026-06-01T00:00:00.000Z') // a Monday, ISO week 23
    const to = new Date('2026-08-03T00:00:00.000Z')
    const response = await mesh.query<{ customerAcquisition: Period[] }>(
      `query($from: DateTime, $to: DateTime) { customerAcquisition(granularity: WEEK, from: $from, to: $to) { ${PERIOD_FIELDS} } }`,
      { from: from.toISOString(), to: to.toISOString() },
    )
    expect(response.errors).toBeUndefined()
    const periods = response.data!.customerAcquisition
    const weekMillis = 7 * 86_400_000
    const expected = []
    for (let start = from.getTime(); start < to.getTime(); start += weekMillis) {
      expected.push({
        periodStart: new Date(start).toISOString(),
        periodEnd: new Date(start + weekMillis).toISOString(),
        newCustomers: await acquiredBetween(new Date(start), new Date(start + weekMillis)),
        previousPeriodNewCustomers: await acquiredBetween(new Date(start - weekMillis), new Date(start)),
      })
    }
    expect(
      periods.map(({ periodStart, periodEnd, newCustomers, previousPeriodNewCustomers }) => ({
        periodStart,
        periodEnd,
        newCustomers,
        previousPeriodNewCustomers,
      })),
    ).toEqual(expected)
    expect(periods).toHaveLength(9)
    expect(periods[0]!.label).toBe('2026-W23')
    expect(periods.at(-1)!.label).toBe('2026-W31')
    expect(periods.filter((p) => p.newCustomers === 0).length).toBeGreaterThan(0)
    for (const p of periods) if (p.previousPeriodNewCustomers === 0) expect(p.changePercent).toBeNull()
  })

  test('quarterly acquisition for one campaign or one channel counts only those customers', async () => {
    const [campaign] = await mesh.databases.marketing.query<{ campaignId: string }>(
      'SELECT "campaignId" FROM "CustomerAcquisition" WHERE "campaignId" IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1',
    )
    const quarters = [
      new Date('2025-07-01T00:00:00.000Z'),
      new Date('2025-10-01T00:00:00.000Z'),
      new Date('2026-01-01T00:00:00.000Z'),
      new Date('2026-04-01T00:00:00.000Z'),
      new Date('2026-07-01T00:00:00.000Z'),
    ]
    const count = async (column: string, value: string, from: Date, to: Date) =>
      (
        await mesh.databases.marketing.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "CustomerAcquisition" WHERE "${column}" = $1 AND "acquiredAt" >= $2 AND "acquiredAt" < $3`,
          [value, from, to],
        )
      )[0]!.n
    const response = await mesh.query<{ byCampaign: Period[]; byChannel: Period[] }>(
      `query($campaignId: ID) {
        byCampaign: customerAcquisition(granularity: QUARTER, from: "2025-10-15", to: "2026-07-01", campaignId: $campaignId) { ${PERIOD_FIELDS} }
        byChannel: customerAcquisition(granularity: QUARTER, from: "2025-10-01", to: "2026-07-01", channel: "web") { ${PERIOD_FIELDS} }
      }`,
      { campaignId: campaign!.campaignId },
    )
    expect(response.errors).toBeUndefined()
    const expectedCampaign = []
    const expectedChannel = []
    for (let i = 1; i < 4; i++) {
      expectedCampaign.push([
        quarters[i]!.toISOString(),
        await count('campaignId', campaign!.campaignId, quarters[i]!, quarters[i + 1]!),
        await count('campaignId', campaign!.campaignId, quarters[i - 1]!, quarters[i]!),
      ])
      expectedChannel.push([
        quarters[i]!.toISOString(),
        await count('channel', 'WEB', quarters[i]!, quarters[i + 1]!),
        await count('channel', 'WEB', quarters[i - 1]!, quarters[i]!),
      ])
    }
    expect(response.data!.byCampaign.map((p) => [p.periodStart, p.newCustomers, p.previousPeriodNewCustomers])).toEqual(
      expectedCampaign,
    )
    expect(response.data!.byChannel.map((p) => [p.periodStart, p.newCustomers, p.previousPeriodNewCustomers])).toEqual(
      expectedChannel,
    )
    expect(response.data!.byCampaign.map((p) => p.label)).toEqual(['2025-Q4', '2026-Q1', '2026-Q2'])
    expect(expectedCampaign.some(([, n]) => Number(n) > 0)).toBe(true)
  })

  test('the campaign ranked first brought the most new customers in the period, with its share of all new customers', async () => {
    const from = new Date('2026-01-01T00:00:00.000Z')
    const to = new Date('2026-11-01T00:00:00.000Z')
    const groups = await mesh.databases.marketing.query<{ campaignId: string | null; n: number }>(
      'SELECT "campaignId", count(*)::int AS n FROM "CustomerAcquisition" WHERE "acquiredAt" >= $1 AND "acquiredAt" < $2 GROUP BY "campaignId"',
      [from, to],
    )
    const total = groups.reduce((sum, g) => sum + g.n, 0)
    const ranked = groups
      .filter((g) => g.campaignId !== null)
      .sort((a, b) => b.n - a.n || (a.campaignId! < b.campaignId! ? -1 : 1))
      .slice(0, 3)
    const campaigns = await mesh.databases.marketing.query<CampaignRow>(
      'SELECT id, name, clicks, conversions FROM "Campaign"',
    )
    const byId = new Map(campaigns.map((c) => [c.id, c]))

    const response = await mesh.query<{ topCampaignsByAcquisition: Rank[] }>(
      'query($from: DateTime, $to: DateTime) { topCampaignsByAcquisition(from: $from, to: $to, first: 3) { rank newCustomers shareOfNewCustomers campaign { id name conversionRate } } }',
      { from: from.toISOString(), to: to.toISOString() },
    )
    expect(response.errors).toBeUndefined()
    const ranks = response.data!.topCampaignsByAcquisition
    expect(ranks.map((r) => [r.rank, r.campaign.id, r.campaign.name, r.newCustomers])).toEqual(
      ranked.map((g, i) => [i + 1, g.campaignId, byId.get(g.campaignId!)!.name, g.n]),
    )
    ranks.forEach((r, i) => {
      expect(r.shareOfNewCustomers).toBeCloseTo(ranked[i]!.n / total, 4)
      const row = byId.get(r.campaign.id)!
      expect(r.campaign.conversionRate).toBeCloseTo(row.conversions / row.clicks, 4)
    })
    expect(total).toBeGreaterThan(ranked.reduce((sum, g) => sum + g.n, 0))
  })

  test('campaign rates are ratios rounded to 4 decimals, null when nothing was shown or clicked', async () => {
    const rows = await mesh.databases.marketing.query<CampaignRow & { acquired: number; cost: string | null }>(
      `SELECT c.id, c.impressions, c.clicks, c.conversions, count(a."customerId")::int AS acquired,
              CASE WHEN count(a."customerId") = 0 THEN NULL ELSE round(c.spend / count(a."customerId"), 2)::text END AS cost
       FROM "Campaign" c LEFT JOIN "CustomerAcquisition" a ON a."campaignId" = c.id GROUP BY c.id`,
    )
    const response = await mesh.query<{
      campaigns: {
        edges: {
          node: {
            id: string
            clickThroughRate: number | null
            conversionRate: number | null
            newCustomers: number
            costPerAcquisition: string | null
          }
        }[]
      }
    }>(
      '{ campaigns(first: 1000) { edges { node { id clickThroughRate conversionRate newCustomers costPerAcquisition } } } }',
    )
    expect(response.errors).toBeUndefined()
    const nodes = new Map(response.data!.campaigns.edges.map((e) => [e.node.id, e.node]))
    expect(nodes.size).toBe(rows.length)
    for (const row of rows) {
      const node = nodes.get(row.id)!
      const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000)
      expect([node.id, node.clickThroughRate, node.conversionRate, node.newCustomers, node.costPerAcquisition]).toEqual(
        [row.id, ratio(row.clicks, row.impressions), ratio(row.conversions, row.clicks), row.acquired, row.cost],
      )
    }
    expect(rows.some((r) => r.impressions === 0)).toBe(true)
    expect(rows.some((r) => r.cost === null)).toBe(true)
  })

  test('campaigns running on a date, ordered by spend, page through exactly the raw rows', async () => {
    const activeOn = new Date('2026-01-15T00:00:00.000Z')
    const rows = await mesh.databases.marketing.query<CampaignRow>(
      'SELECT id, spend::text AS spend FROM "Campaign" WHERE "startDate" <= $1 AND "endDate" >= $1',
      [activeOn],
    )
    const ranges = await mesh.databases.marketing.query<CampaignRow>(
      `SELECT id, spend::text AS spend FROM "Campaign" WHERE "endDate" >= '2025-01-01' AND "startDate" <= '2025-12-31'`,
    )
    const bySpendDesc = (a: CampaignRow, b: CampaignRow) => Number(b.spend) - Number(a.spend) || (a.id < b.id ? 1 : -1)
    for (const [filter, expected] of [
      [{ activeOn: '2026-01-15' }, rows],
      [{ runningFrom: '2025-01-01', runningTo: '2025-12-31' }, ranges],
    ] as const) {
      const ids: string[] = []
      let after: string | null = null
      let totalCount = -1
      for (let guard = 0; guard < 50; guard++) {
        const page: {
          data?: {
            campaigns: {
              totalCount: number
              pageInfo: { hasNextPage: boolean; endCursor: string | null }
              edges: { node: { id: string } }[]
            }
          } | null
          errors?: unknown
        } = await mesh.query(
          'query($filter: CampaignFilter, $after: String) { campaigns(filter: $filter, first: 2, after: $after, orderBy: { field: SPEND, direction: DESC }) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }',
          { filter, after },
        )
        expect(page.errors).toBeUndefined()
        totalCount = page.data!.campaigns.totalCount
        ids.push(...page.data!.campaigns.edges.map((e) => e.node.id))
        if (!page.data!.campaigns.pageInfo.hasNextPage) break
        after = page.data!.campaigns.pageInfo.endCursor
      }
      expect(totalCount).toBe(expected.length)
      expect(ids).toEqual([...expected].sort(bySpendDesc).map((r) => r.id))
      expect(ids.length).toBeGreaterThan(0)
    }
  })

  const CAMPAIGN_BREAKDOWN = `query($by: [CampaignDimension!]!, $filter: CampaignFilter) { campaignBreakdown(by: $by, filter: $filter) { minimumGroupSize hiddenGroups
    groups { channel status month count budget spend impressions clicks conversions newCustomers clickThroughRate conversionRate costPerAcquisition } } }`
  type Raw = {
    id: string
    channel: string
    status: string
    startDate: Date
    endDate: Date
    budget: string
    spend: string
    impressions: number
    clicks: number
    conversions: number
  }

  /** The groups the breakdown should give, from the campaigns' raw rows and the acquisition records; rates in units of 10^-4. */
  async function rawCampaignGroups(
    dimensions: ('channel' | 'status' | 'month')[],
    keep: (row: Raw) => boolean = () => true,
  ) {
    const campaigns = (
      await mesh.databases.marketing.query<Raw>(
        'SELECT id, channel::text AS channel, status::text AS status, "startDate", "endDate", budget::text AS budget, spend::text AS spend, impressions, clicks, conversions FROM "Campaign"',
      )
    ).filter(keep)
    const acquired = new Map<string, number>()
    for (const { campaignId } of await mesh.databases.marketing.query<{ campaignId: string }>(
      'SELECT "campaignId" FROM "CustomerAcquisition" WHERE "campaignId" IS NOT NULL',
    ))
      acquired.set(campaignId, (acquired.get(campaignId) ?? 0) + 1)
    const cents = (amount: string) => BigInt(amount.replace('.', ''))
    const money = (value: bigint) => `${value / 100n}.${String(value % 100n).padStart(2, '0')}`
    const halfUp = (numerator: bigint, denominator: bigint) =>
      denominator === 0n ? null : (2n * numerator + denominator) / (2n * denominator)
    const keyOf = (row: Raw) =>
      dimensions.map((d) => (d === 'month' ? row.startDate.toISOString().slice(0, 7) : row[d]))
    const groups = new Map<string, Raw[]>()
    for (const row of campaigns) groups.set(keyOf(row).join('|'), [...(groups.get(keyOf(row).join('|')) ?? []), row])
    return [...groups.keys()].sort().map((key) => {
      const rows = groups.get(key)!
      const sum = (of: (row: Raw) => bigint) => rows.reduce((total, row) => total + of(row), 0n)
      const [impressions, clicks, conversions, newCustomers] = [
        sum((r) => BigInt(r.impressions)),
        sum((r) => BigInt(r.clicks)),
        sum((r) => BigInt(r.conversions)),
        sum((r) => BigInt(acquired.get(r.id) ?? 0)),
      ]
      const spend = sum((r) => cents(r.spend))
      const perAcquisition = halfUp(spend, newCustomers)
      return {
        channel: null,
        status: null,
        month: null,
        ...Object.fromEntries(dimensions.map((d, i) => [d, key.split('|')[i]])),
        count: rows.length,
        budget: money(sum((r) => cents(r.budget))),
        spend: money(spend),
        impressions: Number(impressions),
        clicks: Number(clicks),
        conversions: Number(conversions),
        newCustomers: Number(newCustomers),
        clickThroughRate: halfUp(clicks * 10_000n, impressions),
        conversionRate: halfUp(conversions * 10_000n, clicks),
        costPerAcquisition: perAcquisition === null ? null : money(perAcquisition),
      }
    })
  }
  const rateUnits = (rate: string | null) =>
    rate === null
      ? null
      : BigInt(rate.replace(/^(\d+)\.(\d*)$/, (_m, whole: string, fraction: string) => whole + fraction.padEnd(4, '0')))
  const inUnits = (groups: any[]) =>
    groups.map((g) => ({
      ...g,
      clickThroughRate: rateUnits(g.clickThroughRate),
      conversionRate: rateUnits(g.conversionRate),
    }))

  test('campaignBreakdown by channel and status equals the groups of the raw rows, with rates from the sums; an executive sees every group, however small', async () => {
    const expected = await rawCampaignGroups(['channel', 'status'])
    expect(expected.some((g) => g.count < 5)).toBe(true)
    expect(expected.some((g) => g.costPerAcquisition === null)).toBe(true)
    const response = await mesh.query<any>(
      CAMPAIGN_BREAKDOWN,
      { by: ['CHANNEL', 'STATUS'] },
      { authorization: `Bearer ${await mesh.token({ role: 'executive' })}` },
    )
    expect(response.errors).toBeUndefined()
    expect(response.data!.campaignBreakdown.minimumGroupSize).toBeNull()
    expect(response.data!.campaignBreakdown.hiddenGroups).toBe(0)
    expect(inUnits(response.data!.campaignBreakdown.groups)).toEqual(expected)
  })

  test("campaignBreakdown by month started takes the campaigns' filter and counts what campaigns counts with it", async () => {
    const filter = { runningFrom: '2026-01-01', channel: 'SOCIAL' }
    const response = await mesh.query<any>(
      `query($filter: CampaignFilter) { campaigns(filter: $filter) { totalCount } breakdown: campaignBreakdown(by: [MONTH], filter: $filter) { groups { channel status month count budget spend impressions clicks conversions newCustomers clickThroughRate conversionRate costPerAcquisition } } }`,
      { filter },
    )
    expect(response.errors).toBeUndefined()
    const expected = await rawCampaignGroups(
      ['month'],
      (row) => row.channel === 'SOCIAL' && row.endDate >= new Date('2026-01-01T00:00:00Z'),
    )
    expect(expected.length).toBeGreaterThan(0)
    expect(inUnits(response.data!.breakdown.groups)).toEqual(expected)
    expect(expected.reduce((n, g) => n + g.count, 0)).toBe(response.data!.campaigns.totalCount)
    for (const other of [
      { activeOn: '2026-01-15' },
      { nameContains: 'SUMMER' },
      { status: 'COMPLETED', runningTo: '2025-12-31' },
    ]) {
      const counted = await mesh.query<any>(
        'query($filter: CampaignFilter) { campaigns(filter: $filter) { totalCount } campaignBreakdown(by: [STATUS], filter: $filter) { groups { count } } }',
        { filter: other },
      )
      expect(counted.errors).toBeUndefined()
      expect(counted.data!.campaignBreakdown.groups.reduce((n: number, g: any) => n + g.count, 0)).toBe(
        counted.data!.campaigns.totalCount,
      )
    }
  })

  test('campaign figures are refused to a customer, and a breakdown by no dimension or three is bad input', async () => {
    const customer = await mesh.query<any>(
      CAMPAIGN_BREAKDOWN,
      { by: ['CHANNEL'] },
      { authorization: `Bearer ${await mesh.token({ role: 'customer', customerId: 'C-00001' })}` },
    )
    expect(customer.data?.campaignBreakdown ?? null).toBeNull()
    expect(customer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    const marketing = await mesh.query<any>(
      CAMPAIGN_BREAKDOWN,
      { by: ['CHANNEL'] },
      { authorization: `Bearer ${await mesh.token({ role: 'marketing' })}` },
    )
    expect(marketing.errors).toBeUndefined()
    for (const by of [[], ['CHANNEL', 'STATUS', 'MONTH']])
      expect((await mesh.query(CAMPAIGN_BREAKDOWN, { by })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  test("a customer's acquisition names the campaign and channel marketing recorded for them", async () => {
    const [row] = await mesh.databases.marketing.query<{
      customerId: string
      campaignId: string
      channel: string
      acquiredAt: Date
      name: string
    }>(
      'SELECT a."customerId", a."campaignId", a.channel, a."acquiredAt", c.name FROM "CustomerAcquisition" a JOIN "Campaign" c ON c.id = a."campaignId" ORDER BY a."customerId" LIMIT 1',
    )
    const response = await mesh.query<{
      customer: {
        acquisition: {
          channel: string
          acquiredAt: string
          campaign: { id: string; name: string }
          customer: { id: string }
        }
      }
    }>(
      `{ customer(id: "${row!.customerId}") { acquisition { channel acquiredAt campaign { id name } customer { id } } } }`,
    )
    expect(response.errors).toBeUndefined()
    expect(response.data!.customer.acquisition).toEqual({
      channel: row!.channel,
      acquiredAt: row!.acquiredAt.toISOString(),
      campaign: { id: row!.campaignId, name: row!.name },
      customer: { id: row!.customerId },
    })
  })

  test('two years of monthly acquisition cost one SQL statement, and per-campaign counts one for all campaigns', async () => {
    let before = await statementCount()
    const series = await mesh.query<{ customerAcquisition: Period[] }>(
      '{ customerAcquisition(granularity: MONTH, last: 24) { newCustomers previousPeriodNewCustomers } }',
    )
    expect(series.errors).toBeUndefined()
    expect(series.data!.customerAcquisition).toHaveLength(24)
    expect((await statementCount()) - before).toBe(1)

    const perCampaign =
      '{ campaigns(first: 1000) { edges { node { id newCustomers(from: "2026-01-01") costPerAcquisition } } } }'
    before = await statementCount()
    const response = await mesh.query<{ campaigns: { edges: unknown[] } }>(perCampaign)
    expect(response.errors).toBeUndefined()
    expect(response.data!.campaigns.edges.length).toBeGreaterThan(10)
    // The page, one grouped count for the period and one for all time.
    expect((await statementCount()) - before).toBe(3)
  })

  test.each([
    [
      'last: 0',
      '{ customerAcquisition(granularity: MONTH, last: 0) { label } }',
      /"last" must be a whole number from 1 to 120/,
    ],
    [
      'last: 121',
      '{ customerAcquisition(granularity: MONTH, last: 121) { label } }',
      /"last" must be a whole number from 1 to 120/,
    ],
    ['neither last nor from', '{ customerAcquisition(granularity: MONTH) { label } }', /give "last".*or a "from" date/],
    [
      'last with a range',
      '{ customerAcquisition(granularity: MONTH, last: 2, from: "2026-01-01") { label } }',
      /either "last" or a "from"\/"to" range/,
    ],
    [
      'from after to',
      '{ customerAcquisition(granularity: MONTH, from: "2026-05-01", to: "2026-01-01") { label } }',
      /"from" .* must be before "to"/,
    ],
    [
      'too many days',
      '{ customerAcquisition(granularity: DAY, from: "2000-01-01", to: "2026-01-01") { label } }',
      /more than 1000 periods/,
    ],
    [
      'first: 0 for the ranking',
      '{ topCampaignsByAcquisition(first: 0) { rank } }',
      /"first" must be a whole number from 1 to 100/,
    ],
    [
      'first: 101 for the ranking',
      '{ topCampaignsByAcquisition(first: 101) { rank } }',
      /"first" must be a whole number from 1 to 100/,
    ],
    [
      'a reversed ranking period',
      '{ topCampaignsByAcquisition(from: "2026-11-01", to: "2026-10-01") { rank } }',
      /"from" .* must be before "to"/,
    ],
    [
      'a reversed campaign period',
      '{ campaigns(first: 1) { edges { node { newCustomers(from: "2026-11-01", to: "2026-11-01") } } } }',
      /"from" .* must be before "to"/,
    ],
    [
      'a page of 1001 campaigns',
      '{ campaigns(first: 1001) { totalCount } }',
      /"first" must be an integer between 0 and 1000/,
    ],
  ])('%s is refused with BAD_USER_INPUT and a message saying what to change', async (_case, query, message) => {
    const response = await mesh.query(query)
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
    expect(response.errors?.[0]?.message).toMatch(message)
  })
})
