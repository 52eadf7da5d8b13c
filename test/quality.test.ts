// Quality rules: run on demand through the graph and by `npm run quality`, stored with history and served
// by the catalog; the same rules reject invalid writes; a broken descriptor stops its product from starting.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { assertValidDescriptor, descriptorProblems } from '../lib/data-contract'
import { dataProduct as transactionsProduct } from '../subgraphs/transactions/data-product'
import { typeDefs as transactionsTypeDefs } from '../subgraphs/transactions/server'
import { startMesh, type RunningMesh } from './support/mesh'

const run = promisify(execFile)
let mesh: RunningMesh

beforeAll(async () => {
  mesh = await startMesh({ customers: 40 })
})
afterAll(() => mesh?.stop())

const bearer = async (role: Parameters<RunningMesh['token']>[0]['role'], extra: Record<string, string> = {}) => ({
  authorization: `Bearer ${await mesh.token({ role, ...extra })}`,
})

interface Run {
  productId: string
  passed: boolean
  criticalFailures: number
  warnings: number
  error: string | null
  results: {
    ruleId: string
    passed: boolean
    observed: number | null
    checkedRows: number | null
    message: string
    severity: string
  }[]
}
const RUN_FIELDS =
  'productId passed criticalFailures warnings error results { ruleId passed observed checkedRows message severity }'

/** `npm run quality` against the test mesh, as a newcomer would run it. */
async function npmRunQuality(): Promise<{ code: number; stdout: string }> {
  const env = {
    ...process.env,
    GATEWAY_URL: mesh.gatewayUrl,
    MESH_TOKEN: await mesh.token({ role: 'compliance_officer', subject: 'quality-cli' }),
  }
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, '..', 'scripts', 'quality.ts')],
      { env, cwd: path.join(__dirname, '..') },
    )
    return { code: 0, stdout }
  } catch (error) {
    const failed = error as { code: number; stdout: string }
    return { code: failed.code, stdout: failed.stdout }
  }
}

