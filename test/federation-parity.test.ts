// Our gateway is stock @apollo/gateway plus authentication, a forwarded identity, limits, masking, audit,
// streaming and exports. Against four foreign subgraphs, every operation must give the same data, errors,
// HTTP status and subgraph requests (the query plan) through both; the few deliberate differences are
// asserted for what they are; and our additions must work on subgraphs that are not ours.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { createAuthenticator } from '../gateway/core/auth'
import { parseCsv } from '../gateway/routes/export-rows'
import { createGatewayServer, type GatewayServer } from '../gateway/server'
import { createLogger } from '../lib/logger'
import type { AuditTrail, DenialRecord } from '../lib/audit-client'
import { verifyForwardedIdentity } from '../rules/identity'
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, issueDevelopmentToken } from '../gateway/core/development-tokens'
import {
  startFederationFixtures,
  startStockGateway,
  type FederationFixtures,
  type SubgraphName,
} from './support/federation-fixtures'

interface Operation {
  name: string
  query: string
  variables?: Record<string, unknown>
  operationName?: string
  /** What the stock gateway answers (a subset), so that agreement is not agreement on nothing. */
  stock: { data: unknown; errors?: unknown[] }
}

type OperationRequest = Pick<Operation, 'query' | 'variables' | 'operationName'>

interface FormattedError {
  message: string
  path?: (string | number)[]
  locations?: unknown[]
  extensions?: Record<string, unknown>
}

interface Execution {
  status: number
  body: { data?: Record<string, any> | null; errors?: FormattedError[]; extensions?: Record<string, unknown> }
  /** What the subgraphs were asked, in a stable order: the executed query plan. */
  requests: { subgraph: SubgraphName; query: string; variables: Record<string, unknown> }[]
}

let fixtures: FederationFixtures
let stock: { url: string; stop(): Promise<void> }
let ours: GatewayServer
let oursUrl: string
let internalSecret: string
let jwtSecret: string
let asAdmin: Record<string, string>
const denials: DenialRecord[] = []
const auditTrail: AuditTrail = {
  record: async (records) => void denials.push(...records),
  recordRestrictedAccess: async () => undefined,
}

beforeAll(async () => {
  internalSecret = randomBytes(32).toString('base64url')
  jwtSecret = randomBytes(32).toString('base64url')
  fixtures = await startFederationFixtures({ internalSecret })
  stock = await startStockGateway(fixtures.supergraphSdl)
  ours = await startOurGateway()
  oursUrl = (await ours.listen(0)).url
  asAdmin = {
    authorization: `Bearer ${await issueDevelopmentToken(jwtSecret, { role: 'admin', subject: 'test-admin' })}`,
  }
})
afterAll(async () => {
  await ours?.stop()
  await stock?.stop()
  await fixtures?.stop()
})

async function startOurGateway(subgraphUrls?: Record<string, string>): Promise<GatewayServer> {
  const authenticator = await createAuthenticator({
    hs256Secret: jwtSecret,
    issuer: DEFAULT_ISSUER,
    audience: DEFAULT_AUDIENCE,
  })
  return createGatewayServer({
    supergraphSdl: fixtures.supergraphSdl,
    subgraphUrls,
    authenticator,
    internalSecret,
    auditTrail,
  })
}

async function execute(
  url: string,
  operation: OperationRequest,
  headers: Record<string, string> = {},
): Promise<Execution> {
  fixtures.requests.length = 0
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      query: operation.query,
      variables: operation.variables,
      operationName: operation.operationName,
    }),
  })
  const body = (await response.json()) as Execution['body']
  const requests = fixtures.requests.map(({ subgraph, query, variables }) => ({ subgraph, query, variables }))
  return {
    status: response.status,
    body,
    requests: requests.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  }
}

const throughStock = (operation: OperationRequest) => execute(stock.url, operation)
const throughOurs = (operation: OperationRequest, headers = asAdmin) => execute(oursUrl, operation, headers)

async function whileStopped<T>(subgraph: SubgraphName, run: () => Promise<T>): Promise<T> {
  await fixtures.subgraphs[subgraph].stop()
  try {
    return await run()
  } finally {
    await fixtures.subgraphs[subgraph].start()
  }
}

