// Subscriptions over the gateway's WebSocket (graphql-transport-ws), with the signed-in person's token in
// connection_init, as the gateway expects. An operation of the app goes by its registered hash (trusted
// documents): `query: ""` (graphql-ws wants a string) and extensions.persistedQuery.
import { createClient, type Client } from 'graphql-ws'
import type { GraphQLErrorItem } from '../api'
import { persistedQuery, registeredHashOf, UNREGISTERED_MESSAGE } from '../trusted-documents'

export type ConnectionStatus = 'connecting' | 'live' | 'closed'

export interface SubscriptionHandlers<T> {
  onEvent(data: T | null, errors: GraphQLErrorItem[]): void
  onStatus(status: ConnectionStatus, detail?: string): void
}

export interface SubscriptionOptions<T> {
  /**
   * The stream position an event carries. When the connection drops and comes back, the subscription
   * resumes after the last position received (its `after` variable), so nothing booked meanwhile is missed.
   */
  positionOf?(data: T): string | null | undefined
  /** Where the gateway's WebSocket is (default: this page's origin) and, outside a browser, a WebSocket. */
  url?: string
  webSocketImpl?: unknown
  /** Only by registered hash (the app's own subscriptions); else a document the build did not register goes as text (the query console). */
  registeredOnly?: boolean
}

/** Starts a subscription; returns the function that ends it. */
export function subscribe<T>(
  token: string,
  query: string,
  variables: Record<string, unknown>,
  { onEvent, onStatus }: SubscriptionHandlers<T>,
  options: SubscriptionOptions<T> = {},
): () => void {
  // A client being disposed still reports its closing; once ended, nothing of it reaches the page.
  let active = true
  const handlers: SubscriptionHandlers<T> = {
    onEvent: (data, errors) => active && onEvent(data, errors),
    onStatus: (status, detail) => active && onStatus(status, detail),
  }
  const url = options.url ?? `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`
  const client: Client = createClient({
    url,
    ...(options.webSocketImpl !== undefined && { webSocketImpl: options.webSocketImpl }),
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    retryAttempts: 5,
    shouldRetry: (event) => !isRefusal(event),
    on: {
      connecting: () => handlers.onStatus('connecting'),
      connected: () => handlers.onStatus('live'),
      closed: (event) => handlers.onStatus('closed', closeReason(event)),
    },
  })
  // graphql-ws sends this same payload again each time it reconnects, so moving `after` along resumes there.
  const payload: { query: string; variables: Record<string, unknown>; extensions?: Record<string, unknown> } = {
    query,
    variables,
  }
  let dispose: (() => void) | undefined
  const start = (hash: string | undefined) => {
    if (!active) return
    if (hash) Object.assign(payload, { query: '', extensions: persistedQuery(hash) })
    else if (options.registeredOnly) return handlers.onStatus('closed', UNREGISTERED_MESSAGE)
    dispose = client.subscribe<T>(payload, {
      next: (result) => {
        const position = result.data && options.positionOf?.(result.data as T)
        if (position) payload.variables = { ...payload.variables, after: position }
        handlers.onEvent((result.data ?? null) as T | null, (result.errors ?? []) as GraphQLErrorItem[])
      },
      error: (error) => handlers.onStatus('closed', describe(error)),
      complete: () => handlers.onStatus('closed', 'The subscription ended.'),
    })
  }
  registeredHashOf(query).then(start, () => start(undefined))
  return () => {
    active = false
    dispose?.()
    void client.dispose()
  }
}

function isRefusal(event: unknown): boolean {
  const code = (event as { code?: number } | null)?.code
  return code === 4401 || code === 4403 || code === 4400
}

function closeReason(event: unknown): string | undefined {
  const { code, reason } = (event ?? {}) as { code?: number; reason?: string }
  if (code === 4401) return 'The gateway refused the token; sign in again.'
  if (code === 1000) return undefined
  return reason || (code ? `Connection closed (${code}).` : undefined)
}

function describe(error: unknown): string {
  if (Array.isArray(error)) return (error as GraphQLErrorItem[]).map((e) => e.message).join('; ')
  if (error instanceof Error) return error.message
  return closeReason(error) ?? 'The connection was lost.'
}
