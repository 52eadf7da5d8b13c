// Per-field authorization through the gateway: each role's view of customers, transactions, loans and
// risk data, partial answers with one FORBIDDEN per denied field, row-level limits and the chat channel.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { Role } from '../rules/identity'
import { startMesh, type GraphQLResponse, type RunningMesh } from './support/mesh'

let mesh: RunningMesh

beforeAll(async () => {
  mesh = await startMesh({ customers: 80 })
})
afterAll(() => mesh?.stop())

async function as(
  role: Role,
  query: string,
  options: { customerId?: string; channel?: 'api' | 'chat'; variables?: Record<string, unknown> } = {},
): Promise<GraphQLResponse<any>> {
  const token = await mesh.token({ role, customerId: options.customerId, channel: options.channel })
  return mesh.query(query, options.variables, { authorization: `Bearer ${token}` })
}

const forbiddenAt = (response: GraphQLResponse<any>) =>
  (response.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.join('.'))

const NAMES_AND_SSNS =
  '{ customers(first: 5, orderBy: { field: NAME, direction: ASC }) { edges { node { id name ssn } } } }'

describe("customers' personal data", () => {
  test('an analyst gets the names and one FORBIDDEN per SSN, naming the field and the reason', async () => {
    const response = await as('analyst', NAMES_AND_SSNS)
    const nodes = response.data.customers.edges.map((e: any) => e.node)
    expect(nodes).toHaveLength(5)
    for (const node of nodes) {
      expect(typeof node.name).toBe('string')
      expect(node.ssn).toBeNull()
    }
    expect(forbiddenAt(response)).toEqual([0, 1, 2, 3, 4].map((i) => `customers.edges.${i}.node.ssn`))
    expect(response.errors?.[0]?.message).toMatch(
      /Customer\.ssn: restricted identity data is not available to the analyst role/,
    )
  })

  test('a compliance officer gets the SSNs', async () => {
    const response = await as('compliance_officer', NAMES_AND_SSNS)
    expect(response.errors).toBeUndefined()
    for (const edge of response.data.customers.edges) expect(edge.node.ssn).toMatch(/^9\d\d-\d\d-\d{4}$/)
  })

  test('through the chat channel even a compliance officer gets no SSN', async () => {
    const response = await as('compliance_officer', NAMES_AND_SSNS, { channel: 'chat' })
    expect(
      response.data.customers.edges.every((e: any) => e.node.ssn === null && typeof e.node.name === 'string'),
    ).toBe(true)
    expect(response.errors?.[0]?.message).toMatch(/never leaves through the chat channel/)
  })

  test('a chat request cannot widen itself back to the api channel', async () => {
    const token = await mesh.token({ role: 'compliance_officer', channel: 'chat' })
    const response = await mesh.query(NAMES_AND_SSNS, undefined, {
      authorization: `Bearer ${token}`,
      'x-mesh-channel': 'api',
    })
    expect(forbiddenAt(response)).toHaveLength(5)
  })

  test('an executive sees aggregates but no personal data', async () => {
    const response = await as(
      'executive',
      '{ transactionSummary { count } customerAcquisition(granularity: MONTH, last: 1) { newCustomers } customers(first: 1) { edges { node { id name } } } }',
    )
    expect(response.data.transactionSummary.count).toBeGreaterThan(0)
    expect(response.data.customerAcquisition).toHaveLength(1)
    expect(response.data.customers).toBeNull()
    expect(forbiddenAt(response)).toEqual(['customers'])
  })
})

describe('credit scores', () => {
  const SCORES = '{ customers(first: 3) { edges { node { id creditScore riskGrade } } } }'
  test('a risk officer sees credit scores', async () => {
    const response = await as('risk_officer', SCORES)
    expect(response.errors).toBeUndefined()
    expect(response.data.customers.edges.every((e: any) => Number.isInteger(e.node.creditScore))).toBe(true)
  })

  test('customer service sees the grade but not the score', async () => {
    const response = await as('customer_service', SCORES)
    expect(
      response.data.customers.edges.every((e: any) => e.node.creditScore === null && /^[A-E]$/.test(e.node.riskGrade)),
    ).toBe(true)
    expect(forbiddenAt(response)).toHaveLength(3)
  })
})

describe('transactions', () => {
  test('marketing gets transaction totals but not individual transactions', async () => {
    const response = await as(
      'marketing',
      '{ transactionSummary(filter: { type: DEPOSIT }) { count total } transactions(first: 2) { totalCount } }',
    )
    expect(response.data.transactionSummary.count).toBeGreaterThan(0)
    expect(response.data.transactions).toBeNull()
    expect(response.errors?.find((e) => e.path?.[0] === 'transactions')?.message).toMatch(
      /transaction-detail data is not available to the marketing role/,
    )
  })
})

