// A new embedded database starts as a copy of one empty cluster instead of running initdb: initdb in WebAssembly
// takes two to four seconds of CPU a database, loading the copy under one. The copy is made once per PGlite
// version and kept beside the installed packages (node_modules/.cache, where build tools keep theirs), so the
// seven databases of a first `npm start`, and every test's, share it.
import { PGlite } from '@electric-sql/pglite'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const PGLITE_DIR = path.resolve(path.dirname(require.resolve('@electric-sql/pglite')), '..')
const PGLITE_VERSION = (JSON.parse(readFileSync(path.join(PGLITE_DIR, 'package.json'), 'utf8')) as { version: string })
  .version

/** Where the empty cluster of the installed PGlite is kept: node_modules/.cache/data-mesh. */
export const EMPTY_CLUSTER_FILE = path.resolve(
  PGLITE_DIR,
  '..',
  '..',
  '.cache',
  'data-mesh',
  `pglite-${PGLITE_VERSION}-empty-cluster.tar`,
)

/** Whether a data directory holds no database yet (absent or empty), so that it may start from the copy. */
export function isNewDataDir(dataDir: string | undefined): boolean {
  return dataDir === undefined || !existsSync(dataDir) || readdirSync(dataDir).length === 0
}

/** The copies being made, by file. */
const making = new Map<string, Promise<Blob>>()
/** Kept in memory by a process that could not write its file (a read-only installation), for its next database. */
const unwritten = new Map<string, Blob>()

/**
 * The empty cluster, as `PGlite.create({ loadDataDir })` takes it; made (one initdb) when this installation has
 * none yet. Read from its file each time rather than held: a long-running process opens its databases once. (Not
 * a Blob backed by the file: another process may replace the file meanwhile, which such a Blob fails on.)
 */
export async function emptyClusterTemplate(file = EMPTY_CLUSTER_FILE): Promise<Blob> {
  if (existsSync(file)) return new Blob([readFileSync(file)])
  const kept = unwritten.get(file)
  if (kept) return kept
  let made = making.get(file)
  if (!made) {
    made = makeEmptyCluster(file).finally(() => making.delete(file))
    making.set(file, made)
  }
  return made
}

async function makeEmptyCluster(file: string): Promise<Blob> {
  const cluster = await PGlite.create()
  const dump = await cluster.dumpDataDir('none')
  await cluster.close()
  // Other processes may make it at the same moment: each writes its own file and renames it, so no reader ever
  // sees a partial one; the last rename wins, and every copy is alike.
  const partial = `${file}.${process.pid}`
  try {
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
    renameSync(partial, file)
  } catch {
    unwritten.set(file, dump)
    try {
      rmSync(partial, { force: true })
    } catch {
      // nothing was written
    }
  }
  return dump
}

/** Opens PGlite on a data directory (or in memory), starting a new database from the empty cluster. */
export async function createPGlite(dataDir: string | undefined, templateFile = EMPTY_CLUSTER_FILE): Promise<PGlite> {
  if (!isNewDataDir(dataDir)) return PGlite.create({ dataDir })
  const template = await emptyClusterTemplate(templateFile)
  try {
    return await PGlite.create({ dataDir, loadDataDir: template })
  } catch (error) {
    // A copy that does not load (damaged on disk) is dropped, and this database runs initdb as it would without.
    rmSync(templateFile, { force: true })
    unwritten.delete(templateFile)
    if (dataDir) for (const entry of readdirSync(dataDir)) rmSync(path.join(dataDir, entry), { recursive: true })
    console.error(`The empty PGlite cluster ${templateFile} did not load (${String(error)}); running initdb`)
    return PGlite.create({ dataDir })
  }
}
