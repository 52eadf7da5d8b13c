// The committed schema/ matches the subgraphs, and every part of the composed graph is documented.
import { describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isIntrospectionType, isSpecifiedScalarType } from 'graphql'
import { Supergraph } from '@apollo/federation-internals'
import { schemaFiles } from '../scripts/compose'
import { classifyFields, declaredFields, FEDERATION_QUERY_FIELDS, FEDERATION_TYPES } from '../rules/classification'
import { SUBGRAPHS } from '../subgraphs/registry'

const SCHEMA_DIR = path.resolve(__dirname, '..', 'schema')

describe('schema', () => {
  const expected = schemaFiles()

  test.each(Object.keys(expected))('schema/%s matches what the subgraphs compose to (run `npm run compose` if not)', (file) => {
    expect(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')).toBe(expected[file])
  })

  test('every type, field, argument and enum value of the composed API has a description', () => {
    const api = Supergraph.build(expected['supergraph.graphql']!).apiSchema().toGraphQLJSSchema()
    const missing: string[] = []
    for (const type of Object.values(api.getTypeMap())) {
      if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue
      if (!type.description?.trim()) missing.push(type.name)
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`)
          for (const arg of 'args' in field ? field.args : []) if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name})`)
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`)
    }
    expect(missing).toEqual([])
  })

  test.each(SUBGRAPHS.map((s) => s.name))('every field the %s subgraph adds to the supergraph has a data classification', (name) => {
    const typeDefs = SUBGRAPHS.find((s) => s.name === name)!.typeDefs()
    const classified = classifyFields(typeDefs)
    const unclassified = declaredFields(typeDefs).filter((coordinate) => {
      const [typeName, fieldName] = coordinate.split('.') as [string, string]
      return !classified.has(coordinate) && !FEDERATION_TYPES.has(typeName) && !(typeName === 'Query' && FEDERATION_QUERY_FIELDS.has(fieldName))
    })
    expect(unclassified).toEqual([])
  })
})
