// Trusted documents: clients built with their operations (the web app) send them by hash, in APQ's wire format
// (`extensions.persistedQuery.sha256Hash`), and a caller whose mode is `enforce` (rules/trusted-documents.ts)
// may send nothing else. The hashes are known only from manifests written at build: a client cannot register
// one (APQ's automatic registration would let any client trust its own documents). Checked where a client's
// document enters (POST and GET /graphql, SSE, /export, WebSocket subscribe), never on the operations the gateway
// runs itself for /chat, /mcp, subscriptions' events or exports' pages.
import type { KeyValueCache } from '@apollo/utils.keyvaluecache'
import type { RequestHandler } from 'express'
import { GraphQLError } from 'graphql'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ErrorCode } from '../../lib/errors'
import { createLogger } from '../../lib/logger'
import type { AuditTrail } from '../../lib/audit-client'
import type { Identity } from '../../rules/identity'
import {
  TRUSTED_DOCUMENTS,
  trustedDocumentsMode,
  type TrustedDocumentsCaller,
  type TrustedDocumentsMode,
} from '../../rules/trusted-documents'
import { refusalRecord } from './audit'
import { callerOf } from '../core/authentication'
import { sendRateLimited, type CallerRateLimits, type RequestOrigin } from '../core/rate-limits'

/** The web app's manifest, written by `npm run build:web` (web/build.ts) and committed. */
export const WEB_APP_TRUSTED_DOCUMENTS_FILE = path.resolve(__dirname, '..', '..', 'web', 'trusted-documents.json')

export interface TrustedDocumentsOptions {
  /**
   * Manifests to load, each `{ "<sha256 hex of the document>": "<document>" }` (as graphql-codegen's client
   * preset and GraphQL Hive write them) or Apollo's persisted query manifest. Default: the web app's
   * (web/trusted-documents.json), which is skipped with a warning when missing; a listed file must exist.
   */
  manifests?: string[]
  /** Manifests loaded besides `manifests` (another client's; TRUSTED_DOCUMENTS_FILE); each must exist. */
  additionalManifests?: string[]
  /** Changes to the mode table of rules/trusted-documents.ts, per caller; the rest keeps the table. */
  modes?: Partial<Record<TrustedDocumentsCaller, TrustedDocumentsMode>>
  /** Where `report` mode's lines go (one a caller and operation an hour); default the gateway's logger, at warn. */
  log?: (line: string, fields: Record<string, unknown>) => void
}

/** What a client sent: a document's text, its hash, or both (APQ's fields). */
export interface DocumentRequest {
  query?: unknown
  operationName?: unknown
  extensions?: unknown
  variables?: unknown
}

/** The request to run (the registered document's text in `query`, no persistedQuery left), or why not. */
export type DocumentAdmission =
  | { admitted: true; request: DocumentRequest }
  | { admitted: false; error: GraphQLError; status: number; retryAfterSeconds?: number }

/**
 * What the gateway's routes need to check documents: where to record, and the caller's budget. Who is asking
 * comes from the authentication middleware (core/authentication.ts), mounted before these.
 */
export interface TrustedDocumentsRoutes {
  auditTrail: AuditTrail
  rateLimits: CallerRateLimits
}

export interface TrustedDocuments {
  /** Hash → document, every manifest's. */
  documents: ReadonlyMap<string, string>
  /** Apollo's persisted-query cache over the manifests: reads their documents, registers nothing. */
  cache: KeyValueCache<string>
  /** Admits one document of a caller (resolves its hash), or refuses it; a refusal is recorded in the audit trail. */
  admit(
    request: DocumentRequest,
    identity: Identity,
    origin: RequestOrigin,
    routes: TrustedDocumentsRoutes,
  ): Promise<DocumentAdmission>
  /** Express middleware for /graphql and /export: resolves a hash into the body, or answers the refusal. */
  middleware(routes: TrustedDocumentsRoutes): RequestHandler
  /**
   * Express middleware for a route whose callers write their own GraphQL (MCP's tools): refused, and recorded,
   * for callers held to registered operations; the rest pass.
   */
  freeFormRoute(route: string, routes: TrustedDocumentsRoutes): RequestHandler
}

