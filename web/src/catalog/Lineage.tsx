// A product's lineage in the catalog: the products it depends on and that depend on it, drawn as a graph, and
// any of its fields, tables or the dashboard's tiles traced up to where they come from and down to what reads
// them. Choosing a node in the drawing traces from it.
import { useId, useState, useSyncExternalStore, type FormEvent, type KeyboardEvent } from 'react'
import { denialAt } from '../api'
import { Denied, Failure, Loading } from '../components/states'
import { useSignedIn } from '../session'
import { useGraphQL } from '../useGraphQL'
import { layOutLineage } from './lineage-layout'
import type { CatalogLineageQuery } from '../generated/operations'
import { LINEAGE_QUERY } from './queries'

type Lineage = NonNullable<CatalogLineageQuery['lineage']>
export type LineageNode = Lineage['nodes'][number]

export type LineageEdge = Lineage['edges'][number]

type LineageData = CatalogLineageQuery

const PRODUCT_GRAPH = { kinds: ['PRODUCT'], depth: 2 }
const TRACE = { depth: 3 }

const EDGE_WORDS: Record<string, string> = {
  ENTITY_REFERENCE: 'entity reference',
  QUALITY_RULE: 'quality rule',
  STORES: 'stores',
  PUBLISHES: 'publishes',
  HOLDS: 'holds',
  DERIVED_FROM: 'derived',
  READS: 'read by',
  DESCRIBES: 'glossary',
}

const KIND_WORDS: Record<string, string> = {
  PRODUCT: 'product',
  TABLE: 'table',
  FIELD: 'field',
  TILE: 'dashboard tile',
  EXAMPLE_QUERY: 'example query',
  GLOSSARY_TERM: 'glossary term',
}

/**
 * The lineage of a product, or of what the person traces from it (`trace`: a node id, such as "tile:risk-grades").
 * Keyed by product and trace where it is used, so that a new link starts afresh.
 */
export function Lineage({
  productId,
  productName,
  fields,
  trace,
}: {
  productId: string
  productName: string
  fields: string[]
  trace?: string
}) {
  const productNode = `product:${productId}`
  const [of, setOf] = useState(trace ?? productNode)
  const [typed, setTyped] = useState('')
  const tracing = of !== productNode
  const state = useGraphQL<LineageData>(LINEAGE_QUERY, tracing ? { of, ...TRACE } : { of, ...PRODUCT_GRAPH })
  const { role } = useSignedIn()
  const inputId = useId()
  const listId = useId()

  const traceTyped = (event: FormEvent) => {
    event.preventDefault()
    if (typed.trim()) setOf(typed.trim())
  }
  const denial = denialAt(state.errors, 'lineage')
  const notFound = state.errors.find((error) => error.extensions?.code === 'NOT_FOUND')
  const lineage = state.data?.lineage

  return (
    <section aria-labelledby="lineage-heading" className="lineage">
      <h4 id="lineage-heading">Lineage</h4>
      <p className="muted small">
        Arrows run from what feeds to what is fed. The products {productName} depends on are above it, those that depend
        on it below: through federation entity references and cross-product quality rules. Trace a field, a table or a
        dashboard tile to see what it is computed from and what reads it.
      </p>
      <form className="lineage-trace" onSubmit={traceTyped}>
        <div className="field grow">
          <label htmlFor={inputId}>Trace a field, table or tile</label>
          <input
            id={inputId}
            list={listId}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            placeholder="e.g. Customer.riskGrade, tile:risk-grades"
          />
          <datalist id={listId}>
            {fields.map((coordinate) => (
              <option key={coordinate} value={coordinate} />
            ))}
          </datalist>
        </div>
        <button type="submit">Trace</button>
        {tracing && (
          <button type="button" className="secondary" onClick={() => setOf(productNode)}>
            Back to the products
          </button>
        )}
      </form>
      {state.status === 'loading' && <Loading label="Tracing the lineage" />}
      {state.status === 'failed' && <Failure message={state.failure} onRetry={state.reload} />}
      {denial && <Denied role={role} field={denial.field} reason={denial.reason} compact />}
      {notFound && <Failure message={notFound.message} />}
      {lineage && (
        <>
          <p className="lineage-of" data-lineage-of={lineage.of.id}>
            {tracing ? 'Tracing' : 'Products around'} <strong>{lineage.of.label}</strong>{' '}
            <span className="muted">({KIND_WORDS[lineage.of.kind] ?? lineage.of.kind})</span>:{' '}
            {lineage.nodes.length - 1} connected, {lineage.edges.length} edge{lineage.edges.length === 1 ? '' : 's'}
          </p>
          <LineageDrawing nodes={lineage.nodes} edges={lineage.edges} of={lineage.of.id} onChoose={setOf} />
          <EdgeList nodes={lineage.nodes} edges={lineage.edges} />
        </>
      )}
    </section>
  )
}

const NODE_WIDTH = { wide: 190, narrow: 150 }
const NODE_HEIGHT = 48
const GAP = 18
const MAX_NODE_WIDTH = 280

