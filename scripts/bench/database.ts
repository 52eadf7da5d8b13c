// The subgraph side of `npm run bench`: SQL statements per request against list length, aggregates on a
// PostgreSQL bank of about five million transactions against the hand-written SQL, and the cold start and
// memory of `npm start`.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { Pool } from 'undici'
import { openDatabase } from '../../lib/database'
import { createFieldCipher, parseDataKey } from '../../lib/field-encryption'
import { loadDemoData } from '../../prisma/demo-data/load'
import { IDENTITY_HEADER, signForwardedIdentity } from '../../rules/identity'
import { SUBGRAPHS } from '../../subgraphs/registry'
import { postgresAvailable, startPostgresCluster } from '../../test/support/postgres'
import { buildProduction, compiledFile } from '../build'
import { cpuMillis, median, post, ROOT } from './run'

async function statementsSoFar(subgraphUrls: string[]): Promise<number> {
  let total = 0
  for (const url of subgraphUrls) {
    const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text()
    for (const match of text.matchAll(/^db_statements_total\{[^}]*\} (\d+)/gm)) total += Number(match[1])
  }
  return total
}

/** SQL statements one request costs, across every subgraph it reaches, for a list of `first` items. */
export async function statementsPerRequest(
  gatewayUrl: string,
  headers: Record<string, string>,
  subgraphUrls: string[],
  first: number,
): Promise<number> {
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

/** An indexed read of one entity through the compiled subgraph, against the same statement through `pg`. */
export interface SingleEntityRead {
  name: string
  graphqlMs: number
  /** Null for a request that reads nothing. */
  sqlMs: number | null
  /** CPU time of the subgraph's process per request (every thread), ms; null where there is no /proc. */
  subgraphCpuMs: number | null
}

export interface SingleEntityReadOptions {
  databaseUrl: string
  internalSecret: string
  dataEncryptionKey: string
  customerId: string
  /** Timed rounds after 100 untimed ones; each round asks every case once, in alternating order. */
  rounds?: number
  /** Where the subgraph writes its CPU profile (`node --cpu-prof`); none when absent. */
  profileDir?: string
  log: (line: string) => void
}

/**
 * The fixed cost of a subgraph request, measured as production runs it: the compiled transactions subgraph
 * (`npm run build`, `NODE_ENV=production`, no TypeScript loader) in its own process on the PostgreSQL bank, asked
 * over HTTP as the gateway asks (an undici pool of kept-alive connections, a freshly signed identity per request),
 * one request at a time; each read next to the statement the subgraph sends, through `pg`, in the same rounds.
 */
export async function singleEntityReads(options: SingleEntityReadOptions): Promise<SingleEntityRead[]> {
  const rounds = options.rounds ?? 300
  const app = mkdtempSync(path.join(os.tmpdir(), 'mesh-bench-build-'))
  const sql = new pg.Client({ connectionString: options.databaseUrl })
  let child: ChildProcess | undefined
  let pool: Pool | undefined
  try {
    // The image's layout: the build output beside node_modules.
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir')
    await buildProduction({ outDir: path.join(app, 'dist'), typecheck: false, webApp: false, log: () => undefined })
    if (options.profileDir) mkdirSync(options.profileDir, { recursive: true })
    const profile = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : []
    const started = spawn(
      process.execPath,
      [...profile, path.join(app, compiledFile('subgraphs/transactions/main.ts'))],
      {
        cwd: app,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          TRANSACTIONS_DATABASE_URL: options.databaseUrl,
          TRANSACTIONS_PORT: '0',
          MESH_INTERNAL_SECRET: options.internalSecret,
          DATA_ENCRYPTION_KEY: options.dataEncryptionKey,
          DATA_DIR: path.join(app, 'data'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    child = started
    const url = await new Promise<string>((resolve, reject) => {
      let output = ''
      const onOutput = (chunk: Buffer) => {
        output += chunk.toString()
        const ready = /"url":"(http:[^"]+)"/.exec(output)
        if (ready) resolve(ready[1]!)
      }
      started.stdout!.on('data', onOutput)
      started.stderr!.on('data', onOutput)
      started.once('exit', (code) =>
        reject(new Error(`the compiled transactions subgraph exited (${code}) before it was ready:\n${output}`)),
      )
    })
    const endpoint = new URL(url)
    pool = new Pool(endpoint.origin, { connections: 1 })
    await sql.connect()
    const [account] = (
      await sql.query<{ id: string }>('SELECT id FROM "Account" WHERE "customerId" = $1 ORDER BY id LIMIT 1', [
        options.customerId,
      ])
    ).rows
    if (!account) throw new Error(`customer ${options.customerId} has no account in the bank`)
    const graphql = async (query: string) => {
      // Signed before the clock starts, as the gateway signs one per request.
      const identity = await signForwardedIdentity(
        { subject: 'bench', roles: ['admin'], channel: 'api', requestId: randomUUID() },
        options.internalSecret,
      )
      return async () => {
        const { statusCode, body } = await pool!.request({
          method: 'POST',
          path: endpoint.pathname,
          headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
          body: JSON.stringify({ query }),
        })
        const text = await body.text()
        if (statusCode !== 200 || text.includes('"errors"'))
          throw new Error(`${query}: ${statusCode} ${text.slice(0, 300)}`)
      }
    }
    const cases = [
      {
        name: 'transactionSummary, one customer',
        graphql: () =>
          graphql(
            `{ transactionSummary(filter: { customerId: "${options.customerId}" }) { count credits debits net } }`,
          ),
        // The statement the subgraph sends for this filter, for a caller who may read the rows and does not ask for `customers`.
        sql: () =>
          sql.query(
            `SELECT type::text AS type, direction::text AS direction, count(*)::int AS count, sum(amount) AS total, min(amount) AS min, max(amount) AS max
          FROM "Transaction" WHERE TRUE AND "customerId" = $1 GROUP BY type, direction`,
            [options.customerId],
          ),
      },
      {
        name: 'account by id',
        graphql: () => graphql(`{ account(id: "${account.id}") { id type currency status openedAt balance } }`),
        sql: () =>
          sql.query(
            'SELECT id, "customerId", type::text AS type, currency, status::text AS status, "openedAt", balance FROM "Account" WHERE id IN ($1)',
            [account.id],
          ),
      },
      {
        name: 'a request that reads nothing ({ __typename })',
        graphql: () => graphql('{ __typename }'),
        sql: undefined,
      },
    ]
    const timings = cases.map(() => ({ graphql: [] as number[], sql: [] as number[] }))
    const time = async (run: () => Promise<unknown>, into: number[] | undefined) => {
      const started = process.hrtime.bigint()
      await run()
      into?.push(Number(process.hrtime.bigint() - started) / 1e6)
    }
    for (let round = 0; round < 100 + rounds; round++) {
      const timed = round >= 100
      const order = round % 2 ? [...cases.keys()].reverse() : [...cases.keys()]
      for (const i of order) {
        await time(await cases[i]!.graphql(), timed ? timings[i]!.graphql : undefined)
        if (cases[i]!.sql) await time(cases[i]!.sql!, timed ? timings[i]!.sql : undefined)
      }
    }
    // CPU per request, each read alone: /proc counts in 10 ms ticks, so many requests a reading.
    const cpuPerRequest = async (i: number): Promise<number | null> => {
      const before = cpuMillis(started.pid)
      for (let n = 0; n < rounds; n++) await (await cases[i]!.graphql())()
      const after = cpuMillis(started.pid)
      return before === undefined || after === undefined ? null : (after - before) / rounds
    }
    const reads: SingleEntityRead[] = []
    for (const [i, each] of cases.entries()) {
      const read = {
        name: each.name,
        graphqlMs: median(timings[i]!.graphql),
        sqlMs: each.sql ? median(timings[i]!.sql) : null,
        subgraphCpuMs: await cpuPerRequest(i),
      }
      reads.push(read)
      options.log(
        `${`${read.name}, compiled`.padEnd(48)} GraphQL ${read.graphqlMs.toFixed(2).padStart(8)} ms   SQL ${read.sqlMs === null ? '       —' : read.sqlMs.toFixed(2).padStart(8)} ms   subgraph CPU ${read.subgraphCpuMs?.toFixed(2) ?? '?'} ms a request`,
      )
    }
    return reads
  } finally {
    await pool?.close()
    await sql.end().catch(() => undefined)
    if (child && child.exitCode === null) {
      // SIGTERM: the subgraph stops and exits itself, which is also when --cpu-prof writes its profile.
      await new Promise((resolve) => {
        child!.once('exit', resolve)
        child!.kill('SIGTERM')
        setTimeout(() => child!.kill('SIGKILL'), 10_000).unref()
      })
    }
    rmSync(app, { recursive: true, force: true })
  }
}

/**
 * Seeds the transactions and marketing products on a throwaway PostgreSQL 15 cluster (`customers` demo
 * customers: 40,000 make about 5.1 million transactions), then times each aggregate through its subgraph
 * (GraphQL over HTTP) and as the equivalent hand-written SQL on the same database.
 */
export async function aggregatesOnPostgres(
  customers: number,
  log: (line: string) => void,
  profileDir?: string,
): Promise<{
  transactions: number
  seedSeconds: number
  comparisons: AggregateComparison[]
  fixedMs: number
  singleEntityReads: SingleEntityRead[]
} | null> {
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
      const server = await SUBGRAPHS.find((s) => s.name === domain)!.create(db, {
        internalSecret,
        dataEncryptionKey,
        now: () => demo.asOf,
      })
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
    const [{ count }] = (await sql.query<{ count: string }>('SELECT count(*) FROM "Transaction"')).rows as [
      { count: string },
    ]
    log(
      `PostgreSQL: ${Number(count).toLocaleString('en-US')} transactions of ${customers.toLocaleString('en-US')} customers seeded in ${seedSeconds.toFixed(0)} s`,
    )
    const identity = {
      [IDENTITY_HEADER]: await signForwardedIdentity(
        { subject: 'bench', roles: ['admin'], channel: 'api' },
        internalSecret,
      ),
    }
    const summarySql = (where: string) =>
      `SELECT type::text, direction::text, count(*)::int, sum(amount), min(amount), max(amount) FROM "Transaction" WHERE ${where} GROUP BY 1, 2`
    const cases: { name: string; graphql: () => Promise<unknown>; sql: () => Promise<unknown> }[] = [
      {
        name: 'transactionSummary, one quarter',
        graphql: () =>
          post(
            urls.transactions!,
            '{ transactionSummary(filter: { startDate: "2026-07-01", endDate: "2026-09-30" }) { count credits debits net byType { type count total } } }',
            identity,
          ),
        sql: () => sql.query(summarySql(`date >= '2026-07-01' AND date <= '2026-09-30T23:59:59.999Z'`)),
      },
      {
        name: 'transactionSummary, withdrawals in a half-year',
        graphql: () =>
          post(
            urls.transactions!,
            '{ transactionSummary(filter: { type: WITHDRAWAL, startDate: "2026-01-01", endDate: "2026-06-30" }) { count debits average min max } }',
            identity,
          ),
        sql: () =>
          sql.query(summarySql(`type = 'WITHDRAWAL' AND date >= '2026-01-01' AND date <= '2026-06-30T23:59:59.999Z'`)),
      },
      {
        name: 'transactionSummary, one customer',
        graphql: () =>
          post(
            urls.transactions!,
            '{ transactionSummary(filter: { customerId: "C-01234" }) { count credits debits net } }',
            identity,
          ),
        sql: () => sql.query(summarySql(`"customerId" = 'C-01234'`)),
      },
      {
        name: 'customerAcquisition, 12 months',
        graphql: () =>
          post(
            urls.marketing!,
            '{ customerAcquisition(granularity: MONTH, last: 12) { label newCustomers previousPeriodNewCustomers changePercent } }',
            identity,
          ),
        sql: () =>
          marketingSql.query(
            `SELECT to_char(date_trunc('month', "acquiredAt" AT TIME ZONE 'UTC'), 'YYYY-MM-DD'), count(*)::int FROM "CustomerAcquisition" WHERE "acquiredAt" >= '2025-11-01' AND "acquiredAt" < '2026-12-01' GROUP BY 1`,
          ),
      },
    ]
    const comparisons: AggregateComparison[] = []
    for (const each of cases) {
      const answer = (await each.graphql()) as { errors?: unknown[] }
      if (answer.errors) throw new Error(`${each.name}: ${JSON.stringify(answer.errors).slice(0, 300)}`)
      const comparison = { name: each.name, graphqlMs: await timed(each.graphql), sqlMs: await timed(each.sql) }
      comparisons.push(comparison)
      log(
        `${each.name.padEnd(48)} GraphQL ${comparison.graphqlMs.toFixed(1).padStart(8)} ms   SQL ${comparison.sqlMs.toFixed(1).padStart(8)} ms`,
      )
    }
    // What any request to the subgraph costs before its query runs: HTTP, identity check, GraphQL.
    const fixedMs = await timed(() => post(urls.transactions!, '{ __typename }', identity), 20)
    log(`${'a GraphQL request that reads nothing'.padEnd(48)} GraphQL ${fixedMs.toFixed(1).padStart(8)} ms`)
    // The cases above run the subgraphs inside this process under tsx, asked through fetch; production runs each
    // compiled, in its own process, asked by the gateway's undici pool.
    const reads = await singleEntityReads({
      databaseUrl: urls.transactionsDatabase!,
      internalSecret,
      dataEncryptionKey,
      customerId: 'C-01234',
      profileDir,
      log,
    })
    return { transactions: Number(count), seedSeconds, comparisons, fixedMs, singleEntityReads: reads }
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

async function startMesh(
  dataDir: string,
  measureMemory: boolean,
): Promise<{ seconds: number; memory?: ColdStart['memory'] }> {
  const started = Date.now()
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: 'ignore',
    detached: true,
  })
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
  const isUnder = (pid: number): boolean =>
    pid === root || (parentOf.has(pid) && pid > 1 && isUnder(parentOf.get(pid)!))
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
