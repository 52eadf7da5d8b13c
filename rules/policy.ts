// The one policy table of the mesh: which data classifications each role may read, on which channel.
// Data, not code: change a row here and every data product follows.
import type { Channel, Role } from './identity'

export const CLASSIFICATION_LEVELS = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED'] as const
export type ClassificationLevel = (typeof CLASSIFICATION_LEVELS)[number]

/** A field's classification as its owning data product declares it (`@classification`). */
export interface Classification {
  level: ClassificationLevel
  /** What kind of data it is, e.g. "identity", "credit", "transaction-detail", "business-performance". */
  category?: string
}

export interface RolePolicy {
  /** The levels the role may read. */
  levels: ClassificationLevel[]
  /** For RESTRICTED fields: the categories the role is entitled to (a RESTRICTED field always has one). */
  restrictedCategories: string[]
  /** Categories the role may not read at any level (e.g. marketing sees aggregates, not transactions). */
  deniedCategories: string[]
  /** What the role may change: the categories of the mutations it may call (`@classification` on Mutation fields). */
  writeCategories: string[]
  /** Rows of other customers are denied: the role is bound to the one customer in its token. */
  ownRowsOnly: boolean
  /** May read the schema by introspection (BI tools and developers need it; others get the documented SDL). */
  introspection: boolean
  /** Why the role exists, for people reading the table. */
  purpose: string
}

const STAFF: ClassificationLevel[] = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL']
const EVERYTHING: ClassificationLevel[] = ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED']

export const POLICY: Record<Role, RolePolicy> = {
  customer: {
    levels: STAFF,
    restrictedCategories: [],
    deniedCategories: ['business-performance', 'catalog'],
    writeCategories: [],
    ownRowsOnly: true,
    introspection: false,
    purpose: 'Self-service: a customer reads their own records',
  },
  customer_service: {
    levels: STAFF,
    restrictedCategories: [],
    deniedCategories: [],
    writeCategories: ['transaction-booking'],
    ownRowsOnly: false,
    introspection: false,
    purpose: 'Helps customers with their accounts, loans and details',
  },
  analyst: {
    levels: STAFF,
    restrictedCategories: [],
    deniedCategories: [],
    writeCategories: ['quality-operations'],
    ownRowsOnly: false,
    introspection: true,
    purpose: 'Analyses behaviour and performance across customers',
  },
  marketing: {
    levels: STAFF,
    restrictedCategories: [],
    deniedCategories: ['transaction-detail', 'behaviour-profile'],
    writeCategories: [],
    ownRowsOnly: false,
    introspection: false,
    purpose:
      'Runs campaigns; sees transaction aggregates and behaviour counts, not individual transactions, patterns or propensity scores',
  },
  risk_officer: {
    levels: EVERYTHING,
    restrictedCategories: ['credit'],
    deniedCategories: [],
    writeCategories: [],
    ownRowsOnly: false,
    introspection: false,
    purpose: 'Manages credit risk; entitled to credit scores',
  },
  compliance_officer: {
    levels: EVERYTHING,
    restrictedCategories: ['identity', 'credit', 'audit'],
    deniedCategories: [],
    writeCategories: ['quality-operations'],
    ownRowsOnly: false,
    introspection: false,
    purpose: 'Checks compliance; entitled to identity data and the audit trail',
  },
  executive: {
    levels: ['PUBLIC', 'INTERNAL'],
    restrictedCategories: [],
    deniedCategories: [],
    writeCategories: [],
    ownRowsOnly: false,
    introspection: false,
    purpose: 'Steers the bank from aggregates; no personal data',
  },
  admin: {
    levels: EVERYTHING,
    restrictedCategories: ['identity', 'credit', 'audit'],
    deniedCategories: [],
    writeCategories: ['transaction-booking', 'quality-operations'],
    ownRowsOnly: false,
    introspection: true,
    purpose: 'Runs the platform',
  },
}

/** Channels that never carry some levels whatever the role (the seed: the chatbot must not see SSNs). */
export const CHANNEL_CEILING: Record<Channel, ClassificationLevel[]> = {
  api: EVERYTHING,
  chat: ['PUBLIC', 'INTERNAL', 'CONFIDENTIAL'],
}

export type Decision = { allowed: true } | { allowed: false; reason: string }

const ALLOWED: Decision = { allowed: true }

/** Whether any of the roles may read data of this classification on this channel, and if not, why. */
export function decide(roles: Role[], channel: Channel, classification: Classification): Decision {
  const label = classification.category
    ? `${classification.level.toLowerCase()} ${classification.category} data`
    : `${classification.level.toLowerCase()} data`
  if (!CHANNEL_CEILING[channel].includes(classification.level))
    return { allowed: false, reason: `${label} never leaves through the ${channel} channel` }
  if (roles.length === 0) return { allowed: false, reason: 'the request carries no verified identity with a role' }
  for (const role of roles) if (roleAllows(POLICY[role], classification)) return ALLOWED
  return {
    allowed: false,
    reason: `${label} is not available to the ${roles.join(', ')} role${roles.length > 1 ? 's' : ''}`,
  }
}

function roleAllows(policy: RolePolicy, classification: Classification): boolean {
  if (!policy.levels.includes(classification.level)) return false
  if (classification.category && policy.deniedCategories.includes(classification.category)) return false
  if (classification.level === 'RESTRICTED')
    return Boolean(classification.category && policy.restrictedCategories.includes(classification.category))
  return true
}

/** Whether any of the roles may make a change of this category (a mutation), on this channel. */
export function decideWrite(roles: Role[], channel: Channel, classification: Classification): Decision {
  const action = classification.category ? `${classification.category} changes` : 'unclassified changes'
  if (channel === 'chat')
    return { allowed: false, reason: `${action} are never made through the chat channel, which only reads` }
  if (roles.length === 0) return { allowed: false, reason: 'the request carries no verified identity with a role' }
  const readable = decide(roles, channel, classification)
  if (!readable.allowed) return readable
  if (classification.category && roles.some((role) => POLICY[role].writeCategories.includes(classification.category!)))
    return ALLOWED
  return {
    allowed: false,
    reason: `${action} are not available to the ${roles.join(', ')} role${roles.length > 1 ? 's' : ''}`,
  }
}

/** Whether any of the roles may introspect the schema. */
export function mayIntrospect(roles: Role[]): boolean {
  return roles.some((role) => POLICY[role].introspection)
}

/** True when every role of the caller is bound to their own customer rows. */
export function isBoundToOwnRows(roles: Role[]): boolean {
  return roles.length > 0 && roles.every((role) => POLICY[role].ownRowsOnly)
}
