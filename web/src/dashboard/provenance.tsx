// Which data product feeds a tile and how fresh it is, from the catalog's live status of every product.
import { createContext, useContext, type ReactNode } from 'react'
import { denialAt } from '../api'
import { formatInstant, formatRelative } from '../format'
import { useGraphQL } from '../useGraphQL'
import { CATALOG_STATUS_QUERY } from './queries'

export interface ProductStatus {
  id: string
  name: string
  owner: { team: string; contact: string }
  freshnessObjective: string
  liveStatus: {
    available: boolean
    checkedAt: string
    lastDataUpdate: string | null
    error: string | null
    tables: { table: string; lastUpdate: string | null }[]
  }
}

interface Catalog {
  status: 'loading' | 'done' | 'failed'
  products: Map<string, ProductStatus>
  /** Why the catalog itself was refused (a customer may not read it). */
  denied?: string
}

const CatalogContext = createContext<Catalog>({ status: 'loading', products: new Map() })

export function ProvenanceProvider({ children }: { children: ReactNode }) {
  const result = useGraphQL<{ dataProducts: ProductStatus[] | null }>(CATALOG_STATUS_QUERY)
  const products = new Map((result.data?.dataProducts ?? []).map((product) => [product.id, product]))
  const denied = denialAt(result.errors, 'dataProducts')?.reason
  const status = result.status === 'loading' ? 'loading' : result.status === 'failed' ? 'failed' : 'done'
  return <CatalogContext.Provider value={{ status, products, denied }}>{children}</CatalogContext.Provider>
}

export function useProduct(id: string): ProductStatus | undefined {
  return useContext(CatalogContext).products.get(id)
}

/**
 * Where a tile's figures come from, on one line that opens: "Source: Customer Transactions · 2 hours ago", then
 * the product (a link to its catalog entry) and the newest row of the table that feeds the tile when one is
 * named, else of the whole product: "latest Transaction 28 Nov 2026, 21:59 UTC (2 hours ago)"; and a link to the
 * tile's lineage in the catalog.
 */
export function Provenance({
  productId,
  table,
  note,
  tile,
}: {
  productId: string
  table?: string
  note?: string
  tile?: string
}) {
  const catalog = useContext(CatalogContext)
  const product = catalog.products.get(productId)
  const name = product?.name ?? productId
  const stale = product && !product.liveStatus.available
  return (
    <details className="provenance" data-product={productId}>
      <summary>
        <span className={stale ? 'provenance-line stale' : 'provenance-line'}>
          Source: {name}
          {catalog.status === 'loading' && ' · checking freshness…'}
          {product && ` · ${freshnessInBrief(product, table)}`}
        </span>
      </summary>
      <p>
        <span className="source">
          Source: <a href={`#/catalog/${productId}`}>{name}</a>
          {product && `, owned by ${product.owner.team}`}
          {tile && (
            <>
              {' · '}
              <a href={`#/catalog/${productId}/${encodeURIComponent(`tile:${tile}`)}`}>where this figure comes from</a>
            </>
          )}
        </span>
        {catalog.denied && <span> · freshness unknown: {catalog.denied}</span>}
        {product && <Freshness product={product} table={table} />}
        {note && <span> · {note}</span>}
      </p>
      {product?.liveStatus.available && (
        <p className="objective">
          Freshness objective: {product.freshnessObjective} Checked {formatInstant(product.liveStatus.checkedAt)}.
        </p>
      )}
    </details>
  )
}

/** The newest row the tile reads: of its table when named, else of the product. */
function latestOf(
  product: ProductStatus,
  table?: string,
): { fed?: ProductStatus['liveStatus']['tables'][number]; latest: string | null } {
  const fed = table ? product.liveStatus.tables.find((t) => t.table === table) : undefined
  return { fed, latest: fed ? fed.lastUpdate : product.liveStatus.lastDataUpdate }
}

function freshnessInBrief(product: ProductStatus, table?: string): string {
  if (!product.liveStatus.available) return 'not answering'
  const { latest } = latestOf(product, table)
  return latest ? `updated ${formatRelative(latest)}` : 'no data yet'
}

function Freshness({ product, table }: { product: ProductStatus; table?: string }) {
  const { liveStatus } = product
  if (!liveStatus.available)
    return <span className="stale"> · not answering{liveStatus.error ? `: ${liveStatus.error}` : ''}</span>
  const { fed, latest } = latestOf(product, table)
  if (!latest) return <span> · no data yet</span>
  return (
    <span className="freshness">
      {' '}
      · latest {fed ? fed.table : 'data'} <time dateTime={latest}>{formatInstant(latest)}</time> (
      {formatRelative(latest)})
    </span>
  )
}
