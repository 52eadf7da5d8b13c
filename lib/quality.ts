// A data product's quality rules as SQL over its own database, and as checks on the rows it is asked to
// write. One rule definition serves both, so a write can never create what a quality run would flag.
import type { SqlRunner } from './migrate'
import type { QualityRule, ReferencesRule, Severity } from './data-product'

export interface RuleResult {
  ruleId: string
  passed: boolean
  /** Rows that break the rule; for freshness, the age in hours of the newest row. */
  observed: number
  /** Rows the rule looked at (null for freshness). */
  checkedRows: number | null
  message: string
}

/** A table or column name as a quoted SQL identifier. */
export const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

/**
 * The SQL a local rule runs: one number that must be 0 (failing rows), or for freshness the age in hours
 * of the newest row, with `$1` standing for "now" (the product's clock).
 */
export function ruleSql(rule: Exclude<QualityRule, ReferencesRule>): string {
  const table = quote(rule.table)
  const column = quote(rule.column)
  switch (rule.kind) {
    case 'notNull':
      return `SELECT count(*) FROM ${table} WHERE ${column} IS NULL`
    case 'unique':
      return `SELECT coalesce(sum(copies - 1), 0) FROM (SELECT count(*) AS copies FROM ${table} WHERE ${column} IS NOT NULL GROUP BY ${column} HAVING count(*) > 1) AS duplicated`
    case 'range': {
      const bounds = [
        rule.min !== undefined && `${column} < ${rule.min}`,
        rule.max !== undefined && `${column} > ${rule.max}`,
      ].filter(Boolean)
      return `SELECT count(*) FROM ${table} WHERE ${bounds.join(' OR ') || 'false'}`
    }
    case 'pattern':
      return `SELECT count(*) FROM ${table} WHERE ${column} !~ ${literal(rule.pattern)}`
    case 'freshness':
      return `SELECT extract(epoch FROM ($1::timestamptz - max(${column}))) / 3600 FROM ${table}`
  }
}

/** The rule's SQL as a contract shows it: with now() for the clock. */
export function contractSql(rule: Exclude<QualityRule, ReferencesRule>): string {
  return ruleSql(rule).replace('$1::timestamptz', 'now()')
}

function describeFailure(rule: QualityRule, observed: number): string {
  switch (rule.kind) {
    case 'notNull':
      return `${observed} row(s) of ${rule.table} have no ${rule.column}`
    case 'unique':
      return `${observed} row(s) of ${rule.table} repeat a ${rule.column} another row has`
    case 'range':
      return `${observed} row(s) of ${rule.table} have ${rule.column} outside ${describeRange(rule.min, rule.max)}`
    case 'pattern':
      return `${observed} row(s) of ${rule.table} have a ${rule.column} not matching ${rule.pattern}`
    case 'references':
      return `${observed} ${rule.column} value(s) of ${rule.table} are not ${rule.references.entity} ids of the ${rule.references.product} data product`
    case 'freshness':
      return `the newest ${rule.table} row is ${observed.toFixed(1)} hours old (objective: at most ${rule.maxAgeHours})`
  }
}

function describeRange(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${min} to ${max}`
  return min !== undefined ? `at least ${min}` : `at most ${max}`
}

export function ruleResult(rule: QualityRule, observed: number, checkedRows: number | null): RuleResult {
  const passed = rule.kind === 'freshness' ? observed <= rule.maxAgeHours : observed === 0
  return {
    ruleId: rule.id,
    passed,
    observed,
    checkedRows,
    message: passed ? 'passed' : describeFailure(rule, observed),
  }
}

/** Runs one rule that needs only this product's database; `tableRows` is how many rows its table has. */
export async function runLocalRule(
  db: SqlRunner,
  rule: Exclude<QualityRule, ReferencesRule>,
  now: Date,
  tableRows: number,
): Promise<RuleResult> {
  const params = rule.kind === 'freshness' ? [now.toISOString()] : []
  const [row] = await db.query<Record<string, unknown>>(ruleSql(rule), params)
  const value = row ? Object.values(row)[0] : null
  if (rule.kind === 'freshness') {
    // An empty table has no newest row: infinitely stale.
    return ruleResult(rule, value === null ? Number.POSITIVE_INFINITY : Number(value), null)
  }
  return ruleResult(rule, Number(value ?? 0), tableRows)
}

/** Runs every rule that needs only this product's database, counting each table once. */
export async function runLocalRules(db: SqlRunner, rules: QualityRule[], now: Date): Promise<RuleResult[]> {
  const tableRows = new Map<string, number>()
  const results: RuleResult[] = []
  for (const rule of rules) {
    if (rule.kind === 'references') continue
    if (!tableRows.has(rule.table)) {
      const [{ total } = { total: 0 }] = await db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM ${quote(rule.table)}`,
      )
      tableRows.set(rule.table, Number(total))
    }
    results.push(await runLocalRule(db, rule, now, tableRows.get(rule.table)!))
  }
  return results
}

/** One page of the distinct values a references rule checks, in order, after `after`. */
export async function referencedValues(
  db: SqlRunner,
  rule: ReferencesRule,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const table = quote(rule.table)
  const column = quote(rule.column)
  const rows = await db.query<{ value: string }>(
    `SELECT DISTINCT ${column}::text AS value FROM ${table} WHERE ${column} IS NOT NULL AND ($1::text IS NULL OR ${column}::text > $1) ORDER BY 1 LIMIT ${Math.floor(limit)}`,
    [after],
  )
  return rows.map((row) => row.value)
}

/** The keys among `keys` that no row of the table has. */
export async function missingKeys(db: SqlRunner, table: string, keyColumn: string, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return []
  const rows = await db.query<{ key: string }>(
    `SELECT wanted.key FROM unnest($1::text[]) AS wanted(key) WHERE NOT EXISTS (SELECT 1 FROM ${quote(table)} WHERE ${quote(keyColumn)}::text = wanted.key)`,
    [keys],
  )
  return rows.map((row) => row.key)
}

export interface WriteViolation {
  ruleId: string
  column: string
  severity: Severity
  message: string
}

/**
 * What a row about to be written breaks among the product's row-level rules (not null, range, pattern) for
 * its table. Uniqueness, references and freshness concern the whole table and are left to the database and
 * to quality runs.
 */
export function checkWrite(rules: QualityRule[], table: string, row: Record<string, unknown>): WriteViolation[] {
  const violations: WriteViolation[] = []
  for (const rule of rules) {
    if (rule.table !== table || !(rule.column in row)) continue
    const value = row[rule.column]
    const violation = violatedBy(rule, value)
    if (violation)
      violations.push({ ruleId: rule.id, column: rule.column, severity: rule.severity, message: violation })
  }
  return violations
}

function violatedBy(rule: QualityRule, value: unknown): string | undefined {
  const missing = value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
  switch (rule.kind) {
    case 'notNull':
      return missing ? `${rule.column} is required (${rule.description})` : undefined
    case 'range': {
      if (missing) return undefined
      const number = Number(String(value))
      const outside =
        Number.isNaN(number) ||
        (rule.min !== undefined && number < rule.min) ||
        (rule.max !== undefined && number > rule.max)
      return outside ? `${rule.column} must be ${describeRange(rule.min, rule.max)} (${rule.description})` : undefined
    }
    case 'pattern':
      if (missing) return undefined
      return new RegExp(rule.pattern).test(String(value))
        ? undefined
        : `${rule.column} does not have the expected form (${rule.description})`
    default:
      return undefined
  }
}
