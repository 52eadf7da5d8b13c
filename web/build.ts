// Keeps web/dist in step with the app's sources, so that `npm install && npm start` serves the current app on
// a fresh clone: builds when the output is missing or was built from other sources (a hash of them, not
// timestamps, which checkouts and copies rewrite).
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { writeTrustedDocumentsManifest } from './trusted-documents'

const ROOT = path.resolve(__dirname, '..')
export const WEB_DIR = __dirname
export const WEB_DIST_DIR = path.join(WEB_DIR, 'dist')
/** A dot-file, so the gateway's static handler never serves it. */
const STAMP_FILE = path.join(WEB_DIST_DIR, '.sources-hash')
const VITE_BIN = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js')

export type WebBuildOutcome = { built: boolean; seconds: number; reason: string } | { built: false; skipped: string }

/** Builds web/dist unless it was built from exactly these sources; never throws for a missing Vite. */
export async function ensureWebAppBuilt(log: (line: string) => void = console.log): Promise<WebBuildOutcome> {
  const hash = sourcesHash()
  const stamp = existsSync(STAMP_FILE) ? readFileSync(STAMP_FILE, 'utf8').trim() : null
  if (stamp === hash && existsSync(path.join(WEB_DIST_DIR, 'index.html')))
    return { built: false, seconds: 0, reason: 'up to date' }
  if (!existsSync(VITE_BIN))
    return { built: false, skipped: 'Vite is not installed (npm install without --omit=dev builds the web app)' }
  const reason = stamp === null ? 'not built yet' : 'its sources changed'
  log(`web app ${reason}: building web/dist`)
  const started = Date.now()
  await buildWebApp()
  writeFileSync(STAMP_FILE, `${hash}\n`)
  return { built: true, seconds: (Date.now() - started) / 1000, reason }
}

/**
 * `vite build` of the app into web/dist, as its own process (Vite is ESM; this module runs anywhere), after
 * writing the app's trusted documents (web/trusted-documents.json), which the bundle reads its hashes from.
 */
export function buildWebApp(): Promise<void> {
  writeTrustedDocumentsManifest()
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [VITE_BIN, 'build', '--config', path.join(WEB_DIR, 'vite.config.mts'), '--logLevel', 'warn'],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    )
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}: the web app was not built`)),
    )
  })
}

/** What the build depends on: the app's sources, its config, and the installed dependency versions. */
function sourcesHash(): string {
  const hash = createHash('sha256')
  const files = [
    path.join(WEB_DIR, 'index.html'),
    path.join(WEB_DIR, 'vite.config.mts'),
    path.join(ROOT, 'package-lock.json'),
    ...listFiles(path.join(WEB_DIR, 'src')),
  ]
  for (const file of files.sort()) {
    if (!existsSync(file)) continue
    hash.update(path.relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex')
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name)
    return statSync(file).isDirectory() ? listFiles(file) : [file]
  })
}

// `npm run build:web`: always builds.
if (require.main === module) {
  const started = Date.now()
  buildWebApp().then(
    () => {
      writeFileSync(STAMP_FILE, `${sourcesHash()}\n`)
      console.log(
        `web app built into ${path.relative(ROOT, WEB_DIST_DIR)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      )
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    },
  )
}