/** The audit record's field for a refusal: `accessDenials(filter: { field: "trusted-documents" })`. */
export const TRUSTED_DOCUMENTS_AUDIT_FIELD = 'trusted-documents'

/** A report line for the same caller and document is written at most this often, and this many are remembered. */
const REPORT_INTERVAL_MS = 60 * 60_000
const REPORTS_REMEMBERED = 10_000

/** Loads the manifests; throws naming the file when one cannot be read or holds a document under another hash. */
export function createTrustedDocuments(options: TrustedDocumentsOptions = {}): TrustedDocuments {
  const log = options.log ?? ((line, fields) => createLogger('gateway').warn(fields, line))
  const documents = new Map<string, string>()
  for (const file of [
    ...(options.manifests ?? [WEB_APP_TRUSTED_DOCUMENTS_FILE]),
    ...(options.additionalManifests ?? []),
  ]) {
    if (file === WEB_APP_TRUSTED_DOCUMENTS_FILE && !options.manifests && !existsSync(file)) {
      log(`trusted documents: ${file} is missing (npm run build:web writes it); the web app's operations are unknown`, {
        file,
      })
      continue
    }
    for (const [hash, document] of readManifest(file)) documents.set(hash, document)
  }
  const table = { ...TRUSTED_DOCUMENTS, ...options.modes }
  const reported = new Map<string, number>()

  const report = (identity: Identity, hash: string, operationName: string | null) => {
    const key = `${identity.subject}\0${hash}`
    const now = Date.now()
    if (now - (reported.get(key) ?? -Infinity) < REPORT_INTERVAL_MS) return
    reported.delete(key)
    if (reported.size >= REPORTS_REMEMBERED) reported.delete(reported.keys().next().value!)
    reported.set(key, now)
    log(
      `unregistered operation served (trusted documents: report): ${operationName ?? 'anonymous operation'} sha256:${hash} from ${identity.subject} (${identity.roles.join(', ') || 'no role'}, ${identity.channel})`,
      {
        trustedDocuments: 'report',
        subject: identity.subject,
        roles: identity.roles,
        channel: identity.channel,
        operationName,
        sha256: hash,
        requestId: identity.requestId,
      },
    )
  }

  const trusted: TrustedDocuments = {
    documents,
    cache: {
      // Apollo prefixes its keys (`apq:<hash>`).
      get: async (key) => documents.get(key.slice(key.lastIndexOf(':') + 1)),
      set: async () => undefined,
      delete: async () => undefined,
    },
    async admit(request, identity, origin, routes) {
      const persisted = persistedQueryOf(request.extensions)
      if (persisted === 'malformed')
        return refuse(
          400,
          new GraphQLError(
            'extensions.persistedQuery must be { version: 1, sha256Hash: "<sha256 hex of the document>" }',
            { extensions: { code: 'BAD_REQUEST' } },
          ),
        )
      const text = typeof request.query === 'string' && request.query !== '' ? request.query : undefined
      const operationName = typeof request.operationName === 'string' ? request.operationName : null
      let hash: string | undefined
      if (persisted) {
        if (text === undefined) {
          const document = documents.get(persisted)
          if (document === undefined)
            return refuse(
              200,
              new GraphQLError(
                `PersistedQueryNotFound: no registered operation has the hash ${persisted}. Send a document this gateway's manifests hold (a client's operations are registered when it is built).`,
                { extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_FOUND } },
              ),
            )
          return { admitted: true, request: withoutPersistedQuery({ ...request, query: document }) }
        }
        hash = sha256(text)
        if (hash !== persisted)
          return refuse(
            400,
            new GraphQLError(
              `The query sent is not the document of the hash sent with it (extensions.persistedQuery.sha256Hash ${persisted}; the query's sha256 is ${hash}): send the hash alone, or the exact text it was computed from.`,
              { extensions: { code: ErrorCode.PERSISTED_QUERY_HASH_MISMATCH } },
            ),
          )
      }
      const admitted: DocumentAdmission = {
        admitted: true,
        request: persisted ? withoutPersistedQuery(request) : request,
      }
      // Nothing to check: no document (the route says what is missing), or a caller free to send anything.
      const mode = trustedDocumentsMode(identity.roles, table)
      if (text === undefined || mode === 'off') return admitted
      hash ??= sha256(text)
      // The exact text of a registered operation is that operation (Apollo Router's safelisting does the same).
      if (documents.has(hash)) return admitted
      if (mode === 'report') {
        report(identity, hash, operationName)
        return admitted
      }
      // A refusal counts against the caller's budget, so that refusals cannot flood the audit trail either.
      const limited = await routes.rateLimits.admit('graphql', identity, origin)
      if (limited)
        return {
          admitted: false,
          error: new GraphQLError(limited.message, {
            extensions: { code: ErrorCode.RATE_LIMITED, retryAfter: limited.retryAfterSeconds },
          }),
          status: 429,
          retryAfterSeconds: limited.retryAfterSeconds,
        }
      return refuseUnregistered(
        `send a registered operation's hash in extensions.persistedQuery (APQ format), not a free-form document. This one (sha256 ${hash}) is not registered.`,
        identity,
        origin,
        routes,
        operationName,
      )
    },
    freeFormRoute(route, routes) {
      return (req, res, next) => {
        void (async () => {
          // A refused token goes on, to be answered by the route.
          const { identity } = callerOf(req)
          if (!identity || trustedDocumentsMode(identity.roles, table) !== 'enforce') return next()
          const origin: RequestOrigin = { address: req.ip, operation: `${req.method} ${route}`, operationName: null }
          const limited = await routes.rateLimits.admit('graphql', identity, origin)
          if (limited)
            return sendRateLimited(res, {
              field: 'rate-limit:/graphql',
              message: limited.message,
              retryAfterSeconds: limited.retryAfterSeconds,
            })
          const refusal = await refuseUnregistered(
            `${route} runs GraphQL its client writes, which is not a registered operation; use the app's operations (or the chat, which answers as you).`,
            identity,
            origin,
            routes,
            null,
          )
          if (!refusal.admitted) res.status(refusal.status).json({ errors: [refusal.error.toJSON()] })
        })().catch(next)
      }
    },
    middleware(routes) {
      return (req, res, next) => {
        const fromUrl = req.method === 'GET' || req.method === 'HEAD'
        const request = fromUrl
          ? urlRequest(req.query as Record<string, unknown>)
          : (req.body as DocumentRequest | undefined)
        if (!request || typeof request !== 'object' || Array.isArray(request)) return next()
        void (async () => {
          // A refused token goes on, to be answered (401) by the route.
          const { identity } = callerOf(req)
          if (!identity) return next()
          const origin: RequestOrigin = {
            address: req.ip,
            operation: typeof request.query === 'string' ? request.query : '',
            operationName: typeof request.operationName === 'string' ? request.operationName : null,
          }
          const admission = await trusted.admit(request, identity, origin, routes)
          if (!admission.admitted) {
            if (admission.error.extensions.code === ErrorCode.RATE_LIMITED)
              return sendRateLimited(res, {
                field: 'rate-limit:/graphql',
                message: admission.error.message,
                retryAfterSeconds: admission.retryAfterSeconds ?? 1,
              })
            if (admission.error.extensions.code === ErrorCode.PERSISTED_QUERY_NOT_FOUND)
              res.setHeader('cache-control', 'private, no-cache, must-revalidate')
            return void res.status(admission.status).json({ errors: [admission.error.toJSON()] })
          }
          // Handlers after this one (Apollo, SSE, exports) read the document's text. A GET's hash is resolved by
          // Apollo from `cache`.
          if (!fromUrl) req.body = admission.request
          next()
        })().catch(next)
      }
    },
  }
  return trusted
}

