// The gateway's permission-aware cache of subgraph answers. A read's answer is kept, per data product, under
// the permission key of the callers who may share it (as reads in flight are shared, data-source.ts) and the exact
// request sent, for as long as the product's answer says (its freshness objective), at most `maxAgeSeconds`.
// Each product has a generation: a write to it (a mutation sent to it by any gateway, an event of its change
// feed) moves the generation on, and an entry of an older generation is never served. The generation is read
// before the subgraph is asked, so an answer fetched across a write is stored as already out of date. In
// memory by default; in Redis, with REDIS_URL, every replica reads and moves the same generations.
import type { ApolloServerPlugin } from '@apollo/server'
import { createHash, randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { createLogger } from '../../lib/logger'
import { gatewayMetrics } from '../core/metrics'
import { DEFAULT_REDIS_COMMAND_TIMEOUT_MS } from '../core/rate-limits'

const log = createLogger('gateway')

export interface ResponseCacheOptions {
  /** `memory` (this replica's own, the default) or `redis` (shared by the replicas; needs `redisUrl`). */
  store?: 'memory' | 'redis'
  redisUrl?: string
  /** How long a Redis command may take before the cache is passed over for that read (default 250 ms). */
  redisCommandTimeoutMs?: number
  /** The longest any answer is kept, whatever its product allows (default 300 s). */
  maxAgeSeconds?: number
  /** The memory store's size: the least recently used answers go beyond it (default 64 MiB). */
  maxMegabytes?: number
}

export const DEFAULT_CACHE_MAX_AGE_SECONDS = 300
export const DEFAULT_CACHE_MAX_MEGABYTES = 64

/** An answer found in the cache: the subgraph's body as it came, when it was stored and until when it is fresh. */
export interface CachedAnswer {
  body: string
  storedAt: number
  expiresAt: number
}

/** A lookup's outcome: the answer, or the generation an answer fetched now is to be stored under (none: do not store). */
export type CacheLookup = { hit: CachedAnswer } | { hit?: undefined; generation: string | undefined }

export interface ResponseCache {
  lookup(product: string, key: string): Promise<CacheLookup>
  /** Keeps `body` for `maxAgeSeconds` (capped by the cache's own), unless `generation` is out of date by then. */
  store(product: string, key: string, generation: string, body: string, maxAgeSeconds: number): Promise<void>
  /** How long an answer its product lets be reused for `maxAgeSeconds` is kept: at most the cache's own max age. */
  keepMillis(maxAgeSeconds: number): number
  /** A write to `product` committed (or may have): none of its answers stored so far is served again. */
  invalidate(product: string, source: 'mutation' | 'change_feed'): Promise<void>
  close(): Promise<void>
}

export function createResponseCache(options: ResponseCacheOptions = {}): ResponseCache {
  const maxAgeMillis = (options.maxAgeSeconds ?? DEFAULT_CACHE_MAX_AGE_SECONDS) * 1000
  const store =
    options.store === 'redis'
      ? redisStore(
          required(options.redisUrl, 'a Redis URL (REDIS_URL) for the redis cache store'),
          options.redisCommandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
        )
      : memoryStore((options.maxMegabytes ?? DEFAULT_CACHE_MAX_MEGABYTES) * 2 ** 20)
  const keepMillis = (maxAgeSeconds: number) => Math.min(maxAgeSeconds * 1000, maxAgeMillis)
  return {
    async lookup(product, key) {
      const found = await store.lookup(product, digest(key))
      gatewayMetrics.cacheLookups.inc({
        subgraph: product,
        outcome: found.hit ? 'hit' : found.generation === undefined ? 'bypass' : 'miss',
      })
      return found
    },
    keepMillis,
    async store(product, key, generation, body, maxAgeSeconds) {
      const now = Date.now()
      const ttl = keepMillis(maxAgeSeconds)
      if (ttl <= 0) return
      await store.put(product, digest(key), { body, storedAt: now, expiresAt: now + ttl }, generation)
      gatewayMetrics.cacheStores.inc({ subgraph: product })
    },
    async invalidate(product, source) {
      gatewayMetrics.cacheInvalidations.inc({ subgraph: product, source })
      await store.invalidate(product)
    },
    close: () => store.close(),
  }
}

/**
 * What a response was made of, for its headers: whether every part may be reused, when the oldest part served
 * from the cache was stored, and when the first part goes out of date.
 */
interface ResponseParts {
  reusable: boolean
  oldestCachedAt?: number
  expiresAt?: number
}

const partsByRequest = new WeakMap<object, ResponseParts>()

/** Notes one subgraph answer of the request whose context this is (the gateway's context, shared by its fetches). */
export function noteAnswer(
  context: object,
  answer: { reusable: false } | { reusable: true; cachedAt?: number; expiresAt: number },
): void {
  let parts = partsByRequest.get(context)
  if (!parts) partsByRequest.set(context, (parts = { reusable: true }))
  if (!answer.reusable) {
    parts.reusable = false
    return
  }
  if (answer.cachedAt !== undefined)
    parts.oldestCachedAt = Math.min(parts.oldestCachedAt ?? answer.cachedAt, answer.cachedAt)
  parts.expiresAt = Math.min(parts.expiresAt ?? answer.expiresAt, answer.expiresAt)
}

/**
 * The response's Cache-Control and Age say what was served: `Age` (seconds) when any part came from the gateway's
 * cache, as old as its oldest part; `private, max-age=<seconds until the first part is out of date>` when every
 * part may be reused for this caller, otherwise `no-store` (a write, restricted data, an error other than a
 * denial). Never `public`: every answer is for callers with these permissions only.
 */
export function useResponseCacheHeaders(): ApolloServerPlugin<object> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const parts = partsByRequest.get(contextValue)
          if (!parts) return
          const now = Date.now()
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : []
          const reusable =
            parts.reusable &&
            parts.expiresAt !== undefined &&
            errors.every((error) => error.extensions?.code === 'FORBIDDEN')
          response.http.headers.set(
            'cache-control',
            reusable ? `private, max-age=${Math.max(0, Math.floor((parts.expiresAt! - now) / 1000))}` : 'no-store',
          )
          if (parts.oldestCachedAt !== undefined)
            response.http.headers.set('age', String(Math.max(0, Math.floor((now - parts.oldestCachedAt) / 1000))))
        },
      }
    },
  }
}

