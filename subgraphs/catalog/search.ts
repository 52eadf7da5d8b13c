// Finding data products: by words (ranked by BM25 over what each product publishes: its name, purpose, use
// cases, glossary and fields), domain, owner, classification, field and status.
import MiniSearch from 'minisearch'
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

// Words that say how a question is asked, not what it is about: they find nothing.
const STOP_WORDS = new Set(
  `a an the of and or for about on in at to by from with as into than then so if
what which where who whom whose when why how do does did done is are was were be been being am have has had
can could would should will shall may might must need needs i me my we us our you your they them their it its
myself ourselves yourself yourselves themselves itself himself herself
this that these those there here any some each every all such other one find look looking up see open check
tell tells show shows give gives get got know want wanted please thanks data information product products
dataset datasets source sources kept stored held recorded`.split(/\s+/),
)

/** A light stemmer: "applications" and "application", "ratings" and "rating", "assessed" and "assess" meet. */
export function stemWord(word: string): string {
  let stem = word
  if (stem.length > 4 && stem.endsWith('ies')) stem = `${stem.slice(0, -3)}y`
  else if (stem.length > 4 && /(ss|sh|ch|x)es$/.test(stem)) stem = stem.slice(0, -2)
  else if (stem.length > 3 && stem.endsWith('s') && !/(ss|us|is)$/.test(stem)) stem = stem.slice(0, -1)
  if (stem.length > 5 && stem.endsWith('ing')) return stem.slice(0, -3)
  if (stem.length > 5 && stem.endsWith('ed') && !stem.endsWith('eed')) return stem.slice(0, -2)
  // "risky" and "risk"; not "money" or "delay".
  if (stem.length > 4 && stem.endsWith('y') && !/[aeou]y$/.test(stem)) return stem.slice(0, -1)
  return stem
}

/** Words of a text: camelCase and snake_case split ("riskGrade" is "risk grade"), lower-cased. */
function tokenize(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9@]+/)
    .filter(Boolean)
}

/** Words of a query, without punctuation and without the words every question has. */
export function queryWords(text: string): string[] {
  return tokenize(text)
    .map(normalise)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
}

function processTerm(term: string): string | null {
  const word = normalise(term)
  return word.length > 1 && !STOP_WORDS.has(word) ? stemWord(word) : null
}

interface IndexedProduct {
  id: string
  name: string
  about: string
  glossary: string
  schema: string
  owner: string
}

/** What a product is found by: its own words weigh more than its fields' descriptions. */
function indexedProduct({ descriptor, fields, rootFields }: PublishedDataProduct): IndexedProduct {
  return {
    id: descriptor.id,
    name: `${descriptor.name} ${descriptor.domain}`,
    about: [descriptor.purpose, ...descriptor.useCases, descriptor.limitations].join('\n'),
    glossary: (descriptor.glossary ?? []).flatMap((term) => [term.term, ...term.synonyms, term.meaning]).join('\n'),
    schema: [
      ...fields.flatMap((f) => [f.coordinate, f.description ?? '']),
      ...rootFields.flatMap((f) => [f.name, f.description ?? '']),
    ].join('\n'),
    owner: `${descriptor.id} ${descriptor.owner.team} ${descriptor.owner.contact}`,
  }
}

const FIELD_BOOSTS = { name: 4, about: 2, glossary: 2, schema: 0.5, owner: 1 }
// A product whose relevance is below this share of the best one's is not listed: it only shares common words.
const RELEVANT_SHARE = 0.5

interface ProductIndex {
  index: MiniSearch<IndexedProduct>
  /** Every word the products use, as stemmed. */
  vocabulary: Set<string>
}

let cached: { key: string; built: ProductIndex } | null = null

/** A BM25 index of the products (rebuilt when the set of products or their versions change). */
function indexOf(products: PublishedDataProduct[]): ProductIndex {
  const key = products.map((p) => `${p.descriptor.id}@${p.descriptor.version}:${p.fields.length}`).join(',')
  if (cached?.key === key) return cached.built
  const documents = products.map(indexedProduct)
  const index = new MiniSearch<IndexedProduct>({
    fields: Object.keys(FIELD_BOOSTS),
    idField: 'id',
    tokenize,
    processTerm,
  })
  index.addAll(documents)
  const vocabulary = new Set(
    documents.flatMap((d) =>
      Object.values(d).flatMap((text: string) => tokenize(text).flatMap((w) => processTerm(w) ?? [])),
    ),
  )
  cached = { key, built: { index, vocabulary } }
  return cached.built
}

/**
 * A word the products never use, read as the longest word they use that it starts with ("creditworthiness" as
 * "credit", "paychecks" as "pay"); unchanged when none of at least 4 letters does.
 */
function withKnownStem(word: string, vocabulary: Set<string>): string {
  const stemmed = processTerm(word)
  if (!stemmed || vocabulary.has(stemmed)) return word
  for (let end = word.length - 1; end >= 4; end--) {
    const head = normalise(word.slice(0, end))
    if (vocabulary.has(head) && !STOP_WORDS.has(head)) return head
  }
  return word
}

/** Relevance of each product to the words, best first; products that share none of them are left out. */
export function rankByWords(products: PublishedDataProduct[], text: string): PublishedDataProduct[] {
  if (queryWords(text).length === 0) return products
  const { index, vocabulary } = indexOf(products)
  const query = tokenize(text)
    .map((word) => withKnownStem(word, vocabulary))
    .join(' ')
  const results = index.search(query, { boost: FIELD_BOOSTS, combineWith: 'OR' })
  const best = results[0]?.score ?? 0
  const byId = new Map(products.map((p) => [p.descriptor.id, p]))
  return results.filter((r) => r.score >= best * RELEVANT_SHARE).flatMap((r) => byId.get(String(r.id)) ?? [])
}

function publishesField(product: PublishedDataProduct, wanted: string): boolean {
  const field = normalise(wanted)
  return (
    product.fields.some((f) => {
      const coordinate = normalise(f.coordinate)
      const [typeName, fieldName] = coordinate.split('.')
      return coordinate === field || fieldName === field || typeName === field
    }) || product.rootFields.some((f) => normalise(f.name) === field)
  )
}

export function searchDataProducts(
  products: PublishedDataProduct[],
  filter: DataProductFilter | null | undefined,
): PublishedDataProduct[] {
  const selected = products
    .filter(({ descriptor }) => !filter?.domain || normalise(descriptor.domain).includes(normalise(filter.domain)))
    .filter(
      ({ descriptor }) =>
        !filter?.owner ||
        normalise(`${descriptor.owner.team} ${descriptor.owner.contact}`).includes(normalise(filter.owner)),
    )
    .filter(({ descriptor }) => !filter?.status || descriptor.status === normalise(filter.status))
    .filter((product) => !filter?.classification || product.fields.some((f) => f.level === filter.classification))
    .filter((product) => !filter?.field || publishesField(product, filter.field))
  return filter?.text
    ? rankByWords(selected, filter.text)
    : [...selected].sort((a, b) => a.descriptor.name.localeCompare(b.descriptor.name))
}
