// `npm run build`: the production build. Compiles the services to CommonJS JavaScript under dist/, laid out
// as the sources are, with the files they read at run time beside them, so `node dist/gateway/main.js` runs
// with no TypeScript loader. `npm run build -- [--out-dir DIR] [--skip-typecheck] [--api-only]`.
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { build as esbuild } from 'esbuild'
import ts from 'typescript'
import { ensureWebAppBuilt, WEB_DIST_DIR } from '../web/build'

const ROOT = path.resolve(__dirname, '..')
/** The build output, relative to the repository root: what the images copy and `npm run start:prod` runs. */
export const BUILD_DIR = 'dist'
/** Names the files the build compiles (its "include"); `npm run typecheck` checks the rest of the repository. */
export const BUILD_TSCONFIG = 'tsconfig.build.json'
/** Folders whose non-TypeScript files the compiled code reads beside itself (SDL, migrations, models, standards). */
export const ASSET_DIRS = ['agent', 'gateway', 'lib', 'rules', 'subgraphs', 'prisma', 'schema']
const NOT_ASSETS = /\.(ts|md)$/
/** Single files the services read: the web app's trusted documents, which the gateway loads. */
export const ASSET_FILES = ['web/trusted-documents.json']
/** Left in every build so that a later build only ever clears a directory a build made. */
const MARKER_FILE = '.production-build'

export interface BuildOptions {
  /** Where the compiled tree is written; it is cleared first. Default `dist` at the repository root. */
  outDir?: string
  /** Type-check with tsc first: the compile itself only strips types. Default true. */
  typecheck?: boolean
  /** Build the web app (Vite) and include it, for the gateway to serve. Default true. */
  webApp?: boolean
  log?: (line: string) => void
}

export interface BuildResult {
  outDir: string
  files: number
  seconds: { typecheck: number; compile: number; webApp: number; total: number }
}

/** The compiled file a TypeScript source becomes, relative to the repository root: `gateway/main.ts` → `dist/gateway/main.js`. */
export function compiledFile(source: string, outDir = BUILD_DIR): string {
  return path.posix.join(outDir, source.replace(/\.ts$/, '.js'))
}

