// Writes the gateway did not send (another replica with its own memory, a writer beside the mesh) reach the response
// cache through the products' change feeds: every subscription field of the supergraph announces committed writes
// of its product (transactionAdded: each booking, on commit), so the gateway subscribes to each, asking for the key
// only, and every event drops that product's cached answers. Whenever a feed is (re)connected, events may have
// been missed while it was not: its product's answers are dropped then too.
import { createClient, type Client } from 'graphql-ws'
import WebSocket from 'ws'
import { createLogger } from '../../lib/logger'
import { IDENTITY_HEADER, SERVICE_SUBJECT_PREFIX, signForwardedIdentity, type Identity } from '../../rules/identity'
import type { SubscriptionRoute } from '../streaming/subscriptions'

const log = createLogger('gateway')

/**
 * Whose feed the gateway hears: a service of its own with a role that sees every customer's rows, and nothing
 * restricted (it asks for keys only).
 */
const FEED_IDENTITY: Identity = {
  subject: `${SERVICE_SUBJECT_PREFIX}gateway-cache`,
  roles: ['analyst'],
  channel: 'api',
}
const RECONNECT_MILLIS = [500, 1000, 2000, 5000]

export interface CommittedWritesOptions {
  /** The subscription fields served now, and each subgraph's replicas (read when a feed connects). */
  supergraph(): { routes: Map<string, SubscriptionRoute>; replicas: Record<string, string[]> }
  internalSecret: string
  /** A write to `product` was committed (or may have been, while its feed was down). */
  onWrite(product: string): void
}

/** Listens to every product's change feed until the function returned is called. */
export function watchCommittedWrites(options: CommittedWritesOptions): () => Promise<void> {
  const clients: Client[] = []
  const timers = new Set<NodeJS.Timeout>()
  let stopped = false
  const follow = (route: SubscriptionRoute, failures = 0) => {
    if (stopped) return
    const replicas = options.supergraph().replicas[route.subgraph] ?? []
    const url = replicas[failures % Math.max(1, replicas.length)]?.replace(/^http/, 'ws')
    if (!url) return
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: async () => ({
        [IDENTITY_HEADER]: await signForwardedIdentity(FEED_IDENTITY, options.internalSecret),
      }),
      on: { connected: () => options.onWrite(route.subgraph) },
    })
    clients.push(client)
    let heard = false
    let ended = false
    const again = (reason: string) => {
      if (stopped || ended) return
      ended = true
      options.onWrite(route.subgraph)
      void client.dispose()
      clients.splice(clients.indexOf(client), 1)
      const next = heard ? 0 : failures + 1
      if (next === 2)
        log.warn(
          `gateway: the change feed ${route.field} of ${route.subgraph} is not answering (${reason}); the response cache drops ${route.subgraph}'s answers on each reconnection, and they expire within its freshness objective`,
        )
      const timer = setTimeout(
        () => {
          timers.delete(timer)
          follow(route, next)
        },
        RECONNECT_MILLIS[Math.min(next, RECONNECT_MILLIS.length - 1)],
      )
      timers.add(timer)
    }
    client.subscribe(
      { query: `subscription { ${route.field} { ${route.keyField} } }` },
      {
        next: (result) => {
          heard = true
          if (result.errors?.length) return again(result.errors.map((error) => error.message).join('; '))
          options.onWrite(route.subgraph)
        },
        error: (error) => again(error instanceof Error ? error.message : 'connection closed'),
        complete: () => again('the feed completed'),
      },
    )
  }
  for (const route of options.supergraph().routes.values()) follow(route)
  return async () => {
    stopped = true
    for (const timer of timers) clearTimeout(timer)
    await Promise.all(clients.map((client) => client.dispose()))
  }
}
