// The chat's words for what the mesh names come from the supergraph indexed last (the one the gateway serves, at
// start and after every reload), so a product a reload adds is in the chat's scope at once.
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { createSchemaIndex, meshNames, meshVocabulary, stem, SUPERGRAPH_FILE } from '../../agent/schema-index'

describe('the mesh names of the indexed supergraph', () => {
  test('a type a reloaded supergraph adds is named by the mesh and in its vocabulary; the committed one again drops it', () => {
    const committed = readFileSync(SUPERGRAPH_FILE, 'utf8')
    createSchemaIndex(committed)
    expect(meshNames().has(stem('lockers'))).toBe(false)
    expect(meshVocabulary().has('teller')).toBe(false)

    const withLockers = `${committed}
"A safe-deposit locker, opened by a teller."
type Locker @join__type(graph: CUSTOMERS) {
  id: ID!
  size: String
}
`
    createSchemaIndex(withLockers)
    expect(meshNames().has(stem('lockers'))).toBe(true)
    expect(meshVocabulary().has('teller')).toBe(true)

    createSchemaIndex(committed)
    expect(meshNames().has(stem('lockers'))).toBe(false)
  })
})
