// Subscriptions through the gateway's URL, over graphql-ws and Server-Sent Events: events from committed
// bookings only, governed per field like queries, refused without a token, shared among identical subscribers.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import net from 'node:net'
import path from 'node:path'
import WebSocket from 'ws'
import { subscribe } from '../web/src/live/subscribe'
import { startMesh, type RunningMesh } from './support/mesh'
import {
  activeSubscriptions,
  eventually,
  subscribeOverSse,
  subscribeOverWebSocket,
  wsClient,
} from './support/subscriptions'

let mesh: RunningMesh
let accounts: { id: string; customerId: string }[]

beforeAll(async () => {
  mesh = await startMesh({ customers: 40 })
  accounts = await mesh.databases.transactions.query<{ id: string; customerId: string }>(
    `SELECT id, "customerId" FROM "Account" WHERE status = 'OPEN' AND type = 'CHECKING' ORDER BY id LIMIT 3`,
  )
})
afterAll(() => mesh?.stop())
// Each test starts from no live subscription, so "live" below always means the test's own.
afterEach(() => upstreamsLive(0))

const bearer = async (role: Parameters<RunningMesh['token']>[0]['role'], extra: Record<string, string> = {}) =>
  `Bearer ${await mesh.token({ role, ...extra })}`

const BOOK = 'mutation Book($input: RecordTransactionInput!) { recordTransaction(input: $input) { id } }'

async function book(accountId: string, amount = '42.50', description = 'ATM cash withdrawal'): Promise<string> {
  const response = await mesh.query<{ recordTransaction: { id: string } }>(
    BOOK,
    { input: { accountId, type: 'WITHDRAWAL', amount, description, channel: 'ATM' } },
    { authorization: await bearer('customer_service') },
  )
  expect(response.errors).toBeUndefined()
  return response.data!.recordTransaction.id
}

/** Waits until the transactions subgraph streams `count` subscriptions (the upstream side is live). */
const upstreamsLive = (count: number) => eventually(() => activeSubscriptions(mesh.subgraphUrls.transactions), count)

const ADDED = `subscription Added($filter: TransactionFilter) {
  transactionAdded(filter: $filter) { id amount currency type description account { id } customer { id name segment } }
}`

const RESUMABLE = `subscription Resumable($filter: TransactionFilter, $after: String) {
  transactionAdded(filter: $filter, after: $after) { id amount streamPosition }
}`

const positionOf = (event: { data?: Record<string, unknown> | null }) =>
  (event.data!.transactionAdded as { streamPosition: string }).streamPosition

