// Runs data products' quality rules: each product checks its own tables, and the catalog checks the rules
// that span products (every value of a column must be an entity of another product) by streaming the
// distinct values from one and asking the other which it lacks, a page at a time.
import { RULE_DIMENSIONS, type QualityRule, type ReferencesRule } from '../../lib/data-product'
import { ruleResult, type RuleResult } from '../../lib/quality'
import { createLogger, errorFields } from '../../lib/logger'
import type { CatalogData, NewQualityRun, QualityRunWithResults } from './data'
import type { ProductDirectory } from './products'
import type { QualityAlerts } from './quality-alerts'

export type QualityTrigger = 'SCHEDULE' | 'ON_DEMAND'

export interface QualityRunner {
  /** Checks one product, or all; stores and returns each run. */
  run(productId: string | null, trigger: QualityTrigger, requestedBy: string): Promise<QualityRunWithResults[]>
}

async function checkReferences(
  directory: ProductDirectory,
  productId: string,
  rule: ReferencesRule,
): Promise<RuleResult> {
  let missing = 0
  let checked = 0
  let after: string | null = null
  for (;;) {
    const values = await directory.referencedValues(productId, rule.id, after)
    if (values.length === 0) break
    checked += values.length
    missing += (await directory.missingKeys(rule.references.product, rule.references.entity, values)).length
    after = values.at(-1)!
  }
  return ruleResult(rule, missing, checked)
}

function unmeasured(rule: QualityRule, reason: string): RuleResult {
  return {
    ruleId: rule.id,
    passed: false,
    observed: Number.NaN,
    checkedRows: null,
    message: `could not be checked: ${reason}`,
  }
}

/** With `alerts`, each stored run then opens, refreshes or resolves its product's quality alerts. */
export function createQualityRunner(
  directory: ProductDirectory,
  store: CatalogData,
  alerts?: QualityAlerts,
): QualityRunner {
  async function runProduct(
    productId: string,
    trigger: QualityTrigger,
    requestedBy: string,
  ): Promise<QualityRunWithResults> {
    const startedAt = new Date()
    const product = await directory.get(productId)
    const record = (fields: Pick<NewQualityRun, 'passed' | 'criticalFailures' | 'warnings' | 'error' | 'results'>) =>
      store.saveRun({ productId, trigger, requestedBy, startedAt, finishedAt: new Date(), ...fields })
    if (!product)
      return record({
        passed: false,
        criticalFailures: 0,
        warnings: 0,
        error: `the ${productId} data product did not answer`,
        results: [],
      })

    const rules = product.descriptor.quality
    const results = new Map<string, RuleResult>()
    try {
      for (const result of await directory.runLocalRules(productId)) results.set(result.ruleId, result)
    } catch (error) {
      for (const rule of rules)
        if (rule.kind !== 'references') results.set(rule.id, unmeasured(rule, (error as Error).message))
    }
    for (const rule of rules) {
      if (rule.kind !== 'references') continue
      try {
        results.set(rule.id, await checkReferences(directory, productId, rule))
      } catch (error) {
        results.set(rule.id, unmeasured(rule, (error as Error).message))
      }
    }
    const rows = rules.map((rule) => {
      const result = results.get(rule.id) ?? unmeasured(rule, 'the product did not run it')
      const observed = result.observed === null || !Number.isFinite(result.observed) ? null : result.observed
      return {
        ruleId: rule.id,
        description: rule.description,
        dimension: RULE_DIMENSIONS[rule.kind],
        severity: rule.severity,
        passed: result.passed,
        observed,
        checkedRows: result.checkedRows,
        message: result.message,
      }
    })
    const failed = rows.filter((r) => !r.passed)
    const criticalFailures = failed.filter((r) => r.severity === 'critical').length
    return record({
      passed: criticalFailures === 0,
      criticalFailures,
      warnings: failed.length - criticalFailures,
      error: null,
      results: rows,
    })
  }

  return {
    async run(productId, trigger, requestedBy) {
      const ids = productId ? [productId] : directory.ids()
      const runs: QualityRunWithResults[] = []
      for (const id of ids) {
        const run = await runProduct(id, trigger, requestedBy)
        await alerts?.afterRun(run, await directory.get(id))
        runs.push(run)
      }
      return runs
    },
  }
}

/**
 * Runs every product's rules on a fixed interval; the first run comes after `firstDelayMillis`. With several
 * catalog replicas on one database, a replica skips its turn when another ran the schedule less than most
 * of an interval ago (`lastScheduledRun` reads the shared history), and the first turns are spread out.
 */
export function scheduleQualityRuns(
  runner: QualityRunner,
  intervalMinutes: number,
  lastScheduledRun: () => Promise<Date | null> = async () => null,
  firstDelayMillis = 30_000 + Math.random() * 30_000,
): { stop(): void } {
  if (intervalMinutes <= 0) return { stop: () => undefined }
  const intervalMillis = intervalMinutes * 60_000
  const runAll = async () => {
    const last = await lastScheduledRun()
    if (last && Date.now() - last.getTime() < 0.9 * intervalMillis) return
    await runner.run(null, 'SCHEDULE', 'schedule')
  }
  const turn = () =>
    void runAll().catch((error: unknown) =>
      createLogger('catalog').error(errorFields(error), 'catalog: a scheduled quality run failed'),
    )
  const first = setTimeout(turn, firstDelayMillis)
  const every = setInterval(turn, intervalMillis)
  first.unref()
  every.unref()
  return {
    stop() {
      clearTimeout(first)
      clearInterval(every)
    },
  }
}
