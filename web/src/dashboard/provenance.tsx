// Which data product feeds a tile and how fresh it is, from the catalog's live status of every product.
import { createContext, useContext, type ReactNode } from 'react'
import { denialAt } from '../api'
import { formatInstant, formatRelative } from '../format'
import { useGraphQL } from '../useGraphQL'

export interface ProductStatus {
  id: string
  name: string
  owner: { team: string; contact: string }
  freshnessObjective: string
  liveStatus: { available: boolean; checkedAt: string; lastDataUpdate: string | null; error: string | null; tables: { table: string; lastUpdate: string | null }[] }
}

interface Catalog {
  status: 'loading' | 'done' | 'failed'
  products: Map<string, ProductStatus>
  /** Why the catalog itself was refused (a customer may not read it). */
  denied?: string
}

export const CATALOG_STATUS_QUERY = `query DashboardProvenance {
  dataProducts { id name owner { team contact } freshnessObjective liveStatus { available checkedAt lastDataUpdate error tables { table lastUpdate } } }
}`

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
 * "Source: Customer Transactions · latest Transaction 28 Nov 2026, 21:59 UTC (2 hours ago)": the newest row of
 * the table that feeds the tile when one is named, else of the whole product.
 */
export function Provenance({ productId, table, note }: { productId: string; table?: string; note?: string }) {
  const catalog = useContext(CatalogContext)
  const product = catalog.products.get(productId)
  const name = product?.name ?? productId
  return (
    <p className="provenance" data-product={productId}>
      <span className="source">
        Source: <a href={`#/catalog/${productId}`}>{name}</a>
      </span>
      {catalog.status === 'loading' && <span> · checking freshness…</span>}
      {catalog.denied && <span> · freshness unknown: {catalog.denied}</span>}
      {product && <Freshness product={product} table={table} />}
      {note && <span> · {note}</span>}
    </p>
  )
}

function Freshness({ product, table }: { product: ProductStatus; table?: string }) {
  const { liveStatus } = product
  if (!liveStatus.available) return <span className="stale"> · not answering{liveStatus.error ? `: ${liveStatus.error}` : ''}</span>
  const fed = table ? liveStatus.tables.find((t) => t.table === table) : undefined
  const latest = fed ? fed.lastUpdate : liveStatus.lastDataUpdate
  if (!latest) return <span> · no data yet</span>
  return (
    <span className="freshness" title={`Freshness objective: ${product.freshnessObjective} Checked ${formatInstant(liveStatus.checkedAt)}.`}>
      {' '}
      · latest {fed ? fed.table : 'data'} <time dateTime={latest}>{formatInstant(latest)}</time> ({formatRelative(latest)})
    </span>
  )
}
