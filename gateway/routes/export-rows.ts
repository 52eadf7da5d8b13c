// Pure helpers of list exports: which list of an operation to export, its columns, and rows as CSV or
// JSON Lines.
import {
  getNullableType,
  isListType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql'

export type ExportFormat = 'csv' | 'jsonl'

export interface ExportTarget {
  /** Response keys from the data root to the list (for a connection: to the connection field). */
  path: string[]
  /** The connection field in the operation's AST (to page through), or null for a plain list. */
  connection: FieldNode | null
  /** The selection of one row: the connection's node, or the list's items. */
  rowSelection: SelectionSetNode
}

const responseKey = (field: FieldNode) => field.alias?.value ?? field.name.value

function fieldsOf(selectionSet: SelectionSetNode | undefined): FieldNode[] {
  return (selectionSet?.selections ?? []).filter((s): s is FieldNode => s.kind === Kind.FIELD)
}

function nodeSelectionOf(field: FieldNode): SelectionSetNode | undefined {
  const edges = fieldsOf(field.selectionSet).find((f) => f.name.value === 'edges')
  return fieldsOf(edges?.selectionSet).find((f) => f.name.value === 'node')?.selectionSet
}

/** Every connection (a field selecting edges { node { … } }) in the operation, with its path. */
export function findConnections(operation: OperationDefinitionNode): ExportTarget[] {
  const found: ExportTarget[] = []
  const walk = (selectionSet: SelectionSetNode | undefined, path: string[]) => {
    for (const field of fieldsOf(selectionSet)) {
      const node = nodeSelectionOf(field)
      if (node) found.push({ path: [...path, responseKey(field)], connection: field, rowSelection: node })
      else walk(field.selectionSet, [...path, responseKey(field)])
    }
  }
  walk(operation.selectionSet, [])
  return found
}

/** Every list of objects in a result, with its path (for operations without a connection). */
export function findLists(data: unknown, operation: OperationDefinitionNode): ExportTarget[] {
  const found: ExportTarget[] = []
  const walk = (value: unknown, selectionSet: SelectionSetNode | undefined, path: string[]) => {
    for (const field of fieldsOf(selectionSet)) {
      const child = (value as Record<string, unknown> | null)?.[responseKey(field)]
      if (Array.isArray(child) && field.selectionSet)
        found.push({ path: [...path, responseKey(field)], connection: null, rowSelection: field.selectionSet })
      else if (child && typeof child === 'object') walk(child, field.selectionSet, [...path, responseKey(field)])
    }
  }
  walk(data, operation.selectionSet, [])
  return found
}

/** The fields of a document that return a list (of objects or of scalars), as the schema says. */
export function listFieldsOf(schema: GraphQLSchema, document: DocumentNode): Set<FieldNode> {
  const typeInfo = new TypeInfo(schema)
  const lists = new Set<FieldNode>()
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(field) {
        const type = typeInfo.getType()
        if (type && isListType(getNullableType(type))) lists.add(field)
      },
    }),
  )
  return lists
}

/**
 * The leaf columns of a row, in query order, nested objects as dotted names ("account.id"). A list inside
 * a row (one of `lists`) or a nested connection is one column: a CSV cell holds it JSON-encoded.
 */
export function columnsOf(selectionSet: SelectionSetNode, lists: ReadonlySet<FieldNode>, prefix = ''): string[] {
  return fieldsOf(selectionSet).flatMap((field) => {
    const key = `${prefix}${responseKey(field)}`
    return field.selectionSet && !nodeSelectionOf(field) && !lists.has(field)
      ? columnsOf(field.selectionSet, lists, `${key}.`)
      : [key]
  })
}

/** The value of a column in a row; the column as a dotted name, or as its keys (split once for every row). */
export function valueAt(row: unknown, column: string | readonly string[]): unknown {
  const keys = typeof column === 'string' ? column.split('.') : column
  let value = row
  for (const key of keys)
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined
  return value
}

/** The row without the denied fields (dotted names, "accounts.balance" in every item of the accounts list). */
export function withoutColumns(value: unknown, denied: ReadonlySet<string>, prefix = ''): unknown {
  if (denied.size === 0) return value
  if (Array.isArray(value)) return value.map((item) => withoutColumns(item, denied, prefix))
  if (!value || typeof value !== 'object') return value
  const kept: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    const name = `${prefix}${key}`
    if (!denied.has(name)) kept[key] = withoutColumns(child, denied, `${name}.`)
  }
  return kept
}

/** What a spreadsheet reads as a formula when a cell starts with it (OWASP's CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/
/** A number as text ("-12.50", "+3", "1e-5"): a spreadsheet reads it as the number it is. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/**
 * One CSV cell. Text a spreadsheet would run as a formula (a statement line "=HYPERLINK(...)") is neutralised
 * as OWASP recommends: a leading apostrophe, the cell quoted. Numbers, negative amounts included, stay numbers.
 */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) return `"'${text.replace(/"/g, '""')}"`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`
}

/** Parses CSV (RFC 4180) back into rows: for tests and for clients that check what they got. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field || row.length) rows.push([...row, field])
  return rows
}

/**
 * The field a denial's path points at inside the exported rows, as a dotted name without list indexes
 * ("accounts.balance"), or null when it is outside them.
 */
export function deniedColumn(errorPath: readonly (string | number)[], target: ExportTarget): string | null {
  const rowStart = target.connection ? [...target.path, 'edges'] : target.path
  if (errorPath.length <= rowStart.length + 1) return null
  if (!rowStart.every((key, i) => errorPath[i] === key)) return null
  const rest = errorPath.slice(rowStart.length + 1).filter((key) => typeof key === 'string')
  if (target.connection && rest[0] === 'node') rest.shift()
  return rest.length ? rest.join('.') : null
}
