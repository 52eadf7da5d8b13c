// Starts one domain subgraph as its own process: reads its config, opens and migrates its database, listens.
import { z } from 'zod'
import path from 'node:path'
import { databaseUrlVariable, openDatabase, type DomainDatabase } from './database'
import { loadSecrets } from './secrets'
import type { SubgraphSecurity, SubgraphServer } from './subgraph-server'
import { createLogger } from './logger'
import { startTracing, stopTracing } from './tracing'

export const DEFAULT_SUBGRAPH_PORTS: Record<string, number> = {
  customers: 4001,
  transactions: 4002,
  loans: 4003,
  risk: 4004,
  marketing: 4005,
  audit: 4006,
  catalog: 4007,
}

/** Where the embedded (PGlite) database of a domain lives unless DATA_DIR says otherwise. */
export function embeddedDataDir(
  domain: string,
  root = process.env.DATA_DIR ?? path.resolve(__dirname, '..', '.data'),
): string {
  return path.join(root, domain)
}

export async function runSubgraph(
  domain: string,
  create: (db: DomainDatabase, security: SubgraphSecurity) => Promise<SubgraphServer>,
): Promise<void> {
  const log = createLogger(domain)
  startTracing(domain)
  const urlVariable = databaseUrlVariable(domain)
  const portVariable = `${domain.toUpperCase()}_PORT`
  const config = z
    .object({
      [portVariable]: z.coerce
        .number()
        .int()
        .min(0)
        .max(65535)
        .default(DEFAULT_SUBGRAPH_PORTS[domain] ?? 0),
      [urlVariable]: z.string().url().optional(),
      HOST: z.string().default('127.0.0.1'),
    })
    .safeParse(process.env)
  if (!config.success) {
    for (const issue of config.error.issues) log.fatal(`Invalid ${issue.path.join('.')}: ${issue.message}`)
    process.exit(2)
  }
  const env = config.data as Record<string, string | number | undefined>
  const url = env[urlVariable] as string | undefined
  const db = await openDatabase({ domain, url, dataDir: url ? undefined : embeddedDataDir(domain) })
  const applied = await db.migrate()
  if (applied.length) log.info({ migrations: applied }, `${domain}: applied migrations ${applied.join(', ')}`)
  const { internalSecret, dataEncryptionKey } = loadSecrets()
  const auditUrl = process.env.AUDIT_URL ?? `http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS.audit}/graphql`
  const server = await create(db, { internalSecret, dataEncryptionKey, auditUrl })
  const { url: listenUrl } = await server.listen(env[portVariable] as number, env.HOST as string)
  log.info(
    { url: listenUrl, database: db.kind },
    `${domain} subgraph ready at ${listenUrl} (${db.kind}${url ? '' : ' embedded'})`,
  )
  const shutdown = () =>
    void server
      .stop()
      .then(stopTracing)
      .finally(() => process.exit(0))
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}
