// Exports for BI tools: any list as CSV or JSON Lines, equal to the JSON result, under the same
// authorization, streamed a page at a time.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { parseCsv } from '../gateway/export-rows'
import { startMesh, type RunningMesh } from './support/mesh'

let mesh: RunningMesh
let base: string

beforeAll(async () => {
  mesh = await startMesh({ customers: 2000 })
  base = mesh.gatewayUrl.replace(/\/graphql$/, '')
})
afterAll(() => mesh?.stop())

const bearer = async (role: Parameters<RunningMesh['token']>[0]['role'], extra: Record<string, string> = {}) => ({ authorization: `Bearer ${await mesh.token({ role, ...extra })}` })

const DEPOSITS = `query Deposits($first: Int, $after: String) {
  transactions(filter: { type: DEPOSIT, minAmount: "1000" }, first: $first, after: $after, orderBy: { field: AMOUNT, direction: DESC }) {
    edges { node { id amount type date description account { id type } customer { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`

type Node = { id: string; amount: string; type: string; date: string; description: string; account: { id: string; type: string }; customer: { id: string } }

/** The same list through ordinary JSON, page by page. */
async function jsonNodes(limit: number): Promise<Node[]> {
  const nodes: Node[] = []
  let after: string | null = null
  while (nodes.length < limit) {
    const page: { data?: { transactions: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } | null } = await mesh.query(DEPOSITS, { first: Math.min(1000, limit - nodes.length), after })
    nodes.push(...page.data!.transactions.edges.map((e) => e.node))
    if (!page.data!.transactions.pageInfo.hasNextPage) break
    after = page.data!.transactions.pageInfo.endCursor
  }
  return nodes
}

async function exportList(body: Record<string, unknown>, headers: Record<string, string>, path = '/export') {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
}

describe('list exports', () => {
  test('CSV over several pages equals the JSON result, row by row and column by column', async () => {
    const response = await exportList({ query: DEPOSITS, variables: { first: 2500 }, format: 'csv' }, await bearer('analyst'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="transactions.csv"')
    const [header, ...rows] = parseCsv(await response.text())
    expect(header).toEqual(['id', 'amount', 'type', 'date', 'description', 'account.id', 'account.type', 'customer.id'])
    const expected = await jsonNodes(2500)
    expect(expected.length).toBeGreaterThan(1000) // more than one page
    expect(rows).toEqual(expected.map((n) => [n.id, n.amount, n.type, n.date, n.description, n.account.id, n.account.type, n.customer.id]))
  })

  test('JSON Lines equals the JSON result\'s nodes; POST /graphql with an Accept header works too', async () => {
    const headers = { ...(await bearer('analyst')), accept: 'application/x-ndjson' }
    const response = await exportList({ query: DEPOSITS, variables: { first: 1200 } }, headers, '/graphql')
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/)
    const lines = (await response.text()).trimEnd().split('\n').map((line) => JSON.parse(line) as Node)
    expect(lines).toEqual(await jsonNodes(1200))

    const csv = await exportList({ query: '{ riskGradeDistribution { grade count averageProbabilityOfDefault } }' }, { ...(await bearer('analyst')), accept: 'text/csv' }, '/graphql')
    const json = await mesh.query<{ riskGradeDistribution: { grade: string; count: number; averageProbabilityOfDefault: string }[] }>('{ riskGradeDistribution { grade count averageProbabilityOfDefault } }')
    expect(parseCsv(await csv.text())).toEqual([['grade', 'count', 'averageProbabilityOfDefault'], ...json.data!.riskGradeDistribution.map((r) => [r.grade, String(r.count), r.averageProbabilityOfDefault])])
  })

  test('a denied field is absent from the export, named in a header, and audited', async () => {
    const response = await exportList({ query: '{ customers(first: 50) { edges { node { id name ssn } } } }', format: 'csv' }, await bearer('customer_service', { subject: 'export-ssn-probe' }))
    expect(response.status).toBe(200)
    expect(response.headers.get('x-mesh-denied-fields')).toBe('ssn')
    const text = await response.text()
    const [header, ...rows] = parseCsv(text)
    expect(header).toEqual(['id', 'name'])
    expect(rows).toHaveLength(50)
    expect(text).not.toMatch(/\d{3}-\d{2}-\d{4}/)
    const [audited] = await mesh.databases.audit.query<{ n: number }>(`SELECT count(*)::int AS n FROM "AccessDenial" WHERE subject = 'export-ssn-probe' AND field = 'Customer.ssn'`)
    expect(audited!.n).toBeGreaterThan(0)

    const wholeList = await exportList({ query: '{ transactions(first: 10) { edges { node { id } } } }', format: 'csv' }, await bearer('marketing'))
    expect(wholeList.status).toBe(403)
    expect(((await wholeList.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('FORBIDDEN')
  })

  test('a large export is streamed: while the client does not read, the gateway stops fetching pages', async () => {
    const metrics = mesh.subgraphUrls.transactions.replace(/\/graphql$/, '/metrics')
    const operations = async () => {
      const text = await (await fetch(metrics)).text()
      return text.split('\n').filter((l) => l.startsWith('graphql_operations_total{')).reduce((n, l) => n + Number(l.split(' ').at(-1)), 0)
    }
    const summary = await mesh.query<{ transactionSummary: { count: number } }>('{ transactionSummary { count } }')
    const total = summary.data!.transactionSummary.count
    const pages = Math.ceil(total / 1000)
    expect(pages).toBeGreaterThan(200)

    const before = await operations()
    const response = await exportList({ query: '{ transactions { edges { node { id date amount type description account { id } } } } }', format: 'csv' }, await bearer('analyst'))
    const reader = response.body!.getReader()
    let bytes = (await reader.read()).value!.length
    // The client stops reading; socket buffers fill, then the gateway must stop fetching pages.
    let fetched = (await operations()) - before
    for (let unchanged = 0; unchanged < 4;) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      const now = (await operations()) - before
      unchanged = now === fetched ? unchanged + 1 : 0
      fetched = now
    }
    expect(fetched).toBeLessThan(pages / 3)

    let lines = 0
    const decoder = new TextDecoder()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      bytes += value.length
      lines += (decoder.decode(value, { stream: true }).match(/\r\n/g) ?? []).length
    }
    expect(bytes).toBeGreaterThan(15_000_000)
    expect(lines).toBeGreaterThan(total - 1000) // every row arrived (the first chunk's lines are not counted)
    expect((await operations()) - before).toBeGreaterThanOrEqual(pages)
  })

  test('bad requests get stable codes', async () => {
    const headers = await bearer('analyst')
    const format = await exportList({ query: DEPOSITS, format: 'xlsx' }, headers)
    expect(format.status).toBe(400)
    expect(((await format.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT')
    const noList = await exportList({ query: '{ transactionSummary { count } }', format: 'csv' }, headers)
    expect(noList.status).toBe(400)
    expect(((await noList.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/no list to export/)
    const twoLists = await exportList({ query: '{ a: transactions(first: 1) { edges { node { id } } } b: customers(first: 1) { edges { node { id } } } }', format: 'csv' }, headers)
    expect(twoLists.status).toBe(400)
    const invalid = await exportList({ query: '{ transactions(first: 1) { edges { node { nope } } } }', format: 'csv' }, headers)
    expect(invalid.status).toBe(400)
    expect(((await invalid.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED')
    const forged = await exportList({ query: DEPOSITS, format: 'csv' }, { authorization: 'Bearer forged' })
    expect(forged.status).toBe(401)
  })
})
