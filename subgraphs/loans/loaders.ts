// Per-request DataLoaders: every loan and application lookup in one request is one query per kind.
import DataLoader from 'dataloader'
import type { Loan, LoanApplication, LoansData } from './data'

export interface LoansLoaders {
  loanById: DataLoader<string, Loan | null>
  loanByApplicationId: DataLoader<string, Loan | null>
  loansByCustomerId: DataLoader<string, Loan[]>
  applicationById: DataLoader<string, LoanApplication | null>
  applicationsByCustomerId: DataLoader<string, LoanApplication[]>
}

function one<T>(load: (keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) {
  return new DataLoader<string, T | null>(async (keys) => {
    const byKey = new Map((await load(keys)).map((row) => [keyOf(row), row]))
    return keys.map((key) => byKey.get(key) ?? null)
  })
}

function many<T>(load: (keys: readonly string[]) => Promise<T[]>, keyOf: (row: T) => string) {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await load(keys)
    return keys.map((key) => rows.filter((row) => keyOf(row) === key))
  })
}

export function createLoaders(data: LoansData): LoansLoaders {
  return {
    loanById: one(data.loansByIds, (l) => l.id),
    loanByApplicationId: one(data.loansByApplicationIds, (l) => l.applicationId),
    loansByCustomerId: many(data.loansByCustomerIds, (l) => l.customerId),
    applicationById: one(data.applicationsByIds, (a) => a.id),
    applicationsByCustomerId: many(data.applicationsByCustomerIds, (a) => a.customerId),
  }
}
