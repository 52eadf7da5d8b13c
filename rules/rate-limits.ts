// The rate-limit table of the mesh, beside the policy table and data like it: how many requests each role
// may make to each route in a window, and how many streams it may hold open at once. Generous for the
// people and tools that query all day (analysts, BI dashboards, the platform), tighter for the expensive
// routes (the chat runs a model and several queries; an export pages through a whole list).
import type { Role } from './identity'

/** What a budget counts: requests to one route, or new subscriptions. */
export const RATE_LIMITED_ROUTES = ['graphql', 'chat', 'mcp', 'export', 'subscriptions'] as const
export type RateLimitedRoute = (typeof RATE_LIMITED_ROUTES)[number]

/** The caps on what a caller holds open at once (on one gateway replica). */
export const CONCURRENCY_CAPS = ['connections', 'subscriptions'] as const
export type ConcurrencyCap = (typeof CONCURRENCY_CAPS)[number]

/** Callers without a token are limited as one caller per network address. */
export type RateLimitedCaller = Role | 'anonymous'

/** At most `requests` in each window of `perSeconds` (whole seconds). */
export interface Budget {
  requests: number
  perSeconds: number
}

export interface CallerLimits {
  /** Queries and mutations: over HTTP at /graphql (and the data products' YAML downloads), and over SSE or WebSocket. */
  graphql: Budget
  /** Questions to POST /chat: each runs the model and several queries. */
  chat: Budget
  /** JSON-RPC requests to POST /mcp: each tool call runs queries. */
  mcp: Budget
  /** Exports: POST /export, and /graphql asked for CSV or JSON Lines; each may page through a whole list. */
  export: Budget
  /** New subscriptions, over WebSocket or SSE. */
  subscriptions: Budget
  /** Subscriptions open at once. */
  concurrentSubscriptions: number
  /** WebSocket connections and SSE streams open at once. */
  concurrentConnections: number
}

const PER_MINUTE = 60

/** Analysts, BI dashboards and the platform's operators: they query all day. */
const ANALYSIS: CallerLimits = {
  graphql: { requests: 6000, perSeconds: PER_MINUTE },
  chat: { requests: 30, perSeconds: PER_MINUTE },
  mcp: { requests: 120, perSeconds: PER_MINUTE },
  export: { requests: 60, perSeconds: PER_MINUTE },
  subscriptions: { requests: 120, perSeconds: PER_MINUTE },
  concurrentSubscriptions: 100,
  concurrentConnections: 20,
}

/** Staff working case by case: a screen at a time. */
const CASEWORK: CallerLimits = {
  ...ANALYSIS,
  graphql: { requests: 3000, perSeconds: PER_MINUTE },
  export: { requests: 30, perSeconds: PER_MINUTE },
}

export const RATE_LIMITS: Record<RateLimitedCaller, CallerLimits> = {
  analyst: ANALYSIS,
  executive: ANALYSIS,
  admin: ANALYSIS,
  customer_service: CASEWORK,
  marketing: CASEWORK,
  risk_officer: CASEWORK,
  compliance_officer: CASEWORK,
  // One person's own accounts, from the bank's app.
  customer: {
    graphql: { requests: 600, perSeconds: PER_MINUTE },
    chat: { requests: 10, perSeconds: PER_MINUTE },
    mcp: { requests: 30, perSeconds: PER_MINUTE },
    export: { requests: 10, perSeconds: PER_MINUTE },
    subscriptions: { requests: 30, perSeconds: PER_MINUTE },
    concurrentSubscriptions: 10,
    concurrentConnections: 5,
  },
  // Per network address; they read only what needs no role (and chat, MCP and streams refuse them).
  anonymous: {
    graphql: { requests: 300, perSeconds: PER_MINUTE },
    chat: { requests: 10, perSeconds: PER_MINUTE },
    mcp: { requests: 10, perSeconds: PER_MINUTE },
    export: { requests: 10, perSeconds: PER_MINUTE },
    subscriptions: { requests: 10, perSeconds: PER_MINUTE },
    concurrentSubscriptions: 0,
    concurrentConnections: 0,
  },
}

/** The path or name a route's limit is known by in messages and in the audit trail. */
export const ROUTE_LABELS: Record<RateLimitedRoute, string> = {
  graphql: '/graphql',
  chat: '/chat',
  mcp: '/mcp',
  export: '/export',
  subscriptions: 'subscriptions',
}

/**
 * Which row of the table governs a caller on a route: with several roles, the most generous of them (as
 * with the policy, any one role suffices); without a role, the anonymous row.
 */
export function governingCaller(
  roles: readonly Role[],
  route: RateLimitedRoute,
  table: Record<RateLimitedCaller, CallerLimits> = RATE_LIMITS,
): RateLimitedCaller {
  if (roles.length === 0) return 'anonymous'
  const rate = (role: Role) => table[role][route].requests / table[role][route].perSeconds
  return roles.reduce((best, role) => (rate(role) > rate(best) ? role : best))
}

/** The most a caller with these roles may hold open at once. */
export function concurrencyCap(
  roles: readonly Role[],
  cap: ConcurrencyCap,
  table: Record<RateLimitedCaller, CallerLimits> = RATE_LIMITS,
): number {
  const field = cap === 'connections' ? 'concurrentConnections' : 'concurrentSubscriptions'
  return roles.length === 0 ? table.anonymous[field] : Math.max(...roles.map((role) => table[role][field]))
}
