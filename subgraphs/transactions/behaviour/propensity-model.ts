// The global-account propensity model: a logistic regression (ml-logistic-regression) over standardised features,
// trained by `npm run train:propensity` on generated demo banks, stored as versioned JSON with its feature scaling
// and score bands, next to its metrics. A score is the regression's probability that the customer takes it up.
import LogisticRegression from 'ml-logistic-regression'
import { Matrix } from 'ml-matrix'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { PROPENSITY_FEATURE_NAMES } from './features'

export const PROPENSITY_MODEL_VERSION = 'global-account-lr-v1'
export const PROPENSITY_MODEL_FILE = path.join(__dirname, `${PROPENSITY_MODEL_VERSION}.json`)
export const PROPENSITY_METRICS_FILE = path.join(__dirname, `${PROPENSITY_MODEL_VERSION}.metrics.json`)

export type PropensityBand = 'LOW' | 'MEDIUM' | 'HIGH'
export const PROPENSITY_BANDS: readonly PropensityBand[] = ['LOW', 'MEDIUM', 'HIGH']

/** Scores from which a band starts, set at training: HIGH is the top decile of the training banks' customers, MEDIUM the next two. */
export interface BandFloors {
  MEDIUM: number
  HIGH: number
}

/** Each feature's mean and standard deviation over the training banks: the regression reads (x - mean) / scale. */
export interface FeatureScaling {
  means: number[]
  scales: number[]
}

/** The model file: the regression, the features it reads and their scaling, and the band floors. */
export interface PropensityModelFile {
  version: string
  features: readonly string[]
  scaling: FeatureScaling
  bands: BandFloors
  regression: unknown
}

export interface PropensityModel {
  version: string
  bands: BandFloors
  /** Probability (0 to 1) that each customer takes up the global account, in the order given. */
  score(features: readonly (readonly number[])[]): number[]
  band(score: number): PropensityBand
}

/** The rows the regression reads: standardised features and a constant 1 for its intercept. */
export function designMatrix(features: readonly (readonly number[])[], scaling: FeatureScaling): Matrix {
  return new Matrix(
    features.map((row) => [1, ...row.map((value, i) => (value - scaling.means[i]!) / scaling.scales[i]!)]),
  )
}

/** The mean and standard deviation of each feature (a constant feature gets scale 1). */
export function scalingOf(features: readonly (readonly number[])[]): FeatureScaling {
  const columns = features[0]?.length ?? 0
  const means = Array.from(
    { length: columns },
    (_, i) => features.reduce((sum, row) => sum + row[i]!, 0) / features.length,
  )
  const scales = means.map(
    (mean, i) => Math.sqrt(features.reduce((sum, row) => sum + (row[i]! - mean) ** 2, 0) / features.length) || 1,
  )
  return { means, scales }
}

export function propensityModelFrom(file: PropensityModelFile): PropensityModel {
  if (file.features.join() !== PROPENSITY_FEATURE_NAMES.join())
    throw new Error(
      `Propensity model ${file.version} reads other features than the product computes: run npm run train:propensity`,
    )
  const regression = LogisticRegression.load(file.regression)
  return {
    version: file.version,
    bands: file.bands,
    // Trained on labels 0 and 1, the one-vs-all regression's first classifier scores "not 0": the take-up.
    score: (features) =>
      features.length ? regression.classifiers[0]!.testScores(designMatrix(features, file.scaling)) : [],
    band: (score) => bandOf(score, file.bands),
  }
}

export function bandOf(score: number, floors: BandFloors): PropensityBand {
  return score >= floors.HIGH ? 'HIGH' : score >= floors.MEDIUM ? 'MEDIUM' : 'LOW'
}

let shipped: PropensityModel | undefined

/** The model shipped with the product (loaded once). */
export function shippedPropensityModel(): PropensityModel {
  shipped ??= propensityModelFrom(JSON.parse(readFileSync(PROPENSITY_MODEL_FILE, 'utf8')) as PropensityModelFile)
  return shipped
}
