// Delivers quality alerts to the owner's webhook: JSON POSTs signed like GitHub's and Stripe's webhooks, with a
// timeout and retries with back-off, in the background so a slow or broken receiver never holds up a quality run.
import { createHmac, randomUUID } from 'node:crypto'
import { z } from 'zod'
import { createLogger, errorFields } from '../../lib/logger'

/** The header carrying `sha256=<hex HMAC-SHA256 of the raw body under ALERT_WEBHOOK_SECRET>`. */
export const SIGNATURE_HEADER = 'x-mesh-signature'
export const EVENT_HEADER = 'x-mesh-event'
export const DELIVERY_HEADER = 'x-mesh-delivery'

export type AlertEvent = 'opened' | 'resolved'

/** The JSON body of an alert. */
export interface QualityAlertPayload {
  event: AlertEvent
  alertId: string
  product: string
  productName: string
  owner: { team: string; contact: string }
  rule: string
  ruleDescription: string
  dimension: string
  severity: string
  /** The result of the run that opened (or resolved) the alert, as the catalog records it. */
  result: { passed: boolean; observed: number | null; checkedRows: number | null; message: string }
  runId: string
  openedAt: string
  resolvedAt: string | null
  /** When this notification was sent. */
  at: string
  /** The product's page in the web app's catalog. */
  link: string
}

export interface AlertWebhookOptions {
  /** Where to POST alerts. */
  url: string
  /** Signs each body (`x-mesh-signature: sha256=<hex>`); unsigned without it. */
  secret?: string
  /** How long one attempt may take. Default 5,000. */
  timeoutMillis?: number
  /** Attempts in all, the first included. Default 4. */
  attempts?: number
  /** The wait before the first retry, doubled before each next one. Default 1,000. */
  backoffMillis?: number
}

export interface AlertWebhook {
  /** Queues a delivery and returns at once; failures are logged, never thrown. */
  send(payload: QualityAlertPayload): void
  /** Resolves when every queued delivery has finished (delivered or given up). */
  settled(): Promise<void>
  /** Abandons deliveries still under way (at shutdown). */
  close(): void
}

/** The signature a receiver recomputes to verify a body: `sha256=<hex>`. */
export const signBody = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

/** ALERT_WEBHOOK_URL and ALERT_WEBHOOK_SECRET, checked once at start-up; a wrong value names the variable. */
export function alertWebhookConfig(env: NodeJS.ProcessEnv = process.env): { url?: string; secret?: string } {
  const parsed = z
    .object({
      ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
      ALERT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    })
    .safeParse({
      ALERT_WEBHOOK_URL: env.ALERT_WEBHOOK_URL?.trim() || undefined,
      ALERT_WEBHOOK_SECRET: env.ALERT_WEBHOOK_SECRET || undefined,
    })
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((issue) => `Invalid ${issue.path.join('.')}: ${issue.message}`).join('; '))
  return { url: parsed.data.ALERT_WEBHOOK_URL, secret: parsed.data.ALERT_WEBHOOK_SECRET }
}

export function createAlertWebhook(options: AlertWebhookOptions): AlertWebhook {
  const { url, secret, timeoutMillis = 5_000, attempts = 4, backoffMillis = 1_000 } = options
  const log = createLogger('catalog')
  const pending = new Set<Promise<void>>()
  const closing = new AbortController()

  async function deliver(payload: QualityAlertPayload): Promise<void> {
    const body = JSON.stringify(payload)
    const delivery = randomUUID()
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'data-mesh-catalog',
      [EVENT_HEADER]: `quality-alert.${payload.event}`,
      [DELIVERY_HEADER]: delivery,
    }
    if (secret) headers[SIGNATURE_HEADER] = signBody(body, secret)
    const about = {
      delivery,
      event: payload.event,
      product: payload.product,
      rule: payload.rule,
      alertId: payload.alertId,
    }
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (closing.signal.aborted) return
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMillis), closing.signal]),
        })
        await response.body?.cancel().catch(() => undefined)
        if (response.ok) return
        // A receiver that refuses the request as such (4xx) will refuse it again; only its failures are retried.
        const retriable = response.status >= 500 || response.status === 408 || response.status === 429
        log.warn(
          { ...about, attempt, status: response.status },
          `catalog: the alert webhook answered HTTP ${response.status}${retriable && attempt < attempts ? '; retrying' : ''}`,
        )
        if (!retriable) break
      } catch (error) {
        if (closing.signal.aborted) return
        log.warn(
          { ...about, attempt, ...errorFields(error) },
          `catalog: the alert webhook could not be reached${attempt < attempts ? '; retrying' : ''}`,
        )
      }
      if (attempt < attempts) await wait(backoffMillis * 2 ** (attempt - 1), closing.signal)
    }
    log.error(
      about,
      `catalog: gave up delivering a quality alert (${payload.event}: ${payload.product}/${payload.rule}) to the webhook`,
    )
  }

  return {
    send(payload) {
      const delivery = deliver(payload).catch((error: unknown) =>
        log.error({ ...errorFields(error) }, 'catalog: a quality alert delivery failed'),
      )
      pending.add(delivery)
      void delivery.finally(() => pending.delete(delivery))
    },
    async settled() {
      while (pending.size) await Promise.all([...pending])
    },
    close: () => closing.abort(),
  }
}

function wait(millis: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, millis)
    timer.unref()
    signal.addEventListener('abort', done, { once: true })
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
  })
}
