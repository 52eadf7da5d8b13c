// The gateway composes the five data products into one graph: one request spans every domain,
// and a domain that is down costs only its own fields.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startMesh, type RunningMesh } from './support/mesh'

let mesh: RunningMesh

beforeAll(async () => {
  mesh = await startMesh()
})
afterAll(() => mesh?.stop())

const SPANNING_QUERY = `query($id: ID!) {
  customer(id: $id) {
    id name segment
    accounts { id type balance }
    transactions(first: 3, orderBy: { field: DATE, direction: DESC }) { totalCount edges { node { id amount date } } }
    loanApplications { id product status riskAssessment { riskGrade creditScore } loan { id principal status } }
    creditScore riskGrade
    acquisition { channel acquiredAt }
    acquisitionCampaign { id name channel }
  }
}`

describe('gateway', () => {
  test('GET /health answers 200 once the graph is composed', async () => {
    const response = await fetch(mesh.gatewayUrl.replace(/\/graphql$/, '/health'))
    expect(response.status).toBe(200)
  })

  test('one query spans customers, transactions, loans, risk and marketing', async () => {
    const [row] = await mesh.databases.loans.query<{ customerId: string }>(
      `SELECT "customerId" FROM "Loan" ORDER BY id LIMIT 1`,
    )
    const customerId = row!.customerId
    const response = await mesh.query<{ customer: Record<string, any> }>(SPANNING_QUERY, { id: customerId })
    expect(response.errors).toBeUndefined()
    const customer = response.data!.customer

    const [customerRow] = await mesh.databases.customers.query<{
      firstName: string
      lastName: string
      acquisitionCampaignId: string | null
    }>(`SELECT "firstName", "lastName", "acquisitionCampaignId" FROM "Customer" WHERE id = $1`, [customerId])
    expect(customer.name).toBe(`${customerRow!.firstName} ${customerRow!.lastName}`)

    const accounts = await mesh.databases.transactions.query<{ id: string; balance: string }>(
      `SELECT id, balance::text AS balance FROM "Account" WHERE "customerId" = $1 ORDER BY id`,
      [customerId],
    )
    expect(
      [...customer.accounts]
        .sort((a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id))
        .map((a: { id: string; balance: string }) => [a.id, a.balance]),
    ).toEqual(accounts.map((a) => [a.id, a.balance]))
    const [{ count }] = (await mesh.databases.transactions.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM "Transaction" WHERE "customerId" = $1`,
      [customerId],
    )) as [{ count: number }]
    expect(customer.transactions.totalCount).toBe(count)

    const loans = await mesh.databases.loans.query<{ id: string }>(`SELECT id FROM "Loan" WHERE "customerId" = $1`, [
      customerId,
    ])
    expect(
      customer.loanApplications.flatMap((a: { loan: { id: string } | null }) => (a.loan ? [a.loan.id] : [])).sort(),
    ).toEqual(loans.map((l) => l.id).sort())
    const assessments = await mesh.databases.risk.query<{ loanApplicationId: string; riskGrade: string }>(
      `SELECT "loanApplicationId", "riskGrade" FROM "RiskAssessment" WHERE "customerId" = $1 AND subject = 'LOAN_APPLICATION'`,
      [customerId],
    )
    for (const application of customer.loanApplications) {
      expect(application.riskAssessment?.riskGrade).toBe(
        assessments.find((a) => a.loanApplicationId === application.id)?.riskGrade,
      )
    }
    const [latest] = await mesh.databases.risk.query<{ score: string }>(
      `SELECT "creditScoreEncrypted" AS score FROM "RiskAssessment" WHERE "customerId" = $1 AND subject = 'CUSTOMER' ORDER BY "assessedAt" DESC LIMIT 1`,
      [customerId],
    )
    expect(customer.creditScore).toBe(Number(mesh.cipher.decrypt(latest!.score, 'RiskAssessment.creditScore')))

    const [acquisition] = await mesh.databases.marketing.query<{ channel: string }>(
      `SELECT channel FROM "CustomerAcquisition" WHERE "customerId" = $1`,
      [customerId],
    )
    expect(customer.acquisition.channel).toBe(acquisition!.channel)
    if (customerRow!.acquisitionCampaignId) {
      const [campaign] = await mesh.databases.marketing.query<{ name: string }>(
        `SELECT name FROM "Campaign" WHERE id = $1`,
        [customerRow!.acquisitionCampaignId],
      )
      expect(customer.acquisitionCampaign).toMatchObject({
        id: customerRow!.acquisitionCampaignId,
        name: campaign!.name,
      })
    } else {
      expect(customer.acquisitionCampaign).toBeNull()
    }
  })

  test('with the loans subgraph down, the other data products still answer and loans get UPSTREAM_UNAVAILABLE', async () => {
    const [row] = await mesh.databases.customers.query<{ id: string }>(`SELECT id FROM "Customer" ORDER BY id LIMIT 1`)
    await mesh.stopSubgraph('loans')
    const response = await mesh.query<{ customer: Record<string, any> }>(
      `query($id: ID!) { customer(id: $id) { id name creditScore loans { id } } }`,
      { id: row!.id },
    )
    expect(response.data?.customer?.id).toBe(row!.id)
    expect(typeof response.data?.customer?.name).toBe('string')
    const loansError = response.errors?.find((e) => e.extensions?.code === 'UPSTREAM_UNAVAILABLE')
    expect(loansError?.message).toMatch(/loans data product is unavailable/)
    const health = await fetch(mesh.gatewayUrl.replace(/\/graphql$/, '/health'))
    expect(health.status).toBe(200)
    const direct = await mesh.query<{ transactionSummary: { count: number } }>('{ transactionSummary { count } }')
    expect(direct.errors).toBeUndefined()
    expect(direct.data?.transactionSummary.count).toBeGreaterThan(0)
  })
})
