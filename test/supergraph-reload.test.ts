// Supergraph reload without a restart, on real gateway processes (gateway/main.ts) over the mesh's subgraphs:
// a new supergraph written to SUPERGRAPH_FILE (or signalled with SIGHUP) is served within seconds and named
// on /health, an invalid one is refused while the previous one keeps serving, and a subscription open across
// the reload keeps delivering.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { issueDevelopmentToken } from '../gateway/core/development-tokens'
import { postGraphQL, startMesh, type RunningMesh } from './support/mesh'
import { activeSubscriptions, eventually, subscribeOverWebSocket, wsClient } from './support/subscriptions'

const ROOT = path.resolve(__dirname, '..')
const FULL = readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8')
// The committed supergraph less one field, Transaction.description: what a gateway served before the
// composition that added it.
const DESCRIPTION_FIELD =
  '  """Text shown on the statement, such as the merchant or "Salary payment"."""\n  description: String\n\n'
const WITHOUT_DESCRIPTION = FULL.replace(DESCRIPTION_FIELD, '')
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

interface GatewayProcess {
  url: string
  origin: string
  file: string
  child: ChildProcess
  output: string[]
}

let mesh: RunningMesh
let directory: string
let watched: GatewayProcess
let signalled: GatewayProcess
const jwtSecret = randomBytes(32).toString('base64url')
let admin: Record<string, string>
let accountId: string

/** gateway/main.ts in its own process, on the mesh's subgraphs and its own supergraph file. */
async function startGateway(name: string, sdl: string, env: Record<string, string> = {}): Promise<GatewayProcess> {
  const file = path.join(directory, name, 'supergraph.graphql')
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, sdl)
  const childEnv: NodeJS.ProcessEnv = { ...process.env }
  for (const key of Object.keys(childEnv))
    if (
      /^(NODE_ENV|CHAT_PROVIDER|REDIS_URL|(OPENAI|ANTHROPIC|OLLAMA|LLAMA_CPP|JWT)_.*|SUPERGRAPH_.*|[A-Z]+_URL)$/.test(
        key,
      )
    )
      delete childEnv[key]
  Object.assign(childEnv, {
    // GATEWAY_CACHE off: the cache's own change-feed subscriptions would count in the subgraph's gauge this suite reads.
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: path.join(directory, name),
    SUPERGRAPH_FILE: file,
    RATE_LIMITS: 'off',
    CHAT_PROVIDER: 'offline',
    GATEWAY_CACHE: 'off',
    JWT_SECRET: jwtSecret,
    MESH_INTERNAL_SECRET: mesh.internalSecret,
    DATA_ENCRYPTION_KEY: mesh.dataEncryptionKey,
    ...Object.fromEntries(
      Object.entries(mesh.subgraphUrls).map(([domain, url]) => [`${domain.toUpperCase()}_URL`, url]),
    ),
    ...env,
  })
  // As npm start runs it: node itself is the gateway (the tsx CLI would not pass SIGHUP on).
  const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  child.stdout!.setEncoding('utf8').on('data', (text: string) => output.push(text))
  child.stderr!.setEncoding('utf8').on('data', (text: string) => output.push(text))
  const deadline = Date.now() + 120_000
  let ready: RegExpExecArray | null
  while (!(ready = /gateway ready at (\S+\/graphql)/.exec(output.join('')))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the ${name} gateway did not start:\n${output.join('').slice(-3000)}`)
    }
    await sleep(100)
  }
  const url = ready[1]!.replace(/;$/, '')
  return { url, origin: url.replace(/\/graphql$/, ''), file, child, output }
}

async function stopGateway(gateway: GatewayProcess | undefined): Promise<void> {
  if (!gateway || gateway.child.exitCode !== null) return
  const exited = new Promise((resolve) => gateway.child.once('exit', resolve))
  gateway.child.kill('SIGTERM')
  await Promise.race([exited, sleep(5000)])
  if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL')
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Health {
  schema: { hash: string; loadedAt: string; lastReload?: { outcome: string; at: string; error?: string } }
}
const health = async (gateway: GatewayProcess) => (await (await fetch(`${gateway.origin}/health`)).json()) as Health

/** Replaces the file as editors and `mv` do: a new file renamed over the old one. */
function replaceFile(file: string, sdl: string): void {
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, sdl)
  renameSync(temporary, file)
}

const TRANSACTION_DESCRIPTION = 'query($id: ID!) { transaction(id: $id) { id description } }'

/** The chat's tools judge an operation against their index of the schema: asked over MCP, "valid" or the errors. */
async function validateOverMcp(gateway: GatewayProcess, query: string): Promise<string> {
  const client = new Client({ name: 'reload-test', version: '1.0.0' })
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${gateway.origin}/mcp`), { requestInit: { headers: admin } }),
  )
  try {
    return (
      (await client.callTool({ name: 'validate_graphql', arguments: { query } })) as { content: { text: string }[] }
    ).content[0]!.text
  } finally {
    await client.close()
  }
}

