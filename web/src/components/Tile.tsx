// A dashboard tile: a titled region with its body (or its loading, failed or denied state), where its data
// comes from, and the operation it ran, to read or to open in the query console.
import { useId, type ReactNode } from 'react'
import type { Operation } from '../dashboard/queries'
import { Provenance } from '../dashboard/provenance'
import { openInConsole } from '../routes'

export interface TileProps {
  /** Stable name for tests and links, e.g. "deposits". */
  name: string
  title: string
  productId: string
  /** The product's table the tile reads, whose newest row tells how fresh the tile is. */
  table?: string
  operation?: Operation
  /** A word on what the number counts, under the source. */
  note?: string
  className?: string
  busy?: boolean
  children: ReactNode
}

export function Tile({ name, title, productId, table, operation, note, className, busy, children }: TileProps) {
  const headingId = useId()
  return (
    <section
      className={`tile ${className ?? ''}`}
      aria-labelledby={headingId}
      aria-busy={busy || undefined}
      data-tile={name}
    >
      <h3 id={headingId}>{title}</h3>
      <div className="tile-body">{children}</div>
      <footer>
        <Provenance productId={productId} table={table} note={note} tile={name} />
        {operation && (
          <details className="operation">
            <summary>GraphQL</summary>
            <pre>
              <code>{operation.query}</code>
            </pre>
            <pre className="variables">
              <code>{JSON.stringify(operation.variables, null, 2)}</code>
            </pre>
            <button type="button" className="link" onClick={() => openInConsole(operation.query, operation.variables)}>
              Open in the query console
            </button>
          </details>
        )}
      </footer>
    </section>
  )
}
