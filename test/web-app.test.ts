// The web app end to end: `npm start` (a throwaway data dir, free ports) serves it at `/`, and headless
// Chromium drives it as people would, on a desktop, a tablet and a phone. Every number on screen is checked
// against what the graph answers, as the same role, for the same period; every page passes axe-core's WCAG 2.1
// A/AA rules at every size, fits the screen and offers touch targets of 44 px; screenshots go to
// test-results/web-app/. One browser for the whole file; each role signs in through the form once.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import axe from 'axe-core'
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from 'playwright-core'
import type { Role } from '../rules/identity'
import { issueDevelopmentToken } from '../gateway/core/development-tokens'
import {
  buildClientSchema,
  getIntrospectionQuery,
  getVariableValues,
  Kind,
  parse,
  validate,
  type IntrospectionQuery,
} from 'graphql'
import { BREAKDOWNS } from '../web/src/dashboard/breakdowns'
import express from 'express'
import type { AddressInfo } from 'node:net'
import { mountWebApp } from '../gateway/routes/web-app'
import { postGraphQL, type GraphQLResponse } from './support/mesh'
import { activeSubscriptions, eventually, settledSubscriptions } from './support/subscriptions'
import { startMeshWithNpmStart, stopMesh, type StartedMesh } from './support/npm-start'

const ROOT = path.resolve(__dirname, '..')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOTS = path.join(ROOT, 'test-results', 'web-app')

/** The screens the app is read on: a phone and a tablet (touch), and a laptop. */
const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  tablet: { viewport: { width: 768, height: 1024 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1440, height: 900 } },
} satisfies Record<string, BrowserContextOptions>
type Size = keyof typeof SIZES
/** Headline tiles side by side: one a row on a phone, two on a tablet, four on a laptop. */
const KPI_COLUMNS: Record<Size, number> = { phone: 1, tablet: 2, desktop: 4 }

let mesh: StartedMesh
let browser: Browser
let jwtSecret: string
const contexts = new Map<Size, BrowserContext>()

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
    )
  mkdirSync(SCREENSHOTS, { recursive: true })
  mesh = await startMeshWithNpmStart()
  jwtSecret = (JSON.parse(readFileSync(path.join(mesh.dataDir, 'dev-secrets.json'), 'utf8')) as { jwtSecret: string })
    .jwtSecret
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true })
}, 420_000)

afterAll(async () => {
  for (const context of contexts.values()) await context.close()
  await browser?.close()
  if (mesh) await stopMesh(mesh)
}, 60_000)

