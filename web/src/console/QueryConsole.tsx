// A small query console: run any operation as the signed-in person (subscriptions stream over WebSocket) and
// read the answer as a table or JSON, with each denial explained.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { denialsOf, runFreeFormGraphQL, type GraphQLErrorItem } from '../api'
import { DataTable, tablesOf } from '../components/DataTable'
import { Denied, Failure, Loading } from '../components/states'
import { subscribe, type ConnectionStatus } from '../live/subscribe'
import { consoleDraft, saveConsoleDraft } from '../routes'
import { useSignedIn } from '../session'

const STARTER = `{
  transactionSummary(filter: { startDate: "2026-07-01", endDate: "2026-09-30" }) { count credits debits byType { type total } }
}`

interface Outcome {
  data: unknown
  errors: GraphQLErrorItem[]
  millis?: number
  events?: number
}

export function QueryConsole() {
  const { token, role, signOut } = useSignedIn()
  const draft = consoleDraft()
  const [query, setQuery] = useState(draft?.query ?? STARTER)
  const [variables, setVariables] = useState(draft?.variables ?? '{}')
  const [running, setRunning] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [view, setView] = useState<'table' | 'json'>('table')
  const [stream, setStream] = useState<{ status: ConnectionStatus; detail?: string } | null>(null)
  const stopStream = useRef<(() => void) | null>(null)

  useEffect(() => {
    saveConsoleDraft(query, variables)
  }, [query, variables])
  useEffect(() => () => stopStream.current?.(), [])

  const run = async (event?: FormEvent) => {
    event?.preventDefault()
    stopStream.current?.()
    stopStream.current = null
    setStream(null)
    let parsed: Record<string, unknown>
    try {
      parsed = variables.trim() ? (JSON.parse(variables) as Record<string, unknown>) : {}
    } catch {
      return setProblem('The variables are not valid JSON.')
    }
    setProblem(null)
    if (/^\s*subscription\b/.test(query)) {
      setOutcome({ data: null, errors: [], events: 0 })
      let events = 0
      stopStream.current = subscribe(token, query, parsed, {
        onEvent: (data, errors) => {
          events += 1
          setOutcome({ data, errors, events })
        },
        onStatus: (status, detail) => setStream({ status, detail }),
      })
      return
    }
    setRunning(true)
    const started = performance.now()
    try {
      const result = await runFreeFormGraphQL(token, query, parsed)
      setOutcome({ data: result.data, errors: result.errors, millis: Math.round(performance.now() - started) })
    } catch (error) {
      if ((error as Error).name === 'SessionExpiredError') return signOut(`Signed out: ${(error as Error).message}`)
      setOutcome(null)
      setProblem((error as Error).message)
    } finally {
      setRunning(false)
    }
  }

  const runOnShortcut = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') void run()
  }

  const denials = outcome ? denialsOf(outcome.errors) : []
  const otherErrors = outcome?.errors.filter((error) => error.extensions?.code !== 'FORBIDDEN') ?? []

  return (
    <div className="console">
      <div className="page-heading">
        <h2>Query console</h2>
        <p className="muted">Runs as {role}, with the same rules as every other client. Ctrl+Enter runs.</p>
      </div>
      <form className="console-form" onSubmit={run}>
        <div className="field grow">
          <label htmlFor="console-query">GraphQL operation</label>
          <textarea
            id="console-query"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={runOnShortcut}
            rows={10}
            spellCheck={false}
            className="code"
          />
        </div>
        <div className="field">
          <label htmlFor="console-variables">Variables (JSON)</label>
          <textarea
            id="console-variables"
            value={variables}
            onChange={(event) => setVariables(event.target.value)}
            onKeyDown={runOnShortcut}
            rows={10}
            spellCheck={false}
            className="code"
          />
        </div>
        <div className="actions">
          <button type="submit" disabled={running}>
            {running ? 'Running…' : 'Run'}
          </button>
          {stream && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                stopStream.current?.()
                stopStream.current = null
                setStream(null)
              }}
            >
              Stop the subscription
            </button>
          )}
        </div>
      </form>
      <section aria-label="Answer" aria-busy={running || undefined} className="console-result">
        {running && <Loading label="Running" />}
        {problem && <Failure message={problem} />}
        {stream && (
          <p className={`connection ${stream.status}`} role="status">
            <span className="dot" aria-hidden="true" /> Subscription {stream.status}
            {stream.detail ? `: ${stream.detail}` : ''} · {outcome?.events ?? 0} event{outcome?.events === 1 ? '' : 's'}{' '}
            so far
          </p>
        )}
        {outcome && !running && (
          <>
            {outcome.millis !== undefined && (
              <p className="muted small" role="status">
                Answered in {outcome.millis} ms
                {denials.length ? ` · ${denials.length} field${denials.length === 1 ? '' : 's'} refused` : ''}
              </p>
            )}
            {denials.map((denial) => (
              <Denied
                key={denial.field}
                role={role}
                field={denial.field}
                reason={`${denial.reason}${denial.count > 1 ? ` (${denial.count} times)` : ''}`}
                compact
              />
            ))}
            {otherErrors.length > 0 && (
              <div className="failure" role="alert">
                <ul>
                  {otherErrors.map((error, index) => (
                    <li key={index}>
                      {error.message} {error.extensions?.code && <code>{error.extensions.code}</code>}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {outcome.data !== null && outcome.data !== undefined && (
              <>
                <div className="tabs" role="group" aria-label="Show the result as">
                  <button
                    type="button"
                    className={view === 'table' ? 'tab active' : 'tab'}
                    aria-pressed={view === 'table'}
                    onClick={() => setView('table')}
                  >
                    Table
                  </button>
                  <button
                    type="button"
                    className={view === 'json' ? 'tab active' : 'tab'}
                    aria-pressed={view === 'json'}
                    onClick={() => setView('json')}
                  >
                    JSON
                  </button>
                </div>
                {view === 'table' ? (
                  tablesOf(outcome.data).map((table) => (
                    <DataTable key={table.caption} rows={table.rows} caption={table.caption} />
                  ))
                ) : (
                  <pre className="json" tabIndex={0}>
                    <code>{JSON.stringify(outcome.data, null, 2)}</code>
                  </pre>
                )}
              </>
            )}
          </>
        )}
      </section>
    </div>
  )
}
