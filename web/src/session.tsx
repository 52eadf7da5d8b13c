// Who is signed in: a bearer token (a demo token picked by role, or one pasted from the identity provider),
// kept for this browser tab only, and what its claims say about the person.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'

export interface Session {
  token: string
  role: string
  subject: string
  customerId?: string
  /** Epoch milliseconds. */
  expiresAt?: number
}

interface SessionState {
  session: Session | null
  /** Why the last session ended, to show on the sign-in screen. */
  notice: string | null
  signIn(token: string): void
  signOut(notice?: string): void
}

const STORAGE_KEY = 'mesh.session'
const SessionContext = createContext<SessionState | null>(null)

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => restore())
  const [notice, setNotice] = useState<string | null>(null)
  const signIn = useCallback((token: string) => {
    const next = sessionOf(token)
    sessionStorage.setItem(STORAGE_KEY, token)
    setNotice(null)
    setSession(next)
  }, [])
  const signOut = useCallback((reason?: string) => {
    sessionStorage.removeItem(STORAGE_KEY)
    setNotice(reason ?? null)
    setSession(null)
  }, [])
  const value = useMemo(() => ({ session, notice, signIn, signOut }), [session, notice, signIn, signOut])
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): SessionState {
  const state = useContext(SessionContext)
  if (!state) throw new Error('useSession must be used inside <SessionProvider>')
  return state
}

/** The signed-in session; only for components rendered after sign-in. */
export function useSignedIn(): Session & { signOut(notice?: string): void } {
  const { session, signOut } = useSession()
  if (!session) throw new Error('useSignedIn needs a signed-in session')
  return { ...session, signOut }
}

/** Reads a JWT's claims for display. The gateway verifies the token; nothing here trusts them. */
export function sessionOf(token: string): Session {
  const [, payload] = token.trim().split('.')
  if (!payload) throw new Error('That is not a JWT (three dot-separated parts)')
  let claims: { roles?: unknown; role?: unknown; sub?: unknown; customerId?: unknown; exp?: unknown }
  try {
    claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as typeof claims
  } catch {
    throw new Error('The token’s claims could not be read')
  }
  const roles = Array.isArray(claims.roles)
    ? claims.roles.map(String)
    : typeof claims.role === 'string'
      ? [claims.role]
      : []
  return {
    token: token.trim(),
    role: roles.join(', ') || 'no role',
    subject: typeof claims.sub === 'string' ? claims.sub : 'unknown',
    ...(typeof claims.customerId === 'string' && { customerId: claims.customerId }),
    ...(typeof claims.exp === 'number' && { expiresAt: claims.exp * 1000 }),
  }
}

function restore(): Session | null {
  const token = sessionStorage.getItem(STORAGE_KEY)
  if (!token) return null
  try {
    const session = sessionOf(token)
    if (session.expiresAt && session.expiresAt < Date.now()) return null
    return session
  } catch {
    return null
  }
}
