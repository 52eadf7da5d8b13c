// The layering of lib/ and rules/, read from their import statements: lib/ builds on rules/, so rules/ must
// not import lib/ (that made a cycle); and rules/ stays pure decisions, with no client for the network, files
// or a database.
import { expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.join(__dirname, '..', '..')

/** Every import specifier of the TypeScript files under `folder`, as `file -> specifier`. */
function importsUnder(folder: string): { file: string; specifier: string }[] {
  const found: { file: string; specifier: string }[] = []
  for (const file of filesUnder(folder)) {
    const source = readFileSync(path.join(ROOT, file), 'utf8')
    // Static imports and re-exports (`import ... from`, `export ... from`, bare `import '...'`), import() and require().
    const pattern =
      /\b(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]|\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g
    for (const match of source.matchAll(pattern)) found.push({ file, specifier: (match[1] ?? match[2] ?? match[3])! })
  }
  return found
}

/** The TypeScript files under `folder`, relative to the project. */
function filesUnder(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
}

/** The top-level folder of the project a relative specifier of `file` lands in; undefined for a package. */
function folderOf(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined
  return path.relative(ROOT, path.resolve(ROOT, path.dirname(file), specifier)).split(path.sep)[0]
}

test('the import scan sees the imports it is meant to judge', () => {
  // Guards the check below against a pattern that silently matches nothing.
  const lib = importsUnder('lib')
  expect(
    lib.some(
      ({ file, specifier }) => file === path.join('lib', 'subgraph-server.ts') && folderOf(file, specifier) === 'rules',
    ),
  ).toBe(true)
  expect(importsUnder('rules').some(({ specifier }) => specifier === './identity')).toBe(true)
})

test('rules/ imports nothing from lib/ (nor gateway/, subgraphs/, agent/, scripts/): lib/ builds on rules/, never both ways', () => {
  const outward = importsUnder('rules')
    .filter(({ file, specifier }) => folderOf(file, specifier) !== undefined && folderOf(file, specifier) !== 'rules')
    .map(({ file, specifier }) => `${file} imports ${specifier}`)
  expect(outward).toEqual([])
})

test('rules/ makes decisions only: it imports no client for the network, files, a database or a message queue, and calls no fetch', () => {
  const io =
    /^(node:)?(http|https|http2|net|tls|dgram|fs|fs\/promises|child_process|timers\/promises)$|^(undici|pg|pg-copy-streams|ioredis|ws|graphql-ws|graphql-sse|express|@prisma\/.*|@electric-sql\/.*)$/
  const clients = importsUnder('rules')
    .filter(({ specifier }) => io.test(specifier))
    .map(({ file, specifier }) => `${file} imports ${specifier}`)
  expect(clients).toEqual([])
  expect(
    filesUnder('rules').filter((file) => /\bfetch\s*\(/.test(readFileSync(path.join(ROOT, file), 'utf8'))),
  ).toEqual([])
})
