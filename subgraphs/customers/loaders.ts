// Per-request DataLoaders: every customer lookup in one request becomes one query.
import DataLoader from 'dataloader'
import type { Customer, CustomersData } from './data'

export interface CustomersLoaders {
  customerById: DataLoader<string, Customer | null>
}

export function createLoaders(data: CustomersData): CustomersLoaders {
  return {
    customerById: new DataLoader(async (ids) => {
      const rows = await data.customersByIds(ids)
      const byId = new Map(rows.map((row) => [row.id, row]))
      return ids.map((id) => byId.get(id) ?? null)
    }),
  }
}
