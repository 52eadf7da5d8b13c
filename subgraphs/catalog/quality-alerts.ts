// Quality alerts: a critical rule that starts failing opens an alert (kept in the catalog until a run sees the rule
// pass) and notifies the owner once; while it keeps failing, later runs only refresh its last result.
import type { PublishedDataProduct } from '../../lib/data-product-routes'
import { createLogger, errorFields } from '../../lib/logger'
import {
  createAlertWebhook,
  type AlertEvent,
  type AlertWebhookOptions,
  type QualityAlertPayload,
} from './alert-webhook'
import type { CatalogData, QualityAlert, QualityRunWithResults } from './data'

export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:4000'

export interface QualityAlertOptions extends Partial<AlertWebhookOptions> {
  /** Where the web app is, for the alert's link to the product's catalog page. Default http://127.0.0.1:4000. */
  publicUrl?: string
}

export interface QualityAlerts {
  /** Opens, refreshes and resolves the product's alerts after a stored run; never throws. */
  afterRun(run: QualityRunWithResults, product: PublishedDataProduct | undefined): Promise<void>
  /** Resolves when every webhook delivery under way has finished. */
  settled(): Promise<void>
  close(): void
}

/** The product's page in the web app (web/src/routes.ts: `#/catalog/<id>`). */
export const catalogLink = (publicUrl: string, productId: string) =>
  `${publicUrl.replace(/\/+$/, '')}/#/catalog/${encodeURIComponent(productId)}`

export function createQualityAlerts(store: CatalogData, options: QualityAlertOptions = {}): QualityAlerts {
  const log = createLogger('catalog')
  const publicUrl = options.publicUrl ?? DEFAULT_PUBLIC_URL
  const webhook = options.url ? createAlertWebhook({ ...options, url: options.url }) : null

  function notify(
    event: AlertEvent,
    alert: QualityAlert,
    run: QualityRunWithResults,
    product: PublishedDataProduct | undefined,
  ) {
    log.info(
      { event, product: alert.productId, rule: alert.ruleId, alertId: alert.id, runId: run.id },
      `catalog: quality alert ${event}: ${alert.productId}/${alert.ruleId}`,
    )
    if (!webhook) return
    const payload: QualityAlertPayload = {
      event,
      alertId: alert.id,
      product: alert.productId,
      productName: product?.descriptor.name ?? alert.productId,
      owner: product
        ? { team: product.descriptor.owner.team, contact: product.descriptor.owner.contact }
        : { team: 'unknown', contact: 'unknown' },
      rule: alert.ruleId,
      ruleDescription: alert.description,
      dimension: alert.dimension,
      severity: alert.severity,
      result:
        event === 'opened'
          ? { passed: false, observed: alert.observed, checkedRows: alert.checkedRows, message: alert.message }
          : resultOf(run, alert.ruleId),
      runId: run.id,
      openedAt: alert.openedAt.toISOString(),
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
      at: new Date().toISOString(),
      link: catalogLink(publicUrl, alert.productId),
    }
    webhook.send(payload)
  }

  async function afterRun(run: QualityRunWithResults, product: PublishedDataProduct | undefined) {
    // A product that could not be checked at all says nothing about its rules: its alerts stay as they are.
    if (run.error !== null || run.results.length === 0) return
    const open = new Map(
      ((await store.openAlerts([run.productId])).get(run.productId) ?? []).map((alert) => [alert.ruleId, alert]),
    )
    const at = run.finishedAt
    for (const result of run.results) {
      const alert = open.get(result.ruleId)
      const failing = !result.passed && result.severity === 'critical'
      const kept = { observed: result.observed, checkedRows: result.checkedRows, message: result.message }
      if (failing && !alert) {
        const opened = await store.openAlert({
          productId: run.productId,
          ruleId: result.ruleId,
          description: result.description,
          dimension: result.dimension,
          severity: result.severity,
          openedAt: at,
          runId: run.id,
          ...kept,
        })
        if (opened) notify('opened', opened, run, product)
      } else if (failing && alert) {
        await store.stillFailing(alert.id, run.id, at, kept)
      } else if (alert) {
        // Passing, or no longer critical: either way the product is not failing a critical promise.
        const resolved = await store.resolveAlert(alert.id, run.id, at)
        if (resolved) notify('resolved', resolved, run, product)
      }
    }
  }

  return {
    async afterRun(run, product) {
      try {
        await afterRun(run, product)
      } catch (error) {
        log.error(
          { product: run.productId, runId: run.id, ...errorFields(error) },
          `catalog: could not update the quality alerts of ${run.productId}`,
        )
      }
    },
    settled: async () => webhook?.settled(),
    close: () => webhook?.close(),
  }
}

function resultOf(run: QualityRunWithResults, ruleId: string): QualityAlertPayload['result'] {
  const result = run.results.find((r) => r.ruleId === ruleId)
  return result
    ? { passed: result.passed, observed: result.observed, checkedRows: result.checkedRows, message: result.message }
    : { passed: true, observed: null, checkedRows: null, message: 'the rule was not checked' }
}
