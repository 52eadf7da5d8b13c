// The states every panel shares: loading, failed (with a retry), and denied (with the mesh's reason), so that
// nothing is ever just blank.
import { capitalize } from '../format'

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}…</span>
    </div>
  )
}

export function Failure({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="failure" role="alert">
      <p>
        <strong>Could not load this.</strong> {message}
      </p>
      {onRetry && (
        <button type="button" className="secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  )
}

export interface DeniedProps {
  role: string
  field: string
  reason: string
  /** Who to ask for access: the data product's owner. */
  owner?: { team: string; contact: string }
  compact?: boolean
}

/** A field the mesh refused: which one, why (the policy's own words) and who to ask. */
export function Denied({ role, field, reason, owner, compact }: DeniedProps) {
  return (
    <div className={compact ? 'denied compact' : 'denied'} data-denied={field}>
      <p className="denied-title">
        <LockIcon /> Not available to the {role} role
      </p>
      <p className="denied-reason">{capitalize(reason)}.</p>
      {!compact && (
        <p className="denied-hint">
          The mesh refused <code>{field}</code> and recorded the attempt in the audit trail.
          {owner && (
            <>
              {' '}
              Ask {owner.team} (<a href={`mailto:${owner.contact}`}>{owner.contact}</a>) about access.
            </>
          )}
        </p>
      )}
    </div>
  )
}

export function LockIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm-2 3.5a2 2 0 1 1 4 0V7H6V4.5Z"
      />
    </svg>
  )
}
