// The subgraph side of `npm run bench`: SQL statements per request against list length, aggregates on a
// PostgreSQL bank of about five million transactions against the hand-written SQL, and the cold start and
// memory of `npm start`.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { openDatabase } from '../../lib/database'
import { createFieldCipher, parseDataKey } from '../../lib/field-encryption'
import { loadDemoData } from '../../prisma/demo-data/load'
import { IDENTITY_HEADER, signForwardedIdentity } from '../../rules/identity'
import { SUBGRAPHS } from '../../subgraphs/registry'
import { postgresAvailable, startPostgresCluster } from '../../test/support/postgres'
import { median, post, ROOT } from './run'

async function statementsSoFar(subgraphUrls: string[]): Promise<number> {
  let total = 0
  for (const url of subgraphUrls) {
    const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text()
    for (const match of text.matchAll(/^db_statements_total\{[^}]*\} (\d+)/gm)) total += Number(match[1])
  }
  return total
}

/** SQL statements one request costs, across every subgraph it reaches, for a list of `first` items. */
export async function statementsPerRequest(gatewayUrl: string, headers: Record<string, string>, subgraphUrls: string[], first: number): Promise<number> {
  const query = `{ transactions(first: ${first}) { edges { node { id amount account { id balance customer { id name segment } } } } } }`
  const before = await statementsSoFar(subgraphUrls)
  const answer = await post(gatewayUrl, query, headers)
  if (answer.errors) throw new Error(`statements query failed: ${JSON.stringify(answer.errors).slice(0, 300)}`)
  return (await statementsSoFar(subgraphUrls)) - before
}

export interface AggregateComparison {
  name: string
  graphqlMs: number
  sqlMs: number
}

