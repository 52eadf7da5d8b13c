// The agent's tools over MCP (streamable HTTP at /mcp on the gateway), through the SDK's own client: the
// tools act as the caller, on the chat channel.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import path from 'node:path'
import { startMesh, type RunningMesh } from './support/mesh'

let mesh: RunningMesh

beforeAll(async () => {
  mesh = await startMesh({ customers: 30 })
})
afterAll(() => mesh?.stop())

async function connect(role: Parameters<RunningMesh['token']>[0]['role'], subject: string): Promise<Client> {
  const token = await mesh.token({ role, subject })
  const client = new Client({ name: 'mesh-test', version: '1.0.0' })
  await client.connect(
    new StreamableHTTPClientTransport(new URL(mesh.gatewayUrl.replace(/\/graphql$/, '/mcp')), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  )
  return client
}

const textOf = (result: unknown) => (result as { content: { text: string }[] }).content[0]!.text

describe('MCP server', () => {
  test('lists the five tools and runs a query as the caller', async () => {
    const client = await connect('analyst', 'mcp-analyst')
    try {
      const { tools } = await client.listTools()
      expect(tools.map((t) => t.name).sort()).toEqual([
        'get_schema',
        'run_graphql',
        'search_data_products',
        'search_schema',
        'validate_graphql',
      ])
      const result = JSON.parse(
        textOf(
          await client.callTool({
            name: 'run_graphql',
            arguments: { query: '{ transactionSummary(filter: { type: DEPOSIT }) { count } }' },
          }),
        ),
      )
      const reference = await mesh.query<{ transactionSummary: { count: number } }>(
        '{ transactionSummary(filter: { type: DEPOSIT }) { count } }',
      )
      expect(result.data.transactionSummary.count).toBe(reference.data!.transactionSummary.count)
      expect(result.answeredBy).toEqual(['Customer Transactions'])
    } finally {
      await client.close()
    }
  })

  test('restricted data stays behind: an admin gets no SSN through MCP, and the denial is audited', async () => {
    const client = await connect('admin', 'mcp-admin')
    try {
      const result = JSON.parse(
        textOf(
          await client.callTool({
            name: 'run_graphql',
            arguments: { query: '{ customers(first: 3) { edges { node { id ssn } } } }' },
          }),
        ),
      )
      expect(JSON.stringify(result.data)).not.toMatch(/\d{3}-\d{2}-\d{4}/)
      expect(result.denials[0]).toMatchObject({ field: 'Customer.ssn' })
      const [row] = await mesh.databases.audit.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "AccessDenial" WHERE subject = 'mcp-admin' AND channel = 'chat'`,
      )
      expect(row!.n).toBeGreaterThan(0)
    } finally {
      await client.close()
    }
  })

  test('over stdio (npm run mcp), the tools run through the gateway with the given token', async () => {
    const client = new Client({ name: 'mesh-test-stdio', version: '1.0.0' })
    const root = path.join(__dirname, '..')
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ['--import', 'tsx', path.join(root, 'scripts', 'mcp.ts')],
        cwd: root,
        env: {
          ...(process.env as Record<string, string>),
          GATEWAY_URL: mesh.gatewayUrl,
          MESH_TOKEN: await mesh.token({ role: 'marketing', subject: 'mcp-stdio' }),
        },
      }),
    )
    try {
      expect((await client.listTools()).tools).toHaveLength(5)
      const result = JSON.parse(
        textOf(
          await client.callTool({
            name: 'run_graphql',
            arguments: { query: '{ transactions(first: 1) { totalCount } }' },
          }),
        ),
      )
      expect(result.denials[0]).toMatchObject({ field: 'Query.transactions' })
    } finally {
      await client.close()
    }
  })

  test('without a token the MCP endpoint answers 401', async () => {
    const response = await fetch(mesh.gatewayUrl.replace(/\/graphql$/, '/mcp'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    })
    expect(response.status).toBe(401)
  })
})
