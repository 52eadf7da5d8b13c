// How long the audit trail keeps its records: the product's declared retention (7 years, as banking record-keeping
// asks) unless AUDIT_RETENTION_DAYS says otherwise. Older records are deleted when the service starts and once a
// day after; a compliance officer reads what is left.
import { createLogger } from '../../lib/logger'
import type { AuditData } from './data'
import { dataProduct } from './data-product'

const DAY_MS = 86_400_000
const PRUNE_EVERY_MS = DAY_MS

/** The declared retention in days (a year counted as 365.25 days, so 7 years is 2557 days). */
export const DECLARED_RETENTION_DAYS = Math.round(
  dataProduct.serviceLevel.retention.value * (dataProduct.serviceLevel.retention.unit === 'y' ? 365.25 : 1),
)

/** AUDIT_RETENTION_DAYS as a whole number of days of at least 1; throws naming the variable otherwise. */
export function parseRetentionDays(value: string | undefined): number {
  if (value === undefined || value === '') return DECLARED_RETENTION_DAYS
  const days = Number(value)
  if (!Number.isInteger(days) || days < 1)
    throw new Error(`AUDIT_RETENTION_DAYS must be a whole number of days, at least 1 (got "${value}")`)
  return days
}

/** Prunes now and then daily; returns what stops the schedule. `now` is the service's clock. */
export function scheduleRetention(
  data: Pick<AuditData, 'pruneBefore'>,
  retentionDays: number,
  now: () => Date,
): { pruneNow(): Promise<{ denials: number; restrictedAccess: number }>; stop(): void } {
  const log = createLogger('audit')
  const pruneNow = async () => {
    const cutoff = new Date(now().getTime() - retentionDays * DAY_MS)
    const pruned = await data.pruneBefore(cutoff)
    if (pruned.denials || pruned.restrictedAccess)
      log.info(
        { ...pruned, cutoff: cutoff.toISOString(), retentionDays },
        `audit: deleted ${pruned.denials} denials and ${pruned.restrictedAccess} restricted-access records older than ${retentionDays} days`,
      )
    return pruned
  }
  const prune = () =>
    void pruneNow().catch((error: unknown) =>
      log.warn(
        { err: { message: String(error) } },
        'audit: pruning records past their retention failed; trying again in a day',
      ),
    )
  prune()
  const timer = setInterval(prune, PRUNE_EVERY_MS)
  timer.unref()
  return { pruneNow, stop: () => clearInterval(timer) }
}