/** sha256 hex of a document's exact text, as APQ and the manifests hash it. */
export function sha256(document: string): string {
  return createHash('sha256').update(document).digest('hex')
}

/** Refuses an unregistered operation of a caller held to registered ones, and records the refusal before answering. */
async function refuseUnregistered(
  what: string,
  identity: Identity,
  origin: RequestOrigin,
  routes: TrustedDocumentsRoutes,
  operationName: string | null,
): Promise<DocumentAdmission> {
  const caller = identity.roles.length
    ? `the ${identity.roles.join(', ')} role${identity.roles.length > 1 ? 's' : ''}`
    : 'a caller without a token'
  const error = new GraphQLError(`Only registered operations are accepted from ${caller}: ${what}`, {
    extensions: { code: ErrorCode.PERSISTED_QUERY_REQUIRED },
  })
  try {
    await routes.auditTrail.record([
      refusalRecord(
        identity,
        { ...origin, operationName },
        { field: TRUSTED_DOCUMENTS_AUDIT_FIELD, code: ErrorCode.PERSISTED_QUERY_REQUIRED, reason: error.message },
      ),
    ])
  } catch (auditError) {
    createLogger('gateway').error(
      { err: { message: String(auditError) } },
      'a trusted-documents refusal could not be recorded in the audit trail',
    )
  }
  return { admitted: false, error, status: 403 }
}

