// Gets a domain's database ready to serve: migrated, and holding the demo bank unless it already has data.
import { openDatabase, type DomainDatabase } from '../../lib/database'
import type { FieldCipher } from '../../lib/field-encryption'
import type { DemoBankOptions } from './generate'
import { hasData, loadDemoData, truncateDomain, type Domain, type LoadProgress } from './load'

export interface PrepareOptions {
  url?: string
  dataDir?: string
  demo: DemoBankOptions
  /** Encrypts restricted columns as they are loaded. */
  cipher: FieldCipher
  /** Empty the domain's tables first and load the demo bank again. */
  reset?: boolean
  progress?: LoadProgress
}

export interface PreparedDomain {
  domain: Domain
  db: DomainDatabase
  migrationsApplied: string[]
  /** Rows loaded per table; empty when the database already had data. */
  loaded: Record<string, number>
}

export async function prepareDomain(domain: Domain, options: PrepareOptions): Promise<PreparedDomain> {
  const db = await openDatabase({ domain, url: options.url, dataDir: options.dataDir })
  try {
    const migrationsApplied = await db.migrate()
    if (options.reset) await truncateDomain(db, domain)
    const loaded =
      options.reset || !(await hasData(db, domain))
        ? await loadDemoData(db, domain, options.demo, options.cipher, options.progress)
        : {}
    return { domain, db, migrationsApplied, loaded }
  } catch (error) {
    await db.close()
    throw error
  }
}
