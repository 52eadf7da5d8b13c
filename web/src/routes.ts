// Hash routes (#/dashboard, #/catalog/transactions, …): deep links work without the server knowing the app's
// pages, and no page can ever collide with an API path such as POST /chat.
import { useEffect, useState } from 'react'

export type Page = 'dashboard' | 'catalog' | 'console' | 'chat' | 'live'

export interface Route {
  page: Page
  /** The rest of the path: a data product id for the catalog. */
  detail?: string
}

const PAGES: Page[] = ['dashboard', 'catalog', 'console', 'chat', 'live']

export function parseRoute(hash: string): Route {
  const [page, ...rest] = hash.replace(/^#\/?/, '').split('/')
  const known = PAGES.find((p) => p === page) ?? 'dashboard'
  const detail = rest.join('/')
  return detail ? { page: known, detail: decodeURIComponent(detail) } : { page: known }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}

export function navigate(page: Page, detail?: string): void {
  window.location.hash = `#/${page}${detail ? `/${encodeURIComponent(detail)}` : ''}`
}

const CONSOLE_KEY = 'mesh.console'

/** Puts an operation in the query console and goes there. */
export function openInConsole(query: string, variables: Record<string, unknown> = {}): void {
  sessionStorage.setItem(CONSOLE_KEY, JSON.stringify({ query, variables: JSON.stringify(variables, null, 2) }))
  navigate('console')
}

export function consoleDraft(): { query: string; variables: string } | null {
  const stored = sessionStorage.getItem(CONSOLE_KEY)
  if (!stored) return null
  try {
    return JSON.parse(stored) as { query: string; variables: string }
  } catch {
    return null
  }
}

export function saveConsoleDraft(query: string, variables: string): void {
  sessionStorage.setItem(CONSOLE_KEY, JSON.stringify({ query, variables }))
}
