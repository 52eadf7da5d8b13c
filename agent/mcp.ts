// The agent's tools as a Model Context Protocol server, so people can ask the mesh from the AI assistants
// they already use: the same five tools, acting only as the caller (their token, the chat channel).
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import type { GraphQLExecutor } from './executor'
import type { SchemaIndex } from './schema-index'
import { createMeshTools } from './tools'

export function createMeshMcpServer(index: SchemaIndex, execute: GraphQLExecutor): McpServer {
  const server = new McpServer({ name: 'banking-data-mesh', version: '1.0.0' })
  const { tools } = createMeshTools({ index, execute })
  for (const meshTool of tools as unknown as {
    name: string
    description: string
    schema: { shape: Record<string, never> }
    invoke(args: unknown): Promise<unknown>
  }[]) {
    server.registerTool(
      meshTool.name,
      { description: meshTool.description, inputSchema: meshTool.schema.shape },
      async (args: unknown) => {
        const text = String(await meshTool.invoke(args))
        return { content: [{ type: 'text' as const, text }] }
      },
    )
  }
  return server
}
