import { describe, expect, it } from '@jest/globals'
import { productFields, rootFields } from '../../lib/data-contract'
import type { PublishedDataProduct } from '../../lib/data-product-routes'
import { searchDataProducts, stemWord } from '../../subgraphs/catalog/search'
import { SUBGRAPHS } from '../../subgraphs/registry'

// The mesh's own products, as the catalog publishes them (without the standards documents search never reads).
const products: PublishedDataProduct[] = SUBGRAPHS.map((subgraph) => {
  const { dataProduct: descriptor } = require(`../../subgraphs/${subgraph.name}/data-product`) as {
    dataProduct: PublishedDataProduct['descriptor']
  }
  const typeDefs = subgraph.typeDefs()
  return {
    descriptor,
    odps: {},
    odcs: {},
    fields: productFields(descriptor, typeDefs),
    rootFields: rootFields(descriptor, typeDefs),
  }
})

const found = (text: string) => searchDataProducts(products, { text }).map((p) => p.descriptor.id)

describe('finding data products by words', () => {
  it('ranks by what is rare: "customer" is everywhere, so the other words decide', () => {
    expect(found('What data do we have about customer transactions?')[0]).toBe('transactions')
    expect(found("I need to check where a customer's car loan application stands")[0]).toBe('loans')
    expect(found('open to see the status of a loan application')[0]).toBe('loans')
  })

  it("reads the products' glossaries, other forms of a word and the words a product uses inside a longer one", () => {
    expect(found('tells me how risky each borrower is')[0]).toBe('risk')
    expect(found('creditworthiness of our clients')[0]).toBe('risk')
    expect(found('who tried to read SSNs')[0]).toBe('audit')
    expect(found('the probability that a customer defaults')[0]).toBe('risk')
  })

  it('lists only the products close to the best, and none for words no product uses', () => {
    expect(found('lineage')).toEqual(['catalog'])
    expect(found('xylophone')).toEqual([])
  })

  it('words that only say how a question is asked find every product, as no words do', () => {
    expect(found('what do we have?').sort()).toEqual(products.map((p) => p.descriptor.id).sort())
  })

  it('a light stemmer joins the forms of a word and leaves short words and "-ss" alone', () => {
    expect(['applications', 'application', 'applied'].map(stemWord)).toEqual(['application', 'application', 'appli'])
    expect(['ratings', 'rating', 'assessed', 'assessing'].map(stemWord)).toEqual(['rat', 'rat', 'assess', 'assess'])
    expect(['risky', 'risk', 'money', 'class', 'status'].map(stemWord)).toEqual([
      'risk',
      'risk',
      'money',
      'class',
      'status',
    ])
  })
})