describe('web app', () => {
  test('the gateway serves the app at / and its deep links, with cached assets, never in place of the API', async () => {
    const home = await fetch(`${mesh.origin}/`, { headers: { accept: 'text/html' } })
    expect(home.status).toBe(200)
    expect(home.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(home.headers.get('cache-control')).toBe('no-cache')
    const html = await home.text()
    expect(html).toContain('<div id="root"></div>')
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!
    const asset = await fetch(`${mesh.origin}${script}`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/)

    expect(await (await fetch(`${mesh.origin}/some/deep/link`, { headers: { accept: 'text/html' } })).text()).toContain(
      '<div id="root"></div>',
    )
    expect((await fetch(`${mesh.origin}/assets/missing.js`)).status).toBe(404)
    const health = await fetch(`${mesh.origin}/health`, { headers: { accept: 'text/html' } })
    expect(await health.json()).toMatchObject({ status: 'ok' })
    const chat = await fetch(`${mesh.origin}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html' },
      body: '{"question":"hi"}',
    })
    expect(chat.status).toBe(401)
    const exportGet = await fetch(`${mesh.origin}/export`, { headers: { accept: 'text/html' } })
    expect(exportGet.status).toBe(404)
    expect(await exportGet.text()).not.toContain('<div id="root">')
    const graphql = await postGraphQL(`${mesh.origin}/graphql`, '{ __typename }')
    expect(graphql.data).toEqual({ __typename: 'Query' })

    const devTokens = (await (await fetch(`${mesh.origin}/dev/tokens`)).json()) as {
      tokens: { role: string; token: string }[]
    }
    expect(devTokens.tokens.map((t) => t.role).sort()).toEqual([
      'admin',
      'analyst',
      'compliance_officer',
      'customer',
      'customer_service',
      'executive',
      'marketing',
      'risk_officer',
    ])
    const asAnalyst = await postGraphQL(
      `${mesh.origin}/graphql`,
      '{ transactionSummary { count } }',
      {},
      { authorization: `Bearer ${devTokens.tokens.find((t) => t.role === 'analyst')!.token}` },
    )
    expect(asAnalyst.data).toMatchObject({ transactionSummary: { count: expect.any(Number) } })
  })

  test("an executive's dashboard shows the graph's numbers for the period, and explains the tiles it may not see", async () => {
    const page = await signIn('executive', 'desktop', { throughForm: true })
    // The charts library, most of the app's weight, is not fetched for the sign-in page, only with the first chart.
    expect(scriptsBeforeSignIn.get(page)!.filter((url) => /\/assets\/charts-/.test(url))).toEqual([])
    await dashboardSettled(page)
    const charts = page.locator('.chart-canvas')
    expect(await charts.count()).toBeGreaterThanOrEqual(4)
    for (let i = 0; i < (await charts.count()); i++)
      await charts.nth(i).locator('svg.recharts-surface').first().waitFor()
    const range = await periodOf(page)
    const expected = await dashboardFigures('executive', range)

    expect(await kpi(page, 'new-customers')).toBe(String(expected.newCustomers))
    expect(await kpi(page, 'deposits')).toBe(expected.deposits)
    expect(await kpi(page, 'withdrawals')).toBe(expected.withdrawals)
    expect(await kpi(page, 'net-flow')).toBe(expected.net)
    expect(await kpi(page, 'loan-volume')).toBe(expected.loanVolume)
    expect(await kpi(page, 'conversions')).toBe(String(expected.conversions))
    expect(Number(await kpi(page, 'cost-per-acquisition'))).toBeCloseTo(expected.costPerAcquisition, 2)
    expect(Number(expected.deposits)).toBeGreaterThan(0)
    // The number people read is the same one, formatted.
    await expectText(
      page,
      '[data-tile="deposits"] .kpi-value',
      `$${Math.round(Number(expected.deposits)).toLocaleString('en-US')}`,
    )

    // The top campaigns and risk grades, row by row.
    const topNames = await page
      .locator('[data-tile="top-campaigns"] table.compact tbody tr td:nth-child(2)')
      .allTextContents()
    expect(topNames).toEqual(expected.topCampaigns)
    const gradeRows = await page.locator('[data-tile="risk-grades"] .chart-data tbody tr').allTextContents()
    expect(gradeRows).toEqual(expected.riskGrades.map((g) => `Grade ${g.grade}${g.count.toLocaleString('en-US')}`))

    // Each tile names the data product that feeds it and how fresh it is.
    await expectText(page, '[data-tile="deposits"] .provenance', 'Source: Customer Transactions')
    await expectText(page, '[data-tile="deposits"] .provenance', 'latest Transaction')
    await expectText(page, '[data-tile="new-customers"] .provenance', 'Marketing Campaigns and Customer Acquisition')
    await expectText(page, '[data-tile="loan-volume"] .provenance', 'latest Loan')

    // The approval rate is an aggregate the executive may read (loanPerformance), with the graph's figure.
    const performance = await graph<{ loanPerformance: { all: { current: { approvalRate: number | null } } } }>(
      'executive',
      'query($from: DateTime!, $to: DateTime!) { loanPerformance(from: $from, to: $to) { all { current { approvalRate } } } }',
      { from: `${range.from}T00:00:00.000Z`, to: `${range.to}T23:59:59.999Z` },
    )
    expect(await kpi(page, 'approval-rate')).toBe(
      performance.loanPerformance.all.current.approvalRate?.toFixed(4) ?? '',
    )
    // Individual debits (anomalies) and who was refused what (access denials) are personal, not the
    // executive's: the tiles say why, and they are the only refused tiles.
    const refused = await postGraphQL(
      `${mesh.origin}/graphql`,
      '{ anomalousTransactions(first: 1) { score } }',
      {},
      await bearer('executive'),
    )
    const reasonOf = (field: string) => refused.errors!.find((e) => e.path?.[0] === field)!.extensions!.reason as string
    await expectText(page, '[data-tile="anomalies"] .denied-reason', capitalize(reasonOf('anomalousTransactions')))
    expect(
      await page
        .locator('[data-tile]:has([data-denied])')
        .evaluateAll((tiles) => tiles.map((tile) => tile.getAttribute('data-tile'))),
    ).toEqual(['anomalies', 'access-denials'])
    // Every tile's operation went by its registered hash alone (trusted documents), none as text.
    expect(graphQLRequests.get(page)!.asText).toEqual([])
    expect(graphQLRequests.get(page)!.byHash).toBeGreaterThanOrEqual(9)
    await expectAccessible(page)
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-executive.png'), fullPage: true })
    await done(page)
  })

  test('choosing another period changes the numbers to what the graph answers for it', async () => {
    const page = await signIn('executive')
    await dashboardSettled(page)
    const before = await kpi(page, 'deposits')
    const previousRange = await periodOf(page)
    await page.getByRole('combobox', { name: 'Period' }).selectOption({ label: 'Last 12 months' })
    await page.waitForFunction(
      (from) => (document.getElementById('period-from') as HTMLInputElement).value !== from,
      previousRange.from,
    )
    await dashboardSettled(page)
    const range = await periodOf(page)
    expect(range.to).toBe(previousRange.to)
    expect(range.from < previousRange.from).toBe(true)
    const expected = await dashboardFigures('executive', range)
    expect(await kpi(page, 'deposits')).toBe(expected.deposits)
    expect(await kpi(page, 'deposits')).not.toBe(before)
    expect(await kpi(page, 'new-customers')).toBe(String(expected.newCustomers))
    expect(await kpi(page, 'loan-volume')).toBe(expected.loanVolume)

    // Custom dates, applied together.
    await page.getByLabel('From').fill(range.to.slice(0, 8) + '01')
    await page.getByRole('button', { name: 'Apply dates' }).click()
    await page.waitForFunction(
      () =>
        /\(\d+ days, UTC\)/.test(document.querySelector('.period-summary')?.textContent ?? '') &&
        document.querySelectorAll('.tile[aria-busy]').length === 0,
    )
    await dashboardSettled(page)
    const custom = await periodOf(page)
    expect(custom.from).toBe(range.to.slice(0, 8) + '01')
    // Only the deposits are compared: a week's loans may cover too few customers to show an executive.
    const customDeposits = await graph<{ deposits: { credits: string } }>(
      'executive',
      'query($from: DateTime!, $to: DateTime!) { deposits: transactionSummary(filter: { type: DEPOSIT, startDate: $from, endDate: $to }) { credits } }',
      { from: `${custom.from}T00:00:00.000Z`, to: `${custom.to}T23:59:59.999Z` },
    )
    expect(await kpi(page, 'deposits')).toBe(customDeposits.deposits.credits)
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-period-changed.png'), fullPage: true })
    await done(page)
  })

  test('an analyst sees the restricted access-denials tile explained, and the confidential tiles filled', async () => {
    const page = await signIn('analyst')
    await dashboardSettled(page)
    const refused = await postGraphQL(
      `${mesh.origin}/graphql`,
      '{ accessDenials(first: 1) { totalCount } }',
      {},
      await bearer('analyst'),
    )
    const reason = refused.errors!.find((e) => e.path?.[0] === 'accessDenials')!.extensions!.reason as string
    expect(reason).toMatch(/restricted audit data/)
    const tile = page.locator('[data-tile="access-denials"]')
    await expectText(page, '[data-tile="access-denials"] .denied-title', 'Not available to the analyst role')
    await expectText(page, '[data-tile="access-denials"] .denied-reason', capitalize(reason))
    await expectText(page, '[data-tile="access-denials"] .denied-hint', 'Query.accessDenials')
    expect(await tile.getByRole('heading', { name: 'Access denials' }).isVisible()).toBe(true)

    const range = await periodOf(page)
    const applications = await graph<{ approved: { totalCount: number }; declined: { totalCount: number } }>(
      'analyst',
      `query($from: DateTime!, $to: DateTime!) {
      approved: loanApplications(filter: { submittedFrom: $from, submittedTo: $to, status: APPROVED }, first: 0) { totalCount }
      declined: loanApplications(filter: { submittedFrom: $from, submittedTo: $to, status: DECLINED }, first: 0) { totalCount } }`,
      { from: `${range.from}T00:00:00.000Z`, to: `${range.to}T23:59:59.999Z` },
    )
    const decided = applications.approved.totalCount + applications.declined.totalCount
    expect(await kpi(page, 'approval-rate')).toBe(
      decided ? (applications.approved.totalCount / decided).toFixed(4) : '',
    )
    expect(await page.locator('[data-tile="anomalies"] [data-denied]').count()).toBe(0)
    await tile.scrollIntoViewIfNeeded()
    await expectAccessible(page)
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-analyst.png'), fullPage: true })
    await done(page)
  })

  test('catalog search finds the transaction data product, with owner, lifecycle, quality and classified fields, and its examples run in the console', async () => {
    const page = await signIn('analyst')
    await page.getByRole('link', { name: 'Catalog' }).click()
    const search = page.getByRole('searchbox', { name: 'Search data products' })
    await search.fill('customer transactions')
    await search.press('Enter')
    await page.locator('[data-product-id="transactions"]').waitFor()
    const product = await graph<{
      dataProduct: {
        name: string
        owner: { team: string; contact: string }
        status: string
        fields: { coordinate: string; classification: string; category: string | null }[]
        exampleQueries: { query: string }[]
      }
    }>(
      'analyst',
      '{ dataProduct(id: "transactions") { name owner { team contact } status fields { coordinate classification category } exampleQueries { query } } }',
    )
    const found = await graph<{ dataProducts: { id: string }[] }>(
      'analyst',
      '{ dataProducts(filter: { text: "customer transactions" }) { id } }',
    )
    expect(await page.locator('.product-card').count()).toBe(found.dataProducts.length)
    await expectText(page, '[data-product-id="transactions"]', product.dataProduct.name)

    await page.locator('[data-product-id="transactions"]').click()
    const detail = page.locator('[data-product-detail="transactions"]')
    await detail.waitFor()
    await expectText(page, '[data-product-detail="transactions"] .facts', product.dataProduct.owner.team)
    await expectText(page, '[data-product-detail="transactions"] .facts', product.dataProduct.owner.contact)
    await expectText(
      page,
      '[data-product-detail="transactions"] .facts',
      capitalize(product.dataProduct.status.toLowerCase()),
    )
    const amount = product.dataProduct.fields.find((f) => f.coordinate === 'Transaction.amount')!
    const row = detail.locator('tr', { has: page.locator('code', { hasText: /^Transaction\.amount$/ }) })
    expect(await row.textContent()).toContain(
      `${amount.classification.toLowerCase()}${amount.category ? ` · ${amount.category}` : ''}`,
    )

    // Quality: run the checks (analysts may), then read the results.
    await page.getByRole('button', { name: 'Run the checks now' }).click()
    await page.locator('.quality-results li').first().waitFor({ timeout: 60_000 })
    await expectText(page, '.quality', 'Last run')
    await expectAccessible(page)
    await page.screenshot({ path: path.join(SCREENSHOTS, 'catalog-transactions.png'), fullPage: true })

    await detail.getByRole('button', { name: 'Open in the query console' }).first().click()
    const console = page.getByRole('textbox', { name: 'GraphQL operation' })
    await console.waitFor()
    expect(await console.inputValue()).toBe(product.dataProduct.exampleQueries[0]!.query)
    await console.press('Control+Enter')
    await page.locator('.console-result table.data').waitFor()
    expect(await page.locator('.console-result table.data tbody tr').count()).toBeGreaterThan(0)
    await expectAccessible(page)
    await page.screenshot({ path: path.join(SCREENSHOTS, 'console-example.png'), fullPage: true })
    await done(page)
  })

  test("the catalog draws a product's lineage as a graph, traces a field to what depends on it and a node to where it comes from, and a dashboard tile links to its lineage", async () => {
    const page = await signIn('analyst')
    await page.getByRole('link', { name: 'Catalog' }).click()
    await page.locator('[data-product-id="risk"]').click()
    const lineage = page.locator('[data-product-detail="risk"] .lineage')
    await lineage.locator('[data-lineage-of="product:risk"]').waitFor()
    const nodeIds = () =>
      lineage
        .locator('[data-lineage-graph] [data-node]')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-node')).sort())
    const products = await graph<{ lineage: { nodes: { id: string }[]; edges: unknown[] } }>(
      'analyst',
      '{ lineage(of: "product:risk", kinds: [PRODUCT], depth: 2) { nodes { id } edges { from } } }',
    )
    expect(await nodeIds()).toEqual(products.lineage.nodes.map((node) => node.id).sort())
    expect(await lineage.locator('[data-lineage-graph] path[data-edge]').count()).toBe(products.lineage.edges.length)

    await lineage.getByLabel('Trace a field, table or tile').fill('Customer.riskGrade')
    await lineage.getByRole('button', { name: 'Trace', exact: true }).click()
    await lineage.locator('[data-lineage-of="field:Customer.riskGrade"]').waitFor()
    expect(await nodeIds()).toEqual(
      expect.arrayContaining(['field:Query.riskGradeDistribution', 'tile:risk-grades', 'table:risk.RiskAssessment']),
    )
    await lineage.locator('[data-lineage-graph] [data-node="tile:risk-grades"]').click()
    await lineage.locator('[data-lineage-of="tile:risk-grades"]').waitFor()
    expect(await nodeIds()).toEqual(
      expect.arrayContaining(['field:Query.riskGradeDistribution', 'table:risk.RiskAssessment', 'product:risk']),
    )
    await lineage.locator('.lineage-list summary').click()
    expect(
      await lineage
        .locator('.lineage-list li[data-edge="table:risk.RiskAssessment>field:Query.riskGradeDistribution"]')
        .textContent(),
    ).toContain('riskGrade')
    await expectAccessible(page)
    await lineage.scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(SCREENSHOTS, 'catalog-lineage.png'), fullPage: true })

    await page.getByRole('link', { name: 'Dashboard' }).click()
    const provenance = page.locator('[data-tile="deposits"] .provenance')
    await provenance.locator('summary').click()
    await provenance.getByRole('link', { name: 'where this figure comes from' }).click()
    await page.locator('[data-lineage-of="tile:deposits"]').waitFor()
    expect(await page.locator('[data-lineage-graph] [data-node="table:transactions.Transaction"]').count()).toBe(1)
    await done(page)
  })

  test('a chat question shows the answer, the GraphQL it ran and its data; a refused one is explained', async () => {
    const page = await signIn('analyst')
    await page.getByRole('link', { name: 'Chat' }).click()
    const question = 'Show me the total deposits for the last quarter'
    const direct = (await (
      await fetch(`${mesh.origin}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await bearer('analyst')) },
        body: JSON.stringify({ question }),
      })
    ).json()) as { answer: string; operations: { query: string }[] }
    const input = page.getByRole('textbox', { name: 'Your question' })
    await input.fill(question)
    await input.press('Enter')
    const answer = page.locator('[data-answer]').first()
    await answer.waitFor({ timeout: 90_000 })
    expect(await answer.locator('.answer-text').textContent()).toBe(`The mesh answered: ${direct.answer}`)
    expect(direct.answer).toMatch(/deposit/i)
    expect(await answer.locator('[data-chat-query]').last().textContent()).toBe(direct.operations.at(-1)!.query)
    expect(direct.operations.at(-1)!.query).toContain('transactionSummary')
    expect(await answer.locator('table.data tbody tr').count()).toBeGreaterThan(0)

    await input.fill('Who was denied access recently?')
    await page.getByRole('button', { name: 'Ask' }).click()
    await page.locator('[data-answer]').nth(1).waitFor({ timeout: 90_000 })
    await expectText(
      page,
      '[data-exchange="2"] .denied-reason',
      'Restricted audit data never leaves through the chat channel',
    )
    await expectAccessible(page)
    await page.screenshot({ path: path.join(SCREENSHOTS, 'chat.png'), fullPage: true })
    await done(page)
  })

  test("the executive's breakdown of transactions' total amount by channel shows the graph's figures, and says which groups were left out", async () => {
    const page = await signIn('executive')
    await dashboardSettled(page)
    const tile = page.locator('[data-tile="breakdown"]')
    await tile.getByLabel('Figures of').selectOption({ label: 'Transactions' })
    await tile.getByLabel('Measure').selectOption({ label: 'Total amount' })
    await tile.getByLabel('Group by').selectOption({ label: 'Channel' })
    await tile.locator('[data-breakdown="CHANNEL:total"] table tbody tr').first().waitFor({ timeout: 60_000 })
    const range = await periodOf(page)
    const expected = await graph<{
      transactionBreakdown: {
        minimumGroupSize: number
        hiddenGroups: number
        groups: { channel: string; total: string }[]
      }
    }>(
      'executive',
      'query($from: DateTime!, $to: DateTime!) { transactionBreakdown(by: [CHANNEL], filter: { startDate: $from, endDate: $to }) { minimumGroupSize hiddenGroups groups { channel total } } }',
      { from: `${range.from}T00:00:00.000Z`, to: `${range.to}T23:59:59.999Z` },
    )
    const { groups, hiddenGroups, minimumGroupSize } = expected.transactionBreakdown
    expect(groups.length).toBeGreaterThan(0)
    // Row by row, the graph's groups in its order, each with its exact total and that total as people read it.
    const rows = await tile.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        group: tr.getAttribute('data-group'),
        label: tr.querySelector('th')!.textContent!,
        value: tr.querySelector('td')!.getAttribute('data-value'),
        shown: tr.querySelector('td')!.textContent,
      })),
    )
    const dollars = (total: string) =>
      `$${Number(total).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
    expect(rows.map((row) => [row.group, row.value, row.shown])).toEqual(
      groups.map((group) => [group.channel, group.total, dollars(group.total)]),
    )
    for (const row of rows) expect(row.label.toLowerCase()).toBe(row.group!.toLowerCase())
    // The chart draws the same groups, and says them to screen readers.
    await tile.locator('svg.recharts-surface').first().waitFor()
    expect(await tile.locator('.recharts-bar-rectangle').count()).toBe(groups.length)
    expect(await tile.locator('.chart-canvas').getAttribute('aria-label')).toBe(
      `Total amount of transactions by channel, USD: ${rows.map((row) => `${row.label} ${row.shown}`).join('; ')}`,
    )
    // Small groups the executive may not see are counted, and said so.
    const note = tile.locator('[data-hidden-groups]')
    if (hiddenGroups > 0) {
      expect(await note.getAttribute('data-hidden-groups')).toBe(String(hiddenGroups))
      expect(await note.textContent()).toContain(
        `${hiddenGroups === 1 ? '1 group' : `${hiddenGroups} groups`} with fewer than ${minimumGroupSize} customers`,
      )
    } else expect(await note.count()).toBe(0)
    await expectText(page, '[data-tile="breakdown"] .provenance', 'Source: Customer Transactions')
    await tile.scrollIntoViewIfNeeded()
    await expectAccessible(page)
    await tile.screenshot({ path: path.join(SCREENSHOTS, 'breakdown-executive.png') })
    await done(page)

    // A role the mesh refuses a breakdown reads the mesh's own reason, as on every tile.
    const customer = await signIn('customer')
    await customer
      .locator('[data-tile="breakdown"]')
      .getByLabel('Figures of')
      .selectOption({ label: 'Lending performance' })
    // Asked as the tile asks it: a customer may send the app's registered operations only, by hash.
    const lending = BREAKDOWNS.find((source) => source.field === 'loanPerformance')!
    const { operation } = lending.ask(
      { dimension: lending.dimensions[0]!, measure: lending.measures[0]! },
      { from: '2026-01-01', to: '2026-01-31' },
      lending,
    )
    const refused = await postRegistered<unknown>(operation, await bearer('customer'))
    const reason = refused.errors!.find((e) => e.path?.[0] === 'breakdown')!.extensions!.reason as string
    await expectText(customer, '[data-tile="breakdown"] .denied-reason', capitalize(reason))
    await expectText(customer, '[data-tile="breakdown"] .denied-hint', 'Query.loanPerformance')
    await done(customer)
  })

  test('every breakdown the dashboard offers, each measure by each dimension, is a valid operation of the graph, its variables included', async () => {
    const schema = buildClientSchema(await graph<IntrospectionQuery>('analyst', getIntrospectionQuery()))
    const range = { from: '2026-01-01', to: '2026-03-31' }
    const invalid = BREAKDOWNS.flatMap((source) =>
      source.dimensions.flatMap((dimension) =>
        source.measures.flatMap((measure) => {
          const { operation } = source.ask({ dimension, measure }, range, source)
          const document = parse(operation.query)
          const definition = document.definitions.find((node) => node.kind === Kind.OPERATION_DEFINITION)!
          const errors = [
            ...validate(schema, document),
            ...(getVariableValues(schema, definition.variableDefinitions ?? [], operation.variables).errors ?? []),
          ]
          return errors.map((error) => `${source.field} ${measure.field} by ${dimension.value}: ${error.message}`)
        }),
      ),
    )
    expect(invalid).toEqual([])
    expect(new Set(BREAKDOWNS.map((source) => source.field)).size).toBe(BREAKDOWNS.length)
  })

  test.each(Object.keys(SIZES) as Size[])(
    'on a %s, the dashboard, catalog, chat and console fit the screen and pass axe, with touch-sized controls on a touch screen',
    async (size) => {
      const touch = size !== 'desktop'
      const page = await signIn('executive', size)
      const screen = page.viewportSize()!

      // The header: one line of tabs, and on a small screen the session behind a menu button.
      const tabs = page.getByRole('navigation', { name: 'Pages' }).getByRole('link')
      expect(
        new Set(await tabs.evaluateAll((links) => links.map((link) => Math.round(link.getBoundingClientRect().top))))
          .size,
      ).toBe(1)
      expect(
        await page.getByRole('navigation', { name: 'Pages' }).evaluate((nav) => nav.getBoundingClientRect().bottom),
      ).toBeLessThanOrEqual(110)
      const menu = page.getByRole('button', { name: /account menu/ })
      const signOut = page.getByRole('button', { name: 'Sign out' })
      if (touch) {
        expect([await menu.getAttribute('aria-expanded'), await signOut.isVisible()]).toEqual(['false', false])
        await menu.click()
        expect([await menu.getAttribute('aria-expanded'), await signOut.isVisible()]).toEqual(['true', true])
        expect(await page.getByLabel('Switch role').isVisible()).toBe(true)
        await page.keyboard.press('Escape')
        expect([await menu.getAttribute('aria-expanded'), await signOut.isVisible()]).toEqual(['false', false])
        expect(await menu.evaluate((button) => button === document.activeElement)).toBe(true)
      } else expect([await menu.isVisible(), await signOut.isVisible()]).toEqual([false, true])

      // Dashboard: tiles a row for the screen, every figure whole, charts drawn within their tiles, provenance on one line that opens.
      await dashboardSettled(page)
      const charts = page.locator('.chart-canvas svg.recharts-surface')
      await charts.first().waitFor()
      const kpiTops = await page
        .locator('.kpi-grid > .tile')
        .evaluateAll((tiles) => tiles.map((tile) => Math.round(tile.getBoundingClientRect().top)))
      expect(kpiTops.filter((top) => top === kpiTops[0]).length).toBe(KPI_COLUMNS[size])
      for (const svg of await charts.all())
        expect(
          await svg.evaluate(
            (drawing) =>
              drawing.getBoundingClientRect().width <= drawing.closest('.tile')!.getBoundingClientRect().width,
          ),
        ).toBe(true)
      const provenance = page.locator('[data-tile="deposits"] .provenance')
      expect(
        await provenance.locator('summary').evaluate((summary) => summary.getBoundingClientRect().height),
      ).toBeLessThanOrEqual(touch ? 44 : 30)
      await provenance.locator('summary').click()
      expect(await provenance.locator('p').first().isVisible()).toBe(true)
      expect(await provenance.locator('p').first().textContent()).toContain('latest Transaction')
      await provenance.locator('summary').click()
      await expectFitsScreen(page, touch)
      if (size === 'phone') await expectShortenedFigureWhenSqueezed(page)
      await expectAccessible(page)
      await page.screenshot({ path: path.join(SCREENSHOTS, `dashboard-${size}.png`), fullPage: true })

      // Catalog: a product's details, with its long field table scrolling inside its region.
      await tabs.getByText('Catalog').click()
      await page.locator('[data-product-id="transactions"]').click()
      await page.locator('[data-product-detail="transactions"] .facts').waitFor()
      if (touch)
        expect(
          await page
            .locator('.catalog-detail')
            .evaluate(
              (detail) => detail === document.activeElement && detail.getBoundingClientRect().top < innerHeight,
            ),
        ).toBe(true)
      await expectFitsScreen(page, touch)
      await expectAccessible(page)
      await page.screenshot({ path: path.join(SCREENSHOTS, `catalog-${size}.png`), fullPage: true })

      // Chat: a question and its answer, tables inside their regions, and the question box usable over an on-screen keyboard.
      await tabs.getByText('Chat').click()
      const question = page.getByRole('textbox', { name: 'Your question' })
      await question.fill('Show me the total deposits for the last quarter')
      await question.press('Enter')
      await page.locator('[data-answer] table.data').first().waitFor({ timeout: 90_000 })
      await expectFitsScreen(page, touch)
      if (touch) await expectUsableOverKeyboard(page, question)
      await expectAccessible(page)
      await page.screenshot({ path: path.join(SCREENSHOTS, `chat-${size}.png`), fullPage: true })

      // Query console: both boxes usable over an on-screen keyboard.
      await tabs.getByText('Query console').click()
      const operation = page.getByRole('textbox', { name: 'GraphQL operation' })
      await operation.waitFor()
      await expectFitsScreen(page, touch)
      if (touch) await expectUsableOverKeyboard(page, operation)
      await expectAccessible(page)
      await page.screenshot({ path: path.join(SCREENSHOTS, `console-${size}.png`), fullPage: true })
      expect(page.viewportSize()).toEqual(screen)
      await done(page)
    },
  )

  test('a transaction booked elsewhere appears in the live view without a reload', async () => {
    const page = await signIn('analyst')
    let navigations = 0
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++
    })
    // The gateway's own subscriptions (its response cache hears the change feed) are there before the page's.
    const gatewayOwn = await settledSubscriptions(mesh.subgraphUrls.transactions)
    await page.getByRole('link', { name: 'Live transactions' }).click()
    await page.locator('[data-connection="live"]').waitFor({ timeout: 30_000 })
    // Connected is not yet subscribed: wait until the transactions product streams to the gateway.
    await eventually(() => activeSubscriptions(mesh.subgraphUrls.transactions), gatewayOwn + 1, 30_000)
    const before = navigations
    const accounts = await graph<{ transactions: { edges: { node: { account: { id: string } } }[] } }>(
      'admin',
      '{ transactions(first: 1) { edges { node { account { id } } } } }',
    )
    const booked = await graph<{ recordTransaction: { id: string } }>(
      'customer_service',
      'mutation($input: RecordTransactionInput!) { recordTransaction(input: $input) { id } }',
      {
        input: {
          accountId: accounts.transactions.edges[0]!.node.account.id,
          type: 'DEPOSIT',
          amount: '123.45',
          description: 'End-to-end test deposit',
          channel: 'ONLINE',
        },
      },
    )
    const row = page.locator(`[data-transaction-id="${booked.recordTransaction.id}"]`)
    await row.waitFor({ timeout: 30_000 })
    expect(await row.textContent()).toContain('End-to-end test deposit')
    expect(await row.textContent()).toContain('$123.45')
    expect(navigations).toBe(before)
    await expectAccessible(page)
    await page.screenshot({ path: path.join(SCREENSHOTS, 'live.png'), fullPage: true })
    await done(page)
  })
})

describe('web app without the embedded issuer (production)', () => {
  test('GET /dev/tokens does not exist, and API paths are never answered with the app', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'web-dist-'))
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>')
    const app = express()
    mountWebApp(app, { dir })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      expect((await fetch(`${origin}/dev/tokens`)).status).toBe(404)
      for (const route of [
        '/graphql',
        '/chat',
        '/mcp',
        '/export',
        '/health',
        '/data-products/transactions/contract.yaml',
      ]) {
        const response = await fetch(`${origin}${route}`, { headers: { accept: 'text/html' } })
        expect([route, response.status]).toEqual([route, 404])
      }
      expect(await (await fetch(`${origin}/dashboard`, { headers: { accept: 'text/html' } })).text()).toContain(
        '<div id="root">',
      )
      expect((await fetch(`${origin}/dashboard`, { headers: { accept: 'application/json' } })).status).toBe(404)
    } finally {
      server.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

interface Range {
  from: string
  to: string
}

const pageErrors = new WeakMap<Page, string[]>()
/** The GraphQL a page sent over HTTP: the app's operations go by hash, only the query console's as text. */
const graphQLRequests = new WeakMap<Page, { byHash: number; asText: string[] }>()
/** The scripts a page had fetched when its sign-in form was shown. */
const scriptsBeforeSignIn = new WeakMap<Page, string[]>()

/** The token each role got from the sign-in form, so that a role signs in through the form only once. */
const tokens = new Map<Role, string>()
/** Where the app keeps the signed-in token for the tab (web/src/session.tsx). */
const SESSION_KEY = 'mesh.session'

/**
 * A page of the app signed in as `role`, on a screen of `size`: through the sign-in form the first time for
 * the role (or when asked), else with the token the form gave, as a reload of the tab would find it.
 */
async function signIn(
  role: Role,
  size: Size = 'desktop',
  { throughForm = false }: { throughForm?: boolean } = {},
): Promise<Page> {
  const page = await (await contextFor(size)).newPage()
  const errors: string[] = []
  pageErrors.set(page, errors)
  page.on('pageerror', (error) => errors.push(error.message))
  const sent = { byHash: 0, asText: [] as string[] }
  graphQLRequests.set(page, sent)
  page.on('request', (request) => {
    if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/graphql') return
    const body = request.postDataJSON() as {
      query?: string
      extensions?: { persistedQuery?: { sha256Hash?: string } }
    } | null
    if (body?.query) sent.asText.push(body.query)
    else if (body?.extensions?.persistedQuery?.sha256Hash) sent.byHash += 1
  })
  const token = tokens.get(role)
  if (token && !throughForm) {
    await page.addInitScript(([key, value]) => window.sessionStorage.setItem(key, value), [SESSION_KEY, token] as const)
    await page.goto(`${mesh.origin}/`)
    await page.getByRole('navigation', { name: 'Pages' }).waitFor()
    return page
  }
  const scripts: string[] = []
  page.on('request', (request) => void (request.resourceType() === 'script' && scripts.push(request.url())))
  await page.goto(`${mesh.origin}/`)
  await page.locator(`#role-${role}`).waitFor()
  scriptsBeforeSignIn.set(page, [...scripts])
  await expectAccessible(page)
  await page.locator(`#role-${role}`).check()
  await page.getByRole('button', { name: /^Sign in as/ }).click()
  await page.getByRole('navigation', { name: 'Pages' }).waitFor()
  tokens.set(role, (await page.evaluate((key) => window.sessionStorage.getItem(key), SESSION_KEY))!)
  return page
}

