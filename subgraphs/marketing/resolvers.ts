// Thin resolvers: read arguments, call loaders and queries, shape the result.
import { pageSize } from '../../lib/connection'
import { scalarResolvers } from '../../lib/scalars'
import type { Identity } from '../../rules/identity'
import { Prisma } from '../../prisma/marketing/generated/client'
import { acquisitionSeries, checkPeriod, topCampaigns } from './acquisition'
import type { MarketingData } from './data'
import type { Resolvers } from './generated/graphql'
import type { MarketingLoaders } from './loaders'
import { groupingDimensions } from '../../lib/breakdown'

export interface MarketingContext {
  /** The caller, as the gateway vouched for them; null when the request did not come through the gateway. */
  identity: Identity | null
  data: MarketingData
  loaders: MarketingLoaders
  now: () => Date
}

const ratio = (numerator: number, denominator: number) =>
  denominator ? Math.round((numerator / denominator) * 10_000) / 10_000 : null

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: {
    campaign: (_root, { id }, { loaders }) => loaders.campaignById.load(id),
    campaigns: (_root, args, { data }) =>
      data.campaignsPage(args.filter, args.orderBy, pageSize(args.first), args.after),
    customerAcquisition: (_root, args, { data, now }) => acquisitionSeries(data, args, now()),
    topCampaignsByAcquisition: (_root, args, { data }) => topCampaigns(data, args),
    campaignBreakdown: async (_root, { by, filter }, { data }) => ({
      minimumGroupSize: null,
      groups: await data.campaignGroups(groupingDimensions(by, '[CHANNEL] or [CHANNEL, MONTH]'), filter),
      hiddenGroups: 0,
    }),
  },
  Campaign: {
    __resolveReference: (reference, { loaders }) => loaders.campaignById.load(reference.id),
    clickThroughRate: (campaign) => ratio(campaign.clicks, campaign.impressions),
    conversionRate: (campaign) => ratio(campaign.conversions, campaign.clicks),
    newCustomers: (campaign, period, { loaders }) => {
      checkPeriod(period)
      return loaders.newCustomers.load({ campaignId: campaign.id, from: period.from, to: period.to })
    },
    costPerAcquisition: async (campaign, _args, { loaders }) => {
      const acquired = await loaders.newCustomers.load({ campaignId: campaign.id })
      return acquired
        ? new Prisma.Decimal(campaign.spend).dividedBy(acquired).toDecimalPlaces(2, Prisma.Decimal.ROUND_HALF_UP)
        : null
    },
  },
  CampaignAcquisitionRank: {
    campaign: (rank, _args, { loaders }) => loaders.campaignById.load(rank.campaign.id),
  },
  Customer: {
    __resolveReference: (reference) => ({ id: reference.id }),
    acquisition: (customer, _args, { loaders }) => loaders.acquisitionByCustomerId.load(customer.id),
  },
  CustomerAcquisition: {
    customer: (acquisition) => ({ __typename: 'Customer', id: acquisition.customerId }),
    campaign: (acquisition, _args, { loaders }) =>
      acquisition.campaignId ? loaders.campaignById.load(acquisition.campaignId) : null,
  },
}
