// `npm run bench`: the mesh measured against the gateways users would pick instead, on this machine, in
// one run. Prints the ratio table last; BENCHMARKS.md records a run. Not part of the tests: timings on
// shared machines are noisy, so every comparison is a ratio between targets measured in interleaved rounds.
// Parts run alone with `npm run bench -- --only overhead` (or BENCH_ONLY=overhead; comma-separated): gateways
// (the loads over the demo bank's subgraphs, and SQL statements per request), cache (the loads that show the response
// cache: the dashboard refreshed by many staff, the 64-customers loads repeated; ours with its cache on), overhead (the gateway-overhead load
// over in-memory subgraphs), database (aggregates on PostgreSQL; single-entity reads through the compiled
// transactions subgraph in its own process), start (cold start and memory). The overhead
// load can time another version of ours beside this one (BENCH_BASELINE, see scripts/bench/overhead.ts) and
// profile any of its gateways (BENCH_PROFILE; scripts/bench/profile-summary.ts reads the profiles).
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '../rules/identity'
import { issueDevelopmentToken } from '../gateway/core/development-tokens'
import { BENCH_TARGETS, type BenchTarget } from './bench/targets'
import {
  aggregatesOnPostgres,
  coldStart,
  statementsPerRequest,
  type AggregateComparison,
  type ColdStart,
  type SingleEntityRead,
} from './bench/database'
import { gatewayOverhead, type OverheadResults } from './bench/overhead'
import { load, median, post, startProcess, stopProcess, type LoadResult } from './bench/run'
import {
  DASHBOARD_CALLERS_PER_ROLE,
  DASHBOARD_OPERATIONS,
  DASHBOARD_ROLES,
  askEachOnce,
  rotatingBodies,
} from './bench/cache-loads'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16)
/** Demo customers of the PostgreSQL bank: 40,000 make about 5.1 million transactions. */
const PG_CUSTOMERS = Number(process.env.BENCH_PG_CUSTOMERS ?? 40_000)
/** The gateway-overhead load: seconds per target and round, and connections (the public gateway benchmark's 50). */
const OVERHEAD_SECONDS = Number(process.env.BENCH_OVERHEAD_SECONDS ?? 6)
const OVERHEAD_CONNECTIONS = Number(process.env.BENCH_OVERHEAD_CONNECTIONS ?? 50)
/**
 * Targets of the overhead load whose CPU is profiled (comma-separated, such as `ours,stock`, or `subgraphs`), and
 * `transactions` for the compiled subgraph of the database part's single-entity reads; profiles go to $TMPDIR/mesh-bench-profiles.
 */
const PROFILE = (process.env.BENCH_PROFILE ?? '').split(',').filter(Boolean) as (
  BenchTarget | 'subgraphs' | 'transactions'
)[]

const PARTS = ['gateways', 'cache', 'overhead', 'database', 'start'] as const
type Part = (typeof PARTS)[number]

