// Where denials go: the audit data product's internal write endpoint, called with the mesh's own service
// identity by the gateway (for requests it served) and by subgraphs (for calls that bypassed it).
import { GATEWAY_SERVICE_SUBJECT, IDENTITY_HEADER, signForwardedIdentity } from './identity'

export interface DenialRecord {
  occurredAt: Date
  requestId: string
  subject: string
  roles: string[]
  channel: string
  operationName: string | null
  operation: string
  field: string
  path: string
  code: string
  reason: string
}

export interface AuditTrail {
  /** Resolves once the records are committed; rejects when they could not be. */
  record(denials: DenialRecord[]): Promise<void>
}

/** Writes to the audit subgraph's internal endpoint with the mesh's own service identity. */
export function createAuditTrail(options: { url: string; internalSecret: string; timeoutMillis?: number }): AuditTrail {
  return {
    async record(denials) {
      const serviceIdentity = await signForwardedIdentity({ subject: GATEWAY_SERVICE_SUBJECT, roles: [], channel: 'api' }, options.internalSecret)
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: serviceIdentity },
        body: JSON.stringify({ denials }),
        signal: AbortSignal.timeout(options.timeoutMillis ?? 5000),
      })
      if (!response.ok) throw new Error(`audit trail answered HTTP ${response.status}`)
    },
  }
}

/** The audit endpoint of the audit subgraph whose GraphQL URL is given. */
export function auditEndpoint(auditGraphqlUrl: string): string {
  return auditGraphqlUrl.replace(/\/graphql\/?$/, '') + '/internal/access-denials'
}

