// How the gateway talks to a subgraph: a data source that turns an unreachable, failing or stalled subgraph
// into a clear UPSTREAM_UNAVAILABLE error for its part of the query, while the rest still answers. Requests go
// through an undici pool per replica: every client request makes several, and fetch's streams cost more than the rest.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import type { FetcherHeaders, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher'
import { GraphQLError } from 'graphql'
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http'
import { performance } from 'node:perf_hooks'
import { Pool, type Dispatcher } from 'undici'
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerSettings, type CircuitSnapshot } from './circuit-breaker'
import { permissionKey } from './permission-key'
import { gatewayMetrics, watchCircuits } from '../core/metrics'
import { noteAnswer, type ResponseCache } from './response-cache'
import { ErrorCode } from '../../lib/errors'
import { failSpan, injectTraceHeaders, isTracing, SpanKind, startSpan, trace } from '../../lib/tracing'
import { operationTraceContext } from '../plugins/request-observation'
import { IDENTITY_HEADER, INTERNAL_TTL_SECONDS, signForwardedIdentity, type Identity } from '../../rules/identity'

/** A subgraph's replicas: its URL setting may list several, separated by commas. */
export function replicaUrls(setting: string): string[] {
  return setting
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean)
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

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 10_000

/** The network's error code, wherever it is: its own, its `cause`'s, or (both address families refused) its first inner error's. */
const errorCode = (error: unknown): string => {
  const cause = (error as { cause?: unknown }).cause
  const own = (error as { code?: unknown }).code
  if (typeof own === 'string' && own !== 'UND_ERR') return own
  if (cause && cause !== error) return errorCode(cause)
  const inner = (error as { errors?: unknown[] }).errors?.[0]
  return inner ? errorCode(inner) : String(own ?? (error as { errno?: unknown }).errno)
}

/**
 * Whether a subgraph request's body is a read (as isQuery would say of its query). RemoteGraphQLDataSource writes
 * the query first (`{"query":"…`), so the opening keyword is read there, past white space and its JSON escapes,
 * without parsing the body (which carries every entity representation); anything unusual is parsed.
 */
const isReadBody = (body: unknown) => {
  if (typeof body !== 'string') return false
  if (body.startsWith(QUERY_FIRST)) {
    let at = QUERY_FIRST.length
    for (;;) {
      if (body[at] === ' ') at += 1
      else if (body[at] === '\\' && 'ntrf'.includes(body[at + 1] ?? '-')) at += 2
      else break
    }
    if (body[at] === '{') return true
    if (body.startsWith('query', at)) return !/\w/.test(body[at + 5] ?? '')
    // Another keyword (mutation, subscription) or a comment: not a read. Other escapes and non-ASCII white space are parsed.
    if (body.charCodeAt(at) < 128 && body[at] !== '\\') return false
  }
  try {
    return isQuery((JSON.parse(body) as { query?: string }).query)
  } catch {
    return false
  }
}
const QUERY_FIRST = '{"query":"'
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`

/** The subgraph did not answer within its timeout: the request was cut, the connection closed. */
class UpstreamTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${seconds(timeoutMs)}`)
  }
}

/** Every replica's circuit is open: nothing was sent. */
class CircuitOpen extends Error {
  constructor(
    readonly retryInMs: number,
    readonly lastFailure: string | undefined,
  ) {
    super('circuit open')
  }
}

/**
 * Who may share an identical subgraph read in flight: callers with the same permissions (roles, customer,
 * channel), or only the same caller. Either way every caller is authenticated, rate-limited and audited on
 * its own; sharing by permissions only means a subgraph sees one request, under one of the callers' identity.
 */
export type ReadSharing = 'permissions' | 'caller'

export interface UpstreamOptions {
  /** Who may share an identical read in flight (default: callers with the same permissions). */
  shareReads?: ReadSharing
  /** How long one request to this subgraph may take, answer included (default 10 s). */
  timeoutMs?: number
  /** When a replica's circuit opens, and for how long. */
  breaker?: BreakerSettings
  /**
   * Where answers to reads are kept for callers who may share them (the same key as `shareReads`), for as long
   * as each answer's Cache-Control allows; told of every write sent to this subgraph. Default: none.
   */
  cache?: ResponseCache
}

export interface ReplicaHealth extends CircuitSnapshot {
  url: string
}

