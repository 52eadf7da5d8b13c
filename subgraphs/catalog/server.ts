// The Catalog subgraph: the mesh's data products found, described, monitored and quality-checked.
import DataLoader from 'dataloader'
import path from 'node:path'
import { serveDomain, type SubgraphSecurity } from '../../lib/subgraph-server'
import { loadSubgraphTypeDefs } from '../../lib/subgraph-schema'
import { DASHBOARD_TILES } from '../../web/src/dashboard/tiles'
import { createCatalogStore } from './data'
import { dataProduct } from './data-product'
import { createLineageSource } from './lineage-source'
import { createProductDirectory } from './products'
import { createQualityAlerts, type QualityAlertOptions } from './quality-alerts'
import { createQualityRunner, scheduleQualityRuns } from './quality-runner'
import { resolvers } from './resolvers'

export const DOMAIN = 'catalog'
export const typeDefs = loadSubgraphTypeDefs(path.join(__dirname, 'schema.graphql'), dataProduct)

export interface CatalogOptions extends SubgraphSecurity {
  /** Data product id → its subgraph's GraphQL URL: the products the catalog lists and checks. */
  productUrls?: Record<string, string>
  /** Minutes between scheduled quality runs of every product; 0 turns the schedule off. */
  qualityIntervalMinutes?: number
  /** Quality alerts: the webhook (`url`, `secret`, delivery timeout and retries) and the web app's `publicUrl` for links. */
  qualityAlerts?: QualityAlertOptions
  /** The composed schema the lineage reads example queries and dashboard tiles against; default schema/supergraph.graphql. */
  supergraphFile?: string
}

const DEFAULT_SUPERGRAPH_FILE = path.resolve(__dirname, '..', '..', 'schema', 'supergraph.graphql')

export const createCatalogSubgraph = serveDomain({
  name: DOMAIN,
  dataProduct,
  typeDefs,
  resolvers,
  createData: (db, countStatement, options: CatalogOptions) => {
    const store = createCatalogStore(db, countStatement)
    const directory = createProductDirectory(options.productUrls ?? {}, options.internalSecret)
    const alerts = createQualityAlerts(store, options.qualityAlerts)
    const runner = createQualityRunner(directory, store, alerts)
    const lineage = createLineageSource(directory, options.supergraphFile ?? DEFAULT_SUPERGRAPH_FILE, DASHBOARD_TILES)
    const schedule = scheduleQualityRuns(runner, options.qualityIntervalMinutes ?? 0, () => store.lastScheduledRun())
    return {
      store,
      directory,
      runner,
      alerts,
      lineage,
      async disconnect() {
        schedule.stop()
        alerts.close()
        await store.disconnect()
      },
    }
  },
  createContext: (identity, { store, directory, runner, lineage }) => ({
    identity,
    store,
    directory,
    runner,
    lineage,
    latestRun: new DataLoader(async (ids: readonly string[]) => {
      const runs = await store.latestRuns(ids)
      return ids.map((id) => runs.get(id) ?? null)
    }),
    openAlerts: new DataLoader(async (ids: readonly string[]) => {
      const alerts = await store.openAlerts(ids)
      return ids.map((id) => alerts.get(id) ?? [])
    }),
  }),
})
