// The app shell: who is signed in (and a quick switch between demo roles), the pages, and the page shown.
import { useEffect, useRef, useState } from 'react'
import { fetchDevTokens, type DevToken } from './api'
import { Catalog } from './catalog/Catalog'
import { ChatPanel } from './chat/ChatPanel'
import { QueryConsole } from './console/QueryConsole'
import { Dashboard } from './dashboard/Dashboard'
import { LiveTransactions } from './live/LiveTransactions'
import { useRoute, type Page } from './routes'
import { useSession, useSignedIn } from './session'
import { SignIn } from './SignIn'

const PAGES: { page: Page; label: string }[] = [
  { page: 'dashboard', label: 'Dashboard' },
  { page: 'catalog', label: 'Catalog' },
  { page: 'chat', label: 'Chat' },
  { page: 'live', label: 'Live transactions' },
  { page: 'console', label: 'Query console' },
]

export function App() {
  const { session } = useSession()
  return (
    <>
      <a href="#main" className="skip-link" onClick={(event) => {
        event.preventDefault()
        document.getElementById('main')?.focus()
      }}>
        Skip to content
      </a>
      <header className="app-header">
        <h1>
          <span aria-hidden="true" className="logo">◆</span> Banking data mesh
        </h1>
        {session && <SessionBar />}
      </header>
      {session ? <SignedIn key={session.token} /> : <SignIn />}
    </>
  )
}

function SignedIn() {
  const route = useRoute()
  const mainRef = useRef<HTMLElement>(null)
  const first = useRef(true)
  // Moving between pages puts focus on the new page, as a page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    mainRef.current?.focus()
  }, [route.page])
  useEffect(() => {
    document.title = `${PAGES.find((p) => p.page === route.page)?.label ?? 'Dashboard'} · Banking data mesh`
  }, [route.page])
  return (
    <>
      <nav className="app-nav" aria-label="Pages">
        <ul>
          {PAGES.map(({ page, label }) => (
            <li key={page}>
              <a href={`#/${page}`} aria-current={route.page === page ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {route.page === 'dashboard' && <Dashboard />}
        {route.page === 'catalog' && <Catalog productId={route.detail} />}
        {route.page === 'console' && <QueryConsole />}
        {route.page === 'chat' && <ChatPanel />}
        {route.page === 'live' && <LiveTransactions />}
      </main>
    </>
  )
}

function SessionBar() {
  const { role, subject, expiresAt, signOut } = useSignedIn()
  const { signIn } = useSession()
  const [tokens, setTokens] = useState<DevToken[] | null>(null)
  useEffect(() => {
    const controller = new AbortController()
    fetchDevTokens(controller.signal).then(setTokens, () => setTokens(null))
    return () => controller.abort()
  }, [])
  return (
    <div className="session" data-role={role}>
      <p className="who">
        <span className="muted">Signed in as</span> <strong>{role.replace('_', ' ')}</strong> <span className="muted small">{subject}{expiresAt ? `, until ${new Date(expiresAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}` : ''}</span>
      </p>
      {tokens && (
        <div className="field inline">
          <label htmlFor="switch-role">Switch role</label>
          <select
            id="switch-role"
            value={tokens.some((t) => t.role === role) ? role : ''}
            onChange={(event) => {
              const chosen = tokens.find((t) => t.role === event.target.value)
              if (chosen) signIn(chosen.token)
            }}
          >
            {!tokens.some((t) => t.role === role) && <option value="">—</option>}
            {tokens.map((token) => (
              <option key={token.role} value={token.role}>
                {token.role.replace('_', ' ')}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="button" className="secondary" onClick={() => signOut()}>
        Sign out
      </button>
    </div>
  )
}