function refuse(status: number, error: GraphQLError): DocumentAdmission {
  return { admitted: false, error, status }
}

/** The hash of a persistedQuery extension; undefined without one, 'malformed' when it is not APQ's version 1. */
function persistedQueryOf(extensions: unknown): string | undefined | 'malformed' {
  if (!extensions || typeof extensions !== 'object') return undefined
  const persisted = (extensions as { persistedQuery?: unknown }).persistedQuery
  if (persisted === undefined || persisted === null) return undefined
  const { version, sha256Hash } = persisted as { version?: unknown; sha256Hash?: unknown }
  if (version !== 1 || typeof sha256Hash !== 'string' || !/^[0-9a-f]{64}$/i.test(sha256Hash)) return 'malformed'
  return sha256Hash.toLowerCase()
}

/** The request without its persistedQuery (Apollo would look the hash up again), and without extensions left empty. */
function withoutPersistedQuery(request: DocumentRequest): DocumentRequest {
  const { extensions, ...rest } = request
  const { persistedQuery: _persisted, ...others } = extensions as Record<string, unknown>
  return Object.keys(others).length ? { ...rest, extensions: others } : rest
}

/** A GET's operation: its query string's fields, `extensions` (and `variables`) being JSON. */
function urlRequest(query: Record<string, unknown>): DocumentRequest {
  let extensions: unknown
  if (typeof query.extensions === 'string') {
    try {
      extensions = JSON.parse(query.extensions)
    } catch {
      extensions = undefined // Apollo answers the malformed JSON itself.
    }
  }
  return { query: query.query, operationName: query.operationName, extensions }
}

/** Reads one manifest into [hash, document] pairs, checking that each hash is its document's. */
function readManifest(file: string): [string, string][] {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`Trusted documents manifest ${file} cannot be read: ${(error as Error).message}`)
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`Trusted documents manifest ${file} must be a JSON object`)
  const apollo = parsed as { format?: unknown; operations?: unknown }
  if (apollo.format === 'apollo-persisted-query-manifest') {
    if (!Array.isArray(apollo.operations)) throw new Error(`Trusted documents manifest ${file} has no operations list`)
    return apollo.operations.map((operation: { id?: unknown; body?: unknown }, index) => {
      if (typeof operation.id !== 'string' || typeof operation.body !== 'string')
        throw new Error(`Trusted documents manifest ${file}: operation ${index} needs a string id and body`)
      return [operation.id.toLowerCase(), operation.body]
    })
  }
  return Object.entries(parsed as Record<string, unknown>).map(([hash, document]) => {
    if (typeof document !== 'string')
      throw new Error(`Trusted documents manifest ${file}: the document of ${hash} is not a string`)
    if (sha256(document) !== hash.toLowerCase())
      throw new Error(
        `Trusted documents manifest ${file}: ${hash} is not the sha256 of its document (it is ${sha256(document)}); regenerate the manifest`,
      )
    return [hash.toLowerCase(), document]
  })
}
