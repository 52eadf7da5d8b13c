// Runs the Audit subgraph on its own: `npm run start:audit`.
import { runSubgraph } from '../../lib/subgraph-main'
import { createAuditSubgraph, DOMAIN } from './server'

void runSubgraph(DOMAIN, createAuditSubgraph)