export class SubgraphDataSource extends RemoteGraphQLDataSource<{ identity?: Identity }> {
  private readonly replicas: string[]
  private turn = 0
  private readonly breakers: Map<string, CircuitBreaker>
  private readonly shareReads: ReadSharing
  private readonly cache: ResponseCache | undefined
  readonly timeoutMs: number
  /** Identical reads in flight (for callers who may share them): one subgraph request answers them all. */
  private readonly inflight = new Map<string, SharedRead>()
  /** Per replica URL: an undici pool of keep-alive connections, lighter per request than Node's fetch. */
  private readonly pools = new Map<string, { pool: Pool; path: string }>()

  /**
   * `urls`: one URL, or the replicas' URLs separated by commas. Requests take turns among the replicas whose
   * circuit is closed. Each request has one deadline (`timeoutMs`), answer included; a replica that times out,
   * fails or refuses repeatedly has its circuit opened and is passed over (fail fast) until a probe finds it
   * answering again. A request moves on to the next replica when its connection is refused, and a read whose
   * connection drops is repeated on another replica (or, with one, once more on it). A write is never repeated:
   * it fails with UPSTREAM_UNAVAILABLE and says whether it may have been applied.
   */
  constructor(
    readonly name: string,
    urls: string,
    private readonly internalSecret: string,
    options: UpstreamOptions = {},
  ) {
    const replicas = replicaUrls(urls)
    super({ url: replicas[0] })
    this.replicas = replicas
    this.shareReads = options.shareReads ?? 'permissions'
    this.cache = options.cache
    // A subgraph's Cache-Control is for the response cache (response-cache.ts sets the response's own headers).
    this.honorSubgraphCacheControlHeader = false
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS
    this.breakers = new Map(
      replicas.map((replica) => [replica, new CircuitBreaker(options.breaker ?? DEFAULT_BREAKER)]),
    )
    this.fetcher = (url, init) => this.fetchWithDeadline(url, init)
    watchCircuits(this)
  }

  /** Each replica's circuit, for /health. */
  health(now = Date.now()): ReplicaHealth[] {
    return this.replicas.map((url) => ({ url, ...this.breakers.get(url)!.snapshot(now) }))
  }

  /** Replicas whose circuit is open now, for /metrics. */
  openCircuits(now = Date.now()): number {
    let open = 0
    for (const breaker of this.breakers.values()) if (breaker.state(now) === 'open') open += 1
    return open
  }

  private async fetchWithDeadline(url: string, init: FetcherRequestInit = {}): Promise<FetcherResponse> {
    const read = isReadBody(init.body)
    const deadline = new AbortController()
    const timer = setTimeout(() => deadline.abort(new UpstreamTimeout(this.timeoutMs)), this.timeoutMs)
    try {
      let failure: unknown
      let attempted = false
      // With one replica, a read cut off (a kept-alive connection the subgraph had just closed) is tried once more.
      const order = this.replicas.length > 1 ? [url, ...this.replicas.filter((replica) => replica !== url)] : [url, url]
      for (const lastResort of [false, true]) {
        if (lastResort && attempted) break
        for (const candidate of lastResort ? new Set(order) : order) {
          const breaker = this.breakers.get(candidate)!
          if (!breaker.tryAcquire(Date.now(), lastResort)) continue
          attempted = true
          let response: SubgraphResponse
          try {
            const { pool, path } = this.connectionsTo(candidate)
            const answer = await pool.request({
              path,
              method: (init.method ?? 'POST') as Dispatcher.HttpMethod,
              headers: init.headers,
              body: init.body,
              signal: deadline.signal,
            })
            response = new SubgraphResponse(candidate, answer.statusCode, answer.headers, await answer.body.text())
          } catch (error) {
            if (deadline.signal.aborted) {
              breaker.failed(`no answer within ${seconds(this.timeoutMs)}`)
              throw deadline.signal.reason
            }
            const code = errorCode(error)
            const reached = !NOT_REACHED.has(code)
            breaker.failed(
              reached ? `connection lost (${code})` : `connection refused (${code})`,
              Date.now(),
              reached ? 'failed' : 'refused',
            )
            if (reached && !(DROPPED.has(code) && read)) throw error
            failure = error
            continue
          }
          if (response.status >= 500) breaker.failed(`HTTP ${response.status}`)
          else breaker.succeeded()
          return response
        }
      }
      if (failure) throw failure
      throw this.circuitOpen()
    } finally {
      clearTimeout(timer)
    }
  }