describe('quality rules', () => {
  test('on the clean demo data every product passes its critical rules, and npm run quality exits 0', async () => {
    const response = await mesh.query<{ runQualityChecks: Run[] }>(`mutation { runQualityChecks { ${RUN_FIELDS} } }`)
    expect(response.errors).toBeUndefined()
    const runs = response.data!.runQualityChecks
    expect(runs.map((r) => r.productId).sort()).toEqual([
      'audit',
      'catalog',
      'customers',
      'loans',
      'marketing',
      'risk',
      'transactions',
    ])
    for (const r of runs)
      expect({
        product: r.productId,
        passed: r.passed,
        failed: r.results.filter((x) => !x.passed && x.severity === 'critical'),
      }).toEqual({ product: r.productId, passed: true, failed: [] })
    const references = runs
      .find((r) => r.productId === 'transactions')!
      .results.find((r) => r.ruleId === 'transaction-customer-exists')!
    expect(references).toMatchObject({ passed: true, observed: 0, checkedRows: 40 })

    const cli = await npmRunQuality()
    expect(cli.code).toBe(0)
    expect(cli.stdout).toMatch(/7 of 7 data product\(s\) passed/)
  })

  test('a transaction whose customer does not exist fails the cross-domain rule: visible in the catalog, and npm run quality exits 1', async () => {
    await mesh.databases.transactions
      .exec(`INSERT INTO "Transaction" (id, "accountId", "customerId", type, direction, amount, currency, date, description, channel)
      SELECT 'T-ORPHAN-1', id, 'C-99999999', 'DEPOSIT', 'CREDIT', 10.00, 'USD', now(), 'Orphan', 'BRANCH' FROM "Account" ORDER BY id LIMIT 1`)
    try {
      const cli = await npmRunQuality()
      expect(cli.code).toBe(1)
      expect(cli.stdout).toMatch(/transactions: FAILED — 1 critical failure/)
      expect(cli.stdout).toMatch(
        /FAIL transaction-customer-exists .*1 customerId value\(s\) of Transaction are not Customer ids of the customers data product/,
      )

      const catalog = await mesh.query<{
        dataProduct: {
          lastQualityRun: Run & { trigger: string; requestedBy: string }
          qualityHistory: { passed: boolean }[]
        }
      }>(
        `{ dataProduct(id: "transactions") { lastQualityRun { trigger requestedBy ${RUN_FIELDS} } qualityHistory(first: 5) { passed } } }`,
      )
      const last = catalog.data!.dataProduct.lastQualityRun
      expect(last).toMatchObject({
        passed: false,
        criticalFailures: 1,
        trigger: 'ON_DEMAND',
        requestedBy: 'quality-cli',
      })
      expect(last.results.find((r) => r.ruleId === 'transaction-customer-exists')).toMatchObject({
        passed: false,
        observed: 1,
        checkedRows: 41,
      })
      expect(catalog.data!.dataProduct.qualityHistory.slice(0, 3).map((r) => r.passed)).toEqual([false, true, true])
    } finally {
      await mesh.databases.transactions.exec(`DELETE FROM "Transaction" WHERE id = 'T-ORPHAN-1'`)
    }
  })

  test('a local rule broken in the data is reported with how many rows break it', async () => {
    await mesh.databases.customers.exec(
      `UPDATE "Customer" SET email = 'not-an-address' WHERE id = (SELECT min(id) FROM "Customer")`,
    )
    try {
      const response = await mesh.query<{ runQualityChecks: Run[] }>(
        `mutation { runQualityChecks(productId: "customers") { ${RUN_FIELDS} } }`,
      )
      const [customers] = response.data!.runQualityChecks
      expect(customers!.passed).toBe(false)
      expect(customers!.results.find((r) => r.ruleId === 'customer-email-format')).toMatchObject({
        passed: false,
        observed: 1,
        checkedRows: 40,
        message: '1 row(s) of Customer have a email not matching ^[^@ ]+@[^@ ]+[.][^@ ]+$',
      })
    } finally {
      const [row] = await mesh.databases.customers.query<{ id: string }>('SELECT min(id) AS id FROM "Customer"')
      await mesh.databases.customers.exec(
        `UPDATE "Customer" SET email = lower("firstName") || '.${Date.now()}@mail.example' WHERE id = '${row!.id}'`,
      )
    }
  })

  test('who may run checks: analysts, compliance and admins; not marketing, and never through chat; unknown products are NOT_FOUND', async () => {
    const denied = await mesh.query(
      'mutation { runQualityChecks(productId: "loans") { passed } }',
      undefined,
      await bearer('marketing'),
    )
    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'Mutation.runQualityChecks' })
    const chat = await mesh.query(
      'mutation { runQualityChecks(productId: "loans") { passed } }',
      undefined,
      await bearer('admin', { channel: 'chat' }),
    )
    expect(chat.errors?.[0]?.extensions?.reason).toMatch(/never made through the chat channel/)
    const unknown = await mesh.query(
      'mutation { runQualityChecks(productId: "nothing") { passed } }',
      undefined,
      await bearer('analyst'),
    )
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
  })
})

