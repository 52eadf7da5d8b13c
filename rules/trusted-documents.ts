// The trusted-documents table of the mesh, beside the policy and rate-limit tables and data like them: which
// callers may send only the operations a client was built with (registered in a manifest, sent by hash),
// which are served anything but have unregistered operations logged, and which send free-form GraphQL.
// The bank's customer-facing app is built with its operations; analysts, BI tools and the chat write theirs.
import { ROLES, isRole, type Role } from './identity'

/**
 * - `enforce`: only registered operations (by hash, or the exact text of one); anything else is refused
 *   with PERSISTED_QUERY_REQUIRED and recorded in the audit trail.
 * - `report`: everything is served; an unregistered operation is logged (operation name and hash).
 * - `off`: everything is served, nothing is logged.
 */
export const TRUSTED_DOCUMENTS_MODES = ['enforce', 'report', 'off'] as const
export type TrustedDocumentsMode = (typeof TRUSTED_DOCUMENTS_MODES)[number]

/** Callers without a token have a row of their own. */
export type TrustedDocumentsCaller = Role | 'anonymous'

export const TRUSTED_DOCUMENTS: Record<TrustedDocumentsCaller, TrustedDocumentsMode> = {
  // One person's own accounts, from the bank's app: only what the app was built to ask.
  customer: 'enforce',
  // Staff whose screens are built apps (the dashboard, case tools): served, with what they add logged, on the
  // way to enforce once their apps' manifests are loaded.
  customer_service: 'report',
  executive: 'report',
  // They write their own questions: BI tools, notebooks, the query console.
  analyst: 'off',
  marketing: 'off',
  risk_officer: 'off',
  compliance_officer: 'off',
  admin: 'off',
  // Without a role every data field is denied anyway; `{ __typename }` probes stay free.
  anonymous: 'off',
}

/** From the most to the least permissive: a caller with several roles gets the first any of them has. */
const LENIENCY: readonly TrustedDocumentsMode[] = ['off', 'report', 'enforce']

/**
 * The mode governing a caller: with several roles, the most permissive of them (as with the policy, any one
 * role suffices); without a role, the anonymous row. The channel plays no part: a caller may narrow its own
 * channel (x-mesh-channel: chat), so a mode keyed on it would be the caller's to choose.
 */
export function trustedDocumentsMode(
  roles: readonly Role[],
  table: Record<TrustedDocumentsCaller, TrustedDocumentsMode> = TRUSTED_DOCUMENTS,
): TrustedDocumentsMode {
  if (roles.length === 0) return table.anonymous
  return roles
    .map((role) => table[role])
    .reduce((most, mode) => (LENIENCY.indexOf(mode) < LENIENCY.indexOf(most) ? mode : most))
}

export function isTrustedDocumentsMode(value: unknown): value is TrustedDocumentsMode {
  return typeof value === 'string' && (TRUSTED_DOCUMENTS_MODES as readonly string[]).includes(value)
}

/**
 * Changes to the table written as `TRUSTED_DOCUMENTS` takes them: comma-separated `caller=mode` entries, and
 * a bare mode for every caller (`off`, or `report,customer=enforce`). Throws naming the entry it cannot read.
 */
export function parseTrustedDocumentsModes(
  value: string,
): Partial<Record<TrustedDocumentsCaller, TrustedDocumentsMode>> {
  const modes: Partial<Record<TrustedDocumentsCaller, TrustedDocumentsMode>> = {}
  const callers: TrustedDocumentsCaller[] = [...ROLES, 'anonymous']
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [left, right] = entry.includes('=') ? entry.split('=').map((part) => part.trim()) : ['*', entry]
    if (!isTrustedDocumentsMode(right))
      throw new Error(`"${entry}": the mode must be one of ${TRUSTED_DOCUMENTS_MODES.join(', ')}`)
    if (left === '*') for (const caller of callers) modes[caller] = right
    else if (isRole(left) || left === 'anonymous') modes[left] = right
    else throw new Error(`"${entry}": ${left} is neither a role (${ROLES.join(', ')}) nor anonymous`)
  }
  return modes
}
