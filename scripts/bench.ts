// `npm run bench`: the mesh measured against the gateways users would pick instead, on this machine, in
// one run. Prints the ratio table last; BENCHMARKS.md records a run. Not part of the tests: timings on
// shared machines are noisy, so every comparison is a ratio between targets measured in interleaved rounds.
// Parts run alone with `npm run bench -- --only overhead` (or BENCH_ONLY=overhead; comma-separated): gateways
// (the loads over the demo bank's subgraphs, and SQL statements per request), overhead (the gateway-overhead load
// over in-memory subgraphs), database (aggregates on PostgreSQL), start (cold start and memory). The overhead
// load can time another version of ours beside this one (BENCH_BASELINE, see scripts/bench/overhead.ts) and
// profile any of its gateways (BENCH_PROFILE; scripts/bench/profile-summary.ts reads the profiles).
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '../rules/identity'
import { issueDevelopmentToken } from '../rules/tokens'
import { BENCH_TARGETS, type BenchTarget } from './bench/targets'
import { aggregatesOnPostgres, coldStart, statementsPerRequest, type AggregateComparison, type ColdStart } from './bench/database'
import { gatewayOverhead, type OverheadResults } from './bench/overhead'
import { load, median, post, startProcess, stopProcess, type LoadResult } from './bench/run'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16)
/** Demo customers of the PostgreSQL bank: 40,000 make about 5.1 million transactions. */
const PG_CUSTOMERS = Number(process.env.BENCH_PG_CUSTOMERS ?? 40_000)
/** The gateway-overhead load: seconds per target and round, and connections (the public gateway benchmark's 50). */
const OVERHEAD_SECONDS = Number(process.env.BENCH_OVERHEAD_SECONDS ?? 6)
const OVERHEAD_CONNECTIONS = Number(process.env.BENCH_OVERHEAD_CONNECTIONS ?? 50)
/** Targets of the overhead load whose CPU is profiled (comma-separated, such as `ours,stock`, or `subgraphs`); profiles go to $TMPDIR/mesh-bench-profiles. */
const PROFILE = (process.env.BENCH_PROFILE ?? '').split(',').filter(Boolean) as (BenchTarget | 'subgraphs')[]

const PARTS = ['gateways', 'overhead', 'database', 'start'] as const
type Part = (typeof PARTS)[number]

/** `--only a,b` or BENCH_ONLY=a,b; every part when neither is given. */
function selectedParts(): Set<Part> {
  const flag = process.argv.indexOf('--only')
  const only = (flag >= 0 ? process.argv[flag + 1] : process.env.BENCH_ONLY) ?? ''
  const parts = only.split(',').map((part) => part.trim()).filter(Boolean)
  const unknown = parts.filter((part) => !(PARTS as readonly string[]).includes(part))
  if (unknown.length) throw new Error(`unknown bench part ${unknown.join(', ')}: choose from ${PARTS.join(', ')}`)
  return new Set(parts.length ? (parts as Part[]) : PARTS)
}

/** Three subgraphs, nested lists: what a customer-overview screen asks. */
const REPRESENTATIVE = `query CustomerOverview {
  customers(first: 10) { edges { node { id name segment
    accounts { id type balance }
    transactions(first: 5) { edges { node { id date amount type } } }
    loans { id product principal status } } } }
}`

/** Five levels of entity hops across subgraphs, in the shape of the public federation gateway benchmark. */
const HEAVY = `query DeepHops {
  transactions(first: 10) { edges { node { id amount
    account { id balance
      customer { id name
        accounts { id type
          transactions(first: 3) { edges { node { id amount
            customer { id segment
              loans { id product principal status } } } } } } } } } } }
}`

const ALL_QUERIES = { representative: REPRESENTATIVE, heavy: HEAVY }
type QueryName = keyof typeof ALL_QUERIES
/** BENCH_QUERIES=representative runs the gateway loads of that query only. */
const QUERIES = Object.fromEntries(Object.entries(ALL_QUERIES).filter(([name]) => !process.env.BENCH_QUERIES || process.env.BENCH_QUERIES.split(',').includes(name))) as Partial<typeof ALL_QUERIES>

/**
 * Identical requests from one caller; from 64 callers with the same permissions (64 staff of one role); and
 * from 64 customers, each allowed only their own rows, so that no two may share anything.
 */
