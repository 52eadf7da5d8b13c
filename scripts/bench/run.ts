// Helpers of `npm run bench`: child processes that announce readiness, and one autocannon measurement.
import autocannon from 'autocannon'
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '..', '..')

/** POSTs a GraphQL query (and its variables) with the given headers; the parsed answer. */
export async function post<T = unknown>(
  url: string,
  query: string,
  headers: Record<string, string>,
  variables?: Record<string, unknown>,
): Promise<{ data?: T; errors?: unknown[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  })
  return (await response.json()) as { data?: T; errors?: unknown[] }
}

/** Starts `tsx <script> ...args` (in `cwd`, the project by default) and resolves with the first stdout line matching `ready` (its match). */
export function startProcess(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  timeoutMs = 180_000,
  nodeArgs: string[] = [],
  cwd = ROOT,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  // tsx as a loader, not its CLI: the CLI runs the script in a grandchild, which a SIGKILL to the CLI would orphan.
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(
      () => reject(new Error(`${script} ${args.join(' ')} was not ready after ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    )
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = output.match(ready)
      if (match) {
        clearTimeout(timer)
        child.stdout!.off('data', onData)
        resolve({ child, match })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${script} exited (${code}) before it was ready:\n${output}`))
    })
  })
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 5000)
  })
}

export interface LoadResult {
  requestsPerSecond: number
  /** Requests answered in all. */
  requests: number
  p50: number
  p99: number
  errors: number
  /** CPU time per request (ms) of the gateway's process and of the subgraphs' (overhead load only). */
  cpuMsPerRequest?: { gateway: number; subgraphs: number }
}

/**
 * Drives `url` with one GraphQL POST for `seconds` over `connections` keep-alive connections. With several
 * header sets, requests take them in turn (distinct callers); with one, every request is the same caller's. A
 * `body` function gives every request its own body (the n-th request's), so that no two in flight are alike.
 */
export async function load(
  url: string,
  body: string | ((n: number) => string),
  callers: Record<string, string>[],
  seconds: number,
  connections: number,
): Promise<LoadResult> {
  let turn = 0
  let sent = 0
  const bodyOf = typeof body === 'string' ? () => body : () => body(sent++)
  const varies = callers.length > 1 || typeof body !== 'string'
  const result = await autocannon({
    url,
    method: 'POST',
    body: bodyOf(),
    headers: { 'content-type': 'application/json', ...callers[0] },
    duration: seconds,
    connections,
    ...(varies && {
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            body: bodyOf(),
            headers: { 'content-type': 'application/json', ...callers[turn++ % callers.length] },
          }),
        },
      ],
    }),
  })
  // types/autocannon.d.ts leaves the requests' `total` out.
  const requests = (result.requests as { total?: number }).total ?? Math.round(result.requests.average * seconds)
  return {
    requestsPerSecond: result.requests.average,
    requests,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  }
}

/**
 * CPU time a process has used so far (user and system, every thread), in ms, from /proc; undefined where
 * there is no /proc. Less noisy than throughput on a shared machine: it does not count time waiting for a core.
 */
export function cpuMillis(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // utime and stime, fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
  } catch {
    return undefined
  }
}
const CLOCK_TICKS = 100

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