async function contextFor(size: Size): Promise<BrowserContext> {
  if (!contexts.has(size)) contexts.set(size, await browser.newContext(SIZES[size]))
  return contexts.get(size)!
}

/** axe-core's WCAG 2.1 A and AA rules (labels, contrast, landmarks, names, …) find nothing on the page. */
async function expectAccessible(page: Page): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source)
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })
    return result.violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    )
  })
  expect(violations).toEqual([])
}

/**
 * The page is no wider than the screen, no headline figure is cut off in its tile, and on a touch screen every
 * control is at least 44 by 44 px (links inside a sentence excepted, as WCAG 2.5.8 does) and every input's text
 * at least 16 px, which iOS does not zoom into.
 */
async function expectFitsScreen(page: Page, touch: boolean): Promise<void> {
  const found = await page.evaluate((touchScreen) => {
    const shown = (element: Element) =>
      element.checkVisibility({ visibilityProperty: true }) && element.getBoundingClientRect().width > 0
    const name = (element: Element) =>
      `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute('aria-label') || element.id).trim().slice(0, 40)}"`
    const smallTargets: string[] = []
    const smallText: string[] = []
    if (touchScreen) {
      for (const control of document.querySelectorAll(
        'a[href], button, summary, select, [role="tab"], input:not([type="radio"]):not([type="checkbox"]):not([type="hidden"])',
      )) {
        if (!shown(control)) continue
        const inSentence =
          control.tagName === 'A' &&
          getComputedStyle(control).display === 'inline' &&
          (control.parentElement!.textContent ?? '').trim().length > (control.textContent ?? '').trim().length
        const box = control.getBoundingClientRect()
        if (!inSentence && (box.width < 44 || box.height < 44))
          smallTargets.push(`${name(control)} ${Math.round(box.width)}×${Math.round(box.height)}`)
      }
      for (const input of document.querySelectorAll('input, select, textarea'))
        if (shown(input) && parseFloat(getComputedStyle(input).fontSize) < 16)
          smallText.push(`${name(input)} ${getComputedStyle(input).fontSize}`)
    }
    return {
      overflow: document.scrollingElement!.scrollWidth - window.innerWidth,
      clipped: [...document.querySelectorAll('.kpi-value')]
        .filter((value) => value.scrollWidth > value.clientWidth)
        .map(
          (value) =>
            `${value.closest('[data-tile]')?.getAttribute('data-tile')}: ${value.textContent} (${value.scrollWidth} > ${value.clientWidth})`,
        ),
      smallTargets,
      smallText,
    }
  }, touch)
  expect(found).toEqual({ overflow: expect.any(Number), clipped: [], smallTargets: [], smallText: [] })
  expect(found.overflow).toBeLessThanOrEqual(0)
}

