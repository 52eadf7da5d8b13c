// `npm run compose`: writes each subgraph's SDL and the composed supergraph into schema/, the TypeScript types
// of each subgraph's resolvers, generated from its SDL, into subgraphs/<name>/generated/, and those of the web
// app's operations, generated from the composed API, into web/src/generated/.
// `npm run compose -- --check` fails when the committed files drift from the subgraphs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Supergraph } from '@apollo/federation-internals'
import { parse, type DocumentNode, type OperationDefinitionNode } from 'graphql'
import {
  composeMesh,
  generateOperationTypes,
  generateResolverTypes,
  type ResolverTypesConfig,
} from '../lib/composition'
import { appDocuments } from '../web/src/operations'
import { SUBGRAPHS } from '../subgraphs/registry'
import { defaultSubgraphUrls } from '../gateway/config'

const ROOT = path.resolve(__dirname, '..')
const SCHEMA_DIR = path.join(ROOT, 'schema')

export function composeCommittedMesh() {
  const urls = defaultSubgraphUrls()
  return composeMesh(SUBGRAPHS.map((s) => ({ name: s.name, url: urls[s.name]!, typeDefs: s.typeDefs() })))
}

export function schemaFiles(): Record<string, string> {
  const mesh = composeCommittedMesh()
  return {
    ...Object.fromEntries(Object.entries(mesh.subgraphSdl).map(([name, sdl]) => [`${name}.graphql`, sdl])),
    'supergraph.graphql': mesh.supergraphSdl,
  }
}

const CONNECTION = "import type { Connection, Edge } from '../../../lib/connection'"
/** An entity another product owns, as this one's resolvers hold it: its key. */
const ENTITY_KEY = '{ id: string }'

/**
 * Each subgraph's resolver context and, where its resolvers hand on rows rather than the GraphQL shapes, the
 * row types (paths relative to subgraphs/<name>/generated/).
 */
const RESOLVER_TYPES: Record<string, ResolverTypesConfig> = {
  customers: {
    contextType: '../resolvers#CustomersContext',
    imports: [CONNECTION, "import type { Customer as CustomerRow } from '../data'"],
    mappers: {
      Customer: 'CustomerRow',
      CustomerConnection: 'Connection<CustomerRow>',
      CustomerEdge: 'Edge<CustomerRow>',
    },
  },
  transactions: {
    contextType: '../resolvers#TransactionsContext',
    imports: [
      CONNECTION,
      "import type { Account as AccountRow, Transaction as TransactionRow, TransactionChange as TransactionChangeRow, TransactionSummary as TransactionSummaryRow } from '../data'",
      "import type { BehaviourPattern as BehaviourPatternRow } from '../behaviour/patterns'",
      "import type { BehaviourProfile } from '../behaviour/profiles'",
    ],
    mappers: {
      Customer: ENTITY_KEY,
      CustomerBehaviour: "BehaviourProfile['behaviour']",
      BehaviourPattern: 'BehaviourPatternRow',
      Account: 'AccountRow',
      Transaction: 'TransactionRow',
      TransactionChange: 'TransactionChangeRow',
      TransactionSummary: 'TransactionSummaryRow',
      TransactionConnection: 'Connection<TransactionRow>',
      TransactionEdge: 'Edge<TransactionRow>',
    },
  },
  loans: {
    contextType: '../resolvers#LoansContext',
    imports: [CONNECTION, "import type { Loan as LoanRow, LoanApplication as LoanApplicationRow } from '../data'"],
    mappers: {
      Customer: ENTITY_KEY,
      Loan: 'LoanRow',
      LoanApplication: 'LoanApplicationRow',
      LoanConnection: 'Connection<LoanRow>',
      LoanEdge: 'Edge<LoanRow>',
      LoanApplicationConnection: 'Connection<LoanApplicationRow>',
      LoanApplicationEdge: 'Edge<LoanApplicationRow>',
    },
  },
  risk: {
    contextType: '../resolvers#RiskContext',
    imports: [CONNECTION, "import type { RiskAssessment as RiskAssessmentRow } from '../data'"],
    mappers: {
      Customer: ENTITY_KEY,
      LoanApplication: ENTITY_KEY,
      RiskAssessment: 'RiskAssessmentRow',
      RiskAssessmentConnection: 'Connection<RiskAssessmentRow>',
      RiskAssessmentEdge: 'Edge<RiskAssessmentRow>',
    },
  },
  marketing: {
    contextType: '../resolvers#MarketingContext',
    imports: [
      CONNECTION,
      "import type { Campaign as CampaignRow, CustomerAcquisition as CustomerAcquisitionRow } from '../data'",
      "import type { topCampaigns } from '../acquisition'",
    ],
    mappers: {
      Customer: ENTITY_KEY,
      Campaign: 'CampaignRow',
      CampaignAcquisitionRank: 'Awaited<ReturnType<typeof topCampaigns>>[number]',
      CustomerAcquisition: 'CustomerAcquisitionRow',
      CampaignConnection: 'Connection<CampaignRow>',
      CampaignEdge: 'Edge<CampaignRow>',
    },
  },
  audit: {
    contextType: '../resolvers#AuditContext',
    imports: [
      CONNECTION,
      "import type { AccessDenial as AccessDenialRow, RestrictedAccess as RestrictedAccessRow } from '../data'",
    ],
    mappers: {
      AccessDenialConnection: 'Connection<AccessDenialRow>',
      AccessDenialEdge: 'Edge<AccessDenialRow>',
      RestrictedAccessConnection: 'Connection<RestrictedAccessRow>',
      RestrictedAccessEdge: 'Edge<RestrictedAccessRow>',
    },
  },
  catalog: {
    contextType: '../resolvers#CatalogContext',
    imports: [
      "import type { PublishedDataProduct } from '../../../lib/data-product-routes'",
      "import type { QualityAlert as QualityAlertRow } from '../data'",
    ],
    mappers: { DataProduct: 'PublishedDataProduct', QualityAlert: 'QualityAlertRow' },
  },
}

