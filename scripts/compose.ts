// `npm run compose`: writes each subgraph's SDL and the composed supergraph into schema/.
// `npm run compose -- --check` fails when the committed files drift from the subgraphs.
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { composeMesh } from '../lib/composition'
import { SUBGRAPHS } from '../subgraphs/registry'
import { defaultSubgraphUrls } from '../gateway/config'

const SCHEMA_DIR = path.resolve(__dirname, '..', 'schema')

export function composeCommittedMesh() {
  const urls = defaultSubgraphUrls()
  return composeMesh(SUBGRAPHS.map((s) => ({ name: s.name, url: urls[s.name]!, typeDefs: s.typeDefs() })))
}

export function schemaFiles(): Record<string, string> {
  const mesh = composeCommittedMesh()
  return {
    ...Object.fromEntries(Object.entries(mesh.subgraphSdl).map(([name, sdl]) => [`${name}.graphql`, sdl])),
    'supergraph.graphql': mesh.supergraphSdl,
  }
}

function main(): void {
  const check = process.argv.includes('--check')
  const drifted: string[] = []
  for (const [file, content] of Object.entries(schemaFiles())) {
    const target = path.join(SCHEMA_DIR, file)
    let current: string | undefined
    try {
      current = readFileSync(target, 'utf8')
    } catch {
      current = undefined
    }
    if (current === content) continue
    drifted.push(file)
    if (!check) writeFileSync(target, content)
  }
  if (check && drifted.length) {
    console.error(`schema/ has drifted from the subgraphs: ${drifted.join(', ')}. Run \`npm run compose\` and commit the result.`)
    process.exit(1)
  }
  console.log(drifted.length ? `${check ? 'drifted' : 'wrote'}: ${drifted.join(', ')}` : 'schema/ matches the subgraphs')
}

if (require.main === module) main()
