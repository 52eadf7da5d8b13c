// Serves the web app (web/dist, built by Vite) at `/` beside the API, and, in development only, the embedded
// issuer's demo tokens for its role picker. Mounted after every API route, so it never answers for one.
import express, { type Express, type NextFunction, type Request, type Response } from 'express'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { POLICY } from '../../rules/policy'
import { ROLES, type Role } from '../../rules/identity'
import { issueDevelopmentToken } from '../core/development-tokens'

export interface WebAppOptions {
  /** The built app: a folder holding index.html and assets/ (Vite's output, web/dist). */
  dir: string
  /**
   * The embedded development issuer, for `GET /dev/tokens` (one token per role for the role picker).
   * Leave unset in production: without it the route does not exist and people paste their own token.
   */
  devTokens?: DevTokenOptions
}

export interface DevTokenOptions {
  /** The HS256 secret of the embedded issuer (the one the gateway verifies tokens with). */
  secret: string
  /** Lifetime of each token. Default: "8h". */
  ttl?: string
  /** The customer a `customer` token is bound to. Default: "C-00042". */
  customerId?: string
}

/** Paths the app never answers for, whatever the method: the gateway's API and its documents. */
export const API_PREFIXES = [
  '/graphql',
  '/chat',
  '/mcp',
  '/export',
  '/health',
  '/data-products',
  '/dev',
  '/metrics',
] as const

/** One year: Vite names every asset by its content hash, so a changed asset is a new URL. */
const IMMUTABLE_SECONDS = 365 * 24 * 60 * 60

export function mountWebApp(app: Express, options: WebAppOptions): void {
  if (options.devTokens) app.get('/dev/tokens', devTokenRoute(options.devTokens))
  const index = path.join(options.dir, 'index.html')
  app.use(securityHeaders)
  app.use(
    '/assets',
    express.static(path.join(options.dir, 'assets'), {
      immutable: true,
      maxAge: IMMUTABLE_SECONDS * 1000,
      index: false,
    }),
  )
  app.use(
    express.static(options.dir, {
      index: false,
      maxAge: 0,
      setHeaders: (res) => res.setHeader('cache-control', 'no-cache'),
    }),
  )
  // Client-side routes (and deep links) get the app; API paths, files that do not exist and non-HTML
  // requests fall through to a plain 404.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next()
    if (isApiPath(req.path) || path.extname(req.path) !== '' || !req.accepts('html')) return next()
    if (!existsSync(index))
      return void res.status(503).type('text/plain').send('The web app is not built: run npm run build:web')
    res.setHeader('cache-control', 'no-cache')
    res.sendFile(index)
  })
}

export function isApiPath(requestPath: string): boolean {
  return API_PREFIXES.some((prefix) => requestPath === prefix || requestPath.startsWith(`${prefix}/`))
}

/** What `GET /dev/tokens` answers: one token per role, with what the role is for. */
export interface DevTokenList {
  issuer: 'embedded-development'
  expiresIn: string
  tokens: { role: Role; purpose: string; subject: string; customerId?: string; token: string }[]
}

function devTokenRoute(options: DevTokenOptions) {
  const ttl = options.ttl ?? '8h'
  const customerId = options.customerId ?? 'C-00042'
  return async (_req: Request, res: Response) => {
    const tokens = await Promise.all(
      ROLES.map(async (role) => {
        const subject = role === 'customer' ? `customer:${customerId}@example.com` : `${role}@example.com`
        const bound = role === 'customer' ? customerId : undefined
        const token = await issueDevelopmentToken(options.secret, { role, subject, customerId: bound, ttl })
        return { role, purpose: POLICY[role].purpose, subject, ...(bound && { customerId: bound }), token }
      }),
    )
    const body: DevTokenList = { issuer: 'embedded-development', expiresIn: ttl, tokens }
    res.setHeader('cache-control', 'no-store')
    res.json(body)
  }
}

/**
 * The app talks only to its own origin (fetch and WebSocket); nothing may frame it. Recharts sets inline
 * styles, hence 'unsafe-inline' for styles only; scripts stay 'self'.
 */
function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  if (!isApiPath(req.path)) {
    res.setHeader(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    )
    res.setHeader('x-content-type-options', 'nosniff')
    res.setHeader('referrer-policy', 'no-referrer')
  }
  next()
}
