// Campaigns grouped by the dimensions asked for (channel, status, month started), with the funnel's sums and
// the rates derived from them as exact decimals, from one grouped statement. Campaigns are not customers'
// rows, so no group is hidden.
import { Prisma, type PrismaClient, type Campaign } from '../../prisma/marketing/generated/client'

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
export async function groupCampaigns(prisma: PrismaClient, by: readonly CampaignDimension[], where: Prisma.Sql): Promise<CampaignGroup[]> {
  const dimensions = [...new Set(by)].map((dimension) => DIMENSIONS[dimension])
  const columns = Prisma.join(dimensions.map((d) => Prisma.sql`${d.sql} AS ${Prisma.raw(`"${d.key}"`)}`))
  const positions = Prisma.raw(dimensions.map((_d, index) => String(index + 1)).join(', '))
  // New customers are counted from the acquisition records, as Campaign.newCustomers and costPerAcquisition are.
  const rows = await prisma.$queryRaw<(Partial<CampaignGroupKey> & { count: number; budget: string; spend: string; impressions: number; clicks: number; conversions: number; newCustomers: number })[]>`
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
      channel: row.channel ?? null, status: row.status ?? null, month: row.month ?? null,
      count: row.count, budget: new Prisma.Decimal(row.budget).toDecimalPlaces(2), spend: spend.toDecimalPlaces(2),
      impressions: row.impressions, clicks: row.clicks, conversions: row.conversions, newCustomers: row.newCustomers,
      clickThroughRate: ratio(new Prisma.Decimal(row.clicks), row.impressions, 4),
      conversionRate: ratio(new Prisma.Decimal(row.conversions), row.clicks, 4),
      costPerAcquisition: ratio(spend, row.newCustomers, 2),
    }
  })
}

/** numerator / denominator rounded half up, null when the denominator is 0. */
function ratio(numerator: Prisma.Decimal, denominator: number, places: number): Prisma.Decimal | null {
  return denominator === 0 ? null : numerator.dividedBy(denominator).toDecimalPlaces(places, Prisma.Decimal.ROUND_HALF_UP)
}
