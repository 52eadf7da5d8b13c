// Fails when someone edits a schema.prisma without adding a migration (or edits a migration by hand):
// the offline migration script applies each domain's migrations to a fresh PGlite and diffs it against the schema.
import { expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..')

test("every domain's migrations produce exactly its Prisma schema", () => {
  const result = spawnSync(
    process.execPath,
    ['--experimental-wasm-modules', 'scripts/prisma-migrations.mjs', 'check'],
    { cwd: ROOT, encoding: 'utf8', timeout: 110_000 },
  )
  // Compared as one object so a failure shows the pending SQL (run `npm run db:migrate:create -- <name>` to fix).
  expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({
    status: 0,
    output: expect.stringContaining('migrations match schema'),
  })
}, 120_000)
