// The shape of a data product descriptor, published by each domain next to its code. From it the mesh
// renders the product's ODPS v1 descriptor and ODCS v3 contract, runs its quality rules, validates its
// writes and marks its deprecations in the schema.

export const LIFECYCLE_STATUSES = ['draft', 'active', 'deprecated', 'retired'] as const
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number]

/** ODCS v3's data quality dimensions. */
export type QualityDimension =
  'accuracy' | 'completeness' | 'conformity' | 'consistency' | 'coverage' | 'timeliness' | 'uniqueness'

/** A failed critical rule fails `npm run quality`; a warning is reported only. */
export type Severity = 'critical' | 'warning'

interface RuleBase {
  /** Stable id, unique in the mesh (letters, digits, - and _). */
  id: string
  description: string
  severity: Severity
  /** The table (Prisma model) the rule checks. */
  table: string
  column: string
}

/** Every row has a value. */
export interface NotNullRule extends RuleBase {
  kind: 'notNull'
}
/** No two rows share a value. */
export interface UniqueRule extends RuleBase {
  kind: 'unique'
}
/** Numbers within inclusive bounds. */
export interface RangeRule extends RuleBase {
  kind: 'range'
  min?: number
  max?: number
}
/** Text matching a regular expression (POSIX in SQL, JavaScript on writes: keep it to the common subset). */
export interface PatternRule extends RuleBase {
  kind: 'pattern'
  pattern: string
}
/** Every value is the key of an entity of another data product (checked across domains). */
export interface ReferencesRule extends RuleBase {
  kind: 'references'
  references: { product: string; entity: string }
}
/** The newest row is at most this old. */
export interface FreshnessRule extends RuleBase {
  kind: 'freshness'
  maxAgeHours: number
}

export type QualityRule = NotNullRule | UniqueRule | RangeRule | PatternRule | ReferencesRule | FreshnessRule

export const RULE_DIMENSIONS: Record<QualityRule['kind'], QualityDimension> = {
  notNull: 'completeness',
  unique: 'uniqueness',
  range: 'conformity',
  pattern: 'conformity',
  references: 'consistency',
  freshness: 'timeliness',
}

/** A table of the product's database, with the GraphQL type its rows become. */
export interface ProductTable {
  table: string
  /** The GraphQL type a row is published as; for federation entities, the entity other products reference. */
  type: string
  /** The key column other products reference the rows by. */
  key: string
  /** The column whose newest value says when the data last changed. */
  updatedAt: string
}

export interface Deprecation {
  /** "Type.field" in the product's SDL. */
  field: string
  reason: string
  /** The date (YYYY-MM-DD) after which the field may be removed. */
  sunsetDate: string
}

export interface ServiceLevel {
  /** How long after the event the data is available. */
  latency: { value: number; unit: 'm' | 'h' | 'd' }
  /** How often the data is refreshed. */
  frequency: { value: number; unit: 'm' | 'h' | 'd' }
  /** How long the data is kept. */
  retention: { value: number; unit: 'd' | 'y' }
  /** Share of time the product is available, in percent. */
  availability: number
}

/** A business word and what it means in the product's data: "overdue" loans are those with status DELINQUENT. */
export interface GlossaryTerm {
  term: string
  synonyms: string[]
  meaning: string
  /** The filter the word maps to: an input of the product's root fields (or of their filter) and its value. */
  filter: { input: string; value: string }
}

/**
 * A field the product computes rather than stores, with what it is computed from: the catalog draws its lineage
 * from these (and a test checks that every input exists).
 */
export interface DerivedField {
  /** "Type.field" of the composed graph; a root field as "Query.riskGradeDistribution". */
  field: string
  /** How it is computed, in a sentence. */
  derivation: string
  /** Fields of the composed graph it is computed from, this product's or another's ("Customer.riskGrade"). */
  fromFields?: string[]
  /** Columns of this product's own tables it is computed from, as "Table.column" ("RiskAssessment.riskGrade"). */
  fromColumns?: string[]
}

export interface DataProductDescriptor {
  /** Stable id, also the subgraph's name. */
  id: string
  name: string
  /** The business domain that owns the product. */
  domain: string
  owner: { team: string; contact: string }
  purpose: string
  useCases: string[]
  /** What the data must not be used for, or cannot say. */
  limitations: string
  status: LifecycleStatus
  /** For a deprecated product: the date (YYYY-MM-DD) it will be retired. */
  sunsetDate?: string
  version: string
  /** What the product publishes in the composed graph ("Customer.transactions" for fields it adds to another product's entity). */
  outputPorts: {
    types: string[]
    /** Query and Mutation fields. */
    rootFields: string[]
    /**
     * The root fields that answer figures over many rows (totals, breakdowns, rankings) rather than rows:
     * the catalog lists them as aggregate output ports. None when not given.
     */
    aggregates?: string[]
    /** Subscription fields: live changes, served over graphql-ws and Server-Sent Events. */
    streams?: string[]
  }
  tables: ProductTable[]
  freshness: {
    objective: string
    /**
     * How long an answer of the product may be reused (by the gateway's response cache) before it is read
     * again, in seconds: the objective as a number. 0: never reused. Not given: the service level's latency.
     */
    maxAgeSeconds?: number
  }
  serviceLevel: ServiceLevel
  /** "Type.field" coordinates whose loss or corruption would break the product's main uses. */
  criticalDataElements: string[]
  quality: QualityRule[]
  deprecations: Deprecation[]
  exampleQueries: { title: string; query: string }[]
  /** The product's business words and what they mean in its fields and values; the chat agent reads them. */
  glossary?: GlossaryTerm[]
  /** The fields it computes from other fields or from its tables (scores, summaries, breakdowns): their lineage. */
  derivedFields?: DerivedField[]
  /**
   * Fewest customers a group of an aggregate must count for its figures to show to roles that may not read
   * the product's rows (small-group protection); 5 when not given.
   */
  minimumGroupSize?: number
}

const SECONDS_PER_UNIT = { m: 60, h: 3600, d: 86_400 } as const

/**
 * How long an answer of the product may be reused, in seconds: its freshness objective's max age, or else its
 * latency (how long after the event the data may be available), which the objective already allows.
 */
export function answerMaxAgeSeconds(descriptor: Pick<DataProductDescriptor, 'freshness' | 'serviceLevel'>): number {
  const { latency } = descriptor.serviceLevel
  return descriptor.freshness.maxAgeSeconds ?? latency.value * SECONDS_PER_UNIT[latency.unit]
}
