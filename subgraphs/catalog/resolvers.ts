// Thin resolvers: find products, ask them for their live status, read and run their quality checks.
import type DataLoader from 'dataloader'
import { GraphQLError } from 'graphql'
import { toYaml } from '../../lib/data-contract'
import { ErrorCode, badUserInput } from '../../lib/errors'
import { RULE_DIMENSIONS } from '../../lib/data-product'
import { scalarResolvers } from '../../lib/scalars'
import type { Identity } from '../../rules/identity'
import type { CatalogData, QualityAlert, QualityRunWithResults } from './data'
import type { DataClassification, Resolvers } from './generated/graphql'
import { describedFields, resolveNodeId, traceLineage } from './lineage'
import type { LineageSource } from './lineage-source'
import type { ProductDirectory } from './products'
import type { QualityRunner } from './quality-runner'
import { searchDataProducts } from './search'

export interface CatalogContext {
  identity: Identity | null
  store: CatalogData
  directory: ProductDirectory
  runner: QualityRunner
  lineage: LineageSource
  latestRun: DataLoader<string, QualityRunWithResults | null>
  openAlerts: DataLoader<string, QualityAlert[]>
}

const LEVELS = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED'] as const

// toUpperCase() is typed as any string's; it is this one's in capitals.
const upper = <T extends string>(text: T) => text.toUpperCase() as Uppercase<T>

const MAX_LINEAGE_DEPTH = 10

/** A field's level as its SDL's @classification names it, which the directive's argument holds to the enum. */
const classificationOf = (level: string | null) => level as DataClassification | null

export const downloadPath = (id: string, document: 'descriptor' | 'contract') =>
  `/data-products/${encodeURIComponent(id)}/${document}.yaml`

