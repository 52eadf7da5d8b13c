// Per-request DataLoaders: every assessment lookup in one request is one query per kind.
import DataLoader from 'dataloader'
import type { RiskAssessment, RiskData } from './data'

export interface RiskLoaders {
  assessmentById: DataLoader<string, RiskAssessment | null>
  latestCustomerAssessment: DataLoader<string, RiskAssessment | null>
  assessmentsByCustomerId: DataLoader<string, RiskAssessment[]>
  assessmentByApplicationId: DataLoader<string, RiskAssessment | null>
}

function one(
  load: (keys: readonly string[]) => Promise<RiskAssessment[]>,
  keyOf: (row: RiskAssessment) => string | null,
) {
  return new DataLoader<string, RiskAssessment | null>(async (keys) => {
    const byKey = new Map<string, RiskAssessment>()
    for (const row of await load(keys)) {
      const key = keyOf(row)
      if (key !== null && !byKey.has(key)) byKey.set(key, row) // rows come newest first: keep the latest
    }
    return keys.map((key) => byKey.get(key) ?? null)
  })
}

export function createLoaders(data: RiskData): RiskLoaders {
  return {
    assessmentById: one(data.assessmentsByIds, (a) => a.id),
    latestCustomerAssessment: one(data.latestCustomerAssessments, (a) => a.customerId),
    assessmentByApplicationId: one(data.assessmentsByApplicationIds, (a) => a.loanApplicationId),
    assessmentsByCustomerId: new DataLoader(async (ids) => {
      const rows = await data.assessmentsByCustomerIds(ids)
      return ids.map((id) => rows.filter((r) => r.customerId === id))
    }),
  }
}
