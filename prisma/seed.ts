// `npm run seed -- [--customers N] [--seed S] [--as-of YYYY-MM-DD] [--reset] [--domains customers,loans]`
// Loads the deterministic demo bank into every domain's own database (PostgreSQL where
// <DOMAIN>_DATABASE_URL is set, the embedded PGlite under .data/ otherwise).
import { MultiBar, Presets } from 'cli-progress'
import { parseArgs } from 'node:util'
import { databaseUrlVariable } from '../lib/database'
import { embeddedDataDir } from '../lib/subgraph-main'
import { createFieldCipher, parseDataKey } from '../lib/field-encryption'
import { loadSecrets } from '../lib/secrets'
import { DEFAULT_CUSTOMERS, DEFAULT_SEED, type DemoBankOptions } from './demo-data/generate'
import { DOMAINS, type Domain } from './demo-data/load'
import { prepareDomain } from './demo-data/prepare'

export function parseDemoOptions(args: string[]): { demo: DemoBankOptions; reset: boolean; domains: Domain[] } {
  const { values } = parseArgs({
    args,
    options: {
      customers: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
      reset: { type: 'boolean', default: false },
      domains: { type: 'string' },
    },
  })
  const customers = Number(values.customers ?? DEFAULT_CUSTOMERS)
  const seed = Number(values.seed ?? DEFAULT_SEED)
  if (!Number.isInteger(customers) || customers < 1 || customers > 10_000_000)
    throw new Error(`--customers must be a whole number from 1 to 10000000; got ${values.customers}`)
  if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number; got ${values.seed}`)
  const asOf = values['as-of'] ? new Date(`${values['as-of']}T00:00:00.000Z`) : startOfTodayUtc()
  if (Number.isNaN(asOf.getTime())) throw new Error(`--as-of must be a date such as 2026-11-25; got ${values['as-of']}`)
  const domains = (values.domains ? values.domains.split(',') : [...DOMAINS]) as Domain[]
  const unknown = domains.filter((d) => !DOMAINS.includes(d))
  if (unknown.length)
    throw new Error(`--domains: unknown domain ${unknown.join(', ')}; choose from ${DOMAINS.join(', ')}`)
  return { demo: { customers, seed, asOf }, reset: values.reset ?? false, domains }
}

export function startOfTodayUtc(): Date {
  const now = new Date()
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
}

/** Prepares the given domains one after another, with a progress bar when the load is long. */
export async function seedDomains(domains: Domain[], demo: DemoBankOptions, reset: boolean): Promise<void> {
  const bars =
    demo.customers >= 5000 && process.stderr.isTTY
      ? new MultiBar(
          { format: '{domain} {table} [{bar}] {percentage}% | {value}/{total} customers', hideCursor: true },
          Presets.shades_classic,
        )
      : undefined
  const started = Date.now()
  const cipher = createFieldCipher(parseDataKey(loadSecrets().dataEncryptionKey))
  for (const domain of domains) {
    const url = process.env[databaseUrlVariable(domain)]
    const barByTable = new Map<string, ReturnType<MultiBar['create']>>()
    const tableStarted = Date.now()
    const prepared = await prepareDomain(domain, {
      url,
      dataDir: url ? undefined : embeddedDataDir(domain),
      demo,
      reset,
      cipher,
      progress: (d, table, done, total) => {
        if (!bars) return
        let bar = barByTable.get(table)
        if (!bar) barByTable.set(table, (bar = bars.create(total, 0, { domain: d, table })))
        bar.update(done)
      },
    })
    await prepared.db.close()
    const loaded = Object.entries(prepared.loaded)
    const where = url ? 'PostgreSQL' : `embedded PGlite (${embeddedDataDir(domain)})`
    const seconds = ((Date.now() - tableStarted) / 1000).toFixed(1)
    console.log(
      loaded.length
        ? `${domain}: loaded ${loaded.map(([table, rows]) => `${rows} ${table}`).join(', ')} into ${where} in ${seconds} s`
        : `${domain}: kept the data already in ${where} (--reset reloads it)`,
    )
  }
  bars?.stop()
  console.log(
    `demo bank: ${demo.customers} customers, seed ${demo.seed}, as of ${demo.asOf.toISOString().slice(0, 10)}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
  )
}

if (require.main === module) {
  try {
    const { demo, reset, domains } = parseDemoOptions(process.argv.slice(2))
    seedDomains(domains, demo, reset).catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    })
  } catch (error) {
    console.error((error as Error).message)
    process.exit(2)
  }
}
