// `npm run train:propensity`: trains the global-account propensity model (a logistic regression, ml-logistic-regression) on
// demo banks generated with training seeds, labelled by the generator's latent interest
// (prisma/demo-data/global-account-interest.ts), and evaluates it on a bank generated with a seed it never saw
// against the plain rule "customers who regularly make international transfers". Writes the model (with its
// score bands) and its metrics to subgraphs/transactions/behaviour/.
import LogisticRegression from 'ml-logistic-regression'
import { Matrix } from 'ml-matrix'
import { writeFileSync } from 'node:fs'
import { campaignPlans, customerProfile, type DemoBankOptions } from '../prisma/demo-data/generate'
import { globalAccountInterest } from '../prisma/demo-data/global-account-interest'
import { customerTransactionRows } from '../prisma/demo-data/transaction-details'
import { propensityFeatures, PROPENSITY_FEATURE_NAMES } from '../subgraphs/transactions/behaviour/features'
import { detectBehaviour } from '../subgraphs/transactions/behaviour/patterns'
import {
  bandOf,
  designMatrix,
  propensityModelFrom,
  scalingOf,
  PROPENSITY_METRICS_FILE,
  PROPENSITY_MODEL_FILE,
  PROPENSITY_MODEL_VERSION,
  type PropensityModelFile,
} from '../subgraphs/transactions/behaviour/propensity-model'

const AS_OF = new Date('2026-11-25T00:00:00.000Z')
const TRAINING_SEEDS = [201, 202, 203]
const TRAINING_CUSTOMERS = 3_000
const EVALUATION_SEED = 9_101
const EVALUATION_CUSTOMERS = 4_000
/** Gradient steps of the regression. */
const STEPS = 3_000
/** The campaign audience the metrics compare: the top tenth of customers by score. */
const TOP_SHARE = 0.1

interface Example {
  x: number[]
  y: 0 | 1
  rule: boolean
  internationalMonths: number
}

/** Every customer of a generated bank: their features, the rule's verdict and whether they would take the account up. */
function customersOf(options: DemoBankOptions): Example[] {
  const campaigns = campaignPlans(options)
  const examples: Example[] = []
  for (let index = 0; index < options.customers; index++) {
    const profile = customerProfile(options, campaigns, index)
    const rows = customerTransactionRows(options, profile)
    const transactions = rows.map((row) => ({ ...row, amount: Number(row.amount) }))
    const behaviour = detectBehaviour(transactions, options.asOf)
    const international = behaviour.patterns.find((p) => p.kind === 'INTERNATIONAL_TRANSFERS')
    examples.push({
      x: propensityFeatures(transactions, options.asOf, behaviour),
      y: globalAccountInterest(options, profile, rows).interested ? 1 : 0,
      rule: international !== undefined,
      internationalMonths: international?.monthsSeen ?? 0,
    })
  }
  return examples
}

/** Precision, recall and lift (precision over the base rate) of choosing `chosen` customers. */
function audienceMetrics(chosen: boolean[], labels: (0 | 1)[]) {
  const size = chosen.filter(Boolean).length
  const truePositives = chosen.filter((c, i) => c && labels[i] === 1).length
  const positives = labels.filter((y) => y === 1).length
  const precision = size ? truePositives / size : 0
  const recall = positives ? truePositives / positives : 0
  const baseRate = positives / labels.length
  return {
    audience: size,
    truePositives,
    precision: round(precision),
    recall: round(recall),
    lift: round(baseRate ? precision / baseRate : 0),
  }
}

/** The first `count` customers by a ranking (ties broken by position, so the choice is deterministic). */
function topBy(values: number[], count: number): boolean[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => b.value - a.value || a.index - b.index)
  const chosen = new Array<boolean>(values.length).fill(false)
  for (const { index } of order.slice(0, count)) chosen[index] = true
  return chosen
}

