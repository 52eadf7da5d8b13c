// A small seeded random source, so the same seed and size always build the same bank.
import { createHash } from 'node:crypto'

export interface Random {
  /** Uniform in [0, 1). */
  next(): number
  int(min: number, max: number): number
  chance(probability: number): boolean
  pick<T>(items: readonly T[]): T
  weighted<T>(items: readonly (readonly [T, number])[]): T
  normal(mean: number, standardDeviation: number): number
  /** Log-normal with the given median and spread (sigma of the underlying normal). */
  logNormal(median: number, sigma: number): number
  /** Poisson-distributed count with the given mean. */
  poisson(mean: number): number
}

/** A generator whose stream depends only on the seed and the labels (e.g. "transactions", 42). */
export function randomFor(seed: number, ...labels: (string | number)[]): Random {
  const digest = createHash('sha256')
    .update([seed, ...labels].join('/'))
    .digest()
  return mulberry32(digest.readUInt32LE(0))
}

function mulberry32(state: number): Random {
  let a = state >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted(items) {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0)
      let roll = next() * total
      for (const [item, weight] of items) {
        roll -= weight
        if (roll < 0) return item
      }
      return items[items.length - 1]![0]
    },
    normal(mean, standardDeviation) {
      const u = 1 - next()
      const v = next()
      return mean + standardDeviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    },
    logNormal: (median, sigma) => median * Math.exp(random.normal(0, sigma)),
    poisson(mean) {
      const limit = Math.exp(-mean)
      let count = 0
      let product = next()
      while (product > limit) {
        count++
        product *= next()
      }
      return count
    },
  }
  return random
}
