// Exports any list a caller may read as CSV or JSON Lines: `POST /graphql` with `Accept: text/csv` (or
// `application/x-ndjson`), or `POST /export` with { query, variables, format }. The operation runs through
// the gateway's own server under the caller's identity, so authorization, limits and the audit trail are
// those of any query. A connection is paged through and written a page at a time, waiting for the client
// to take each one, so a million rows never sit in memory.
import type { ApolloServer } from '@apollo/server'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import {
  Kind,
  parse,
  print,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql'
import { ErrorCode } from '../../lib/errors'
import { createLogger } from '../../lib/logger'
import type { Identity } from '../../rules/identity'
import { callerOf } from '../core/authentication'
import { httpStatusOf, sendError } from '../core/http-errors'
import type { CallerRateLimits } from '../core/rate-limits'
import {
  columnsOf,
  csvLine,
  deniedColumn,
  findConnections,
  findLists,
  listFieldsOf,
  valueAt,
  withoutColumns,
  type ExportFormat,
  type ExportTarget,
} from './export-rows'

/** Rows asked of a connection per page unless configured otherwise: the most a connection gives at once. */
export const DEFAULT_EXPORT_PAGE_SIZE = 1000
const MIN_PAGE_SIZE = 50
const PAGE_INFO_ALIAS = '__exportPageInfo'
const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
}
// Ordinary GraphQL JSON first, so that it wins a tie and only a client preferring a file gets one.
const ACCEPTED_TYPES = ['application/json', 'application/graphql-response+json', 'text/csv', 'application/x-ndjson']
const FORMAT_OF_TYPE: Partial<Record<string, ExportFormat>> = { 'text/csv': 'csv', 'application/x-ndjson': 'jsonl' }

class ExportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** The export format the request's Accept header prefers to GraphQL JSON, or null for ordinary JSON. */
function exportFormatOf(req: Request): ExportFormat | null {
  const best = req.accepts(ACCEPTED_TYPES)
  return best ? (FORMAT_OF_TYPE[best] ?? null) : null
}

type Apollo = ApolloServer<{ identity: Identity }>
type Page = { data: Record<string, unknown> | null; errors: readonly GraphQLFormattedError[] }

function intArgument(field: FieldNode, name: string, variables: Record<string, unknown>): number | null {
  const value = field.arguments?.find((a) => a.name.value === name)?.value
  if (value?.kind === Kind.INT) return Number(value.value)
  if (value?.kind === Kind.VARIABLE && typeof variables[value.name.value] === 'number')
    return variables[value.name.value] as number
  return null
}

function withArguments(field: FieldNode, values: Record<string, ValueNode>): FieldNode {
  const kept = (field.arguments ?? []).filter((a) => !(a.name.value in values))
  const added: ArgumentNode[] = Object.entries(values).map(([name, value]) => ({
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: name },
    value,
  }))
  const pageInfo: FieldNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: PAGE_INFO_ALIAS },
    name: { kind: Kind.NAME, value: 'pageInfo' },
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: ['hasNextPage', 'endCursor'].map((name) => ({
        kind: Kind.FIELD,
        name: { kind: Kind.NAME, value: name },
      })),
    },
  }
  return {
    ...field,
    arguments: [...kept, ...added],
    selectionSet: { ...field.selectionSet!, selections: [...field.selectionSet!.selections, pageInfo] },
  }
}

/**
 * The operation asking the connection for one page: `first` and `after` set as variables where the caller
 * used variables, else as literals, and the page info selected.
 */
