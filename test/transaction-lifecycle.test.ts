// The transaction lifecycle through the gateway: the payments team posts, reverses, disputes and resolves
// disputes, each change checked against the data contract with the balance moved exactly once; and every
// committed change streams as `transactionChanged` over graphql-ws and Server-Sent Events, once, in order,
// to those allowed to see it, resumable from its position.
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { randomUUID } from 'node:crypto'
import { startMesh, type GraphQLResponse, type RunningMesh } from './support/mesh'
import {
  activeSubscriptions,
  eventually,
  subscribeOverSse,
  subscribeOverWebSocket,
  wsClient,
  type LiveSubscription,
} from './support/subscriptions'

let mesh: RunningMesh
let accounts: { id: string; customerId: string }[]

beforeAll(async () => {
  mesh = await startMesh({ customers: 30 })
  accounts = await mesh.databases.transactions.query<{ id: string; customerId: string }>(
    `SELECT id, "customerId" FROM "Account" WHERE status = 'OPEN' AND type = 'CHECKING' ORDER BY id LIMIT 4`,
  )
})
afterAll(() => mesh?.stop())
afterEach(() => eventually(() => activeSubscriptions(mesh.subgraphUrls.transactions), 0))

type Role = Parameters<RunningMesh['token']>[0]['role']
const bearer = async (role: Role, extra: Record<string, string> = {}) =>
  `Bearer ${await mesh.token({ role, ...extra })}`
const asPayments = async () => ({ authorization: await bearer('customer_service') })

const TRANSACTION =
  'id status reversalReason disputeReason disputeOutcome amount direction reversal { id direction amount status reversalOf { id } } reversalOf { id }'

interface LifecycleTransaction {
  id: string
  status: string
  reversalReason: string | null
  disputeReason: string | null
  disputeOutcome: string | null
  amount: string
  direction: string
  reversal: { id: string; direction: string; amount: string; status: string; reversalOf: { id: string } } | null
  reversalOf: { id: string } | null
}

async function book(accountId: string, { amount = '40.00', pending = false } = {}): Promise<string> {
  const response = await mesh.query<{ recordTransaction: { id: string; status: string } }>(
    'mutation($input: RecordTransactionInput!) { recordTransaction(input: $input) { id status } }',
    { input: { accountId, type: 'PAYMENT', amount, description: 'Online retailer', channel: 'CARD', pending } },
    await asPayments(),
  )
  expect(response.errors).toBeUndefined()
  expect(response.data!.recordTransaction.status).toBe(pending ? 'PENDING' : 'POSTED')
  return response.data!.recordTransaction.id
}

const CHANGES = {
  post: 'mutation($id: ID!) { change: postTransaction(id: $id) { ' + TRANSACTION + ' } }',
  reverse:
    'mutation($id: ID!, $reason: String!) { change: reverseTransaction(id: $id, reason: $reason) { ' +
    TRANSACTION +
    ' } }',
  openDispute:
    'mutation($id: ID!, $reason: String!) { change: openDispute(id: $id, reason: $reason) { ' + TRANSACTION + ' } }',
  resolveDispute:
    'mutation($id: ID!, $outcome: DisputeOutcome!) { change: resolveDispute(id: $id, outcome: $outcome) { ' +
    TRANSACTION +
    ' } }',
}

