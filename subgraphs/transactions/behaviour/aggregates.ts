// Behaviour profiles turned into counts that single nobody out: customers per pattern, segment, country or
// cadence, and per propensity band. For a caller who may not read profiles, a group of fewer than k customers
// shows no count; and where a pattern (or band) has exactly one such group, the next smallest is hidden too,
// since the pattern's total minus the others would give it away.
import type { BehaviourProfile } from './profiles'
import type { BehaviourSegment, Cadence, PatternKind } from './patterns'
import { PROPENSITY_BANDS, type PropensityBand } from './propensity-model'

export type BehaviourDimension = 'PATTERN' | 'SEGMENT' | 'COUNTRY' | 'CADENCE'
export type PropensityDimension = 'BAND' | 'SEGMENT'

export interface BehaviourGroup {
  pattern: PatternKind | null
  segment: BehaviourSegment | null
  country: string | null
  cadence: Cadence | null
  customers: number | null
  shareOfCustomers: number | null
  suppressed: boolean
}

export interface PropensityGroup {
  band: PropensityBand | null
  segment: BehaviourSegment | null
  customers: number | null
  averageScore: number | null
  suppressed: boolean
}

/** Whether a caller sees every count (they may read the profiles) or only groups of at least `minimumGroupSize`. */
export interface Disclosure {
  minimumGroupSize: number
  callerMayReadProfiles: boolean
}

const SEGMENTS: readonly BehaviourSegment[] = ['LOW_INFLOW', 'MIDDLE_INFLOW', 'HIGH_INFLOW', 'VERY_HIGH_INFLOW']

/** Customers per combination of the dimensions' values (a customer counts once in each group they belong to), largest first. */
export function behaviourBreakdown(
  profiles: readonly BehaviourProfile[],
  by: readonly BehaviourDimension[],
  disclosure: Disclosure,
) {
  const members = new Map<
    string,
    { key: Omit<BehaviourGroup, 'customers' | 'shareOfCustomers' | 'suppressed'>; customers: Set<string> }
  >()
  const needsPattern = by.some((d) => d !== 'SEGMENT')
  for (const profile of profiles) {
    const { segment, patterns } = profile.behaviour
    const memberships = needsPattern
      ? patterns.flatMap((pattern) =>
          (by.includes('COUNTRY') ? (pattern.countries.length ? pattern.countries : [null]) : [null]).map(
            (country) => ({ pattern: pattern.kind, cadence: pattern.cadence, country }),
          ),
        )
      : [{ pattern: null, cadence: null, country: null }]
    for (const membership of memberships) {
      const key = {
        pattern: by.includes('PATTERN') ? membership.pattern : null,
        segment: by.includes('SEGMENT') ? segment : null,
        country: by.includes('COUNTRY') ? membership.country : null,
        cadence: by.includes('CADENCE') ? membership.cadence : null,
      }
      const id = JSON.stringify(key)
      if (!members.has(id)) members.set(id, { key, customers: new Set() })
      members.get(id)!.customers.add(profile.customerId)
    }
  }
  const total = profiles.length
  const groups = [...members.values()].map(({ key, customers }) => ({ key, count: customers.size }))
  const hidden = suppressedGroups(
    groups.map((g) => ({ count: g.count, within: JSON.stringify(by.length > 1 ? g.key[firstKeyOf(by[0]!)] : null) })),
    disclosure,
  )
  const shown: BehaviourGroup[] = groups
    .map((group, i) => ({
      ...group.key,
      customers: hidden[i] ? null : group.count,
      shareOfCustomers: hidden[i] || total === 0 ? null : Number((group.count / total).toFixed(4)),
      suppressed: hidden[i]!,
      count: group.count,
    }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        JSON.stringify([a.pattern, a.segment, a.country, a.cadence]).localeCompare(
          JSON.stringify([b.pattern, b.segment, b.country, b.cadence]),
        ),
    )
    .map(({ count: _count, ...group }) => group)
  return {
    minimumGroupSize: disclosure.minimumGroupSize,
    customers: disclosedTotal(total, disclosure),
    groups: shown,
    suppressedGroups: shown.filter((g) => g.suppressed).length,
  }
}

/** Customers and average score per band and/or segment, every combination listed (empty ones with 0). */
export function propensityBreakdown(
  profiles: readonly BehaviourProfile[],
  by: readonly PropensityDimension[],
  disclosure: Disclosure,
) {
  const bands = by.includes('BAND') ? PROPENSITY_BANDS : [null]
  const segments = by.includes('SEGMENT') ? SEGMENTS : [null]
  const cells = bands.flatMap((band) =>
    segments.map((segment) => {
      const scores = profiles
        .filter(
          (p) => (band === null || p.propensity.band === band) && (segment === null || p.behaviour.segment === segment),
        )
        .map((p) => p.propensity.score)
      return { band, segment, scores }
    }),
  )
  const hidden = suppressedGroups(
    cells.map((cell) => ({ count: cell.scores.length, within: String(by.length > 1 ? cell.band : null) })),
    disclosure,
  )
  const groups: PropensityGroup[] = cells.map((cell, i) => ({
    band: cell.band,
    segment: cell.segment,
    customers: hidden[i] ? null : cell.scores.length,
    averageScore:
      hidden[i] || cell.scores.length === 0
        ? null
        : Number((cell.scores.reduce((sum, s) => sum + s, 0) / cell.scores.length).toFixed(4)),
    suppressed: hidden[i]!,
  }))
  return {
    minimumGroupSize: disclosure.minimumGroupSize,
    customers: disclosedTotal(profiles.length, disclosure),
    groups,
    suppressedGroups: groups.filter((g) => g.suppressed).length,
  }
}

/**
 * Which groups to hide: those of 1 to k-1 customers, and, within a set of groups that add up to a total shown
 * elsewhere (`within`: the same pattern or band), the smallest other non-empty group when only one is hidden.
 */
export function suppressedGroups(
  groups: readonly { count: number; within: string }[],
  { minimumGroupSize, callerMayReadProfiles }: Disclosure,
): boolean[] {
  if (callerMayReadProfiles) return groups.map(() => false)
  const hidden = groups.map((g) => g.count > 0 && g.count < minimumGroupSize)
  for (const within of new Set(groups.map((g) => g.within))) {
    const members = groups.map((g, i) => ({ ...g, i })).filter((g) => g.within === within)
    if (members.filter((g) => hidden[g.i]).length !== 1) continue
    const complement = members.filter((g) => !hidden[g.i] && g.count > 0).sort((a, b) => a.count - b.count)[0]
    if (complement) hidden[complement.i] = true
  }
  return hidden
}

/** A total is a group too: fewer than k customers show no count to those who may not read profiles. */
export function disclosedTotal(count: number, { minimumGroupSize, callerMayReadProfiles }: Disclosure): number | null {
  return !callerMayReadProfiles && count > 0 && count < minimumGroupSize ? null : count
}

function firstKeyOf(dimension: BehaviourDimension): 'pattern' | 'segment' | 'country' | 'cadence' {
  return dimension.toLowerCase() as 'pattern' | 'segment' | 'country' | 'cadence'
}
