// Runs the Audit subgraph on its own: `npm run start:audit`.
import { createLogger } from '../../lib/logger'
import { runSubgraph } from '../../lib/subgraph-main'
import { parseRetentionDays } from './retention'
import { createAuditSubgraph, DOMAIN } from './server'

let auditRetentionDays: number
try {
  auditRetentionDays = parseRetentionDays(process.env.AUDIT_RETENTION_DAYS)
} catch (error) {
  createLogger('audit').fatal((error as Error).message)
  process.exit(2)
}
void runSubgraph(DOMAIN, (db, security) => createAuditSubgraph(db, { ...security, auditRetentionDays }))
