// How the gateway plans a client's subscription from the committed supergraph: which subgraph owns the
// field, the upstream subscription that carries only keys, and the query that resolves each event.
import { expect, test } from '@jest/globals'
import { Supergraph } from '@apollo/federation-internals'
import { parse, type GraphQLError } from 'graphql'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { planSubscription, subscriptionRoutes } from '../../gateway/streaming/subscriptions'

const supergraphSdl = readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8')
const supergraph = Supergraph.build(supergraphSdl)
const routes = subscriptionRoutes(supergraph, supergraph.apiSchema().toGraphQLJSSchema())
const squash = (text: string) => text.replace(/\s+/g, ' ').trim()

test('every subscription field is routed to its owner, with the query that looks an event up by its key', () => {
  expect(routes.get('transactionAdded')).toEqual({
    field: 'transactionAdded',
    subgraph: 'transactions',
    typeName: 'Transaction',
    keyField: 'id',
    lookupField: 'transaction',
    keyArgumentType: 'ID!',
  })
})

test("the upstream subscription asks only for keys, with the arguments' variables; the event query keeps the client's selection", () => {
  const document = parse(`
    subscription Bookings($account: ID, $first: Int) {
      booked: transactionAdded(accountId: $account) { id amount customer { name accounts(first: $first) { id } } ...More }
    }
    fragment More on Transaction { channel }`)
  const plan = planSubscription(routes, document, { account: 'A-00042-1', first: 2, unused: true })
  expect(squash(plan.upstream.query)).toBe(
    'subscription ($account: ID) { transactionAdded(accountId: $account) { id } }',
  )
  expect(plan.upstream.variables).toEqual({ account: 'A-00042-1' })
  expect(squash(plan.eventQuery)).toBe(
    'query Bookings($first: Int, $eventKey: ID!) { booked: transaction(id: $eventKey) { id amount customer { name accounts(first: $first) { id } } ...More } } fragment More on Transaction { channel }',
  )
  expect(plan).toMatchObject({
    eventVariables: ['first'],
    keyVariable: 'eventKey',
    responseKey: 'booked',
    operationName: 'Bookings',
  })
})

test('a client variable named like the key variable is left alone', () => {
  const plan = planSubscription(
    routes,
    parse('subscription ($eventKey: ID) { transactionAdded(accountId: $eventKey) { id } }'),
    { eventKey: 'A-1' },
  )
  expect(plan.keyVariable).toBe('eventKey2')
})

test.each([
  ['a query', '{ transactions(first: 1) { totalCount } }', 'Not a subscription operation'],
  [
    'two fields',
    'subscription { transactionAdded { id } again: transactionAdded { id } }',
    'Select exactly one subscription field',
  ],
  [
    'a fragment at the root',
    'subscription { ...F } fragment F on Subscription { transactionAdded { id } }',
    'Select exactly one subscription field',
  ],
  [
    'a directive',
    'subscription ($x: Boolean!) { transactionAdded @include(if: $x) { id } }',
    'Select exactly one subscription field',
  ],
  ['an unknown field', 'subscription { balanceChanged { id } }', 'Subscription.balanceChanged is not served'],
])('%s is refused as BAD_USER_INPUT', (_name, text, message) => {
  let refusal: GraphQLError | undefined
  try {
    planSubscription(routes, parse(text), {})
  } catch (error) {
    refusal = error as GraphQLError
  }
  expect(refusal?.message).toContain(message)
  expect(refusal?.extensions.code).toBe('BAD_USER_INPUT')
})
