// A circuit breaker per subgraph replica: closed while it answers; open after repeated timeouts or failures,
// so requests fail fast (or go to another replica) instead of each waiting out the timeout; half-open after a
// cool-down, when one request probes it: an answer closes it again, another failure opens it again.

export type CircuitState = 'closed' | 'open' | 'half-open'

export interface BreakerSettings {
  /** Consecutive failures (timeouts, refused or dropped connections, 5xx answers) that open the circuit. */
  failures: number
  /** How long an open circuit fails fast before a probe is let through. */
  openMs: number
}

export const DEFAULT_BREAKER: BreakerSettings = { failures: 3, openMs: 5000 }

export interface CircuitSnapshot {
  state: CircuitState
  /** Consecutive failures so far. */
  failures: number
  /** Why it last failed, for /health. */
  lastFailure?: string
  /** When an open circuit lets its next probe through (ISO time). */
  retryAt?: string
}

export class CircuitBreaker {
  private consecutiveFailures = 0
  private openUntil = 0
  private probing = false
  private lastFailure: string | undefined
  /** The last failure was a refused connection: trying again costs nothing, so a last resort may. */
  private refused = false

  constructor(private readonly settings: BreakerSettings = DEFAULT_BREAKER) {}

  state(now = Date.now()): CircuitState {
    if (this.consecutiveFailures < this.settings.failures) return 'closed'
    return now < this.openUntil ? 'open' : 'half-open'
  }

  /**
   * Whether a request may go to this replica now. In half-open state only one request (the probe) goes at a
   * time. As a `lastResort` (no other replica may be tried), a replica that last refused the connection is
   * tried again even while open: a refusal is instant, where a timeout would cost the caller its deadline.
   * The caller reports the outcome with succeeded() or failed().
   */
  tryAcquire(now = Date.now(), lastResort = false): boolean {
    const state = this.state(now)
    if (state === 'closed') return true
    if (state === 'open' || this.probing) return lastResort && this.refused
    this.probing = true
    return true
  }

  succeeded(): void {
    this.consecutiveFailures = 0
    this.probing = false
    this.refused = false
    this.lastFailure = undefined
  }

  /** A refused connection (sure to repeat, and cheap to find out) opens the circuit at once, as does a failed probe. */
  failed(reason: string, now = Date.now(), kind: 'refused' | 'failed' = 'failed'): void {
    const opensAtOnce = kind === 'refused' || this.probing
    this.probing = false
    this.refused = kind === 'refused'
    this.lastFailure = reason
    this.consecutiveFailures = opensAtOnce
      ? Math.max(this.settings.failures, this.consecutiveFailures + 1)
      : this.consecutiveFailures + 1
    if (this.consecutiveFailures >= this.settings.failures) this.openUntil = now + this.settings.openMs
  }

  snapshot(now = Date.now()): CircuitSnapshot {
    const state = this.state(now)
    return {
      state,
      failures: this.consecutiveFailures,
      ...(this.lastFailure ? { lastFailure: this.lastFailure } : {}),
      ...(state === 'open' ? { retryAt: new Date(this.openUntil).toISOString() } : {}),
    }
  }
}
