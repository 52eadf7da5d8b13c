// Opens a domain's own database: embedded PGlite by default, a real PostgreSQL when a URL is given.
// Both speak the same SQL, take the same migrations, and bulk-load through COPY.
import { PGlite } from '@electric-sql/pglite'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { mkdirSync } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { applyMigrations, migrationsDir, type SqlRunner } from './migrate'

export interface DatabaseOptions {
  domain: string
  /** postgres:// URL of the domain's own database; when absent an embedded PGlite is used. */
  url?: string
  /** Folder for the embedded database's files; when absent it lives in memory. */
  dataDir?: string
}

export interface DomainDatabase extends SqlRunner {
  readonly domain: string
  readonly kind: 'pglite' | 'postgres'
  /** The driver adapter to give this domain's PrismaClient. */
  readonly adapter: SqlDriverAdapterFactory
  /** Loads rows already written in COPY text format (tab-separated, \N for null, one row a line). */
  copyRows(table: string, columns: string[], lines: AsyncIterable<string> | Iterable<string>): Promise<number>
  migrate(): Promise<string[]>
  /**
   * Calls `onNotify` with the payload of every NOTIFY on `channel` (delivered only once the notifying
   * transaction commits). Resolves once listening; the returned function stops.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

const PGLITE_COPY_CHUNK_BYTES = 8 * 1024 * 1024

export async function openDatabase(options: DatabaseOptions): Promise<DomainDatabase> {
  return options.url ? openPostgres(options.domain, options.url) : openPGlite(options.domain, options.dataDir)
}

function copyStatement(table: string, columns: string[], source: string): string {
  return `COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM ${source}`
}

async function openPGlite(domain: string, dataDir: string | undefined): Promise<DomainDatabase> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const client = await PGlite.create(dataDir)
  const runner: SqlRunner = {
    exec: async (sql) => void (await client.exec(sql)),
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows,
  }
  return {
    ...runner,
    domain,
    kind: 'pglite',
    adapter: new PrismaPGlite(client) as unknown as SqlDriverAdapterFactory,
    async copyRows(table, columns, lines) {
      // PGlite reads COPY input from a Blob, so feed it in bounded chunks rather than one huge string.
      let chunk: string[] = []
      let bytes = 0
      let count = 0
      const flush = async () => {
        if (chunk.length === 0) return
        await client.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob(chunk) })
        chunk = []
        bytes = 0
      }
      for await (const line of lines) {
        chunk.push(line)
        bytes += line.length
        count++
        if (bytes >= PGLITE_COPY_CHUNK_BYTES) await flush()
      }
      await flush()
      return count
    },
    migrate: () => applyMigrations(runner, migrationsDir(domain)),
    listen: (channel, onNotify) => client.listen(channel, onNotify).then((unlisten) => () => unlisten()),
    close: () => client.close(),
  }
}

async function openPostgres(domain: string, url: string): Promise<DomainDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  const runner: SqlRunner = {
    exec: async (sql) => void (await pool.query(sql)),
    query: async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[],
  }
  return {
    ...runner,
    domain,
    kind: 'postgres',
    adapter: new PrismaPg({ connectionString: url, max: 10 }),
    async copyRows(table, columns, lines) {
      const client = await pool.connect()
      let count = 0
      async function* counted() {
        let buffer = ''
        for await (const line of lines) {
          buffer += line
          count++
          if (buffer.length >= 65536) {
            yield buffer
            buffer = ''
          }
        }
        if (buffer) yield buffer
      }
      try {
        await pipeline(Readable.from(counted()), client.query(copyFrom(copyStatement(table, columns, 'STDIN'))))
      } finally {
        client.release()
      }
      return count
    },
    migrate: () => migrateExclusively(pool, domain),
    listen: (channel, onNotify) => listenOnPostgres(domain, url, channel, onNotify),
    close: () => pool.end(),
  }
}

/**
 * Replicas starting together would otherwise apply the same migration twice: one connection holds a
 * session advisory lock (per domain) while it migrates, and the others wait, then find nothing to do.
 */
async function migrateExclusively(pool: pg.Pool, domain: string): Promise<string[]> {
  const client = await pool.connect()
  const lock = `mesh-migrations:${domain}`
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lock])
    try {
      return await applyMigrations({
        exec: async (sql) => void (await client.query(sql)),
        query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
      }, migrationsDir(domain))
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lock])
    }
  } finally {
    client.release()
  }
}

const RELISTEN_DELAY_MS = 1000

/**
 * LISTEN needs a connection of its own that stays open (a pooled one would be handed to other queries).
 * When it drops, it reconnects and listens again; notifications sent while it was down are lost, and said so.
 */
async function listenOnPostgres(domain: string, url: string, channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
  let client: pg.Client | undefined
  let stopped = false
  const connect = async () => {
    const next = new pg.Client({ connectionString: url })
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '')
    })
    next.on('error', (error) => {
      if (stopped) return
      console.error(`${domain}: the LISTEN connection for ${channel} failed (${error.message}); reconnecting, changes meanwhile are not announced`)
      void next.end().catch(() => undefined)
      setTimeout(() => void reconnect(), RELISTEN_DELAY_MS)
    })
    await next.connect()
    await next.query(`LISTEN "${channel.replace(/"/g, '""')}"`)
    client = next
  }
  const reconnect = async () => {
    if (stopped) return
    await connect().catch((error: Error) => {
      console.error(`${domain}: could not listen on ${channel} again (${error.message}); retrying`)
      setTimeout(() => void reconnect(), RELISTEN_DELAY_MS)
    })
  }
  await connect()
  return async () => {
    stopped = true
    await client?.end().catch(() => undefined)
  }
}

/** The environment variable naming a domain's PostgreSQL URL, e.g. TRANSACTIONS_DATABASE_URL. */
export function databaseUrlVariable(domain: string): string {
  return `${domain.toUpperCase()}_DATABASE_URL`
}