  /** The replica's keep-alive connections (created on first use) and the path its requests go to. */
  private connectionsTo(replica: string): { pool: Pool; path: string } {
    let connections = this.pools.get(replica)
    if (!connections) {
      const url = new URL(replica)
      // As many connections as requests in flight, as Node's fetch (and stock's agent) would open.
      connections = { pool: new Pool(url.origin), path: `${url.pathname}${url.search}` }
      this.pools.set(replica, connections)
    }
    return connections
  }

  private circuitOpen(): CircuitOpen {
    const now = Date.now()
    const snapshots = [...this.breakers.values()].map((breaker) => breaker.snapshot(now))
    const retryAt = Math.min(...snapshots.map((s) => (s.retryAt ? Date.parse(s.retryAt) : now)))
    return new CircuitOpen(Math.max(0, retryAt - now), snapshots.find((s) => s.lastFailure)?.lastFailure)
  }

  /** The next replica in turn whose circuit is not open (any, when all are). */
  private nextReplica(): string {
    const now = Date.now()
    for (let tried = 0; tried < this.replicas.length; tried++) {
      const replica = this.replicas[this.turn++ % this.replicas.length]!
      if (this.breakers.get(replica)!.state(now) !== 'open') return replica
    }
    return this.replicas[this.turn++ % this.replicas.length]!
  }

