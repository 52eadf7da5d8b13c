// Customer acquisition per period and campaign rankings, built from one grouped query each.
import { badUserInput } from '../../lib/errors'
import type { MarketingData } from './data'
import { addPeriods, periodKey, periodLabel, periodStart, type Granularity } from './periods'

export interface AcquisitionArgs {
  granularity: Granularity
  from?: Date | null
  to?: Date | null
  last?: number | null
  includeCurrentPeriod?: boolean | null
  campaignId?: string | null
  channel?: string | null
}

export interface AcquisitionPeriod {
  periodStart: Date
  periodEnd: Date
  label: string
  isComplete: boolean
  newCustomers: number
  previousPeriodNewCustomers: number
  change: number
  changePercent: number | null
}

const MAX_LAST = 120
const MAX_PERIODS = 1000
const MAX_RANKED = 100

/** The periods the arguments ask for, as [first period start, end (exclusive)). */
export function acquisitionRange(args: AcquisitionArgs, now: Date): { start: Date; end: Date } {
  const hasRange = Boolean(args.from || args.to)
  if (args.last !== null && args.last !== undefined) {
    if (hasRange) throw badUserInput('Give either "last" or a "from"/"to" range, not both', { argumentName: 'last' })
    if (!Number.isInteger(args.last) || args.last < 1 || args.last > MAX_LAST)
      throw badUserInput(`"last" must be a whole number from 1 to ${MAX_LAST}; got ${args.last}`, {
        argumentName: 'last',
      })
    const current = periodStart(now, args.granularity)
    return {
      start: addPeriods(current, args.granularity, -args.last),
      end: args.includeCurrentPeriod ? addPeriods(current, args.granularity, 1) : current,
    }
  }
  if (!args.from)
    throw badUserInput(
      'Say which periods: give "last" (such as last: 2 for the two most recent complete periods) or a "from" date',
      { argumentName: 'from' },
    )
  const to = args.to ?? now
  checkPeriod({ from: args.from, to })
  return { start: periodStart(args.from, args.granularity), end: to }
}

export async function acquisitionSeries(
  data: MarketingData,
  args: AcquisitionArgs,
  now: Date,
): Promise<AcquisitionPeriod[]> {
  const { start, end } = acquisitionRange(args, now)
  const starts: Date[] = []
  for (let s = start; s.getTime() < end.getTime(); s = addPeriods(s, args.granularity, 1)) {
    starts.push(s)
    if (starts.length > MAX_PERIODS)
      throw badUserInput(
        `That range holds more than ${MAX_PERIODS} periods; choose a longer granularity or a shorter range`,
        { argumentName: 'granularity' },
      )
  }
  const previous = addPeriods(start, args.granularity, -1)
  const counts = await data.acquisitionsPerPeriod(args.granularity, {
    from: previous,
    to: addPeriods(starts.at(-1) ?? start, args.granularity, 1),
    campaignId: args.campaignId,
    channel: args.channel?.trim().toUpperCase() || null,
  })
  return starts.map((s) => {
    const periodEnd = addPeriods(s, args.granularity, 1)
    const newCustomers = counts.get(periodKey(s)) ?? 0
    const before = counts.get(periodKey(addPeriods(s, args.granularity, -1))) ?? 0
    return {
      periodStart: s,
      periodEnd,
      label: periodLabel(s, args.granularity),
      isComplete: periodEnd.getTime() <= now.getTime(),
      newCustomers,
      previousPeriodNewCustomers: before,
      change: newCustomers - before,
      changePercent: before === 0 ? null : Math.round(((newCustomers - before) / before) * 1000) / 10,
    }
  })
}

/** Refuses a [from, to) period that is empty or reversed; either end may be open. */
export function checkPeriod(period: { from?: Date | null; to?: Date | null }): void {
  if (period.from && period.to && period.from.getTime() >= period.to.getTime()) {
    throw badUserInput(
      `"from" (${period.from.toISOString()}) must be before "to" (${period.to.toISOString()}); "to" is exclusive`,
      { argumentName: 'from' },
    )
  }
}

export async function topCampaigns(
  data: MarketingData,
  args: { from?: Date | null; to?: Date | null; first?: number | null },
) {
  const first = args.first ?? 5
  if (!Number.isInteger(first) || first < 1 || first > MAX_RANKED)
    throw badUserInput(`"first" must be a whole number from 1 to ${MAX_RANKED}; got ${first}`, {
      argumentName: 'first',
    })
  checkPeriod(args)
  const groups = await data.acquisitionsByCampaign({ from: args.from, to: args.to })
  const total = groups.reduce((n, g) => n + g.count, 0)
  return groups
    .filter((g): g is { campaignId: string; count: number } => g.campaignId !== null)
    .sort((a, b) => b.count - a.count || (a.campaignId < b.campaignId ? -1 : 1))
    .slice(0, first)
    .map((g, i) => ({
      rank: i + 1,
      campaign: { id: g.campaignId },
      newCustomers: g.count,
      shareOfNewCustomers: total ? Math.round((g.count / total) * 10_000) / 10_000 : 0,
    }))
}
