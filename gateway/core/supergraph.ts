// The supergraph the gateway serves and everything derived from it (API schema, replicas, subscription routes,
// the chat's schema index), built and checked as one so that a reload swaps all of it between two requests or
// none of it: an invalid supergraph is refused and the previous one keeps serving.
import { Supergraph, errorCauses } from '@apollo/federation-internals'
import type { ApolloGateway, SupergraphSdlHook } from '@apollo/gateway'
import { GraphQLError, parse, type GraphQLSchema } from 'graphql'
import { createHash } from 'node:crypto'
import { createSchemaIndex, type SchemaIndex } from '../../agent/schema-index'
import { createLogger } from '../../lib/logger'
import { subscriptionRoutes, type SubscriptionRoute } from '../streaming/subscriptions'
import { replicaUrls } from '../upstream/data-source'

/** One supergraph as served: its SDL and what the gateway's routes read of it at request time. */
export interface ServedSupergraph {
  sdl: string
  /** sha256 of the SDL, hex: the same id @apollo/gateway gives the composition. */
  hash: string
  loadedAt: Date
  supergraph: Supergraph
  apiSchema: GraphQLSchema
  /** Subgraph name → its replicas' GraphQL URLs (the configured ones, else the supergraph's). */
  replicas: Record<string, string[]>
  routes: Map<string, SubscriptionRoute>
  /** The chat agent's index of the schema; only when the chat is served. */
  schemaIndex?: SchemaIndex
}

export interface ServedSupergraphOptions {
  /** Subgraph name → URL (or replicas' URLs, comma-separated), overriding the supergraph's. */
  subgraphUrls?: Record<string, string>
  /** Build the chat's schema index too (or use this one, already built from the same SDL). */
  schemaIndex?: boolean | SchemaIndex
}

const log = createLogger('gateway')

export function supergraphHash(sdl: string): string {
  return createHash('sha256').update(sdl).digest('hex')
}

/** Parses and validates a supergraph and derives what the gateway serves from it; throws what is wrong. */
export function buildServedSupergraph(sdl: string, options: ServedSupergraphOptions = {}): ServedSupergraph {
  // Parsed once: the served schema and the chat's index are built from the same document.
  const document = parse(sdl)
  const supergraph = Supergraph.build(document, { validateSupergraph: true })
  const apiSchema = supergraph.apiSchema().toGraphQLJSSchema()
  const replicas = Object.fromEntries(
    supergraph.subgraphsMetadata().map(({ name, url }) => [name, replicaUrls(options.subgraphUrls?.[name] ?? url)]),
  )
  return {
    sdl,
    hash: supergraphHash(sdl),
    loadedAt: new Date(),
    supergraph,
    apiSchema,
    replicas,
    routes: subscriptionRoutes(supergraph, apiSchema),
    schemaIndex:
      options.schemaIndex === true ? createSchemaIndex({ document, apiSchema }) : options.schemaIndex || undefined,
  }
}

/** What one reload attempt did. `failed` keeps the previous supergraph serving. */
export type SupergraphReload =
  | { outcome: 'reloaded'; at: Date; hash: string; previousHash: string; elapsedMs: number }
  | { outcome: 'unchanged'; at: Date; hash: string }
  | { outcome: 'failed'; at: Date; hash: string; error: string }

export interface ReloadableSupergraphOptions extends ServedSupergraphOptions {
  initialSdl: string
  /** Reads the supergraph again (SUPERGRAPH_FILE); without it a reload must be given the SDL. */
  read?: () => Promise<string>
  /** Where the supergraph comes from, for log lines (default "the supergraph"). */
  source?: string
}

export interface ReloadableSupergraph {
  /** The supergraph being served now; read it per request, never keep it. */
  readonly current: ServedSupergraph
  /** The last reload attempt, if any. */
  readonly lastReload: SupergraphReload | undefined
  /** Give this to ApolloGateway as `supergraphSdl`: it hands over the gateway's `update`. */
  readonly gatewayHook: SupergraphSdlHook
  /** Follows the gateway's swaps (call once, before it loads). */
  follow(gateway: ApolloGateway): void
  /**
   * Validates and serves `sdl` (or what `read` gives): a no-op when unchanged; when invalid, the previous
   * supergraph keeps serving. Reloads run one at a time, in order. `reason` goes in the log line.
   */
  reload(sdl?: string, reason?: string): Promise<SupergraphReload>
  /** Called after each swap, with the new supergraph. */
  onSwap(listener: (served: ServedSupergraph) => void): void
}

