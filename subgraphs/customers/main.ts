// Runs the Customers subgraph on its own: `npm run start:customers`.
import { runSubgraph } from '../../lib/subgraph-main'
import { createCustomersSubgraph, DOMAIN } from './server'

void runSubgraph(DOMAIN, createCustomersSubgraph)