export const resolvers: Resolvers = {
  ...scalarResolvers,
  Query: {
    dataProducts: async (_root, { filter }, { directory }) => searchDataProducts(await directory.all(), filter),
    dataProduct: (_root, { id }, { directory }) => directory.get(id).then((p) => p ?? null),
    qualityAlerts: (_root, { filter, first }, { store }) => {
      const count = first ?? 20
      if (count < 1 || count > 100) throw badUserInput('first must be between 1 and 100', { argumentName: 'first' })
      return store.alerts(filter ?? {}, count)
    },
    lineage: async (_root, { of, direction, depth, kinds }, { lineage }) => {
      const steps = depth ?? MAX_LINEAGE_DEPTH
      if (steps < 1 || steps > MAX_LINEAGE_DEPTH)
        throw badUserInput(`depth must be between 1 and ${MAX_LINEAGE_DEPTH}`, { argumentName: 'depth' })
      const graph = await lineage.graph()
      const id = resolveNodeId(graph, of)
      if (!id) {
        throw new GraphQLError(
          `The lineage has no node "${of}": give a field coordinate such as "Customer.riskGrade", a product id, a tile name such as "tile:risk-grades", or an id from another lineage answer`,
          { extensions: { code: ErrorCode.NOT_FOUND, argumentName: 'of' } },
        )
      }
      const traced = traceLineage(graph, { of: id, direction: direction ?? 'BOTH', depth: steps, kinds: kinds ?? [] })!
      return { of: { ...traced.root, distance: 0 }, nodes: traced.nodes, edges: traced.edges }
    },
  },
  Mutation: {
    runQualityChecks: async (_root, { productId }, { runner, directory, identity }) => {
      if (productId && !directory.ids().includes(productId)) {
        throw new GraphQLError(
          `No data product has the id ${productId}; the catalog knows ${directory.ids().join(', ')}`,
          { extensions: { code: ErrorCode.NOT_FOUND, argumentName: 'productId' } },
        )
      }
      return runner.run(productId ?? null, 'ON_DEMAND', identity?.subject ?? 'unknown')
    },
  },
  DataProduct: {
    __resolveReference: (reference, { directory }) => directory.get(reference.id).then((p) => p ?? null),
    id: (p) => p.descriptor.id,
    name: (p) => p.descriptor.name,
    domain: (p) => p.descriptor.domain,
    owner: (p) => p.descriptor.owner,
    purpose: (p) => p.descriptor.purpose,
    useCases: (p) => p.descriptor.useCases,
    limitations: (p) => p.descriptor.limitations,
    status: (p) => upper(p.descriptor.status),
    sunsetDate: (p) => (p.descriptor.sunsetDate ? new Date(p.descriptor.sunsetDate) : null),
    version: (p) => p.descriptor.version,
    freshnessObjective: (p) => p.descriptor.freshness.objective,
    serviceLevels: ({ descriptor: { serviceLevel } }) => [
      { property: 'latency', ...serviceLevel.latency },
      { property: 'frequency', ...serviceLevel.frequency },
      { property: 'retention', ...serviceLevel.retention },
      { property: 'availability', value: serviceLevel.availability, unit: 'percent' },
    ],
    outputPorts: (p) => p.odps.outputPorts as { name: string; type: string; description: string }[],
    rootFields: (p) => p.rootFields,
    fields: (p, { classification }) =>
      p.fields
        .filter((f) => !classification || f.level === classification)
        .map((f) => ({
          ...f,
          classification: classificationOf(f.level),
          deprecated: f.deprecation !== null,
          deprecationReason: f.deprecation?.reason ?? null,
          sunsetDate: f.deprecation ? new Date(f.deprecation.sunsetDate) : null,
        })),
    classificationSummary: (p) =>
      LEVELS.map((level) => {
        const atLevel = p.fields.filter((f) => f.level === level)
        return {
          level,
          fields: atLevel.length,
          categories: [...new Set(atLevel.flatMap((f) => (f.category ? [f.category] : [])))].sort(),
        }
      }).filter((c) => c.fields > 0),
    deprecations: (p) => p.descriptor.deprecations.map((d) => ({ ...d, sunsetDate: new Date(d.sunsetDate) })),
    qualityRules: (p) =>
      p.descriptor.quality.map((rule) => ({
        ...rule,
        dimension: RULE_DIMENSIONS[rule.kind],
        references: rule.kind === 'references' ? `${rule.references.product}.${rule.references.entity}` : null,
      })),
    exampleQueries: (p) => p.descriptor.exampleQueries,
    glossary: (p) =>
      (p.descriptor.glossary ?? []).map((entry) => ({
        term: entry.term,
        synonyms: entry.synonyms,
        meaning: entry.meaning,
        filter: `${entry.filter.input}: ${entry.filter.value}`,
        fields: describedFields(p, entry),
      })),
    liveStatus: async (p, _args, { directory }) => {
      const status = await directory.status(p.descriptor.id)
      if ('error' in status)
        return {
          available: false,
          checkedAt: new Date(status.checkedAt),
          lastDataUpdate: null,
          tables: [],
          error: status.error,
        }
      return {
        available: true,
        checkedAt: new Date(status.checkedAt),
        lastDataUpdate: status.lastDataUpdate ? new Date(status.lastDataUpdate) : null,
        tables: status.tables.map((t) => ({ ...t, lastUpdate: t.lastUpdate ? new Date(t.lastUpdate) : null })),
        error: null,
      }
    },
    lastQualityRun: (p, _args, { latestRun }) => latestRun.load(p.descriptor.id),
    openAlerts: (p, _args, { openAlerts }) => openAlerts.load(p.descriptor.id),
    qualityHistory: (p, { first }, { store }) => {
      const count = first ?? 10
      if (count < 1 || count > 100) throw badUserInput('first must be between 1 and 100', { argumentName: 'first' })
      return store.history(p.descriptor.id, count)
    },
    descriptorYaml: (p) => toYaml(p.odps),
    contractYaml: (p) => toYaml(p.odcs),
    descriptorUrl: (p) => downloadPath(p.descriptor.id, 'descriptor'),
    contractUrl: (p) => downloadPath(p.descriptor.id, 'contract'),
  },
  QualityAlert: {
    open: (alert) => alert.resolvedAt === null,
    lastResult: (alert) => ({
      ruleId: alert.ruleId,
      description: alert.description,
      dimension: alert.dimension,
      severity: alert.severity,
      passed: false,
      observed: alert.observed,
      checkedRows: alert.checkedRows,
      message: alert.message,
    }),
  },
}
