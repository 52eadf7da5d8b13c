// The Transactions subgraph (the Customer Transaction data product): schema, resolvers and per-request context over this domain's own database.
import path from 'node:path'
import { GraphQLScalarType } from 'graphql'
import { serveDomain, type SubgraphSecurity } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { createTransactionsData } from './data'
import { createLoaders } from './loaders'
import { dataProduct } from './data-product'
import { resolvers } from './resolvers'
import type { Resolvers } from './generated/graphql'
import { behaviourResolvers } from './behaviour/resolvers'

export const DOMAIN = 'transactions'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'), dataProduct)

export const createTransactionsSubgraph = serveDomain({
  name: DOMAIN,
  dataProduct,
  typeDefs,
  // Behaviour patterns and propensity live in behaviour/: their resolvers join the product's map per type.
  resolvers: mergeResolvers(resolvers, behaviourResolvers),
  createData: (db, countStatement, _security: SubgraphSecurity) => createTransactionsData(db, countStatement),
  createContext: (identity, data, options) => ({
    identity,
    data,
    loaders: createLoaders(data),
    now: options.now ?? (() => new Date()),
  }),
})

function mergeResolvers(...maps: Resolvers[]): Resolvers {
  const merged: Record<string, object> = {}
  for (const map of maps) {
    for (const [typeName, fields] of Object.entries(map)) {
      const existing = merged[typeName]
      merged[typeName] =
        existing && typeof fields === 'object' && !(fields instanceof GraphQLScalarType)
          ? { ...existing, ...fields }
          : fields
    }
  }
  // Each map was checked against the SDL; a type's fields from both are the fields of one of them each.
  return merged as Resolvers
}
