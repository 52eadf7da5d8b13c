// Each subgraph's resolver types (subgraphs/<name>/generated/) are what GraphQL Code Generator makes of its SDL
// now, the web app's operation types (web/src/generated/) what it makes of the app's operations over the composed
// API, and the project reaches @apollo/subgraph through its public entry point only.
import { expect, test } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { Supergraph } from '@apollo/federation-internals'
import { parse, validate } from 'graphql'
import { OPERATION_TYPES_FILE, operationTypeFiles, resolverTypeFiles, resolverTypesFile } from '../../scripts/compose'
import { appDocuments } from '../../web/src/operations'
import { SUBGRAPHS } from '../../subgraphs/registry'

const ROOT = path.join(__dirname, '..', '..')
const SOURCE_FOLDERS = [
  'agent',
  'gateway',
  'lib',
  'rules',
  'scripts',
  'subgraphs',
  'test',
  'types',
  'web/src',
  'prisma',
]
const NOT_SOURCES = /(^|\/)(node_modules|generated|dist)(\/|$)/
/** Spelled in two parts so that this file does not match itself. */
const INTERNALS = ['@apollo/subgraph', 'dist'].join('/')

let generated: Promise<Record<string, string>> | undefined

test.each(SUBGRAPHS.map((s) => s.name))(
  'subgraphs/%s/generated/graphql.ts matches the SDL (run `npm run compose` if not)',
  async (name) => {
    generated ??= resolverTypeFiles()
    const file = resolverTypesFile(name)
    expect(readFileSync(path.join(ROOT, file), 'utf8')).toBe((await generated)[file])
  },
)

test("web/src/generated/operations.ts matches the web app's operations over the committed supergraph", async () => {
  const supergraph = readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8')
  const expected = (await operationTypeFiles(supergraph))[OPERATION_TYPES_FILE]
  expect(readFileSync(path.join(ROOT, OPERATION_TYPES_FILE), 'utf8')).toBe(expected)
})

test('every document the web app can send, each choice of each built operation, is valid against the API', () => {
  const supergraph = readFileSync(path.join(ROOT, 'schema', 'supergraph.graphql'), 'utf8')
  const api = Supergraph.build(supergraph).apiSchema().toGraphQLJSSchema()
  const documents = appDocuments()
  expect(documents.length).toBeGreaterThan(100)
  const invalid = documents.flatMap((text) => validate(api, parse(text)).map((error) => `${error.message}\n${text}`))
  expect(invalid).toEqual([])
})

test("no source imports @apollo/subgraph's internals (its dist/ files): only the package entry point is public", () => {
  const sources = SOURCE_FOLDERS.flatMap(sourcesUnder)
  // Guards the scan against a folder list that silently matches nothing.
  expect(sources).toContain(path.join('lib', 'subgraph-server.ts'))
  expect(sources.filter((file) => readFileSync(path.join(ROOT, file), 'utf8').includes(INTERNALS))).toEqual([])
})

/** The TypeScript and JavaScript sources under `folder`, relative to the project, generated code left out. */
function sourcesUnder(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .filter((file) => !NOT_SOURCES.test(file.split(path.sep).join('/')))
}