/**
 * A figure wider than its tile shows its compact form ("$3.2M"), whole, with the exact one as its tooltip, read
 * out by screen readers, and shown when it takes focus (a tap or Tab); back to the exact one when there is room.
 */
async function expectShortenedFigureWhenSqueezed(page: Page): Promise<void> {
  const tile = page.locator('[data-tile="deposits"]')
  const value = tile.locator('.kpi-value')
  const exact = (await value.textContent())!
  const raw = (await value.getAttribute('data-value'))!
  expect(exact).toBe(`$${Math.round(Number(raw)).toLocaleString('en-US')}`)
  await tile.evaluate((element: HTMLElement) => void (element.style.width = '150px'))
  await page.locator('[data-tile="deposits"] .kpi-value.shortened').waitFor()
  const squeezed = await value.evaluate((element) => ({
    fits: element.scrollWidth <= element.clientWidth,
    shown: (element.querySelector('.kpi-compact') as HTMLElement).innerText,
    title: element.getAttribute('title'),
    focusable: element.tabIndex,
  }))
  expect(squeezed).toEqual({
    fits: true,
    shown: new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: 'USD',
      notation: 'compact',
      maximumFractionDigits: 1,
    }).format(Number(raw)),
    title: exact,
    focusable: 0,
  })
  expect(await value.getAttribute('data-value')).toBe(raw)
  expect(
    await page.evaluate(
      () => document.querySelector('[data-tile="deposits"] .kpi-value .kpi-exact')!.getBoundingClientRect().width,
    ),
  ).toBeLessThanOrEqual(1)
  expect(await tile.locator('.kpi-exact').textContent()).toBe(exact)
  await value.focus()
  expect(
    await tile
      .locator('.kpi-exact')
      .evaluate((element) => [element.getBoundingClientRect().width > 40, (element as HTMLElement).innerText]),
  ).toEqual([true, exact])
  await expectAccessible(page)
  await tile.evaluate((element: HTMLElement) => void (element.style.width = ''))
  await page.locator('[data-tile="deposits"] .kpi-value:not(.shortened)').waitFor()
  expect(await value.textContent()).toBe(exact)
}

