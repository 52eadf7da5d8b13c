// Runs the Loans subgraph on its own: `npm run start:loans`.
import { runSubgraph } from '../../lib/subgraph-main'
import { createLoansSubgraph, DOMAIN } from './server'

void runSubgraph(DOMAIN, createLoansSubgraph)
