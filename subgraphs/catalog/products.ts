// The catalog's view of the mesh's products: each domain publishes its descriptor, contract and live status
// on its internal endpoints, and the catalog asks for them with the mesh's service identity.
import type { PublishedDataProduct, ProductStatus } from '../../lib/data-product-routes'
import { DATA_PRODUCT_PATH } from '../../lib/data-product-routes'
import type { RuleResult } from '../../lib/quality'
import { IDENTITY_HEADER, SERVICE_SUBJECT_PREFIX, signForwardedIdentity } from '../../rules/identity'

export const CATALOG_SERVICE_SUBJECT = `${SERVICE_SUBJECT_PREFIX}catalog`
const DESCRIPTOR_TTL_MILLIS = 60_000
const STATUS_TTL_MILLIS = 10_000
const TIMEOUT_MILLIS = 30_000

export interface ProductDirectory {
  /** The ids of the products the catalog knows, in a stable order. */
  ids(): string[]
  /** Every product that answers (descriptors are cached for a minute; the last known one is kept if it stops answering). */
  all(): Promise<PublishedDataProduct[]>
  get(id: string): Promise<PublishedDataProduct | undefined>
  status(id: string): Promise<ProductStatus | { error: string; checkedAt: string }>
  runLocalRules(id: string): Promise<RuleResult[]>
  referencedValues(id: string, ruleId: string, after: string | null): Promise<string[]>
  missingKeys(id: string, entity: string, keys: string[]): Promise<string[]>
}

/** A product's internal base URL from its GraphQL URL. */
export const productBaseUrl = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql\/?$/, '')

export function createProductDirectory(productUrls: Record<string, string>, internalSecret: string): ProductDirectory {
  const descriptors = new Map<string, { product: PublishedDataProduct; fetchedAt: number }>()
  const statuses = new Map<string, { status: ProductStatus; fetchedAt: number }>()

  async function call<T>(id: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const base = productUrls[id]
    if (!base) throw new Error(`no product has the id ${id}`)
    const identity = await signForwardedIdentity(
      { subject: CATALOG_SERVICE_SUBJECT, roles: [], channel: 'api' },
      internalSecret,
    )
    const response = await fetch(`${productBaseUrl(base)}${DATA_PRODUCT_PATH}${path}`, {
      method: init.method ?? 'GET',
      headers: { [IDENTITY_HEADER]: identity, ...(init.body !== undefined && { 'content-type': 'application/json' }) },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(TIMEOUT_MILLIS),
    })
    if (!response.ok) throw new Error(`the ${id} data product answered HTTP ${response.status}`)
    return (await response.json()) as T
  }

  async function get(id: string): Promise<PublishedDataProduct | undefined> {
    const cached = descriptors.get(id)
    if (cached && Date.now() - cached.fetchedAt < DESCRIPTOR_TTL_MILLIS) return cached.product
    try {
      const product = await call<PublishedDataProduct>(id, '')
      descriptors.set(id, { product, fetchedAt: Date.now() })
      return product
    } catch {
      return cached?.product
    }
  }

  return {
    ids: () => Object.keys(productUrls),
    async all() {
      const products = await Promise.all(Object.keys(productUrls).map(get))
      return products.filter((p): p is PublishedDataProduct => p !== undefined)
    },
    get,
    async status(id) {
      const cached = statuses.get(id)
      if (cached && Date.now() - cached.fetchedAt < STATUS_TTL_MILLIS) return cached.status
      try {
        const status = await call<ProductStatus>(id, '/status')
        statuses.set(id, { status, fetchedAt: Date.now() })
        return status
      } catch (error) {
        return {
          error: `the ${id} data product did not answer: ${(error as Error).message}`,
          checkedAt: new Date().toISOString(),
        }
      }
    },
    runLocalRules: async (id) =>
      (await call<{ results: RuleResult[] }>(id, '/quality', { method: 'POST', body: {} })).results,
    referencedValues: async (id, ruleId, after) =>
      (
        await call<{ values: string[] }>(
          id,
          `/quality/values?rule=${encodeURIComponent(ruleId)}${after === null ? '' : `&after=${encodeURIComponent(after)}`}`,
        )
      ).values,
    missingKeys: async (id, entity, keys) =>
      (await call<{ missing: string[] }>(id, '/quality/missing', { method: 'POST', body: { entity, keys } })).missing,
  }
}