export async function buildProduction(options: BuildOptions = {}): Promise<BuildResult> {
  const { typecheck = true, webApp = true, log = console.log } = options
  const outDir = path.resolve(ROOT, options.outDir ?? BUILD_DIR)
  const started = Date.now()
  const seconds = { typecheck: 0, compile: 0, webApp: 0, total: 0 }
  const since = (from: number) => (Date.now() - from) / 1000

  // The web app builds (when its sources changed) while the services are checked and compiled.
  const webStarted = Date.now()
  const web = webApp
    ? ensureWebAppBuilt(log).then((outcome) => {
        seconds.webApp = since(webStarted)
        return outcome
      })
    : undefined
  try {
    if (typecheck) {
      const from = Date.now()
      await run(process.execPath, [
        require.resolve('typescript/bin/tsc'),
        '--noEmit',
        '-p',
        path.join(ROOT, BUILD_TSCONFIG),
      ])
      seconds.typecheck = since(from)
    }
    const from = Date.now()
    clearOutput(outDir)
    const sources = await withImports(buildSources())
    // One file in, one file out, as tsx runs them today (tsx uses esbuild too): __dirname stays the module's
    // own folder, and the optional integrations' dynamic import() stays dynamic.
    await esbuild({
      entryPoints: sources,
      outdir: outDir,
      outbase: ROOT,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // Linked maps for whoever opts in with NODE_OPTIONS=--enable-source-maps; the services do not pay for them.
      sourcemap: 'linked',
      logLevel: 'warning',
    })
    for (const dir of ASSET_DIRS) copyAssets(path.join(ROOT, dir), path.join(outDir, dir))
    for (const file of ASSET_FILES.filter((f) => existsSync(path.join(ROOT, f))))
      cpSync(path.join(ROOT, file), path.join(outDir, file))
    const missing = unresolvedRequires(outDir)
    if (missing.length)
      throw new Error(
        `the build is incomplete: compiled files require what it did not write (a file to add to ${BUILD_TSCONFIG}'s include, or to the assets here):\n  ${missing.join('\n  ')}`,
      )
    // The output says how node should load it, whatever the package around it declares.
    writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify({ type: 'commonjs' })}\n`)
    seconds.compile = since(from)

    if (web) {
      const outcome = await web
      if ('skipped' in outcome)
        throw new Error(`the web app was not built: ${outcome.skipped} (--api-only builds without it)`)
      cpSync(WEB_DIST_DIR, path.join(outDir, path.relative(ROOT, WEB_DIST_DIR)), { recursive: true })
    }
    seconds.total = since(started)
    return { outDir, files: sources.length, seconds }
  } finally {
    await web?.catch(() => undefined)
  }
}

/** Every file the build reads to compile: its config's files (declarations too) and all they import, as absolute paths. */
export async function buildInputs(): Promise<string[]> {
  return [...new Set([...configFiles(), ...(await withImports(buildSources()))])].sort()
}

/** The TypeScript files the build compiles from (its config's include), as absolute paths. */
export function buildSources(): string[] {
  return configFiles().filter((file) => !file.endsWith('.d.ts'))
}

function configFiles(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, BUILD_TSCONFIG),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
      },
    },
  )
  if (!config) throw new Error(`${BUILD_TSCONFIG} could not be read`)
  return config.fileNames
}

/** The sources and every file of the repository they import, as tsc follows imports beyond its include. */
async function withImports(sources: string[]): Promise<string[]> {
  const { metafile } = await esbuild({
    entryPoints: sources,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    write: false,
    metafile: true,
    outdir: 'unused',
    absWorkingDir: ROOT,
    logLevel: 'silent',
  })
  const imported = Object.keys(metafile.inputs)
    .map((file) => path.resolve(ROOT, file))
    .filter((file) => /\.tsx?$/.test(file) && !file.split(path.sep).includes('node_modules'))
  return [...new Set([...sources, ...imported])].sort()
}

/** Clears the output directory, refusing one that a build did not make (a mistyped --out-dir). */
function clearOutput(outDir: string): void {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    if (!existsSync(path.join(outDir, MARKER_FILE)))
      throw new Error(`${outDir} is not empty and was not made by npm run build; choose another --out-dir`)
    rmSync(outDir, { recursive: true, force: true })
  }
  mkdirSync(outDir, { recursive: true })
  // Written first, so that a build that fails half-way can still be cleared by the next.
  writeFileSync(path.join(outDir, MARKER_FILE), `npm run build, ${new Date().toISOString()}\n`)
}

function copyAssets(from: string, to: string): void {
  if (!existsSync(from)) return
  for (const name of readdirSync(from)) {
    const source = path.join(from, name)
    if (statSync(source).isDirectory()) copyAssets(source, path.join(to, name))
    else if (!NOT_ASSETS.test(name)) cpSync(source, path.join(to, name))
  }
}

/**
 * Relative requires in the output that name no compiled file: each source is compiled alone, so a module
 * imported from outside the config's include would otherwise only be missed when the service loads it.
 */
function unresolvedRequires(outDir: string): string[] {
  const missing: string[] = []
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name)
      if (statSync(file).isDirectory()) visit(file)
      else if (name.endsWith('.js')) {
        for (const [, request] of readFileSync(file, 'utf8').matchAll(/\brequire\("(\.\.?\/[^"]*)"\)/g)) {
          const target = path.resolve(path.dirname(file), request!)
          if (
            !['', '.js', '.json', '/index.js'].some(
              (suffix) => existsSync(`${target}${suffix}`) && statSync(`${target}${suffix}`).isFile(),
            )
          ) {
            missing.push(`${path.relative(outDir, file)} requires ${request}`)
          }
        }
      }
    }
  }
  visit(outDir)
  return missing
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] })
    child.once('error', reject)
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(args[0] ?? command)} found errors (exit ${code}): nothing was built`)),
    )
  })
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      'out-dir': { type: 'string' },
      'skip-typecheck': { type: 'boolean', default: false },
      'api-only': { type: 'boolean', default: false },
    },
  })
  buildProduction({
    outDir: values['out-dir'],
    typecheck: !values['skip-typecheck'],
    webApp: !values['api-only'],
  }).then(
    ({ outDir, files, seconds }) => {
      const parts = [
        seconds.typecheck && `type-check ${seconds.typecheck.toFixed(1)} s`,
        `compile ${seconds.compile.toFixed(1)} s`,
        seconds.webApp && `web app ${seconds.webApp.toFixed(1)} s`,
      ].filter(Boolean)
      console.log(
        `built ${files} files into ${path.relative(process.cwd(), outDir) || '.'} in ${seconds.total.toFixed(1)} s (${parts.join(', ')}); run it with npm run start:prod`,
      )
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    },
  )
}
