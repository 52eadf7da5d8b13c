// The gateway-overhead load of `npm run bench`: every gateway over in-memory subgraphs that cost next to
// nothing (scripts/bench/in-memory-subgraphs.ts), 50 connections, and every request asking a different page
// (its own `after` cursor), so that nothing in flight is alike and nothing can be shared. What is left to
// measure is each gateway's own work per request: HTTP, parsing, planning, fetching, merging, and for ours
// authentication, limits, identity signing and auditing. Gateways run with NODE_ENV=production. Besides
// req/s and latency, each load records the CPU time per request of the gateway's process and of the subgraphs'.
// With BENCH_BASELINE=<folder> (another commit's files, say from `git archive`, with node_modules reachable),
// ours from that folder runs in the same rounds as `ours@baseline`: before and after a change, under the same noise.
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { signForwardedIdentity, type Identity } from '../../rules/identity'
import { issueDevelopmentToken } from '../../gateway/core/development-tokens'
import { cpuMillis, load, post, ROOT, startProcess, stopProcess, type LoadResult } from './run'
import type { BenchTarget } from './targets'

/** The representative query's shape (three subgraphs, nested lists), one page of 10 customers at a cursor. */
const OVERHEAD_REPRESENTATIVE = `query CustomerOverviewPage($after: String) {
  customers(first: 10, after: $after) { edges { node { id name segment
    accounts { id type balance }
    transactions(first: 5) { edges { node { id date amount type } } }
    loans { id product principal status } } } }
}`

/** The heavy query's shape (five entity hops), one page at a cursor. */
const OVERHEAD_HEAVY = `query DeepHopsPage($after: String) {
  transactions(first: 10, after: $after) { edges { node { id amount
    account { id balance
      customer { id name
        accounts { id type
          transactions(first: 3) { edges { node { id amount
            customer { id segment
              loans { id product principal status } } } } } } } } } } }
}`

export const OVERHEAD_QUERIES = { representative: OVERHEAD_REPRESENTATIVE, heavy: OVERHEAD_HEAVY }

export const OVERHEAD_TARGETS: BenchTarget[] = ['stock', 'hive', 'ours', 'ours-no-authz']

export interface OverheadSettings {
  /** A folder holding another version of the project, whose `ours` runs beside this one's. */
  baseline?: string
  rounds: number
  seconds: number
  connections: number
  /** Targets whose CPU is profiled once they serve, until stopped, and `subgraphs` (profiles written to `profileDir`). */
  profile: (BenchTarget | 'subgraphs')[]
  profileDir: string
  log: (line: string) => void
}

/** The n-th request's body: its own cursor, so no two requests in flight ask the same thing. */
const bodyOf = (query: string) => (n: number) => JSON.stringify({ query, variables: { after: `cursor-${n}` } })

/** Load name → target (a BenchTarget, or ours@baseline) → one result per round. */
export type OverheadResults = Record<string, Partial<Record<string, LoadResult[]>>>

