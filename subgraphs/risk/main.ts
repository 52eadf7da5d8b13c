// Runs the Risk subgraph on its own: `npm run start:risk`.
import { runSubgraph } from '../../lib/subgraph-main'
import { createRiskSubgraph, DOMAIN } from './server'

void runSubgraph(DOMAIN, createRiskSubgraph)
