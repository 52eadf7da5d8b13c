// schema/supergraph.graphql serves other federation gateways unchanged: Hive Gateway, given the committed
// file (only the subgraph locations overridden, as any deployment does) and forwarding a mesh-signed
// identity, answers the same as ours over the same running subgraphs, for every role. A user who needs
// another router can switch without touching the subgraphs, and keeps their governance, which the
// subgraphs enforce themselves.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createGatewayRuntime, type GatewayRuntime } from '@graphql-hive/gateway'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '../rules/identity'
import { postGraphQL, startMesh, type GraphQLResponse, type RunningMesh } from './support/mesh'

let mesh: RunningMesh
let hive: { runtime: GatewayRuntime; server: http.Server; url: string }

beforeAll(async () => {
  mesh = await startMesh()
  const supergraph = readFileSync(path.resolve(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8')
  const runtime = createGatewayRuntime({
    supergraph,
    logging: false,
    transportEntries: Object.fromEntries(
      Object.entries(mesh.subgraphUrls).map(([name, location]) => [name, { location }]),
    ),
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({ [IDENTITY_HEADER]: request.headers.get(IDENTITY_HEADER) }),
    },
  })
  const server = http.createServer(runtime)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  hive = {
    runtime,
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${runtime.graphqlEndpoint}`,
  }
})

afterAll(async () => {
  await new Promise((resolve) => hive?.server.close(resolve))
  await hive?.runtime.dispose()
  await mesh?.stop()
})

/** What a caller sees: the data, and which paths were refused or failed with which code (messages may be worded differently). */
function observed(response: GraphQLResponse) {
  const errors = (response.errors ?? []).map((e) => `${(e.path ?? []).join('.')} ${String(e.extensions?.code)}`).sort()
  return { data: response.data, errors }
}

async function bothGateways(
  query: string,
  variables: Record<string, unknown>,
  identity: Omit<Identity, 'channel'> & { channel?: Identity['channel'] },
) {
  const caller: Identity = { channel: 'api', ...identity }
  const token = await mesh.token({ role: caller.roles[0]!, subject: caller.subject, customerId: caller.customerId })
  const ours = await mesh.query(query, variables, { authorization: `Bearer ${token}` })
  const theirs = await postGraphQL(hive.url, query, variables, {
    [IDENTITY_HEADER]: await signForwardedIdentity(caller, mesh.internalSecret),
  })
  return { ours: observed(ours), theirs: observed(theirs) }
}

const OPERATIONS: Record<string, { query: string; variables?: (ids: SampleIds) => Record<string, unknown> }> = {
  'a customer across every domain': {
    query: `query($id: ID!) { customer(id: $id) {
      id name segment accounts { id type balance }
      transactions(first: 3, orderBy: { field: DATE, direction: DESC }) { totalCount edges { node { id amount date type } } }
      loanApplications { id product status riskAssessment { riskGrade creditScore } loan { id principal status } }
      creditScore riskGrade riskProfile { riskGrade }
      acquisition { channel acquiredAt } acquisitionCampaign { id name channel conversions }
    } }`,
    variables: (ids) => ({ id: ids.customerWithLoan }),
  },
  'five levels of entity hops': {
    query: `{ transactions(first: 5, orderBy: { field: AMOUNT, direction: DESC }) { edges { node { id amount
      account { id balance customer { id name accounts { id type transactions(first: 2) { edges { node { id amount
        customer { id segment loans { id product principal status } } } } } } } } } } } }`,
  },
  'lists, filters and paging from several roots': {
    query: `{ customers(first: 4, orderBy: { field: NAME, direction: ASC }) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name creditScore } } }
      loans(first: 3, filter: { status: ACTIVE }) { edges { node { id principal customer { id name } application { riskAssessment { riskGrade } } } } }
      campaigns(first: 2) { edges { node { id name conversions newCustomers costPerAcquisition } } } }`,
  },
  aggregates: {
    query: `{ transactionSummary { count total average credits debits byType { type count total } }
      loanPortfolioSummary { count totalPrincipal }
      riskGradeDistribution { grade count }
      topCampaignsByAcquisition(first: 3) { campaign { id name } newCustomers }
      customerAcquisition(granularity: MONTH, last: 2) { periodStart newCustomers previousPeriodNewCustomers changePercent } }`,
  },
  'anomalies with their customers': {
    query:
      '{ anomalousTransactions(first: 3) { score reason transaction { id amount fraudScore customer { id name } } } }',
  },
  'the catalog': {
    query: '{ dataProduct(id: "transactions") { id name owner { team } fields { coordinate classification } } }',
  },
  'a missing entity, and bad input': {
    query: `{ customer(id: "C-99999") { id name } loans(first: -1) { totalCount } }`,
  },
}

interface SampleIds {
  customerWithLoan: string
}

let ids: SampleIds
beforeAll(async () => {
  const [row] = await mesh.databases.loans.query<{ customerId: string }>(
    `SELECT "customerId" FROM "Loan" ORDER BY id LIMIT 1`,
  )
  ids = { customerWithLoan: row!.customerId }
})

describe('Hive Gateway on schema/supergraph.graphql', () => {
  test.each(Object.entries(OPERATIONS))(
    'an admin gets the same answer as through ours: %s',
    async (_name, operation) => {
      const { ours, theirs } = await bothGateways(operation.query, operation.variables?.(ids) ?? {}, {
        subject: 'compat-admin',
        roles: ['admin'],
      })
      expect(ours.data).toBeTruthy()
      expect(theirs).toEqual(ours)
    },
  )

  test('an analyst is refused the same fields, the subgraphs enforcing the rules', async () => {
    const query = `query($id: ID!) { customer(id: $id) { id name ssn email segment accounts { id balance } } }`
    const { ours, theirs } = await bothGateways(
      query,
      { id: ids.customerWithLoan },
      { subject: 'compat-analyst', roles: ['analyst'] },
    )
    expect(ours.errors.length).toBeGreaterThan(0)
    expect(ours.errors.every((e) => e.endsWith('FORBIDDEN'))).toBe(true)
    expect(theirs).toEqual(ours)
  })

  test('a customer sees only their own rows through either gateway', async () => {
    const query =
      '{ customers(first: 10) { totalCount edges { node { id name } } } transactions(first: 5) { edges { node { id account { customer { id } } } } } }'
    const { ours, theirs } = await bothGateways(
      query,
      {},
      { subject: 'compat-customer', roles: ['customer'], customerId: ids.customerWithLoan },
    )
    expect(JSON.stringify(ours.data)).toContain(ids.customerWithLoan)
    expect(theirs).toEqual(ours)
  })

  test('without the mesh-signed identity the subgraphs refuse Hive Gateway too', async () => {
    const response = await postGraphQL(hive.url, '{ customers(first: 1) { totalCount } }')
    expect(response.data?.customers ?? null).toBeNull()
    expect(response.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/verified identity/),
      extensions: { code: 'FORBIDDEN' },
    })
  })
})
