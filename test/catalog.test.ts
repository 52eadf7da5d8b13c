// Data products as products: the catalog finds them with their live status, serves their descriptors and
// contracts as YAML, shows deprecations in schema and catalog, and runs their quality rules.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import Ajv2019 from 'ajv/dist/2019'
import addFormats from 'ajv-formats'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { descriptorProblems } from '../lib/data-contract'
import { dataProduct as transactionsProduct } from '../subgraphs/transactions/data-product'
import { typeDefs as transactionsTypeDefs } from '../subgraphs/transactions/server'
import { subscribeOverSse } from './support/subscriptions'
import { startMesh, type RunningMesh } from './support/mesh'

let mesh: RunningMesh
let gateway: string

beforeAll(async () => {
  mesh = await startMesh({ customers: 60 })
  gateway = mesh.gatewayUrl.replace(/\/graphql$/, '')
})
afterAll(() => mesh?.stop())

const bearer = async (role: Parameters<RunningMesh['token']>[0]['role'], extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${await mesh.token({ role, ...extra })}`,
})

type Product = {
  id: string
  name: string
  liveStatus: { available: boolean; lastDataUpdate: string | null; tables: { table: string; rows: number }[] }
}

async function search(filter: Record<string, unknown>): Promise<Product[]> {
  const response = await mesh.query<{ dataProducts: Product[] }>(
    'query($filter: DataProductFilter) { dataProducts(filter: $filter) { id name liveStatus { available lastDataUpdate tables { table rows } } } }',
    { filter },
  )
  expect(response.errors).toBeUndefined()
  return response.data!.dataProducts
}

function standard(file: string) {
  const ajv = new Ajv2019({ allErrors: true, strict: false })
  addFormats(ajv)
  return ajv.compile(JSON.parse(readFileSync(path.join(__dirname, '..', 'schema', 'standards', file), 'utf8')))
}

describe('catalog search', () => {
  test('by words: "customer transactions" finds the transaction data product first', async () => {
    const found = await search({ text: 'What data do we have about customer transactions?' })
    expect(found[0]!.id).toBe('transactions')
    expect(await search({ text: 'xylophone' })).toEqual([])
  })

  test('by domain, owner, classification and field', async () => {
    expect((await search({ domain: 'lending' })).map((p) => p.id)).toEqual(['loans'])
    expect((await search({ owner: 'credit-risk@' })).map((p) => p.id)).toEqual(['risk'])
    expect((await search({ classification: 'RESTRICTED' })).map((p) => p.id).sort()).toEqual([
      'audit',
      'customers',
      'risk',
    ])
    expect((await search({ field: 'Customer.ssn' })).map((p) => p.id)).toEqual(['customers'])
    expect((await search({ field: 'creditScore' })).map((p) => p.id)).toEqual(['risk'])
    expect(await search({ field: 'Customer.ssn', domain: 'lending' })).toEqual([])
  })

  test('each product comes with its live status: row counts and last data update, as its own database says', async () => {
    const [transactions] = await search({ field: 'Transaction.amount' })
    expect(transactions!.liveStatus.available).toBe(true)
    const [counts] = await mesh.databases.transactions.query<{ transactions: number; accounts: number; newest: Date }>(
      'SELECT (SELECT count(*)::int FROM "Transaction") AS transactions, (SELECT count(*)::int FROM "Account") AS accounts, (SELECT max(date) FROM "Transaction") AS newest',
    )
    expect(transactions!.liveStatus.tables).toEqual([
      { table: 'Account', rows: counts!.accounts },
      { table: 'Transaction', rows: counts!.transactions },
    ])
    expect(new Date(transactions!.liveStatus.lastDataUpdate!).getTime()).toBeGreaterThanOrEqual(
      new Date(counts!.newest).getTime(),
    )
  })

  test('an unavailable product says so in its live status', async () => {
    const lone = await startMesh({ customers: 5 })
    try {
      await lone.query('{ dataProducts { id } }') // learn every descriptor while all are up
      await lone.stopSubgraph('marketing')
      const response = await lone.query<{ dataProduct: Product & { liveStatus: { error: string } } }>(
        '{ dataProduct(id: "marketing") { id liveStatus { available error } } }',
      )
      expect(response.data!.dataProduct.liveStatus).toMatchObject({ available: false })
      expect(response.data!.dataProduct.liveStatus.error).toMatch(/marketing data product did not answer/)
    } finally {
      await lone.stop()
    }
  })

  test('a customer may not browse the catalog', async () => {
    const response = await mesh.query(
      '{ dataProducts { id } }',
      undefined,
      await bearer('customer', { customerId: 'C-00001' }),
    )
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
  })
})

describe('descriptors and contracts', () => {
  test("descriptor (ODPS v1) and contract (ODCS v3) download as YAML that passes the standards' JSON Schemas", async () => {
    const odps = standard('odps-json-schema-v1.0.0.json')
    const odcs = standard('odcs-json-schema-v3.1.0.json')
    const headers = await bearer('analyst')
    for (const id of ['customers', 'transactions', 'loans', 'risk', 'marketing', 'audit', 'catalog']) {
      const descriptorResponse = await fetch(`${gateway}/data-products/${id}/descriptor.yaml`, { headers })
      expect(descriptorResponse.status).toBe(200)
      expect(descriptorResponse.headers.get('content-type')).toMatch(/yaml/)
      const descriptor = parse(await descriptorResponse.text())
      expect(odps(descriptor)).toBe(true)
      expect(descriptor).toMatchObject({ apiVersion: 'v1.0.0', kind: 'DataProduct', id, status: 'active' })
      const contract = parse(await (await fetch(`${gateway}/data-products/${id}/contract.yaml`, { headers })).text())
      expect(odcs.errors ?? null).toBeNull()
      expect(odcs(contract)).toBe(true)
      expect(contract).toMatchObject({ apiVersion: 'v3.1.0', kind: 'DataContract', dataProduct: id })
    }
  })

  test('the contract carries per-column classification, critical data elements, quality rules by dimension and SLAs', async () => {
    const text = await (
      await fetch(`${gateway}/data-products/transactions/contract.yaml`, { headers: await bearer('analyst') })
    ).text()
    const contract = parse(text)
    const transaction = contract.schema.find((o: { name: string }) => o.name === 'Transaction')
    expect(transaction.physicalName).toBe('Transaction')
    expect(transaction.properties.find((p: { name: string }) => p.name === 'amount')).toMatchObject({
      logicalType: 'number',
      classification: 'confidential',
      tags: ['transaction-detail'],
      criticalDataElement: true,
    })
    expect(transaction.quality.find((q: { id: string }) => q.id === 'transaction-customer-exists')).toMatchObject({
      dimension: 'consistency',
      severity: 'critical',
      type: 'custom',
    })
    expect(transaction.quality.find((q: { id: string }) => q.id === 'transaction-amount-range')).toMatchObject({
      dimension: 'conformity',
      type: 'sql',
      mustBe: 0,
    })
    expect(contract.slaProperties.map((s: { property: string }) => s.property)).toEqual([
      'latency',
      'frequency',
      'retention',
      'availability',
    ])
    const customers = parse(
      await (
        await fetch(`${gateway}/data-products/customers/contract.yaml`, { headers: await bearer('analyst') })
      ).text(),
    )
    const ssn = customers.schema[0].properties.find((p: { name: string }) => p.name === 'ssn')
    expect(ssn).toMatchObject({ classification: 'restricted', tags: ['identity'], criticalDataElement: true })
  })

  test('downloads need a valid token, a role that may read the catalog, and a known product', async () => {
    const forged = await fetch(`${gateway}/data-products/transactions/contract.yaml`, {
      headers: { authorization: 'Bearer not.a.token' },
    })
    expect(forged.status).toBe(401)
    expect(((await forged.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'UNAUTHENTICATED',
    )
    const anonymous = await fetch(`${gateway}/data-products/transactions/contract.yaml`)
    expect(anonymous.status).toBe(403)
    const unknown = await fetch(`${gateway}/data-products/nothing/contract.yaml`, { headers: await bearer('analyst') })
    expect(unknown.status).toBe(404)
    const customer = await fetch(`${gateway}/data-products/transactions/contract.yaml`, {
      headers: await bearer('customer', { customerId: 'C-00001' }),
    })
    expect(customer.status).toBe(403)
  })

  test('every example query of every descriptor runs against the composed graph', async () => {
    const response = await mesh.query<{
      dataProducts: { id: string; exampleQueries: { title: string; query: string }[] }[]
    }>('{ dataProducts { id exampleQueries { title query } } }')
    const examples = response.data!.dataProducts.flatMap((p) => p.exampleQueries.map((e) => ({ product: p.id, ...e })))
    expect(examples.length).toBeGreaterThanOrEqual(13)
    for (const example of examples) {
      if (example.query.trim().startsWith('subscription')) {
        // A subscription example streams (over Server-Sent Events here) instead of answering once.
        const live = await subscribeOverSse(mesh.gatewayUrl, example.query, {
          authorization: `Bearer ${await mesh.token({ role: 'admin' })}`,
        })
        await new Promise((resolve) => setTimeout(resolve, 200))
        live.stop()
        expect({ example: example.title, status: live.status, results: live.results }).toEqual({
          example: example.title,
          status: 200,
          results: [],
        })
        continue
      }
      const result = await mesh.query(example.query)
      expect({ example: example.title, errors: result.errors }).toEqual({ example: example.title, errors: undefined })
    }
  })
})

describe('output ports', () => {
  type Listed = {
    id: string
    rootFields: { name: string; kind: string }[]
    outputPorts: { name: string; type: string; description: string }[]
  }

  test("each root field says what it answers, aggregates apart from rows, and a product's aggregates are an output port of their own", async () => {
    const response = await mesh.query<{ dataProducts: Listed[] }>(
      '{ dataProducts { id rootFields { name kind } outputPorts { name type description } } }',
      undefined,
      await bearer('analyst'),
    )
    expect(response.errors).toBeUndefined()
    const products = new Map(response.data!.dataProducts.map((p) => [p.id, p]))
    const kinds = (id: string) => Object.fromEntries(products.get(id)!.rootFields.map((f) => [f.name, f.kind]))
    expect(kinds('loans')).toEqual({
      loan: 'ENTITY',
      loans: 'LIST',
      loanApplication: 'ENTITY',
      loanApplications: 'LIST',
      loanPortfolioSummary: 'AGGREGATE',
      loanPerformance: 'AGGREGATE',
      loanApplicationBreakdown: 'AGGREGATE',
      loanBreakdown: 'AGGREGATE',
    })
    expect(kinds('transactions')).toMatchObject({
      transactions: 'LIST',
      transaction: 'ENTITY',
      anomalousTransactions: 'LIST',
      transactionSummary: 'AGGREGATE',
      transactionBreakdown: 'AGGREGATE',
      behaviourPatternBreakdown: 'AGGREGATE',
      propensityBreakdown: 'AGGREGATE',
      campaignAudience: 'AGGREGATE',
      recordTransaction: 'MUTATION',
      transactionAdded: 'STREAM',
    })
    expect(kinds('risk')).toMatchObject({
      riskAssessments: 'LIST',
      riskGradeDistribution: 'AGGREGATE',
      riskAssessmentBreakdown: 'AGGREGATE',
    })
    expect(kinds('marketing')).toMatchObject({
      campaigns: 'LIST',
      customerAcquisition: 'AGGREGATE',
      topCampaignsByAcquisition: 'AGGREGATE',
      campaignBreakdown: 'AGGREGATE',
    })
    // Every breakdown of the graph is listed as an aggregate by the product that answers it.
    const breakdowns = [...products.values()].flatMap((p) => p.rootFields.filter((f) => f.name.endsWith('Breakdown')))
    expect(breakdowns.map((f) => f.name).sort()).toEqual([
      'behaviourPatternBreakdown',
      'campaignBreakdown',
      'customerBreakdown',
      'loanApplicationBreakdown',
      'loanBreakdown',
      'propensityBreakdown',
      'riskAssessmentBreakdown',
      'transactionBreakdown',
    ])
    expect(breakdowns.every((f) => f.kind === 'AGGREGATE')).toBe(true)

    for (const product of products.values()) {
      const aggregates = product.rootFields.filter((f) => f.kind === 'AGGREGATE').map((f) => f.name)
      const port = product.outputPorts.find((p) => p.name === 'graphql-aggregates')
      if (aggregates.length === 0) expect(port).toBeUndefined()
      else
        expect(port).toEqual({
          name: 'graphql-aggregates',
          type: 'graphql',
          description: expect.stringContaining(`Aggregate root fields ${aggregates.join(', ')} of the composed graph`),
        })
    }
    expect(products.get('audit')!.outputPorts.map((p) => p.name)).not.toContain('graphql-aggregates')
  })

  test('a descriptor that declares as aggregate a field it does not answer is refused', () => {
    const broken = {
      ...transactionsProduct,
      outputPorts: {
        ...transactionsProduct.outputPorts,
        aggregates: ['transactionBreakdown', 'loanBreakdown', 'recordTransaction'],
      },
    }
    expect(descriptorProblems(broken, transactionsTypeDefs)).toEqual([
      "aggregate loanBreakdown is not one of the product's Query root fields",
      "aggregate recordTransaction is not one of the product's Query root fields",
    ])
  })
})

describe('deprecation', () => {
  test('a field the descriptor deprecates is @deprecated in the schema and marked in the catalog, and still answers', async () => {
    const schema = await mesh.query<{
      __type: { fields: { name: string; isDeprecated: boolean; deprecationReason: string | null }[] }
    }>(
      '{ __type(name: "TransactionSummary") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }',
      undefined,
      await bearer('analyst'),
    )
    const total = schema.data!.__type.fields.find((f) => f.name === 'total')!
    expect(total.isDeprecated).toBe(true)
    expect(total.deprecationReason).toMatch(/Use credits, debits or net\. Sunset: 2027-06-30\./)
    expect(schema.data!.__type.fields.find((f) => f.name === 'net')!.isDeprecated).toBe(false)
    expect(readFileSync(path.join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8')).toMatch(
      /total: Decimal @deprecated\(reason: "It adds money in and money out/,
    )

    const catalog = await mesh.query<{
      dataProduct: {
        deprecations: unknown[]
        fields: { coordinate: string; deprecated: boolean; sunsetDate: string | null }[]
      }
    }>(
      '{ dataProduct(id: "transactions") { deprecations { field reason sunsetDate } fields { coordinate deprecated sunsetDate } } }',
    )
    expect(catalog.data!.dataProduct.deprecations).toEqual([
      {
        field: 'TransactionSummary.total',
        reason: expect.stringMatching(/Use credits, debits or net/),
        sunsetDate: '2027-06-30',
      },
    ])
    expect(catalog.data!.dataProduct.fields.find((f) => f.coordinate === 'TransactionSummary.total')).toEqual({
      coordinate: 'TransactionSummary.total',
      deprecated: true,
      sunsetDate: '2027-06-30',
    })
    expect(catalog.data!.dataProduct.fields.filter((f) => f.deprecated)).toHaveLength(1)
    const stillAnswers = await mesh.query<{ transactionSummary: { total: string } }>('{ transactionSummary { total } }')
    expect(stillAnswers.data!.transactionSummary.total).toMatch(/^\d+\.\d{2}$/)
  })
})
