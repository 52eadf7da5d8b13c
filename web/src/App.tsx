// The app shell: who is signed in (and a quick switch between demo roles), the pages, and the page shown. On a
// small screen the session folds into a menu and the pages into one line of tabs that scrolls sideways.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
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
      <a
        href="#main"
        className="skip-link"
        onClick={(event) => {
          event.preventDefault()
          document.getElementById('main')?.focus()
        }}
      >
        Skip to content
      </a>
      <header className="app-header">
        <h1>
          <span aria-hidden="true" className="logo">
            ◆
          </span>{' '}
          Banking data mesh
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
  const currentTabRef = useRef<HTMLAnchorElement>(null)
  const shownPage = useRef(route.page)
  // Moving between pages puts focus on the new page, as a page load would (not the first page: it was loaded).
  useEffect(() => {
    if (shownPage.current === route.page) return
    shownPage.current = route.page
    mainRef.current?.focus()
  }, [route.page])
  // The current page's tab in sight, where the tabs scroll sideways (a phone).
  useEffect(() => {
    currentTabRef.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
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
              <a
                href={`#/${page}`}
                aria-current={route.page === page ? 'page' : undefined}
                ref={route.page === page ? currentTabRef : undefined}
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {route.page === 'dashboard' && <Dashboard />}
        {route.page === 'catalog' && <Catalog detail={route.detail} />}
        {route.page === 'console' && <QueryConsole />}
        {route.page === 'chat' && <ChatPanel />}
        {route.page === 'live' && <LiveTransactions />}
      </main>
    </>
  )
}

/** Who is signed in, a switch between demo roles and sign-out: in the header, or behind a menu button on a small screen. */
function SessionBar() {
  const { role, subject, expiresAt, signOut } = useSignedIn()
  const { signIn } = useSession()
  const [tokens, setTokens] = useState<DevToken[] | null>(null)
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const toggleRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const controller = new AbortController()
    fetchDevTokens(controller.signal).then(setTokens, () => setTokens(null))
    return () => controller.abort()
  }, [])
  const roleName = role.replace('_', ' ')
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return
    setOpen(false)
    toggleRef.current?.focus()
  }
  return (
    <div className="session" data-role={role} onKeyDown={closeOnEscape}>
      <button
        type="button"
        ref={toggleRef}
        className="session-toggle secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="visually-hidden">Signed in as </span>
        {roleName}
        <span className="visually-hidden">: account menu</span>
        <span aria-hidden="true" className="chevron" />
      </button>
      <div id={panelId} className={open ? 'session-panel open' : 'session-panel'}>
        <p className="who">
          <span className="muted">Signed in as</span> <strong>{roleName}</strong>{' '}
          <span className="muted small">
            {subject}
            {expiresAt
              ? `, until ${new Date(expiresAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`
              : ''}
          </span>
        </p>
        {tokens && (
          <div className="field inline">
            <label htmlFor="switch-role">Switch role</label>
            <select
              id="switch-role"
              value={tokens.some((t) => t.role === role) ? role : ''}
              onChange={(event) => {
                const chosen = tokens.find((t) => t.role === event.target.value)
                if (!chosen) return
                setOpen(false)
                signIn(chosen.token)
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
    </div>
  )
}
