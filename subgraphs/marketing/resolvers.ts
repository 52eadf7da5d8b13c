// Thin resolvers: read arguments, call loaders and queries, shape the result.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper'
import { pageSize } from '../../lib/connection'
import { scalarResolvers } from '../../lib/scalars'
import type { Identity } from '../../rules/identity'
import { Prisma } from '../../prisma/marketing/generated/client'
import { acquisitionSeries, checkPeriod, topCampaigns, type AcquisitionArgs } from './acquisition'
import type { Campaign, CampaignFilter, CampaignOrder, CustomerAcquisition, MarketingData, Period } from './data'
import type { MarketingLoaders } from './loaders'
import type { CampaignDimension } from './breakdown'
import { groupingDimensions } from '../../lib/breakdown'

export interface MarketingContext {
  /** The caller, as the gateway vouched for them; null when the request did not come through the gateway. */
  identity: Identity | null
  data: MarketingData
  loaders: MarketingLoaders
  now: () => Date
}

const ratio = (numerator: number, denominator: number) => (denominator ? Math.round((numerator / denominator) * 10_000) / 10_000 : null)

export const resolvers: GraphQLResolverMap<MarketingContext> = {
  ...scalarResolvers,
  Query: {
    campaign: (_root, { id }: { id: string }, { loaders }) => loaders.campaignById.load(id),
    campaigns: (_root, args: { filter?: CampaignFilter; first?: number; after?: string; orderBy?: CampaignOrder }, { data }) =>
      data.campaignsPage(args.filter, args.orderBy, pageSize(args.first), args.after),
    customerAcquisition: (_root, args: AcquisitionArgs, { data, now }) => acquisitionSeries(data, args, now()),
    topCampaignsByAcquisition: (_root, args: Period & { first?: number | null }, { data }) => topCampaigns(data, args),
    campaignBreakdown: async (_root, { by, filter }: { by: CampaignDimension[]; filter?: CampaignFilter | null }, { data }) =>
      ({ minimumGroupSize: null, groups: await data.campaignGroups(groupingDimensions(by, '[CHANNEL] or [CHANNEL, MONTH]'), filter), hiddenGroups: 0 }),
  },
  Campaign: {
    __resolveReference: (reference: { id: string }, { loaders }: MarketingContext) => loaders.campaignById.load(reference.id),
    clickThroughRate: (campaign: Campaign) => ratio(campaign.clicks, campaign.impressions),
    conversionRate: (campaign: Campaign) => ratio(campaign.conversions, campaign.clicks),
    newCustomers: (campaign: Campaign, period: Period, { loaders }) => {
      checkPeriod(period)
      return loaders.newCustomers.load({ campaignId: campaign.id, from: period.from, to: period.to })
    },
    costPerAcquisition: async (campaign: Campaign, _args, { loaders }) => {
      const acquired = await loaders.newCustomers.load({ campaignId: campaign.id })
      return acquired ? new Prisma.Decimal(campaign.spend).dividedBy(acquired).toDecimalPlaces(2, Prisma.Decimal.ROUND_HALF_UP) : null
    },
  },
  CampaignAcquisitionRank: {
    campaign: (rank: { campaign: { id: string } }, _args, { loaders }) => loaders.campaignById.load(rank.campaign.id),
  },
  Customer: {
    __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
    acquisition: (customer: { id: string }, _args, { loaders }) => loaders.acquisitionByCustomerId.load(customer.id),
  },
  CustomerAcquisition: {
    customer: (acquisition: CustomerAcquisition) => ({ __typename: 'Customer', id: acquisition.customerId }),
    campaign: (acquisition: CustomerAcquisition, _args, { loaders }) => (acquisition.campaignId ? loaders.campaignById.load(acquisition.campaignId) : null),
  },
}
