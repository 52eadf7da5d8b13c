// Runs the Catalog subgraph on its own: `npm run start:catalog`. It finds the products at their default
// ports unless <DOMAIN>_URL says otherwise (the first, when it lists replicas), and checks their quality every QUALITY_INTERVAL_MINUTES (60; 0: never).
import { runSubgraph, DEFAULT_SUBGRAPH_PORTS } from '../../lib/subgraph-main'
import { createLogger } from '../../lib/logger'
import { alertWebhookConfig } from './alert-webhook'
import { DEFAULT_PUBLIC_URL } from './quality-alerts'
import { createCatalogSubgraph, DOMAIN } from './server'

const PRODUCTS = ['customers', 'transactions', 'loans', 'risk', 'marketing', 'audit', 'catalog']

const productUrl = (id: string) =>
  process.env[`${id.toUpperCase()}_URL`]?.split(',')[0]?.trim() ||
  `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[id]}/graphql`
const productUrls = Object.fromEntries(PRODUCTS.map((id) => [id, productUrl(id)]))
const qualityIntervalMinutes = Number(process.env.QUALITY_INTERVAL_MINUTES ?? 60)
// Failing critical rules are POSTed to ALERT_WEBHOOK_URL (signed with ALERT_WEBHOOK_SECRET), linking to PUBLIC_URL's catalog page.
let webhook: ReturnType<typeof alertWebhookConfig>
try {
  webhook = alertWebhookConfig()
} catch (error) {
  createLogger(DOMAIN).fatal((error as Error).message)
  process.exit(2)
}
const qualityAlerts = { ...webhook, publicUrl: process.env.PUBLIC_URL?.trim() || DEFAULT_PUBLIC_URL }

void runSubgraph(DOMAIN, (db, security) =>
  createCatalogSubgraph(db, {
    ...security,
    productUrls,
    qualityIntervalMinutes: Number.isFinite(qualityIntervalMinutes) ? qualityIntervalMinutes : 60,
    qualityAlerts,
  }),
)