/**
 * With an on-screen keyboard over the lower part of the screen (the app asks browsers to resize the page for
 * it), the focused box is in sight and nothing fixed or sticky covers it; the screen is then given back.
 */
async function expectUsableOverKeyboard(page: Page, input: Locator): Promise<void> {
  const screen = page.viewportSize()!
  await input.tap()
  await page.setViewportSize({ width: screen.width, height: Math.round(screen.height * 0.55) })
  const seen = await input.evaluate((element) => {
    element.scrollIntoView({ block: 'nearest' })
    const box = element.getBoundingClientRect()
    const x = box.left + box.width / 2
    const y = Math.min(box.top + 20, box.bottom - 2)
    const atPoint = document.elementFromPoint(x, y)
    return {
      focused: element === document.activeElement,
      inView: box.top >= 0 && box.top + 20 <= window.innerHeight,
      uncovered: atPoint === element || element.contains(atPoint),
      fontSize: parseFloat(getComputedStyle(element).fontSize) >= 16,
    }
  })
  expect(seen).toEqual({ focused: true, inView: true, uncovered: true, fontSize: true })
  await page.keyboard.type(' ')
  await page.setViewportSize(screen)
}

/** Closes the page once it has shown no script error. */
async function done(page: Page): Promise<void> {
  expect(pageErrors.get(page)).toEqual([])
  await page.close()
}

