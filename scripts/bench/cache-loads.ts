// The loads that show the response cache in `npm run bench`: the web dashboard refreshed by many staff of a few
// roles (the app's own operations, over and over), and the 64-customers load repeated. Each request of a load is
// its turn's caller asking its turn's operation; every caller asks every operation in turn.
import {
  RISK_GRADES_QUERY,
  acquisitionOperation,
  anomaliesOperation,
  campaignsOperation,
  loansOperation,
  moneyFlowOperation,
  topCampaignsOperation,
  type Operation,
} from '../../web/src/dashboard/queries'
import type { Role } from '../../rules/identity'

/** The period the dashboard shows on the demo bank (as of 2026-11-25): last month. */
const LAST_MONTH = { from: '2026-10-01', to: '2026-10-31' }

/**
 * What the dashboard asks on each refresh, of the products the bench's subgraphs serve (the audit trail's and
 * the catalog's tiles left out): money flows, loans, new customers, campaigns, top campaigns, risk grades, anomalies.
 */
export const DASHBOARD_OPERATIONS: Operation[] = [
  moneyFlowOperation(LAST_MONTH),
  loansOperation(LAST_MONTH),
  acquisitionOperation(LAST_MONTH),
  campaignsOperation(LAST_MONTH),
  topCampaignsOperation(LAST_MONTH),
  { query: RISK_GRADES_QUERY, variables: {} },
  anomaliesOperation(LAST_MONTH),
].map(({ query, variables }) => ({ query, variables }))

/** The dashboard's viewers: 8 each of three roles. */
export const DASHBOARD_ROLES: Role[] = ['analyst', 'executive', 'marketing']
export const DASHBOARD_CALLERS_PER_ROLE = 8

/** The n-th request's body when `callerCount` callers take turns: all of them ask one operation, then the next. */
export function rotatingBodies(operations: Operation[], callerCount: number): (n: number) => string {
  const bodies = operations.map((operation) => JSON.stringify(operation))
  return (n) => bodies[Math.floor(n / callerCount) % bodies.length]!
}

/**
 * Sends the load's first `requests` requests (each caller's every operation, when `requests` is callers ×
 * operations), a few at a time, before it is timed: the rounds then measure a load asked over and over, every
 * target alike.
 */
export async function askEachOnce(
  url: string,
  body: string | ((n: number) => string),
  callers: Record<string, string>[],
  requests: number,
  concurrency = 8,
): Promise<void> {
  let next = 0
  const worker = async () => {
    for (let n = next++; n < requests; n = next++) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...callers[n % callers.length] },
        body: typeof body === 'string' ? body : body(n),
      })
      await response.arrayBuffer()
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}