export async function gatewayOverhead(settings: OverheadSettings): Promise<OverheadResults> {
  const { log } = settings
  const secrets = {
    MESH_INTERNAL_SECRET: randomBytes(32).toString('base64url'),
    JWT_SECRET: randomBytes(32).toString('base64url'),
  }
  if (settings.profile.length) mkdirSync(settings.profileDir, { recursive: true })
  // `subgraphs` among the profiled: node's own --cpu-prof (start-up included), a CPU.*.cpuprofile file per thread.
  const subgraphProfile = settings.profile.includes('subgraphs')
    ? ['--cpu-prof', `--cpu-prof-dir=${path.join(settings.profileDir, 'subgraphs')}`]
    : []
  // In production mode graphql-js skips its checks across realms, which cost a subgraph a fifth of its time.
  const subgraphs = await startProcess(
    'scripts/bench/in-memory-subgraphs.ts',
    [],
    { NODE_ENV: 'production' },
    /^\{"urls".*\}$/m,
    180_000,
    subgraphProfile,
  )
  const children = [subgraphs.child]
  try {
    const urls = (JSON.parse(subgraphs.match[0]) as { urls: Record<string, string> }).urls
    // 64 admins take turns: distinct tokens, one role, each far below its rate limit.
    const identities: Identity[] = Array.from({ length: 64 }, (_, i) => ({
      subject: `bench-${i}`,
      roles: ['admin'],
      channel: 'api',
    }))
    const tokens = await Promise.all(
      identities.map((identity) =>
        issueDevelopmentToken(secrets.JWT_SECRET, { role: 'admin', subject: identity.subject, ttl: '2h' }),
      ),
    )
    const targets: {
      name: string
      url: string
      pid: number | undefined
      callers(): Promise<Record<string, string>[]>
    }[] = []
    const versions = [
      ...OVERHEAD_TARGETS.map((target) => ({ name: target as string, target, root: ROOT })),
      ...(settings.baseline
        ? [{ name: 'ours@baseline', target: 'ours' as const, root: path.resolve(settings.baseline) }]
        : []),
    ]
    for (const { name, target, root } of versions) {
      const profile =
        settings.profile.includes(target) && root === ROOT
          ? { BENCH_CPU_PROFILE: path.join(settings.profileDir, `${name}-${Date.now()}.cpuprofile`) }
          : {}
      const started = await startProcess(
        'scripts/bench/gateway.ts',
        [target],
        { ...secrets, ...profile, NODE_ENV: 'production', BENCH_SUBGRAPH_URLS: JSON.stringify(urls) },
        /^READY (\S+)$/m,
        180_000,
        [],
        root,
      )
      children.push(started.child)
      targets.push({
        name,
        url: started.match[1]!,
        pid: started.child.pid,
        callers: async () =>
          target === 'ours' || target === 'ours-no-authz'
            ? tokens.map((token) => ({ authorization: `Bearer ${token}` }))
            : // Peers forward the identity as a governed mesh would need it; the in-memory subgraphs ignore it.
              (
                await Promise.all(
                  identities.map((identity) => signForwardedIdentity(identity, secrets.MESH_INTERNAL_SECRET)),
                )
              ).map((identity) => ({ 'x-mesh-identity': identity })),
      })
    }
    for (const [name, query] of Object.entries(OVERHEAD_QUERIES)) {
      for (const cursor of ['cursor-0', 'cursor-1', 'cursor-12345']) {
        const answers = await Promise.all(
          targets.map(async (target) =>
            JSON.stringify(await post(target.url, query, (await target.callers())[0]!, { after: cursor })),
          ),
        )
        const reference = answers[0]!
        if (JSON.parse(reference).errors || !JSON.parse(reference).data)
          throw new Error(`overhead ${name}: ${targets[0]!.name} answered with errors: ${reference.slice(0, 500)}`)
        answers.forEach((answer, i) => {
          if (answer !== reference)
            throw new Error(
              `overhead ${name}: ${targets[i]!.name} answers differently from ${targets[0]!.name}:\n${answer.slice(0, 500)}\nvs\n${reference.slice(0, 500)}`,
            )
        })
        if (cursor === 'cursor-0')
          log(
            `overhead ${name}: all ${targets.length} targets give the same ${reference.length}-byte answer (each cursor its own page)`,
          )
      }
    }
    // Warm-up: query plans, JIT, connection pools.
    for (const target of targets)
      for (const query of Object.values(OVERHEAD_QUERIES))
        await load(target.url, bodyOf(query), await target.callers(), 2, settings.connections)
    const results: OverheadResults = {}
    for (let round = 0; round < settings.rounds; round++) {
      for (const [name, query] of Object.entries(OVERHEAD_QUERIES)) {
        const key = `overhead: ${name}, ${settings.connections} connections`
        results[key] ??= Object.fromEntries(targets.map((t) => [t.name, [] as LoadResult[]]))
        const order = targets.map((_, i) => targets[(i + round) % targets.length]!)
        for (const target of order) {
          const callers = await target.callers()
          const before = { gateway: cpuMillis(target.pid), subgraphs: cpuMillis(subgraphs.child.pid) }
          const result = await load(target.url, bodyOf(query), callers, settings.seconds, settings.connections)
          const after = { gateway: cpuMillis(target.pid), subgraphs: cpuMillis(subgraphs.child.pid) }
          if (before.gateway !== undefined && before.subgraphs !== undefined && result.requests > 0) {
            result.cpuMsPerRequest = {
              gateway: (after.gateway! - before.gateway) / result.requests,
              subgraphs: (after.subgraphs! - before.subgraphs) / result.requests,
            }
          }
          results[key][target.name]!.push(result)
          const cpu = result.cpuMsPerRequest
            ? `  CPU per request: gateway ${result.cpuMsPerRequest.gateway.toFixed(2)} ms, subgraphs ${result.cpuMsPerRequest.subgraphs.toFixed(2)} ms`
            : ''
          log(
            `round ${round + 1} ${key.padEnd(42)} ${target.name.padEnd(14)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms${cpu}${result.errors ? `  ${result.errors} errors` : ''}`,
          )
        }
      }
    }
    return results
  } finally {
    await Promise.all(children.map(stopProcess))
    if (settings.profile.length) log(`CPU profiles in ${settings.profileDir}`)
  }
}
