// Finding data products: by words, domain, owner, classification, field and status. Pure functions over
// what the products publish.
import type { PublishedDataProduct } from '../../lib/data-product-routes'

export interface DataProductFilter {
  text?: string | null
  domain?: string | null
  owner?: string | null
  classification?: string | null
  field?: string | null
  status?: string | null
}

const normalise = (text: string) => text.toLowerCase()

/** The text a product is found by, lower-cased. */
function searchableText(product: PublishedDataProduct): string {
  const { descriptor, fields, rootFields } = product
  return normalise([
    descriptor.id, descriptor.name, descriptor.domain, descriptor.owner.team, descriptor.owner.contact, descriptor.purpose, descriptor.limitations,
    ...descriptor.useCases,
    ...fields.flatMap((f) => [f.coordinate, f.description ?? '']),
    ...rootFields.flatMap((f) => [f.name, f.description ?? '']),
  ].join('\n'))
}

/** Words of a query, without punctuation and without the words every question has. */
export function queryWords(text: string): string[] {
  const stop = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'for', 'about', 'on', 'in', 'to', 'with', 'what', 'which', 'do', 'we', 'have', 'data', 'is', 'are'])
  return normalise(text).split(/[^a-z0-9.@_-]+/).filter((w) => w.length > 1 && !stop.has(w))
}

/** A word matches itself or a simple plural or singular of itself. */
function wordVariants(word: string): string[] {
  if (word.endsWith('ies')) return [word, `${word.slice(0, -3)}y`]
  if (word.endsWith('s')) return [word, word.slice(0, -1)]
  return [word]
}

function publishesField(product: PublishedDataProduct, wanted: string): boolean {
  const field = normalise(wanted)
  return product.fields.some((f) => {
    const coordinate = normalise(f.coordinate)
    const [typeName, fieldName] = coordinate.split('.')
    return coordinate === field || fieldName === field || typeName === field
  }) || product.rootFields.some((f) => normalise(f.name) === field)
}

/** How many of the words a product's text has, and how often they occur. */
export function relevance(product: PublishedDataProduct, words: string[]): { matched: number; hits: number } {
  const text = searchableText(product)
  let matched = 0
  let hits = 0
  for (const word of words) {
    const found = wordVariants(word).reduce((n, variant) => n + text.split(variant).length - 1, 0)
    if (found > 0) matched++
    hits += found
  }
  return { matched, hits }
}

export function searchDataProducts(products: PublishedDataProduct[], filter: DataProductFilter | null | undefined): PublishedDataProduct[] {
  const words = filter?.text ? queryWords(filter.text) : []
  const scored = products
    .filter(({ descriptor }) => !filter?.domain || normalise(descriptor.domain).includes(normalise(filter.domain)))
    .filter(({ descriptor }) => !filter?.owner || normalise(`${descriptor.owner.team} ${descriptor.owner.contact}`).includes(normalise(filter.owner)))
    .filter(({ descriptor }) => !filter?.status || descriptor.status === normalise(filter.status))
    .filter((product) => !filter?.classification || product.fields.some((f) => f.level === filter.classification))
    .filter((product) => !filter?.field || publishesField(product, filter.field))
    .map((product) => ({ product, ...(words.length ? relevance(product, words) : { matched: 0, hits: 1 }) }))
  // Products with every word; when none has them all, those with most of them (at least half).
  const best = Math.max(0, ...scored.map((s) => s.matched))
  const needed = best === words.length ? words.length : Math.max(Math.ceil(words.length / 2), 1)
  return scored
    .filter((s) => (words.length ? s.matched >= needed : true))
    .sort((a, b) => b.matched - a.matched || b.hits - a.hits || a.product.descriptor.name.localeCompare(b.product.descriptor.name))
    .map(({ product }) => product)
}
