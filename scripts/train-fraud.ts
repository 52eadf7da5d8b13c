// `npm run train:fraud`: trains the transaction fraud model (a random forest, ml-random-forest) on demo banks
// generated with training seeds, evaluates it on a bank generated with a seed it never saw, against the
// plain threshold rule (a fixed amount, tuned on the training banks) as the baseline, and writes the model
// and its metrics to subgraphs/transactions/fraud/.
import { RandomForestClassifier } from 'ml-random-forest'
import { writeFileSync } from 'node:fs'
import { groupBy } from '../lib/group-by'
import {
  campaignPlans,
  customerBanking,
  customerProfile,
  isAnomalyCandidate,
  type DemoBankOptions,
} from '../prisma/demo-data/generate'
import { randomFor } from '../prisma/demo-data/random'
import { debitContext, debitProfile, FEATURE_NAMES, fraudFeatures } from '../subgraphs/transactions/fraud/features'
import { FRAUD_METRICS_FILE, FRAUD_MODEL_FILE, FRAUD_MODEL_VERSION } from '../subgraphs/transactions/fraud/model'

const AS_OF = new Date('2026-11-25T00:00:00.000Z')
const TRAINING_SEEDS = [101, 102, 103]
const TRAINING_CUSTOMERS = 20_000
const NEGATIVES_PER_SEED = 2_000
const LARGE_DEBIT = 1_000
const EVALUATION_SEED = 9_001
const EVALUATION_CUSTOMERS = 4_000

interface Example {
  x: number[]
  y: 0 | 1
  amount: number
}

/** Every debit of the given customers of a generated bank, with its features and whether it is the planted anomaly. */
function* debitsOf(options: DemoBankOptions, indices: Iterable<number>): Generator<Example> {
  const campaigns = campaignPlans(options)
  for (const index of indices) {
    const { transactions, anomaly } = customerBanking(options, customerProfile(options, campaigns, index))
    for (const rows of groupBy(
      transactions.filter((t) => t.direction === 'DEBIT'),
      (t) => t.accountId,
    ).values()) {
      const debits = rows.map((t) => ({ id: t.id, amount: Number(t.amount), type: t.type, channel: t.channel }))
      const profile = debitProfile(debits.map((d) => d.amount))
      for (const debit of debits)
        yield {
          x: fraudFeatures(debit, profile, debitContext(debit, debits)),
          y: debit.id === anomaly?.transactionId ? 1 : 0,
          amount: debit.amount,
        }
    }
  }
}

function trainingSet(): Example[] {
  const examples: Example[] = []
  for (const seed of TRAINING_SEEDS) {
    const options: DemoBankOptions = { customers: TRAINING_CUSTOMERS, seed, asOf: AS_OF }
    const candidates = [...Array(TRAINING_CUSTOMERS).keys()].filter((i) => isAnomalyCandidate(options, i))
    const random = randomFor(seed, 'fraud-training')
    const others = Array.from({ length: 400 }, () => random.int(0, TRAINING_CUSTOMERS - 1)).filter(
      (i) => !isAnomalyCandidate(options, i),
    )
    const rows = [...debitsOf(options, [...candidates, ...others])]
    const positives = rows.filter((r) => r.y === 1)
    const negatives = rows.filter((r) => r.y === 0)
    // Keep every anomaly, every large ordinary debit (what the model must learn to tell apart), and a
    // sample of the small ones (the candidates' own accounts included).
    const large = negatives.filter((r) => r.amount >= LARGE_DEBIT)
    const small = negatives.filter((r) => r.amount < LARGE_DEBIT)
    for (let i = small.length - 1; i > 0; i--) {
      const j = random.int(0, i)
      ;[small[i], small[j]] = [small[j]!, small[i]!]
    }
    examples.push(...positives, ...large, ...small.slice(0, NEGATIVES_PER_SEED))
  }
  return examples
}

function confusion(predicted: boolean[], actual: (0 | 1)[]) {
  let tp = 0,
    fp = 0,
    fn = 0
  predicted.forEach((p, i) => {
    if (p && actual[i] === 1) tp++
    else if (p) fp++
    else if (actual[i] === 1) fn++
  })
  const precision = tp + fp ? tp / (tp + fp) : 0
  const recall = tp + fn ? tp / (tp + fn) : 0
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: Number(precision.toFixed(4)),
    recall: Number(recall.toFixed(4)),
    f1: Number((precision + recall ? (2 * precision * recall) / (precision + recall) : 0).toFixed(4)),
  }
}

/** The amount above which the threshold rule flags a debit: the one with the best F1 on the training set. */
function tuneThreshold(examples: Example[]): number {
  const candidates = [...new Set(examples.filter((e) => e.y === 1).map((e) => e.amount))].sort((a, b) => a - b)
  let best = { threshold: candidates[0] ?? 0, f1: -1 }
  for (const threshold of candidates) {
    const { f1 } = confusion(
      examples.map((e) => e.amount >= threshold),
      examples.map((e) => e.y),
    )
    if (f1 > best.f1) best = { threshold, f1 }
  }
  return best.threshold
}

function main(): void {
  const started = Date.now()
  const training = trainingSet()
  const forest = new RandomForestClassifier({
    nEstimators: 40,
    maxFeatures: 0.6,
    replacement: false,
    useSampleBagging: true,
    seed: 7,
    treeOptions: { maxDepth: 7 },
    noOOB: true,
  })
  forest.train(
    training.map((e) => e.x),
    training.map((e) => e.y),
  )
  const json = forest.toJSON()
  const trainedIn = (Date.now() - started) / 1000
  const threshold = tuneThreshold(training)

  // Evaluated as shipped: the model read back from its JSON.
  const shipped = RandomForestClassifier.load(JSON.parse(JSON.stringify(json)))
  const evaluation = [
    ...debitsOf(
      { customers: EVALUATION_CUSTOMERS, seed: EVALUATION_SEED, asOf: AS_OF },
      Array(EVALUATION_CUSTOMERS).keys(),
    ),
  ]
  const scoredAt = Date.now()
  const forestScores = shipped.predictProbability(
    evaluation.map((e) => e.x),
    1,
  )
  const labels = evaluation.map((e) => e.y)
  const metrics = {
    version: FRAUD_MODEL_VERSION,
    trainedAt: new Date().toISOString(),
    command: 'npm run train:fraud',
    features: FEATURE_NAMES,
    training: {
      seeds: TRAINING_SEEDS,
      customersPerSeed: TRAINING_CUSTOMERS,
      examples: training.length,
      positives: training.filter((e) => e.y === 1).length,
      seconds: trainedIn,
    },
    evaluation: {
      seed: EVALUATION_SEED,
      customers: EVALUATION_CUSTOMERS,
      debits: evaluation.length,
      plantedAnomalies: labels.filter((y) => y === 1).length,
      scoringSeconds: (Date.now() - scoredAt) / 1000,
      model: {
        rule: 'fraud probability >= 0.5',
        ...confusion(
          forestScores.map((p) => p >= 0.5),
          labels,
        ),
      },
      thresholdBaseline: {
        rule: `amount >= ${threshold.toFixed(2)} USD (tuned for F1 on the training banks)`,
        ...confusion(
          evaluation.map((e) => e.amount >= threshold),
          labels,
        ),
      },
    },
  }
  writeFileSync(FRAUD_MODEL_FILE, JSON.stringify(json))
  writeFileSync(FRAUD_METRICS_FILE, `${JSON.stringify(metrics, null, 2)}\n`)
  console.log(JSON.stringify(metrics, null, 2))
}

main()