/** Where a subgraph's generated resolver types live, relative to the project. */
export const resolverTypesFile = (name: string) => path.join('subgraphs', name, 'generated', 'graphql.ts')

/** Each subgraph's resolver types as generated from its SDL now, by their path relative to the project. */
export async function resolverTypeFiles(): Promise<Record<string, string>> {
  const files = await Promise.all(
    SUBGRAPHS.map(async (s) => [
      resolverTypesFile(s.name),
      await generateResolverTypes(s.typeDefs(), RESOLVER_TYPES[s.name]!),
    ]),
  )
  return Object.fromEntries(files)
}

/** Where the web app's operation types live, relative to the project. */
export const OPERATION_TYPES_FILE = path.join('web', 'src', 'generated', 'operations.ts')

/**
 * The documents the operation types are made from: each operation the app sends, once by name. An operation
 * built from choices (a chart's number of buckets, a breakdown's dimension and measure) is one name for many
 * documents; its first stands for them (the app types the rest by their shape, and a test validates them all).
 */
export function typedAppDocuments(documents = appDocuments()): DocumentNode[] {
  const byName = new Map<string, DocumentNode>()
  for (const text of documents) {
    const document = parse(text)
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')
    const name = operation?.name?.value
    if (!name) throw new Error(`Every operation of the web app has a name; this one has none:\n${text}`)
    if (!byName.has(name)) byName.set(name, document)
  }
  return [...byName.values()]
}

/** The web app's operation types as generated from its operations and the committed supergraph's API now. */
export async function operationTypeFiles(supergraphSdl = composeCommittedMesh().supergraphSdl) {
  const apiSchema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema()
  return { [OPERATION_TYPES_FILE]: await generateOperationTypes(apiSchema, typedAppDocuments()) }
}

/** Every file `npm run compose` writes, by its path relative to the project. */
async function composedFiles(): Promise<Record<string, string>> {
  const files = schemaFiles()
  const schemas = Object.entries(files).map(([file, content]) => [
    path.relative(ROOT, path.join(SCHEMA_DIR, file)),
    content,
  ])
  return {
    ...Object.fromEntries(schemas),
    ...(await resolverTypeFiles()),
    ...(await operationTypeFiles(files['supergraph.graphql'])),
  }
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check')
  const drifted: string[] = []
  for (const [file, content] of Object.entries(await composedFiles())) {
    const target = path.join(ROOT, file)
    if (readIfPresent(target) === content) continue
    drifted.push(file)
    if (check) continue
    mkdirSync(path.dirname(target), { recursive: true })
    writeFileSync(target, content)
  }
  if (check && drifted.length) {
    console.error(
      `These files have drifted from the subgraphs: ${drifted.join(', ')}. Run \`npm run compose\` and commit the result.`,
    )
    process.exit(1)
  }
  console.log(
    drifted.length
      ? `${check ? 'drifted' : 'wrote'}: ${drifted.join(', ')}`
      : 'schema/ and the generated resolver and operation types match the subgraphs',
  )
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