export function createReloadableSupergraph(options: ReloadableSupergraphOptions): ReloadableSupergraph {
  const source = options.source ?? 'the supergraph'
  let current = buildServedSupergraph(options.initialSdl, options)
  let lastReload: SupergraphReload | undefined
  let update: ((sdl: string) => void) | undefined
  let pending: ServedSupergraph | undefined
  let queue: Promise<unknown> = Promise.resolve()
  const swapListeners: ((served: ServedSupergraph) => void)[] = []

  const attempt = async (given: string | undefined, reason: string): Promise<SupergraphReload> => {
    const started = performance.now()
    const fail = (error: string): SupergraphReload => {
      log.error(
        { supergraph: source, reason, hash: current.hash, error },
        `supergraph: ${source} (${reason}) was refused; still serving ${short(current.hash)}: ${error}`,
      )
      return { outcome: 'failed', at: new Date(), hash: current.hash, error }
    }
    let sdl: string
    try {
      if (given === undefined && !options.read) throw new Error('there is no supergraph file to read; give the SDL')
      sdl = given ?? (await options.read!())
    } catch (error) {
      return fail(`it cannot be read (${describeError(error)})`)
    }
    if (sdl.trim() === '') return fail('it is empty')
    const hash = supergraphHash(sdl)
    if (hash === current.hash) {
      if (reason !== 'file changed')
        log.info(
          { supergraph: source, reason, hash },
          `supergraph: ${source} (${reason}) is unchanged (${short(hash)})`,
        )
      return { outcome: 'unchanged', at: new Date(), hash }
    }
    let next: ServedSupergraph
    try {
      next = buildServedSupergraph(sdl, { ...options, schemaIndex: current.schemaIndex !== undefined })
    } catch (error) {
      return fail(describeError(error))
    }
    if (!update) return fail('the gateway has not loaded yet')
    const previousHash = current.hash
    pending = next
    try {
      // @apollo/gateway builds its query planner from the SDL and swaps it synchronously, then tells its
      // listeners (Apollo Server's schema, and ours below) in the same tick: no request sees half of it.
      update(sdl)
    } catch (error) {
      return fail(`the gateway refused it (${describeError(error)})`)
    } finally {
      pending = undefined
    }
    if (current !== next) return fail('the gateway did not take it')
    const elapsedMs = Math.round(performance.now() - started)
    log.info(
      { supergraph: source, reason, hash, previousHash, elapsedMs },
      `supergraph: ${source} (${reason}) reloaded in ${elapsedMs} ms: ${short(previousHash)} → ${short(hash)}`,
    )
    return { outcome: 'reloaded', at: new Date(), hash, previousHash, elapsedMs }
  }

  return {
    get current() {
      return current
    },
    get lastReload() {
      return lastReload
    },
    gatewayHook: async ({ update: gatewayUpdate }) => {
      update = gatewayUpdate
      return { supergraphSdl: current.sdl }
    },
    follow(gateway) {
      gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
        if (!pending || pending.sdl !== coreSupergraphSdl) return
        current = pending
        for (const listener of swapListeners) listener(current)
      })
    },
    reload(sdl, reason = 'asked') {
      const result = queue.then(() => attempt(sdl, reason))
      queue = result.then(
        (outcome) => (lastReload = outcome),
        () => undefined,
      )
      return result
    },
    onSwap(listener) {
      swapListeners.push(listener)
    },
  }
}

function short(hash: string): string {
  return hash.slice(0, 12)
}

/** One line: what is wrong (each cause of a validation failure) and where in the file. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const causes = errorCauses(error) ?? [error]
  return causes
    .map((cause) => {
      const where = cause instanceof GraphQLError ? cause.locations?.[0] : undefined
      return `${cause.message.replace(/\s*\n\s*/g, ' ')}${where ? ` (line ${where.line}, column ${where.column})` : ''}`
    })
    .join('; ')
}