  /**
   * One request to the subgraph, as RemoteGraphQLDataSource's process sends a plain (non-APQ) one, less the
   * node-fetch Headers and Request it builds for hooks this gateway does not use: the caller's verified identity
   * forwarded, signed, so the subgraph can trust it and nothing else; the next replica in turn; the answer parsed
   * once. A failure goes through didEncounterError.
   */
  private async send(
    options: GraphQLDataSourceProcessOptions<{ identity?: Identity }>,
    body = requestBody(options.request),
  ): Promise<SubgraphAnswer> {
    const { request, context } = options
    const { query, http } = request
    if (!query) throw new Error('Missing query')
    const headers: Record<string, string> = {}
    // The gateway's own headers for this fetch (a trace request, when tracing), then ours.
    for (const [name, value] of http?.headers ?? [])
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`
    headers['content-type'] = 'application/json'
    if (context.identity) headers[IDENTITY_HEADER] = await signedIdentity(context.identity, this.internalSecret)
    const url = this.replicas.length > 1 ? this.nextReplica() : this.url
    // A client span of the caller's trace (the first caller's, for a read shared in flight); the subgraph continues it.
    const span = isTracing() ? this.startFetchSpan(request.operationName, context) : undefined
    if (span) injectTraceHeaders(headers, trace.setSpan(operationTraceContext(context), span))
    let response: FetcherResponse | undefined
    let answer: SubgraphAnswer
    const startedAt = performance.now()
    try {
      response = await this.fetcher(url, { method: 'POST', headers, body })
      if (!response.ok) throw await this.errorFromResponse(response)
      const parsed = await this.parseBody(response)
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error(`Expected JSON response body, but received: ${String(parsed)}`)
      answer = { ...parsed, http: response }
    } catch (error) {
      const outcome = this.measureFetch(startedAt, error)
      if (span) endFetchSpan(span, response?.url ?? url, outcome, response?.status, error)
      this.didEncounterError(error as Error, undefined, response, context, request)
      throw error
    }
    if (span) endFetchSpan(span, response.url || url, this.measureFetch(startedAt), response.status)
    else this.measureFetch(startedAt)
    return answer
  }

  /**
   * Shares one subgraph request among identical reads in flight (as Hive Gateway and the Apollo Router do),
   * giving each its own copy of the answer, since the gateway merges into what it gets. Who may share is
   * `shareReads`: callers whose permissions are alike (a subgraph's answer to a read depends on nothing
   * else), or only a caller with itself. With a cache, the same callers share answers kept from earlier reads,
   * and a write sent here drops this product's answers before it is sent and again once it is answered (a read
   * that overlapped it may have fetched either value).
   */
  override async process(options: GraphQLDataSourceProcessOptions<{ identity?: Identity }>) {
    const { request, context } = options
    if (!isQuery(request.query)) return this.cache ? this.write(options, this.cache) : this.send(options)
    if (!context.identity) return this.send(options)
    const sharedBy =
      this.shareReads === 'caller'
        ? [context.identity.subject, permissionKey(context.identity)]
        : permissionKey(context.identity)
    // The body to be sent (query, variables, operation name), serialized once for both the key and the request.
    const body = requestBody(request)
    const key = `${JSON.stringify(sharedBy)}\n${body}`
    if (!this.cache) return this.sharedRead(options, key, body)
    const found = await this.cache.lookup(this.name, key)
    if (found.hit) {
      noteAnswer(context, { reusable: true, cachedAt: found.hit.storedAt, expiresAt: found.hit.expiresAt })
      return {
        ...(JSON.parse(found.hit.body) as object),
        http: new SubgraphResponse(this.url ?? this.name, 200, {}, found.hit.body),
      }
    }
    // A read started before a write is not joined by one started after it: each generation has its own.
    const answer = await this.sharedRead(options, `${key}\n${found.generation ?? 'uncached'}`, body, (sent) =>
      this.keep(key, found.generation, sent),
    )
    const maxAgeSeconds = reusableFor(answer)
    noteAnswer(
      context,
      maxAgeSeconds > 0
        ? { reusable: true, expiresAt: Date.now() + this.cache.keepMillis(maxAgeSeconds) }
        : { reusable: false },
    )
    return answer
  }

  private async sharedRead(
    options: GraphQLDataSourceProcessOptions<{ identity?: Identity }>,
    key: string,
    body: string,
    onAnswer?: (answer: SubgraphAnswer) => void,
  ): Promise<SubgraphAnswer> {
    let shared = this.inflight.get(key)
    if (!shared) {
      const sent = this.send(options, body)
      if (onAnswer) void sent.then(onAnswer, () => undefined)
      shared = { response: sent.finally(() => this.inflight.delete(key)), waiters: 0 }
      this.inflight.set(key, shared)
    } else {
      gatewayMetrics.sharedReads.inc({ subgraph: this.name })
    }
    shared.waiters += 1
    const response = await shared.response
    // The read left the map before it settled, so no waiter joins now; and every waiter resumes (in turn, in
    // these same microtasks) before any returns to the gateway and merges into its answer. So all but the last
    // take a copy before the original is touched, and the last (alone, the usual case) takes the original.
    if (--shared.waiters === 0) return response
    return {
      ...response,
      data: response.data && structuredClone(response.data),
      errors: response.errors && structuredClone(response.errors),
    }
  }

  /** Stores an answer the subgraph said may be reused (its body as it came, before the gateway merges into it). */
  private keep(key: string, generation: string | undefined, answer: SubgraphAnswer): void {
    const maxAgeSeconds = reusableFor(answer)
    if (generation === undefined || maxAgeSeconds <= 0 || !(answer.http instanceof SubgraphResponse)) return
    void this.cache!.store(this.name, key, generation, answer.http.body, maxAgeSeconds)
  }

  /** A write: never cached, and this product's cached answers are dropped on both sides of it. */
  private async write(
    options: GraphQLDataSourceProcessOptions<{ identity?: Identity }>,
    cache: ResponseCache,
  ): Promise<SubgraphAnswer> {
    noteAnswer(options.context, { reusable: false })
    await cache.invalidate(this.name, 'mutation')
    try {
      return await this.send(options)
    } finally {
      await cache.invalidate(this.name, 'mutation')
    }
  }

  /** One fetch's time and outcome for /metrics: ok (any answer in 2xx), timeout, circuit_open or error. */
  private measureFetch(startedAt: number, error?: unknown): string {
    const outcome =
      error === undefined
        ? 'ok'
        : error instanceof UpstreamTimeout
          ? 'timeout'
          : error instanceof CircuitOpen
            ? 'circuit_open'
            : 'error'
    gatewayMetrics.subgraphFetchDuration.observe(
      { subgraph: this.name, outcome },
      (performance.now() - startedAt) / 1000,
    )
    if (outcome === 'timeout') gatewayMetrics.subgraphTimeouts.inc({ subgraph: this.name })
    return outcome
  }

  /** The span of one fetch: the product and the planner's name for it ("CustomerOverview__loans__1"). */
  private startFetchSpan(operationName: string | undefined, context: { identity?: Identity }) {
    return startSpan(
      'gateway',
      `fetch ${this.name}`,
      SpanKind.CLIENT,
      { 'mesh.product': this.name, ...(operationName && { 'graphql.operation.name': operationName }) },
      operationTraceContext(context),
    )
  }

  override didEncounterError(
    error: Error,
    _fetchRequest: unknown,
    response?: FetcherResponse,
    _context?: unknown,
    request?: { query?: string },
  ): void {
    if (error instanceof GraphQLError && error.extensions?.code && response?.ok !== false) throw error
    // As stock @apollo/gateway: a subgraph refusing the caller is a denial (audited as such), not bad input.
    const refusal = response && REFUSALS[response.status]
    if (refusal) {
      const reason = subgraphErrors(error)[0]?.message ?? `HTTP ${response.status}`
      throw new GraphQLError(`The ${this.name} data product refused this request: ${reason}`, {
        extensions: { code: refusal, serviceName: this.name },
      })
    }
    const rejected = response && response.status < 500 ? subgraphErrors(error) : []
    if (rejected[0]) {
      // The gateway already validated the operation against the supergraph, so a subgraph refusing it can
      // only be about argument values (a scalar such as Decimal or DateTime that did not parse): bad input.
      const code =
        rejected[0].extensions?.code === 'GRAPHQL_VALIDATION_FAILED'
          ? ErrorCode.BAD_USER_INPUT
          : (rejected[0].extensions?.code ?? ErrorCode.BAD_USER_INPUT)
      throw new GraphQLError(rejected[0].message, { extensions: { code, serviceName: this.name } })
    }
    const write = request !== undefined && !isQuery(request.query)
    const unavailable = (why: string, writeNote: string) =>
      `The ${this.name} data product is unavailable right now (${why})${write ? `: ${writeNote}` : '; the fields it serves are null. Other data products answered normally.'}`
    if (error instanceof UpstreamTimeout) {
      throw new GraphQLError(
        unavailable(
          `no answer within ${seconds(error.timeoutMs)}`,
          'this write may or may not have been applied; look it up before repeating it.',
        ),
        {
          extensions: {
            code: ErrorCode.UPSTREAM_UNAVAILABLE,
            serviceName: this.name,
            reason: 'TIMEOUT',
            ...(write ? { writeOutcome: 'UNKNOWN' } : {}),
          },
        },
      )
    }
    if (error instanceof CircuitOpen) {
      const why = `it failed repeatedly${error.lastFailure ? `, last with ${error.lastFailure}` : ''}; the gateway tries it again in ${seconds(error.retryInMs)}`
      throw new GraphQLError(unavailable(why, 'this write was not sent.'), {
        extensions: {
          code: ErrorCode.UPSTREAM_UNAVAILABLE,
          serviceName: this.name,
          reason: 'CIRCUIT_OPEN',
          ...(write ? { writeOutcome: 'NOT_APPLIED' } : {}),
        },
      })
    }
    if (!response && write && NOT_REACHED.has(errorCode(error))) {
      throw new GraphQLError(unavailable('it cannot be reached', 'this write was not sent.'), {
        extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, serviceName: this.name, writeOutcome: 'NOT_APPLIED' },
        originalError: error,
      })
    }
    if (!response && write && DROPPED.has(errorCode(error))) {
      throw new GraphQLError(
        `The ${this.name} data product went away during this write, which may or may not have been applied: look it up before repeating it.`,
        {
          extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, serviceName: this.name, writeOutcome: 'UNKNOWN' },
          originalError: error,
        },
      )
    }
    const status = response ? ` (HTTP ${response.status})` : ''
    throw new GraphQLError(
      `The ${this.name} data product is unavailable right now${status}; the fields it serves are null. Other data products answered normally.`,
      {
        extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, serviceName: this.name },
        originalError: error,
      },
    )
  }
}

/** Ends a fetch's span with the replica that answered (or was last tried), the outcome and the HTTP status. */
function endFetchSpan(
  span: ReturnType<typeof startSpan>,
  replica: string,
  outcome: string,
  status: number | undefined,
  error?: unknown,
): void {
  span.setAttributes({
    'url.full': replica,
    'mesh.outcome': outcome,
    ...(status !== undefined && { 'http.response.status_code': status }),
  })
  if (error !== undefined) failSpan(span, error)
  span.end()
}

/** The body of a subgraph request, as RemoteGraphQLDataSource writes it: the query first (isReadBody reads it there). */
function requestBody(request: GraphQLDataSourceProcessOptions['request']): string {
  const { query, http: _http, ...rest } = request
  return JSON.stringify({ query, ...rest })
}

type SubgraphAnswer = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>

/** One subgraph request in flight and how many callers await it. */
interface SharedRead {
  response: Promise<SubgraphAnswer>
  waiters: number
}

/**
 * What a subgraph's Cache-Control says of its answer, read as RemoteGraphQLDataSource reads it: no max-age (as
 * with `no-store`) means not cacheable; `private` and `public` set the scope.
 */
function cacheHint(header: string | null): { maxAge: number; scope?: 'PRIVATE' | 'PUBLIC' } {
  const directives = new Map<string, string | true>()
  if (header) {
    for (const part of header.trim().split(/\s*,\s*/)) {
      const [name, value] = part.split(/\s*=\s*/, 2)
      directives.set(name!, value === undefined ? true : value.replace(/^"|"$/g, ''))
    }
  }
  const maxAge = directives.get('max-age')
  return {
    maxAge: typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge) && !directives.has('no-store') ? Number(maxAge) : 0,
    ...(directives.get('private') === true && { scope: 'PRIVATE' as const }),
    ...(directives.get('public') === true && { scope: 'PUBLIC' as const }),
  }
}

/**
 * How long the subgraph lets its answer be reused, in seconds: its Cache-Control's max-age, when the answer holds
 * no error but denials (the gateway records those from each response it sends, cached or not); else 0.
 */
function reusableFor(answer: SubgraphAnswer): number {
  if (answer.errors?.some((error) => error.extensions?.code !== ErrorCode.FORBIDDEN)) return 0
  return cacheHint(answer.http?.headers.get('cache-control') ?? null).maxAge
}

/** A subgraph's answer, read whole: what RemoteGraphQLDataSource needs of a fetch Response, without its streams. */
class SubgraphResponse implements FetcherResponse {
  readonly bodyUsed = false
  readonly redirected = false
  readonly ok: boolean
  readonly statusText: string
  readonly headers: FetcherHeaders

  constructor(
    readonly url: string,
    readonly status: number,
    headers: IncomingHttpHeaders,
    readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300
    this.statusText = STATUS_CODES[status] ?? ''
    this.headers = new ResponseHeaders(headers)
  }

  async text(): Promise<string> {
    return this.body
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body)
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return new TextEncoder().encode(this.body).buffer as ArrayBuffer
  }

  clone(): FetcherResponse {
    return this
  }
}

/** The answer's headers as undici gives them (lower-case names), behind the fetch Headers interface. */
class ResponseHeaders implements FetcherHeaders {
  private readonly byName = new Map<string, string>()

  constructor(headers: IncomingHttpHeaders) {
    for (const [name, value] of Object.entries(headers))
      if (value !== undefined) this.byName.set(name, Array.isArray(value) ? value.join(', ') : value)
  }

  get(name: string): string | null {
    return this.byName.get(name.toLowerCase()) ?? null
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase())
  }

  set(name: string, value: string): void {
    this.byName.set(name.toLowerCase(), value)
  }

  append(name: string, value: string): void {
    const existing = this.get(name)
    this.set(name, existing === null ? value : `${existing}, ${value}`)
  }

  delete(name: string): void {
    this.byName.delete(name.toLowerCase())
  }

  entries(): IterableIterator<[string, string]> {
    return this.byName.entries()
  }

  keys(): IterableIterator<string> {
    return this.byName.keys()
  }

  values(): IterableIterator<string> {
    return this.byName.values()
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.byName.entries()
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

export interface ProductHealth {
  /** up: every replica's circuit is closed; degraded: some are open or probing; down: all are open. */
  status: 'up' | 'degraded' | 'down'
  timeoutMs: number
  replicas: ReplicaHealth[]
}

/** Each product's health as the gateway's own requests found it (no probing: /health stays cheap). */
export function upstreamHealth(
  sources: ReadonlyMap<string, SubgraphDataSource>,
  now = Date.now(),
): Record<string, ProductHealth> {
  return Object.fromEntries(
    [...sources].map(([name, source]) => {
      const replicas = source.health(now)
      const open = replicas.filter((replica) => replica.state === 'open').length
      const closed = replicas.filter((replica) => replica.state === 'closed').length
      const status = closed === replicas.length ? 'up' : open === replicas.length ? 'down' : 'degraded'
      return [name, { status, timeoutMs: source.timeoutMs, replicas }]
    }),
  )
}
