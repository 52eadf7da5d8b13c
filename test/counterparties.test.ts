// Who is on the other side of a transaction, and where the demo bank's transactions stand in their lifecycle,
// read through the gateway: a transfer's counterparty country and currency (domestic or international), a
// payment's merchant category, each as the product's own rows hold it, governed like the rest of a transaction.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startMesh, type RunningMesh } from './support/mesh'

let mesh: RunningMesh

beforeAll(async () => {
  mesh = await startMesh({ customers: 30 })
})
afterAll(() => mesh?.stop())

const bearer = async (role: Parameters<RunningMesh['token']>[0]['role']) => ({
  authorization: `Bearer ${await mesh.token({ role })}`,
})
const rowsOf = <T>(sql: string, parameters: unknown[] = []) => mesh.databases.transactions.query<T>(sql, parameters)

interface Node {
  id: string
  type: string
  status: string
  counterpartyCountry: string | null
  counterpartyCurrency: string | null
  international: boolean | null
  merchantCategory: string | null
}
const NODE = 'id type status counterpartyCountry counterpartyCurrency international merchantCategory'

describe('the demo bank through the graph', () => {
  test("a customer who sends money abroad: each transfer's counterparty is the product's row, international when not in the US", async () => {
    const [sender] = await rowsOf<{ customerId: string }>(
      `SELECT "customerId" FROM "Transaction" WHERE "counterpartyCountry" <> 'US' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    )
    expect(sender).toBeDefined()
    const expected = await rowsOf<{ id: string; country: string; currency: string }>(
      `SELECT id, "counterpartyCountry" AS country, "counterpartyCurrency" AS currency FROM "Transaction" WHERE "customerId" = $1 AND type = 'TRANSFER' ORDER BY date DESC, id DESC`,
      [sender!.customerId],
    )
    const response = await mesh.query<{ transactions: { edges: { node: Node }[] } }>(
      `query($customerId: ID!) { transactions(filter: { customerId: $customerId, type: TRANSFER }, first: 1000) { edges { node { ${NODE} } } } }`,
      { customerId: sender!.customerId },
      await bearer('analyst'),
    )
    expect(response.errors).toBeUndefined()
    const nodes = response.data!.transactions.edges.map((edge) => edge.node)
    expect(nodes.map((n) => [n.id, n.counterpartyCountry, n.counterpartyCurrency, n.international])).toEqual(
      expected.map((row) => [row.id, row.country, row.currency, row.country !== 'US']),
    )
    expect(nodes.some((n) => n.international)).toBe(true)
  })

  test('card payments name their merchant category; other types have none', async () => {
    const expected = await rowsOf<{ id: string; category: string | null }>(
      `SELECT id, "merchantCategory" AS category FROM "Transaction" WHERE "customerId" = 'C-00001' ORDER BY date DESC, id DESC LIMIT 200`,
    )
    const response = await mesh.query<{ transactions: { edges: { node: Node }[] } }>(
      `{ transactions(filter: { customerId: "C-00001" }, first: 200) { edges { node { ${NODE} } } } }`,
      undefined,
      await bearer('customer_service'),
    )
    const nodes = response.data!.transactions.edges.map((edge) => edge.node)
    expect(nodes.map((n) => [n.id, n.merchantCategory])).toEqual(expected.map((row) => [row.id, row.category]))
    expect(nodes.filter((n) => n.type !== 'PAYMENT').every((n) => n.merchantCategory === null)).toBe(true)
    expect(nodes.some((n) => n.type === 'PAYMENT' && n.merchantCategory !== null)).toBe(true)
  })

  test('the demo bank has pending, disputed and reversed transactions, and each reversed one its reversal entry', async () => {
    const counts = Object.fromEntries(
      (
        await rowsOf<{ status: string; n: number }>(
          'SELECT status::text AS status, count(*)::int AS n FROM "Transaction" GROUP BY 1',
        )
      ).map((row) => [row.status, row.n]),
    )
    for (const status of ['PENDING', 'POSTED', 'REVERSED']) expect(counts[status]).toBeGreaterThan(0)
    const pending = await mesh.query<{ transactions: { totalCount: number } }>(
      '{ transactions(filter: { status: PENDING }) { totalCount } }',
      undefined,
      await bearer('analyst'),
    )
    expect(pending.data!.transactions.totalCount).toBe(counts.PENDING)
    const byStatus = await mesh.query<{ transactionBreakdown: { groups: { status: string; count: number }[] } }>(
      '{ transactionBreakdown(by: [STATUS]) { groups { status count } } }',
      undefined,
      await bearer('analyst'),
    )
    expect(
      Object.fromEntries(byStatus.data!.transactionBreakdown.groups.map((group) => [group.status, group.count])),
    ).toEqual(counts)
    const [reversed] = await rowsOf<{ id: string }>(
      `SELECT id FROM "Transaction" WHERE status = 'REVERSED' ORDER BY id LIMIT 1`,
    )
    const read = await mesh.query<{
      transaction: {
        status: string
        reversalReason: string
        reversal: { id: string; direction: string; reversalOf: { id: string } }
      }
    }>(
      'query($id: ID!) { transaction(id: $id) { status reversalReason reversal { id direction reversalOf { id } } } }',
      { id: reversed!.id },
      await bearer('customer_service'),
    )
    expect(read.data!.transaction).toMatchObject({
      status: 'REVERSED',
      reversalReason: expect.any(String),
      reversal: { id: `${reversed!.id}-R`, direction: 'CREDIT', reversalOf: { id: reversed!.id } },
    })
  })

  test('marketing, denied transaction detail, reads no counterparty', async () => {
    const response = await mesh.query(
      '{ transactions(filter: { type: TRANSFER }, first: 1) { edges { node { counterpartyCountry } } } }',
      undefined,
      await bearer('marketing'),
    )
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    expect(JSON.stringify(response.data ?? null)).not.toMatch(/counterpartyCountry":"/)
  })
})

describe('booking with a counterparty', () => {
  const BOOK = `mutation($input: RecordTransactionInput!) { recordTransaction(input: $input) { ${NODE} } }`
  let accountId: string

  beforeAll(async () => {
    const [account] = await rowsOf<{ id: string }>(
      `SELECT id FROM "Account" WHERE status = 'OPEN' AND type = 'CHECKING' ORDER BY id LIMIT 1`,
    )
    accountId = account!.id
  })

  test('a transfer abroad and a card payment keep what was booked, as a read-back shows', async () => {
    const transfer = await mesh.query<{ recordTransaction: Node }>(
      BOOK,
      {
        input: {
          accountId,
          type: 'TRANSFER',
          direction: 'DEBIT',
          amount: '250.00',
          description: 'Transfer to family',
          channel: 'MOBILE',
          counterpartyCountry: 'MX',
          counterpartyCurrency: 'MXN',
        },
      },
      await bearer('customer_service'),
    )
    expect(transfer.errors).toBeUndefined()
    const payment = await mesh.query<{ recordTransaction: Node }>(
      BOOK,
      {
        input: {
          accountId,
          type: 'PAYMENT',
          amount: '15.99',
          description: 'Streaming subscription',
          channel: 'CARD',
          merchantCategory: 'SUBSCRIPTIONS',
        },
      },
      await bearer('customer_service'),
    )
    for (const booked of [transfer.data!.recordTransaction, payment.data!.recordTransaction]) {
      const read = await mesh.query<{ transaction: Node }>(
        `query($id: ID!) { transaction(id: $id) { ${NODE} } }`,
        { id: booked.id },
        await bearer('analyst'),
      )
      expect(read.data!.transaction).toEqual(booked)
    }
    expect(transfer.data!.recordTransaction).toMatchObject({
      counterpartyCountry: 'MX',
      counterpartyCurrency: 'MXN',
      international: true,
      merchantCategory: null,
    })
    expect(payment.data!.recordTransaction).toMatchObject({
      counterpartyCountry: null,
      international: null,
      merchantCategory: 'SUBSCRIPTIONS',
    })
  })

  test('a counterparty where it does not belong, half a counterparty, or a malformed one is refused with BAD_USER_INPUT and nothing is booked', async () => {
    const [{ n: before }] = (await rowsOf<{ n: number }>(
      'SELECT count(*)::int AS n FROM "Transaction" WHERE "accountId" = $1',
      [accountId],
    )) as [{ n: number }]
    const refusals = await Promise.all(
      [
        { type: 'PAYMENT', counterpartyCountry: 'MX', counterpartyCurrency: 'MXN' },
        { type: 'TRANSFER', direction: 'DEBIT', counterpartyCountry: 'MX' },
        { type: 'TRANSFER', direction: 'DEBIT', counterpartyCountry: 'Mexico', counterpartyCurrency: 'MXN' },
        { type: 'WITHDRAWAL', merchantCategory: 'GROCERIES' },
      ].map(async (extra) =>
        mesh.query(
          BOOK,
          { input: { accountId, amount: '10.00', description: 'Refused', channel: 'ONLINE', ...extra } },
          await bearer('customer_service'),
        ),
      ),
    )
    expect(refusals.map((r) => r.errors?.[0]?.extensions?.code)).toEqual([
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
    ])
    expect(refusals[2]!.errors![0]!.message).toMatch(/counterpartyCountry/)
    const [{ n: after }] = (await rowsOf<{ n: number }>(
      'SELECT count(*)::int AS n FROM "Transaction" WHERE "accountId" = $1',
      [accountId],
    )) as [{ n: number }]
    expect(after).toBe(before)
  })
})
