// New embedded databases start from one empty cluster made once per installation; a damaged copy costs an initdb,
// never a database.
import { afterAll, expect, jest, test } from '@jest/globals'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createPGlite, EMPTY_CLUSTER_FILE, isNewDataDir } from '../../lib/pglite-template'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'pglite-template-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

test('a new data directory starts from the empty cluster, and opens again as the database it became', async () => {
  const dataDir = path.join(scratch, 'bank')
  expect(isNewDataDir(dataDir)).toBe(true)
  const first = await createPGlite(dataDir)
  expect(existsSync(EMPTY_CLUSTER_FILE)).toBe(true)
  await first.exec(`CREATE TABLE account (id text PRIMARY KEY); INSERT INTO account VALUES ('A-1')`)
  await first.close()
  expect(isNewDataDir(dataDir)).toBe(false)
  const again = await createPGlite(dataDir)
  expect((await again.query<{ id: string }>('SELECT id FROM account')).rows).toEqual([{ id: 'A-1' }])
  expect((await again.query<{ db: string }>('SELECT current_database() AS db')).rows).toEqual([{ db: 'postgres' }])
  await again.close()
})

test('a damaged copy is dropped, and the database is made by initdb instead', async () => {
  const damaged = path.join(scratch, 'damaged.tar')
  writeFileSync(damaged, 'not a tar file at all')
  const dataDir = path.join(scratch, 'after-damage')
  const spoken = jest.spyOn(console, 'error').mockImplementation(() => undefined)
  const db = await createPGlite(dataDir, damaged)
  spoken.mockRestore()
  expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
  await db.close()
  expect(existsSync(damaged)).toBe(false)
})

test('where the copy cannot be written (a read-only installation), the process keeps it for its next databases', async () => {
  const notAFolder = path.join(scratch, 'a-file')
  writeFileSync(notAFolder, '')
  const unwritable = path.join(notAFolder, 'empty-cluster.tar')
  const first = await createPGlite(undefined, unwritable)
  const second = await createPGlite(undefined, unwritable)
  for (const db of [first, second]) {
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await db.close()
  }
  expect(existsSync(unwritable)).toBe(false)
})
