// Four small Federation 2 subgraphs of a shop that is not ours (accounts, products, inventory, reviews),
// on in-memory data, to hold our gateway to stock @apollo/gateway on federation semantics: entities with
// simple and compound keys, @requires, @provides, @external, @shareable, an entity interface and its
// @interfaceObject, a union, a custom scalar only its subgraph parses, errors of every kind, and an access
// proxy answering HTTP 403. Each subgraph logs the requests it receives, so a test can compare the query
// plans two gateways executed and read the headers they forwarded.
import { composeServices } from '@apollo/composition'
import { ApolloGateway } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled'
import { startStandaloneServer } from '@apollo/server/standalone'
import { buildSubgraphSchema } from '@apollo/subgraph'
import { expressMiddleware } from '@as-integrations/express5'
import express, { type RequestHandler } from 'express'
import { GraphQLError, GraphQLScalarType, type DocumentNode, type GraphQLResolveInfo } from 'graphql'
import gql from 'graphql-tag'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { IDENTITY_HEADER, verifyForwardedIdentity } from '../../rules/identity'
import type { SubgraphResolverMap } from '../../lib/subgraph-server'

export const SUBGRAPH_NAMES = ['accounts', 'products', 'inventory', 'reviews'] as const
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number]

/** One request a subgraph received, as it arrived. */
export interface SubgraphRequest {
  subgraph: SubgraphName
  query: string
  variables: Record<string, unknown>
  identityHeader: string | undefined
}

interface SubgraphContext {
  identityHeader: string | undefined
}

/** Every resolver here names the parent and arguments it reads; `never` accepts whatever each one names. */
type FixtureResolver = (parent: never, args: never, context: SubgraphContext, info: GraphQLResolveInfo) => unknown

interface SubgraphDefinition {
  typeDefs: DocumentNode
  resolvers: Record<string, Record<string, FixtureResolver> | GraphQLScalarType>
  /** HTTP middleware in front of the GraphQL server, as a proxy or WAF would sit. */
  proxy?: RequestHandler
}

const FEDERATION =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@interfaceObject"])'

// ---- The shop's data: shared facts (names, usernames) agree wherever two subgraphs serve them. ----

const USERS = [
  { id: 'u1', username: 'ada', name: 'Ada Lovelace' },
  { id: 'u2', username: 'grace', name: 'Grace Hopper' },
  { id: 'u3', username: 'alan', name: 'Alan Turing' },
]
/** The user the accounts subgraph answers `me` with. */
const ME = 'u1'

const PRODUCTS = [
  { upc: 'p1', name: 'Table', price: 899, weight: 100, warehouse: { code: 'W1', region: 'EU' } },
  { upc: 'p2', name: 'Couch', price: 1299, weight: 1000, warehouse: { code: 'W1', region: 'US' } },
  { upc: 'p3', name: 'Chair', price: 54, weight: 50, warehouse: null },
  { upc: 'p4', name: 'Lamp', price: 25, weight: 8, warehouse: { code: 'W2', region: 'EU' } },
]
/** A product the reviews subgraph knows (and names) but the products subgraph does not. */
const UNLISTED_PRODUCT = { upc: 'p404', name: 'Ghost product' }

const MEDIA = [
  { __typename: 'Book', id: 'b1', title: 'Dune', pages: 412 },
  { __typename: 'Movie', id: 'm1', title: 'Alien', minutes: 117 },
  { __typename: 'Book', id: 'b2', title: 'Emma', pages: 320 },
]

const WAREHOUSES = [
  { code: 'W1', region: 'EU', name: 'Rotterdam', managerId: 'u2' },
  { code: 'W1', region: 'US', name: 'Newark', managerId: 'u3' },
  { code: 'W2', region: 'EU', name: 'Gdansk', managerId: null },
]

const IN_STOCK: Record<string, boolean> = { p1: true, p2: false, p3: true }

const REVIEWS = [
  { id: 'r4', authorId: 'u3', upc: UNLISTED_PRODUCT.upc, rating: 1, body: 'Never arrived' },
  { id: 'r3', authorId: 'u1', upc: 'p2', rating: 3, body: 'Too soft' },
  { id: 'r2', authorId: 'u2', upc: 'p1', rating: 4, body: 'Solid' },
  { id: 'r1', authorId: 'u1', upc: 'p1', rating: 5, body: 'Sturdy and square' },
]

const MEDIA_REVIEW_COUNTS: Record<string, number> = { b1: 2, m1: 1, b2: 0 }

const byKey = <T, K extends keyof T>(rows: readonly T[], key: K, value: unknown): T | null =>
  rows.find((row) => row[key] === value) ?? null

