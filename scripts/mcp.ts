// `npm run mcp -- --role analyst` (or MESH_TOKEN / --token): the mesh's MCP server over stdio, for desktop
// AI assistants. Its tools run through the gateway (GATEWAY_URL) with that token, on the chat channel.
// Nothing but MCP may be written to stdout here.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import { parseArgs } from 'node:util'
import { httpExecutor } from '../agent/executor'
import { createMeshMcpServer } from '../agent/mcp'
import { createSchemaIndex } from '../agent/schema-index'
import { isProduction, loadSecrets } from '../lib/secrets'
import { isRole, ROLES } from '../rules/identity'
import { issueDevelopmentToken } from '../rules/tokens'

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string' }, token: { type: 'string' } } })
  let token = values.token ?? process.env.MESH_TOKEN
  if (!token) {
    const role = values.role ?? 'analyst'
    if (!isRole(role) || role === 'customer') throw new Error(`--role must be one of ${ROLES.filter((r) => r !== 'customer').join(', ')} (or give --token)`)
    if (isProduction()) throw new Error('In production give --token (or MESH_TOKEN): a token of your identity provider')
    token = await issueDevelopmentToken(loadSecrets().jwtSecret, { role, subject: `mcp-${role}`, ttl: '8h', channel: 'chat' })
  }
  const server = createMeshMcpServer(createSchemaIndex(), httpExecutor(process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql', token))
  await server.connect(new StdioServerTransport())
}

main().catch((error: unknown) => {
  console.error((error as Error).message)
  process.exit(2)
})
