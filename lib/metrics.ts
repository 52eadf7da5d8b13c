// Prometheus metrics every subgraph exposes at /metrics, including the count of SQL statements it ran,
// so anyone can check that a list of 10 and a list of 500 cost the same number of statements.
import type { ApolloServerPlugin } from '@apollo/server'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export interface SubgraphMetrics {
  registry: Registry
  databaseStatements: Counter<'domain'>
  graphqlOperations: Counter<'domain' | 'operation_type' | 'outcome'>
  /** Subscriptions currently streaming from this replica. */
  subscriptionsActive: Gauge
  plugin: ApolloServerPlugin
  /** Counts one SQL statement; wire it to the Prisma client's query events. */
  countStatement(): void
}

export function createSubgraphMetrics(domain: string): SubgraphMetrics {
  const registry = new Registry()
  registry.setDefaultLabels({ service: domain })
  collectDefaultMetrics({ register: registry })
  const databaseStatements = new Counter({
    name: 'db_statements_total',
    help: "SQL statements sent to this domain's database",
    labelNames: ['domain'] as const,
    registers: [registry],
  })
  const graphqlOperations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations executed by this subgraph',
    labelNames: ['domain', 'operation_type', 'outcome'] as const,
    registers: [registry],
  })
  const subscriptionsActive = new Gauge({
    name: 'graphql_subscriptions_active',
    help: 'GraphQL subscriptions currently streaming from this replica',
    registers: [registry],
  })
  const duration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time to execute a GraphQL operation in this subgraph',
    labelNames: ['domain', 'operation_type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })
  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      const stopTimer = duration.startTimer({ domain })
      return {
        async willSendResponse({ operation, errors }) {
          const operationType = operation?.operation ?? 'unknown'
          stopTimer({ operation_type: operationType })
          graphqlOperations.inc({
            domain,
            operation_type: operationType,
            outcome: errors?.length ? 'error' : 'success',
          })
        },
      }
    },
  }
  return {
    registry,
    databaseStatements,
    graphqlOperations,
    subscriptionsActive,
    plugin,
    countStatement: () => databaseStatements.inc({ domain }),
  }
}