function pageRequest(
  document: DocumentNode,
  connection: FieldNode,
  variables: Record<string, unknown>,
  first: number,
  after: string | null,
): { document: DocumentNode; variables: Record<string, unknown> } {
  const pageVariables = { ...variables }
  const literals: Record<string, ValueNode> = {}
  const set = (name: string, value: number | string | null, literal: ValueNode) => {
    const argument = connection.arguments?.find((a) => a.name.value === name)?.value
    if (argument?.kind === Kind.VARIABLE) pageVariables[argument.name.value] = value
    else literals[name] = literal
  }
  set('first', first, { kind: Kind.INT, value: String(first) })
  set('after', after, after === null ? { kind: Kind.NULL } : { kind: Kind.STRING, value: after })
  const replace = (node: unknown): unknown => {
    if (node === connection) return withArguments(connection, literals)
    if (Array.isArray(node)) return node.map(replace)
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'loc' ? undefined : replace(v)]))
    return node
  }
  return { document: replace(document) as DocumentNode, variables: pageVariables }
}

function firstError(errors: readonly GraphQLFormattedError[]): ExportError {
  const error = errors[0]!
  const code = String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR)
  return new ExportError(httpStatusOf(code), code, error.message)
}

async function execute(
  apollo: Apollo,
  identity: Identity,
  query: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
): Promise<Page> {
  const response = await apollo.executeOperation(
    { query: print(query), variables, operationName },
    { contextValue: { identity } },
  )
  if (response.body.kind !== 'single')
    throw new ExportError(400, ErrorCode.BAD_USER_INPUT, 'Incremental delivery cannot be exported')
  return {
    data: (response.body.singleResult.data ?? null) as Record<string, unknown> | null,
    errors: response.body.singleResult.errors ?? [],
  }
}

/** The one plain list in a result; without one, the result's errors explain why before "no list" does. */
function plainListOf(page: Page, operation: OperationDefinitionNode): ExportTarget {
  const lists = findLists(page.data, operation)
  if (lists.length === 1) return lists[0]!
  if (lists.length > 1)
    throw new ExportError(
      400,
      ErrorCode.BAD_USER_INPUT,
      `The operation selects ${lists.length} lists; export one at a time`,
    )
  if (page.errors.length) throw firstError(page.errors)
  throw new ExportError(
    400,
    ErrorCode.BAD_USER_INPUT,
    'The operation selects no list to export: select a connection (edges { node { … } }) or a list of objects',
  )
}

function atPath(data: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
    data,
  )
}

/** Waits until the client took what was written, or went away (then false). */
function drained(res: Response): Promise<boolean> {
  if (res.destroyed) return Promise.resolve(false)
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain)
      res.off('close', onClose)
      resolve(ok)
    }
    const onDrain = done(true)
    const onClose = done(false)
    res.once('drain', onDrain)
    res.once('close', onClose)
  })
}

interface ExportRequest {
  query: string
  variables: Record<string, unknown>
  operationName?: string
  format: ExportFormat
}

function readRequest(body: unknown, format: ExportFormat | null): ExportRequest {
  const input = (body ?? {}) as { query?: unknown; variables?: unknown; operationName?: unknown; format?: unknown }
  const chosen = format ?? input.format
  if (chosen !== 'csv' && chosen !== 'jsonl')
    throw new ExportError(400, ErrorCode.BAD_USER_INPUT, 'format must be "csv" or "jsonl"')
  if (typeof input.query !== 'string' || !input.query.trim())
    throw new ExportError(400, ErrorCode.BAD_USER_INPUT, 'Give the operation to export as "query"')
  if (input.variables !== undefined && input.variables !== null && typeof input.variables !== 'object')
    throw new ExportError(400, ErrorCode.BAD_USER_INPUT, '"variables" must be an object')
  return {
    query: input.query,
    variables: (input.variables ?? {}) as Record<string, unknown>,
    operationName: typeof input.operationName === 'string' ? input.operationName : undefined,
    format: chosen,
  }
}

function operationOf(document: DocumentNode, operationName: string | undefined): OperationDefinitionNode {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined
  if (!operation)
    throw new ExportError(
      400,
      ErrorCode.BAD_USER_INPUT,
      operationName
        ? `No operation is named ${operationName}`
        : 'Give exactly one operation, or name one with operationName',
    )
  if (operation.operation !== 'query')
    throw new ExportError(400, ErrorCode.BAD_USER_INPUT, 'Only queries can be exported')
  return operation
}