/** A port nothing listens on: connections to it are refused. */
async function refusedUrl(): Promise<string> {
  const server = http.createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return `http://127.0.0.1:${port}/graphql`
}

const PARITY: Operation[] = [
  {
    name: "__typename at the root and on each subgraph's types",
    query:
      '{ __typename me { __typename id username } topProducts(first: 1) { __typename upc } latestReviews(limit: 1) { __typename id } }',
    stock: {
      data: {
        __typename: 'Query',
        me: { __typename: 'User', id: 'u1', username: 'ada' },
        topProducts: [{ __typename: 'Product', upc: 'p1' }],
        latestReviews: [{ __typename: 'Review', id: 'r4' }],
      },
    },
  },
  {
    name: 'an entity with a simple key, resolved by three subgraphs, with an argument from a variable',
    query:
      'query Product($upc: String!) { product(upc: $upc) { upc name price inStock averageRating reviews { id rating } } }',
    variables: { upc: 'p1' },
    stock: {
      data: {
        product: {
          upc: 'p1',
          name: 'Table',
          price: 899,
          inStock: true,
          averageRating: 4.5,
          reviews: [
            { id: 'r2', rating: 4 },
            { id: 'r1', rating: 5 },
          ],
        },
      },
    },
  },
  {
    name: 'an entity with a compound key (code region): the same code in two regions is two warehouses',
    query: '{ topProducts { upc warehouse { __typename code region name } } }',
    stock: {
      data: {
        topProducts: [
          { upc: 'p1', warehouse: { __typename: 'Warehouse', code: 'W1', region: 'EU', name: 'Rotterdam' } },
          { upc: 'p2', warehouse: { __typename: 'Warehouse', code: 'W1', region: 'US', name: 'Newark' } },
          { upc: 'p3', warehouse: null },
        ],
      },
    },
  },
  {
    name: '@requires: a computed field needing @external fields of another subgraph',
    query: '{ topProducts { upc shippingEstimate } }',
    stock: {
      data: {
        topProducts: [
          { upc: 'p1', shippingEstimate: 50 },
          { upc: 'p2', shippingEstimate: 0 },
          { upc: 'p3', shippingEstimate: 25 },
        ],
      },
    },
  },
  {
    name: "@provides: the author's username comes with the review",
    query: '{ latestReviews(limit: 2) { id author { id username } } }',
    stock: {
      data: {
        latestReviews: [
          { id: 'r4', author: { id: 'u3', username: 'alan' } },
          { id: 'r3', author: { id: 'u1', username: 'ada' } },
        ],
      },
    },
  },
  {
    name: 'a field beyond @provides is fetched from its owner',
    query: '{ latestReviews(limit: 2) { id author { username name } } }',
    stock: {
      data: {
        latestReviews: [
          { id: 'r4', author: { username: 'alan', name: 'Alan Turing' } },
          { id: 'r3', author: { username: 'ada', name: 'Ada Lovelace' } },
        ],
      },
    },
  },
  {
    name: 'a @shareable field served by two subgraphs',
    query: '{ latestReviews { product { upc name } } topProducts { upc name } }',
    stock: {
      data: {
        latestReviews: [
          { product: { upc: 'p404', name: 'Ghost product' } },
          { product: { upc: 'p2', name: 'Couch' } },
          { product: { upc: 'p1', name: 'Table' } },
          { product: { upc: 'p1', name: 'Table' } },
        ],
        topProducts: [
          { upc: 'p1', name: 'Table' },
          { upc: 'p2', name: 'Couch' },
          { upc: 'p3', name: 'Chair' },
        ],
      },
    },
  },
  {
    name: 'an entity interface with inline fragments on its implementations',
    query: '{ library { __typename id title ... on Book { pages } ... on Movie { minutes } } }',
    stock: {
      data: {
        library: [
          { __typename: 'Book', id: 'b1', title: 'Dune', pages: 412 },
          { __typename: 'Movie', id: 'm1', title: 'Alien', minutes: 117 },
          { __typename: 'Book', id: 'b2', title: 'Emma', pages: 320 },
        ],
      },
    },
  },
  {
    name: '@interfaceObject: a field added to every Media, and a Media reached from that subgraph',
    query: '{ library { id reviewCount } mostReviewedMedia { __typename id reviewCount title ... on Book { pages } } }',
    stock: {
      data: {
        library: [
          { id: 'b1', reviewCount: 2 },
          { id: 'm1', reviewCount: 1 },
          { id: 'b2', reviewCount: 0 },
        ],
        mostReviewedMedia: { __typename: 'Book', id: 'b1', reviewCount: 2, title: 'Dune', pages: 412 },
      },
    },
  },
  {
    name: 'a union over entities of several subgraphs',
    query:
      'query Search($term: String!) { search(term: $term) { __typename ... on Product { upc name inStock } ... on Book { title reviewCount } ... on Movie { title minutes } } }',
    variables: { term: 'e' },
    stock: {
      data: {
        search: [
          { __typename: 'Product', upc: 'p1', name: 'Table', inStock: true },
          { __typename: 'Book', title: 'Dune', reviewCount: 2 },
          { __typename: 'Movie', title: 'Alien', minutes: 117 },
          { __typename: 'Book', title: 'Emma', reviewCount: 0 },
        ],
      },
    },
  },
  {
    name: 'a list of entities with nulls, extended by other subgraphs',
    query:
      'query Products($upcs: [String!]!) { products(upcs: $upcs) { upc name shippingEstimate warehouse { name } } }',
    variables: { upcs: ['p1', 'nope', 'p3', 'p2'] },
    stock: {
      data: {
        products: [
          { upc: 'p1', name: 'Table', shippingEstimate: 50, warehouse: { name: 'Rotterdam' } },
          null,
          { upc: 'p3', name: 'Chair', shippingEstimate: 25, warehouse: null },
          { upc: 'p2', name: 'Couch', shippingEstimate: 0, warehouse: { name: 'Newark' } },
        ],
      },
    },
  },
  {
    name: 'nested entity hops: accounts → reviews → products → inventory → accounts',
    query:
      '{ me { username reviews { body product { name shippingEstimate warehouse { name manager { username name } } } } } }',
    stock: {
      data: {
        me: {
          username: 'ada',
          reviews: [
            {
              body: 'Too soft',
              product: {
                name: 'Couch',
                shippingEstimate: 0,
                warehouse: { name: 'Newark', manager: { username: 'alan', name: 'Alan Turing' } },
              },
            },
            {
              body: 'Sturdy and square',
              product: {
                name: 'Table',
                shippingEstimate: 50,
                warehouse: { name: 'Rotterdam', manager: { username: 'grace', name: 'Grace Hopper' } },
              },
            },
          ],
        },
      },
    },
  },
  {
    name: 'aliases and a named fragment',
    query:
      'query Aliased { cheap: product(upc: "p3") { ...Card } dear: product(upc: "p2") { ...Card label: name stocked: inStock } } fragment Card on Product { upc name price inStock }',
    stock: {
      data: {
        cheap: { upc: 'p3', name: 'Chair', price: 54, inStock: true },
        dear: { upc: 'p2', name: 'Couch', price: 1299, inStock: false, label: 'Couch', stocked: false },
      },
    },
  },
  {
    name: '@include(if: true) and @skip(if: false), on fields and an inline fragment',
    query:
      'query Toggles($stock: Boolean!, $noReviews: Boolean!) { topProducts(first: 2) { upc inStock @include(if: $stock) reviews @skip(if: $noReviews) { rating } ... @include(if: $stock) { shippingEstimate } } }',
    variables: { stock: true, noReviews: false },
    stock: {
      data: {
        topProducts: [
          { upc: 'p1', inStock: true, shippingEstimate: 50, reviews: [{ rating: 4 }, { rating: 5 }] },
          { upc: 'p2', inStock: false, shippingEstimate: 0, reviews: [{ rating: 3 }] },
        ],
      },
    },
  },
  {
    name: '@include(if: false) and @skip(if: true) drop the other subgraphs from the plan',
    query:
      'query Toggles($stock: Boolean!, $noReviews: Boolean!) { topProducts(first: 2) { upc inStock @include(if: $stock) reviews @skip(if: $noReviews) { rating } ... @include(if: $stock) { shippingEstimate } } }',
    variables: { stock: false, noReviews: true },
    stock: { data: { topProducts: [{ upc: 'p1' }, { upc: 'p2' }] } },
  },
  {
    name: 'a custom scalar argument, passed as a variable to the subgraph that parses it',
    query: 'query Discount($code: PromoCode!) { topProducts(first: 2) { upc discountPercent(code: $code) } }',
    variables: { code: 'SPRING' },
    stock: {
      data: {
        topProducts: [
          { upc: 'p1', discountPercent: 10 },
          { upc: 'p2', discountPercent: 10 },
        ],
      },
    },
  },
  {
    name: 'the operation named by operationName, of several',
    query: 'query Me { me { id } } query Top { topProducts(first: 1) { upc inStock } }',
    operationName: 'Top',
    stock: { data: { topProducts: [{ upc: 'p1', inStock: true }] } },
  },
  {
    name: 'an entity its owner does not know: the non-null field it lacks nulls the entity',
    query: '{ latestReviews { id product { upc name price } } }',
    stock: {
      data: {
        latestReviews: [
          { id: 'r4', product: null },
          { id: 'r3', product: { upc: 'p2', name: 'Couch', price: 1299 } },
          { id: 'r2', product: { upc: 'p1', name: 'Table', price: 899 } },
          { id: 'r1', product: { upc: 'p1', name: 'Table', price: 899 } },
        ],
      },
    },
  },
  {
    name: '@requires on an entity whose required fields could not be fetched',
    query: '{ latestReviews { id product { upc shippingEstimate } } }',
    stock: {
      data: {
        latestReviews: [
          { id: 'r4', product: null },
          { id: 'r3', product: { upc: 'p2', shippingEstimate: 0 } },
          { id: 'r2', product: { upc: 'p1', shippingEstimate: 50 } },
          { id: 'r1', product: { upc: 'p1', shippingEstimate: 50 } },
        ],
      },
    },
  },
  {
    name: 'a GraphQLError with a stable code (FORBIDDEN) from an entity fetch, at its path in the operation',
    query: '{ topProducts { upc supplier } }',
    stock: {
      data: {
        topProducts: [
          { upc: 'p1', supplier: 'Acme' },
          { upc: 'p2', supplier: null },
          { upc: 'p3', supplier: 'Acme' },
        ],
      },
      errors: [
        {
          message: 'The supplier of p2 is confidential',
          path: ['topProducts', 1, 'supplier'],
          extensions: { code: 'FORBIDDEN', serviceName: 'inventory' },
        },
      ],
    },
  },
  {
    name: 'a non-null field that errors nulls its list item',
    query: '{ products(upcs: ["p1", "p4"]) { upc inStock } }',
    stock: {
      data: { products: [{ upc: 'p1', inStock: true }, null] },
      errors: [
        {
          message: 'No stock record for p4',
          path: ['products', 1, 'inStock'],
          extensions: { code: 'NOT_FOUND', serviceName: 'inventory' },
        },
      ],
    },
  },
  {
    name: 'a non-null field that errors inside a non-null list nulls all the data',
    query: 'query Top($first: Int) { topProducts(first: $first) { upc inStock } }',
    variables: { first: 4 },
    stock: {
      data: null,
      errors: [
        {
          message: 'No stock record for p4',
          path: ['topProducts', 3, 'inStock'],
          extensions: { code: 'NOT_FOUND', serviceName: 'inventory' },
        },
      ],
    },
  },
  {
    name: 'root mutation fields run one after the other, each followed by its entity fetches',
    query:
      'mutation { first: setFavoriteProduct(upc: "p1") { favoriteProduct { upc name } } second: setFavoriteProduct(upc: "p2") { favoriteProduct { upc name inStock } } }',
    stock: {
      data: {
        first: { favoriteProduct: { upc: 'p1', name: 'Table' } },
        second: { favoriteProduct: { upc: 'p2', name: 'Couch', inStock: false } },
      },
    },
  },
  {
    name: 'introspection of the composed API schema',
    query: '{ __type(name: "Media") { kind possibleTypes { name } fields { name } } }',
    stock: {
      data: {
        __type: {
          kind: 'INTERFACE',
          possibleTypes: [{ name: 'Book' }, { name: 'Movie' }],
          fields: [{ name: 'id' }, { name: 'title' }, { name: 'reviewCount' }],
        },
      },
    },
  },
]