async function timed(run: () => Promise<unknown>, times = 5): Promise<number> {
  await run()
  const durations: number[] = []
  for (let i = 0; i < times; i++) {
    const started = process.hrtime.bigint()
    await run()
    durations.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  return median(durations)
}

/**
 * Seeds the transactions and marketing products on a throwaway PostgreSQL 15 cluster (`customers` demo
 * customers: 40,000 make about 5.1 million transactions), then times each aggregate through its subgraph
 * (GraphQL over HTTP) and as the equivalent hand-written SQL on the same database.
 */
export async function aggregatesOnPostgres(customers: number, log: (line: string) => void): Promise<{ transactions: number; seedSeconds: number; comparisons: AggregateComparison[]; fixedMs: number } | null> {
  if (!postgresAvailable()) return null
  const cluster = await startPostgresCluster()
  const internalSecret = randomBytes(32).toString('base64url')
  const dataEncryptionKey = randomBytes(32).toString('base64url')
  const demo = { customers, seed: 42, asOf: new Date('2026-11-25T00:00:00Z') }
  const stops: (() => Promise<void>)[] = [() => cluster.stop()]
  try {
    const urls: Record<string, string> = {}
    const seeded = Date.now()
    for (const domain of ['transactions', 'marketing'] as const) {
      const databaseUrl = await cluster.createDatabase(`bench_${domain}`)
      const db = await openDatabase({ domain, url: databaseUrl })
      await db.migrate()
      await loadDemoData(db, domain, demo, createFieldCipher(parseDataKey(dataEncryptionKey)))
      await db.exec('ANALYZE')
      const server = await SUBGRAPHS.find((s) => s.name === domain)!.create(db, { internalSecret, dataEncryptionKey, now: () => demo.asOf })
      stops.unshift(() => server.stop())
      urls[domain] = (await server.listen(0)).url
      urls[`${domain}Database`] = databaseUrl
    }
    const seedSeconds = (Date.now() - seeded) / 1000
    const sql = new pg.Client({ connectionString: urls.transactionsDatabase })
    const marketingSql = new pg.Client({ connectionString: urls.marketingDatabase })
    await sql.connect()
    await marketingSql.connect()
    stops.unshift(async () => {
      await sql.end()
      await marketingSql.end()
    })
    const [{ count }] = (await sql.query<{ count: string }>('SELECT count(*) FROM "Transaction"')).rows as [{ count: string }]
    log(`PostgreSQL: ${Number(count).toLocaleString('en-US')} transactions of ${customers.toLocaleString('en-US')} customers seeded in ${seedSeconds.toFixed(0)} s`)
    const identity = { [IDENTITY_HEADER]: await signForwardedIdentity({ subject: 'bench', roles: ['admin'], channel: 'api' }, internalSecret) }
    const summarySql = (where: string) => `SELECT type::text, direction::text, count(*)::int, sum(amount), min(amount), max(amount) FROM "Transaction" WHERE ${where} GROUP BY 1, 2`
    const cases: { name: string; graphql: () => Promise<unknown>; sql: () => Promise<unknown> }[] = [
      {
        name: 'transactionSummary, one quarter',
        graphql: () => post(urls.transactions!, '{ transactionSummary(filter: { startDate: "2026-07-01", endDate: "2026-09-30" }) { count credits debits net byType { type count total } } }', identity),
        sql: () => sql.query(summarySql(`date >= '2026-07-01' AND date <= '2026-09-30T23:59:59.999Z'`)),
      },
      {
        name: 'transactionSummary, withdrawals in a half-year',
        graphql: () => post(urls.transactions!, '{ transactionSummary(filter: { type: WITHDRAWAL, startDate: "2026-01-01", endDate: "2026-06-30" }) { count debits average min max } }', identity),
        sql: () => sql.query(summarySql(`type = 'WITHDRAWAL' AND date >= '2026-01-01' AND date <= '2026-06-30T23:59:59.999Z'`)),
      },
      {
        name: 'transactionSummary, one customer',
        graphql: () => post(urls.transactions!, '{ transactionSummary(filter: { customerId: "C-01234" }) { count credits debits net } }', identity),
        sql: () => sql.query(summarySql(`"customerId" = 'C-01234'`)),
      },
      {
        name: 'customerAcquisition, 12 months',
        graphql: () => post(urls.marketing!, '{ customerAcquisition(granularity: MONTH, last: 12) { label newCustomers previousPeriodNewCustomers changePercent } }', identity),
        sql: () => marketingSql.query(`SELECT to_char(date_trunc('month', "acquiredAt" AT TIME ZONE 'UTC'), 'YYYY-MM-DD'), count(*)::int FROM "CustomerAcquisition" WHERE "acquiredAt" >= '2025-11-01' AND "acquiredAt" < '2026-12-01' GROUP BY 1`),
      },
    ]
    const comparisons: AggregateComparison[] = []
    for (const each of cases) {
      const answer = (await each.graphql()) as { errors?: unknown[] }
      if (answer.errors) throw new Error(`${each.name}: ${JSON.stringify(answer.errors).slice(0, 300)}`)
      const comparison = { name: each.name, graphqlMs: await timed(each.graphql), sqlMs: await timed(each.sql) }
      comparisons.push(comparison)
      log(`${each.name.padEnd(48)} GraphQL ${comparison.graphqlMs.toFixed(1).padStart(8)} ms   SQL ${comparison.sqlMs.toFixed(1).padStart(8)} ms`)
    }
    // What any request to the subgraph costs before its query runs: HTTP, identity check, GraphQL.
    const fixedMs = await timed(() => post(urls.transactions!, '{ __typename }', identity), 20)
    log(`${'a GraphQL request that reads nothing'.padEnd(48)} GraphQL ${fixedMs.toFixed(1).padStart(8)} ms`)
    return { transactions: Number(count), seedSeconds, comparisons, fixedMs }
  } finally {
    for (const stop of stops) await stop().catch(() => undefined)
  }
}

export interface ColdStart {
  firstStartSeconds: number
  restartSeconds: number
  /** Resident memory of each process of the running mesh, in MiB. */
  memory: { process: string; rssMiB: number }[]
}

/** Runs `npm start` on an empty data folder (demo data created), then again on the same folder. */
export async function coldStart(): Promise<ColdStart> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mesh-bench-start-'))
  try {
    const first = await startMesh(dataDir, false)
    const restart = await startMesh(dataDir, true)
    return { firstStartSeconds: first.seconds, restartSeconds: restart.seconds, memory: restart.memory ?? [] }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function startMesh(dataDir: string, measureMemory: boolean): Promise<{ seconds: number; memory?: ColdStart['memory'] }> {
  const started = Date.now()
  const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, stdio: 'ignore', detached: true })
  try {
    const deadline = Date.now() + 180_000
    for (;;) {
      if (Date.now() > deadline) throw new Error('npm start did not serve within 180 s')
      try {
        const answer = await post('http://127.0.0.1:4000/graphql', '{ __typename }', {})
        if (answer.data) break
      } catch {
        // not up yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    const seconds = (Date.now() - started) / 1000
    return { seconds, memory: measureMemory ? processMemory(child.pid!) : undefined }
  } finally {
    process.kill(-child.pid!, 'SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 3000))
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // already gone
    }
  }
}

/** RSS of every node process under `root`, named by the script it runs. */
function processMemory(root: number): ColdStart['memory'] {
  const parentOf = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || !existsSync(`/proc/${entry}/stat`)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {
      // exited meanwhile
    }
  }
  const isUnder = (pid: number): boolean => pid === root || (parentOf.has(pid) && pid > 1 && isUnder(parentOf.get(pid)!))
  const memory: ColdStart['memory'] = []
  for (const pid of parentOf.keys()) {
    if (!isUnder(pid)) continue
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
      const script = command.find((part) => /\.(ts|js)$/.test(part) && !part.includes('node_modules'))
      const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
      if (script) memory.push({ process: path.relative(ROOT, script), rssMiB: rss / 1024 })
    } catch {
      // exited meanwhile
    }
  }
  return memory.sort((a, b) => a.process.localeCompare(b.process))
}
