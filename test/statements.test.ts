// No N+1: the SQL statements each subgraph reports at /metrics do not grow with the length of a list.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startMesh, type RunningMesh } from './support/mesh'
import type { Domain } from '../prisma/demo-data/load'

let mesh: RunningMesh

beforeAll(async () => {
  mesh = await startMesh({ customers: 600 })
})
afterAll(() => mesh?.stop())

async function statementCounts(): Promise<Record<Domain, number>> {
  const counts = {} as Record<Domain, number>
  for (const [domain, url] of Object.entries(mesh.subgraphUrls) as [Domain, string][]) {
    const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text()
    // The audit trail is written only when something is denied; the catalog is not part of these queries.
    if (domain === ('audit' as Domain) || domain === ('catalog' as Domain)) continue
    const line = text.split('\n').find((l) => l.startsWith('db_statements_total{'))
    counts[domain] = line ? Number(line.split(' ').at(-1)) : 0
  }
  return counts
}

async function statementsFor(query: string, variables: Record<string, unknown>): Promise<{ statements: Record<Domain, number>; data: any }> {
  const before = await statementCounts()
  const response = await mesh.query(query, variables)
  expect(response.errors).toBeUndefined()
  const after = await statementCounts()
  const statements = Object.fromEntries(Object.keys(after).map((d) => [d, after[d as Domain] - before[d as Domain]])) as Record<Domain, number>
  return { statements, data: response.data }
}

const CUSTOMERS_WITH_EVERYTHING = `query($first: Int) {
  customers(first: $first, orderBy: { field: NAME, direction: ASC }) {
    edges { node {
      id name
      accounts { id balance }
      transactions(first: 3) { totalCount edges { node { id amount account { type } } } }
      loans { id status application { id riskAssessment { riskGrade } } }
      creditScore riskProfile { riskGrade }
      acquisition { channel campaign { name } }
      acquisitionCampaign { name conversions }
    } }
  }
}`

const TRANSACTIONS_WITH_CUSTOMERS = `query($first: Int) {
  transactions(first: $first, orderBy: { field: AMOUNT, direction: DESC }) {
    edges { node { id amount account { id type } customer { name segment creditScore } } }
  }
}`

describe('statement counts', () => {
  test('a list of 40 customers with fields from every domain costs the same statements as a list of 500', async () => {
    const small = await statementsFor(CUSTOMERS_WITH_EVERYTHING, { first: 40 })
    // Every level of the query must be reached by the short list too, or the comparison proves nothing.
    expect(small.data.customers.edges.some((e: any) => e.node.loans.length > 0 && e.node.acquisitionCampaign)).toBe(true)
    const large = await statementsFor(CUSTOMERS_WITH_EVERYTHING, { first: 500 })
    expect(large.statements).toEqual(small.statements)
    for (const count of Object.values(small.statements)) expect(count).toBeGreaterThan(0)
  })

  test('a list of 10 transactions with their customers costs the same statements as a list of 500', async () => {
    const small = await statementsFor(TRANSACTIONS_WITH_CUSTOMERS, { first: 10 })
    const large = await statementsFor(TRANSACTIONS_WITH_CUSTOMERS, { first: 500 })
    expect(large.statements).toEqual(small.statements)
    expect(small.statements.customers).toBe(1)
  })
})

describe('identical reads in flight', () => {
  const query = `query($first: Int) { customers(first: $first) { edges { node { id name transactions(first: 2) { edges { node { id amount } } } } } } }`

  async function statementsForConcurrent(headers: Record<string, string>[]): Promise<{ statements: Record<Domain, number>; answers: unknown[] }> {
    const before = await statementCounts()
    const responses = await Promise.all(headers.map((h) => mesh.query(query, { first: 25 }, h)))
    const after = await statementCounts()
    for (const response of responses) expect(response.errors).toBeUndefined()
    const statements = Object.fromEntries(Object.keys(after).map((d) => [d, after[d as Domain] - before[d as Domain]])) as Record<Domain, number>
    return { statements, answers: responses.map((r) => r.data) }
  }

  test('are shared for one caller and never across callers', async () => {
    const alice = { authorization: `Bearer ${await mesh.token({ role: 'analyst', subject: 'alice' })}` }
    const bob = { authorization: `Bearer ${await mesh.token({ role: 'analyst', subject: 'bob' })}` }
    const single = await statementsForConcurrent([alice])
    const sameCaller = await statementsForConcurrent([alice, alice, alice, alice])
    const distinctCallers = await statementsForConcurrent([alice, bob])

    // Each caller gets a full, equal answer of its own.
    for (const answer of [...sameCaller.answers, ...distinctCallers.answers]) expect(answer).toEqual(single.answers[0])
    expect(single.statements.customers).toBeGreaterThan(0)
    // Four requests in flight at once from one caller cost at most what one costs per subgraph, plus
    // stragglers that arrive after the first has answered; two callers always cost two.
    expect(sameCaller.statements.customers).toBeLessThan(4 * single.statements.customers)
    expect(distinctCallers.statements.customers).toBe(2 * single.statements.customers)
    expect(distinctCallers.statements.transactions).toBe(2 * single.statements.transactions)
  })
})