async function change(
  kind: keyof typeof CHANGES,
  variables: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<GraphQLResponse<{ change: LifecycleTransaction | null }>> {
  return mesh.query<{ change: LifecycleTransaction | null }>(CHANGES[kind], variables, headers ?? (await asPayments()))
}

const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code

async function balanceOf(accountId: string): Promise<string> {
  const response = await mesh.query<{ account: { balance: string } }>(
    'query($id: ID!) { account(id: $id) { balance } }',
    { id: accountId },
    await asPayments(),
  )
  return response.data!.account.balance
}

/** What the log holds for a transaction, read straight from the product's database. */
const loggedKinds = async (transactionId: string) =>
  (
    await mesh.databases.transactions.query<{ kind: string }>(
      'SELECT kind::text AS kind FROM "TransactionEvent" WHERE "transactionId" = $1 ORDER BY position',
      [transactionId],
    )
  ).map((row) => row.kind)

const cents = (amount: string) => Math.round(Number(amount) * 100)

describe('lifecycle mutations', () => {
  test('a pending booking moves the balance once; posting it moves nothing; posting it twice is refused with TRANSACTION_ALREADY_POSTED', async () => {
    const account = accounts[0]!
    const before = await balanceOf(account.id)
    const id = await book(account.id, { amount: '25.10', pending: true })
    expect(cents(await balanceOf(account.id))).toBe(cents(before) - 2510)

    const posted = await change('post', { id })
    expect(posted.errors).toBeUndefined()
    expect(posted.data!.change).toMatchObject({ id, status: 'POSTED', reversal: null })
    expect(cents(await balanceOf(account.id))).toBe(cents(before) - 2510)

    const twice = await change('post', { id })
    expect(codeOf(twice)).toBe('TRANSACTION_ALREADY_POSTED')
    expect(twice.errors![0]!.message).toMatch(/posted already/)
    expect(cents(await balanceOf(account.id))).toBe(cents(before) - 2510)
    expect(await loggedKinds(id)).toEqual(['BOOKED', 'POSTED'])
  })

  test('recordTransaction still books POSTED by default', async () => {
    const id = await book(accounts[0]!.id)
    const read = await mesh.query<{ transaction: { status: string; changes: { kind: string; status: string }[] } }>(
      'query($id: ID!) { transaction(id: $id) { status changes { kind status } } }',
      { id },
      await asPayments(),
    )
    expect(read.data!.transaction).toEqual({ status: 'POSTED', changes: [{ kind: 'BOOKED', status: 'POSTED' }] })
  })

  test('a reversal books one entry that moves the balance back; reversing again, or reversing the reversal, is refused and moves nothing', async () => {
    const account = accounts[1]!
    const id = await book(account.id, { amount: '63.25' })
    const booked = await balanceOf(account.id)

    const reversed = await change('reverse', { id, reason: 'Merchant cancelled the order' })
    expect(reversed.errors).toBeUndefined()
    expect(reversed.data!.change).toMatchObject({
      id,
      status: 'REVERSED',
      reversalReason: 'Merchant cancelled the order',
      reversal: { id: `${id}-R`, direction: 'CREDIT', amount: '63.25', status: 'POSTED', reversalOf: { id } },
    })
    expect(cents(await balanceOf(account.id))).toBe(cents(booked) + 6325)

    const again = await change('reverse', { id, reason: 'Again' })
    expect(codeOf(again)).toBe('TRANSACTION_REVERSED')
    const ofReversal = await change('reverse', { id: `${id}-R`, reason: 'Undo the undo' })
    expect(codeOf(ofReversal)).toBe('REVERSAL_NOT_REVERSIBLE')
    expect(ofReversal.errors![0]!.message).toContain(`is the reversal of ${id}`)
    const postReversed = await change('post', { id })
    expect(codeOf(postReversed)).toBe('TRANSACTION_REVERSED')
    const noReason = await change('reverse', { id: await book(account.id), reason: '   ' })
    expect(codeOf(noReason)).toBe('BAD_USER_INPUT')
    const unknown = await change('reverse', { id: 'T-NOPE', reason: 'x' })
    expect(codeOf(unknown)).toBe('NOT_FOUND')

    // Read back: the money moved back once, and the log holds each change once.
    const rows = await mesh.databases.transactions.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM "Transaction" WHERE "reversalOf" = $1',
      [id],
    )
    expect(rows[0]!.n).toBe(1)
    expect(await loggedKinds(id)).toEqual(['BOOKED', 'REVERSED'])
    expect(await loggedKinds(`${id}-R`)).toEqual(['BOOKED'])
  })

  test('two reversals of one transaction at once: one wins, the other is refused, and the balance moves once', async () => {
    const account = accounts[2]!
    const id = await book(account.id, { amount: '12.00' })
    const booked = await balanceOf(account.id)
    const results = await Promise.all([
      change('reverse', { id, reason: 'Duplicate' }),
      change('reverse', { id, reason: 'Duplicate too' }),
    ])
    expect(results.map((r) => (r.errors ? codeOf(r) : 'OK')).sort()).toEqual(['OK', 'TRANSACTION_REVERSED'])
    expect(cents(await balanceOf(account.id))).toBe(cents(booked) + 1200)
  })

  test('a dispute: refused while pending, opened once, blocks reversal; rejected it stands, upheld it is reversed with the money returned', async () => {
    const account = accounts[0]!
    const pendingId = await book(account.id, { pending: true })
    expect(codeOf(await change('openDispute', { id: pendingId, reason: 'Not mine' }))).toBe('TRANSACTION_PENDING')

    const id = await book(account.id, { amount: '88.80' })
    const booked = await balanceOf(account.id)
    expect(codeOf(await change('resolveDispute', { id, outcome: 'UPHELD' }))).toBe('NO_OPEN_DISPUTE')
    const opened = await change('openDispute', { id, reason: 'I never received the goods' })
    expect(opened.data!.change).toMatchObject({
      id,
      status: 'DISPUTED',
      disputeReason: 'I never received the goods',
      disputeOutcome: null,
    })
    expect(codeOf(await change('openDispute', { id, reason: 'Again' }))).toBe('DISPUTE_OPEN')
    expect(codeOf(await change('reverse', { id, reason: 'Skip the dispute' }))).toBe('DISPUTE_OPEN')
    expect(codeOf(await change('post', { id }))).toBe('DISPUTE_OPEN')

    const rejected = await change('resolveDispute', { id, outcome: 'REJECTED' })
    expect(rejected.data!.change).toMatchObject({ id, status: 'POSTED', disputeOutcome: 'REJECTED', reversal: null })
    expect(await balanceOf(account.id)).toBe(booked)

    await change('openDispute', { id, reason: 'Charged twice' })
    const upheld = await change('resolveDispute', { id, outcome: 'UPHELD' })
    expect(upheld.data!.change).toMatchObject({
      id,
      status: 'REVERSED',
      disputeOutcome: 'UPHELD',
      reversalReason: 'Dispute upheld: Charged twice',
      reversal: { id: `${id}-R`, direction: 'CREDIT', amount: '88.80' },
    })
    expect(cents(await balanceOf(account.id))).toBe(cents(booked) + 8880)
    expect(codeOf(await change('resolveDispute', { id, outcome: 'UPHELD' }))).toBe('TRANSACTION_REVERSED')
    expect(await loggedKinds(id)).toEqual([
      'BOOKED',
      'DISPUTE_OPENED',
      'DISPUTE_RESOLVED',
      'DISPUTE_OPENED',
      'DISPUTE_RESOLVED',
    ])
  })

  test('credits cannot be disputed', async () => {
    const response = await mesh.query<{ recordTransaction: { id: string } }>(
      'mutation($input: RecordTransactionInput!) { recordTransaction(input: $input) { id } }',
      {
        input: {
          accountId: accounts[0]!.id,
          type: 'DEPOSIT',
          amount: '10.00',
          description: 'Cash deposit',
          channel: 'BRANCH',
        },
      },
      await asPayments(),
    )
    expect(codeOf(await change('openDispute', { id: response.data!.recordTransaction.id, reason: 'Hmm' }))).toBe(
      'BAD_USER_INPUT',
    )
  })

  test('the changes are governed like recordTransaction: roles without transaction-booking, and the chat channel, are refused and audited, and nothing moves', async () => {
    const id = await book(accounts[1]!.id)
    const subject = `analyst-${randomUUID()}`
    const byAnalyst = await change(
      'reverse',
      { id, reason: 'Because' },
      { authorization: await bearer('analyst', { subject }) },
    )
    expect(byAnalyst.data?.change ?? null).toBeNull()
    expect(codeOf(byAnalyst)).toBe('FORBIDDEN')
    const overChat = await change('post', { id }, { authorization: await bearer('admin', { channel: 'chat' }) })
    expect(codeOf(overChat)).toBe('FORBIDDEN')
    const byCustomer = await change(
      'openDispute',
      { id, reason: 'Mine' },
      { authorization: await bearer('customer', { customerId: accounts[1]!.customerId }) },
    )
    expect(codeOf(byCustomer)).toBe('FORBIDDEN')
    expect(await loggedKinds(id)).toEqual(['BOOKED'])
    const denials = await mesh.databases.audit.query<{ field: string }>(
      'SELECT field FROM "AccessDenial" WHERE subject = $1',
      [subject],
    )
    expect(denials).toEqual([{ field: 'Mutation.reverseTransaction' }])
  })
})