async function book(description: string): Promise<string> {
  const response = await mesh.query<{ recordTransaction: { id: string } }>(
    'mutation Book($input: RecordTransactionInput!) { recordTransaction(input: $input) { id } }',
    { input: { accountId, type: 'WITHDRAWAL', amount: '12.00', description, channel: 'ATM' } },
    { authorization: `Bearer ${await mesh.token({ role: 'customer_service' })}` },
  )
  expect(response.errors).toBeUndefined()
  return response.data!.recordTransaction.id
}

async function storedDescription(id: string): Promise<string> {
  const [row] = await mesh.databases.transactions.query<{ description: string }>(
    `SELECT description FROM "Transaction" WHERE id = '${id.replace(/'/g, "''")}'`,
  )
  return row!.description
}

beforeAll(async () => {
  mesh = await startMesh({ customers: 20 })
  directory = mkdtempSync(path.join(os.tmpdir(), 'supergraph-reload-'))
  admin = {
    authorization: `Bearer ${await issueDevelopmentToken(jwtSecret, { role: 'admin', subject: 'reload-admin' })}`,
  }
  ;[{ id: accountId }] = (await mesh.databases.transactions.query<{ id: string }>(
    `SELECT id FROM "Account" WHERE status = 'OPEN' AND type = 'CHECKING' ORDER BY id LIMIT 1`,
  )) as [{ id: string }]
  ;[watched, signalled] = await Promise.all([
    startGateway('watched', WITHOUT_DESCRIPTION),
    startGateway('signalled', WITHOUT_DESCRIPTION, { SUPERGRAPH_WATCH: 'off' }),
  ])
}, 360_000)

afterAll(async () => {
  await Promise.all([stopGateway(watched), stopGateway(signalled)])
  await mesh?.stop()
  if (directory) rmSync(directory, { recursive: true, force: true })
})

