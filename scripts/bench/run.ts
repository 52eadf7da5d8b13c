// Helpers of `npm run bench`: child processes that announce readiness, and one autocannon measurement.
import autocannon from 'autocannon'
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '..', '..')

/** Starts `tsx <script> ...args` and resolves with the first stdout line matching `ready` (its match). */
/** POSTs a GraphQL query with the given headers; the parsed answer. */
export async function post<T = unknown>(url: string, query: string, headers: Record<string, string>): Promise<{ data?: T; errors?: unknown[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) })
  return (await response.json()) as { data?: T; errors?: unknown[] }
}

export function startProcess(script: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 180_000, nodeArgs: string[] = []): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  // tsx as a loader, not its CLI: the CLI runs the script in a grandchild, which a SIGKILL to the CLI would orphan.
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`${script} ${args.join(' ')} was not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs)
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
  p50: number
  p99: number
  errors: number
}

/**
 * Drives `url` with one GraphQL POST for `seconds` over `connections` keep-alive connections. With several
 * header sets, requests take them in turn (distinct callers); with one, every request is the same caller's.
 */
export async function load(url: string, body: string, callers: Record<string, string>[], seconds: number, connections: number): Promise<LoadResult> {
  let turn = 0
  const result = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...callers[0] },
    duration: seconds,
    connections,
    ...(callers.length > 1 && { requests: [{ method: 'POST', body, setupRequest: (request) => ({ ...request, headers: { 'content-type': 'application/json', ...callers[turn++ % callers.length] } }) }] }),
  })
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx }
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
