// The gateway's Prometheus metrics, served at /metrics by routes/metrics.ts: requests by operation, outcome
// and code, their latency, each subgraph fetch, circuits, shared reads, the response cache, audit writes,
// streams and rate-limit refusals, beside the process's own.
// One registry a process (as each subgraph has its own): the modules that do the work count into it.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

const registry = new Registry()
registry.setDefaultLabels({ service: 'gateway' })
collectDefaultMetrics({ register: registry })

/** Seconds, from 5 ms to 10 s: a gateway request, a subgraph fetch, an audit write. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

export const gatewayMetrics = {
  registry,
  requests: new Counter({
    name: 'mesh_gateway_requests_total',
    help: 'GraphQL requests answered by the gateway, by operation name (bounded), outcome (ok, error) and first error code; transport http, or in-process (WebSocket, SSE, chat, export pages, subscription events)',
    labelNames: ['transport', 'operation', 'outcome', 'code'] as const,
    registers: [registry],
  }),
  requestDuration: new Histogram({
    name: 'mesh_gateway_request_duration_seconds',
    help: 'Time to answer a GraphQL request, audit write included',
    labelNames: ['transport', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  subgraphFetchDuration: new Histogram({
    name: 'mesh_gateway_subgraph_fetch_duration_seconds',
    help: 'Time of one subgraph fetch, by subgraph and outcome (ok, error, timeout, circuit_open)',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  subgraphTimeouts: new Counter({
    name: 'mesh_gateway_subgraph_timeouts_total',
    help: 'Subgraph fetches cut at their timeout',
    labelNames: ['subgraph'] as const,
    registers: [registry],
  }),
  sharedReads: new Counter({
    name: 'mesh_gateway_shared_reads_total',
    help: 'Subgraph reads answered by an identical read already in flight (no request of their own)',
    labelNames: ['subgraph'] as const,
    registers: [registry],
  }),
  cacheLookups: new Counter({
    name: 'mesh_gateway_cache_lookups_total',
    help: 'Subgraph reads looked up in the response cache, by subgraph and outcome (hit, miss, bypass: the cache could not be asked)',
    labelNames: ['subgraph', 'outcome'] as const,
    registers: [registry],
  }),
  cacheStores: new Counter({
    name: 'mesh_gateway_cache_stores_total',
    help: 'Subgraph answers stored in the response cache',
    labelNames: ['subgraph'] as const,
    registers: [registry],
  }),
  cacheInvalidations: new Counter({
    name: 'mesh_gateway_cache_invalidations_total',
    help: "Writes that dropped a subgraph's cached answers, by source (mutation: sent through this gateway; change_feed: an event of the product's feed)",
    labelNames: ['subgraph', 'source'] as const,
    registers: [registry],
  }),
  auditWriteDuration: new Histogram({
    name: 'mesh_gateway_audit_write_duration_seconds',
    help: 'Time to commit records to the audit trail (retries included), by kind (denials, restricted_access)',
    labelNames: ['kind'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  auditWriteFailures: new Counter({
    name: 'mesh_gateway_audit_write_failures_total',
    help: 'Writes to the audit trail that failed after their retries (the response data was withheld, or the record lost for best-effort records)',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
  activeSubscriptions: new Gauge({
    name: 'mesh_gateway_active_subscriptions',
    help: 'Client subscriptions open on this gateway (WebSocket and SSE)',
    registers: [registry],
  }),
  openConnections: new Gauge({
    name: 'mesh_gateway_open_connections',
    help: 'Open WebSocket connections and SSE streams, by transport',
    labelNames: ['transport'] as const,
    registers: [registry],
  }),
  rateLimitRefusals: new Counter({
    name: 'mesh_gateway_rate_limit_refusals_total',
    help: 'Requests, subscriptions and connections refused by the per-caller rate limits, by limit',
    labelNames: ['limit'] as const,
    registers: [registry],
  }),
}

/** What a subgraph's circuits look like now: the number of its replicas whose circuit is open. */
export interface CircuitWatch {
  readonly name: string
  openCircuits(now?: number): number
}

const watchedCircuits = new Set<WeakRef<CircuitWatch>>()

/** Read at each scrape, so nothing is counted on the request path. */
new Gauge({
  name: 'mesh_gateway_circuit_open',
  help: 'Replicas of each subgraph whose circuit is open (failing fast)',
  labelNames: ['subgraph'] as const,
  registers: [registry],
  collect() {
    this.reset()
    for (const ref of watchedCircuits) {
      const source = ref.deref()
      if (!source) watchedCircuits.delete(ref)
      else this.inc({ subgraph: source.name }, source.openCircuits())
    }
  },
})

/** Reports a data source's circuits at every scrape (for as long as it lives). */
export function watchCircuits(source: CircuitWatch): void {
  watchedCircuits.add(new WeakRef(source))
}

/** Operation names are the client's choice: only plain ones, and at most this many, become label values. */
const OPERATION_LABEL = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/
const MAX_OPERATION_LABELS = 200
const operationLabels = new Set<string>()

/** The operation label of a request: its name if plain and among the first 200 seen, `anonymous`, or `other`. */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous'
  if (operationLabels.has(name)) return name
  if (!OPERATION_LABEL.test(name) || operationLabels.size >= MAX_OPERATION_LABELS) return 'other'
  operationLabels.add(name)
  return name
}

/** An error code as a label value: the codes the gateway answers with are upper-case words; anything else is `OTHER`. */
export function codeLabel(code: string | undefined): string {
  if (!code) return ''
  return /^[A-Z][A-Z_]{0,47}$/.test(code) ? code : 'OTHER'
}
