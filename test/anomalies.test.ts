// Anomalies and fraud scores on the transaction data product: every planted "sudden large withdrawal" is
// found with its reason, and the shipped fraud model scores it high and ordinary debits low.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { plantedAnomalies, type PlantedAnomaly } from '../prisma/demo-data/generate'
import { FRAUD_METRICS_FILE } from '../subgraphs/transactions/fraud/model'
import { startMesh, type RunningMesh } from './support/mesh'

let mesh: RunningMesh
let planted: PlantedAnomaly[]

beforeAll(async () => {
  mesh = await startMesh({ customers: 600 })
  planted = plantedAnomalies(mesh.demo)
})
afterAll(() => mesh?.stop())

const bearer = async (role: Parameters<RunningMesh['token']>[0]['role']) => ({
  authorization: `Bearer ${await mesh.token({ role })}`,
})

type Anomaly = {
  score: number
  reason: string
  typicalAmount: string
  transaction: { id: string; amount: string; fraudScore: number }
}

describe('anomalous transactions', () => {
  test('every planted sudden large withdrawal is found, with a score and a reason in words', async () => {
    expect(planted.length).toBeGreaterThanOrEqual(3)
    const response = await mesh.query<{ anomalousTransactions: Anomaly[] }>(
      '{ anomalousTransactions(first: 100) { score reason typicalAmount transaction { id amount fraudScore } } }',
      undefined,
      await bearer('risk_officer'),
    )
    expect(response.errors).toBeUndefined()
    const found = new Map(response.data!.anomalousTransactions.map((a) => [a.transaction.id, a]))
    for (const anomaly of planted) {
      const hit = found.get(anomaly.transactionId)
      expect(hit).toBeDefined()
      expect(hit!.score).toBeGreaterThanOrEqual(25)
      expect(hit!.reason).toMatch(
        new RegExp(
          `^Withdrawal of [\\d,]+\\.\\d{2} USD is \\d+× the typical withdrawal of account ${anomaly.accountId} \\(median [\\d,.]+ USD over \\d+ withdrawals; robust z-score [\\d.]+\\)$`,
        ),
      )
      expect(Number(hit!.transaction.amount)).toBe(Number(anomaly.amount))
    }
    // Regular large debits (a monthly savings transfer) are the account's habit, not an anomaly.
    expect(response.data!.anomalousTransactions.length).toBeLessThanOrEqual(planted.length * 3)
  })

  test('filters narrow the candidates; the history stays the whole account', async () => {
    const [anomaly] = planted
    const response = await mesh.query<{ anomalousTransactions: Anomaly[] }>(
      `{ anomalousTransactions(filter: { customerId: "${anomaly!.customerId}" }) { transaction { id } } }`,
    )
    expect(response.data!.anomalousTransactions.map((a) => a.transaction.id)).toContain(anomaly!.transactionId)
    const bad = await mesh.query('{ anomalousTransactions(minScore: 0) { score } }')
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  test('marketing may not see them', async () => {
    const response = await mesh.query('{ anomalousTransactions { score } }', undefined, await bearer('marketing'))
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'Query.anomalousTransactions' })
  })
})

describe('fraud score', () => {
  test('the shipped model scores every planted anomaly high and ordinary debits low; credits have none', async () => {
    const ids = planted.map((a) => a.transactionId)
    const anomalies = await Promise.all(
      ids.map((id) =>
        mesh.query<{ transaction: { fraudScore: number } }>(`{ transaction(id: "${id}") { fraudScore } }`),
      ),
    )
    for (const response of anomalies) expect(response.data!.transaction.fraudScore).toBeGreaterThanOrEqual(0.5)
    const ordinary = await mesh.query<{
      transactions: { edges: { node: { id: string; direction: string; fraudScore: number | null } }[] }
    }>('{ transactions(first: 500) { edges { node { id direction fraudScore } } } }')
    const debits = ordinary
      .data!.transactions.edges.map((e) => e.node)
      .filter((n) => n.direction === 'DEBIT' && !ids.includes(n.id))
    expect(debits.length).toBeGreaterThan(100)
    expect(debits.filter((n) => n.fraudScore !== null && n.fraudScore >= 0.5)).toEqual([])
    const credits = ordinary.data!.transactions.edges.map((e) => e.node).filter((n) => n.direction === 'CREDIT')
    expect(credits.every((n) => n.fraudScore === null)).toBe(true)
  })

  test("the model's recorded evaluation on an unseen bank beats the threshold baseline", () => {
    const metrics = JSON.parse(readFileSync(FRAUD_METRICS_FILE, 'utf8'))
    expect(metrics.training.seeds).not.toContain(metrics.evaluation.seed)
    expect(metrics.evaluation.model.f1).toBeGreaterThan(metrics.evaluation.thresholdBaseline.f1)
    expect(metrics.evaluation.model.recall).toBeGreaterThanOrEqual(metrics.evaluation.thresholdBaseline.recall)
  })
})
