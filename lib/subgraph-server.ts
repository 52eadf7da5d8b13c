// The HTTP shell every domain subgraph shares: GraphQL at /graphql, Prometheus at /metrics, /health.
// A domain's server.ts builds one of these; its main.ts only reads config and listens.
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server'
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled'
import { expressMiddleware } from '@as-integrations/express5'
import { buildSubgraphSchema } from '@apollo/subgraph'
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper'
import express, { type Express, type Request } from 'express'
import type { DocumentNode, GraphQLSchema } from 'graphql'
import type { AddressInfo } from 'node:net'
import http from 'node:http'
import { IDENTITY_HEADER, verifyForwardedIdentity, type Identity } from '../rules/identity'
import { applyPermissions } from '../rules/permissions'
import { maskUnexpectedErrors } from './errors'
import type { SubgraphMetrics } from './metrics'

export interface SubgraphServerOptions<TContext extends BaseContext> {
  name: string
  typeDefs: DocumentNode
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolvers: GraphQLResolverMap<any>
  metrics: SubgraphMetrics
  /** Secret the gateway signs forwarded identities with; a request without a valid one has no identity. */
  internalSecret: string
  /** Builds the per-request context from the verified identity (null: none) with fresh DataLoaders. */
  createContext: (identity: Identity | null, request: Request) => Promise<TContext> | TContext
  plugins?: ApolloServerPlugin<TContext>[]
  /** Adds HTTP routes beside /graphql (internal endpoints of the domain). */
  routes?: (app: Express) => void
  /** Called before the server stops (close the database here). */
  onStop?: () => Promise<void>
}

/** What every subgraph needs to trust the gateway's forwarded identity. */
export interface SubgraphSecurity {
  internalSecret: string
  /** Key of the restricted columns encrypted at rest (DATA_ENCRYPTION_KEY). */
  dataEncryptionKey: string
}

export interface SubgraphServer {
  name: string
  app: Express
  schema: GraphQLSchema
  /** Starts the HTTP listener on 127.0.0.1 (port 0 picks a free one). */
  listen(port?: number, host?: string): Promise<{ url: string; port: number }>
  stop(): Promise<void>
}

export async function createSubgraphServer<TContext extends BaseContext>(options: SubgraphServerOptions<TContext>): Promise<SubgraphServer> {
  // Every subgraph is governed: the rules come from the classifications in its own SDL.
  const schema = applyPermissions(buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers }]), options.typeDefs)
  const apollo = new ApolloServer<TContext>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), options.metrics.plugin as ApolloServerPlugin<TContext>, ...(options.plugins ?? [])],
    formatError: maskUnexpectedErrors,
  })
  await apollo.start()

  const app = express()
  app.disable('x-powered-by')
  app.get('/health', (_req, res) => void res.json({ status: 'ok', service: options.name }))
  app.get('/metrics', async (_req, res) => {
    res.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics())
  })
  options.routes?.(app)
  app.use('/graphql', express.json({ limit: '2mb' }), expressMiddleware(apollo, {
    context: async ({ req }) => options.createContext(await verifyForwardedIdentity(req.header(IDENTITY_HEADER), options.internalSecret), req),
  }))

  let httpServer: http.Server | undefined
  return {
    name: options.name,
    app,
    schema,
    async listen(port = 0, host = '127.0.0.1') {
      httpServer = http.createServer(app)
      const server = httpServer
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => resolve())
      })
      const address = server.address() as AddressInfo
      return { url: `http://${host}:${address.port}/graphql`, port: address.port }
    },
    async stop() {
      if (httpServer) {
        httpServer.closeAllConnections()
        await new Promise<void>((resolve) => httpServer!.close(() => resolve()))
      }
      await apollo.stop()
      await options.onStop?.()
    },
  }
}
