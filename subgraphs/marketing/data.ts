// The Marketing domain's queries: the one place that knows its tables.
import type { DomainDatabase } from '../../lib/database'
import {
  keysetPage,
  toConnection,
  type Connection,
  type CursorValue,
  type SortDirection,
  type SortSpec,
} from '../../lib/connection'
import { Prisma, PrismaClient, type Campaign, type CustomerAcquisition } from '../../prisma/marketing/generated/client'
import { TRUNC_UNIT, type Granularity } from './periods'
import { groupCampaigns, type CampaignDimension } from './breakdown'

export type { Campaign, CustomerAcquisition }

export interface CampaignFilter {
  channel?: Campaign['channel'] | null
  status?: Campaign['status'] | null
  activeOn?: Date | null
  runningFrom?: Date | null
  runningTo?: Date | null
  nameContains?: string | null
}

export interface CampaignOrder {
  field: 'START_DATE' | 'SPEND' | 'CONVERSIONS'
  direction: SortDirection
}

export interface AcquisitionScope {
  from: Date
  to: Date
  campaignId?: string | null
  channel?: string | null
}

export interface Period {
  from?: Date | null
  to?: Date | null
}

export type MarketingData = ReturnType<typeof createMarketingData>

export function createMarketingData(db: DomainDatabase, countStatement: () => void) {
  const prisma = new PrismaClient({ adapter: db.adapter, log: [{ emit: 'event', level: 'query' }] })
  prisma.$on('query', countStatement)

  return {
    prisma,
    campaignsByIds: (ids: readonly string[]) => prisma.campaign.findMany({ where: { id: { in: [...ids] } } }),
    acquisitionsByCustomerIds: (ids: readonly string[]) =>
      prisma.customerAcquisition.findMany({ where: { customerId: { in: [...ids] } } }),

    async campaignsPage(
      filter: CampaignFilter | null | undefined,
      order: CampaignOrder | null | undefined,
      first: number,
      after: string | null | undefined,
    ): Promise<Connection<Campaign>> {
      const where = campaignWhere(filter)
      const sort = campaignSort(order ?? { field: 'START_DATE', direction: 'DESC' })
      const page = keysetPage(sort, first, after)
      const rows = await prisma.campaign.findMany({
        where: page.where ? { AND: [where, page.where as Prisma.CampaignWhereInput] } : where,
        orderBy: page.orderBy as Prisma.CampaignOrderByWithRelationInput[],
        take: page.take,
      })
      return toConnection(rows, first, sort, () => prisma.campaign.count({ where }), Boolean(after))
    },

    /** New customers per campaign for a batch of campaigns and one period, in one grouped statement. */
    async newCustomersByCampaign(campaignIds: readonly string[], period: Period): Promise<Map<string, number>> {
      const rows = await prisma.customerAcquisition.groupBy({
        by: ['campaignId'],
        where: { campaignId: { in: [...campaignIds] }, acquiredAt: periodFilter(period) },
        _count: { _all: true },
      })
      return new Map(rows.map((r) => [r.campaignId!, r._count._all]))
    },

    /** Acquisitions per calendar period start ("YYYY-MM-DD") within [from, to), in one statement. */
    async acquisitionsPerPeriod(granularity: Granularity, scope: AcquisitionScope): Promise<Map<string, number>> {
      const unit = TRUNC_UNIT[granularity]
      const rows = await prisma.$queryRaw<{ period: string; count: number }[]>`
        SELECT to_char(date_trunc(${unit}, "acquiredAt" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS period, count(*)::int AS count
        FROM "CustomerAcquisition"
        WHERE "acquiredAt" >= ${scope.from} AND "acquiredAt" < ${scope.to}
          ${scope.campaignId ? Prisma.sql`AND "campaignId" = ${scope.campaignId}` : Prisma.empty}
          ${scope.channel ? Prisma.sql`AND channel = ${scope.channel}` : Prisma.empty}
        GROUP BY 1`
      return new Map(rows.map((r) => [r.period, r.count]))
    },

    /** The campaigns the filter selects, grouped by the given dimensions, from one statement. */
    campaignGroups: (by: readonly CampaignDimension[], filter: CampaignFilter | null | undefined) =>
      groupCampaigns(prisma, by, campaignSql(filter)),

    /** Acquisitions per campaign in a period (null = customers who came on their own). */
    async acquisitionsByCampaign(period: Period): Promise<{ campaignId: string | null; count: number }[]> {
      const rows = await prisma.customerAcquisition.groupBy({
        by: ['campaignId'],
        where: { acquiredAt: periodFilter(period) },
        _count: { _all: true },
      })
      return rows.map((r) => ({ campaignId: r.campaignId, count: r._count._all }))
    },

    disconnect: () => prisma.$disconnect(),
  }
}

