// The agent's tools: find data products, find and read the part of the schema a question needs, check an
// operation, and run it as the asker. Every run is recorded, so the answer can show the GraphQL it ran,
// the data it got and what was denied.
import { Kind, parse } from 'graphql'
import { tool } from 'langchain'
import { z } from 'zod'
import type { GraphQLExecutor, GraphQLResult } from './executor'
import type { SchemaIndex } from './schema-index'

export interface Denial {
  field: string
  reason: string
}

export interface ExecutedOperation {
  query: string
  variables?: Record<string, unknown>
  data: Record<string, unknown> | null
  denials: Denial[]
  /** The data products that answered its root fields. */
  products: string[]
}

export interface ToolTrace {
  operations: ExecutedOperation[]
  /** Operations refused before running because they did not validate. */
  invalidAttempts: number
}

export const TOOL_NAMES = {
  searchProducts: 'search_data_products',
  searchSchema: 'search_schema',
  getSchema: 'get_schema',
  validate: 'validate_graphql',
  run: 'run_graphql',
} as const

const CATALOG_QUERY = `query CatalogSearch($text: String) {
  dataProducts(filter: { text: $text }) { id name domain purpose owner { team contact } status rootFields { name description } exampleQueries { title query } }
}`
const PRODUCT_OWNERS_QUERY = '{ dataProducts { name rootFields { name } } }'

export interface MeshToolsOptions {
  index: SchemaIndex
  execute: GraphQLExecutor
  /** How many invalid operations the model may send before the tools refuse to try more. */
  maxInvalidAttempts?: number
}

export function denialsOf(result: GraphQLResult): Denial[] {
  return (result.errors ?? [])
    .filter((e) => e.extensions?.code === 'FORBIDDEN')
    .map((e) => ({
      field: String(e.extensions?.field ?? e.path?.join('.') ?? 'unknown'),
      reason: String(e.extensions?.reason ?? e.message),
    }))
}

/** The root fields an operation selects (it has passed validation, so it parses). */
function rootFieldNames(query: string): string[] {
  return parse(query).definitions.flatMap((definition) =>
    definition.kind === Kind.OPERATION_DEFINITION
      ? definition.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []))
      : [],
  )
}

export function createMeshTools(options: MeshToolsOptions) {
  const { index, execute } = options
  const maxInvalid = options.maxInvalidAttempts ?? 3
  const trace: ToolTrace = { operations: [], invalidAttempts: 0 }
  let owners: Map<string, string> | undefined

  async function productsAnswering(query: string): Promise<string[]> {
    if (!owners) {
      const result = await execute(PRODUCT_OWNERS_QUERY)
      const products = (result.data?.dataProducts ?? []) as { name: string; rootFields: { name: string }[] }[]
      owners = new Map(products.flatMap((p) => p.rootFields.map((f) => [f.name, p.name] as const)))
    }
    return [...new Set(rootFieldNames(query).flatMap((name) => (owners!.has(name) ? [owners!.get(name)!] : [])))]
  }

  function refuseInvalid(query: string): string | undefined {
    const problems = index.validate(query)
    if (problems.length === 0) return undefined
    trace.invalidAttempts++
    if (trace.invalidAttempts > maxInvalid)
      return `The operation is still not valid after ${maxInvalid} attempts; stop and tell the user the question could not be turned into a valid query. Errors: ${problems.join(' | ')}`
    return `The operation is not valid against the schema; fix it and try again. Errors: ${problems.join(' | ')}`
  }

  const searchProducts = tool(
    async ({ text }) => {
      const result = await execute(CATALOG_QUERY, { text })
      if (!result.data)
        return JSON.stringify({ errors: (result.errors ?? []).map((e) => e.message), denials: denialsOf(result) })
      return JSON.stringify(result.data.dataProducts)
    },
    {
      name: TOOL_NAMES.searchProducts,
      description:
        'Searches the data product catalog by words (such as "customer transactions"). Returns each matching product with its purpose, owner, root fields and example queries. Use it for questions about what data exists.',
      schema: z.object({ text: z.string().describe('Words describing the data wanted') }),
    },
  )

  const searchSchema = tool(async ({ text }) => JSON.stringify(index.searchRootFields(text, 8)), {
    name: TOOL_NAMES.searchSchema,
    description:
      'Finds the root fields of the composed GraphQL schema that match the words of a question, best first, with their descriptions and return types.',
    schema: z.object({ text: z.string().describe('The question, or words from it') }),
  })

  const getSchema = tool(async ({ rootFields }) => index.slice(rootFields), {
    name: TOOL_NAMES.getSchema,
    description:
      'Returns the SDL of the given root fields and of every type, input and enum they use: what an operation on them may select and filter by.',
    schema: z.object({
      rootFields: z.array(z.string()).min(1).max(8).describe('Root field names such as ["transactionSummary"]'),
    }),
  })

  const validateOperation = tool(async ({ query }) => refuseInvalid(query) ?? 'valid', {
    name: TOOL_NAMES.validate,
    description:
      'Checks a GraphQL operation against the composed schema without running it. Answers "valid" or the errors to fix.',
    schema: z.object({ query: z.string() }),
  })

  const runOperation = tool(
    async ({ query, variables }) => {
      const invalid = refuseInvalid(query)
      if (invalid) return invalid
      const result = await execute(query, variables ?? undefined)
      const denials = denialsOf(result)
      const products = await productsAnswering(query)
      trace.operations.push({ query, variables: variables ?? undefined, data: result.data ?? null, denials, products })
      const otherErrors = (result.errors ?? [])
        .filter((e) => e.extensions?.code !== 'FORBIDDEN')
        .map((e) => ({ message: e.message, code: e.extensions?.code }))
      return JSON.stringify({ data: result.data ?? null, denials, errors: otherErrors, answeredBy: products })
    },
    {
      name: TOOL_NAMES.run,
      description:
        'Runs a GraphQL query through the mesh gateway as the user who asked, on the chat channel. Returns the data, the fields the user may not read (denials, with the reason) and the data products that answered.',
      schema: z.object({ query: z.string(), variables: z.record(z.string(), z.unknown()).nullish() }),
    },
  )

  return { tools: [searchProducts, searchSchema, getSchema, validateOperation, runOperation], trace }
}