class RowWriter {
  private readonly columns: string[]
  /** Each column's keys, split once rather than for every row. */
  private readonly paths: string[][]
  constructor(
    private readonly res: Response,
    private readonly format: ExportFormat,
    target: ExportTarget,
    lists: ReadonlySet<FieldNode>,
    private readonly denied: Set<string>,
  ) {
    this.columns = columnsOf(target.rowSelection, lists).filter(
      (c) => !denied.has(c) && ![...denied].some((d) => c.startsWith(`${d}.`)),
    )
    this.paths = this.columns.map((c) => c.split('.'))
  }

  start(): boolean {
    return this.format === 'csv' ? this.res.write(csvLine(this.columns)) : true
  }

  /** Writes rows; false when the client's buffer is full. */
  write(rows: unknown[]): boolean {
    const text = rows
      .map((row) => withoutColumns(row, this.denied))
      .map((row) =>
        this.format === 'csv' ? csvLine(this.paths.map((path) => valueAt(row, path))) : `${JSON.stringify(row)}\n`,
      )
      .join('')
    return text ? this.res.write(text) : true
  }
}

export interface ListExportOptions {
  /** Rows asked of a connection per page (default DEFAULT_EXPORT_PAGE_SIZE); a page over the gateway's cost limit is still halved. */
  pageSize?: number
  /** Counts each export against the caller's export budget. */
  rateLimits?: CallerRateLimits
}

/**
 * `apiSchema` gives the API schema of the supergraph served now (parsed once per supergraph, core/supergraph.ts):
 * from it an export knows which fields are lists (one CSV column each). Without it, lists inside rows are
 * taken for objects. Both routes read the caller the gateway's
 * authentication middleware (core/authentication.ts) verified, so they are mounted after it.
 */