/** Every tile has its answer (none loading) and the catalog's freshness is in. */
async function dashboardSettled(page: Page): Promise<void> {
  await page.locator('[data-tile="deposits"] [data-value]').waitFor({ timeout: 60_000 })
  await page.waitForFunction(
    () =>
      document.querySelectorAll('.tile[aria-busy]').length === 0 &&
      !document.body.textContent!.includes('checking freshness'),
    undefined,
    { timeout: 60_000 },
  )
}

async function periodOf(page: Page): Promise<Range> {
  return { from: await page.getByLabel('From').inputValue(), to: await page.getByLabel('To (inclusive)').inputValue() }
}

async function kpi(page: Page, name: string): Promise<string | null> {
  return page.locator(`[data-tile="${name}"] .kpi-value`).getAttribute('data-value')
}

async function expectText(page: Page, selector: string, text: string): Promise<void> {
  try {
    await page.locator(selector).first().waitFor()
  } catch (error) {
    // Say what the tile showed instead, so that a failure away from this machine can be read from its log.
    const tile = /^\[data-tile="[^"]+"\]/.exec(selector)?.[0]
    const shown = tile
      ? await page
          .locator(tile)
          .first()
          .innerText({ timeout: 1000 })
          .catch(() => '(no such tile)')
      : ''
    const meshLog = mesh.output.join('').split('\n').slice(-20).join('\n')
    throw new Error(
      `${(error as Error).message}\n${tile ? `${tile} showed instead:\n${shown}\n` : ''}The mesh's last lines:\n${meshLog}`,
    )
  }
  expect(await page.locator(selector).first().textContent()).toContain(text)
}

