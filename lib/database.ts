// Opens a domain's own database: embedded PGlite by default, a real PostgreSQL when a URL is given.
// Both speak the same SQL, take the same migrations, and bulk-load through COPY.
import { PrismaPg } from '@prisma/adapter-pg'
import {
  ColumnTypeEnum,
  type ArgType,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlQuery,
  type SqlQueryable,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils'
import { Decimal } from '@prisma/client/runtime/client'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { mkdirSync } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { applyMigrations, migrationsDir, type SqlRunner } from './migrate'
import { createDatabaseHealth, faultOf, type DatabaseHealth } from './database-faults'
import { inSpan, isTracing, SpanKind } from './tracing'
import { createPGlite } from './pglite-template'

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
  /**
   * Runs one read statement (a Prisma.sql query: its `text` and `values`) through the same connected driver
   * adapter as the product's PrismaClient (the same pool, the same statement spans), without the client: for the
   * reads a request makes most (an entity by id, one customer's summary), where the client's own work per query
   * outweighs an indexed statement. Rows come typed as `$queryRaw` types them: numeric as Decimal, timestamps as
   * Date, int8 as BigInt.
   */
  readRows<T>(query: { text: string; values: readonly unknown[] }): Promise<T[]>
  /** Loads rows already written in COPY text format (tab-separated, \N for null, one row a line). */
  copyRows(table: string, columns: string[], lines: AsyncIterable<string> | Iterable<string>): Promise<number>
  migrate(): Promise<string[]>
  /**
   * Calls `onNotify` with the payload of every NOTIFY on `channel` (delivered only once the notifying
   * transaction commits). Resolves once listening; the returned function stops. A dropped connection is
   * replaced; notifications sent while it was down are lost, so `onRelisten` is called each time it listens
   * again, for the caller to catch up from its own log.
   */
  listen(channel: string, onNotify: (payload: string) => void, onRelisten?: () => void): Promise<() => Promise<void>>
  /** Whether the database answers: its outages are logged once each, and readiness asks it. */
  readonly health: DatabaseHealth
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
  const client = await createPGlite(dataDir)
  const health = createDatabaseHealth({ product: domain, ping: async () => void (await client.query('SELECT 1')) })
  const runner: SqlRunner = {
    exec: async (sql) => void (await client.exec(sql)),
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows,
  }
  const shared = shareAdapter(traceStatements(domain, new PrismaPGlite(client) as unknown as SqlDriverAdapterFactory))
  return {
    ...runner,
    domain,
    kind: 'pglite',
    adapter: shared.factory,
    readRows: shared.readRows,
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
    health,
    close: async () => {
      health.stop()
      await shared.dispose()
      await client.close()
    },
  }
}

/** A connection the server does not grant within this is a fault, not a wait without end. */
const CONNECT_TIMEOUT_MS = 5000

async function openPostgres(domain: string, url: string): Promise<DomainDatabase> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
  })
  const health = createDatabaseHealth({ product: domain, ping: async () => void (await pool.query('SELECT 1')) })
  // An idle pooled connection the server terminates (a restart, a failover, pg_terminate_backend) emits
  // 'error' on its pool, which would end the process unheard; the pool replaces it on the next checkout.
  const onIdleError = (error: Error) => health.fault(faultOf(error))
  pool.on('error', onIdleError)
  const runner: SqlRunner = {
    exec: async (sql) => void (await pool.query(sql)),
    query: async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[],
  }
  const shared = shareAdapter(
    traceStatements(
      domain,
      new PrismaPg(
        { connectionString: url, max: 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true },
        { onPoolError: onIdleError, onConnectionError: onIdleError },
      ),
    ),
  )
  return {
    ...runner,
    domain,
    kind: 'postgres',
    adapter: shared.factory,
    readRows: shared.readRows,
    async copyRows(table, columns, lines) {
      const client = await checkout(pool, onIdleError)
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
    migrate: () => migrateExclusively(pool, domain, onIdleError),
    listen: (channel, onNotify, onRelisten) => listenOnPostgres(url, channel, health, onNotify, onRelisten),
    health,
    close: async () => {
      health.stop()
      await shared.dispose()
      await pool.end()
    },
  }
}

/**
 * A pooled connection held for a while (a COPY, the migrations): the pool stops listening for its errors while
 * it is out, so one the server ends between two statements would otherwise end the process.
 */