const parityOperation = (namePrefix: string) => PARITY.find((operation) => operation.name.startsWith(namePrefix))!

describe('federation parity with stock @apollo/gateway', () => {
  test.each(PARITY)('$name', async (operation) => {
    const expected = await throughStock(operation)
    expect(expected.body).toMatchObject(operation.stock)
    expect(expected.body.errors?.length).toBe(operation.stock.errors?.length)

    const actual = await throughOurs(operation)
    expect(actual.body.data).toEqual(expected.body.data)
    expect(actual.body.errors).toEqual(expected.body.errors)
    // The gateway's own extensions, such as valueCompletion for a null it had to propagate.
    expect(actual.body.extensions).toEqual(expected.body.extensions)
    expect(actual.status).toBe(expected.status)
    expect(actual.requests).toEqual(expected.requests)
  })

  test('@provides spares the owner a request, and @include(if: false) spares the subgraphs it excludes, in both', async () => {
    const [provides, beyond, toggled] = [
      parityOperation('@provides'),
      parityOperation('a field beyond @provides'),
      parityOperation('@include(if: false)'),
    ]
    for (const execution of [await throughStock(provides), await throughOurs(provides)])
      expect(execution.requests.map((r) => r.subgraph)).toEqual(['reviews'])
    for (const execution of [await throughStock(beyond), await throughOurs(beyond)])
      expect(execution.requests.map((r) => r.subgraph)).toEqual(['accounts', 'reviews'])
    for (const execution of [await throughStock(toggled), await throughOurs(toggled)])
      expect(execution.requests.map((r) => r.subgraph)).toEqual(['products'])
  })
})