async function bearer(role: Role): Promise<Record<string, string>> {
  const token = await issueDevelopmentToken(jwtSecret, {
    role,
    customerId: role === 'customer' ? 'C-00042' : undefined,
  })
  return { authorization: `Bearer ${token}` }
}

/** An operation of the app as the app sends it: its hash alone (APQ's persistedQuery), no text. */
async function postRegistered<T>(
  operation: { query: string; variables: Record<string, unknown> },
  headers: Record<string, string>,
): Promise<GraphQLResponse<T>> {
  const sha256Hash = createHash('sha256').update(operation.query).digest('hex')
  const response = await fetch(`${mesh.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      variables: operation.variables,
      extensions: { persistedQuery: { version: 1, sha256Hash } },
    }),
  })
  return (await response.json()) as GraphQLResponse<T>
}

async function graph<T>(role: Role, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const answer: GraphQLResponse<T> = await postGraphQL<T>(
    `${mesh.origin}/graphql`,
    query,
    variables,
    await bearer(role),
  )
  expect(answer.errors).toBeUndefined()
  return answer.data as T
}

/** The dashboard's figures for a period, asked of the graph by the test itself (inclusive days, UTC). */
async function dashboardFigures(role: Role, range: Range) {
  const from = `${range.from}T00:00:00.000Z`
  const to = `${range.to}T23:59:59.999Z`
  const after = new Date(Date.parse(`${range.to}T00:00:00.000Z`) + 86_400_000).toISOString()
  const data = await graph<{
    acquisition: { newCustomers: number }[]
    deposits: { credits: string }
    withdrawals: { debits: string }
    all: { net: string }
    loans: { totalPrincipal: string }
    campaigns: { edges: { node: { spend: string; conversions: number; newCustomers: number } }[] }
    top: { campaign: { name: string } }[]
    grades: { grade: string; count: number }[]
  }>(
    role,
    `query($from: DateTime!, $to: DateTime!, $after: DateTime!, $fromDay: Date!, $toDay: Date!) {
    acquisition: customerAcquisition(granularity: DAY, from: $from, to: $after) { newCustomers }
    deposits: transactionSummary(filter: { type: DEPOSIT, startDate: $from, endDate: $to }) { credits }
    withdrawals: transactionSummary(filter: { type: WITHDRAWAL, startDate: $from, endDate: $to }) { debits }
    all: transactionSummary(filter: { startDate: $from, endDate: $to }) { net }
    loans: loanPortfolioSummary(filter: { originatedFrom: $from, originatedTo: $to }) { totalPrincipal }
    campaigns(filter: { runningFrom: $fromDay, runningTo: $toDay }, first: 200) { edges { node { spend conversions newCustomers } } }
    top: topCampaignsByAcquisition(from: $from, to: $after, first: 5) { campaign { name } }
    grades: riskGradeDistribution { grade count }
  }`,
    { from, to, after, fromDay: range.from, toDay: range.to },
  )
  const campaigns = data.campaigns.edges.map((edge) => edge.node)
  const spendCents = campaigns.reduce((total, c) => total + Math.round(Number(c.spend) * 100), 0)
  const acquired = campaigns.reduce((total, c) => total + c.newCustomers, 0)
  return {
    newCustomers: data.acquisition.reduce((total, period) => total + period.newCustomers, 0),
    deposits: data.deposits.credits,
    withdrawals: data.withdrawals.debits,
    net: data.all.net,
    loanVolume: data.loans.totalPrincipal,
    conversions: campaigns.reduce((total, c) => total + c.conversions, 0),
    costPerAcquisition: acquired ? spendCents / 100 / acquired : 0,
    topCampaigns: data.top.map((rank) => rank.campaign.name),
    riskGrades: data.grades,
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
