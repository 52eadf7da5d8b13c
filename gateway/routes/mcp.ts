// POST /mcp: the agent's tools over MCP's streamable HTTP transport, for MCP clients, under the caller's
// identity on the chat channel (as POST /chat).
import type { ApolloServer } from '@apollo/server'
import express, { type Express, type Request, type RequestHandler, type Response } from 'express'
import type { SchemaIndex } from '../../agent/schema-index'
import { ErrorCode } from '../../lib/errors'
import type { Identity } from '../../rules/identity'
import { sendError } from '../core/http-errors'
import type { CallerRateLimits } from '../core/rate-limits'
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js'
import { createMeshMcpServer } from '../../agent/mcp'
import { askerOf, inProcessExecutor } from './chat'

/**
 * POST /mcp: the agent's tools over MCP's streamable HTTP transport, stateless (one server per request),
 * under the caller's bearer token on the chat channel, as `authenticate` (the gateway's authentication
 * middleware) verified it. `index` may be a function giving the index of the schema served now (a gateway
 * that reloads its supergraph).
 */
export function mountMcp(
  app: Express,
  apollo: ApolloServer<{ identity: Identity }>,
  authenticate: RequestHandler,
  index: SchemaIndex | (() => SchemaIndex),
  rateLimits?: CallerRateLimits,
): void {
  app.post('/mcp', express.json({ limit: '256kb' }), authenticate, async (req: Request, res: Response) => {
    const identity = askerOf(req, res, 'The MCP server needs a bearer token: its tools act as you')
    if (!identity || (rateLimits && !(await rateLimits.admitRequest('mcp', identity, req, res)))) return
    const server = createMeshMcpServer(
      typeof index === 'function' ? index() : index,
      inProcessExecutor(apollo, identity),
    )
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true })
    res.on('close', () => {
      void transport.close()
      void server.close()
    })
    await server.connect(transport)
    await transport.handleRequest(req, res, req.body)
  })
  app.all('/mcp', (_req, res) =>
    sendError(res, 405, ErrorCode.BAD_USER_INPUT, 'This MCP server is stateless: POST JSON-RPC requests to /mcp'),
  )
}
