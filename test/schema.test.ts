// The committed schema/ matches the subgraphs, and every part of the composed graph is documented.
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import {
  concatAST,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isIntrospectionType,
  isSpecifiedScalarType,
  parse,
  visit,
  type DocumentNode,
} from 'graphql'
import { buildSubgraphSchema } from '@apollo/subgraph'
import { Supergraph } from '@apollo/federation-internals'
import { schemaFiles } from '../scripts/compose'
import {
  classifyFields,
  declaredFields,
  FEDERATION_QUERY_FIELDS,
  FEDERATION_TYPES,
  unscopedOwnedFields,
} from '../rules/classification'
import { applyPermissions } from '../rules/permissions'
import { SUBGRAPHS } from '../subgraphs/registry'

const SCHEMA_DIR = path.resolve(__dirname, '..', 'schema')

describe('schema', () => {
  const expected = schemaFiles()

  test.each(Object.keys(expected))(
    'schema/%s matches what the subgraphs compose to (run `npm run compose` if not)',
    (file) => {
      expect(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')).toBe(expected[file])
    },
  )

  test('every type, field, argument and enum value of the composed API has a description', () => {
    const api = Supergraph.build(expected['supergraph.graphql']!).apiSchema().toGraphQLJSSchema()
    const missing: string[] = []
    for (const type of Object.values(api.getTypeMap())) {
      if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue
      if (!type.description?.trim()) missing.push(type.name)
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`)
          for (const arg of 'args' in field ? field.args : [])
            if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name})`)
        }
      }
      if (isEnumType(type))
        for (const value of type.getValues()) if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`)
    }
    expect(missing).toEqual([])
  })

  test.each(SUBGRAPHS.map((s) => s.name))(
    'every field the %s subgraph adds to the supergraph has a data classification',
    (name) => {
      const typeDefs = SUBGRAPHS.find((s) => s.name === name)!.typeDefs()
      const classified = classifyFields(typeDefs)
      const unclassified = declaredFields(typeDefs).filter((coordinate) => {
        const [typeName, fieldName] = coordinate.split('.') as [string, string]
        return (
          !classified.has(coordinate) &&
          !FEDERATION_TYPES.has(typeName) &&
          !(typeName === 'Query' && FEDERATION_QUERY_FIELDS.has(fieldName))
        )
      })
      expect(unclassified).toEqual([])
    },
  )

  test.each(SUBGRAPHS.map((s) => s.name))(
    "every list, aggregate and stream of customers' rows in the %s subgraph declares its row scope",
    (name) => {
      expect(unscopedOwnedFields(SUBGRAPHS.find((s) => s.name === name)!.typeDefs())).toEqual([])
    },
  )

  test("a list or aggregate of customers' rows that forgets its row scope is named, and its subgraph refuses to start", () => {
    const transactions = SUBGRAPHS.find((s) => s.name === 'transactions')!.typeDefs()
    const forgotten = withoutOwnRows(transactions, 'transactionSummary')
    expect(unscopedOwnedFields(forgotten)).toEqual(['Query.transactionSummary'])
    expect(() => applyPermissions(buildSubgraphSchema([{ typeDefs: forgotten }]), forgotten)).toThrow(
      /without a row scope: Query\.transactionSummary/,
    )
    const customers = SUBGRAPHS.find((s) => s.name === 'customers')!.typeDefs()
    const newList = concatAST([customers, parse('extend type Query { "Recently joined." newcomers: [Customer!]! }')])
    expect(unscopedOwnedFields(newList)).toEqual(['Query.newcomers'])
    expect(unscopedOwnedFields(withoutOwnRows(customers, 'customers'))).toEqual(['Query.customers'])
  })
})

/** The SDL with the `@ownRows` of one root field taken away. */
function withoutOwnRows(typeDefs: DocumentNode, fieldName: string): DocumentNode {
  return visit(typeDefs, {
    FieldDefinition: (field) =>
      field.name.value === fieldName
        ? { ...field, directives: field.directives?.filter((d) => d.name.value !== 'ownRows') }
        : undefined,
  })
}