function periodFilter(period: Period): Prisma.DateTimeFilter | undefined {
  if (!period.from && !period.to) return undefined
  return { ...(period.from && { gte: period.from }), ...(period.to && { lt: period.to }) }
}

function campaignWhere(filter: CampaignFilter | null | undefined): Prisma.CampaignWhereInput {
  if (!filter) return {}
  const where: Prisma.CampaignWhereInput = {}
  const and: Prisma.CampaignWhereInput[] = []
  if (filter.channel) where.channel = filter.channel
  if (filter.status) where.status = filter.status
  if (filter.activeOn) and.push({ startDate: { lte: filter.activeOn }, endDate: { gte: filter.activeOn } })
  if (filter.runningFrom) and.push({ endDate: { gte: filter.runningFrom } })
  if (filter.runningTo) and.push({ startDate: { lte: filter.runningTo } })
  if (filter.nameContains) and.push({ name: { contains: filter.nameContains, mode: 'insensitive' } })
  if (and.length) where.AND = and
  return where
}

/** The same conditions as `campaignWhere`, as SQL, for grouped statements. */
function campaignSql(filter: CampaignFilter | null | undefined): Prisma.Sql {
  const day = (date: Date) => Prisma.sql`${date.toISOString().slice(0, 10)}::date`
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`]
  if (filter?.channel) conditions.push(Prisma.sql`channel = ${filter.channel}::"CampaignChannel"`)
  if (filter?.status) conditions.push(Prisma.sql`status = ${filter.status}::"CampaignStatus"`)
  if (filter?.activeOn)
    conditions.push(Prisma.sql`"startDate" <= ${day(filter.activeOn)} AND "endDate" >= ${day(filter.activeOn)}`)
  if (filter?.runningFrom) conditions.push(Prisma.sql`"endDate" >= ${day(filter.runningFrom)}`)
  if (filter?.runningTo) conditions.push(Prisma.sql`"startDate" <= ${day(filter.runningTo)}`)
  if (filter?.nameContains) conditions.push(Prisma.sql`strpos(lower(name), lower(${filter.nameContains})) > 0`)
  return Prisma.join(conditions, ' AND ')
}

function campaignSort(order: CampaignOrder): SortSpec<Campaign> {
  const key = `${order.field}:${order.direction}`
  switch (order.field) {
    case 'SPEND':
      return {
        key,
        fields: ['spend'],
        direction: order.direction,
        valuesOf: (c) => [new Prisma.Decimal(c.spend).toFixed()],
        parseValues: (v: CursorValue[]) => v.map(String),
      }
    case 'CONVERSIONS':
      return {
        key,
        fields: ['conversions'],
        direction: order.direction,
        valuesOf: (c) => [c.conversions],
        parseValues: (v: CursorValue[]) => v.map(Number),
      }
    default:
      return {
        key,
        fields: ['startDate'],
        direction: order.direction,
        valuesOf: (c) => [c.startDate],
        parseValues: (v: CursorValue[]) => v.map((x) => new Date(String(x))),
      }
  }
}
