// The policy table's decisions, without a server: every role on every channel against the classifications
// the SDLs declare, and the rate-limit and small-group rules beside it.
import { describe, expect, test } from '@jest/globals'
import { decide, decideWrite, isBoundToOwnRows, mayIntrospect, type Classification } from '../../rules/policy'
import { ROLES, type Role } from '../../rules/identity'
import { concurrencyCap, governingCaller, RATE_LIMITS } from '../../rules/rate-limits'
import { isSmallGroup, leaveOutSmallGroups, refuseSmallSummary } from '../../rules/small-groups'

const SSN: Classification = { level: 'RESTRICTED', category: 'identity' }
const CREDIT_SCORE: Classification = { level: 'RESTRICTED', category: 'credit' }
const AUDIT: Classification = { level: 'RESTRICTED', category: 'audit' }
const TRANSACTION: Classification = { level: 'CONFIDENTIAL', category: 'transaction-detail' }
const EMAIL: Classification = { level: 'CONFIDENTIAL', category: 'contact' }
const FIGURES: Classification = { level: 'INTERNAL', category: 'business-performance' }
const BEHAVIOUR: Classification = { level: 'CONFIDENTIAL', category: 'behaviour-profile' }
const CATALOG: Classification = { level: 'PUBLIC', category: 'catalog' }

const allowed = (roles: Role[], classification: Classification, channel: 'api' | 'chat' = 'api') =>
  decide(roles, channel, classification).allowed

describe('who may read what', () => {
  test.each([
    ['SSN', SSN, ['compliance_officer', 'admin']],
    ['credit score', CREDIT_SCORE, ['risk_officer', 'compliance_officer', 'admin']],
    ['audit trail', AUDIT, ['compliance_officer', 'admin']],
    [
      'transaction rows',
      TRANSACTION,
      ['customer', 'customer_service', 'analyst', 'risk_officer', 'compliance_officer', 'admin'],
    ],
    [
      'behaviour profiles (patterns, propensity scores)',
      BEHAVIOUR,
      ['customer', 'customer_service', 'analyst', 'risk_officer', 'compliance_officer', 'admin'],
    ],
    [
      'contact details',
      EMAIL,
      ['customer', 'customer_service', 'analyst', 'marketing', 'risk_officer', 'compliance_officer', 'admin'],
    ],
    [
      'business figures',
      FIGURES,
      ['customer_service', 'analyst', 'marketing', 'risk_officer', 'compliance_officer', 'executive', 'admin'],
    ],
    [
      'the catalog',
      CATALOG,
      ['customer_service', 'analyst', 'marketing', 'risk_officer', 'compliance_officer', 'executive', 'admin'],
    ],
  ] as const)('%s: exactly the entitled roles, over the API', (_name, classification, entitled) => {
    expect(ROLES.filter((role) => allowed([role], classification))).toEqual(entitled)
  })

  test('restricted data never leaves through the chat channel, whatever the role; the rest does as over the API', () => {
    for (const role of ROLES) {
      for (const restricted of [SSN, CREDIT_SCORE, AUDIT]) {
        const decision = decide([role], 'chat', restricted)
        expect(decision).toEqual({
          allowed: false,
          reason: expect.stringContaining('never leaves through the chat channel'),
        })
      }
      for (const other of [TRANSACTION, EMAIL, FIGURES, CATALOG])
        expect(allowed([role], other, 'chat')).toBe(allowed([role], other))
    }
  })

  test('no role, no data, not even public; with several roles, any one suffices', () => {
    expect(decide([], 'api', CATALOG)).toEqual({
      allowed: false,
      reason: 'the request carries no verified identity with a role',
    })
    expect(allowed(['executive'], TRANSACTION)).toBe(false)
    expect(allowed(['executive', 'analyst'], TRANSACTION)).toBe(true)
    expect(decide(['marketing', 'executive'], 'api', TRANSACTION)).toEqual({
      allowed: false,
      reason: 'confidential transaction-detail data is not available to the marketing, executive roles',
    })
  })

  test("a restricted field without a category is nobody's, not even the admin's", () => {
    for (const role of ROLES) expect(allowed([role], { level: 'RESTRICTED' })).toBe(false)
  })

  test('writes: only the categories a role may change, never through chat, and never what it may not read', () => {
    const booking: Classification = { level: 'CONFIDENTIAL', category: 'transaction-booking' }
    expect(ROLES.filter((role) => decideWrite([role], 'api', booking).allowed)).toEqual(['customer_service', 'admin'])
    expect(decideWrite(['admin'], 'chat', booking)).toEqual({
      allowed: false,
      reason: 'transaction-booking changes are never made through the chat channel, which only reads',
    })
    expect(decideWrite(['admin'], 'api', { level: 'CONFIDENTIAL' }).allowed).toBe(false)
  })

  test('introspection and own-row binding', () => {
    expect(ROLES.filter((role) => mayIntrospect([role]))).toEqual(['analyst', 'admin'])
    expect(isBoundToOwnRows(['customer'])).toBe(true)
    expect(isBoundToOwnRows(['customer', 'analyst'])).toBe(false)
    expect(isBoundToOwnRows([])).toBe(false)
  })
})

describe('rate limits and small groups', () => {
  test('with several roles the most generous row governs; without one, the anonymous row', () => {
    expect(governingCaller([], 'graphql')).toBe('anonymous')
    for (const role of ROLES) expect(governingCaller([role], 'chat')).toBe(role)
    const rate = (caller: keyof typeof RATE_LIMITS) =>
      RATE_LIMITS[caller].graphql.requests / RATE_LIMITS[caller].graphql.perSeconds
    const byRate = [...ROLES].sort((a, b) => rate(a) - rate(b))
    const [slow, fast] = [byRate[0]!, byRate.at(-1)!]
    expect(rate(fast)).toBeGreaterThan(rate(slow))
    expect(governingCaller([slow, fast], 'graphql')).toBe(fast)
    expect(governingCaller([fast, slow], 'graphql')).toBe(fast)
    expect(concurrencyCap([slow, fast], 'subscriptions')).toBe(
      Math.max(RATE_LIMITS[slow].concurrentSubscriptions, RATE_LIMITS[fast].concurrentSubscriptions),
    )
    expect(concurrencyCap([], 'connections')).toBe(RATE_LIMITS.anonymous.concurrentConnections)
  })

  test('a group of 1 to k-1 customers is hidden and counted, unless the caller may read its rows', () => {
    expect([0, 1, 4, 5].map((customers) => isSmallGroup(customers, 5, false))).toEqual([false, true, true, false])
    const groups = [
      { key: 'a', customers: 3 },
      { key: 'b', customers: 12 },
      { key: 'c', customers: 1 },
    ]
    expect(leaveOutSmallGroups(groups, 5, false)).toEqual({
      minimumGroupSize: 5,
      groups: [{ key: 'b', customers: 12 }],
      hiddenGroups: 2,
    })
    expect(leaveOutSmallGroups(groups, 5, true).hiddenGroups).toBe(0)
  })

  test('a whole summary of too few customers is refused as FORBIDDEN', () => {
    expect(() => refuseSmallSummary(2, 5, false, 'transactions')).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', minimumGroupSize: 5 } }),
    )
    expect(() => refuseSmallSummary(2, 5, true, 'transactions')).not.toThrow()
    expect(() => refuseSmallSummary(7, 5, false, 'transactions')).not.toThrow()
  })
})
