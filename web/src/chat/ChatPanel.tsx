// Ask the mesh in words: the agent's answer, the GraphQL it ran (to check or reuse), the data as a table, and
// any refusal explained. The agent asks as the signed-in person on the chat channel.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { askChat, type ChatAnswer, type ChatTurn } from '../api'
import { DataTable, tablesOf } from '../components/DataTable'
import { Denied, Failure } from '../components/states'
import { openInConsole } from '../routes'
import { useSignedIn } from '../session'

const SUGGESTIONS = [
  'How many new customers did we get last month, and versus the month before?',
  'Show me the total deposits for the last quarter',
  'Which campaign brought the most new customers?',
  'What data do we have about customer transactions?',
  'Show me all transactions for account A-00042-1',
]

interface Exchange {
  id: number
  question: string
  answer?: ChatAnswer
  failure?: string
}

export function ChatPanel() {
  const { token, role, signOut } = useSignedIn()
  const [question, setQuestion] = useState('')
  const [exchanges, setExchanges] = useState<Exchange[]>([])
  const [asking, setAsking] = useState(false)
  const counter = useRef(0)
  const endRef = useRef<HTMLDivElement>(null)
  const inputRef = useRef<HTMLTextAreaElement>(null)

  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' })
  }, [exchanges, asking])

  const ask = async (text: string) => {
    const trimmed = text.trim()
    if (!trimmed || asking) return
    const id = ++counter.current
    const history: ChatTurn[] = exchanges
      .filter((e) => e.answer)
      .slice(-5)
      .flatMap((e) => [
        { role: 'user' as const, content: e.question },
        { role: 'assistant' as const, content: e.answer!.answer },
      ])
    setExchanges((previous) => [...previous, { id, question: trimmed }])
    setQuestion('')
    setAsking(true)
    try {
      const answer = await askChat(token, trimmed, history)
      setExchanges((previous) => previous.map((e) => (e.id === id ? { ...e, answer } : e)))
    } catch (error) {
      if ((error as Error).name === 'SessionExpiredError') return signOut(`Signed out: ${(error as Error).message}`)
      setExchanges((previous) => previous.map((e) => (e.id === id ? { ...e, failure: (error as Error).message } : e)))
    } finally {
      setAsking(false)
      inputRef.current?.focus()
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void ask(question)
  }
  const submitOnEnter = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault()
      void ask(question)
    }
  }

  return (
    <div className="chat">
      <div className="page-heading">
        <h2>Ask the mesh</h2>
        <p className="muted">
          Answers come from the data products, read as {role} through the chat channel, which never carries restricted
          data.
        </p>
      </div>
      <ol className="conversation" aria-label="Conversation" aria-live="polite">
        {exchanges.length === 0 && (
          <li className="suggestions">
            <p>Try one of these:</p>
            <ul>
              {SUGGESTIONS.map((suggestion) => (
                <li key={suggestion}>
                  <button type="button" className="suggestion" onClick={() => void ask(suggestion)} disabled={asking}>
                    {suggestion}
                  </button>
                </li>
              ))}
            </ul>
          </li>
        )}
        {exchanges.map((exchange) => (
          <li key={exchange.id} className="exchange" data-exchange={exchange.id}>
            <p className="question">
              <span className="visually-hidden">You asked: </span>
              {exchange.question}
            </p>
            {!exchange.answer && !exchange.failure && (
              <p className="loading" role="status">
                <span className="spinner" aria-hidden="true" /> Asking the mesh…
              </p>
            )}
            {exchange.failure && <Failure message={exchange.failure} onRetry={() => void ask(exchange.question)} />}
            {exchange.answer && (
              <Answer answer={exchange.answer} role={role} onAsk={(text) => void ask(text)} asking={asking} />
            )}
          </li>
        ))}
      </ol>
      <div ref={endRef} />
      <form className="ask" onSubmit={submit}>
        <label htmlFor="chat-question">Your question</label>
        <div className="ask-row">
          <textarea
            id="chat-question"
            ref={inputRef}
            value={question}
            onChange={(event) => setQuestion(event.target.value)}
            onKeyDown={submitOnEnter}
            rows={2}
            maxLength={2000}
            enterKeyHint="send"
            placeholder="e.g. What were total withdrawals last month?"
          />
          <button type="submit" disabled={asking || !question.trim()}>
            {asking ? 'Asking…' : 'Ask'}
          </button>
        </div>
        <p className="muted small hint">Enter sends, Shift+Enter starts a new line.</p>
      </form>
    </div>
  )
}

/** The agent's answer; `suggestions` are questions it offers to send next (the readings of a question back). */
type AnswerWithSuggestions = ChatAnswer & { suggestions?: string[] }

function Answer({
  answer,
  role,
  onAsk,
  asking,
}: {
  answer: AnswerWithSuggestions
  role: string
  onAsk: (text: string) => void
  asking: boolean
}) {
  return (
    <div className="answer" data-answer="">
      <p className="answer-text">
        <span className="visually-hidden">The mesh answered: </span>
        {answer.answer}
      </p>
      {answer.suggestions && answer.suggestions.length > 0 && (
        <ul
          className="answer-suggestions"
          aria-label="Ask one of these"
          style={{
            listStyle: 'none',
            padding: 0,
            margin: '0 0 0.5rem',
            display: 'flex',
            flexWrap: 'wrap',
            gap: '0.5rem',
          }}
        >
          {answer.suggestions.map((suggestion) => (
            <li key={suggestion}>
              <button
                type="button"
                className="suggestion"
                data-suggestion=""
                onClick={() => onAsk(suggestion)}
                disabled={asking}
              >
                {suggestion}
              </button>
            </li>
          ))}
        </ul>
      )}
      {answer.denials.length > 0 && (
        <div className="answer-denials">
          {answer.denials.map((denial) => (
            <Denied
              key={`${denial.field}:${denial.reason}`}
              role={role}
              field={denial.field}
              reason={denial.reason}
              compact
            />
          ))}
        </div>
      )}
      {answer.operations.map((operation, index) => {
        const tables = tablesOf(operation.data)
        return (
          <details key={index} className="operation" open={index === answer.operations.length - 1}>
            <summary>
              <span>
                GraphQL it ran{answer.operations.length > 1 ? ` (${index + 1} of ${answer.operations.length})` : ''}
                {operation.products.length > 0 && (
                  <span className="muted"> · from {operation.products.join(', ')}</span>
                )}
              </span>
            </summary>
            <pre>
              <code data-chat-query="">{operation.query}</code>
            </pre>
            {operation.variables && Object.keys(operation.variables).length > 0 && (
              <pre className="variables">
                <code>{JSON.stringify(operation.variables, null, 2)}</code>
              </pre>
            )}
            <button
              type="button"
              className="link"
              onClick={() => openInConsole(operation.query, operation.variables ?? {})}
            >
              Open in the query console
            </button>
            {tables.map((table) => (
              <DataTable
                key={table.caption}
                rows={table.rows}
                caption={`The data it returned: ${table.caption}`}
                maxRows={20}
              />
            ))}
          </details>
        )
      })}
    </div>
  )
}