describe('transactionAdded over graphql-ws', () => {
  test('a booking reaches the subscriber within a second, resolved across data products exactly as a query would be', async () => {
    const client = wsClient(mesh.gatewayUrl, await bearer('customer_service'))
    const live = subscribeOverWebSocket(client, ADDED, { filter: { accountId: accounts[0]!.id } })
    try {
      await upstreamsLive(1)
      // The first event warms the per-event query plan; the second is the one timed.
      await book(accounts[0]!.id)
      await live.waitFor(1)
      const booked = Date.now()
      const id = await book(accounts[0]!.id)
      const event = (await live.waitFor(2, 1000))[1]
      expect(Date.now() - booked).toBeLessThan(1000)
      expect(event!.errors).toBeUndefined()
      const added = event!.data!.transactionAdded as Record<string, unknown>
      expect(added).toMatchObject({
        id,
        amount: '42.50',
        type: 'WITHDRAWAL',
        account: { id: accounts[0]!.id },
        customer: { id: accounts[0]!.customerId },
      })
      // The event is what the same selection answers as a query for the same caller.
      const asQuery = await mesh.query(
        'query($id: ID!) { transaction(id: $id) { id amount currency type description account { id } customer { id name segment } } }',
        { id },
        { authorization: await bearer('customer_service') },
      )
      expect(added).toEqual(asQuery.data!.transaction)
      expect((added.customer as { name: string }).name).toEqual(expect.any(String))
    } finally {
      live.stop()
      await client.dispose()
    }
  })

  test('fields a lesser role may not see arrive null with FORBIDDEN, and each denial is audited', async () => {
    const subject = `analyst-${randomUUID()}`
    const client = wsClient(mesh.gatewayUrl, await bearer('analyst', { subject }))
    const live = subscribeOverWebSocket(client, 'subscription { transactionAdded { id amount customer { id ssn } } }')
    try {
      await upstreamsLive(1)
      const id = await book(accounts[1]!.id, '17.25')
      const [event] = await live.waitFor(1)
      expect(event!.data!.transactionAdded).toEqual({
        id,
        amount: '17.25',
        customer: { id: accounts[1]!.customerId, ssn: null },
      })
      expect(event!.errors).toEqual([
        expect.objectContaining({
          path: ['transactionAdded', 'customer', 'ssn'],
          extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
        }),
      ])
      const denials = await mesh.databases.audit.query<{ field: string; path: string }>(
        'SELECT field, path FROM "AccessDenial" WHERE subject = $1',
        [subject],
      )
      expect(denials).toEqual([{ field: 'Customer.ssn', path: 'transactionAdded.customer.ssn' }])
    } finally {
      live.stop()
      await client.dispose()
    }
  })

  test('a role denied transaction detail is refused the subscription, and the refusal is audited', async () => {
    const subject = `marketing-${randomUUID()}`
    const client = wsClient(mesh.gatewayUrl, await bearer('marketing', { subject }))
    const live = subscribeOverWebSocket(client, 'subscription { transactionAdded { id amount } }')
    try {
      const [refusal] = await live.waitFor(1)
      expect(refusal!.data ?? null).toBeNull()
      expect(refusal!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
      await eventually(async () => live.ended, 'complete')
      const denials = await mesh.databases.audit.query<{ field: string }>(
        'SELECT field FROM "AccessDenial" WHERE subject = $1',
        [subject],
      )
      expect(denials).toEqual([{ field: 'Subscription.transactionAdded' }])
    } finally {
      await client.dispose()
    }
  })

  test('a customer hears of their own bookings only', async () => {
    const own = accounts[0]!
    const other = accounts.find((a) => a.customerId !== own.customerId)!
    const client = wsClient(mesh.gatewayUrl, await bearer('customer', { customerId: own.customerId }))
    const live = subscribeOverWebSocket(client, 'subscription { transactionAdded { id account { id } } }')
    try {
      await upstreamsLive(1)
      await book(other.id, '11.00')
      const ownId = await book(own.id, '12.00')
      const [event] = await live.waitFor(1)
      expect(event!.data!.transactionAdded).toEqual({ id: ownId, account: { id: own.id } })
      const otherAfter = await book(other.id, '13.00')
      const ownAfter = await book(own.id, '14.00')
      const events = await live.waitFor(2)
      expect(events.map((e) => (e.data!.transactionAdded as { id: string }).id)).toEqual([ownId, ownAfter])
      expect(events.map((e) => (e.data!.transactionAdded as { id: string }).id)).not.toContain(otherAfter)
    } finally {
      live.stop()
      await client.dispose()
    }
  })

  test('a subscriber that comes back with the last streamPosition it saw gets what was booked meanwhile, in order and once, then live', async () => {
    const account = accounts[1]!
    const filter = { accountId: account.id }
    const client = wsClient(mesh.gatewayUrl, await bearer('customer_service'))
    try {
      const before = subscribeOverWebSocket(client, RESUMABLE, { filter })
      await upstreamsLive(1)
      await book(account.id, '21.00')
      const lastSeen = positionOf((await before.waitFor(1))[0]!)
      before.stop()
      await upstreamsLive(0)

      // Away: two bookings on this account, one on another.
      const missed = [await book(account.id, '22.00'), await book(account.id, '23.00')]
      await book(accounts[0]!.id, '24.00')
      const resumed = subscribeOverWebSocket(client, RESUMABLE, { filter, after: lastSeen })
      await upstreamsLive(1)
      const live = await book(account.id, '25.00')
      const events = await resumed.waitFor(3)
      expect(events.map((event) => (event.data!.transactionAdded as { id: string }).id)).toEqual([...missed, live])
      const positions = events.map((event) => BigInt(positionOf(event)))
      expect(positions.every((position, i) => position > (i === 0 ? BigInt(lastSeen) : positions[i - 1]!))).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(resumed.results).toHaveLength(3)
      resumed.stop()
    } finally {
      await client.dispose()
    }
  })

  test('a customer resuming from the start of the log gets their own bookings only', async () => {
    const own = accounts[0]!
    const expected = (
      await mesh.databases.transactions.query<{ id: string }>(
        'SELECT "transactionId" AS id FROM "TransactionEvent" JOIN "Transaction" ON id = "transactionId" WHERE "customerId" = $1 ORDER BY position',
        [own.customerId],
      )
    ).map((row) => row.id)
    expect(expected.length).toBeGreaterThan(0)
    const client = wsClient(mesh.gatewayUrl, await bearer('customer', { customerId: own.customerId }))
    const replay = subscribeOverWebSocket(
      client,
      'subscription { transactionAdded(after: "0") { id customer { id } } }',
    )
    try {
      const events = await replay.waitFor(expected.length)
      expect(events.map((event) => event.data!.transactionAdded)).toEqual(
        expected.map((id) => ({ id, customer: { id: own.customerId } })),
      )
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(replay.results).toHaveLength(expected.length)
    } finally {
      replay.stop()
      await client.dispose()
    }
  })

  test('resuming from further back than a subscriber may fall behind is refused with LIMIT_EXCEEDED', async () => {
    const [{ last }] = (await mesh.databases.transactions.query<{ last: string }>(
      'SELECT coalesce(max(position), 0)::text AS last FROM "TransactionEvent"',
    )) as [{ last: string }]
    // 1001 bookings logged after that position (transactions of the demo history stand in for them).
    await mesh.databases.transactions.exec(`INSERT INTO "TransactionEvent" ("transactionId")
      SELECT id FROM "Transaction" WHERE id NOT IN (SELECT "transactionId" FROM "TransactionEvent") ORDER BY id LIMIT 1001`)
    const client = wsClient(mesh.gatewayUrl, await bearer('admin'))
    try {
      const tooFar = subscribeOverWebSocket(client, RESUMABLE, { after: last })
      const [refusal] = await tooFar.waitFor(1)
      expect(refusal!.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED')
      expect(refusal!.errors?.[0]?.message).toMatch(/More than 1000/)
    } finally {
      await client.dispose()
    }
  })

  test("the web app's live client, cut off mid-stream, reconnects and resumes: nothing booked meanwhile is lost or repeated", async () => {
    const account = accounts[2]!
    const line = await cuttableLine(new URL(mesh.gatewayUrl).port)
    const received: string[] = []
    const statuses: string[] = []
    const stop = subscribe<{ transactionAdded: { id: string; streamPosition: string | null } | null }>(
      await mesh.token({ role: 'customer_service' }),
      RESUMABLE,
      { filter: { accountId: account.id } },
      {
        onEvent: (data) => data?.transactionAdded && received.push(data.transactionAdded.id),
        onStatus: (status) => statuses.push(status),
      },
      {
        url: `ws://127.0.0.1:${line.port}/graphql`,
        webSocketImpl: WebSocket,
        positionOf: (data) => data.transactionAdded?.streamPosition,
      },
    )
    try {
      await upstreamsLive(1)
      const first = await book(account.id, '31.00')
      await eventually(async () => received.length, 1)
      line.cut()
      // Booked while the client is away (it waits a second or more before reconnecting).
      const away = [await book(account.id, '32.00'), await book(account.id, '33.00')]
      await eventually(async () => received.length, 3, 15_000)
      const live = await book(account.id, '34.00')
      await eventually(async () => received.length, 4)
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(received).toEqual([first, ...away, live])
      expect(statuses.filter((status) => status === 'live')).toHaveLength(2)
    } finally {
      stop()
      line.close()
    }
  })

  test('without a token, or with a bad one, the connection is refused', async () => {
    for (const authorization of [undefined, 'Bearer not-a-token']) {
      const client = wsClient(mesh.gatewayUrl, authorization)
      const live = subscribeOverWebSocket(client, 'subscription { transactionAdded { id } }')
      await eventually(async () => live.ended !== undefined, true)
      expect(live.results).toEqual([])
      expect(client.closes[0]?.code).toBe(4401)
      expect(client.closes[0]?.reason).toMatch(/Unauthorized/)
      await client.dispose()
    }
  })

  test('invalid input is answered with a stable code and nothing streams', async () => {
    const client = wsClient(mesh.gatewayUrl, await bearer('analyst'))
    try {
      const badField = subscribeOverWebSocket(client, 'subscription { transactionAdded { id nope } }')
      await eventually(async () => badField.ended !== undefined, true)
      expect((badField.ended as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe(
        'GRAPHQL_VALIDATION_FAILED',
      )
      const badFilter = subscribeOverWebSocket(
        client,
        'subscription { transactionAdded(filter: { minAmount: "50", maxAmount: "10" }) { id } }',
      )
      const [refusal] = await badFilter.waitFor(1)
      expect(refusal!.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
      expect(refusal!.errors?.[0]?.message).toMatch(/minAmount/)
      const badPosition = subscribeOverWebSocket(client, 'subscription { transactionAdded(after: "yesterday") { id } }')
      const [notAPosition] = await badPosition.waitFor(1)
      expect(notAPosition!.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' })
    } finally {
      await client.dispose()
    }
  })

  test('a write the database rolled back is never delivered; the next committed one is', async () => {
    const client = wsClient(mesh.gatewayUrl, await bearer('admin'))
    const live = subscribeOverWebSocket(
      client,
      'subscription { transactionAdded(filter: { accountId: "' + accounts[2]!.id + '" }) { id } }',
    )
    try {
      await upstreamsLive(1)
      // Exactly what a booking does (insert, move the balance, announce), in a transaction that then fails.
      await expect(
        mesh.databases.transactions.exec(`
        BEGIN;
        INSERT INTO "Transaction" (id, "accountId", "customerId", type, direction, amount, currency, date, description, channel)
          VALUES ('T-ROLLED-BACK', '${accounts[2]!.id}', '${accounts[2]!.customerId}', 'WITHDRAWAL', 'DEBIT', 99, 'USD', now(), 'never happened', 'ATM');
        SELECT pg_notify('transaction_added', 'T-ROLLED-BACK');
        UPDATE "Account" SET balance = balance - 99 WHERE id = '${accounts[2]!.id}';
        SELECT 1 / 0;
        COMMIT;`),
      ).rejects.toThrow(/division by zero/)
      await mesh.databases.transactions.exec('ROLLBACK').catch(() => undefined)
      // A booking the data contract refuses is not written, so not announced either.
      const refused = await mesh.query(
        BOOK,
        { input: { accountId: accounts[2]!.id, type: 'WITHDRAWAL', amount: '0', description: 'zero', channel: 'ATM' } },
        { authorization: await bearer('customer_service') },
      )
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
      const committed = await book(accounts[2]!.id, '5.00')
      const [event] = await live.waitFor(1)
      expect(event!.data!.transactionAdded).toEqual({ id: committed })
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(live.results).toHaveLength(1)
    } finally {
      live.stop()
      await client.dispose()
    }
  })

  test('identical subscribers share one upstream subscription and one query per event', async () => {
    // A gateway that shares subgraph reads only within one caller's requests, so that the counts below show
    // the subscription router's own sharing (by default, the colleague's query would share the subgraph
    // read too whenever the two are in flight together).
    const { url, gateway } = await mesh.startGateway({ shareReads: 'caller' })
    const token = await bearer('risk_officer', { subject: 'risk-desk' })
    const clients = [wsClient(url, token), wsClient(url, token)]
    const query = 'subscription { transactionAdded(filter: { minAmount: "1000" }) { id amount account { balance } } }'
    const lives = clients.map((client) => subscribeOverWebSocket(client, query))
    // Another officer with the same permissions shares the upstream subscription, not the per-event query.
    const colleague = wsClient(url, await bearer('risk_officer', { subject: 'risk-colleague' }))
    lives.push(subscribeOverWebSocket(colleague, query))
    try {
      await upstreamsLive(1)
      expect(gateway.subscriptions.upstreamCount).toBe(1)
      const before = await subgraphQueries()
      const id = await book(accounts[0]!.id, '2500.00', 'Used car deposit')
      const events = await Promise.all(lives.map((live) => live.waitFor(1)))
      for (const [event] of events) expect((event!.data!.transactionAdded as { id: string }).id).toBe(id)
      expect(events[0]).toEqual(events[1])
      // The booking itself is a mutation; the events cost one query for the two identical subscribers, one for the colleague.
      expect((await subgraphQueries()) - before).toBe(2)
    } finally {
      for (const live of lives) live.stop()
      for (const client of [...clients, colleague]) await client.dispose()
    }
  })
})

describe('npm run simulate', () => {
  test('books realistic transactions through the gateway, and subscribers see each one', async () => {
    const client = wsClient(mesh.gatewayUrl, await bearer('analyst'))
    const live = subscribeOverWebSocket(
      client,
      'subscription { transactionAdded { id type amount description channel } }',
    )
    try {
      await upstreamsLive(1)
      // Asynchronously: the mesh answering the script runs in this very process.
      const run = await runScript(
        process.execPath,
        [
          require.resolve('tsx/cli'),
          'scripts/simulate.ts',
          '--count',
          '8',
          '--rate',
          '40',
          '--anomaly-rate',
          '0.25',
          '--seed',
          '3',
          '--quiet',
        ],
        {
          cwd: path.resolve(__dirname, '..'),
          env: {
            ...process.env,
            GATEWAY_URL: mesh.gatewayUrl,
            MESH_TOKEN: await mesh.token({ role: 'customer_service', subject: 'simulator' }),
          },
          timeout: 120_000,
        },
      )
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/Booked 8, refused 0/)
      const events = await live.waitFor(8)
      const added = events.map((e) => e.data!.transactionAdded as { type: string; amount: string; description: string })
      expect(new Set(added.map((t) => t.type)).size).toBeGreaterThan(1)
      // The seeded run plants at least one sudden large withdrawal among ordinary bookings.
      expect(added.some((t) => t.type === 'WITHDRAWAL' && Number(t.amount) >= 3000)).toBe(true)
    } finally {
      live.stop()
      await client.dispose()
    }
  })
})

describe('transactionAdded over Server-Sent Events', () => {
  test('streams bookings to a client without WebSocket, same rules and token', async () => {
    const live = await subscribeOverSse(
      mesh.gatewayUrl,
      'subscription { transactionAdded(filter: { type: DEPOSIT }) { id type amount } }',
      { authorization: await bearer('customer_service') },
    )
    try {
      expect(live.status).toBe(200)
      await upstreamsLive(1)
      const response = await mesh.query<{ recordTransaction: { id: string } }>(
        BOOK,
        {
          input: {
            accountId: accounts[1]!.id,
            type: 'DEPOSIT',
            amount: '300.00',
            description: 'Cash deposit',
            channel: 'BRANCH',
          },
        },
        { authorization: await bearer('customer_service') },
      )
      const [event] = await live.waitFor(1)
      expect(event!.data!.transactionAdded).toEqual({
        id: response.data!.recordTransaction.id,
        type: 'DEPOSIT',
        amount: '300.00',
      })
    } finally {
      live.stop()
    }
  })

  test('without a token the stream is refused with 401 UNAUTHENTICATED', async () => {
    const live = await subscribeOverSse(mesh.gatewayUrl, 'subscription { transactionAdded { id } }', {})
    expect(live.status).toBe(401)
    expect(live.body).toEqual({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })],
    })
  })

  test('a subscription POSTed as plain JSON is pointed to the streaming transports', async () => {
    const response = await fetch(mesh.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await bearer('analyst') },
      body: JSON.stringify({ query: 'subscription { transactionAdded { id } }' }),
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] }
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT')
    expect(body.errors[0]!.message).toMatch(/WebSocket.*text\/event-stream/)
  })
})

async function subgraphQueries(): Promise<number> {
  const text = await (await fetch(mesh.subgraphUrls.transactions.replace(/\/graphql$/, '/metrics'))).text()
  return [...text.matchAll(/^graphql_operations_total\{[^}]*operation_type="query"[^}]*\} (\d+)/gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  )
}

function runScript(
  file: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeout: number },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr })
    })
  })
}

/** A TCP line to the gateway that the test can cut, as a dropped network would: every open connection at once. */
async function cuttableLine(targetPort: string): Promise<{ port: number; cut(): void; close(): void }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(targetPort), '127.0.0.1')
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => undefined)
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const cut = () => {
    for (const socket of sockets) socket.destroy()
  }
  return {
    port: (server.address() as net.AddressInfo).port,
    cut,
    close() {
      cut()
      server.close()
    },
  }
}
