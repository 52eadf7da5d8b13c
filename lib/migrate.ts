// Applies a domain's Prisma migrations (prisma/<domain>/migrations) the way `prisma migrate deploy` does,
// recording them in `_prisma_migrations`, so it works offline and on embedded PGlite alike.
import { createHash, randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

export interface SqlRunner {
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>
  query<T>(sql: string, params?: unknown[]): Promise<T[]>
}

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`

export function migrationsDir(domain: string): string {
  return path.resolve(__dirname, '..', 'prisma', domain, 'migrations')
}

/** Applies the pending migrations in name order; returns the names applied. */
export async function applyMigrations(db: SqlRunner, directory: string): Promise<string[]> {
  await db.exec(MIGRATIONS_TABLE)
  const done = await db.query<{ migration_name: string; checksum: string }>(
    'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  )
  const applied = new Map(done.map((row) => [row.migration_name, row.checksum]))
  const names = (await readdir(directory, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
  const appliedNow: string[] = []
  for (const name of names) {
    const sql = await readFile(path.join(directory, name, 'migration.sql'), 'utf8')
    const checksum = createHash('sha256').update(sql).digest('hex')
    const previous = applied.get(name)
    if (previous !== undefined) {
      if (previous !== checksum)
        throw new Error(
          `Migration ${name} was edited after it was applied to this database; add a new migration instead`,
        )
      continue
    }
    try {
      await db.exec(`BEGIN;\n${sql}\n;COMMIT;`)
    } catch (error) {
      await db.exec('ROLLBACK').catch(() => undefined)
      throw new Error(`Migration ${name} failed and was rolled back: ${(error as Error).message}`)
    }
    await db.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)',
      [randomUUID(), checksum, name],
    )
    appliedNow.push(name)
  }
  return appliedNow
}
