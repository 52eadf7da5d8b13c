// The gateway's configuration, read once from the environment with defaults that run the embedded mesh.
import path from 'node:path'
import { z } from 'zod'
import { DEFAULT_SUBGRAPH_PORTS } from '../lib/subgraph-main'
import { isProduction, loadSecrets } from '../lib/secrets'
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER } from './core/development-tokens'
import type { AuthOptions } from './core/auth'
import type { ReadSharing } from './upstream/data-source'
import type { UpstreamSettings } from './server'
import { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from './core/http-server'
import type { RateLimitOptions } from './core/rate-limits'
import type { TrustedDocumentsOptions } from './plugins/trusted-documents'
import type { ResponseCacheOptions } from './upstream/response-cache'
import { parseTrustedDocumentsModes } from '../rules/trusted-documents'
import { LOOPBACK_NETWORKS, trustNetworks } from '../lib/tracing'

export interface GatewayConfig {
  port: number
  auth: AuthOptions
  internalSecret: string
  host: string
  supergraphFile: string
  /** Reload the supergraph when its file changes (SUPERGRAPH_WATCH, default on); SIGHUP reloads it either way. */
  supergraphWatch: boolean
  /** Subgraph name → its GraphQL URL (or its replicas' URLs, comma-separated); overrides the supergraph's. */
  subgraphUrls: Record<string, string>
  /** Who may share an identical subgraph read in flight: callers with the same permissions, or one caller. */
  shareReads: ReadSharing
  /** Subgraph request timeouts (all, and per subgraph) and when a replica's circuit opens. */
  upstream: UpstreamSettings
  /** Per-caller rate limits (rules/rate-limits.ts), in Redis when REDIS_URL is set; false when RATE_LIMITS=off. */
  rateLimits: RateLimitOptions | false
  /** The HTTP server's read timeouts for slow clients; unset ones keep their defaults. */
  httpTimeouts: Partial<HttpTimeouts>
  /** The web app's manifest and TRUSTED_DOCUMENTS_FILE's, and TRUSTED_DOCUMENTS's changes to rules/trusted-documents.ts. */
  trustedDocuments: TrustedDocumentsOptions
  /** When set (METRICS_TOKEN), GET /metrics answers only `Authorization: Bearer <it>`; unset, it is open like the subgraphs'. */
  metricsToken?: string
  /** The response cache (GATEWAY_CACHE): in memory by default, in Redis with REDIS_URL; false when off. */
  cache: ResponseCacheOptions | false
  /** Whose `traceparent` is continued (TRACE_TRUSTED_NETWORKS, CIDR blocks; default loopback); others' traces are linked. */
  traceTrustedNetworks: readonly string[]
}

/** TRACE_TRUSTED_NETWORKS: comma-separated CIDR blocks or addresses; `*` for every caller, empty for none. */
function networkList(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
}

export function subgraphTimeoutVariable(name: string): string {
  return `${name.toUpperCase()}_TIMEOUT_MS`
}

export function subgraphUrlVariable(name: string): string {
  return `${name.toUpperCase()}_URL`
}

export function defaultSubgraphUrls(host = '127.0.0.1'): Record<string, string> {
  return Object.fromEntries(
    Object.entries(DEFAULT_SUBGRAPH_PORTS).map(([name, port]) => [name, `http://${host}:${port}/graphql`]),
  )
}

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const urls = defaultSubgraphUrls()
  const schema = z.object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().default('127.0.0.1'),
    SUPERGRAPH_FILE: z.string().default(path.resolve(__dirname, '..', 'schema', 'supergraph.graphql')),
    SUPERGRAPH_WATCH: z.enum(['on', 'off']).default('on'),
    JWT_ISSUER: z.string().default(DEFAULT_ISSUER),
    JWT_AUDIENCE: z.string().default(DEFAULT_AUDIENCE),
    JWT_JWKS_URL: z.string().url().optional(),
    JWT_JWKS: z.string().optional(),
    JWT_PUBLIC_KEY: z.string().optional(),
    JWT_PUBLIC_KEY_ALGORITHM: z.enum(['RS256', 'ES256']).default('RS256'),
    GATEWAY_SHARE_READS: z.enum(['permissions', 'caller']).default('permissions'),
    SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
    SUBGRAPH_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).optional(),
    SUBGRAPH_BREAKER_OPEN_MS: z.coerce.number().int().min(100).max(600_000).optional(),
    RATE_LIMITS: z.enum(['on', 'off']).default('on'),
    REDIS_URL: z
      .string()
      .refine(
        (value) => URL.canParse(value) && ['redis:', 'rediss:'].includes(new URL(value).protocol),
        'Invalid url (redis://host:port or rediss://…)',
      )
      .optional(),
    REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).optional(),
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).optional(),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).optional(),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).optional(),
    TRUSTED_DOCUMENTS: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        try {
          if (value) parseTrustedDocumentsModes(value)
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message })
        }
      }),
    TRUSTED_DOCUMENTS_FILE: z.string().optional(),
    METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
    TRACE_TRUSTED_NETWORKS: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        try {
          if (value !== undefined) trustNetworks(networkList(value))
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message })
        }
      }),
    GATEWAY_CACHE: z.enum(['off', 'memory', 'redis']).optional(),
    GATEWAY_CACHE_MAX_AGE_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
    GATEWAY_CACHE_MAX_MB: z.coerce.number().int().min(1).max(65_536).optional(),
    ...Object.fromEntries(
      Object.keys(urls).map((name) => [
        subgraphTimeoutVariable(name),
        z.coerce.number().int().min(100).max(600_000).optional(),
      ]),
    ),
    // One URL, or several replicas' URLs separated by commas.
    ...Object.fromEntries(
      Object.keys(urls).map((name) => [
        subgraphUrlVariable(name),
        z
          .string()
          .refine(
            (value) => value.split(',').every((url) => URL.canParse(url.trim())),
            'Invalid url (or comma-separated urls)',
          )
          .optional(),
      ]),
    ),
  })
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    throw new Error(
      `Invalid gateway configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    )
  }
  const values = parsed.data as Record<string, unknown>
  const headersTimeoutMs = values.HTTP_HEADERS_TIMEOUT_MS as number | undefined
  const requestTimeoutMs = values.HTTP_REQUEST_TIMEOUT_MS as number | undefined
  if (
    (headersTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.headersTimeoutMs) >
    (requestTimeoutMs ?? DEFAULT_HTTP_TIMEOUTS.requestTimeoutMs)
  ) {
    throw new Error(
      'Invalid gateway configuration: HTTP_HEADERS_TIMEOUT_MS cannot be longer than HTTP_REQUEST_TIMEOUT_MS',
    )
  }
  const redisUrl = values.REDIS_URL as string | undefined
  const cacheStore = (values.GATEWAY_CACHE as 'off' | 'memory' | 'redis' | undefined) ?? (redisUrl ? 'redis' : 'memory')
  if (cacheStore === 'redis' && !redisUrl)
    throw new Error('Invalid gateway configuration: GATEWAY_CACHE=redis needs REDIS_URL')
  const secrets = loadSecrets(env)
  const production = isProduction(env)
  if (production && env.JWT_SECRET)
    throw new Error(
      'JWT_SECRET (the embedded HS256 issuer) is for development; in production set JWT_JWKS_URL, JWT_JWKS or JWT_PUBLIC_KEY',
    )
  return {
    auth: {
      hs256Secret: production ? undefined : secrets.jwtSecret,
      jwksUrl: values.JWT_JWKS_URL as string | undefined,
      jwks: values.JWT_JWKS as string | undefined,
      publicKeyPem: values.JWT_PUBLIC_KEY as string | undefined,
      publicKeyAlgorithm: values.JWT_PUBLIC_KEY_ALGORITHM as 'RS256' | 'ES256',
      issuer: values.JWT_ISSUER as string,
      audience: values.JWT_AUDIENCE as string,
    },
    internalSecret: secrets.internalSecret,
    port: values.PORT as number,
    host: values.HOST as string,
    supergraphFile: values.SUPERGRAPH_FILE as string,
    supergraphWatch: values.SUPERGRAPH_WATCH === 'on',
    shareReads: values.GATEWAY_SHARE_READS as ReadSharing,
    upstream: {
      timeoutMs: values.SUBGRAPH_TIMEOUT_MS as number | undefined,
      timeoutsMs: Object.fromEntries(
        Object.keys(urls).flatMap((name) =>
          values[subgraphTimeoutVariable(name)] === undefined
            ? []
            : [[name, values[subgraphTimeoutVariable(name)] as number]],
        ),
      ),
      breaker: {
        ...(values.SUBGRAPH_BREAKER_FAILURES === undefined
          ? {}
          : { failures: values.SUBGRAPH_BREAKER_FAILURES as number }),
        ...(values.SUBGRAPH_BREAKER_OPEN_MS === undefined ? {} : { openMs: values.SUBGRAPH_BREAKER_OPEN_MS as number }),
      },
    },
    rateLimits:
      values.RATE_LIMITS === 'off'
        ? false
        : {
            redisUrl: values.REDIS_URL as string | undefined,
            redisCommandTimeoutMs: values.REDIS_COMMAND_TIMEOUT_MS as number | undefined,
          },
    httpTimeouts: {
      ...(headersTimeoutMs !== undefined && { headersTimeoutMs }),
      ...(requestTimeoutMs !== undefined && { requestTimeoutMs }),
      ...(values.HTTP_KEEP_ALIVE_TIMEOUT_MS !== undefined && {
        keepAliveTimeoutMs: values.HTTP_KEEP_ALIVE_TIMEOUT_MS as number,
      }),
    },
    subgraphUrls: Object.fromEntries(
      Object.entries(urls).map(([name, url]) => [
        name,
        (values[subgraphUrlVariable(name)] as string | undefined) ?? url,
      ]),
    ),
    trustedDocuments: {
      additionalManifests: ((values.TRUSTED_DOCUMENTS_FILE as string | undefined) ?? '')
        .split(',')
        .map((file) => file.trim())
        .filter(Boolean),
      modes: values.TRUSTED_DOCUMENTS ? parseTrustedDocumentsModes(values.TRUSTED_DOCUMENTS as string) : {},
    },
    metricsToken: values.METRICS_TOKEN as string | undefined,
    traceTrustedNetworks:
      values.TRACE_TRUSTED_NETWORKS === undefined
        ? LOOPBACK_NETWORKS
        : networkList(values.TRACE_TRUSTED_NETWORKS as string),
    cache:
      cacheStore === 'off'
        ? false
        : {
            store: cacheStore,
            redisUrl,
            redisCommandTimeoutMs: values.REDIS_COMMAND_TIMEOUT_MS as number | undefined,
            maxAgeSeconds: values.GATEWAY_CACHE_MAX_AGE_SECONDS as number | undefined,
            maxMegabytes: values.GATEWAY_CACHE_MAX_MB as number | undefined,
          },
  }
}