/** `--only a,b` or BENCH_ONLY=a,b; every part when neither is given. */
function selectedParts(): Set<Part> {
  const flag = process.argv.indexOf('--only')
  const only = (flag >= 0 ? process.argv[flag + 1] : process.env.BENCH_ONLY) ?? ''
  const parts = only
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
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
const QUERIES = Object.fromEntries(
  Object.entries(ALL_QUERIES).filter(
    ([name]) => !process.env.BENCH_QUERIES || process.env.BENCH_QUERIES.split(',').includes(name),
  ),
) as Partial<typeof ALL_QUERIES>

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
/** Staff: 64 admins; customers: 64, each bound to their own rows; dashboard: 8 each of the dashboard's roles. */
type CallerKind = 'staff' | 'customers' | 'dashboard'

interface Target {
  name: BenchTarget
  url: string
  /** Header sets of `count` distinct callers, fresh (peers get identities signed for the next minute). */
  callers(count: number, kind?: CallerKind): Promise<Record<string, string>[]>
}

async function main(): Promise<void> {
  const parts = selectedParts()
  console.log(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; parts: ${[...parts].join(', ')}`,
  )
  const gateways = parts.has('gateways') || parts.has('cache') ? await gatewayLoads(parts) : null
  let overhead: OverheadResults | null = null
  if (parts.has('overhead')) {
    console.log(
      `\nGateway overhead: in-memory subgraphs, ${OVERHEAD_CONNECTIONS} connections, every request its own page…`,
    )
    overhead = await gatewayOverhead({
      baseline: process.env.BENCH_BASELINE,
      rounds: ROUNDS,
      seconds: OVERHEAD_SECONDS,
      connections: OVERHEAD_CONNECTIONS,
      profile: PROFILE.filter((target) => target !== 'transactions'),
      profileDir: path.join(os.tmpdir(), 'mesh-bench-profiles'),
      log: console.log,
    })
  }
  let aggregates: Awaited<ReturnType<typeof aggregatesOnPostgres>> | undefined
  if (parts.has('database')) {
    console.log(`\nAggregates on PostgreSQL 15 (${PG_CUSTOMERS.toLocaleString('en-US')} demo customers)…`)
    aggregates = await aggregatesOnPostgres(
      PG_CUSTOMERS,
      console.log,
      PROFILE.includes('transactions') ? path.join(os.tmpdir(), 'mesh-bench-profiles', 'transactions') : undefined,
    )
  }
  let start: ColdStart | undefined
  if (parts.has('start')) {
    console.log('\nCold start of npm start (fresh data folder, then a restart)…')
    start = await coldStart()
  }
  if (gateways?.results || overhead || aggregates !== undefined || start)
    printRatios({ ...gateways?.results, ...overhead }, gateways?.statements, aggregates, start)
  if (gateways?.cache) printCacheRatios(gateways.cache)
}

/** The gateways over the demo bank's subgraphs (PGlite), and the SQL statements a request costs; and the cache loads. */
async function gatewayLoads(
  parts: Set<Part>,
): Promise<{ results?: Results; statements?: Record<10 | 500, number>; cache?: Results }> {
  const secrets = {
    MESH_INTERNAL_SECRET: randomBytes(32).toString('base64url'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
    JWT_SECRET: randomBytes(32).toString('base64url'),
  }
  // The dashboard's tiles read risk and marketing too.
  const domains = `customers,transactions,loans${parts.has('cache') ? ',risk,marketing' : ''}`
  console.log(`Starting the subgraphs (${domains.replaceAll(',', ', ')} on embedded PGlite, 300 demo customers)…`)
  const subgraphs = await startProcess(
    'scripts/bench/subgraphs.ts',
    [],
    { ...secrets, BENCH_DOMAINS: domains },
    /^\{"urls".*\}$/m,
    600_000,
  )
  const urls = (JSON.parse(subgraphs.match[0]) as { urls: Record<string, string> }).urls
  const children = [subgraphs.child]
  try {
    // The same subgraphs without their field rules, for ours with authorization off (the gateway loads only).
    const ungoverned = parts.has('gateways')
      ? await startProcess('scripts/bench/subgraphs.ts', [], { ...secrets, BENCH_UNGOVERNED: '1' }, /^\{"urls".*\}$/m)
      : undefined
    if (ungoverned) children.push(ungoverned.child)
    const ungovernedUrls = ungoverned && (JSON.parse(ungoverned.match[0]) as { urls: Record<string, string> }).urls
    const customerIds = await benchCustomerIds(urls.transactions!, secrets.MESH_INTERNAL_SECRET)
    const identities: Record<CallerKind, Identity[]> = {
      staff: Array.from({ length: 64 }, (_, i) => ({ subject: `bench-${i}`, roles: ['admin'], channel: 'api' })),
      customers: customerIds.map((customerId) => ({
        subject: `bench-customer-${customerId}`,
        roles: ['customer'],
        customerId,
        channel: 'api',
      })),
      dashboard: DASHBOARD_ROLES.flatMap((role) =>
        Array.from({ length: DASHBOARD_CALLERS_PER_ROLE }, (_, i) => ({
          subject: `bench-${role}-${i}`,
          roles: [role],
          channel: 'api' as const,
        })),
      ),
    }
    const tokens = Object.fromEntries(
      await Promise.all(
        Object.entries(identities).map(async ([kind, list]) => [
          kind,
          await Promise.all(
            list.map((identity) =>
              issueDevelopmentToken(secrets.JWT_SECRET, {
                role: identity.roles[0]!,
                subject: identity.subject,
                customerId: identity.customerId,
                ttl: '2h',
              }),
            ),
          ),
        ]),
      ),
    ) as Record<CallerKind, string[]>
    // Peers forward the caller's identity as the governed subgraphs require it: signed by the mesh, short-lived.
    const signedIdentities = (count: number, kind: CallerKind) =>
      Promise.all(
        identities[kind]
          .slice(0, count)
          .map((identity) => signForwardedIdentity(identity, secrets.MESH_INTERNAL_SECRET)),
      )
    const targets: Target[] = []
    // ours-no-authz only for the gateway loads, ours-cached only for the cache loads.
    for (const name of BENCH_TARGETS.filter(
      (each) => (each !== 'ours-no-authz' || parts.has('gateways')) && (each !== 'ours-cached' || parts.has('cache')),
    )) {
      const started = await startProcess(
        'scripts/bench/gateway.ts',
        [name],
        { ...secrets, BENCH_SUBGRAPH_URLS: JSON.stringify(name === 'ours-no-authz' ? ungovernedUrls : urls) },
        /^READY (\S+)$/m,
      )
      children.push(started.child)
      targets.push({
        name,
        url: started.match[1]!,
        callers: async (count, kind = 'staff') =>
          name.startsWith('ours')
            ? tokens[kind].slice(0, count).map((token) => ({ authorization: `Bearer ${token}` }))
            : (await signedIdentities(count, kind)).map((identity) => ({ 'x-mesh-identity': identity })),
      })
    }
    await checkIdenticalAnswers(targets)
    const cache = parts.has('cache') ? await measureCache(targets) : undefined
    if (!parts.has('gateways')) return { cache }
    const results = await measure(targets.filter((target) => target.name !== 'ours-cached'))
    const ours = targets.find((t) => t.name === 'ours')!
    const [caller] = await ours.callers(1)
    // Once first, so one-time work (prepared statements, caches) is not counted against the short list.
    await statementsPerRequest(ours.url, caller!, Object.values(urls), 10)
    const statements = {
      10: await statementsPerRequest(ours.url, caller!, Object.values(urls), 10),
      500: await statementsPerRequest(ours.url, caller!, Object.values(urls), 500),
    }
    console.log(
      `SQL statements per request (transactions → account → customer): 10 items ${statements[10]}, 500 items ${statements[500]}`,
    )
    return { results, statements, cache }
  } finally {
    await Promise.all(children.map(stopProcess))
  }
}

/** 64 customers of the bench's bank who have transactions, for callers who may each see only their own rows. */
async function benchCustomerIds(transactionsUrl: string, internalSecret: string): Promise<string[]> {
  const identity = await signForwardedIdentity({ subject: 'bench', roles: ['admin'], channel: 'api' }, internalSecret)
  const query = '{ transactions(first: 1000) { edges { node { customer { id } } } } }'
  const body = await post<{ transactions: { edges: { node: { customer: { id: string } } }[] } | null }>(
    transactionsUrl,
    query,
    { [IDENTITY_HEADER]: identity },
  )
  const ids = [...new Set(body.data?.transactions?.edges.map((edge) => edge.node.customer.id))].slice(0, 64)
  if (ids.length < 64)
    throw new Error(
      `the bench needs 64 customers with transactions; the transactions subgraph answered ${JSON.stringify(body).slice(0, 300)}`,
    )
  return ids
}

/**
 * The targets a kind of caller is measured on. Customers are not measured on ours without authorization: with it
 * off, a customer sees every customer's rows, a different answer and a different amount of work.
 */
function targetsFor(targets: Target[], kind: CallerKind): Target[] {
  return kind === 'staff' ? targets : targets.filter((target) => target.name !== 'ours-no-authz')
}

/** Every target must give the same answer to each query, for staff and for a customer, before any of them is timed. */
async function checkIdenticalAnswers(allTargets: Target[]): Promise<void> {
  for (const [name, text] of Object.entries(QUERIES))
    for (const kind of ['staff', 'customers'] as const) {
      const targets = targetsFor(allTargets, kind)
      const answers = await Promise.all(
        targets.map(async (target) => {
          const [caller] = await target.callers(1, kind)
          return JSON.stringify(await post(target.url, text, caller!))
        }),
      )
      const reference = answers[0]!
      if (JSON.parse(reference).errors)
        throw new Error(`${name} (${kind}): ${targets[0]!.name} answered with errors: ${reference.slice(0, 500)}`)
      answers.forEach((answer, i) => {
        if (answer !== reference)
          throw new Error(
            `${name} (${kind}): ${targets[i]!.name} answers differently from ${targets[0]!.name}:\n${answer.slice(0, 500)}\nvs\n${reference.slice(0, 500)}`,
          )
      })
      console.log(
        `${name}, as ${kind === 'staff' ? 'an admin' : 'a customer'}: all ${targets.length} targets give the same ${reference.length}-byte answer`,
      )
    }
  if (!allTargets.some((target) => target.name === 'ours-cached')) return
  // The dashboard's operations, as each of its roles: the same data everywhere (denials of a role's tiles included).
  const targets = targetsFor(allTargets, 'dashboard')
  for (const [index, role] of DASHBOARD_ROLES.entries())
    for (const operation of DASHBOARD_OPERATIONS) {
      const answers = await Promise.all(
        targets.map(async (target) => {
          const callers = await target.callers(DASHBOARD_ROLES.length * DASHBOARD_CALLERS_PER_ROLE, 'dashboard')
          const body = await post<unknown>(
            target.url,
            operation.query,
            callers[index * DASHBOARD_CALLERS_PER_ROLE]!,
            operation.variables,
          )
          return { data: JSON.stringify(body.data ?? null), denied: (body.errors ?? []).length }
        }),
      )
      const name = /query (\w+)/.exec(operation.query)?.[1]
      answers.forEach((answer, i) => {
        if (answer.data !== answers[0]!.data)
          throw new Error(
            `${name} as ${role}: ${targets[i]!.name} answers differently from ${targets[0]!.name}:\n${answer.data.slice(0, 500)}\nvs\n${answers[0]!.data.slice(0, 500)}`,
          )
      })
      console.log(
        `dashboard ${name} as ${role}: all ${targets.length} targets give the same ${answers[0]!.data.length}-byte data${answers[0]!.denied ? ` (${answers[0]!.denied} fields denied)` : ''}`,
      )
    }
}

/**
 * The cache loads, in rounds interleaving stock, Hive Gateway, ours with its cache off and ours with it on: the
 * dashboard refreshed by 24 staff of three roles, and the 64-customers loads again (each customer's answers their own).
 */
async function measureCache(allTargets: Target[]): Promise<Results> {
  const callerCount = DASHBOARD_ROLES.length * DASHBOARD_CALLERS_PER_ROLE
  const loads: Record<
    string,
    { body: string | ((n: number) => string); count: number; kind: CallerKind; distinct: number }
  > = {
    [`dashboard refresh, ${callerCount} staff of ${DASHBOARD_ROLES.length} roles`]: {
      body: rotatingBodies(DASHBOARD_OPERATIONS, callerCount),
      count: callerCount,
      kind: 'dashboard',
      distinct: callerCount * DASHBOARD_OPERATIONS.length,
    },
    ...Object.fromEntries(
      Object.entries(QUERIES).map(([name, query]) => [
        `${name}, 64 customers repeated`,
        { body: JSON.stringify({ query }), count: 64, kind: 'customers' as const, distinct: 64 },
      ]),
    ),
  }
  for (const { body, count, kind, distinct } of Object.values(loads)) {
    for (const target of targetsFor(allTargets, kind))
      await askEachOnce(target.url, body, await target.callers(count, kind), distinct)
  }
  const results: Results = {}
  for (let round = 0; round < ROUNDS; round++) {
    for (const [key, { body, count, kind }] of Object.entries(loads)) {
      const targets = targetsFor(allTargets, kind)
      results[key] ??= Object.fromEntries(targets.map((t) => [t.name, [] as LoadResult[]]))
      for (const target of targets.map((_, i) => targets[(i + round) % targets.length]!)) {
        const result = await load(target.url, body, await target.callers(count, kind), SECONDS, CONNECTIONS)
        results[key][target.name]!.push(result)
        console.log(
          `round ${round + 1} ${key.padEnd(44)} ${target.name.padEnd(12)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms${result.errors ? `  ${result.errors} errors` : ''}`,
        )
      }
    }
  }
  return results
}

/** The cache loads' table: ours with its cache against each peer (and against itself without). */
function printCacheRatios(results: Results): void {
  console.log(
    `\n=== Cache loads (${ROUNDS} rounds per target, medians; ${SECONDS} s at ${CONNECTIONS} connections; ours-cached: the response cache in memory) ===`,
  )
  console.log(
    `${'load'.padEnd(48)}${'target'.padEnd(14)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'cached ÷ it'.padStart(13)}`,
  )
  for (const [key, byTarget] of Object.entries(results)) {
    const cached = median(byTarget['ours-cached']!.map((r) => r.requestsPerSecond))
    for (const [target, runs] of Object.entries(byTarget) as [string, LoadResult[]][]) {
      const rps = median(runs.map((r) => r.requestsPerSecond))
      const errors = runs.reduce((sum, r) => sum + r.errors, 0)
      console.log(
        `${key.padEnd(48)}${target.padEnd(14)}${rps.toFixed(0).padStart(8)}${median(runs.map((r) => r.p50))
          .toFixed(0)
          .padStart(8)}${median(runs.map((r) => r.p99))
          .toFixed(0)
          .padStart(8)}${(cached / rps).toFixed(2).padStart(13)}${errors ? `  ${errors} errors` : ''}`,
      )
    }
  }
}

type Results = Record<string, Partial<Record<string, LoadResult[]>>>

/** Rounds interleave the targets (in a rotating order), so drift hits all alike. */
async function measure(allTargets: Target[]): Promise<Results> {
  const results: Results = {}
  for (const target of allTargets)
    for (const query of Object.values(QUERIES))
      await load(target.url, JSON.stringify({ query }), await target.callers(1), 1, CONNECTIONS)
  for (let round = 0; round < ROUNDS; round++) {
    for (const [mode, { count, kind }] of Object.entries(CALLER_MODES) as [
      CallerMode,
      (typeof CALLER_MODES)[CallerMode],
    ][]) {
      for (const [name, query] of Object.entries(QUERIES) as [QueryName, string][]) {
        const key = `${name}, ${mode}`
        const targets = targetsFor(allTargets, kind)
        results[key] ??= Object.fromEntries(targets.map((t) => [t.name, [] as LoadResult[]]))
        const order = targets.map((_, i) => targets[(i + round) % targets.length]!)
        for (const target of order) {
          const result = await load(
            target.url,
            JSON.stringify({ query }),
            await target.callers(count, kind),
            SECONDS,
            CONNECTIONS,
          )
          results[key][target.name]!.push(result)
          console.log(
            `round ${round + 1} ${key.padEnd(38)} ${target.name.padEnd(20)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms${result.errors ? `  ${result.errors} errors` : ''}`,
          )
        }
      }
    }
  }
  return results
}

function printRatios(
  results: Results,
  statements: Record<10 | 500, number> | undefined,
  aggregates:
    { comparisons: AggregateComparison[]; fixedMs: number; singleEntityReads: SingleEntityRead[] } | null | undefined,
  start: ColdStart | undefined,
): void {
  console.log(
    `\n=== Ratios (one run; ${ROUNDS} rounds per target, medians; gateway loads ${SECONDS} s at ${CONNECTIONS} connections, overhead ${OVERHEAD_SECONDS} s at ${OVERHEAD_CONNECTIONS}) ===`,
  )
  console.log(
    `${'query, load'.padEnd(44)}${'target'.padEnd(16)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'ours ÷ it'.padStart(11)}${'CPU ms/request: gateway, subgraphs'.padStart(37)}`,
  )
  for (const [query, byTarget] of Object.entries(results)) {
    const ours = median(byTarget.ours!.map((r) => r.requestsPerSecond))
    for (const [target, runs] of Object.entries(byTarget) as [string, LoadResult[]][]) {
      const rps = median(runs.map((r) => r.requestsPerSecond))
      const errors = runs.reduce((sum, r) => sum + r.errors, 0)
      const cpu = runs.every((r) => r.cpuMsPerRequest)
        ? `${median(runs.map((r) => r.cpuMsPerRequest!.gateway)).toFixed(2)}, ${median(runs.map((r) => r.cpuMsPerRequest!.subgraphs)).toFixed(2)}`.padStart(
            37,
          )
        : ''
      console.log(
        `${query.padEnd(44)}${target.padEnd(16)}${rps.toFixed(0).padStart(8)}${median(runs.map((r) => r.p50))
          .toFixed(0)
          .padStart(8)}${median(runs.map((r) => r.p99))
          .toFixed(0)
          .padStart(8)}${(ours / rps).toFixed(2).padStart(11)}${cpu}${errors ? `  ${errors} errors` : ''}`,
      )
    }
    const against = (peer: BenchTarget) =>
      byTarget[peer] &&
      `ours ÷ ${peer} ${(ours / median(byTarget[peer].map((r) => r.requestsPerSecond))).toFixed(2)}, p99 ${median(byTarget.ours!.map((r) => r.p99))} vs ${median(byTarget[peer].map((r) => r.p99))} ms`
    console.log(`${query.padEnd(44)}${[against('stock'), against('hive')].filter(Boolean).join('; ')}`)
    if (!byTarget['ours-no-authz']) continue
    const unguarded = median(byTarget['ours-no-authz'].map((r) => r.requestsPerSecond))
    console.log(
      `${query.padEnd(44)}authorization (token check${query.startsWith('overhead') ? ', identity signing' : ' + field rules'}) costs ${((1 - ours / unguarded) * 100).toFixed(1)} % of throughput`,
    )
  }
  if (statements)
    console.log(
      `SQL statements per request, list of 10 → 500: ${statements[10]} → ${statements[500]} (ratio ${(statements[500] / statements[10]).toFixed(2)})`,
    )
  if (aggregates) {
    for (const each of aggregates.comparisons)
      console.log(
        `${each.name.padEnd(48)} GraphQL ÷ hand-written SQL: ${(each.graphqlMs / each.sqlMs).toFixed(2)} (${each.graphqlMs.toFixed(1)} ms vs ${each.sqlMs.toFixed(1)} ms; a request that reads nothing costs ${aggregates.fixedMs.toFixed(1)} ms)`,
      )
    const nothing = aggregates.singleEntityReads.find((read) => read.sqlMs === null)
    for (const read of aggregates.singleEntityReads.filter((each) => each.sqlMs !== null)) {
      console.log(
        `${`${read.name}, compiled subgraph`.padEnd(48)} GraphQL ÷ its SQL: ${(read.graphqlMs / read.sqlMs!).toFixed(2)} (${read.graphqlMs.toFixed(2)} ms vs ${read.sqlMs!.toFixed(2)} ms; subgraph CPU ${read.subgraphCpuMs?.toFixed(2) ?? '?'} ms a request; one that reads nothing ${nothing ? `${nothing.graphqlMs.toFixed(2)} ms, CPU ${nothing.subgraphCpuMs?.toFixed(2) ?? '?'} ms` : '?'})`,
      )
    }
  } else if (aggregates === null) {
    console.log('Aggregates on PostgreSQL: skipped (no PostgreSQL 15 binaries in /usr/lib/postgresql/15/bin)')
  }
  if (start) {
    console.log(
      `npm start: first start (creates the demo bank) ${start.firstStartSeconds.toFixed(1)} s, restart ${start.restartSeconds.toFixed(1)} s`,
    )
    console.log(
      `Memory (RSS) per process: ${start.memory.map((m) => `${m.process} ${m.rssMiB.toFixed(0)} MiB`).join(', ')}`,
    )
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