// ---- accounts: owns User; reads the identity the gateway forwards; one mutation. ----

function accounts(internalSecret: string): SubgraphDefinition {
  const favorites = new Map<string, string>()
  const user = (id: string) => byKey(USERS, 'id', id)
  return {
    typeDefs: gql`
      ${FEDERATION}
      type Query {
        me: User
        user(id: ID!): User
        "The identity the gateway forwarded with this request, verified; null without a valid one."
        caller: Caller
      }
      type Mutation {
        setFavoriteProduct(upc: String!): User
      }
      type Caller {
        subject: String!
        roles: [String!]!
        channel: String!
      }
      type User @key(fields: "id") {
        id: ID!
        username: String! @shareable
        name: String
        favoriteProduct: Product
      }
      type Product @key(fields: "upc", resolvable: false) {
        upc: String!
      }
    `,
    resolvers: {
      Query: {
        me: () => user(ME),
        user: (_: unknown, { id }: { id: string }) => user(id),
        caller: (_: unknown, __: unknown, { identityHeader }: SubgraphContext) =>
          verifyForwardedIdentity(identityHeader, internalSecret),
      },
      Mutation: {
        setFavoriteProduct: (_: unknown, { upc }: { upc: string }) => {
          favorites.set(ME, upc)
          return user(ME)
        },
      },
      User: {
        __resolveReference: ({ id }: { id: string }) => user(id),
        favoriteProduct: ({ id }: { id: string }) => (favorites.has(id) ? { upc: favorites.get(id) } : null),
      },
    },
  }
}

// ---- products: owns Product and the Media interface entity; a union; three kinds of failing field. ----

function products(): SubgraphDefinition {
  const product = (upc: string) => byKey(PRODUCTS, 'upc', upc)
  return {
    typeDefs: gql`
      ${FEDERATION}
      type Query {
        product(upc: String!): Product
        "One entry per upc asked for, null where there is no such product."
        products(upcs: [String!]!): [Product]!
        topProducts(first: Int = 3): [Product!]!
        library: [Media!]!
        search(term: String!): [SearchResult!]!
      }
      type Product @key(fields: "upc") {
        upc: String!
        name: String! @shareable
        price: Int!
        weight: Int!
        warehouse: Warehouse
        "Throws a GraphQLError with a code of this subgraph's own for recalled products."
        recallNotice: String
        "Throws a plain Error, as a failing driver would."
        legacyCode: String
      }
      type Warehouse @key(fields: "code region", resolvable: false) {
        code: String!
        region: String!
      }
      interface Media @key(fields: "id") {
        id: ID!
        title: String!
      }
      type Book implements Media @key(fields: "id") {
        id: ID!
        title: String!
        pages: Int!
      }
      type Movie implements Media @key(fields: "id") {
        id: ID!
        title: String!
        minutes: Int!
      }
      union SearchResult = Product | Book | Movie
    `,
    resolvers: {
      Query: {
        product: (_: unknown, { upc }: { upc: string }) => product(upc),
        products: (_: unknown, { upcs }: { upcs: string[] }) => upcs.map(product),
        topProducts: (_: unknown, { first }: { first: number }) => PRODUCTS.slice(0, first),
        library: () => MEDIA,
        search: (_: unknown, { term }: { term: string }) => {
          const matches = (text: string) => text.toLowerCase().includes(term.toLowerCase())
          return [
            ...PRODUCTS.filter((p) => matches(p.name)).map((p) => ({ ...p, __typename: 'Product' })),
            ...MEDIA.filter((m) => matches(m.title)),
          ]
        },
      },
      Product: {
        __resolveReference: ({ upc }: { upc: string }) => product(upc),
        recallNotice: ({ upc }: { upc: string }) => {
          if (upc === 'p3')
            throw new GraphQLError('Chair p3 was recalled: loose legs', { extensions: { code: 'PRODUCT_RECALLED' } })
          return null
        },
        legacyCode: () => {
          throw new Error('legacy catalogue database timed out after 30000 ms (host catalogue-db.internal)')
        },
      },
      Media: {
        __resolveReference: ({ id }: { id: string }) => byKey(MEDIA, 'id', id),
        __resolveType: ({ __typename }: { __typename: string }) => __typename,
      },
      SearchResult: {
        __resolveType: ({ __typename }: { __typename: string }) => __typename,
      },
      Book: { __resolveReference: ({ id }: { id: string }) => byKey(MEDIA, 'id', id) },
      Movie: { __resolveReference: ({ id }: { id: string }) => byKey(MEDIA, 'id', id) },
    },
  }
}

