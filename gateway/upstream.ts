// How the gateway talks to a subgraph: a data source that turns an unreachable or failing subgraph
// into a clear UPSTREAM_UNAVAILABLE error for its part of the query, while the rest still answers.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import type { FetcherResponse } from '@apollo/utils.fetcher'
import { GraphQLError } from 'graphql'
import { permissionKey } from './permission-key'
import { ErrorCode } from '../lib/errors'
import { IDENTITY_HEADER, INTERNAL_TTL_SECONDS, signForwardedIdentity, type Identity } from '../rules/identity'

/** A subgraph's replicas: its URL setting may list several, separated by commas. */
export function replicaUrls(setting: string): string[] {
  return setting.split(',').map((url) => url.trim()).filter(Boolean)
}

/**
 * One signature per caller's request, however many subgraph fetches its plan makes. A long-lived identity (an
 * export paging for minutes, a subscription) is signed again well before its signature expires.
 */
const signedIdentities = new WeakMap<Identity, { signed: Promise<string>; renewAt: number }>()
const RENEW_AFTER_MS = (INTERNAL_TTL_SECONDS * 1000) / 2

export function signedIdentity(identity: Identity, internalSecret: string): Promise<string> {
  const cached = signedIdentities.get(identity)
  if (cached && Date.now() < cached.renewAt) return cached.signed
  const signed = signForwardedIdentity(identity, internalSecret)
  signedIdentities.set(identity, { signed, renewAt: Date.now() + RENEW_AFTER_MS })
  return signed
}

