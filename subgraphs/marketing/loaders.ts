// Per-request DataLoaders: every campaign, acquisition and per-campaign count in a request is one query.
import DataLoader from 'dataloader'
import { groupBy } from '../../lib/group-by'
import type { Campaign, CustomerAcquisition, MarketingData, Period } from './data'

export interface CampaignPeriodKey extends Period {
  campaignId: string
}

export interface MarketingLoaders {
  campaignById: DataLoader<string, Campaign | null>
  acquisitionByCustomerId: DataLoader<string, CustomerAcquisition | null>
  newCustomers: DataLoader<CampaignPeriodKey, number, string>
}

const periodKey = (p: Period) => `${p.from?.toISOString() ?? ''}/${p.to?.toISOString() ?? ''}`

export function createLoaders(data: MarketingData): MarketingLoaders {
  return {
    campaignById: new DataLoader(async (ids) => {
      const byId = new Map((await data.campaignsByIds(ids)).map((c) => [c.id, c]))
      return ids.map((id) => byId.get(id) ?? null)
    }),
    acquisitionByCustomerId: new DataLoader(async (ids) => {
      const byId = new Map((await data.acquisitionsByCustomerIds(ids)).map((a) => [a.customerId, a]))
      return ids.map((id) => byId.get(id) ?? null)
    }),
    newCustomers: new DataLoader<CampaignPeriodKey, number, string>(
      async (keys) => {
        // Normally every key asks for the same period; one query per distinct period.
        const periods = groupBy(keys, periodKey)
        const counts = new Map<string, number>()
        await Promise.all(
          [...periods.entries()].map(async ([p, group]) => {
            const byCampaign = await data.newCustomersByCampaign(
              group.map((k) => k.campaignId),
              group[0]!,
            )
            for (const k of group) counts.set(p + k.campaignId, byCampaign.get(k.campaignId) ?? 0)
          }),
        )
        return keys.map((k) => counts.get(periodKey(k) + k.campaignId) ?? 0)
      },
      { cacheKeyFn: (k) => periodKey(k) + k.campaignId },
    ),
  }
}
