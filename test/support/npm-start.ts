// The mesh as a newcomer runs it: `npm start` on a throwaway data directory and free ports, each service its
// own process under npm start's supervision. Stopped as a whole process group.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..', '..')
export const SERVICES = ['customers', 'transactions', 'loans', 'risk', 'marketing', 'audit', 'catalog'] as const
export type Service = (typeof SERVICES)[number]

export interface StartedMesh {
  origin: string
  /** Each subgraph's own URL (to watch its subscriptions, or ask its readiness). */
  subgraphUrls: Record<Service, string>
  dataDir: string
  child: ChildProcess
  /** Everything npm start and its services printed, as it arrived. */
  output: string[]
}

export interface NpmStartOptions {
  customers?: number
  /** PostgreSQL URLs per service; the others run on embedded PGlite under the data directory. */
  databaseUrls?: Partial<Record<Service, string>>
  /** Neither build nor serve the web app (npm start -- --api-only). */
  apiOnly?: boolean
  /** Further settings, such as a subgraph's timeout. */
  env?: Record<string, string>
}

export async function startMeshWithNpmStart(options: NpmStartOptions = {}): Promise<StartedMesh> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mesh-npm-start-'))
  const ports = await freePorts(SERVICES.length + 1)
  const env: NodeJS.ProcessEnv = { ...process.env }
  // The embedded defaults whatever this machine has configured: the offline chat planner, PGlite, development
  // secrets, each service where this test put it (and Jest's NODE_ENV=test left behind).
  for (const name of Object.keys(env))
    if (
      /^(NODE_ENV|CHAT_PROVIDER|(OPENAI|ANTHROPIC|OLLAMA|LLAMA_CPP|JWT)_.*|MESH_INTERNAL_SECRET|DATA_ENCRYPTION_KEY|[A-Z]+_DATABASE_URL|[A-Z]+_URL)$/.test(
        name,
      )
    )
      delete env[name]
  Object.assign(env, { DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(ports[0]), QUALITY_INTERVAL_MINUTES: '0' })
  SERVICES.forEach((service, index) => (env[`${service.toUpperCase()}_PORT`] = String(ports[index + 1])))
  for (const [service, url] of Object.entries(options.databaseUrls ?? {}))
    env[`${service.toUpperCase()}_DATABASE_URL`] = url
  Object.assign(env, options.env)
  const args = [
    'start',
    '--',
    '--customers',
    String(options.customers ?? 200),
    ...(options.apiOnly ? ['--api-only'] : []),
  ]
  const child = spawn('npm', args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  const output: string[] = []
  child.stdout!.setEncoding('utf8').on('data', (text: string) => output.push(text))
  child.stderr!.setEncoding('utf8').on('data', (text: string) => output.push(text))
  const subgraphUrls = Object.fromEntries(
    SERVICES.map((service, index) => [service, `http://127.0.0.1:${ports[index + 1]}/graphql`]),
  ) as StartedMesh['subgraphUrls']
  const started: StartedMesh = { origin: `http://127.0.0.1:${ports[0]}`, subgraphUrls, dataDir, child, output }
  const deadline = Date.now() + 360_000
  while (!output.join('').includes('The data mesh is up.')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopMesh(started)
      throw new Error(`npm start did not bring the mesh up:\n${output.join('').slice(-4000)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return started
}

export async function stopMesh({ child, dataDir }: StartedMesh): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    process.kill(-child.pid!, 'SIGTERM')
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {
      // the whole group is gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true })
}

export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve) => {
          const server = net.createServer()
          server.listen(0, '127.0.0.1', () => resolve(server))
        }),
    ),
  )
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port)
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  return ports
}