/** A read the planner sends (mutations start with `mutation`, and are never shared). */
const isQuery = (query: string | undefined) => query !== undefined && /^\s*(query\b|\{)/.test(query)

/** Errors that mean the request never reached the replica, so another one may safely take it. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
/** Errors that mean the replica went away mid-request: safe to repeat elsewhere for a read, never for a write. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE'])
/** How long a replica that refused a connection is passed over (then tried again, in case it came back). */
const EJECTION_MS = 5000

const errorCode = (error: unknown) => String((error as { code?: unknown }).code ?? (error as { errno?: unknown }).errno)
const isReadBody = (body: unknown) => {
  try {
    return typeof body === 'string' && isQuery((JSON.parse(body) as { query?: string }).query)
  } catch {
    return false
  }
}

/**
 * Who may share an identical subgraph read in flight: callers with the same permissions (roles, customer,
 * channel), or only the same caller. Either way every caller is authenticated, rate-limited and audited on
 * its own; sharing by permissions only means a subgraph sees one request, under one of the callers' identity.
 */
export type ReadSharing = 'permissions' | 'caller'

export class SubgraphDataSource extends RemoteGraphQLDataSource<{ identity?: Identity }> {
  private readonly replicas: string[]
  private turn = 0
  /** Replicas that refused a connection, and until when they are passed over. */
  private readonly ejected = new Map<string, number>()
  /** Identical reads in flight (for callers who may share them): one subgraph request answers them all. */
  private readonly inflight = new Map<string, ReturnType<RemoteGraphQLDataSource['process']>>()

  /**
   * `urls`: one URL, or the replicas' URLs separated by commas. Requests take turns among the replicas; one
   * that refuses a connection is passed over for a few seconds and the request moves on to the next; a read
   * whose connection drops is repeated on another replica (or, with one, once more on it). A write is never
   * repeated: it fails with UPSTREAM_UNAVAILABLE, since it may have been committed.
   */
  constructor(readonly name: string, urls: string, private readonly internalSecret: string, private readonly shareReads: ReadSharing = 'permissions') {
    const replicas = replicaUrls(urls)
    super({ url: replicas[0] })
    this.replicas = replicas
    const fetcher = this.fetcher
    this.fetcher = async (url, init) => {
      let failure: unknown
      // With one replica, a read cut off (a kept-alive connection the subgraph had just closed) is tried once more.
      const attempts = this.replicas.length > 1 ? this.candidates(url) : [url, url]
      for (const candidate of attempts) {
        try {
          return await fetcher(candidate, init)
        } catch (error) {
          const code = errorCode(error)
          if (NOT_REACHED.has(code)) this.ejected.set(candidate, Date.now() + EJECTION_MS)
          else if (!(DROPPED.has(code) && isReadBody(init?.body))) throw error
          failure = error
        }
      }
      throw failure
    }
  }

  /** The chosen replica first, then the others; those passed over go last rather than not at all. */
  private candidates(chosen: string): string[] {
    const now = Date.now()
    const order = [chosen, ...this.replicas.filter((replica) => replica !== chosen)]
    const live = order.filter((replica) => this.isLive(replica, now))
    return [...live, ...order.filter((replica) => !live.includes(replica))]
  }

  /** Not passed over (any more) for having refused a connection. */
  private isLive(replica: string, now: number): boolean {
    return (this.ejected.get(replica) ?? 0) <= now
  }

  /** The next replica in turn that is not passed over (any, when all are). */
  private nextReplica(): string {
    const now = Date.now()
    for (let tried = 0; tried < this.replicas.length; tried++) {
      const replica = this.replicas[this.turn++ % this.replicas.length]!
      if (this.isLive(replica, now)) return replica
    }
    return this.replicas[this.turn++ % this.replicas.length]!
  }

  /** Forwards the caller's verified identity, signed, so the subgraph can trust it and nothing else. */
  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<{ identity?: Identity }>): Promise<void> {
    if (!request.http) return
    if (this.replicas.length > 1) request.http = { ...request.http, url: this.nextReplica() }
    if (!context.identity) return
    request.http.headers.set(IDENTITY_HEADER, await signedIdentity(context.identity, this.internalSecret))
  }

  /**
   * Shares one subgraph request among identical reads in flight (as Hive Gateway and the Apollo Router do),
   * giving each its own copy of the answer, since the gateway merges into what it gets. Who may share is
   * `shareReads`: callers whose permissions are alike (a subgraph's answer to a read depends on nothing
   * else), or only a caller with itself.
   */
  override async process(options: GraphQLDataSourceProcessOptions<{ identity?: Identity }>) {
    const { request, context } = options
    if (!context.identity || !isQuery(request.query)) return super.process(options)
    const sharedBy = this.shareReads === 'caller' ? [context.identity.subject, permissionKey(context.identity)] : permissionKey(context.identity)
    const key = JSON.stringify([request.query, request.variables ?? null, sharedBy])
    let shared = this.inflight.get(key)
    if (!shared) {
      shared = super.process(options).finally(() => this.inflight.delete(key))
      this.inflight.set(key, shared)
    }
    const response = await shared
    return { ...response, data: response.data && structuredClone(response.data), errors: response.errors && structuredClone(response.errors) }
  }

  override didEncounterError(error: Error, _fetchRequest: unknown, response?: FetcherResponse, _context?: unknown, request?: { query?: string }): void {
    if (error instanceof GraphQLError && error.extensions?.code && response?.ok !== false) throw error
    // As stock @apollo/gateway: a subgraph refusing the caller is a denial (audited as such), not bad input.
    const refusal = response && REFUSALS[response.status]
    if (refusal) {
      const reason = subgraphErrors(error)[0]?.message ?? `HTTP ${response.status}`
      throw new GraphQLError(`The ${this.name} data product refused this request: ${reason}`, { extensions: { code: refusal, serviceName: this.name } })
    }
    const rejected = response && response.status < 500 ? subgraphErrors(error) : []
    if (rejected[0]) {
      // The gateway already validated the operation against the supergraph, so a subgraph refusing it can
      // only be about argument values (a scalar such as Decimal or DateTime that did not parse): bad input.
      const code = rejected[0].extensions?.code === 'GRAPHQL_VALIDATION_FAILED' ? ErrorCode.BAD_USER_INPUT : (rejected[0].extensions?.code ?? ErrorCode.BAD_USER_INPUT)
      throw new GraphQLError(rejected[0].message, { extensions: { code, serviceName: this.name } })
    }
    if (!response && request && !isQuery(request.query) && DROPPED.has(errorCode(error))) {
      throw new GraphQLError(`The ${this.name} data product went away during this write, which may or may not have been applied: look it up before repeating it.`, {
        extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, serviceName: this.name, writeOutcome: 'UNKNOWN' },
        originalError: error,
      })
    }
    const status = response ? ` (HTTP ${response.status})` : ''
    throw new GraphQLError(`The ${this.name} data product is unavailable right now${status}; the fields it serves are null. Other data products answered normally.`, {
      extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, serviceName: this.name },
      originalError: error,
    })
  }
}

const REFUSALS: Record<number, ErrorCode> = { 401: ErrorCode.UNAUTHENTICATED, 403: ErrorCode.FORBIDDEN }

interface SubgraphError {
  message: string
  extensions?: { code?: string }
}

/** The GraphQL errors in a subgraph's non-2xx answer, as RemoteGraphQLDataSource keeps them. */
function subgraphErrors(error: Error): SubgraphError[] {
  const body = (error as GraphQLError).extensions?.response as { body?: { errors?: SubgraphError[] } } | undefined
  const errors = body?.body?.errors
  return Array.isArray(errors) ? errors.filter((e) => typeof e?.message === 'string') : []
}