describe('deliberate differences from stock', () => {
  test('a plain Error thrown in a subgraph keeps its path and data, but its message is masked and logged', async () => {
    const operation = { query: '{ product(upc: "p1") { upc legacyCode } }' }
    const expected = await throughStock(operation)
    expect(expected.body.errors).toEqual([
      {
        message: 'legacy catalogue database timed out after 30000 ms (host catalogue-db.internal)',
        path: ['product', 'legacyCode'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'products' },
      },
    ])

    const logged = jest.spyOn(createLogger('gateway'), 'error').mockImplementation(() => undefined)
    try {
      const actual = await throughOurs(operation)
      expect(actual.body.data).toEqual(expected.body.data)
      expect(actual.status).toBe(expected.status)
      expect(actual.requests).toEqual(expected.requests)
      // lib/errors.ts: an error without a stable code may carry a driver's message or a host name; the
      // client gets INTERNAL_SERVER_ERROR at the same path, the message goes to the log.
      expect(actual.body.errors).toEqual([
        {
          message: 'Internal server error',
          path: ['product', 'legacyCode'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ])
      expect(logged).toHaveBeenCalledWith(
        expect.objectContaining({
          error: expect.objectContaining({ message: expect.stringContaining('legacy catalogue database timed out') }),
        }),
        expect.any(String),
      )
    } finally {
      logged.mockRestore()
    }
  })

  test("a subgraph's own error code (not one of the mesh's stable codes) is masked the same way", async () => {
    const operation = { query: '{ product(upc: "p3") { upc recallNotice } }' }
    const expected = await throughStock(operation)
    expect(expected.body.errors).toEqual([
      {
        message: 'Chair p3 was recalled: loose legs',
        path: ['product', 'recallNotice'],
        extensions: { code: 'PRODUCT_RECALLED', serviceName: 'products' },
      },
    ])

    const logged = jest.spyOn(createLogger('gateway'), 'error').mockImplementation(() => undefined)
    try {
      const actual = await throughOurs(operation)
      expect(actual.body.data).toEqual(expected.body.data)
      // Clients of the mesh branch on its stable codes only (lib/errors.ts ErrorCode); a foreign code is
      // not one of them, so it is treated as unexpected.
      expect(actual.body.errors).toEqual([
        {
          message: 'Internal server error',
          path: ['product', 'recallNotice'],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ])
    } finally {
      logged.mockRestore()
    }
  })

  test('a stopped subgraph: the same nulls, reported as UPSTREAM_UNAVAILABLE of that subgraph instead of a fetch error', async () => {
    const operation = { query: '{ topProducts { upc name supplier warehouse { code name } } }' }
    const [expected, actual] = await whileStopped('inventory', async () => [
      await throughStock(operation),
      await throughOurs(operation),
    ])
    const nulls = {
      topProducts: [
        { upc: 'p1', name: 'Table', supplier: null, warehouse: null },
        { upc: 'p2', name: 'Couch', supplier: null, warehouse: null },
        { upc: 'p3', name: 'Chair', supplier: null, warehouse: null },
      ],
    }
    expect(expected.body.data).toEqual(nulls)
    expect(actual.body.data).toEqual(expected.body.data)
    expect(actual.status).toBe(expected.status)
    // One error per failed fetch (inventory is asked twice: for products, then for warehouses), at no path
    // in both. Stock reports node-fetch's error, which names the subgraph's host and port, as
    // INTERNAL_SERVER_ERROR; gateway/upstream/data-source.ts names the data product that is down, with a code clients retry on.
    const refused = {
      message: expect.stringMatching(
        /^request to http:\/\/127\.0\.0\.1:\d+\/graphql failed, reason: connect ECONNREFUSED/,
      ),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    }
    expect(expected.body.errors).toEqual([refused, refused])
    const unavailable = {
      message: expect.stringMatching(/^The inventory data product is unavailable right now/),
      extensions: { code: 'UPSTREAM_UNAVAILABLE', serviceName: 'inventory' },
    }
    expect(actual.body.errors).toEqual([unavailable, unavailable])
    expect((await throughOurs(operation)).body.data?.topProducts[0].warehouse).toEqual({
      code: 'W1',
      name: 'Rotterdam',
    })
  })

  test("a variable the subgraph's custom scalar rejects (HTTP 400) is BAD_USER_INPUT with the subgraph's reason", async () => {
    const operation = { ...parityOperation('a custom scalar argument'), variables: { code: 'spring-2026' } }
    const expected = await throughStock(operation)
    const actual = await throughOurs(operation)
    expect(actual.body.data).toEqual(expected.body.data)
    expect(actual.body.data).toEqual({
      topProducts: [
        { upc: 'p1', discountPercent: null },
        { upc: 'p2', discountPercent: null },
      ],
    })
    // Stock reports "400: Bad Request" as INTERNAL_SERVER_ERROR and hands the client the subgraph's URL and
    // raw answer in extensions.response; gateway/upstream/data-source.ts passes on the subgraph's reason as bad input instead.
    expect(expected.body.errors).toEqual([
      {
        message: '400: Bad Request',
        extensions: {
          code: 'INTERNAL_SERVER_ERROR',
          response: expect.objectContaining({ url: fixtures.subgraphs.inventory.url, status: 400 }),
        },
      },
    ])
    expect(actual.body.errors).toEqual([
      {
        message: 'Variable "$code" got invalid value "spring-2026"; A promo code is 3 to 12 capital letters',
        extensions: { code: 'BAD_USER_INPUT', serviceName: 'inventory' },
      },
    ])
  })

  test('a validation error has the same code and status, without the field suggestion', async () => {
    const operation = { query: '{ product(upc: "p1") { nam } }' }
    const expected = await throughStock(operation)
    const actual = await throughOurs(operation)
    expect(expected.status).toBe(400)
    expect(actual.status).toBe(400)
    expect(expected.body.errors?.[0]?.message).toBe('Cannot query field "nam" on type "Product". Did you mean "name"?')
    // GraphQL Armor (request-limits.ts) hides suggestions, which would let a caller map the schema by guessing.
    expect(actual.body.errors).toEqual([
      { ...expected.body.errors![0]!, message: expect.not.stringContaining('Did you mean') },
    ])
    expect(actual.requests).toEqual([])
  })
})

// A subgraph behind an access proxy that answers HTTP 403. Stock's RemoteGraphQLDataSource reports 401 as
// UNAUTHENTICATED and 403 as FORBIDDEN; so does ours (gateway/upstream/data-source.ts), which also puts the denial in the audit trail.
describe('a subgraph refusing a fetch with HTTP 403', () => {
  const plainText = { query: '{ topProducts(first: 2) { upc costPrice } }' }
  const graphQLErrors = { query: '{ topProducts(first: 2) { upc supplierContract } }' }
  const codesOf = (execution: Execution) => execution.body.errors?.map((error) => error.extensions?.code)

  test('gives the same nulls through both gateways, and stock reports FORBIDDEN', async () => {
    for (const operation of [plainText, graphQLErrors]) {
      const expected = await throughStock(operation)
      const actual = await throughOurs(operation)
      expect(actual.body.data).toEqual(expected.body.data)
      expect(Object.values(expected.body.data!.topProducts[1])).toEqual(['p2', null])
      expect(codesOf(expected)).toEqual(['FORBIDDEN'])
      expect(actual.status).toBe(expected.status)
    }
  })

  test('with a plain-text body, ours reports FORBIDDEN too', async () => {
    expect(codesOf(await throughOurs(plainText))).toEqual(codesOf(await throughStock(plainText)))
  })

  test('with GraphQL errors without a code, ours reports FORBIDDEN too', async () => {
    expect(codesOf(await throughOurs(graphQLErrors))).toEqual(codesOf(await throughStock(graphQLErrors)))
  })
})

describe('our additions on foreign subgraphs', () => {
  test("every subgraph request carries the caller's identity, signed, and the subgraph can read it", async () => {
    const operation = { query: '{ caller { subject roles channel } me { reviews { product { inStock } } } }' }
    const actual = await throughOurs(operation)
    const forwarded = fixtures.requests.slice()
    expect(actual.body).toEqual({
      data: {
        caller: { subject: 'test-admin', roles: ['admin'], channel: 'api' },
        me: { reviews: [{ product: { inStock: false } }, { product: { inStock: true } }] },
      },
    })
    expect(new Set(forwarded.map((r) => r.subgraph))).toEqual(new Set(['accounts', 'reviews', 'inventory']))
    const identities = await Promise.all(
      forwarded.map((r) => verifyForwardedIdentity(r.identityHeader, internalSecret)),
    )
    expect(identities).toEqual(
      forwarded.map(() => expect.objectContaining({ subject: 'test-admin', roles: ['admin'], channel: 'api' })),
    )
    // One identity per client request, correlated across the subgraphs by its request id.
    expect(new Set(identities.map((identity) => identity!.requestId)).size).toBe(1)

    const expected = await throughStock(operation)
    expect(fixtures.requests.every((r) => r.identityHeader === undefined)).toBe(true)
    expect(expected.body.data?.caller).toBeNull()
    expect(expected.body.data?.me).toEqual(actual.body.data?.me)
  })

  test('without a token the request runs as the anonymous identity; a malformed token is refused with 401', async () => {
    const operation = { query: '{ caller { subject roles } topProducts { upc inStock } }' }
    const expected = await throughStock(operation)
    const anonymous = await throughOurs(operation, {})
    expect(anonymous.status).toBe(200)
    expect(anonymous.body.data).toEqual({ ...expected.body.data, caller: { subject: 'anonymous', roles: [] } })
    expect(anonymous.requests).toEqual(expected.requests)

    // Stock does not authenticate; ours refuses a token it cannot verify before anything reaches a subgraph.
    const refused = await throughOurs(operation, { authorization: 'Bearer not-a-jwt' })
    expect(refused.status).toBe(401)
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    expect(refused.requests).toEqual([])
  })

  test('introspection is refused to the anonymous identity (introspection.ts), as stock would answer it', async () => {
    const operation = { query: '{ __schema { queryType { name } } }' }
    expect((await throughStock(operation)).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } })
    const anonymous = await throughOurs(operation, {})
    expect(anonymous.status).toBe(403)
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    const admin = await throughOurs(operation)
    expect(admin.body).toEqual((await throughStock(operation)).body)
  })

  test('a FORBIDDEN error from a foreign subgraph is recorded in the audit trail before the answer', async () => {
    denials.length = 0
    const actual = await throughOurs(parityOperation('a GraphQLError with a stable code (FORBIDDEN)'))
    expect(actual.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN'])
    expect(denials).toEqual([
      expect.objectContaining({
        subject: 'test-admin',
        roles: ['admin'],
        path: 'topProducts.1.supplier',
        code: 'FORBIDDEN',
        reason: 'The supplier of p2 is confidential',
      }),
    ])
  })

  test('a foreign list exports as CSV (Accept: text/csv on /graphql), equal to the JSON answer', async () => {
    const query = '{ topProducts { upc name price inStock shippingEstimate warehouse { code region name } } }'
    const response = await fetch(oursUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/csv', ...asAdmin },
      body: JSON.stringify({ query }),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="topProducts.csv"')
    const [header, ...rows] = parseCsv(await response.text())
    expect(header).toEqual([
      'upc',
      'name',
      'price',
      'inStock',
      'shippingEstimate',
      'warehouse.code',
      'warehouse.region',
      'warehouse.name',
    ])
    const json = (await throughStock({ query })).body.data!.topProducts as {
      upc: string
      name: string
      price: number
      inStock: boolean
      shippingEstimate: number
      warehouse: Record<string, string> | null
    }[]
    const cell = (value: unknown) => (value === null || value === undefined ? '' : String(value))
    expect(rows).toEqual(
      json.map((p) =>
        [
          p.upc,
          p.name,
          p.price,
          p.inStock,
          p.shippingEstimate,
          p.warehouse?.code,
          p.warehouse?.region,
          p.warehouse?.name,
        ].map(cell),
      ),
    )
  })

  test('replica URLs: a refused replica hands the request to the next, with the same answer as stock', async () => {
    const replicated = await startOurGateway({ inventory: `${await refusedUrl()},${fixtures.subgraphs.inventory.url}` })
    try {
      const url = (await replicated.listen(0)).url
      const operation = parityOperation('an entity with a compound key')
      for (let turn = 0; turn < 2; turn++)
        expect((await execute(url, operation, asAdmin)).body).toEqual((await throughStock(operation)).body)
    } finally {
      await replicated.stop()
    }
  })

  test('a read whose connection the subgraph drops is tried once more on a new one (stock fails it)', async () => {
    // In front of inventory: the first connection is reset as soon as its request arrives, the others pass.
    const target = new URL(fixtures.subgraphs.inventory.url)
    let connections = 0
    const proxy = net.createServer((client) => {
      if (connections++ === 0) {
        client.once('data', () => client.resetAndDestroy())
        return
      }
      const upstream = net.connect(Number(target.port), target.hostname)
      client.pipe(upstream).pipe(client)
      client.on('error', () => upstream.destroy())
      upstream.on('error', () => client.destroy())
    })
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()))
    const proxied = await startOurGateway({
      inventory: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`,
    })
    try {
      const url = (await proxied.listen(0)).url
      const operation = parityOperation('an entity with a compound key')
      expect((await execute(url, operation, asAdmin)).body).toEqual((await throughStock(operation)).body)
      expect(connections).toBe(2)
    } finally {
      await proxied.stop()
      await new Promise((resolve) => proxy.close(resolve))
    }
  })

  test('a supergraph without a Subscription type gives the subscription router nothing to route', () => {
    expect(ours.subscriptions.routes.size).toBe(0)
    expect(ours.subscriptions.upstreamCount).toBe(0)
  })
})
