// Behaviour patterns and the global-account propensity score through the gateway, as each role sees them:
// customer service reads a customer's patterns and score, a customer only their own, marketing only counts
// (small groups suppressed) and is refused individuals' scores, with the refusal in the audit trail.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startMesh, type RunningMesh } from './support/mesh'
import { PROPENSITY_MODEL_FILE, PROPENSITY_MODEL_VERSION } from '../subgraphs/transactions/behaviour/propensity-model'

let mesh: RunningMesh

beforeAll(async () => {
  mesh = await startMesh({ customers: 40 })
})
afterAll(() => mesh?.stop())

type Role = Parameters<RunningMesh['token']>[0]['role']
const bearer = async (role: Role, extra: { customerId?: string; subject?: string } = {}) => ({
  authorization: `Bearer ${await mesh.token({ role, ...extra })}`,
})
const rowsOf = <T>(sql: string, parameters: unknown[] = []) => mesh.databases.transactions.query<T>(sql, parameters)
const K = 5
const bands = (JSON.parse(readFileSync(PROPENSITY_MODEL_FILE, 'utf8')) as { bands: { MEDIUM: number; HIGH: number } })
  .bands

interface Pattern {
  kind: string
  cadence: string
  countries: string[]
  monthsSeen: number
  occurrences: number
}
interface Propensity {
  score: number
  band: string
  modelVersion: string
  signals: string[]
}
interface Group {
  pattern: string | null
  segment: string | null
  country: string | null
  customers: number | null
  suppressed: boolean
}

/** Months (30 days back from the demo bank's today) in which each customer sent money abroad, from the raw rows. */
async function monthsAbroad(): Promise<Map<string, { months: number; country: string }>> {
  const rows = await rowsOf<{ customerId: string; months: number; country: string }>(
    `
    SELECT "customerId", count(DISTINCT floor(extract(epoch FROM ($1::timestamptz - date)) / (30 * 86400)))::int AS months,
      mode() WITHIN GROUP (ORDER BY "counterpartyCountry") AS country
    FROM "Transaction" WHERE type = 'TRANSFER' AND direction = 'DEBIT' AND "counterpartyCountry" <> 'US' AND status <> 'REVERSED'
      AND date >= $1::timestamptz - interval '360 days' AND date < $1::timestamptz
    GROUP BY 1`,
    [mesh.demo.asOf.toISOString()],
  )
  return new Map(rows.map((row) => [row.customerId, { months: row.months, country: row.country }]))
}