const CALLER_MODES = {
  'one caller': { count: 1, kind: 'staff' },
  '64 callers, one role': { count: 64, kind: 'staff' },
  '64 customers': { count: 64, kind: 'customers' },
} as const
type CallerMode = keyof typeof CALLER_MODES
type CallerKind = 'staff' | 'customers'

interface Target {
  name: BenchTarget
  url: string
  /** Header sets of `count` distinct callers, fresh (peers get identities signed for the next minute). */
  callers(count: number, kind?: CallerKind): Promise<Record<string, string>[]>
}

async function main(): Promise<void> {
  const parts = selectedParts()
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; parts: ${[...parts].join(', ')}`)
  const gateways = parts.has('gateways') ? await gatewayLoads() : null
  let overhead: OverheadResults | null = null
  if (parts.has('overhead')) {
    console.log(`\nGateway overhead: in-memory subgraphs, ${OVERHEAD_CONNECTIONS} connections, every request its own page…`)
    overhead = await gatewayOverhead({ baseline: process.env.BENCH_BASELINE, rounds: ROUNDS, seconds: OVERHEAD_SECONDS, connections: OVERHEAD_CONNECTIONS, profile: PROFILE, profileDir: path.join(os.tmpdir(), 'mesh-bench-profiles'), log: console.log })
  }
  let aggregates: Awaited<ReturnType<typeof aggregatesOnPostgres>> | undefined
  if (parts.has('database')) {
    console.log(`\nAggregates on PostgreSQL 15 (${PG_CUSTOMERS.toLocaleString('en-US')} demo customers)…`)
    aggregates = await aggregatesOnPostgres(PG_CUSTOMERS, console.log)
  }
  let start: ColdStart | undefined
  if (parts.has('start')) {
    console.log('\nCold start of npm start (fresh data folder, then a restart)…')
    start = await coldStart()
  }
  printRatios({ ...gateways?.results, ...overhead }, gateways?.statements, aggregates, start)
}

/** The gateways over the demo bank's subgraphs (PGlite), and the SQL statements a request costs. */
async function gatewayLoads(): Promise<{ results: Results; statements: Record<10 | 500, number> }> {
  const secrets = { MESH_INTERNAL_SECRET: randomBytes(32).toString('base64url'), DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64url'), JWT_SECRET: randomBytes(32).toString('base64url') }
  console.log('Starting the subgraphs (customers, transactions, loans on embedded PGlite, 300 demo customers)…')
  const subgraphs = await startProcess('scripts/bench/subgraphs.ts', [], secrets, /^\{"urls".*\}$/m)
  const urls = (JSON.parse(subgraphs.match[0]) as { urls: Record<string, string> }).urls
  const children = [subgraphs.child]
  try {
    // The same subgraphs without their field rules, for ours with authorization off.
    const ungoverned = await startProcess('scripts/bench/subgraphs.ts', [], { ...secrets, BENCH_UNGOVERNED: '1' }, /^\{"urls".*\}$/m)
    children.push(ungoverned.child)
    const ungovernedUrls = (JSON.parse(ungoverned.match[0]) as { urls: Record<string, string> }).urls
    const customerIds = await benchCustomerIds(urls.transactions!, secrets.MESH_INTERNAL_SECRET)
    const identities: Record<CallerKind, Identity[]> = {
      staff: Array.from({ length: 64 }, (_, i) => ({ subject: `bench-${i}`, roles: ['admin'], channel: 'api' })),
      customers: customerIds.map((customerId) => ({ subject: `bench-customer-${customerId}`, roles: ['customer'], customerId, channel: 'api' })),
    }
    const tokens = Object.fromEntries(await Promise.all(Object.entries(identities).map(async ([kind, list]) =>
      [kind, await Promise.all(list.map((identity) => issueDevelopmentToken(secrets.JWT_SECRET, { role: identity.roles[0]!, subject: identity.subject, customerId: identity.customerId, ttl: '2h' })))]))) as Record<CallerKind, string[]>
    // Peers forward the caller's identity as the governed subgraphs require it: signed by the mesh, short-lived.
    const signedIdentities = (count: number, kind: CallerKind) => Promise.all(identities[kind].slice(0, count).map((identity) => signForwardedIdentity(identity, secrets.MESH_INTERNAL_SECRET)))
    const targets: Target[] = []
    for (const name of BENCH_TARGETS) {
      const started = await startProcess('scripts/bench/gateway.ts', [name], { ...secrets, BENCH_SUBGRAPH_URLS: JSON.stringify(name === 'ours-no-authz' ? ungovernedUrls : urls) }, /^READY (\S+)$/m)
      children.push(started.child)
      targets.push({
        name,
        url: started.match[1]!,
        callers: async (count, kind = 'staff') =>
          name === 'ours' || name === 'ours-no-authz' ? tokens[kind].slice(0, count).map((token) => ({ authorization: `Bearer ${token}` }))
            : (await signedIdentities(count, kind)).map((identity) => ({ 'x-mesh-identity': identity })),
      })
    }
    await checkIdenticalAnswers(targets)
    const results = await measure(targets)
    const ours = targets.find((t) => t.name === 'ours')!
    const [caller] = await ours.callers(1)
    // Once first, so one-time work (prepared statements, caches) is not counted against the short list.
    await statementsPerRequest(ours.url, caller!, Object.values(urls), 10)
    const statements = { 10: await statementsPerRequest(ours.url, caller!, Object.values(urls), 10), 500: await statementsPerRequest(ours.url, caller!, Object.values(urls), 500) }
    console.log(`SQL statements per request (transactions → account → customer): 10 items ${statements[10]}, 500 items ${statements[500]}`)
    return { results, statements }
  } finally {
    await Promise.all(children.map(stopProcess))
  }
}

/** 64 customers of the bench's bank who have transactions, for callers who may each see only their own rows. */
async function benchCustomerIds(transactionsUrl: string, internalSecret: string): Promise<string[]> {
  const identity = await signForwardedIdentity({ subject: 'bench', roles: ['admin'], channel: 'api' }, internalSecret)
  const query = '{ transactions(first: 1000) { edges { node { customer { id } } } } }'
  const body = await post<{ transactions: { edges: { node: { customer: { id: string } } }[] } | null }>(transactionsUrl, query, { [IDENTITY_HEADER]: identity })
  const ids = [...new Set(body.data?.transactions?.edges.map((edge) => edge.node.customer.id))].slice(0, 64)
  if (ids.length < 64) throw new Error(`the bench needs 64 customers with transactions; the transactions subgraph answered ${JSON.stringify(body).slice(0, 300)}`)
  return ids
}

/**
 * The targets a kind of caller is measured on. Customers are not measured on ours without authorization: with it
 * off, a customer sees every customer's rows, a different answer and a different amount of work.
 */
function targetsFor(targets: Target[], kind: CallerKind): Target[] {
  return kind === 'customers' ? targets.filter((target) => target.name !== 'ours-no-authz') : targets
}

/** Every target must give the same answer to each query, for staff and for a customer, before any of them is timed. */
async function checkIdenticalAnswers(allTargets: Target[]): Promise<void> {
  for (const [name, text] of Object.entries(QUERIES)) for (const kind of ['staff', 'customers'] as const) {
    const targets = targetsFor(allTargets, kind)
    const answers = await Promise.all(targets.map(async (target) => {
      const [caller] = await target.callers(1, kind)
      return JSON.stringify(await post(target.url, text, caller!))
    }))
    const reference = answers[0]!
    if (JSON.parse(reference).errors) throw new Error(`${name} (${kind}): ${targets[0]!.name} answered with errors: ${reference.slice(0, 500)}`)
    answers.forEach((answer, i) => {
      if (answer !== reference) throw new Error(`${name} (${kind}): ${targets[i]!.name} answers differently from ${targets[0]!.name}:\n${answer.slice(0, 500)}\nvs\n${reference.slice(0, 500)}`)
    })
    console.log(`${name}, as ${kind === 'staff' ? 'an admin' : 'a customer'}: all ${targets.length} targets give the same ${reference.length}-byte answer`)
  }
}

type Results = Record<string, Partial<Record<string, LoadResult[]>>>

/** Rounds interleave the targets (in a rotating order), so drift hits all alike. */
async function measure(allTargets: Target[]): Promise<Results> {
  const results: Results = {}
  for (const target of allTargets) for (const query of Object.values(QUERIES)) await load(target.url, JSON.stringify({ query }), await target.callers(1), 1, CONNECTIONS)
  for (let round = 0; round < ROUNDS; round++) {
    for (const [mode, { count, kind }] of Object.entries(CALLER_MODES) as [CallerMode, (typeof CALLER_MODES)[CallerMode]][]) {
      for (const [name, query] of Object.entries(QUERIES) as [QueryName, string][]) {
        const key = `${name}, ${mode}`
        const targets = targetsFor(allTargets, kind)
        results[key] ??= Object.fromEntries(targets.map((t) => [t.name, [] as LoadResult[]]))
        const order = targets.map((_, i) => targets[(i + round) % targets.length]!)
        for (const target of order) {
          const result = await load(target.url, JSON.stringify({ query }), await target.callers(count, kind), SECONDS, CONNECTIONS)
          results[key][target.name]!.push(result)
          console.log(`round ${round + 1} ${key.padEnd(38)} ${target.name.padEnd(20)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms${result.errors ? `  ${result.errors} errors` : ''}`)
        }
      }
    }
  }
  return results
}

function printRatios(results: Results, statements: Record<10 | 500, number> | undefined, aggregates: { comparisons: AggregateComparison[]; fixedMs: number } | null | undefined, start: ColdStart | undefined): void {
  console.log(`\n=== Ratios (one run; ${ROUNDS} rounds per target, medians; gateway loads ${SECONDS} s at ${CONNECTIONS} connections, overhead ${OVERHEAD_SECONDS} s at ${OVERHEAD_CONNECTIONS}) ===`)
  console.log(`${'query, load'.padEnd(44)}${'target'.padEnd(16)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'ours ÷ it'.padStart(11)}${'CPU ms/request: gateway, subgraphs'.padStart(37)}`)
  for (const [query, byTarget] of Object.entries(results)) {
    const ours = median(byTarget.ours!.map((r) => r.requestsPerSecond))
    for (const [target, runs] of Object.entries(byTarget) as [string, LoadResult[]][]) {
      const rps = median(runs.map((r) => r.requestsPerSecond))
      const errors = runs.reduce((sum, r) => sum + r.errors, 0)
      const cpu = runs.every((r) => r.cpuMsPerRequest) ? `${median(runs.map((r) => r.cpuMsPerRequest!.gateway)).toFixed(2)}, ${median(runs.map((r) => r.cpuMsPerRequest!.subgraphs)).toFixed(2)}`.padStart(37) : ''
      console.log(`${query.padEnd(44)}${target.padEnd(16)}${rps.toFixed(0).padStart(8)}${median(runs.map((r) => r.p50)).toFixed(0).padStart(8)}${median(runs.map((r) => r.p99)).toFixed(0).padStart(8)}${(ours / rps).toFixed(2).padStart(11)}${cpu}${errors ? `  ${errors} errors` : ''}`)
    }
    const against = (peer: BenchTarget) => byTarget[peer] && `ours ÷ ${peer} ${(ours / median(byTarget[peer].map((r) => r.requestsPerSecond))).toFixed(2)}, p99 ${median(byTarget.ours!.map((r) => r.p99))} vs ${median(byTarget[peer].map((r) => r.p99))} ms`
    console.log(`${query.padEnd(44)}${[against('stock'), against('hive')].filter(Boolean).join('; ')}`)
    if (!byTarget['ours-no-authz']) continue
    const unguarded = median(byTarget['ours-no-authz'].map((r) => r.requestsPerSecond))
    console.log(`${query.padEnd(44)}authorization (token check${query.startsWith('overhead') ? ', identity signing' : ' + field rules'}) costs ${((1 - ours / unguarded) * 100).toFixed(1)} % of throughput`)
  }
  if (statements) console.log(`SQL statements per request, list of 10 → 500: ${statements[10]} → ${statements[500]} (ratio ${(statements[500] / statements[10]).toFixed(2)})`)
  if (aggregates) {
    for (const each of aggregates.comparisons) console.log(`${each.name.padEnd(48)} GraphQL ÷ hand-written SQL: ${(each.graphqlMs / each.sqlMs).toFixed(2)} (${each.graphqlMs.toFixed(1)} ms vs ${each.sqlMs.toFixed(1)} ms; a request that reads nothing costs ${aggregates.fixedMs.toFixed(1)} ms)`)
  } else if (aggregates === null) {
    console.log('Aggregates on PostgreSQL: skipped (no PostgreSQL 15 binaries in /usr/lib/postgresql/15/bin)')
  }
  if (start) {
    console.log(`npm start: first start (creates the demo bank) ${start.firstStartSeconds.toFixed(1)} s, restart ${start.restartSeconds.toFixed(1)} s`)
    console.log(`Memory (RSS) per process: ${start.memory.map((m) => `${m.process} ${m.rssMiB.toFixed(0)} MiB`).join(', ')}`)
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