describe('writes are checked against the contract', () => {
  const BOOK =
    'mutation($input: RecordTransactionInput!) { recordTransaction(input: $input) { id amount direction currency account { id balance } } }'

  async function accountState(accountId: string) {
    const [row] = await mesh.databases.transactions.query<{ balance: string; count: number }>(
      'SELECT a.balance::text AS balance, (SELECT count(*)::int FROM "Transaction" t WHERE t."accountId" = a.id) AS count FROM "Account" a WHERE a.id = $1',
      [accountId],
    )
    return row!
  }

  test("an amount outside the contract's range or a blank description is rejected with BAD_USER_INPUT, and nothing is written", async () => {
    const [account] = await mesh.databases.transactions.query<{ id: string }>(
      `SELECT id FROM "Account" WHERE status = 'OPEN' ORDER BY id LIMIT 1`,
    )
    const before = await accountState(account!.id)
    const headers = await bearer('customer_service')
    for (const input of [
      { accountId: account!.id, type: 'DEPOSIT', amount: '0.00', description: 'Cash deposit', channel: 'BRANCH' },
      { accountId: account!.id, type: 'WITHDRAWAL', amount: '2500000.00', description: 'Cash', channel: 'BRANCH' },
      { accountId: account!.id, type: 'PAYMENT', amount: '12.00', description: '   ', channel: 'ONLINE' },
    ]) {
      const response = await mesh.query<{ recordTransaction: null }>(BOOK, { input }, headers)
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
      expect(response.data?.recordTransaction ?? null).toBeNull()
    }
    const rejected = await mesh.query(
      BOOK,
      { input: { accountId: account!.id, type: 'DEPOSIT', amount: '-5', description: '', channel: 'BRANCH' } },
      headers,
    )
    expect(rejected.errors?.[0]?.extensions?.violations).toEqual([
      expect.objectContaining({ ruleId: 'transaction-amount-range', column: 'amount' }),
      expect.objectContaining({ ruleId: 'transaction-description-present', column: 'description' }),
    ])
    expect(await accountState(account!.id)).toEqual(before)
  })

  test('a valid booking is written with the balance moved, in one transaction', async () => {
    const [account] = await mesh.databases.transactions.query<{ id: string }>(
      `SELECT id FROM "Account" WHERE status = 'OPEN' ORDER BY id DESC LIMIT 1`,
    )
    const before = await accountState(account!.id)
    const response = await mesh.query<{
      recordTransaction: { id: string; amount: string; direction: string; account: { balance: string } }
    }>(
      BOOK,
      {
        input: {
          accountId: account!.id,
          type: 'WITHDRAWAL',
          amount: '40.25',
          description: 'ATM withdrawal',
          channel: 'ATM',
        },
      },
      await bearer('customer_service'),
    )
    expect(response.errors).toBeUndefined()
    expect(response.data!.recordTransaction).toMatchObject({ amount: '40.25', direction: 'DEBIT', currency: 'USD' })
    const after = await accountState(account!.id)
    expect(after.count).toBe(before.count + 1)
    expect(Number(after.balance)).toBeCloseTo(Number(before.balance) - 40.25, 2)
    expect(response.data!.recordTransaction.account.balance).toBe(after.balance)
  })

  test('only roles that book may write: an analyst is refused and the refusal is audited', async () => {
    const [account] = await mesh.databases.transactions.query<{ id: string }>(
      `SELECT id FROM "Account" ORDER BY id LIMIT 1`,
    )
    const response = await mesh.query(
      BOOK,
      { input: { accountId: account!.id, type: 'DEPOSIT', amount: '5.00', description: 'x', channel: 'BRANCH' } },
      await bearer('analyst', { subject: 'writer-analyst' }),
    )
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'Mutation.recordTransaction' })
    const [audited] = await mesh.databases.audit.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "AccessDenial" WHERE subject = 'writer-analyst' AND field = 'Mutation.recordTransaction'`,
    )
    expect(audited!.n).toBe(1)
  })
})

describe('descriptor validation at start-up', () => {
  test('the shipped descriptors are valid', () => {
    expect(descriptorProblems(transactionsProduct, transactionsTypeDefs)).toEqual([])
  })

  test('a broken descriptor is refused with every problem named', () => {
    const broken = {
      ...transactionsProduct,
      status: 'deprecated' as const,
      version: 'latest',
      deprecations: [{ field: 'Transaction.nothing', reason: 'gone', sunsetDate: 'soon' }],
      quality: [...transactionsProduct.quality, { ...transactionsProduct.quality[0]!, table: 'Ledger' }],
    }
    const problems = descriptorProblems(broken, transactionsTypeDefs)
    expect(problems).toEqual(
      expect.arrayContaining([
        'a deprecated product needs a sunsetDate (YYYY-MM-DD)',
        'version "latest" is not semantic (major.minor.patch)',
        "deprecated field Transaction.nothing is not in the product's SDL",
        'deprecated field Transaction.nothing needs a sunsetDate (YYYY-MM-DD)',
        'quality rule transaction-amount-range checks table Ledger, which the descriptor does not list',
        'quality rule id transaction-amount-range is used twice',
      ]),
    )
    expect(() => assertValidDescriptor(broken, transactionsTypeDefs)).toThrow(
      /transactions data product's descriptor is not valid/,
    )
    const badStandard = { ...transactionsProduct, owner: { team: 'x', contact: 'nobody' } }
    expect(descriptorProblems(badStandard, transactionsTypeDefs)).toContain(
      'owner contact "nobody" is not an e-mail address',
    )
  })
})
