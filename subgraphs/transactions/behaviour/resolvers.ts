// The behaviour part of the Transactions product's graph: Customer.behaviour and Customer.propensity (profiles,
// governed as "behaviour-profile" data), and the k-anonymous counts marketing reads. Thin: per-request loaders
// read the rows, profiles.ts and aggregates.ts compute.
import DataLoader from 'dataloader'
import type { GraphQLResolveInfo } from 'graphql'
import { pageSize } from '../../../lib/connection'
import { groupingDimensions } from '../../../lib/breakdown'
import { badUserInput } from '../../../lib/errors'
import { DEFAULT_MINIMUM_GROUP_SIZE, mayReadRows } from '../../../rules/small-groups'
import { dataProduct } from '../data-product'
import type { TransactionsContext } from '../resolvers'
import type { Resolvers } from '../generated/graphql'
import { behaviourBreakdown, disclosedTotal, propensityBreakdown, type Disclosure } from './aggregates'
import {
  behaviourProfiles,
  matchesBehaviourFilter,
  profileWindow,
  type BehaviourFilter,
  type BehaviourProfile,
  type PropensityProduct,
} from './profiles'
import { PROPENSITY_BANDS, shippedPropensityModel } from './propensity-model'

/** Per-request loaders of behaviour profiles: one read for every customer asked for in a request, one for all customers. */
interface BehaviourLoaders {
  profileOf: DataLoader<string, BehaviourProfile>
  allProfiles: () => Promise<BehaviourProfile[]>
}

const loadersOf = new WeakMap<TransactionsContext, BehaviourLoaders>()

function behaviourLoaders(context: TransactionsContext): BehaviourLoaders {
  let loaders = loadersOf.get(context)
  if (!loaders) {
    const asOf = context.now()
    const { from, to } = profileWindow(asOf)
    let all: Promise<BehaviourProfile[]> | undefined
    loaders = {
      profileOf: new DataLoader(async (customerIds) => {
        const profiles = behaviourProfiles(
          await context.data.behaviourRows(customerIds, from, to),
          asOf,
          shippedPropensityModel(),
          customerIds,
        )
        return customerIds.map((id) => profiles.get(id)!)
      }),
      allProfiles: () =>
        (all ??= context.data
          .behaviourRows(null, from, to)
          .then((rows) => [...behaviourProfiles(rows, asOf, shippedPropensityModel()).values()])),
    }
    loadersOf.set(context, loaders)
  }
  return loaders
}

/** Roles that may read behaviour profiles see every count; the others only groups of at least k customers. */
function disclosureFor(context: TransactionsContext, info: GraphQLResolveInfo): Disclosure {
  return {
    minimumGroupSize: dataProduct.minimumGroupSize ?? DEFAULT_MINIMUM_GROUP_SIZE,
    callerMayReadProfiles: mayReadRows(context.identity, info.schema, 'CustomerBehaviour'),
  }
}

async function profilesMatching(
  context: TransactionsContext,
  filter: BehaviourFilter | null | undefined,
): Promise<BehaviourProfile[]> {
  // A filter on one customer (a customer's own, narrowed by @ownRows) reads that customer's rows only.
  const profiles = filter?.customerId
    ? [await behaviourLoaders(context).profileOf.load(filter.customerId)]
    : await behaviourLoaders(context).allProfiles()
  return profiles.filter((profile) => profile.behaviour.monthsObserved > 0 && matchesBehaviourFilter(profile, filter))
}

function checkProduct(product: PropensityProduct): void {
  if (product !== 'GLOBAL_ACCOUNT')
    throw badUserInput(`No propensity model for ${String(product)}: the models cover GLOBAL_ACCOUNT`, {
      argumentName: 'product',
    })
}

export const behaviourResolvers: Resolvers = {
  Query: {
    behaviourPatternBreakdown: async (_root, { by, filter }, context, info) => {
      const dimensions = groupingDimensions(by, '[PATTERN] or [PATTERN, SEGMENT]')
      const profiles = await profilesMatching(context, filter)
      // A filter on a pattern counts that pattern only (not the other habits of the customers who show it).
      const counted = filter?.pattern
        ? profiles.map((p) => ({
            ...p,
            behaviour: {
              ...p.behaviour,
              patterns: p.behaviour.patterns.filter((pattern) => pattern.kind === filter.pattern),
            },
          }))
        : profiles
      return behaviourBreakdown(counted, dimensions, disclosureFor(context, info))
    },
    propensityBreakdown: async (_root, { product, by, filter }, context, info) => {
      checkProduct(product)
      const dimensions = groupingDimensions(by, '[BAND] or [BAND, SEGMENT]')
      const breakdown = propensityBreakdown(
        await profilesMatching(context, filter),
        dimensions,
        disclosureFor(context, info),
      )
      return { product, modelVersion: shippedPropensityModel().version, ...breakdown }
    },
    campaignAudience: async (_root, args, context, info) => {
      checkProduct(args.product)
      const first = pageSize(args.first === undefined || args.first === null ? 100 : args.first)
      const lowest = PROPENSITY_BANDS.indexOf(args.minimumBand)
      const audience = (await profilesMatching(context, args.filter))
        .filter((profile) => PROPENSITY_BANDS.indexOf(profile.propensity.band) >= lowest)
        .sort((a, b) => b.propensity.score - a.propensity.score || a.customerId.localeCompare(b.customerId))
      const disclosure = disclosureFor(context, info)
      const size = disclosedTotal(audience.length, disclosure)
      return {
        product: args.product,
        minimumBand: args.minimumBand,
        modelVersion: shippedPropensityModel().version,
        minimumGroupSize: disclosure.minimumGroupSize,
        size,
        suppressed: size === null,
        bySegment: size === null ? [] : propensityBreakdown(audience, ['SEGMENT'], disclosure).groups,
        // Resolved only where the rules let the caller read behaviour profiles (CampaignAudience.customers).
        customers: audience.slice(0, first).map((profile) => ({ __typename: 'Customer', id: profile.customerId })),
      }
    },
  },
  Customer: {
    behaviour: async (customer, _args, context) =>
      (await behaviourLoaders(context).profileOf.load(customer.id)).behaviour,
    propensity: async (customer, { product }, context) => {
      checkProduct(product)
      return (await behaviourLoaders(context).profileOf.load(customer.id)).propensity
    },
  },
  CustomerBehaviour: {
    monthlyInflow: (behaviour) => behaviour.monthlyInflow.toFixed(2),
  },
  BehaviourPattern: {
    typicalAmount: (pattern) => pattern.typicalAmount.toFixed(2),
  },
}
