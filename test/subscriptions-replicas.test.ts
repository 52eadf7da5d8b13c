// Two replicas of the transactions subgraph on one PostgreSQL database: bookings land on both, subscribers
// are spread over both, and every subscriber gets every committed booking exactly once (LISTEN/NOTIFY).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import pg from 'pg'
import { startMesh, type RunningMesh } from './support/mesh'
import { postgresAvailable, startPostgresCluster, type PostgresCluster } from './support/postgres'
import {
  activeSubscriptions,
  eventually,
  subscribeOverWebSocket,
  wsClient,
  type LiveSubscription,
} from './support/subscriptions'

const describeWithPostgres = postgresAvailable() ? describe : describe.skip

let cluster: PostgresCluster
let mesh: RunningMesh
let databaseUrl: string

beforeAll(async () => {
  if (!postgresAvailable()) return
  cluster = await startPostgresCluster()
  databaseUrl = await cluster.createDatabase('mesh_transactions')
  mesh = await startMesh({ customers: 30, databaseUrls: { transactions: databaseUrl }, replicas: { transactions: 2 } })
}, 300_000)
afterAll(async () => {
  await mesh?.stop()
  await cluster?.stop()
})

const mutationsServed = async (url: string) => {
  const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text()
  return [...text.matchAll(/^graphql_operations_total\{[^}]*operation_type="mutation"[^}]*\} (\d+)/gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  )
}

describeWithPostgres('subscriptions across two replicas on PostgreSQL', () => {
  test('each subscriber gets each committed booking once, whichever replica wrote it and whichever it listens on', async () => {
    const [first, second] = mesh.replicas.transactions
    const accounts = await mesh.databases.transactions.query<{ id: string }>(
      `SELECT id FROM "Account" WHERE status = 'OPEN' ORDER BY id LIMIT 6`,
    )
    // Four callers with different permissions: four upstream subscriptions, which the gateway spreads over the replicas.
    const roles = ['admin', 'analyst', 'risk_officer', 'customer_service'] as const
    const clients = await Promise.all(
      roles.map(async (role) =>
        wsClient(mesh.gatewayUrl, `Bearer ${await mesh.token({ role, subject: `${role}-replicas` })}`),
      ),
    )
    const lives: LiveSubscription[] = []
    for (const client of clients) {
      lives.push(subscribeOverWebSocket(client, 'subscription { transactionAdded { id streamPosition } }'))
      await eventually(async () => mesh.gateway.subscriptions.upstreamCount, lives.length)
    }
    try {
      await eventually(() => activeSubscriptions(first!.url), 2)
      await eventually(() => activeSubscriptions(second!.url), 2)
      const mutationsBefore = await Promise.all([first!.url, second!.url].map(mutationsServed))

      const booker = `Bearer ${await mesh.token({ role: 'customer_service', subject: 'teller' })}`
      const booked: string[] = []
      for (let round = 0; round < 6; round++) {
        const responses = await Promise.all(
          accounts.map((account, i) =>
            mesh.query<{ recordTransaction: { id: string } }>(
              'mutation($input: RecordTransactionInput!) { recordTransaction(input: $input) { id } }',
              {
                input: {
                  accountId: account.id,
                  type: 'PAYMENT',
                  amount: `${10 + round}.${String(i).padStart(2, '0')}`,
                  description: `Card payment ${round}-${i}`,
                  channel: 'CARD',
                },
              },
              { authorization: booker },
            ),
          ),
        )
        for (const response of responses) {
          expect(response.errors).toBeUndefined()
          booked.push(response.data!.recordTransaction.id)
        }
      }
      // A write rolled back on the shared database is announced to nobody.
      const direct = new pg.Client({ connectionString: databaseUrl })
      await direct.connect()
      try {
        await direct.query('BEGIN')
        await direct.query("SELECT pg_notify('transaction_added', $1)", [booked[0]])
        await direct.query('ROLLBACK')
      } finally {
        await direct.end()
      }

      const mutationsAfter = await Promise.all([first!.url, second!.url].map(mutationsServed))
      expect(mutationsAfter[0]! - mutationsBefore[0]!).toBeGreaterThan(0)
      expect(mutationsAfter[1]! - mutationsBefore[1]!).toBeGreaterThan(0)
      expect(mutationsAfter[0]! - mutationsBefore[0]! + mutationsAfter[1]! - mutationsBefore[1]!).toBe(booked.length)

      for (const live of lives) await live.waitFor(booked.length, 15_000)
      await new Promise((resolve) => setTimeout(resolve, 500))
      for (const live of lives) {
        const ids = live.results.map((result) => (result.data!.transactionAdded as { id: string }).id)
        expect(ids).toHaveLength(booked.length)
        expect(new Set(ids)).toEqual(new Set(booked))
        // Delivered in commit order, which the log's positions follow even for bookings made at once.
        const positions = live.results.map((result) =>
          BigInt((result.data!.transactionAdded as { streamPosition: string }).streamPosition),
        )
        expect(positions.every((position, i) => i === 0 || position > positions[i - 1]!)).toBe(true)
      }

      // A subscriber resuming after the first booking gets all the others, in the order the live ones had them.
      const delivered = lives[0]!.results.map(
        (result) => result.data!.transactionAdded as { id: string; streamPosition: string },
      )
      const resumed = subscribeOverWebSocket(
        clients[0]!,
        'subscription($after: String) { transactionAdded(after: $after) { id streamPosition } }',
        { after: delivered[0]!.streamPosition },
      )
      lives.push(resumed)
      expect(await resumed.waitFor(delivered.length - 1, 15_000)).toEqual(
        delivered.slice(1).map((transactionAdded) => ({ data: { transactionAdded } })),
      )
    } finally {
      for (const live of lives) live.stop()
      for (const client of clients) await client.dispose()
    }
  })
})
