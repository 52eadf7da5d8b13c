// Campaigns grouped by the dimensions asked for (channel, status, month started), with the funnel's sums and
// the rates derived from them as exact decimals, from one grouped statement. Campaigns are not customers'
// rows, so no group is hidden.
import { Prisma, type PrismaClient, type Campaign } from '../../prisma/marketing/generated/client'
import { exactRatio, groupingClauses } from '../../lib/breakdown'

export type CampaignDimension = 'CHANNEL' | 'STATUS' | 'MONTH'

/** Each dimension's column in the result and its SQL. */
const DIMENSIONS: Record<CampaignDimension, { key: keyof CampaignGroupKey; sql: Prisma.Sql }> = {
  CHANNEL: { key: 'channel', sql: Prisma.sql`channel::text` },
  STATUS: { key: 'status', sql: Prisma.sql`status::text` },
  MONTH: { key: 'month', sql: Prisma.sql`to_char("startDate", 'YYYY-MM')` },
}

export interface CampaignGroupKey {
  channel: Campaign['channel'] | null
  status: Campaign['status'] | null
  month: string | null
}

export interface CampaignGroup extends CampaignGroupKey {
  count: number
  budget: Prisma.Decimal
  spend: Prisma.Decimal
  impressions: number
  clicks: number
  conversions: number
  newCustomers: number
  clickThroughRate: Prisma.Decimal | null
  conversionRate: Prisma.Decimal | null
  costPerAcquisition: Prisma.Decimal | null
}

/** Every group of the campaigns `where` selects, in the order of the dimensions' values. */
export async function groupCampaigns(
  prisma: PrismaClient,
  by: readonly CampaignDimension[],
  where: Prisma.Sql,
): Promise<CampaignGroup[]> {
  const { columns, positions } = groupingClauses(DIMENSIONS, by)
  // New customers are counted from the acquisition records, as Campaign.newCustomers and costPerAcquisition are.
  const rows = await prisma.$queryRaw<
    (Partial<CampaignGroupKey> & {
      count: number
      budget: string
      spend: string
      impressions: number
      clicks: number
      conversions: number
      newCustomers: number
    })[]
  >`
    SELECT ${columns}, count(*)::int AS count, sum(budget)::text AS budget, sum(spend)::text AS spend,
      sum(impressions)::float8 AS impressions, sum(clicks)::int AS clicks, sum(conversions)::int AS conversions,
      coalesce(sum(acquisitions.acquired), 0)::int AS "newCustomers"
    FROM "Campaign"
    LEFT JOIN (SELECT "campaignId", count(*) AS acquired FROM "CustomerAcquisition" WHERE "campaignId" IS NOT NULL GROUP BY 1) acquisitions
      ON acquisitions."campaignId" = "Campaign".id
    WHERE ${where}
    GROUP BY ${positions} ORDER BY ${positions}`
  return rows.map((row) => {
    const spend = new Prisma.Decimal(row.spend)
    return {
      channel: row.channel ?? null,
      status: row.status ?? null,
      month: row.month ?? null,
      count: row.count,
      budget: new Prisma.Decimal(row.budget).toDecimalPlaces(2),
      spend: spend.toDecimalPlaces(2),
      impressions: row.impressions,
      clicks: row.clicks,
      conversions: row.conversions,
      newCustomers: row.newCustomers,
      clickThroughRate: exactRatio(row.clicks, row.impressions, 4),
      conversionRate: exactRatio(row.conversions, row.clicks, 4),
      costPerAcquisition: exactRatio(spend, row.newCustomers, 2),
    }
  })
}