const CHANGED = `subscription Changed($filter: TransactionFilter, $after: String) {
  transactionChanged(filter: $filter, after: $after) { kind status reason streamPosition transaction { id account { id } } }
}`

interface ChangeEvent {
  kind: string
  status: string
  reason: string | null
  streamPosition: string
  transaction: { id: string; account: { id: string } }
}

const changesIn = (live: LiveSubscription) =>
  live.results.map((result) => result.data!.transactionChanged as ChangeEvent)
const summary = (event: ChangeEvent) => `${event.kind} ${event.transaction.id} ${event.status}`
const upstreamsLive = (count: number) => eventually(() => activeSubscriptions(mesh.subgraphUrls.transactions), count)
const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

describe('transactionChanged over graphql-ws', () => {
  test('every committed change reaches the subscriber once, in commit order; refused changes never do', async () => {
    const account = accounts[2]!
    const client = wsClient(mesh.gatewayUrl, await bearer('customer_service'))
    const live = subscribeOverWebSocket(client, CHANGED, { filter: { accountId: account.id } })
    try {
      await upstreamsLive(1)
      const id = await book(account.id, { pending: true })
      await change('post', { id })
      expect(codeOf(await change('post', { id }))).toBe('TRANSACTION_ALREADY_POSTED')
      await change('reverse', { id, reason: 'Duplicate authorisation' })
      expect(codeOf(await change('reverse', { id, reason: 'Again' }))).toBe('TRANSACTION_REVERSED')
      const events = await live.waitFor(4)
      expect(events.every((event) => event.errors === undefined)).toBe(true)
      expect(changesIn(live).map(summary)).toEqual([
        `BOOKED ${id} PENDING`,
        `POSTED ${id} POSTED`,
        `REVERSED ${id} REVERSED`,
        `BOOKED ${id}-R POSTED`,
      ])
      expect(changesIn(live)[2]!.reason).toBe('Duplicate authorisation')
      const positions = changesIn(live).map((event) => BigInt(event.streamPosition))
      expect(positions.every((position, i) => i === 0 || position > positions[i - 1]!)).toBe(true)
      await settle()
      expect(live.results).toHaveLength(4)
    } finally {
      live.stop()
      await client.dispose()
    }
  })

  test('a change the database rolled back is never delivered; the next committed one is', async () => {
    const account = accounts[1]!
    const id = await book(account.id, { pending: true })
    const client = wsClient(mesh.gatewayUrl, await bearer('admin'))
    const live = subscribeOverWebSocket(client, CHANGED, { filter: { accountId: account.id } })
    try {
      await upstreamsLive(1)
      // Exactly what a posting does (status, log, announcement), in a transaction that then fails.
      await expect(
        mesh.databases.transactions.exec(`
        BEGIN;
        UPDATE "Transaction" SET status = 'POSTED' WHERE id = '${id}';
        INSERT INTO "TransactionEvent" ("transactionId", kind, status) VALUES ('${id}', 'POSTED', 'POSTED');
        SELECT pg_notify('transaction_changed', '${id}');
        SELECT 1 / 0;
        COMMIT;`),
      ).rejects.toThrow(/division by zero/)
      await mesh.databases.transactions.exec('ROLLBACK').catch(() => undefined)
      await change('post', { id })
      await live.waitFor(1)
      await settle()
      expect(changesIn(live).map(summary)).toEqual([`POSTED ${id} POSTED`])
    } finally {
      live.stop()
      await client.dispose()
    }
  })

  test('a customer hears of changes to their own transactions only', async () => {
    const own = accounts[0]!
    const other = accounts.find((a) => a.customerId !== own.customerId)!
    const client = wsClient(mesh.gatewayUrl, await bearer('customer', { customerId: own.customerId }))
    const live = subscribeOverWebSocket(
      client,
      'subscription { transactionChanged { kind transaction { id account { id } } } }',
    )
    try {
      await upstreamsLive(1)
      const others = await book(other.id, { pending: true })
      await change('post', { id: others })
      const mine = await book(own.id, { pending: true })
      await change('post', { id: mine })
      await live.waitFor(2)
      await settle()
      expect(live.results.map((result) => result.data!.transactionChanged)).toEqual([
        { kind: 'BOOKED', transaction: { id: mine, account: { id: own.id } } },
        { kind: 'POSTED', transaction: { id: mine, account: { id: own.id } } },
      ])
    } finally {
      live.stop()
      await client.dispose()
    }
  })

  test('a subscriber that comes back with the last streamPosition it saw gets the changes made meanwhile, in order and once, then live ones', async () => {
    const account = accounts[3]!
    const filter = { accountId: account.id }
    const client = wsClient(mesh.gatewayUrl, await bearer('customer_service'))
    try {
      const before = subscribeOverWebSocket(client, CHANGED, { filter })
      await upstreamsLive(1)
      const id = await book(account.id)
      const [first] = await before.waitFor(1)
      const lastSeen = (first!.data!.transactionChanged as ChangeEvent).streamPosition
      before.stop()
      await upstreamsLive(0)

      await change('openDispute', { id, reason: 'Wrong amount' })
      await book(accounts[0]!.id)
      await change('resolveDispute', { id, outcome: 'REJECTED' })
      const resumed = subscribeOverWebSocket(client, CHANGED, { filter, after: lastSeen })
      await upstreamsLive(1)
      await change('reverse', { id, reason: 'Goodwill refund' })
      await resumed.waitFor(4)
      await settle()
      expect(changesIn(resumed).map(summary)).toEqual([
        `DISPUTE_OPENED ${id} DISPUTED`,
        `DISPUTE_RESOLVED ${id} POSTED`,
        `REVERSED ${id} REVERSED`,
        `BOOKED ${id}-R POSTED`,
      ])
      expect(BigInt(changesIn(resumed)[0]!.streamPosition)).toBeGreaterThan(BigInt(lastSeen))
      resumed.stop()
    } finally {
      await client.dispose()
    }
  })

  test('identical subscribers share one upstream subscription, and each hears every change', async () => {
    const account = accounts[3]!
    const token = await bearer('risk_officer', { subject: 'payments-desk' })
    const clients = [
      wsClient(mesh.gatewayUrl, token),
      wsClient(mesh.gatewayUrl, await bearer('risk_officer', { subject: 'payments-colleague' })),
    ]
    const lives = clients.map((client) =>
      subscribeOverWebSocket(client, CHANGED, { filter: { accountId: account.id } }),
    )
    try {
      await upstreamsLive(1)
      expect(mesh.gateway.subscriptions.upstreamCount).toBe(1)
      const id = await book(account.id, { pending: true })
      await change('post', { id })
      const events = await Promise.all(lives.map((live) => live.waitFor(2)))
      expect(events[0]).toEqual(events[1])
      expect(changesIn(lives[0]!).map(summary)).toEqual([`BOOKED ${id} PENDING`, `POSTED ${id} POSTED`])
    } finally {
      for (const live of lives) live.stop()
      for (const client of clients) await client.dispose()
    }
  })

  test('a position that is not one is refused with BAD_USER_INPUT, and nothing streams', async () => {
    const client = wsClient(mesh.gatewayUrl, await bearer('customer_service'))
    const live = subscribeOverWebSocket(client, CHANGED, { after: 'yesterday' })
    try {
      const [refusal] = await live.waitFor(1)
      expect(refusal!.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
      expect(refusal!.errors?.[0]?.message).toMatch(/streamPosition/)
    } finally {
      live.stop()
      await client.dispose()
    }
  })

  test('a role denied transaction detail is refused the subscription, and the refusal is audited', async () => {
    const subject = `marketing-${randomUUID()}`
    const client = wsClient(mesh.gatewayUrl, await bearer('marketing', { subject }))
    const live = subscribeOverWebSocket(client, 'subscription { transactionChanged { kind } }')
    try {
      const [refusal] = await live.waitFor(1)
      expect(refusal!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
      const denials = await mesh.databases.audit.query<{ field: string }>(
        'SELECT field FROM "AccessDenial" WHERE subject = $1',
        [subject],
      )
      expect(denials).toEqual([{ field: 'Subscription.transactionChanged' }])
    } finally {
      await client.dispose()
    }
  })

  test('transactionAdded hears bookings only, the reversal entry included, with their booking position', async () => {
    const account = accounts[1]!
    const client = wsClient(mesh.gatewayUrl, await bearer('customer_service'))
    const live = subscribeOverWebSocket(
      client,
      'subscription($filter: TransactionFilter) { transactionAdded(filter: $filter) { id status streamPosition } }',
      { filter: { accountId: account.id } },
    )
    try {
      await upstreamsLive(1)
      const id = await book(account.id, { pending: true })
      await change('post', { id })
      await change('reverse', { id, reason: 'Cancelled' })
      await live.waitFor(2)
      await settle()
      const added = live.results.map(
        (result) => result.data!.transactionAdded as { id: string; streamPosition: string },
      )
      expect(added.map((a) => a.id)).toEqual([id, `${id}-R`])
      const [booking] = await mesh.databases.transactions.query<{ position: string }>(
        `SELECT position::text AS position FROM "TransactionEvent" WHERE "transactionId" = $1 AND kind = 'BOOKED'`,
        [id],
      )
      expect(added[0]!.streamPosition).toBe(booking!.position)
    } finally {
      live.stop()
      await client.dispose()
    }
  })
})

describe('transactionChanged over Server-Sent Events', () => {
  test('streams changes to a client without WebSocket, same rules and token', async () => {
    const account = accounts[2]!
    const live = await subscribeOverSse(
      mesh.gatewayUrl,
      CHANGED,
      { authorization: await bearer('customer_service') },
      { filter: { accountId: account.id } },
    )
    try {
      expect(live.status).toBe(200)
      await upstreamsLive(1)
      const id = await book(account.id, { pending: true })
      await change('post', { id })
      await live.waitFor(2)
      expect(changesIn(live).map(summary)).toEqual([`BOOKED ${id} PENDING`, `POSTED ${id} POSTED`])
    } finally {
      live.stop()
    }
  })
})
