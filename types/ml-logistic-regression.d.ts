// ml-logistic-regression ships no types: the part of its API the propensity model uses (one-vs-all logistic
// regression trained by gradient ascent; for two classes, classifiers[0] scores the probability of class 1).
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix'

  interface TwoClassModel {
    weights: Matrix
    /** The probability of "not the class it was trained against", per row. */
    testScores(features: Matrix): number[]
  }

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number })
    classifiers: TwoClassModel[]
    numberClasses: number
    train(features: Matrix, target: Matrix): void
    predict(features: Matrix): number[]
    toJSON(): unknown
    static load(model: unknown): LogisticRegression
  }
}
