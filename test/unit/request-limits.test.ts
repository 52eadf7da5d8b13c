// The gateway's hostile-input limits as graphql-js validation over the composed API schema, and its token count.
import { expect, test } from '@jest/globals'
import { Supergraph } from '@apollo/federation-internals'
import { parse, validate } from 'graphql'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { countTokens, createRequestLimits, DEFAULT_REQUEST_LIMITS } from '../../gateway/plugins/request-limits'

const schema = Supergraph.build(readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8'))
  .apiSchema()
  .toGraphQLJSSchema()
const { validationRules } = createRequestLimits()
const problems = (query: string) => validate(schema, parse(query), validationRules).map((error) => error.message)

/** customer → accounts → transactions → customer → … to the given depth. */
function nested(depth: number): string {
  let selection = 'id'
  for (let level = 0; level < depth; level++)
    selection = level % 2 ? `customer { ${selection} }` : `accounts { ${selection} }`
  return `{ customer(id: "C-00001") { ${selection} } }`
}

test('an ordinary dashboard query passes', () => {
  expect(
    problems(
      '{ transactionSummary { count credits debits } customers(first: 10) { totalCount edges { node { id name } } } }',
    ),
  ).toEqual([])
})

test('depth, aliases and directives past their limits are refused, each naming its limit', () => {
  expect(problems(nested(DEFAULT_REQUEST_LIMITS.maxDepth - 2))).toEqual([])
  expect(problems(nested(DEFAULT_REQUEST_LIMITS.maxDepth + 2)).join()).toMatch(/depth limit of 12 exceeded/i)
  const aliases = Array.from(
    { length: DEFAULT_REQUEST_LIMITS.maxAliases + 1 },
    (_, i) => `a${i}: transactionSummary { count }`,
  ).join(' ')
  expect(problems(`{ ${aliases} }`).join()).toMatch(/Aliases limit of 30 exceeded/)
  const directives = Array.from({ length: DEFAULT_REQUEST_LIMITS.maxDirectives + 1 }, () => '@include(if: true)').join(
    ' ',
  )
  expect(problems(`{ transactionSummary ${directives} { count } }`).join()).toMatch(/Directives limit of 20 exceeded/)
})

test('a costly query (many large pages nested) is refused by its cost', () => {
  expect(
    problems(
      '{ customers(first: 100) { edges { node { accounts { transactions(first: 100) { edges { node { customer { loans { id } } } } } } } } } }',
    ).join(),
  ).toMatch(/Cost limit of 50000 exceeded/)
})

test('field suggestions are not given away', () => {
  expect(problems('{ customerz { id } }').join()).not.toMatch(/Did you mean/)
})

test('tokens are counted as graphql-js lexes them, stopping once past the limit', () => {
  expect(countTokens('{ a { b c } }', 100)).toBe(7)
  expect(countTokens('{ a(x: "one, two") }', 100)).toBe(8)
  expect(countTokens(`{ ${'a '.repeat(10_000)}}`, 50)).toBe(51)
  expect(countTokens('{ "unterminated', 100)).toBe(1)
})
