// The subgraphs every benchmarked gateway talks to, in one process of their own: the customers,
// transactions and loans data products (and risk and marketing for the dashboard load: BENCH_DOMAINS) on in-memory PGlite, seeded with the demo bank; with
// BENCH_UNGOVERNED=1, without their field rules (to measure what authorization costs). Prints one JSON line
// `{"urls": {...}}` once listening; stops on SIGTERM.
import { openDatabase } from '../../lib/database'
import { createFieldCipher, parseDataKey } from '../../lib/field-encryption'
import { loadDemoData, type Domain } from '../../prisma/demo-data/load'
import { SUBGRAPHS } from '../../subgraphs/registry'

export const BENCH_DOMAINS = (process.env.BENCH_DOMAINS ?? 'customers,transactions,loans').split(',') as Domain[]

async function main(): Promise<void> {
  const internalSecret = process.env.MESH_INTERNAL_SECRET!
  const dataEncryptionKey = process.env.DATA_ENCRYPTION_KEY!
  const demo = {
    customers: Number(process.env.BENCH_CUSTOMERS ?? 300),
    seed: 7,
    asOf: new Date('2026-11-25T00:00:00Z'),
  }
  const cipher = createFieldCipher(parseDataKey(dataEncryptionKey))
  const urls: Record<string, string> = {}
  for (const domain of BENCH_DOMAINS) {
    const db = await openDatabase({ domain })
    await db.migrate()
    await loadDemoData(db, domain, demo, cipher)
    const server = await SUBGRAPHS.find((s) => s.name === domain)!.create(db, {
      internalSecret,
      dataEncryptionKey,
      now: () => demo.asOf,
      ungoverned: process.env.BENCH_UNGOVERNED === '1',
    })
    urls[domain] = (await server.listen(0)).url
  }
  console.log(JSON.stringify({ urls }))
  // Nothing here outlives the benchmark: exit at once rather than drain.
  process.once('SIGTERM', () => process.exit(0))
}

void main()