describe('a customer sees only their own records', () => {
  let own: string
  let other: string
  beforeAll(async () => {
    const rows = await mesh.databases.loans.query<{ customerId: string }>(
      'SELECT DISTINCT "customerId" FROM "Loan" ORDER BY 1 LIMIT 2',
    )
    own = rows[0]!.customerId
    other = rows[1]!.customerId
  })

  test('their own customer record, accounts, transactions and loans answer', async () => {
    const response = await as(
      'customer',
      `{ customer(id: "${own}") { id name accounts { id } transactions(first: 3) { totalCount } loans { id } } }`,
      { customerId: own },
    )
    expect(response.errors).toBeUndefined()
    const [count] = await mesh.databases.transactions.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM "Transaction" WHERE "customerId" = $1',
      [own],
    )
    expect(response.data.customer.transactions.totalCount).toBe(count!.n)
    expect(response.data.customer.loans.length).toBeGreaterThan(0)
  })

  test("another customer's record is denied field by field", async () => {
    const response = await as('customer', `{ customer(id: "${other}") { id name } }`, { customerId: own })
    expect(response.data.customer).toBeNull()
    expect(response.errors?.[0]?.message).toMatch(/belongs to another customer/)
  })

  test('lists and totals are narrowed to their own rows', async () => {
    const response = await as(
      'customer',
      '{ customers(first: 50) { totalCount edges { node { id } } } transactions(first: 1000) { totalCount edges { node { customer { id } } } } transactionSummary { count } loans(first: 50) { edges { node { customer { id } } } } }',
      { customerId: own },
    )
    expect(response.errors).toBeUndefined()
    expect(response.data.customers.edges.map((e: any) => e.node.id)).toEqual([own])
    const ids = new Set(response.data.transactions.edges.map((e: any) => e.node.customer.id))
    expect([...ids]).toEqual([own])
    expect(response.data.transactionSummary.count).toBe(response.data.transactions.totalCount)
    expect(new Set(response.data.loans.edges.map((e: any) => e.node.customer.id))).toEqual(new Set([own]))
  })

  test('every other list they may read is narrowed too: applications and unusual debits', async () => {
    const response = await as(
      'customer',
      '{ loanApplications(first: 100) { totalCount edges { node { customer { id } } } } }',
      { customerId: own },
    )
    const [applications] = await mesh.databases.loans.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM "LoanApplication" WHERE "customerId" = $1',
      [own],
    )
    expect(response.errors).toBeUndefined()
    expect(response.data.loanApplications.totalCount).toBe(applications!.n)
    expect(new Set(response.data.loanApplications.edges.map((e: any) => e.node.customer.id))).toEqual(new Set([own]))
    // A customer with unusual debits sees theirs, exactly those the bank sees for them.
    const ANOMALIES =
      'query($filter: TransactionFilter) { anomalousTransactions(filter: $filter, first: 50) { score transaction { id customer { id } } } }'
    const [someone] = (await mesh.query<any>(ANOMALIES)).data!.anomalousTransactions.map(
      (a: any) => a.transaction.customer.id as string,
    )
    const theirs = await as('customer', ANOMALIES, { customerId: someone })
    expect(theirs.errors).toBeUndefined()
    expect(theirs.data.anomalousTransactions.length).toBeGreaterThan(0)
    expect(theirs.data.anomalousTransactions).toEqual(
      (await mesh.query<any>(ANOMALIES, { filter: { customerId: someone } })).data!.anomalousTransactions,
    )
    const refused = await as('customer', `{ loanApplications(filter: { customerId: "${other}" }) { totalCount } }`, {
      customerId: own,
    })
    expect(refused.data?.loanApplications ?? null).toBeNull()
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })

  test("asking for another customer's transactions is refused, not answered with someone's data", async () => {
    const response = await as('customer', `{ transactions(filter: { customerId: "${other}" }) { totalCount } }`, {
      customerId: own,
    })
    expect(response.data?.transactions ?? null).toBeNull()
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })

  test('bank-wide business figures are not for customers', async () => {
    const response = await as('customer', '{ loanPortfolioSummary { count } }', { customerId: own })
    expect(response.data?.loanPortfolioSummary ?? null).toBeNull()
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })
})

describe('introspection', () => {
  const INTROSPECT = '{ __schema { queryType { name } } __type(name: "Customer") { name } }'
  test('roles that need the schema (analyst, admin) may introspect', async () => {
    const response = await as('analyst', INTROSPECT)
    expect(response.errors).toBeUndefined()
    expect(response.data.__schema.queryType.name).toBe('Query')
  })

  test('other roles and anonymous callers get FORBIDDEN, and the attempt is audited', async () => {
    const subject = `exec-${Date.now()}`
    const token = await mesh.token({ role: 'executive', subject })
    const response = await mesh.query(INTROSPECT, undefined, { authorization: `Bearer ${token}` })
    expect(response.data ?? null).toBeNull()
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    const anonymous = await mesh.query('{ __type(name: "Customer") { fields { name } } }', undefined, {})
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    const [row] = await mesh.databases.audit.query<{ field: string }>(
      'SELECT field FROM "AccessDenial" WHERE subject = $1',
      [subject],
    )
    expect(row?.field).toBe('Query.__schema')
  })
})
