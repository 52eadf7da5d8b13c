// The shipped global-account propensity model: it loads, scores the product's features deterministically, ranks
// a customer who sends money home every month and travels above one who does neither, and its recorded
// evaluation beats the rule baseline. Also the ground truth it learns: the generator's latent interest, which the
// rule "regularly makes international transfers" only partly finds.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from '@jest/globals'
import { propensityFeatures, PROPENSITY_FEATURE_NAMES } from '../../subgraphs/transactions/behaviour/features'
import { detectBehaviour, type BehaviourTransaction } from '../../subgraphs/transactions/behaviour/patterns'
import {
  bandOf,
  PROPENSITY_METRICS_FILE,
  PROPENSITY_MODEL_FILE,
  propensityModelFrom,
  shippedPropensityModel,
  type PropensityModelFile,
} from '../../subgraphs/transactions/behaviour/propensity-model'
import { campaignPlans, customerProfile, type DemoBankOptions } from '../../prisma/demo-data/generate'
import { customerTransactionRows } from '../../prisma/demo-data/transaction-details'
import { globalAccountInterest } from '../../prisma/demo-data/global-account-interest'

const AS_OF = new Date('2026-11-25T00:00:00.000Z')
const DAY = 86_400_000
const row = (days: number, extra: Partial<BehaviourTransaction>): BehaviourTransaction => ({
  date: new Date(AS_OF.getTime() - days * DAY),
  type: 'DEPOSIT',
  direction: 'CREDIT',
  amount: 2_000,
  description: 'Salary payment',
  status: 'POSTED',
  counterpartyCountry: null,
  counterpartyCurrency: null,
  merchantCategory: null,
  ...extra,
})

/** A year of salary, plus (for the globetrotter) money sent to Mexico every month and four trips. */
function history(globetrotter: boolean): BehaviourTransaction[] {
  const rows: BehaviourTransaction[] = []
  for (let month = 0; month < 12; month++) {
    rows.push(row(5 + month * 30, {}), row(20 + month * 30, {}))
    if (globetrotter)
      rows.push(
        row(12 + month * 30, {
          type: 'TRANSFER',
          direction: 'DEBIT',
          amount: 500,
          description: 'Transfer to joint household account',
          counterpartyCountry: 'MX',
          counterpartyCurrency: 'MXN',
        }),
      )
  }
  if (globetrotter)
    for (const days of [40, 120, 200, 300])
      rows.push(
        row(days, {
          type: 'PAYMENT',
          direction: 'DEBIT',
          amount: 420,
          description: 'Airline',
          merchantCategory: 'TRAVEL',
        }),
      )
  return rows
}

describe('the shipped propensity model', () => {
  const model = shippedPropensityModel()
  const file = JSON.parse(readFileSync(PROPENSITY_MODEL_FILE, 'utf8')) as PropensityModelFile

  test('reads the features the product computes, and scores them the same way every time, between 0 and 1', () => {
    expect(file.features).toEqual([...PROPENSITY_FEATURE_NAMES])
    const features = [history(true), history(false)].map((rows) =>
      propensityFeatures(rows, AS_OF, detectBehaviour(rows, AS_OF)),
    )
    const scores = model.score(features)
    expect(propensityModelFrom(file).score(features)).toEqual(scores)
    for (const score of scores) expect(score >= 0 && score <= 1).toBe(true)
  })

  test('a customer who sends money home every month and flies four times a year scores above one who does neither', () => {
    const [globetrotter, stayAtHome] = model.score(
      [history(true), history(false)].map((rows) => propensityFeatures(rows, AS_OF)),
    )
    expect(globetrotter!).toBeGreaterThan(stayAtHome!)
    expect(bandOf(globetrotter!, model.bands)).not.toBe('LOW')
  })

  test('bands: HIGH from the top-decile floor, MEDIUM from the 70th percentile', () => {
    expect(model.bands.HIGH).toBeGreaterThan(model.bands.MEDIUM)
    expect(bandOf(model.bands.HIGH, model.bands)).toBe('HIGH')
    expect(bandOf(model.bands.HIGH - 1e-6, model.bands)).toBe('MEDIUM')
    expect(bandOf(model.bands.MEDIUM - 1e-6, model.bands)).toBe('LOW')
  })

  test('a model file for other features is refused, naming the command that retrains it', () => {
    expect(() => propensityModelFrom({ ...file, features: ['amount'] })).toThrow(/npm run train:propensity/)
  })

  test('its recorded evaluation, on a bank of a seed training never saw, beats the rule on the top decile', () => {
    const metrics = JSON.parse(readFileSync(PROPENSITY_METRICS_FILE, 'utf8'))
    expect(metrics.training.seeds).not.toContain(metrics.evaluation.seed)
    const { model: scored, ruleBaseline } = metrics.evaluation
    expect(scored.topDecile.lift).toBeGreaterThan(ruleBaseline.topDecile.lift)
    expect(scored.topDecile.precision).toBeGreaterThan(ruleBaseline.all.precision)
    expect(scored.atRuleAudienceSize.recall).toBeGreaterThan(ruleBaseline.all.recall)
  })
})

describe('the ground truth the model learns', () => {
  test('the latent interest is neither the rule nor rare: the rule finds part of the interested customers, and not only them', () => {
    const options: DemoBankOptions = { customers: 400, seed: 4_242, asOf: AS_OF }
    const campaigns = campaignPlans(options)
    let interested = 0,
      flagged = 0,
      both = 0
    for (let index = 0; index < options.customers; index++) {
      const profile = customerProfile(options, campaigns, index)
      const rows = customerTransactionRows(options, profile)
      const rule = detectBehaviour(
        rows.map((r) => ({ ...r, amount: Number(r.amount) })),
        AS_OF,
      ).patterns.some((p) => p.kind === 'INTERNATIONAL_TRANSFERS')
      const truth = globalAccountInterest(options, profile, rows).interested
      interested += Number(truth)
      flagged += Number(rule)
      both += Number(truth && rule)
    }
    expect(interested / options.customers).toBeGreaterThan(0.05)
    expect(interested / options.customers).toBeLessThan(0.3)
    // Precision and recall of the rule: well above chance, far from a copy.
    expect(both / flagged).toBeGreaterThan(0.2)
    expect(both / flagged).toBeLessThan(0.7)
    expect(both / interested).toBeGreaterThan(0.15)
    expect(both / interested).toBeLessThan(0.7)
  })
})