async function checkout(pool: pg.Pool, onError: (error: Error) => void): Promise<pg.PoolClient> {
  const client = await pool.connect()
  client.on('error', onError)
  const release = client.release.bind(client)
  client.release = (error?: Error | boolean) => {
    client.removeListener('error', onError)
    release(error)
  }
  return client
}

/**
 * Replicas starting together would otherwise apply the same migration twice: one connection holds a
 * session advisory lock (per domain) while it migrates, and the others wait, then find nothing to do.
 */
async function migrateExclusively(pool: pg.Pool, domain: string, onError: (error: Error) => void): Promise<string[]> {
  const client = await checkout(pool, onError)
  const lock = `mesh-migrations:${domain}`
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lock])
    try {
      return await applyMigrations(
        {
          exec: async (sql) => void (await client.query(sql)),
          query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
        },
        migrationsDir(domain),
      )
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
 * When it drops, it reconnects (every second, saying so once) and listens again, then calls `onRelisten`.
 */
async function listenOnPostgres(
  url: string,
  channel: string,
  health: DatabaseHealth,
  onNotify: (payload: string) => void,
  onRelisten?: () => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined
  let stopped = false
  let retry: NodeJS.Timeout | undefined
  const connect = async () => {
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true })
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '')
    })
    let lost = false
    next.on('error', (error) => {
      if (stopped || lost) return
      lost = true
      health.fault(faultOf(error))
      void next.end().catch(() => undefined)
      scheduleReconnect()
    })
    try {
      await next.connect()
      await next.query(`LISTEN "${channel.replace(/"/g, '""')}"`)
    } catch (error) {
      lost = true
      void next.end().catch(() => undefined)
      throw error
    }
    client = next
  }
  const scheduleReconnect = () => {
    if (stopped || retry) return
    retry = setTimeout(() => {
      retry = undefined
      if (stopped) return
      connect().then(
        () => onRelisten?.(),
        (error: unknown) => {
          health.fault(faultOf(error, true))
          scheduleReconnect()
        },
      )
    }, RELISTEN_DELAY_MS)
  }
  await connect()
  return async () => {
    stopped = true
    clearTimeout(retry)
    await client?.end().catch(() => undefined)
  }
}

/** The environment variable naming a domain's PostgreSQL URL, e.g. TRANSACTIONS_DATABASE_URL. */
export function databaseUrlVariable(domain: string): string {
  return `${domain.toUpperCase()}_DATABASE_URL`
}

/**
 * Every statement Prisma sends through the adapter is a client span of the request's trace when tracing: the
 * parameterised SQL (`$1`, `$2`), never its parameters' values, which may be personal data.
 */
function traceStatements(domain: string, factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  const inStatementSpan = <R>(query: SqlQuery, run: () => Promise<R>): Promise<R> =>
    isTracing()
      ? inSpan(
          domain,
          `${statementName(query.sql)} ${domain}`,
          SpanKind.CLIENT,
          statementAttributes(domain, query),
          run,
        )
      : run()
  const traced = <T extends SqlQueryable>(target: T) => ({
    queryRaw: (query: SqlQuery) => inStatementSpan(query, () => target.queryRaw(query)),
    executeRaw: (query: SqlQuery) => inStatementSpan(query, () => target.executeRaw(query)),
  })
  return forwardTo(factory, {
    connect: async () => {
      const adapter = await factory.connect()
      return forwardTo<SqlDriverAdapter>(adapter, {
        ...traced(adapter),
        startTransaction: async (isolationLevel) => {
          const transaction = await adapter.startTransaction(isolationLevel)
          return forwardTo<Transaction>(transaction, traced(transaction))
        },
      })
    },
  })
}

/**
 * One connected adapter (for PostgreSQL, one pool) for the product's PrismaClient and its own reads (`readRows`),
 * disposed when the database closes rather than when the client disconnects.
 */
