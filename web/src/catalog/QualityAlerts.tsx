// Open quality alerts, shown prominently until a run sees the rule pass: a banner on a product's details and a
// badge on its card in the list.
import type { CatalogProductQuery } from '../generated/operations'
import { formatInstant, formatRelative } from '../format'

export type OpenQualityAlert = NonNullable<CatalogProductQuery['dataProduct']>['openAlerts'][number]

/** The alerts of one product, each with its rule, since when it fails and what the last run found. */
export function QualityAlertBanner({ alerts }: { alerts: OpenQualityAlert[] }) {
  if (alerts.length === 0) return null
  return (
    <section className="quality-alert" aria-labelledby="quality-alert-heading" data-open-alerts={alerts.length}>
      <h4 id="quality-alert-heading">
        <span aria-hidden="true">⚠ </span>
        {alerts.length === 1
          ? 'A critical quality rule is failing'
          : `${alerts.length} critical quality rules are failing`}
      </h4>
      <ul>
        {alerts.map((alert) => (
          <li key={alert.ruleId}>
            <strong>{alert.description}</strong> <code className="small">{alert.ruleId}</code>
            <br />
            Failing since {formatInstant(alert.openedAt)} ({formatRelative(alert.openedAt)}); last checked{' '}
            {formatRelative(alert.lastCheckedAt)}: {alert.lastResult.message}
          </li>
        ))}
      </ul>
      <p className="small">
        It stays until a quality run sees the rule pass; run the checks again once the data is fixed.
      </p>
    </section>
  )
}

/** On a product's card: how many critical rules are failing now. */
export function QualityAlertBadge({ count }: { count: number }) {
  if (count === 0) return null
  return (
    <span className="badge bad alert-badge">
      ⚠ {count} open alert{count === 1 ? '' : 's'}
    </span>
  )
}
