// New bookings as they happen, through the `transactionAdded` subscription, under the same rules as any query:
// fields the person may not read arrive empty, and the table says why.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { denialsOf, type GraphQLErrorItem } from '../api'
import { Denied } from '../components/states'
import { ScrollableTable } from '../components/ScrollableTable'
import { formatInstant, formatMoney } from '../format'
import { useSignedIn } from '../session'
import type { LiveTransactionsSubscription } from '../generated/operations'
import { LIVE_QUERY } from './queries'
import { subscribe, type ConnectionStatus } from './subscribe'

type LiveTransaction = LiveTransactionsSubscription['transactionAdded']

interface Arrival {
  key: number
  transaction: LiveTransaction | null
  receivedAt: number
}

const MAX_ROWS = 50

export function LiveTransactions() {
  const { token, role } = useSignedIn()
  const [minimum, setMinimum] = useState('')
  const [filter, setFilter] = useState<{ minAmount?: string }>({})
  const [status, setStatus] = useState<{ status: ConnectionStatus; detail?: string }>({ status: 'connecting' })
  const [arrivals, setArrivals] = useState<Arrival[]>([])
  const [denials, setDenials] = useState<{ field: string; reason: string }[]>([])
  const [announcement, setAnnouncement] = useState('')
  const counter = useRef(0)
  const unannounced = useRef(0)

  useEffect(() => {
    const stop = subscribe<{ transactionAdded: LiveTransaction | null }>(
      token,
      LIVE_QUERY,
      { filter },
      {
        onEvent: (data, errors: GraphQLErrorItem[]) => {
          if (errors.length) setDenials((previous) => merge(previous, denialsOf(errors)))
          // A refused subscription answers once, empty, and ends: nothing to list.
          if (!data?.transactionAdded) return
          counter.current += 1
          unannounced.current += 1
          const arrival = { key: counter.current, transaction: data.transactionAdded, receivedAt: Date.now() }
          setArrivals((previous) => [arrival, ...previous].slice(0, MAX_ROWS))
        },
        onStatus: (next, detail) => setStatus({ status: next, detail }),
      },
      { positionOf: (data) => data.transactionAdded?.streamPosition, registeredOnly: true },
    )
    return stop
  }, [token, filter])

  // Screen readers hear a summary every few seconds, not every booking.
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (unannounced.current === 0) return
      setAnnouncement(`${unannounced.current} new transaction${unannounced.current === 1 ? '' : 's'}`)
      unannounced.current = 0
    }, 5000)
    return () => window.clearInterval(timer)
  }, [])

  const apply = (event: FormEvent) => {
    event.preventDefault()
    setArrivals([])
    setDenials([])
    setFilter(minimum.trim() ? { minAmount: minimum.trim() } : {})
  }

  return (
    <div className="live">
      <div className="page-heading">
        <h2>Live transactions</h2>
        <form className="search" onSubmit={apply} aria-label="Filter live transactions">
          <div className="field">
            <label htmlFor="live-minimum">Smallest amount (USD)</label>
            <input
              id="live-minimum"
              inputMode="decimal"
              pattern="\d+(\.\d{1,2})?"
              value={minimum}
              onChange={(event) => setMinimum(event.target.value)}
              placeholder="any"
            />
          </div>
          <button type="submit">Apply</button>
        </form>
      </div>
      <p className={`connection ${status.status}`} role="status" data-connection={status.status}>
        <span className="dot" aria-hidden="true" />{' '}
        {status.status === 'live'
          ? 'Live: new bookings appear here as they are committed.'
          : status.status === 'connecting'
            ? 'Connecting…'
            : denials.length && arrivals.length === 0
              ? 'Stopped: the mesh refused this subscription.'
              : `Disconnected.${status.detail ? ` ${status.detail}` : ''}`}
      </p>
      <p className="muted small">
        Fed by the Customer Transactions data product&rsquo;s <code>transactionAdded</code> subscription. Try{' '}
        <code>npm run simulate</code> for a steady stream.
      </p>
      <div className="visually-hidden" aria-live="polite">
        {announcement}
      </div>
      {denials.map((denial) => (
        <Denied key={denial.field} role={role} field={denial.field} reason={denial.reason} compact />
      ))}
      {arrivals.length === 0 ? (
        status.status !== 'closed' && <p className="empty">Waiting for the next booking…</p>
      ) : (
        <ScrollableTable
          label="Latest transactions"
          caption="Latest transactions, newest first"
          hideCaption
          tableProps={{ 'data-live-table': '' }}
        >
          <thead>
            <tr>
              <th scope="col">Booked</th>
              <th scope="col">Transaction</th>
              <th scope="col">Account</th>
              <th scope="col">Type</th>
              <th scope="col">Description</th>
              <th scope="col" className="number">
                Amount
              </th>
              <th scope="col" className="number">
                Fraud score
              </th>
            </tr>
          </thead>
          <tbody>
            {arrivals.map(({ key, transaction }) => (
              <tr
                key={key}
                className={(transaction?.fraudScore ?? 0) >= 0.5 ? 'flagged' : undefined}
                data-transaction-id={transaction?.id ?? ''}
              >
                <td>{transaction?.date ? formatInstant(transaction.date) : '—'}</td>
                <td>{transaction?.id ?? 'hidden'}</td>
                <td>{transaction?.account?.id ?? '—'}</td>
                <td>{transaction?.type?.toLowerCase() ?? '—'}</td>
                <td>{transaction?.description ?? '—'}</td>
                <td className="number">
                  {transaction?.direction === 'DEBIT' ? '−' : ''}
                  {formatMoney(transaction?.amount, { cents: true })}
                </td>
                <td className="number">
                  {transaction?.fraudScore === null || transaction?.fraudScore === undefined
                    ? '—'
                    : `${Math.round(transaction.fraudScore * 100)}%`}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollableTable>
      )}
    </div>
  )
}

function merge(previous: { field: string; reason: string }[], next: { field: string; reason: string }[]) {
  const byField = new Map(previous.map((denial) => [denial.field, denial]))
  for (const denial of next) byField.set(denial.field, { field: denial.field, reason: denial.reason })
  return [...byField.values()]
}