describe('behaviour patterns and propensity through the graph', () => {
  let abroad: Map<string, { months: number; country: string }>
  let sender: string
  let allIds: string[]

  beforeAll(async () => {
    abroad = await monthsAbroad()
    sender = [...abroad]
      .filter(([, a]) => a.months >= 10)
      .map(([id]) => id)
      .sort()[0]!
    allIds = (await rowsOf<{ customerId: string }>('SELECT DISTINCT "customerId" FROM "Transaction" ORDER BY 1')).map(
      (row) => row.customerId,
    )
  })

  test('customer service reads the monthly pattern of a customer who sends money abroad every month, and their score', async () => {
    expect(sender).toBeDefined()
    const response = await mesh.query<{
      customer: { behaviour: { monthsObserved: number; segment: string; patterns: Pattern[] }; propensity: Propensity }
    }>(
      'query($id: ID!) { customer(id: $id) { behaviour { monthsObserved segment patterns { kind cadence countries monthsSeen occurrences } } propensity(product: GLOBAL_ACCOUNT) { score band modelVersion signals } } }',
      { id: sender },
      await bearer('customer_service'),
    )
    expect(response.errors).toBeUndefined()
    const { behaviour, propensity } = response.data!.customer
    const international = behaviour.patterns.find((p) => p.kind === 'INTERNATIONAL_TRANSFERS')
    expect(international).toMatchObject({ cadence: 'MONTHLY', monthsSeen: abroad.get(sender)!.months })
    expect(international!.countries[0]).toBe(abroad.get(sender)!.country)
    expect(behaviour.patterns.some((p) => p.kind === 'SALARY')).toBe(true)
    expect(propensity.modelVersion).toBe(PROPENSITY_MODEL_VERSION)
    expect(propensity.score).toBeGreaterThanOrEqual(0)
    expect(propensity.score).toBeLessThanOrEqual(1)
    expect(propensity.band).toBe(
      propensity.score >= bands.HIGH ? 'HIGH' : propensity.score >= bands.MEDIUM ? 'MEDIUM' : 'LOW',
    )
    expect(propensity.signals[0]).toMatch(new RegExp(`^Sends money abroad monthly \\(${abroad.get(sender)!.country}`))
  })

  test('every customer: the pattern is found for those who sent money abroad in 10 of 12 months, never for those who sent none', async () => {
    const response = await mesh.query<{
      customers: { edges: { node: { id: string; behaviour: { patterns: Pattern[] } } }[] }
    }>(
      '{ customers(first: 100) { edges { node { id behaviour { patterns { kind } } } } } }',
      undefined,
      await bearer('analyst'),
    )
    expect(response.errors).toBeUndefined()
    const found = new Set(
      response
        .data!.customers.edges.filter((e) =>
          e.node.behaviour.patterns.some((p) => p.kind === 'INTERNATIONAL_TRANSFERS'),
        )
        .map((e) => e.node.id),
    )
    for (const [id, { months }] of abroad) if (months >= 10) expect(found).toContain(id)
    for (const id of allIds) if (!abroad.has(id)) expect(found).not.toContain(id)
    // The analyst, who may read profiles, gets the same count from the aggregate, unsuppressed.
    const counts = await mesh.query<{ behaviourPatternBreakdown: { groups: Group[]; suppressedGroups: number } }>(
      '{ behaviourPatternBreakdown(by: [PATTERN]) { suppressedGroups groups { pattern customers suppressed } } }',
      undefined,
      await bearer('analyst'),
    )
    expect(
      counts.data!.behaviourPatternBreakdown.groups.find((g) => g.pattern === 'INTERNATIONAL_TRANSFERS')!.customers,
    ).toBe(found.size)
    expect(counts.data!.behaviourPatternBreakdown.suppressedGroups).toBe(0)
  })

  test("a customer reads their own behaviour and score, and is refused another customer's audience", async () => {
    const own = await bearer('customer', { customerId: sender })
    const response = await mesh.query<{
      customers: { edges: { node: { id: string; behaviour: { patterns: Pattern[] }; propensity: Propensity } }[] }
    }>(
      '{ customers(first: 100) { edges { node { id behaviour { patterns { kind } } propensity { score } } } } }',
      undefined,
      own,
    )
    expect(response.errors).toBeUndefined()
    expect(response.data!.customers.edges.map((e) => e.node.id)).toEqual([sender])
    expect(response.data!.customers.edges[0]!.node.behaviour.patterns.map((p) => p.kind)).toContain(
      'INTERNATIONAL_TRANSFERS',
    )
    const other = allIds.find((id) => id !== sender)!
    const refused = await mesh.query<{ campaignAudience: unknown }>(
      'query($other: ID!) { campaignAudience(minimumBand: LOW, filter: { customerId: $other }) { size customers { id } } }',
      { other },
      own,
    )
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    expect(refused.data?.campaignAudience ?? null).toBeNull()
  })

  test('marketing reads counts per pattern and country, small groups suppressed, and no customer in an audience', async () => {
    const subject = `marketing-${randomUUID()}`
    const marketing = await bearer('marketing', { subject })
    const QUERY = `{
      byCountry: behaviourPatternBreakdown(by: [PATTERN, COUNTRY], filter: { pattern: INTERNATIONAL_TRANSFERS }) { minimumGroupSize customers suppressedGroups groups { pattern country customers suppressed } }
      audience: campaignAudience(product: GLOBAL_ACCOUNT, minimumBand: MEDIUM) { size suppressed bySegment { segment customers suppressed } customers { id } }
      one: campaignAudience(minimumBand: LOW, filter: { customerId: "${sender}" }) { size suppressed }
    }`
    const [asMarketing, asAnalyst] = await Promise.all([
      mesh.query<any>(QUERY, undefined, marketing),
      mesh.query<any>(QUERY, undefined, await bearer('analyst')),
    ])
    expect(asAnalyst.errors).toBeUndefined()
    const seen = new Map<string, number>(asAnalyst.data.byCountry.groups.map((g: Group) => [g.country, g.customers]))
    // Expected from the raw rows: each country's customers among those the analyst sees counted.
    const shown: Group[] = asMarketing.data.byCountry.groups
    expect(asMarketing.data.byCountry.minimumGroupSize).toBe(K)
    expect(shown.map((g) => g.country).sort()).toEqual([...seen.keys()].sort())
    for (const group of shown) {
      if (seen.get(group.country!)! < K) expect(group).toMatchObject({ customers: null, suppressed: true })
      if (!group.suppressed) expect(group.customers).toBe(seen.get(group.country!))
    }
    expect(shown.some((g) => g.suppressed)).toBe(true)
    expect(asMarketing.data.byCountry.suppressedGroups).toBe(shown.filter((g) => g.suppressed).length)
    // The audience: its size as the analyst counts it (when at least k), its members refused.
    const size: number = asAnalyst.data.audience.size
    expect(asAnalyst.data.audience.customers).toHaveLength(size)
    expect(asMarketing.data.audience.size).toBe(size >= K ? size : null)
    expect(asMarketing.data.audience.customers).toBeNull()
    const audienceDenial = asMarketing.errors?.find((e: any) => e.path?.join('.') === 'audience.customers')
    expect(audienceDenial?.extensions?.code).toBe('FORBIDDEN')
    expect(audienceDenial?.message).toMatch(/behaviour-profile data is not available to the marketing role/)
    // A group of one customer is no audience marketing may size.
    expect(asMarketing.data.one).toEqual({ size: null, suppressed: true })
    expect(asAnalyst.data.one).toEqual({ size: 1, suppressed: false })
  })

  test('the catalog finds the patterns and the score: by words, by field, and their lineage back to the Transaction table', async () => {
    const analyst = await bearer('analyst')
    const QUERY = `{
      byWords: dataProducts(filter: { text: "customers who send money abroad: propensity for the global account" }) { id }
      byField: dataProducts(filter: { field: "Customer.propensity" }) { id glossary { term filter } }
      lineage(of: "Customer.propensity", direction: UPSTREAM) { nodes { id kind } edges { from to kind via } }
    }`
    const response = await mesh.query<any>(QUERY, undefined, analyst)
    expect(response.errors).toBeUndefined()
    expect(response.data.byWords[0].id).toBe('transactions')
    expect(response.data.byField.map((p: { id: string }) => p.id)).toEqual(['transactions'])
    expect(response.data.byField[0].glossary).toContainEqual({
      term: 'regular international transfers',
      filter: 'pattern: INTERNATIONAL_TRANSFERS',
    })
    const ids = response.data.lineage.nodes.map((n: { id: string }) => n.id)
    expect(ids).toEqual(expect.arrayContaining(['field:Customer.behaviour', 'table:transactions.Transaction']))
    expect(response.data.lineage.edges).toContainEqual({
      from: 'field:Customer.behaviour',
      to: 'field:Customer.propensity',
      kind: 'DERIVED_FROM',
      via: ['Customer.behaviour'],
    })
  })

  test("marketing is refused an individual's score and patterns, and the refusal is in the audit trail", async () => {
    const subject = `marketing-${randomUUID()}`
    const response = await mesh.query<{ customer: { id: string; propensity: Propensity | null; behaviour: unknown } }>(
      'query($id: ID!) { customer(id: $id) { id propensity { score } behaviour { segment } } }',
      { id: sender },
      await bearer('marketing', { subject }),
    )
    expect(response.data!.customer).toEqual({ id: sender, propensity: null, behaviour: null })
    expect(response.errors!.map((e) => [e.path!.join('.'), e.extensions!.code]).sort()).toEqual([
      ['customer.behaviour', 'FORBIDDEN'],
      ['customer.propensity', 'FORBIDDEN'],
    ])
    expect(JSON.stringify(response)).not.toMatch(/"score":\d/)
    const trail = await mesh.query<{
      accessDenials: { totalCount: number; edges: { node: { subject: string; roles: string[]; field: string } }[] }
    }>(
      'query($subject: String) { accessDenials(filter: { subject: $subject, field: "Customer.propensity" }, first: 5) { totalCount edges { node { subject roles field } } } }',
      { subject },
      await bearer('compliance_officer'),
    )
    expect(trail.data!.accessDenials.totalCount).toBe(1)
    expect(trail.data!.accessDenials.edges[0]!.node).toEqual({
      subject,
      roles: ['marketing'],
      field: 'Customer.propensity',
    })
  })
})