// ---- inventory: extends Product (@requires on @external fields); owns Warehouse (compound key); sits
// behind an access proxy; validates a custom scalar the gateway cannot. ----

/** Refuses, with HTTP 403, any operation selecting cost data: as a plain-text page or as GraphQL errors. */
const inventoryAccessProxy: RequestHandler = (req, res, next) => {
  const query = String((req.body as { query?: unknown }).query ?? '')
  if (query.includes('costPrice')) return void res.status(403).type('text/plain').send('Forbidden')
  if (query.includes('supplierContract'))
    return void res.status(403).json({ errors: [{ message: 'Supplier contracts are restricted' }] })
  next()
}

const PromoCode = new GraphQLScalarType({
  name: 'PromoCode',
  parseValue: (value) => {
    if (typeof value !== 'string' || !/^[A-Z]{3,12}$/.test(value))
      throw new GraphQLError('A promo code is 3 to 12 capital letters')
    return value
  },
  serialize: (value) => value,
})

function inventory(): SubgraphDefinition {
  return {
    typeDefs: gql`
      ${FEDERATION}
      type Product @key(fields: "upc") {
        upc: String!
        price: Int! @external
        weight: Int! @external
        "Non-null, and fails for a product without a stock record: the error nulls its nearest nullable parent."
        inStock: Boolean!
        "Free over 1000, else half the weight: needs price and weight from the products subgraph."
        shippingEstimate: Int! @requires(fields: "price weight")
        "Denied with FORBIDDEN for p2."
        supplier: String
        "Refused by the access proxy (403, plain text)."
        costPrice: Int
        "Refused by the access proxy (403, GraphQL errors without a code)."
        supplierContract: String
        "The subgraph rejects a malformed code when it coerces the variable (400)."
        discountPercent(code: PromoCode!): Int
      }
      scalar PromoCode
      type Warehouse @key(fields: "code region") {
        code: String!
        region: String!
        name: String!
        manager: User
      }
      type User @key(fields: "id", resolvable: false) {
        id: ID!
      }
    `,
    proxy: inventoryAccessProxy,
    resolvers: {
      PromoCode,
      Product: {
        __resolveReference: (reference: { upc: string; price?: number; weight?: number }) => reference,
        discountPercent: (_: unknown, { code }: { code: string }) => (code === 'SPRING' ? 10 : 0),
        inStock: ({ upc }: { upc: string }) => {
          if (!(upc in IN_STOCK))
            throw new GraphQLError(`No stock record for ${upc}`, { extensions: { code: 'NOT_FOUND' } })
          return IN_STOCK[upc]
        },
        shippingEstimate: ({ price, weight }: { price: number; weight: number }) =>
          price > 1000 ? 0 : Math.round(weight / 2),
        supplier: ({ upc }: { upc: string }) => {
          if (upc === 'p2')
            throw new GraphQLError('The supplier of p2 is confidential', { extensions: { code: 'FORBIDDEN' } })
          return 'Acme'
        },
      },
      Warehouse: {
        __resolveReference: ({ code, region }: { code: string; region: string }) =>
          WAREHOUSES.find((w) => w.code === code && w.region === region) ?? null,
        manager: ({ managerId }: { managerId: string | null }) => (managerId ? { id: managerId } : null),
      },
    },
  }
}

// ---- reviews: @provides the author's username; shares Product.name; an @interfaceObject of Media. ----

function reviews(): SubgraphDefinition {
  const review = (id: string) => byKey(REVIEWS, 'id', id)
  const productName = (upc: string) =>
    upc === UNLISTED_PRODUCT.upc ? UNLISTED_PRODUCT.name : byKey(PRODUCTS, 'upc', upc)?.name
  return {
    typeDefs: gql`
      ${FEDERATION}
      type Query {
        latestReviews(limit: Int): [Review!]!
        review(id: ID!): Review
        mostReviewedMedia: Media
      }
      type Review @key(fields: "id") {
        id: ID!
        body: String!
        rating: Int!
        author: User @provides(fields: "username")
        product: Product
      }
      type User @key(fields: "id") {
        id: ID!
        username: String! @external
        reviews: [Review!]!
      }
      type Product @key(fields: "upc") {
        upc: String!
        name: String! @shareable
        reviews: [Review!]!
        averageRating: Float
      }
      type Media @key(fields: "id") @interfaceObject {
        id: ID!
        reviewCount: Int!
      }
    `,
    resolvers: {
      Query: {
        latestReviews: (_: unknown, { limit }: { limit?: number | null }) => REVIEWS.slice(0, limit ?? undefined),
        review: (_: unknown, { id }: { id: string }) => review(id),
        mostReviewedMedia: () => ({ id: 'b1' }),
      },
      Review: {
        __resolveReference: ({ id }: { id: string }) => review(id),
        author: ({ authorId }: { authorId: string }) => byKey(USERS, 'id', authorId),
        product: ({ upc }: { upc: string }) => ({ upc }),
      },
      User: {
        reviews: ({ id }: { id: string }) => REVIEWS.filter((r) => r.authorId === id),
      },
      Product: {
        name: ({ upc }: { upc: string }) => productName(upc),
        reviews: ({ upc }: { upc: string }) => REVIEWS.filter((r) => r.upc === upc),
        averageRating: ({ upc }: { upc: string }) => {
          const ratings = REVIEWS.filter((r) => r.upc === upc).map((r) => r.rating)
          return ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null
        },
      },
      Media: {
        __resolveReference: ({ id }: { id: string }) => ({ id }),
        reviewCount: ({ id }: { id: string }) => MEDIA_REVIEW_COUNTS[id] ?? 0,
      },
    },
  }
}

