// A throwaway PostgreSQL 15 cluster for tests: initdb in a temporary folder, listening on 127.0.0.1
// at a free port, removed on stop. Runs the server as the postgres user when the tests run as root.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin'

export interface PostgresCluster {
  port: number
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>
  /** Ends every other session on the databases whose names start with `prefix`, as a failover or a proxy would; returns how many. */
  terminateConnections(prefix: string): Promise<number>
  /** Stops the server (fast shutdown: sessions are ended, the data kept) without removing it. */
  shutDown(): void
  /** Starts the server again on the same port after `shutDown`. */
  startUp(): void
  stop(): Promise<void>
}

export function postgresAvailable(): boolean {
  return existsSync(path.join(POSTGRES_BIN, 'initdb'))
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mesh-pg-'))
  const dataDir = path.join(root, 'data')
  const asRoot = process.getuid?.() === 0
  const run = (binary: string, args: string[]) => {
    const command = path.join(POSTGRES_BIN, binary)
    const result = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
      : spawnSync(command, args, { encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${binary} failed: ${result.stderr || result.stdout}`)
  }
  if (asRoot) {
    chmodSync(root, 0o755)
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(root, uid, gid)
  }
  const port = await freePort()
  run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C'])
  const startUp = () =>
    run('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      path.join(root, 'server.log'),
      '-w',
      '-o',
      `-p ${port} -h 127.0.0.1 -k ${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      'start',
    ])
  startUp()
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`
  return {
    port,
    async terminateConnections(prefix) {
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      try {
        const { rows } = await client.query<{ n: number }>(
          'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname LIKE $1',
          [`${prefix}%`],
        )
        return rows[0]!.n
      } finally {
        await client.end()
      }
    },
    shutDown: () => run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']),
    startUp,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE "${name}"`)
      } finally {
        await client.end()
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(root, { recursive: true, force: true })
      }
    },
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}