export function createListExport(apollo: Apollo, apiSchema?: () => GraphQLSchema, options: ListExportOptions = {}) {
  const maxPageSize = options.pageSize ?? DEFAULT_EXPORT_PAGE_SIZE
  if (!Number.isInteger(maxPageSize) || maxPageSize < 1)
    throw new Error(`The export page size must be a whole number of rows from 1, got ${maxPageSize}`)

  async function run(req: Request, res: Response, format: ExportFormat | null): Promise<void> {
    const { identity, refusal } = callerOf(req)
    if (!identity) throw new ExportError(401, ErrorCode.UNAUTHENTICATED, refusal.message)
    if (options.rateLimits && !(await options.rateLimits.admitRequest('export', identity, req, res))) return
    const request = readRequest(req.body, format)
    let document: DocumentNode
    try {
      document = parse(request.query)
    } catch (error) {
      throw new ExportError(400, 'GRAPHQL_PARSE_FAILED', (error as Error).message)
    }
    const operation = operationOf(document, request.operationName)
    const connections = findConnections(operation)
    if (connections.length > 1)
      throw new ExportError(
        400,
        ErrorCode.BAD_USER_INPUT,
        `The operation selects ${connections.length} lists (${connections.map((c) => c.path.join('.')).join(', ')}); export one at a time`,
      )

    const connection = connections[0]
    const limit = connection ? intArgument(connection.connection!, 'first', request.variables) : null
    let pageSize = Math.min(maxPageSize, limit ?? maxPageSize)
    const fetchPage = async (after: string | null): Promise<Page> => {
      for (;;) {
        const paged = connection
          ? pageRequest(document, connection.connection!, request.variables, pageSize, after)
          : { document, variables: request.variables }
        const page = await execute(apollo, identity, paged.document, paged.variables, request.operationName)
        // A page too costly for the gateway's limits is asked for again in smaller pages.
        if (
          page.errors.some((e) => e.extensions?.code === ErrorCode.LIMIT_EXCEEDED) &&
          connection &&
          pageSize > MIN_PAGE_SIZE
        ) {
          pageSize = Math.max(MIN_PAGE_SIZE, Math.floor(pageSize / 2))
          continue
        }
        return page
      }
    }

    const first = await fetchPage(null)
    const target = connection ?? plainListOf(first, operation)
    const denied = new Set(
      first.errors
        .flatMap((e) => (e.extensions?.code === ErrorCode.FORBIDDEN && e.path ? [deniedColumn(e.path, target)] : []))
        .filter((c): c is string => c !== null),
    )
    const otherErrors = first.errors.filter(
      (e) => !(e.extensions?.code === ErrorCode.FORBIDDEN && e.path && deniedColumn(e.path, target) !== null),
    )
    // Any error but a denial inside the rows would leave holes in the file: answer it instead.
    if (otherErrors.length) throw firstError(otherErrors)
    const list = atPath(first.data, target.path)
    if (list === null || list === undefined)
      throw new ExportError(404, ErrorCode.NOT_FOUND, `Nothing to export at ${target.path.join('.')}`)

    res.status(200)
    res.setHeader('content-type', CONTENT_TYPES[request.format])
    res.setHeader('content-disposition', `attachment; filename="${target.path.at(-1)}.${request.format}"`)
    if (denied.size) res.setHeader('x-mesh-denied-fields', [...denied].join(','))
    const schema = apiSchema?.()
    const writer = new RowWriter(
      res,
      request.format,
      target,
      schema ? listFieldsOf(schema, document) : new Set(),
      denied,
    )
    const rowsOf = (value: unknown) =>
      connection ? ((value as { edges?: { node: unknown }[] })?.edges ?? []).map((e) => e.node) : (value as unknown[])

    let written = 0
    let page: Page = first
    if (!writer.start() && !(await drained(res))) return
    for (;;) {
      const value = atPath(page.data, target.path)
      const rows = rowsOf(value).slice(0, limit === null ? undefined : limit - written)
      written += rows.length
      if (!writer.write(rows) && !(await drained(res))) return
      const pageInfo = connection
        ? (value as Record<string, { hasNextPage: boolean; endCursor: string | null }>)?.[PAGE_INFO_ALIAS]
        : undefined
      if (!pageInfo?.hasNextPage || !pageInfo.endCursor || (limit !== null && written >= limit)) break
      pageSize = Math.min(pageSize, limit === null ? maxPageSize : limit - written)
      page = await fetchPage(pageInfo.endCursor)
      const failure = page.errors.find((e) => e.extensions?.code !== ErrorCode.FORBIDDEN)
      if (failure || atPath(page.data, target.path) == null) {
        // Mid-stream the status is sent: cut the response so the client sees an incomplete export, not a short one.
        createLogger('gateway').error(
          { requestId: identity.requestId },
          `export of ${target.path.join('.')} failed after ${written} rows: ${failure?.message ?? 'the list was null'}`,
        )
        res.destroy(new Error(failure?.message ?? 'export failed'))
        return
      }
    }
    res.end()
  }

  const handle =
    (format: ExportFormat | null): RequestHandler =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        await run(req, res, format)
      } catch (error) {
        if (res.headersSent) {
          res.destroy(error as Error)
          return
        }
        if (error instanceof ExportError) sendError(res, error.status, error.code, error.message)
        else next(error)
      }
    }

  return {
    /** POST /export with { query, variables, operationName, format }. */
    exportRoute: handle(null),
    /** On /graphql: answers exports when the Accept header prefers CSV or JSON Lines to JSON, else passes on. */
    whenAccepted: ((req, res, next) => {
      const format = req.method === 'POST' ? exportFormatOf(req) : null
      if (!format) return next()
      void handle(format)(req, res, next)
    }) as RequestHandler,
  }
}
