// The same mesh on real PostgreSQL 15 servers: one database per domain, migrated by the same
// migrations and bulk-loaded through COPY, answering the same queries as on embedded PGlite.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { openDatabase } from '../lib/database'
import { DOMAINS, type Domain } from '../prisma/demo-data/load'
import { Prisma, PrismaClient } from '../prisma/transactions/generated/client'
import { startMesh, type RunningMesh } from './support/mesh'
import { postgresAvailable, startPostgresCluster, type PostgresCluster } from './support/postgres'

let cluster: PostgresCluster
let mesh: RunningMesh

beforeAll(async () => {
  if (!postgresAvailable())
    throw new Error(
      'PostgreSQL 15 server binaries are required for this test (/usr/lib/postgresql/15/bin; set POSTGRES_BIN elsewhere)',
    )
  cluster = await startPostgresCluster()
  const databaseUrls = {} as Record<Domain, string>
  for (const domain of DOMAINS) databaseUrls[domain] = await cluster.createDatabase(`mesh_${domain}`)
  mesh = await startMesh({ customers: 200, databaseUrls })
}, 120_000)

afterAll(async () => {
  await mesh?.stop()
  await cluster?.stop()
})

describe('on PostgreSQL', () => {
  test("every domain runs on its own PostgreSQL database with Prisma's migration history", async () => {
    for (const domain of DOMAINS) {
      expect(mesh.databases[domain].kind).toBe('postgres')
      const [row] = await mesh.databases[domain].query<{ name: string; db: string }>(
        'SELECT migration_name AS name, current_database() AS db FROM "_prisma_migrations" ORDER BY started_at LIMIT 1',
      )
      expect(row?.db).toBe(`mesh_${domain}`)
      expect(row?.name).toMatch(/_init$/)
    }
  })

  test('a query spanning all five domains answers from PostgreSQL', async () => {
    const [row] = await mesh.databases.loans.query<{ customerId: string }>(
      'SELECT "customerId" FROM "Loan" ORDER BY id LIMIT 1',
    )
    const response = await mesh.query<{ customer: Record<string, any> }>(
      `query($id: ID!) { customer(id: $id) { id name transactions(first: 2) { totalCount } loans { id principal } creditScore acquisition { channel } } }`,
      { id: row!.customerId },
    )
    expect(response.errors).toBeUndefined()
    expect(response.data!.customer.loans.length).toBeGreaterThan(0)
    const [count] = await mesh.databases.transactions.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM "Transaction" WHERE "customerId" = $1',
      [row!.customerId],
    )
    expect(response.data!.customer.transactions.totalCount).toBe(count!.n)
  })

  test('transactionSummary on PostgreSQL equals the sums of the raw rows', async () => {
    const response = await mesh.query<{
      transactionSummary: { count: number; total: string; byType: { type: string; total: string }[] }
    }>('{ transactionSummary(filter: { type: WITHDRAWAL }) { count total byType { type total } } }')
    expect(response.errors).toBeUndefined()
    const [raw] = await mesh.databases.transactions.query<{ n: number; total: string }>(
      `SELECT count(*)::int AS n, sum(amount)::text AS total FROM "Transaction" WHERE type = 'WITHDRAWAL'`,
    )
    expect(response.data!.transactionSummary.count).toBe(raw!.n)
    expect(Number(response.data!.transactionSummary.total).toFixed(2)).toBe(Number(raw!.total).toFixed(2))
    expect(response.data!.transactionSummary.total.replace(/\.?0+$/, '')).toBe(raw!.total.replace(/\.?0+$/, ''))
  })

  test("a read that skips Prisma's client (readRows) gets every value typed as $queryRaw and findMany type it", async () => {
    const db = mesh.databases.transactions
    const prisma = new PrismaClient({ adapter: db.adapter })
    try {
      const ids = (await db.query<{ id: string }>('SELECT id FROM "Account" ORDER BY id LIMIT 3')).map((row) => row.id)
      const since = new Date('2026-01-01T00:00:00Z')
      const statement = Prisma.sql`
        SELECT a.id, a.type::text AS type, a.currency, a."openedAt", a.balance, a.balance > 0 AS positive, NULL::text AS nothing,
          count(t.id)::int AS count, count(t.id) AS "bigCount", max(t.amount) AS "largest", max(t.date) AS "latest"
        FROM "Account" a LEFT JOIN "Transaction" t ON t."accountId" = a.id AND t.date >= ${since}
        WHERE a.id IN (${Prisma.join(ids)}) GROUP BY a.id ORDER BY a.id`
      const read = await db.readRows<Record<string, unknown>>(statement)
      expect(read).toEqual(await prisma.$queryRaw(statement))
      expect(read[0]!.balance).toBeInstanceOf(Prisma.Decimal)
      expect(typeof read[0]!.bigCount).toBe('bigint')
      const accounts = await db.readRows(
        Prisma.sql`SELECT id, "customerId", type::text AS type, currency, status::text AS status, "openedAt", balance FROM "Account" WHERE id IN (${Prisma.join(ids)}) ORDER BY id`,
      )
      expect(accounts).toEqual(await prisma.account.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } }))
    } finally {
      await prisma.$disconnect()
    }
  })

  test('replicas starting together migrate a fresh database once: one applies, the others wait and find nothing to do', async () => {
    const url = await cluster.createDatabase('mesh_risk_replicas')
    const replicas = await Promise.all([1, 2, 3].map(() => openDatabase({ domain: 'risk', url })))
    try {
      const applied = await Promise.all(replicas.map((db) => db.migrate()))
      const [[count]] = [
        await replicas[0]!.query<{ count: string }>('SELECT count(*)::text AS count FROM "_prisma_migrations"'),
      ]
      const everyMigration = applied.find((names) => names.length > 0)!
      expect(everyMigration.length).toBeGreaterThan(0)
      expect(applied.map((names) => names.length).sort()).toEqual([0, 0, everyMigration.length])
      expect(Number(count!.count)).toBe(everyMigration.length)
    } finally {
      for (const db of replicas) await db.close()
    }
  })
})
