// Any list of records as an accessible table: the rows of a chat answer or a console result, flattened so that
// nested fields become columns ("account.id"); lists inside a row show as JSON.
import { ScrollableTable } from './ScrollableTable'

export type Row = Record<string, unknown>

export function DataTable({ rows, caption, maxRows = 50 }: { rows: Row[]; caption: string; maxRows?: number }) {
  if (rows.length === 0) return <p className="muted">No rows.</p>
  const flat = rows.map((row) => flatten(row))
  const columns = [...new Set(flat.flatMap((row) => Object.keys(row)))]
  const shown = flat.slice(0, maxRows)
  return (
    <ScrollableTable
      label={caption}
      caption={flat.length > maxRows ? `${caption} (first ${maxRows} of ${flat.length})` : caption}
    >
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {shown.map((row, index) => (
          <tr key={index}>
            {columns.map((column) => (
              <td
                key={column}
                className={typeof row[column] === 'number' || isDecimal(row[column]) ? 'number' : undefined}
              >
                {display(row[column])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </ScrollableTable>
  )
}

export interface Table {
  caption: string
  rows: Row[]
}

/**
 * The tables an answer holds, one per root field: a list (a connection's nodes, or a plain list) as its rows,
 * an object as one row of its own values followed by the tables of the lists inside it.
 */
export function tablesOf(data: unknown): Table[] {
  const tables: Table[] = []
  if (isObject(data)) for (const [field, value] of Object.entries(data)) collect(field, value, tables)
  return tables
}

function collect(name: string, value: unknown, tables: Table[]): void {
  if (value === null || value === undefined) return
  if (Array.isArray(value)) return void tables.push({ caption: name, rows: value.map(asRow) })
  if (!isObject(value)) return void tables.push({ caption: name, rows: [{ [name]: value }] })
  if (Array.isArray(value.edges)) {
    const total = typeof value.totalCount === 'number' ? ` (${value.totalCount.toLocaleString('en-US')} in all)` : ''
    return void tables.push({
      caption: `${name}${total}`,
      rows: value.edges.map((edge) => asRow(isObject(edge) ? edge.node : edge)),
    })
  }
  const own: Row = {}
  const lists: [string, unknown][] = []
  for (const [key, child] of Object.entries(value)) {
    if (Array.isArray(child) || (isObject(child) && Array.isArray(child.edges))) lists.push([key, child])
    else own[key] = child
  }
  if (Object.keys(own).length > 0) tables.push({ caption: name, rows: [own] })
  for (const [key, child] of lists) collect(`${name}.${key}`, child, tables)
}

function asRow(item: unknown): Row {
  return isObject(item) ? item : { value: item }
}

function flatten(row: Row, prefix = '', out: Row = {}): Row {
  for (const [key, value] of Object.entries(row)) {
    const name = prefix ? `${prefix}.${key}` : key
    if (isObject(value) && !Array.isArray(value)) flatten(value, name, out)
    else out[name] = value
  }
  return out
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (Array.isArray(value))
    return value.map((item) => (isObject(item) ? JSON.stringify(item) : String(item))).join(', ')
  return String(value)
}

function isDecimal(value: unknown): boolean {
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
