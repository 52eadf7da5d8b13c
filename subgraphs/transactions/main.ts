// Runs the Transactions subgraph on its own: `npm run start:transactions`.
import { runSubgraph } from '../../lib/subgraph-main'
import { createTransactionsSubgraph, DOMAIN } from './server'

void runSubgraph(DOMAIN, createTransactionsSubgraph)
