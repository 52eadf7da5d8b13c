// No N+1: the SQL statements each subgraph reports at /metrics do not grow with the length of a list.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { postGraphQL, startMesh, type GraphQLResponse, type RunningMesh } from './support/mesh'
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

function statementsBetween(before: Record<Domain, number>, after: Record<Domain, number>): Record<Domain, number> {
  return Object.fromEntries(Object.keys(after).map((d) => [d, after[d as Domain] - before[d as Domain]])) as Record<
    Domain,
    number
  >
}

async function statementsFor(
  query: string,
  variables: Record<string, unknown>,
): Promise<{ statements: Record<Domain, number>; data: any }> {
  const before = await statementCounts()
  const response = await mesh.query(query, variables)
  expect(response.errors).toBeUndefined()
  const after = await statementCounts()
  const statements = statementsBetween(before, after)
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
    expect(small.data.customers.edges.some((e: any) => e.node.loans.length > 0 && e.node.acquisitionCampaign)).toBe(
      true,
    )
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
  const bearer = async (request: Parameters<RunningMesh['token']>[0]) => ({
    authorization: `Bearer ${await mesh.token(request)}`,
  })

  /** Sends every caller's request at once (after one each beforehand, so token checks do not stagger them). */
  async function concurrently(
    callers: Record<string, string>[],
    text = query,
    url = mesh.gatewayUrl,
  ): Promise<{ statements: Record<Domain, number>; responses: GraphQLResponse<any>[] }> {
    for (const headers of callers) await postGraphQL(url, text, { first: 25 }, headers)
    const before = await statementCounts()
    const responses = await Promise.all(callers.map((headers) => postGraphQL<any>(url, text, { first: 25 }, headers)))
    const after = await statementCounts()
    const statements = statementsBetween(before, after)
    return { statements, responses }
  }

  test('are shared by callers with the same permissions, each answered as itself', async () => {
    const analysts = await Promise.all(
      ['alice', 'bob', 'carol', 'dave'].map((subject) => bearer({ role: 'analyst', subject })),
    )
    const single = await concurrently([analysts[0]!])
    const sameCaller = await concurrently([analysts[0]!, analysts[0]!, analysts[0]!, analysts[0]!])
    const alikeCallers = await concurrently(analysts)
    expect(single.responses[0]!.errors).toBeUndefined()
    expect(single.statements.customers).toBeGreaterThan(0)
    // Each request gets a full, equal answer of its own.
    for (const response of [...sameCaller.responses, ...alikeCallers.responses])
      expect(response).toEqual(single.responses[0])
    // Four requests in flight at once cost at most what one costs per subgraph, plus stragglers that arrive
    // after the first has answered.
    expect(sameCaller.statements.customers).toBeLessThan(4 * single.statements.customers)
    expect(alikeCallers.statements.customers).toBeLessThan(4 * single.statements.customers)
    expect(alikeCallers.statements.transactions).toBeLessThan(4 * single.statements.transactions)
  })

  test('shared by callers alike, a denial is still audited under each caller', async () => {
    const subjects = ['erin', 'frank', 'grace'].map((name) => `${name}-${Date.now()}`)
    const analysts = await Promise.all(subjects.map((subject) => bearer({ role: 'analyst', subject })))
    const withCreditScore = `query($first: Int) { customers(first: $first) { edges { node { id creditScore } } } }`
    const { responses } = await concurrently(analysts, withCreditScore)
    for (const response of responses) expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    for (const subject of subjects) {
      const trail = await mesh.query<any>(
        `query($subject: String) { accessDenials(filter: { subject: $subject }, first: 200) { totalCount edges { node { subject field } } } }`,
        { subject },
      )
      expect(trail.errors).toBeUndefined()
      // The one call beforehand and the concurrent one: each of 25 credit scores denied, twice, in this caller's name.
      expect(trail.data.accessDenials.totalCount).toBe(2 * responses[0]!.errors!.length)
      for (const { node } of trail.data.accessDenials.edges)
        expect(node).toEqual({ subject, field: 'Customer.creditScore' })
    }
  })

  test('are never shared across different permissions', async () => {
    const onApi = await bearer({ role: 'analyst', subject: 'heidi' })
    const onChat = { ...onApi, 'x-mesh-channel': 'chat' }
    const single = await concurrently([onApi])
    const byChannel = await concurrently([onApi, onChat])
    expect(byChannel.statements.customers).toBe(2 * single.statements.customers)
    expect(byChannel.statements.transactions).toBe(2 * single.statements.transactions)

    // Two customers asking the very same question each get their own rows, from requests of their own.
    const ids = single.responses[0]!.data.customers.edges.filter((e: any) => e.node.transactions.edges.length > 0)
      .slice(0, 2)
      .map((e: any) => e.node.id as string)
    const customers = await Promise.all(ids.map((customerId: string) => bearer({ role: 'customer', customerId })))
    const ownTransactions = `query($first: Int) { transactions(first: $first) { edges { node { id customer { id } } } } }`
    const alone = await concurrently([customers[0]!], ownTransactions)
    const both = await concurrently(customers, ownTransactions)
    expect(both.statements.transactions).toBe(2 * alone.statements.transactions)
    both.responses.forEach((response, i) => {
      expect(response.errors).toBeUndefined()
      expect(response.data.transactions.edges.length).toBeGreaterThan(0)
      for (const { node } of response.data.transactions.edges) expect(node.customer.id).toBe(ids[i])
    })
  })

  test('are shared only by the same caller when the gateway is set so', async () => {
    const { url: perCaller } = await mesh.startGateway({ shareReads: 'caller' })
    const alice = await bearer({ role: 'analyst', subject: 'alice' })
    const bob = await bearer({ role: 'analyst', subject: 'bob' })
    const single = await concurrently([alice], query, perCaller)
    const sameCaller = await concurrently([alice, alice, alice, alice], query, perCaller)
    const distinctCallers = await concurrently([alice, bob], query, perCaller)
    for (const response of [...sameCaller.responses, ...distinctCallers.responses])
      expect(response).toEqual(single.responses[0])
    expect(sameCaller.statements.customers).toBeLessThan(4 * single.statements.customers)
    expect(distinctCallers.statements.customers).toBe(2 * single.statements.customers)
    expect(distinctCallers.statements.transactions).toBe(2 * single.statements.transactions)
  })
})
