// The fraud model: a random forest (ml-random-forest) trained by `npm run train:fraud` on generated demo
// banks, stored as versioned JSON next to its metrics. Scores are the forest's probability of fraud.
import { RandomForestClassifier } from 'ml-random-forest'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fraudFeatures, type DebitContext, type DebitProfile, type ScoredDebit } from './features'

export const FRAUD_MODEL_VERSION = 'fraud-rf-v1'
export const FRAUD_MODEL_FILE = path.join(__dirname, `${FRAUD_MODEL_VERSION}.json`)
export const FRAUD_METRICS_FILE = path.join(__dirname, `${FRAUD_MODEL_VERSION}.metrics.json`)

export interface FraudModel {
  version: string
  /** Probability that each debit is fraud, in the order given. */
  score(debits: { debit: ScoredDebit; profile: DebitProfile; context: DebitContext }[]): number[]
}

export function fraudModelFrom(json: unknown, version = FRAUD_MODEL_VERSION): FraudModel {
  const forest = RandomForestClassifier.load(json as Parameters<typeof RandomForestClassifier.load>[0])
  return {
    version,
    score(debits) {
      if (debits.length === 0) return []
      return forest.predictProbability(
        debits.map(({ debit, profile, context }) => fraudFeatures(debit, profile, context)),
        1,
      )
    },
  }
}

let shipped: FraudModel | undefined

/** The model shipped with the product (loaded once). */
export function shippedFraudModel(): FraudModel {
  shipped ??= fraudModelFrom(JSON.parse(readFileSync(FRAUD_MODEL_FILE, 'utf8')))
  return shipped
}