interface Store {
  lookup(product: string, key: string): Promise<CacheLookup>
  put(product: string, key: string, answer: CachedAnswer, generation: string): Promise<void>
  invalidate(product: string): Promise<void>
  close(): Promise<void>
}

/** Keys are digests: the request (its representations included) can be long, and Redis keys should not be. */
const digest = (key: string) => createHash('sha256').update(key).digest('base64url')

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`The response cache needs ${what}`)
  return value
}

/** This replica's memory: entries in least-recently-used order, within a byte budget. */
function memoryStore(maxBytes: number): Store {
  const generations = new Map<string, number>()
  const entries = new Map<string, CachedAnswer & { generation: string }>()
  let bytes = 0
  const remove = (key: string) => {
    const entry = entries.get(key)
    if (!entry) return
    entries.delete(key)
    bytes -= entry.body.length * 2
  }
  return {
    async lookup(product, key) {
      const generation = String(generations.get(product) ?? 0)
      const entryKey = `${product}:${key}`
      const entry = entries.get(entryKey)
      if (entry && entry.generation === generation && entry.expiresAt > Date.now()) {
        // Most recently used last: eviction takes from the front.
        entries.delete(entryKey)
        entries.set(entryKey, entry)
        return { hit: entry }
      }
      if (entry) remove(entryKey)
      return { generation }
    },
    async put(product, key, answer, generation) {
      if (String(generations.get(product) ?? 0) !== generation) return
      const entryKey = `${product}:${key}`
      remove(entryKey)
      const size = answer.body.length * 2
      if (size > maxBytes / 4) return
      entries.set(entryKey, { ...answer, generation })
      bytes += size
      for (const oldest of entries.keys()) {
        if (bytes <= maxBytes) break
        remove(oldest)
      }
    },
    async invalidate(product) {
      generations.set(product, (generations.get(product) ?? 0) + 1)
    },
    async close() {
      entries.clear()
    },
  }
}

/**
 * Redis shared by the replicas: one key per product's generation, one per answer (`<generation> <storedAt>
 * <expiresAt> <body>`, expiring with it). A lookup reads both in one round trip. A generation is a random id, never
 * a count: a generation key lost (evicted, Redis restarted) cannot come back as one that old answers carry; while
 * it is missing, nothing is served, and the first lookup sets a new one. When Redis does not answer, reads
 * go to the subgraphs (never to a replica's own memory, which would not hear the other replicas' writes), and a
 * generation this replica could not move is moved as soon as Redis answers again; until then its product is not
 * served from the cache here.
 */
function redisStore(url: string, commandTimeoutMs: number): Store {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(1000, commandTimeoutMs * 4),
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  })
  let warnedAt = 0
  let closed = false
  const warn = (error: unknown) => {
    if (closed || Date.now() - warnedAt < 30_000) return
    warnedAt = Date.now()
    log.warn(
      `gateway: the response cache's Redis does not answer (${error instanceof Error ? error.message : String(error)}); reads go to the data products until it does`,
    )
  }
  client.on('error', warn)
  /** Products whose generation could not be moved in Redis: not served from the cache until it is. */
  const unsent = new Set<string>()
  let retry: NodeJS.Timeout | undefined
  const sendInvalidations = async () => {
    retry = undefined
    for (const product of [...unsent]) {
      try {
        await client.set(generationKey(product), randomUUID())
        unsent.delete(product)
      } catch (error) {
        warn(error)
        if (!closed) retry ??= setTimeout(() => void sendInvalidations(), 1000)
        return
      }
    }
  }
  return {
    async lookup(product, key) {
      if (unsent.has(product)) return { generation: undefined }
      try {
        const [generation, entry] = await client.mget(generationKey(product), entryKey(product, key))
        if (generation === null) {
          await client.set(generationKey(product), randomUUID(), 'NX')
          return { generation: undefined }
        }
        const answer = entry ? parseEntry(entry) : undefined
        if (answer && answer.generation === generation && answer.expiresAt > Date.now()) return { hit: answer }
        return { generation }
      } catch (error) {
        warn(error)
        return { generation: undefined }
      }
    },
    async put(product, key, answer, generation) {
      try {
        await client.set(
          entryKey(product, key),
          `${generation} ${answer.storedAt} ${answer.expiresAt} ${answer.body}`,
          'PX',
          Math.max(1, answer.expiresAt - Date.now()),
        )
      } catch (error) {
        warn(error)
      }
    },
    async invalidate(product) {
      if (closed) return
      unsent.add(product)
      await sendInvalidations()
    },
    async close() {
      closed = true
      clearTimeout(retry)
      client.disconnect()
    },
  }
}

const generationKey = (product: string) => `mesh:cache:{${product}}:generation`
const entryKey = (product: string, key: string) => `mesh:cache:{${product}}:${key}`

function parseEntry(entry: string): (CachedAnswer & { generation: string }) | undefined {
  const match = /^(\S+) (\d+) (\d+) /.exec(entry)
  if (!match) return undefined
  return {
    generation: match[1]!,
    storedAt: Number(match[2]),
    expiresAt: Number(match[3]),
    body: entry.slice(match[0].length),
  }
}