/** Area under the ROC curve: the chance a random interested customer scores above a random other one. */
function areaUnderCurve(scores: number[], labels: (0 | 1)[]): number {
  const ranked = scores.map((score, index) => ({ score, y: labels[index]! })).sort((a, b) => a.score - b.score)
  let rankSum = 0
  for (let i = 0; i < ranked.length;) {
    let j = i
    while (j < ranked.length && ranked[j]!.score === ranked[i]!.score) j++
    const averageRank = (i + j + 1) / 2
    for (let k = i; k < j; k++) if (ranked[k]!.y === 1) rankSum += averageRank
    i = j
  }
  const positives = labels.filter((y) => y === 1).length
  const negatives = labels.length - positives
  return round((rankSum - (positives * (positives + 1)) / 2) / (positives * negatives))
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

const round = (value: number) => Number(value.toFixed(4))

function main(): void {
  const started = Date.now()
  const population = TRAINING_SEEDS.flatMap((seed) => customersOf({ customers: TRAINING_CUSTOMERS, seed, asOf: AS_OF }))
  const generatedIn = (Date.now() - started) / 1000
  console.error(`generated ${population.length} training customers in ${generatedIn} s; training the regression`)
  const scaling = scalingOf(population.map((e) => e.x))
  // Batch gradient ascent on the log-likelihood summed over the rows: a step of 1/n is a step of 1 on the mean.
  const regression = new LogisticRegression({ numSteps: STEPS, learningRate: 1 / population.length })
  regression.train(
    designMatrix(
      population.map((e) => e.x),
      scaling,
    ),
    Matrix.columnVector(population.map((e) => e.y)),
  )
  const trainingScores = regression.classifiers[0]!.testScores(
    designMatrix(
      population.map((e) => e.x),
      scaling,
    ),
  )
  const bands = { MEDIUM: round(quantile(trainingScores, 0.7)), HIGH: round(quantile(trainingScores, 1 - TOP_SHARE)) }
  const file: PropensityModelFile = {
    version: PROPENSITY_MODEL_VERSION,
    features: PROPENSITY_FEATURE_NAMES,
    scaling,
    bands,
    regression: regression.toJSON(),
  }
  const trainedIn = (Date.now() - started) / 1000

  // Evaluated as shipped: the model read back from its JSON, on a bank of a seed training never saw.
  const shipped = propensityModelFrom(JSON.parse(JSON.stringify(file)) as PropensityModelFile)
  const evaluation = customersOf({ customers: EVALUATION_CUSTOMERS, seed: EVALUATION_SEED, asOf: AS_OF })
  const labels = evaluation.map((e) => e.y)
  const scores = shipped.score(evaluation.map((e) => e.x))
  const decile = Math.round(TOP_SHARE * evaluation.length)
  const ruleAudience = evaluation.filter((e) => e.rule).length
  // The rule ranks by how many months money went abroad, so it too can pick a top decile.
  const ruleRanking = evaluation.map((e) => e.internationalMonths)
  const metrics = {
    version: PROPENSITY_MODEL_VERSION,
    trainedAt: new Date().toISOString(),
    command: 'npm run train:propensity',
    target:
      "Would take up the global account if offered: the generator's latent interest (prisma/demo-data/global-account-interest.ts), drawn from its own random stream from several habits and unseen factors",
    features: PROPENSITY_FEATURE_NAMES,
    bands,
    training: {
      seeds: TRAINING_SEEDS,
      customersPerSeed: TRAINING_CUSTOMERS,
      interested: population.filter((e) => e.y === 1).length,
      gradientSteps: STEPS,
      generatingSeconds: generatedIn,
      seconds: trainedIn,
    },
    evaluation: {
      seed: EVALUATION_SEED,
      customers: evaluation.length,
      interested: labels.filter((y) => y === 1).length,
      baseRate: round(labels.filter((y) => y === 1).length / labels.length),
      model: {
        areaUnderCurve: areaUnderCurve(scores, labels),
        topDecile: {
          rule: `the ${decile} highest scores (top 10 %)`,
          ...audienceMetrics(topBy(scores, decile), labels),
        },
        atRuleAudienceSize: {
          rule: `the ${ruleAudience} highest scores (as many as the rule picks)`,
          ...audienceMetrics(topBy(scores, ruleAudience), labels),
        },
        highBand: {
          rule: `score >= ${bands.HIGH} (band HIGH)`,
          ...audienceMetrics(
            scores.map((s) => bandOf(s, bands) === 'HIGH'),
            labels,
          ),
        },
      },
      ruleBaseline: {
        all: {
          rule: 'regularly makes international transfers (a detected INTERNATIONAL_TRANSFERS pattern)',
          ...audienceMetrics(
            evaluation.map((e) => e.rule),
            labels,
          ),
        },
        topDecile: {
          rule: `the ${decile} customers with the most months of transfers abroad`,
          ...audienceMetrics(topBy(ruleRanking, decile), labels),
        },
      },
    },
  }
  writeFileSync(PROPENSITY_MODEL_FILE, JSON.stringify(file))
  writeFileSync(PROPENSITY_METRICS_FILE, `${JSON.stringify(metrics, null, 2)}\n`)
  console.log(JSON.stringify(metrics, null, 2))
}

main()
