// Runs the Marketing subgraph on its own: `npm run start:marketing`.
import { runSubgraph } from '../../lib/subgraph-main'
import { createMarketingSubgraph, DOMAIN } from './server'

void runSubgraph(DOMAIN, createMarketingSubgraph)
