// One empty PGlite cluster for every embedded database the tests open: initdb in WebAssembly takes seconds
// per database (seven a mesh, a mesh a suite), loading a dumped data directory a fraction of that. Made once
// per machine and PGlite version, in the system's temporary folder, and kept in memory per test process.
import { PGlite } from '@electric-sql/pglite'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const PGLITE_PACKAGE = path.resolve(__dirname, '..', '..', 'node_modules', '@electric-sql', 'pglite', 'package.json')
const PGLITE_VERSION = (JSON.parse(readFileSync(PGLITE_PACKAGE, 'utf8')) as { version: string }).version
const TEMPLATE_FILE = path.join(os.tmpdir(), `data-mesh-test-pglite-${PGLITE_VERSION}.tar`)

let template: Promise<Blob> | undefined

/** The empty cluster's data directory, as `openDatabase({ pgliteTemplate })` takes it. */
export function emptyClusterTemplate(): Promise<Blob> {
  template ??= loadOrMakeTemplate()
  return template
}

async function loadOrMakeTemplate(): Promise<Blob> {
  if (existsSync(TEMPLATE_FILE)) return new Blob([readFileSync(TEMPLATE_FILE)])
  const cluster = await PGlite.create()
  const dump = await cluster.dumpDataDir('none')
  await cluster.close()
  // Suites in other processes may make it at the same moment: each writes its own file, the last rename wins.
  const partial = `${TEMPLATE_FILE}.${process.pid}`
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
  renameSync(partial, TEMPLATE_FILE)
  return dump
}
