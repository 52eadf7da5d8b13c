// Reads a V8 CPU profile (`node --cpu-prof`, as `BENCH_PROFILE=ours npm run bench -- --only overhead` writes)
// and prints where the time went: by package or project file, self and inclusive, and the hottest functions.
// `tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top]`.
import { readFileSync } from 'node:fs'
import path from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const ROOT = path.resolve(__dirname, '..', '..')

/** A package under node_modules (scoped ones with their scope), a project file, node's own code, or V8's. */
function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)'
  const modules = url.lastIndexOf('node_modules/')
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/')
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!
  }
  if (url.startsWith('node:')) return url
  return path.relative(ROOT, url.replace(/^file:\/\//, ''))
}

function summarize(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parentOf = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id)
  const selfByArea = new Map<string, number>()
  const inclusiveByArea = new Map<string, number>()
  const selfByFunction = new Map<string, number>()
  let total = 0
  let idle = 0
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0
    const node = byId.get(id)!
    const { functionName, url, lineNumber } = node.callFrame
    if (functionName === '(idle)' || functionName === '(program)') {
      idle += functionName === '(idle)' ? micros : 0
      if (functionName === '(idle)') return
    }
    total += micros
    const area = areaOf(url, functionName)
    selfByArea.set(area, (selfByArea.get(area) ?? 0) + micros)
    const name = `${functionName || '(anonymous)'} ${area}:${lineNumber + 1}`
    selfByFunction.set(name, (selfByFunction.get(name) ?? 0) + micros)
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)!.callFrame
      seen.add(areaOf(frame.url, frame.functionName))
    }
    for (const each of seen) inclusiveByArea.set(each, (inclusiveByArea.get(each) ?? 0) + micros)
  })
  const percent = (micros: number) => `${((micros / total) * 100).toFixed(1).padStart(5)} %`
  console.log(`${path.basename(file)}: ${(total / 1e6).toFixed(1)} s busy, ${(idle / 1e6).toFixed(1)} s idle`)
  console.log('\nby package or file (self, inclusive):')
  for (const [area, micros] of [...selfByArea].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${percent(micros)} ${percent(inclusiveByArea.get(area) ?? 0)}  ${area}`)
  console.log('\nhottest functions (self):')
  for (const [name, micros] of [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${percent(micros)}  ${name}`)
}

const [file, top] = process.argv.slice(2)
if (!file) throw new Error('usage: tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top]')
summarize(file, Number(top ?? 30))