function LineageDrawing({
  nodes,
  edges,
  of,
  onChoose,
}: {
  nodes: LineageNode[]
  edges: LineageEdge[]
  of: string
  onChoose(id: string): void
}) {
  const narrow = useMediaQuery('(max-width: 600px)')
  const layout = layOutLineage(nodes, edges, {
    nodeWidth: narrow ? NODE_WIDTH.narrow : NODE_WIDTH.wide,
    maxNodeWidth: MAX_NODE_WIDTH,
    nodeHeight: NODE_HEIGHT,
    perLine: narrow ? 2 : 4,
    gap: GAP,
  })
  const { nodeWidth } = layout
  const titleId = useId()
  // React's ids hold characters that url(#…) references do not take.
  const arrowId = `arrow${useId().replace(/\W/g, '')}`
  const clipId = `clip${useId().replace(/\W/g, '')}`
  const byId = new Map(nodes.map((node) => [node.id, node]))
  const choose = (id: string) => id !== of && onChoose(id)
  const onKey = (id: string) => (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      choose(id)
    }
  }
  return (
    <div className="lineage-canvas">
      <svg
        role="group"
        aria-labelledby={titleId}
        viewBox={`0 ${-layout.top} ${layout.width} ${layout.height + layout.top + 4}`}
        width={layout.width}
        style={{ maxWidth: '100%', height: 'auto' }}
        data-lineage-graph
      >
        <title id={titleId}>Lineage graph: {nodes.length} nodes; choose one to trace from it</title>
        <defs>
          <marker
            id={arrowId}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" className="lineage-arrow" />
          </marker>
          <clipPath id={clipId}>
            <rect x={4} y={0} width={nodeWidth - 12} height={NODE_HEIGHT} />
          </clipPath>
        </defs>
        {layout.edges.map(({ index, from, to, path }) => {
          const edge = edges[index]!
          return (
            <path
              key={`${from.id}>${to.id}:${edge.kind}`}
              d={path}
              className={`lineage-edge edge-${edge.kind.toLowerCase()}`}
              markerEnd={`url(#${arrowId})`}
              data-edge={`${from.id}>${to.id}`}
            >
              <title>{`${byId.get(from.id)?.label} → ${byId.get(to.id)?.label}: ${EDGE_WORDS[edge.kind] ?? edge.kind}${edge.via.length ? ` (${edge.via.join(', ')})` : ''}`}</title>
            </path>
          )
        })}
        {[...layout.nodes.values()].map((placed) => {
          const node = byId.get(placed.id)!
          const kind = `${KIND_WORDS[node.kind] ?? node.kind}${node.derivation ? ' · derived' : ''}`
          const current = node.id === of
          // Named by its text, as shown (a long label is clipped by the box, not cut, so it is read whole).
          return (
            <g
              key={node.id}
              role="button"
              tabIndex={0}
              aria-current={current || undefined}
              className={`lineage-node kind-${node.kind.toLowerCase()}${current ? ' current' : ''}`}
              transform={`translate(${placed.x - nodeWidth / 2} ${placed.y - NODE_HEIGHT / 2})`}
              onClick={() => choose(node.id)}
              onKeyDown={onKey(node.id)}
              data-node={node.id}
            >
              <rect width={nodeWidth} height={NODE_HEIGHT} rx={8} />
              <text x={8} y={17} className="lineage-kind">
                {kind}
              </text>
              <text x={8} y={36} className="lineage-label" clipPath={`url(#${clipId})`}>
                {node.label}
              </text>
            </g>
          )
        })}
      </svg>
    </div>
  )
}

/** The same edges as sentences, for reading and for screen readers, and how each derived field is computed. */
function EdgeList({ nodes, edges }: { nodes: LineageNode[]; edges: LineageEdge[] }) {
  const byId = new Map(nodes.map((node) => [node.id, node]))
  const derived = nodes.filter((node) => node.derivation)
  return (
    <details className="lineage-list">
      <summary>The lineage as a list ({edges.length} edges)</summary>
      {derived.length > 0 && (
        <dl className="lineage-derivations">
          {derived.map((node) => (
            <div key={node.id}>
              <dt>
                <code>{node.label}</code>
              </dt>
              <dd>{node.derivation}</dd>
            </div>
          ))}
        </dl>
      )}
      <ul>
        {edges.map((edge) => (
          <li key={`${edge.from}>${edge.to}:${edge.kind}`} data-edge={`${edge.from}>${edge.to}`}>
            <code>{byId.get(edge.from)?.label ?? edge.from}</code> → <code>{byId.get(edge.to)?.label ?? edge.to}</code>{' '}
            <span className="muted small">
              {EDGE_WORDS[edge.kind] ?? edge.kind}
              {edge.via.length > 0 && `: ${edge.via.join(', ')}`}
            </span>
          </li>
        ))}
      </ul>
    </details>
  )
}

function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query)
      list.addEventListener('change', onChange)
      return () => list.removeEventListener('change', onChange)
    },
    () => window.matchMedia(query).matches,
  )
}
