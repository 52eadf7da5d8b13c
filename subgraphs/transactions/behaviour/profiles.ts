// A customer's behaviour profile: the patterns found in their transactions and the propensity model's score,
// computed together from one read of their rows. Aggregates (k-anonymous counts) are built on the same profiles.
import { groupBy } from '../../../lib/group-by'
import { propensityFeatures, PROPENSITY_FEATURE_NAMES } from './features'
import {
  detectBehaviour,
  WINDOW_MONTHS,
  type BehaviourSegment,
  type CustomerBehaviour,
  type PatternKind,
} from './patterns'
import type { PropensityBand, PropensityModel } from './propensity-model'
import type { CustomerTransaction } from './rows'

export type PropensityProduct = 'GLOBAL_ACCOUNT'

export interface ProductPropensity {
  customerId: string
  product: PropensityProduct
  score: number
  band: PropensityBand
  modelVersion: string
  /** The habits behind the score, in words. */
  signals: string[]
}

export interface BehaviourProfile {
  customerId: string
  behaviour: CustomerBehaviour & { customerId: string; asOf: Date }
  propensity: ProductPropensity
}

/** Which profiles an aggregate counts. */
export interface BehaviourFilter {
  customerId?: string | null
  segment?: BehaviourSegment | null
  pattern?: PatternKind | null
}

const MONTH_MS = 30 * 86_400_000

/** The window of rows a profile reads: the WINDOW_MONTHS before `asOf`. */
export function profileWindow(asOf: Date): { from: Date; to: Date } {
  return { from: new Date(asOf.getTime() - WINDOW_MONTHS * MONTH_MS), to: asOf }
}

/** One profile per customer of the rows (and an empty one for each of `customerIds` without rows), scored in one batch. */
export function behaviourProfiles(
  rows: readonly CustomerTransaction[],
  asOf: Date,
  model: PropensityModel,
  customerIds: readonly string[] = [],
): Map<string, BehaviourProfile> {
  const byCustomer = groupBy(rows, (row) => row.customerId)
  for (const id of customerIds) if (!byCustomer.has(id)) byCustomer.set(id, [])
  const customers = [...byCustomer.keys()].sort()
  const detected = customers.map((id) => {
    const transactions = byCustomer.get(id)!
    const behaviour = detectBehaviour(transactions, asOf)
    return { id, behaviour, features: propensityFeatures(transactions, asOf, behaviour) }
  })
  const scores = model.score(detected.map((d) => d.features))
  return new Map(
    detected.map(({ id, behaviour, features }, i) => {
      const score = Number(scores[i]!.toFixed(4))
      return [
        id,
        {
          customerId: id,
          behaviour: { ...behaviour, customerId: id, asOf },
          propensity: {
            customerId: id,
            product: 'GLOBAL_ACCOUNT' as const,
            score,
            band: model.band(score),
            modelVersion: model.version,
            signals: signalsOf(behaviour, features),
          },
        },
      ]
    }),
  )
}

export function matchesBehaviourFilter(profile: BehaviourProfile, filter: BehaviourFilter | null | undefined): boolean {
  if (filter?.customerId && profile.customerId !== filter.customerId) return false
  if (filter?.segment && profile.behaviour.segment !== filter.segment) return false
  if (filter?.pattern && !profile.behaviour.patterns.some((p) => p.kind === filter.pattern)) return false
  return true
}

const feature = (features: readonly number[], name: (typeof PROPENSITY_FEATURE_NAMES)[number]) =>
  features[PROPENSITY_FEATURE_NAMES.indexOf(name)]!

/** What the model read, in words a customer adviser can repeat. */
function signalsOf(behaviour: CustomerBehaviour, features: readonly number[]): string[] {
  const signals: string[] = []
  const abroad = behaviour.patterns.find((p) => p.kind === 'INTERNATIONAL_TRANSFERS')
  if (abroad)
    signals.push(
      `Sends money abroad ${abroad.cadence.toLowerCase().replace('_', ' ')} (${abroad.countries.join(', ')}), in ${abroad.monthsSeen} of the last ${behaviour.monthsObserved} months`,
    )
  else if (feature(features, 'internationalTransfersPerMonth') > 0) signals.push('Has sent money abroad now and then')
  const trips = Math.round(feature(features, 'travelPaymentsPerMonth') * behaviour.monthsObserved)
  if (trips > 0)
    signals.push(
      `${trips} travel payment${trips === 1 ? '' : 's'} (airlines, hotels) in the last ${behaviour.monthsObserved} months`,
    )
  signals.push(
    `Money in about ${Math.round(behaviour.monthlyInflow).toLocaleString('en-US')} USD a month (${behaviour.segment})`,
  )
  return signals
}