// ---- Serving them. ----

export interface FixtureSubgraph {
  name: SubgraphName
  url: string
  typeDefs: DocumentNode
  /** Stops answering: connections are refused until `start` listens on the same port again. */
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

async function serveSubgraph(
  name: SubgraphName,
  definition: SubgraphDefinition,
  log: SubgraphRequest[],
): Promise<FixtureSubgraph> {
  const schema = buildSubgraphSchema({
    typeDefs: definition.typeDefs,
    resolvers: definition.resolvers as SubgraphResolverMap,
  })
  const apollo = new ApolloServer<SubgraphContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  })
  await apollo.start()
  const app = express()
  app.use(express.json())
  app.use('/graphql', (req, _res, next) => {
    const body = req.body as { query?: string; variables?: Record<string, unknown> }
    log.push({
      subgraph: name,
      query: body.query ?? '',
      variables: body.variables ?? {},
      identityHeader: req.header(IDENTITY_HEADER),
    })
    next()
  })
  if (definition.proxy) app.use('/graphql', definition.proxy)
  app.use(
    '/graphql',
    expressMiddleware(apollo, { context: async ({ req }) => ({ identityHeader: req.header(IDENTITY_HEADER) }) }),
  )
  const server = http.createServer(app)
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
    })
  const stop = async () => {
    if (!server.listening) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  const port = await listen(0)
  return {
    name,
    url: `http://127.0.0.1:${port}/graphql`,
    typeDefs: definition.typeDefs,
    stop,
    start: async () => void (await listen(port)),
    close: async () => {
      await stop()
      await apollo.stop()
    },
  }
}

export interface FederationFixtures {
  subgraphs: Record<SubgraphName, FixtureSubgraph>
  supergraphSdl: string
  /** Every request the subgraphs received, in arrival order (clear it with `requests.length = 0`). */
  requests: SubgraphRequest[]
  stop(): Promise<void>
}

export function composeSupergraph(subgraphs: FixtureSubgraph[]): string {
  const result = composeServices(subgraphs.map(({ name, url, typeDefs }) => ({ name, url, typeDefs })))
  if (result.errors)
    throw new Error(`The fixture subgraphs do not compose:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`)
  return result.supergraphSdl
}

/** Starts the four subgraphs on free ports of 127.0.0.1; `internalSecret` lets accounts verify forwarded identities. */
export async function startFederationFixtures(options: { internalSecret: string }): Promise<FederationFixtures> {
  const requests: SubgraphRequest[] = []
  const definitions: Record<SubgraphName, SubgraphDefinition> = {
    accounts: accounts(options.internalSecret),
    products: products(),
    inventory: inventory(),
    reviews: reviews(),
  }
  const started: FixtureSubgraph[] = []
  const stop = async () => {
    for (const subgraph of started) await subgraph.close()
  }
  try {
    for (const name of SUBGRAPH_NAMES) started.push(await serveSubgraph(name, definitions[name], requests))
    return {
      subgraphs: Object.fromEntries(started.map((subgraph) => [subgraph.name, subgraph])) as Record<
        SubgraphName,
        FixtureSubgraph
      >,
      supergraphSdl: composeSupergraph(started),
      requests,
      stop,
    }
  } catch (error) {
    await stop().catch(() => undefined)
    throw error
  }
}

/** Stock @apollo/gateway under stock @apollo/server, as the reference our gateway is held to. */
export async function startStockGateway(supergraphSdl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) })
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } })
  return { url, stop: () => server.stop() }
}