describe('a gateway watching SUPERGRAPH_FILE', () => {
  test('a supergraph renamed over the file is served within seconds: the added field answers, a new subscription may select it, and /health names the new hash', async () => {
    const id = await book('Reload test: first booking')
    const before = await health(watched)
    expect(before.schema.hash).toBe(sha256(WITHOUT_DESCRIPTION))
    const refused = await postGraphQL(watched.url, TRANSACTION_DESCRIPTION, { id }, admin)
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED')
    expect(await validateOverMcp(watched, TRANSACTION_DESCRIPTION)).toContain(
      'Cannot query field "description" on type "Transaction"',
    )

    const written = Date.now()
    replaceFile(watched.file, FULL)
    let answered:
      Awaited<ReturnType<typeof postGraphQL<{ transaction: { id: string; description: string } }>>> | undefined
    while (Date.now() - written < 10_000) {
      answered = await postGraphQL<{ transaction: { id: string; description: string } }>(
        watched.url,
        TRANSACTION_DESCRIPTION,
        { id },
        admin,
      )
      if (!answered.errors) break
      await sleep(25)
    }
    const reloadMillis = Date.now() - written
    // The gateway's log line travels through a pipe and may arrive after /health already says reloaded.
    while (!watched.output.join('').includes('reloaded in') && Date.now() - written < 15_000) await sleep(25)
    const swapMillis = /reloaded in (\d+) ms/.exec(watched.output.join(''))?.[1]
    console.log(
      `supergraph reload: the added field answered ${reloadMillis} ms after the file was replaced (the reload itself: ${swapMillis} ms)`,
    )
    expect(answered?.errors).toBeUndefined()
    expect(answered!.data!.transaction).toEqual({ id, description: await storedDescription(id) })
    // Seconds even on a loaded machine: the reload builds the supergraph, its API schema, routes and index, and the gateway's planner.
    expect(reloadMillis).toBeLessThan(8000)

    const after = await health(watched)
    expect(after.schema.hash).toBe(sha256(FULL))
    expect(Date.parse(after.schema.loadedAt)).toBeGreaterThan(Date.parse(before.schema.loadedAt))
    expect(after.schema.lastReload).toMatchObject({ outcome: 'reloaded' })
    expect(watched.output.join('')).toContain(`reloaded in`)
    // The chat and MCP tools' schema index follows too.
    expect(await validateOverMcp(watched, TRANSACTION_DESCRIPTION)).toBe('valid')

    // WebSocket validation and the subscription router follow the new schema too.
    const client = wsClient(watched.url, admin.authorization)
    const live = subscribeOverWebSocket(client, 'subscription { transactionAdded { id description } }')
    try {
      await eventually(() => activeSubscriptions(mesh.subgraphUrls.transactions), 1)
      const next = await book('Reload test: seen with its description')
      const [event] = await live.waitFor(1)
      expect(event!.errors).toBeUndefined()
      expect(event!.data!.transactionAdded).toEqual({ id: next, description: await storedDescription(next) })
    } finally {
      live.stop()
      await client.dispose()
    }
    await eventually(() => activeSubscriptions(mesh.subgraphUrls.transactions), 0)
  })

  test('an invalid supergraph written over the file is refused: the previous schema keeps serving and /health reports the failed reload until a good one is back', async () => {
    const served = await health(watched)
    const id = await book('Reload test: during a bad write')
    // Written in place and cut short, as a copy interrupted halfway would leave it.
    writeFileSync(watched.file, FULL.slice(0, Math.floor(FULL.length / 2)))
    await eventually(async () => (await health(watched)).schema.lastReload?.outcome, 'failed', 5000)
    const failed = await health(watched)
    expect(failed.schema.hash).toBe(served.schema.hash)
    expect(failed.schema.loadedAt).toBe(served.schema.loadedAt)
    expect(failed.schema.lastReload!.error).toMatch(/Syntax Error: .*\(line \d+, column \d+\)/)
    const answer = await postGraphQL<{ transaction: { id: string; description: string } }>(
      watched.url,
      TRANSACTION_DESCRIPTION,
      { id },
      admin,
    )
    expect(answer.errors).toBeUndefined()
    expect(answer.data!.transaction.description).toBe(await storedDescription(id))
    // One line says what was wrong, and that the previous schema still serves.
    const refusals = watched.output
      .join('')
      .split('\n')
      .filter((line) => line.includes('was refused'))
    expect(refusals).toHaveLength(1)
    expect(refusals[0]).toContain(`still serving ${served.schema.hash.slice(0, 12)}: Syntax Error`)

    // Valid GraphQL, but no valid supergraph: a type joined to a subgraph the supergraph does not declare.
    replaceFile(
      watched.file,
      FULL.replace('@join__type(graph: TRANSACTIONS, key: "id")', '@join__type(graph: NOWHERE, key: "id")'),
    )
    await eventually(
      async () => (await health(watched)).schema.lastReload?.error?.includes('join__Graph') ?? false,
      true,
      5000,
    )
    expect((await health(watched)).schema).toMatchObject({
      hash: served.schema.hash,
      loadedAt: served.schema.loadedAt,
      lastReload: { outcome: 'failed' },
    })
    expect((await health(watched)).schema.lastReload!.error).toMatch(
      /^Invalid value for "@join__type\(graph:\)" .* \(line \d+, column \d+\)$/,
    )
    expect((await postGraphQL(watched.url, TRANSACTION_DESCRIPTION, { id }, admin)).errors).toBeUndefined()

    // The good file back: nothing to swap, and the failure is over.
    replaceFile(watched.file, FULL)
    await eventually(async () => (await health(watched)).schema.lastReload?.outcome, 'unchanged', 5000)
    const restored = await health(watched)
    expect(restored.schema).toEqual({
      hash: served.schema.hash,
      loadedAt: served.schema.loadedAt,
      lastReload: { outcome: 'unchanged', at: expect.any(String) },
    })
  })

  test('a subscription open across a reload keeps delivering, while new operations follow the new schema', async () => {
    const client = wsClient(watched.url, admin.authorization)
    const live = subscribeOverWebSocket(client, 'subscription { transactionAdded { id amount } }')
    const later = wsClient(watched.url, admin.authorization)
    try {
      await eventually(() => activeSubscriptions(mesh.subgraphUrls.transactions), 1)
      const first = await book('Reload test: before the reload')
      expect((await live.waitFor(1))[0]!.data!.transactionAdded).toEqual({ id: first, amount: '12.00' })

      // A composition without the field: a change the open subscription does not select.
      replaceFile(watched.file, WITHOUT_DESCRIPTION)
      await eventually(async () => (await health(watched)).schema.hash, sha256(WITHOUT_DESCRIPTION), 5000)
      const second = await book('Reload test: after the reload')
      const events = await live.waitFor(2)
      expect(events[1]).toEqual({ data: { transactionAdded: { id: second, amount: '12.00' } } })
      expect(live.ended).toBeUndefined()
      // The same upstream subscription carried both events.
      expect(await activeSubscriptions(mesh.subgraphUrls.transactions)).toBe(1)

      const removed = subscribeOverWebSocket(later, 'subscription { transactionAdded { id description } }')
      await eventually(async () => removed.ended !== undefined, true, 5000)
      expect(JSON.stringify(removed.ended)).toContain('Cannot query field \\"description\\" on type \\"Transaction\\"')
      const query = await postGraphQL(watched.url, TRANSACTION_DESCRIPTION, { id: second }, admin)
      expect(query.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED')
    } finally {
      live.stop()
      await client.dispose()
      await later.dispose()
    }
  })
})

describe('a gateway with SUPERGRAPH_WATCH=off', () => {
  test('ignores a changed file until SIGHUP, which reloads it', async () => {
    const id = await book('Reload test: signalled')
    replaceFile(signalled.file, FULL)
    await sleep(1500)
    expect((await health(signalled)).schema.hash).toBe(sha256(WITHOUT_DESCRIPTION))
    expect(
      (await postGraphQL(signalled.url, TRANSACTION_DESCRIPTION, { id }, admin)).errors?.[0]?.extensions?.code,
    ).toBe('GRAPHQL_VALIDATION_FAILED')

    signalled.child.kill('SIGHUP')
    await eventually(async () => (await health(signalled)).schema.hash, sha256(FULL), 5000)
    const answer = await postGraphQL<{ transaction: { id: string; description: string } }>(
      signalled.url,
      TRANSACTION_DESCRIPTION,
      { id },
      admin,
    )
    expect(answer.errors).toBeUndefined()
    expect(answer.data!.transaction).toEqual({ id, description: await storedDescription(id) })
    expect(signalled.child.exitCode).toBeNull()
    expect(signalled.output.join('')).toMatch(/\(SIGHUP\) reloaded in \d+ ms/)
  })
})
