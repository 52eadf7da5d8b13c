// How the gateway talks to a subgraph: a data source that turns an unreachable or failing subgraph
// into a clear UPSTREAM_UNAVAILABLE error for its part of the query, while the rest still answers.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway'
import type { FetcherResponse } from '@apollo/utils.fetcher'
import { GraphQLError } from 'graphql'
import { permissionKey } from './permission-key'
import { ErrorCode } from '../lib/errors'
import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '../rules/identity'

/** A subgraph's replicas: its URL setting may list several, separated by commas. */
export function replicaUrls(setting: string): string[] {
  return setting.split(',').map((url) => url.trim()).filter(Boolean)
}

/** One signature per caller's request, however many subgraph fetches its plan makes. */
const signedIdentities = new WeakMap<Identity, Promise<string>>()

function signedIdentity(identity: Identity, internalSecret: string): Promise<string> {
  let signed = signedIdentities.get(identity)
  if (!signed) {
    signed = signForwardedIdentity(identity, internalSecret)
    signedIdentities.set(identity, signed)
  }
  return signed
}

/** A read the planner sends (mutations start with `mutation`, and are never shared). */
const isQuery = (query: string | undefined) => query !== undefined && /^\s*(query\b|\{)/.test(query)

/** Errors that mean the request never reached the replica, so another one may safely take it. */
const NOT_REACHED = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])

export class SubgraphDataSource extends RemoteGraphQLDataSource<{ identity?: Identity }> {
  private readonly replicas: string[]
  private turn = 0
  /** Identical reads in flight for the same caller: one subgraph request answers them all. */
  private readonly inflight = new Map<string, ReturnType<RemoteGraphQLDataSource['process']>>()

  /** `urls`: one URL, or the replicas' URLs separated by commas (requests take turns; a refused one moves on). */
  constructor(readonly name: string, urls: string, private readonly internalSecret: string) {
    const replicas = replicaUrls(urls)
    super({ url: replicas[0] })
    this.replicas = replicas
    const fetcher = this.fetcher
    this.fetcher = async (url, init) => {
      let refused: unknown
      for (const candidate of [url, ...this.replicas.filter((replica) => replica !== url)]) {
        try {
          return await fetcher(candidate, init)
        } catch (error) {
          if (!NOT_REACHED.has(String((error as { code?: unknown }).code))) throw error
          refused = error
        }
      }
      throw refused
    }
  }

  /** Forwards the caller's verified identity, signed, so the subgraph can trust it and nothing else. */
  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<{ identity?: Identity }>): Promise<void> {
    if (!request.http) return
    if (this.replicas.length > 1) request.http = { ...request.http, url: this.replicas[this.turn++ % this.replicas.length]! }
    if (!context.identity) return
    request.http.headers.set(IDENTITY_HEADER, await signedIdentity(context.identity, this.internalSecret))
  }

  /**
   * Shares one subgraph request among identical reads in flight for the same caller (as Hive Gateway and the
   * Apollo Router do), giving each its own copy of the answer, since the gateway merges into what it gets.
   */
  override async process(options: GraphQLDataSourceProcessOptions<{ identity?: Identity }>) {
    const { request, context } = options
    if (!context.identity || !isQuery(request.query)) return super.process(options)
    const key = JSON.stringify([request.query, request.variables ?? null, context.identity.subject, permissionKey(context.identity)])
    let shared = this.inflight.get(key)
    if (!shared) {
      shared = super.process(options).finally(() => this.inflight.delete(key))
      this.inflight.set(key, shared)
    }
    const response = await shared
    return { ...response, data: response.data && structuredClone(response.data), errors: response.errors && structuredClone(response.errors) }
  }

  override didEncounterError(error: Error, _request: unknown, response?: FetcherResponse): void {
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
