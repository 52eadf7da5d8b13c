// The gateway's readiness: which data products answer, each asked on its replicas' GET /ready (the process
// and its database). Liveness (GET /health) stays apart: a gateway whose products are down is still alive,
// and restarting it would not bring them back.
import type { Express } from 'express'

export type ReplicaStatus = { url: string; status: 'up' } | { url: string; status: 'down'; cause: string }
export interface ProductReadiness {
  status: 'up' | 'degraded' | 'down'
  replicas: ReplicaStatus[]
}

const PROBE_TIMEOUT_MS = 2500

/** A replica's readiness URL from its GraphQL URL. */
const readyUrl = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql\/?$/, '') + '/ready'

async function probeReplica(url: string): Promise<ReplicaStatus> {
  try {
    const response = await fetch(readyUrl(url), { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
    if (response.ok) return { url, status: 'up' }
    const body = (await response.json().catch(() => ({}))) as { cause?: string; database?: string }
    return {
      url,
      status: 'down',
      cause:
        body.database === 'down'
          ? `its database cannot be reached${body.cause ? ` (${body.cause})` : ''}`
          : `HTTP ${response.status}`,
    }
  } catch (error) {
    const reason =
      (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.name : 'no answer')
    return { url, status: 'down', cause: `the service does not answer (${reason})` }
  }
}

/** Every product's readiness: up when all its replicas are ready, degraded when some are, down when none. */
export async function productReadiness(replicas: Record<string, string[]>): Promise<Record<string, ProductReadiness>> {
  const entries = await Promise.all(
    Object.entries(replicas).map(async ([name, urls]) => {
      const statuses = await Promise.all(urls.map(probeReplica))
      const up = statuses.filter((s) => s.status === 'up').length
      return [name, { status: up === urls.length ? 'up' : up > 0 ? 'degraded' : 'down', replicas: statuses }] as const
    }),
  )
  return Object.fromEntries(entries)
}

/**
 * GET /ready: 200 while the gateway can answer for at least one product (`ready` when every product is up,
 * `degraded` otherwise, since it answers the others and names what is missing), 503 when no product answers.
 * `replicas` is asked on every request: the products of the supergraph served now.
 */
export function mountReadiness(app: Express, replicas: () => Record<string, string[]>): void {
  app.get('/ready', async (_req, res) => {
    const products = await productReadiness(replicas())
    const statuses = Object.values(products).map((p) => p.status)
    const status = statuses.every((s) => s === 'up')
      ? 'ready'
      : statuses.some((s) => s !== 'down')
        ? 'degraded'
        : 'unavailable'
    res.status(status === 'unavailable' ? 503 : 200).json({ status, products })
  })
}