function shareAdapter(factory: SqlDriverAdapterFactory) {
  let connected: Promise<SqlDriverAdapter> | undefined
  const connect = () =>
    (connected ??= factory.connect().catch((error: unknown) => {
      connected = undefined
      throw error
    }))
  return {
    factory: forwardTo<SqlDriverAdapterFactory>(factory, {
      connect: async () => forwardTo<SqlDriverAdapter>(await connect(), { dispose: async () => undefined }),
    }),
    async readRows<T>(query: { text: string; values: readonly unknown[] }): Promise<T[]> {
      const adapter = await connect()
      const args = query.values.map((value) => (Decimal.isDecimal(value) ? value.toString() : value))
      return rowsOf<T>(await adapter.queryRaw({ sql: query.text, args, argTypes: args.map(argTypeOf) }))
    },
    async dispose() {
      const adapter = await connected?.catch(() => undefined)
      connected = undefined
      await adapter?.dispose()
    },
  }
}

/** How the driver adapters are told to send a value: as Prisma's client tells them for a `$queryRaw` parameter. */
function argTypeOf(value: unknown): ArgType {
  if (Array.isArray(value)) return { ...argTypeOf(value.find((each) => each !== null) ?? null), arity: 'list' }
  const scalarType =
    typeof value === 'string'
      ? 'string'
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? 'int'
          : 'float'
        : typeof value === 'bigint'
          ? 'bigint'
          : typeof value === 'boolean'
            ? 'boolean'
            : value instanceof Date
              ? 'datetime'
              : value instanceof Uint8Array
                ? 'bytes'
                : 'unknown'
  return { scalarType, arity: 'scalar' }
}

/** A result set as objects, each value converted as Prisma's client converts a `$queryRaw` result's. */
function rowsOf<T>(result: SqlResultSet): T[] {
  const convert = result.columnTypes.map((type) => COLUMN_VALUES[type] ?? ((value: unknown) => value))
  return result.rows.map((row) => {
    const object: Record<string, unknown> = {}
    for (let i = 0; i < row.length; i++) object[result.columnNames[i]!] = row[i] === null ? null : convert[i]!(row[i])
    return object as T
  })
}

const toBigInt = (value: unknown) => (typeof value === 'number' ? BigInt(Math.trunc(value)) : BigInt(value as string))
const toBoolean = (value: unknown) =>
  typeof value === 'string' ? value === 'true' || value === '1' : typeof value === 'number' ? value === 1 : value
const each = (convert: (value: unknown) => unknown) => (value: unknown) =>
  (value as unknown[]).map((item) => (item === null ? null : convert(item)))
const COLUMN_VALUES: Partial<Record<number, (value: unknown) => unknown>> = {
  [ColumnTypeEnum.Int32]: (value) => Math.trunc(Number(value)),
  [ColumnTypeEnum.Int64]: toBigInt,
  [ColumnTypeEnum.Numeric]: (value) => new Decimal(value as string),
  [ColumnTypeEnum.Boolean]: toBoolean,
  [ColumnTypeEnum.Date]: (value) => new Date(value as string),
  [ColumnTypeEnum.DateTime]: (value) => new Date(value as string),
  [ColumnTypeEnum.Time]: (value) => new Date(`1970-01-01T${value as string}Z`),
  [ColumnTypeEnum.Json]: (value) => (typeof value === 'string' ? JSON.parse(value) : value),
  [ColumnTypeEnum.Bytes]: (value) => (typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'base64')) : value),
  [ColumnTypeEnum.Int32Array]: each((value) => Math.trunc(Number(value))),
  [ColumnTypeEnum.Int64Array]: each(toBigInt),
  [ColumnTypeEnum.NumericArray]: each((value) => new Decimal(value as string)),
  [ColumnTypeEnum.BooleanArray]: each(toBoolean),
  [ColumnTypeEnum.DateArray]: each((value) => new Date(value as string)),
  [ColumnTypeEnum.DateTimeArray]: each((value) => new Date(value as string)),
  [ColumnTypeEnum.JsonArray]: each((value) => (typeof value === 'string' ? JSON.parse(value) : value)),
}

/** `target` with some methods replaced; the rest called on `target` itself (adapters keep private fields). */
function forwardTo<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T]
      const value = Reflect.get(object, property, object) as unknown
      return typeof value === 'function' ? value.bind(object) : value
    },
  })
}

/** The statement's verb (SELECT, INSERT, …): with the product's database it names the span ("SELECT customers"). */
function statementName(sql: string): string {
  return /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SQL'
}

function statementAttributes(domain: string, query: SqlQuery) {
  return {
    'db.system': 'postgresql',
    'db.namespace': domain,
    'db.statement': query.sql,
    'db.operation.name': statementName(query.sql),
  }
}
