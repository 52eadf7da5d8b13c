// Quality alerts: a critical rule that starts failing is POSTed once, signed, to the owner's webhook and shown open
// in the catalog until a run sees it pass, which POSTs "resolved"; a broken receiver never fails or holds up a run.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { dataProduct as transactionsProduct } from '../subgraphs/transactions/data-product'
import { startMesh, type RunningMesh } from './support/mesh'

const SECRET = 'alert-secret-for-the-test-receiver'
const PUBLIC_URL = 'https://mesh.bank.example'
const RULE = 'transaction-customer-exists'
const ATTEMPTS = 3
const TIMEOUT_MILLIS = 1_500

interface Delivery {
  arrivedAt: number
  headers: IncomingHttpHeaders
  body: string
  json: Record<string, unknown> & { result: Record<string, unknown> }
}
type Behaviour = 'ok' | 'fail' | 'stall'

/** A webhook receiver on a free port of 127.0.0.1 that records every POST and answers as told. */
function startReceiver() {
  const deliveries: Delivery[] = []
  let behaviour: Behaviour = 'ok'
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      deliveries.push({
        arrivedAt: Date.now(),
        headers: request.headers,
        body,
        json: JSON.parse(body) as Delivery['json'],
      })
      if (behaviour === 'stall') return
      response.writeHead(behaviour === 'ok' ? 204 : 500).end()
    })
  })
  return {
    deliveries,
    server,
    set: (next: Behaviour) => (behaviour = next),
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/quality`),
        ),
      ),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const receiver = startReceiver()
let mesh: RunningMesh

beforeAll(async () => {
  const url = await receiver.listen()
  mesh = await startMesh({
    customers: 40,
    qualityAlerts: {
      url,
      secret: SECRET,
      publicUrl: PUBLIC_URL,
      timeoutMillis: TIMEOUT_MILLIS,
      attempts: ATTEMPTS,
      backoffMillis: 50,
    },
  })
})
afterAll(async () => {
  await mesh?.stop()
  await receiver.stop()
})

async function until(condition: () => boolean, what: string, timeoutMillis = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMillis
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
const settle = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis))

const addOrphan = (id: string) =>
  mesh.databases.transactions
    .exec(`INSERT INTO "Transaction" (id, "accountId", "customerId", type, direction, amount, currency, date, description, channel)
    SELECT '${id}', id, 'C-99999999', 'DEPOSIT', 'CREDIT', 10.00, 'USD', now(), 'Orphan', 'BRANCH' FROM "Account" ORDER BY id LIMIT 1`)
const removeOrphans = () =>
  mesh.databases.transactions.exec(`DELETE FROM "Transaction" WHERE "customerId" = 'C-99999999'`)

async function runTransactionsChecks() {
  const response = await mesh.query<{
    runQualityChecks: {
      id: string
      passed: boolean
      finishedAt: string
      results: {
        ruleId: string
        passed: boolean
        observed: number | null
        checkedRows: number | null
        message: string
      }[]
    }[]
  }>(
    'mutation { runQualityChecks(productId: "transactions") { id passed finishedAt results { ruleId passed observed checkedRows message } } }',
  )
  expect(response.errors).toBeUndefined()
  const [run] = response.data!.runQualityChecks
  return { run: run!, rule: run!.results.find((r) => r.ruleId === RULE)! }
}

interface Alert {
  id: string
  productId: string
  ruleId: string
  severity: string
  open: boolean
  openedAt: string
  openedByRunId: string
  resolvedAt: string | null
  resolvedByRunId: string | null
  lastCheckedAt: string
  lastResult: { passed: boolean; observed: number | null; checkedRows: number | null; message: string }
}
const ALERT_FIELDS =
  'id productId ruleId severity open openedAt openedByRunId resolvedAt resolvedByRunId lastCheckedAt lastResult { passed observed checkedRows message }'

async function catalogAlerts() {
  const response = await mesh.query<{
    dataProduct: { openAlerts: Alert[] }
    dataProducts: { id: string; openAlerts: { ruleId: string }[] }[]
    open: Alert[]
    resolved: Alert[]
  }>(`{
    dataProduct(id: "transactions") { openAlerts { ${ALERT_FIELDS} } }
    dataProducts { id openAlerts { ruleId } }
    open: qualityAlerts(filter: { productId: "transactions", open: true }) { ${ALERT_FIELDS} }
    resolved: qualityAlerts(filter: { productId: "transactions", open: false }) { ${ALERT_FIELDS} }
  }`)
  expect(response.errors).toBeUndefined()
  return response.data!
}

/**
 * The alerts received, one per delivery id: an attempt whose answer came too late for the catalog is sent again
 * under the same id (at least once, as webhooks are), and a receiver counts it once.
 */
const alertsReceived = () =>
  receiver.deliveries.filter(
    (d, n, all) => all.findIndex((e) => e.headers['x-mesh-delivery'] === d.headers['x-mesh-delivery']) === n,
  )

const signatureOf = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`

describe('quality alerts', () => {
  let opened: Delivery
  let openedRunId: string

  test('a critical rule that starts failing POSTs one signed "opened" alert with the product, owner, rule, result and link; the catalog shows it open', async () => {
    await addOrphan('T-ORPHAN-ALERT-1')
    const [orphans] = await mesh.databases.transactions.query<{ n: number; customers: number }>(
      `SELECT (SELECT count(DISTINCT "customerId")::int FROM "Transaction" WHERE "customerId" = 'C-99999999') AS n, (SELECT count(DISTINCT "customerId")::int FROM "Transaction") AS customers`,
    )
    const { run, rule } = await runTransactionsChecks()
    expect(run.passed).toBe(false)
    expect(rule).toMatchObject({ passed: false, observed: orphans!.n, checkedRows: orphans!.customers })
    openedRunId = run.id

    await until(() => alertsReceived().length >= 1, 'the opened alert')
    await settle(300)
    expect(alertsReceived()).toHaveLength(1)
    opened = alertsReceived()[0]!
    expect(opened.headers['content-type']).toBe('application/json')
    expect(opened.headers['x-mesh-event']).toBe('quality-alert.opened')
    expect(opened.headers['x-mesh-signature']).toBe(signatureOf(opened.body))
    expect(opened.json).toMatchObject({
      event: 'opened',
      product: 'transactions',
      productName: transactionsProduct.name,
      owner: transactionsProduct.owner,
      rule: RULE,
      severity: 'critical',
      result: { passed: false, observed: orphans!.n, checkedRows: orphans!.customers, message: rule.message },
      runId: run.id,
      openedAt: run.finishedAt,
      resolvedAt: null,
      link: `${PUBLIC_URL}/#/catalog/transactions`,
    })
    expect(Date.parse(opened.json.at as string)).toBeGreaterThanOrEqual(Date.parse(run.finishedAt))

    const catalog = await catalogAlerts()
    expect(catalog.dataProduct.openAlerts).toEqual([
      expect.objectContaining({
        id: opened.json.alertId,
        ruleId: RULE,
        severity: 'critical',
        open: true,
        openedAt: run.finishedAt,
        openedByRunId: run.id,
        resolvedAt: null,
        lastResult: { passed: false, observed: orphans!.n, checkedRows: orphans!.customers, message: rule.message },
      }),
    ])
    expect(catalog.open.map((a) => a.id)).toEqual([opened.json.alertId])
    expect(catalog.dataProducts.filter((p) => p.openAlerts.length > 0)).toEqual([
      { id: 'transactions', openAlerts: [{ ruleId: RULE }] },
    ])
  })

  test("another run while the rule keeps failing sends nothing and refreshes the open alert's last result", async () => {
    await addOrphan('T-ORPHAN-ALERT-2')
    const { run, rule } = await runTransactionsChecks()
    expect(rule.passed).toBe(false)
    await settle(500)
    expect(alertsReceived()).toHaveLength(1)
    const { dataProduct } = await catalogAlerts()
    expect(dataProduct.openAlerts).toHaveLength(1)
    expect(dataProduct.openAlerts[0]).toMatchObject({
      id: opened.json.alertId,
      openedByRunId: openedRunId,
      lastCheckedAt: run.finishedAt,
      lastResult: { observed: rule.observed, message: rule.message },
    })
  })

  test('a run that sees the rule pass again POSTs one "resolved" alert and the catalog shows no open alert', async () => {
    await removeOrphans()
    const { run, rule } = await runTransactionsChecks()
    expect(rule).toMatchObject({ passed: true, observed: 0 })
    await until(() => alertsReceived().length >= 2, 'the resolved alert')
    await settle(300)
    expect(alertsReceived()).toHaveLength(2)
    const resolved = alertsReceived()[1]!
    expect(resolved.headers['x-mesh-event']).toBe('quality-alert.resolved')
    expect(resolved.headers['x-mesh-signature']).toBe(signatureOf(resolved.body))
    expect(resolved.json).toMatchObject({
      event: 'resolved',
      alertId: opened.json.alertId,
      product: 'transactions',
      rule: RULE,
      runId: run.id,
      openedAt: opened.json.openedAt,
      resolvedAt: run.finishedAt,
      result: { passed: true, observed: 0, message: rule.message },
      link: `${PUBLIC_URL}/#/catalog/transactions`,
    })

    const catalog = await catalogAlerts()
    expect(catalog.dataProduct.openAlerts).toEqual([])
    expect(catalog.open).toEqual([])
    expect(catalog.resolved).toEqual([
      expect.objectContaining({
        id: opened.json.alertId,
        open: false,
        resolvedAt: run.finishedAt,
        resolvedByRunId: run.id,
      }),
    ])
  })

  test('a receiver that answers 500 is retried with the same delivery id, and neither it nor a stalled one fails or holds up the run', async () => {
    receiver.set('fail')
    await addOrphan('T-ORPHAN-ALERT-3')
    const failing = await runTransactionsChecks()
    expect(failing.rule.passed).toBe(false)
    const [alert] = (await catalogAlerts()).dataProduct.openAlerts
    expect(alert).toBeDefined()
    const forAlert = () => receiver.deliveries.filter((d) => d.json.alertId === alert!.id)
    await until(() => forAlert().length >= ATTEMPTS, 'the retries')
    await settle(300)
    const attempts = forAlert()
    expect(attempts).toHaveLength(ATTEMPTS)
    expect(new Set(attempts.map((d) => d.headers['x-mesh-delivery'])).size).toBe(1)
    expect(attempts.every((d) => d.json.event === 'opened')).toBe(true)

    // A receiver that never answers: the run that resolves the alert returns long before the deliveries give up.
    receiver.set('stall')
    await removeOrphans()
    const passing = await runTransactionsChecks()
    const answeredAt = Date.now()
    expect(passing.rule.passed).toBe(true)
    expect((await catalogAlerts()).dataProduct.openAlerts).toEqual([])
    await until(
      () => forAlert().length >= 2 * ATTEMPTS,
      'the timed-out retries',
      ATTEMPTS * (TIMEOUT_MILLIS + 500) + 5_000,
    )
    const stalled = forAlert().slice(ATTEMPTS)
    expect(stalled.map((d) => d.json.event)).toEqual(Array(ATTEMPTS).fill('resolved'))
    // The run had answered before the first stalled attempt timed out and was retried.
    expect(answeredAt).toBeLessThan(stalled[1]!.arrivedAt)
    expect(stalled[1]!.arrivedAt - stalled[0]!.arrivedAt).toBeGreaterThanOrEqual(TIMEOUT_MILLIS)
  })
})

describe('alert configuration', () => {
  test('the catalog refuses to start on an ALERT_WEBHOOK_URL that is not http(s), naming the variable', async () => {
    const root = path.join(__dirname, '..')
    const outcome = await new Promise<{ code: number | null; output: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'subgraphs', 'catalog', 'main.ts')],
        {
          cwd: root,
          timeout: 60_000,
          env: {
            ...process.env,
            ALERT_WEBHOOK_URL: 'ftp://alerts.bank.example/hook',
            CATALOG_PORT: '0',
            LOG_LEVEL: 'info',
            DATA_DIR: path.join(os.tmpdir(), 'quality-alerts-config-test'),
          },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: stdout + stderr }),
      )
    })
    expect(outcome.code).toBe(2)
    expect(outcome.output).toMatch(/Invalid ALERT_WEBHOOK_URL/)
  })
})
