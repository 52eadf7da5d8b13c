// `npm run mcp -- --role analyst` (or MESH_TOKEN / --token): the mesh's MCP server over stdio, for desktop
// AI assistants. Its tools run through the gateway (GATEWAY_URL) with that token, on the chat channel.
// Nothing but MCP may be written to stdout here.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { parseArgs } from 'node:util'
import { httpExecutor } from '../agent/executor'
import { createMeshMcpServer } from '../agent/mcp'
import { createSchemaIndex } from '../agent/schema-index'
import { isRole, ROLES, type Role } from '../rules/identity'
import { callerToken, gatewayUrl } from './caller'

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string' }, token: { type: 'string' } } })
  const role = values.role ?? 'analyst'
  if (!(values.token ?? process.env.MESH_TOKEN) && (!isRole(role) || role === 'customer')) {
    throw new Error(`--role must be one of ${ROLES.filter((r) => r !== 'customer').join(', ')} (or give --token)`)
  }
  const token = await callerToken(
    { role: role as Role, subject: `mcp-${role}`, ttl: '8h', channel: 'chat' },
    'In production give --token (or MESH_TOKEN): a token of your identity provider',
    values.token,
  )
  const server = createMeshMcpServer(createSchemaIndex(), httpExecutor(gatewayUrl(), token))
  await server.connect(new StdioServerTransport())
}

main().catch((error: unknown) => {
  console.error((error as Error).message)
  process.exit(2)
})
