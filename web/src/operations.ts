// Every GraphQL operation the app sends, enumerated: the build registers them as the app's trusted documents
// (web/trusted-documents.json, hash → document), which the gateway accepts by hash. An operation built from
// choices (a breakdown's dimension and measure, a chart's number of buckets) is listed for each choice. The
// query console is the one free-form part of the app: what a person types is theirs, not the app's.
import { RUN_QUALITY_CHECKS_MUTATION, DETAIL_QUERY, LINEAGE_QUERY, SEARCH_QUERY } from './catalog/queries'
import { BREAKDOWNS } from './dashboard/breakdowns'
import {
  CATALOG_STATUS_QUERY,
  RISK_GRADES_QUERY,
  accessDenialsOperation,
  acquisitionOperation,
  anomaliesOperation,
  campaignsOperation,
  loansOperation,
  moneyFlowDocument,
  topCampaignsOperation,
} from './dashboard/queries'
import { MAX_CHART_BUCKETS, type DateRange } from './dates'
import { LIVE_QUERY } from './live/queries'

/** The documents do not depend on the period (dates are variables); any period builds them. */
const ANY_PERIOD: DateRange = { from: '2026-01-01', to: '2026-01-31' }

/** The text of every operation the app can send, each once. */
export function appDocuments(): string[] {
  const documents = [
    SEARCH_QUERY,
    DETAIL_QUERY,
    LINEAGE_QUERY,
    RUN_QUALITY_CHECKS_MUTATION,
    CATALOG_STATUS_QUERY,
    RISK_GRADES_QUERY,
    LIVE_QUERY,
    ...[
      acquisitionOperation,
      loansOperation,
      campaignsOperation,
      topCampaignsOperation,
      anomaliesOperation,
      accessDenialsOperation,
    ].map((operation) => operation(ANY_PERIOD).query),
    ...Array.from({ length: MAX_CHART_BUCKETS }, (_, index) => moneyFlowDocument(index + 1)),
    ...BREAKDOWNS.flatMap((source) =>
      source.dimensions.flatMap((dimension) =>
        source.measures.map((measure) => source.ask({ dimension, measure }, ANY_PERIOD, source).operation.query),
      ),
    ),
  ]
  return [...new Set(documents)]
}
