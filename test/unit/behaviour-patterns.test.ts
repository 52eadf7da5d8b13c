// Behaviour pattern detection and the k-anonymous counts built on it, on hand-written histories.
import { describe, expect, test } from '@jest/globals'
import { detectBehaviour, type BehaviourTransaction } from '../../subgraphs/transactions/behaviour/patterns'
import {
  behaviourBreakdown,
  propensityBreakdown,
  suppressedGroups,
} from '../../subgraphs/transactions/behaviour/aggregates'
import type { BehaviourProfile } from '../../subgraphs/transactions/behaviour/profiles'

const AS_OF = new Date('2026-11-25T00:00:00.000Z')
const DAY = 86_400_000
const daysAgo = (days: number) => new Date(AS_OF.getTime() - days * DAY)
const row = (days: number, extra: Partial<BehaviourTransaction>): BehaviourTransaction => ({
  date: daysAgo(days),
  type: 'PAYMENT',
  direction: 'DEBIT',
  amount: 10,
  description: 'x',
  status: 'POSTED',
  counterpartyCountry: null,
  counterpartyCurrency: null,
  merchantCategory: null,
  ...extra,
})
const abroad = (days: number, country: string, currency: string, amount = 400) =>
  row(days, {
    type: 'TRANSFER',
    description: 'Transfer to joint household account',
    amount,
    counterpartyCountry: country,
    counterpartyCurrency: currency,
  })
const salary = (days: number, amount = 1_500) =>
  row(days, { type: 'DEPOSIT', direction: 'CREDIT', description: 'Salary payment', amount })

/** A year of a customer who sends money to Mexico every month (and to the Philippines twice), paid every other Friday, with a streaming subscription. */
function remitter(): BehaviourTransaction[] {
  const rows: BehaviourTransaction[] = []
  for (let month = 0; month < 12; month++) {
    rows.push(abroad(15 + month * 30, 'MX', 'MXN', 380 + month))
    rows.push(
      row(3 + month * 30, { description: 'Streaming subscription', amount: 15.99, merchantCategory: 'SUBSCRIPTIONS' }),
    )
    // The gym: a purchase now and then, never the same amount twice.
    if (month % 2 === 0)
      rows.push(
        row(8 + month * 30, {
          description: 'Gym membership',
          amount: 20 + month * 7,
          merchantCategory: 'SUBSCRIPTIONS',
        }),
      )
    rows.push(row(20 + month * 30, { type: 'DEPOSIT', direction: 'CREDIT', description: 'Interest paid', amount: 2 }))
  }
  rows.push(abroad(100, 'PH', 'PHP'), abroad(200, 'PH', 'PHP'))
  for (let fortnight = 0; fortnight < 25; fortnight++) rows.push(salary(4 + fortnight * 14))
  // A domestic transfer and a reversed one abroad are no part of any pattern.
  rows.push(
    row(40, {
      type: 'TRANSFER',
      description: 'Rent to landlord',
      amount: 1_200,
      counterpartyCountry: 'US',
      counterpartyCurrency: 'USD',
    }),
  )
  rows.push({ ...abroad(50, 'NG', 'NGN'), status: 'REVERSED' })
  return rows
}

describe("detecting patterns in one customer's history", () => {
  const behaviour = detectBehaviour(remitter(), AS_OF)

  test('money sent abroad every month is a monthly international pattern naming its countries, most used first', () => {
    const international = behaviour.patterns.filter((p) => p.kind === 'INTERNATIONAL_TRANSFERS')
    expect(international).toHaveLength(1)
    expect(international[0]).toMatchObject({
      cadence: 'MONTHLY',
      countries: ['MX', 'PH'],
      currencies: ['MXN', 'PHP'],
      monthsSeen: 12,
      occurrences: 14,
      counterparty: null,
    })
    expect(international[0]!.lastSeen).toEqual(daysAgo(15))
  })

  test('a salary paid every other Friday is a biweekly SALARY; interest the bank pays is not income', () => {
    const income = behaviour.patterns.filter((p) => p.kind === 'SALARY')
    expect(income.map((p) => [p.counterparty, p.cadence, p.occurrences, p.typicalAmount])).toEqual([
      ['Salary payment', 'BIWEEKLY', 25, 1_500],
    ])
  })

  test('a steady monthly payment to a subscription merchant is a SUBSCRIPTION; purchases of varying amounts are not', () => {
    const subscriptions = behaviour.patterns.filter((p) => p.kind === 'SUBSCRIPTION')
    expect(subscriptions.map((p) => [p.counterparty, p.cadence, p.typicalAmount])).toEqual([
      ['Streaming subscription', 'MONTHLY', 15.99],
    ])
  })

  test('the segment follows money in a month: 25 paychecks of 1,500 over 12 months is MIDDLE_INFLOW', () => {
    expect(behaviour.monthsObserved).toBe(12)
    expect(behaviour.monthlyInflow).toBeCloseTo((25 * 1_500) / 12, 2)
    expect(behaviour.segment).toBe('MIDDLE_INFLOW')
  })

  test('two transfers abroad in a year are no habit, and a new customer needs three months of one', () => {
    const occasional = detectBehaviour(
      [abroad(30, 'IN', 'INR'), abroad(200, 'IN', 'INR'), salary(10), salary(40), salary(70), salary(100), salary(130)],
      AS_OF,
    )
    expect(occasional.patterns.map((p) => p.kind)).toEqual(['SALARY'])
    const newcomer = detectBehaviour([abroad(5, 'MX', 'MXN'), abroad(35, 'MX', 'MXN'), salary(50)], AS_OF)
    expect(newcomer.monthsObserved).toBe(2)
    expect(newcomer.patterns).toEqual([])
  })

  test('nothing is read after the as-of moment or before the 12 months', () => {
    const outside = detectBehaviour(
      [abroad(-5, 'MX', 'MXN'), abroad(400, 'MX', 'MXN'), abroad(430, 'MX', 'MXN'), abroad(460, 'MX', 'MXN')],
      AS_OF,
    )
    expect(outside).toEqual({ monthsObserved: 0, monthlyInflow: 0, segment: 'LOW_INFLOW', patterns: [] })
  })
})

describe('counting customers without singling one out', () => {
  const profile = (
    id: string,
    segment: BehaviourProfile['behaviour']['segment'],
    kinds: ('INTERNATIONAL_TRANSFERS' | 'SALARY')[],
    score = 0.1,
    band: 'LOW' | 'HIGH' = 'LOW',
  ): BehaviourProfile => ({
    customerId: id,
    behaviour: {
      customerId: id,
      asOf: AS_OF,
      monthsObserved: 12,
      monthlyInflow: 3_000,
      segment,
      patterns: kinds.map((kind) => ({
        kind,
        cadence: 'MONTHLY',
        counterparty: null,
        countries: kind === 'SALARY' ? [] : ['MX'],
        currencies: [],
        monthsSeen: 12,
        occurrences: 12,
        typicalAmount: 1,
        firstSeen: AS_OF,
        lastSeen: AS_OF,
      })),
    },
    propensity: { customerId: id, product: 'GLOBAL_ACCOUNT', score, band, modelVersion: 'test', signals: [] },
  })
  // 12 salaried MIDDLE customers, 6 of them sending money abroad; 2 salaried HIGH customers, one sending money abroad.
  const profiles = [
    ...Array.from({ length: 12 }, (_, i) =>
      profile(
        `M${i}`,
        'MIDDLE_INFLOW',
        i < 6 ? ['INTERNATIONAL_TRANSFERS', 'SALARY'] : ['SALARY'],
        i < 6 ? 0.6 : 0.1,
        i < 6 ? 'HIGH' : 'LOW',
      ),
    ),
    profile('H0', 'HIGH_INFLOW', ['INTERNATIONAL_TRANSFERS', 'SALARY'], 0.7, 'HIGH'),
    profile('H1', 'HIGH_INFLOW', ['SALARY']),
  ]

  test('for a role that may not read profiles, a group under k shows no count, and so does the smallest other group of its pattern', () => {
    const shown = behaviourBreakdown(profiles, ['PATTERN', 'SEGMENT'], {
      minimumGroupSize: 5,
      callerMayReadProfiles: false,
    })
    const cell = (pattern: string, segment: string) =>
      shown.groups.find((g) => g.pattern === pattern && g.segment === segment)
    expect(cell('INTERNATIONAL_TRANSFERS', 'HIGH_INFLOW')).toMatchObject({
      customers: null,
      shareOfCustomers: null,
      suppressed: true,
    })
    // Six would be given away by the pattern's total (7) minus the one hidden group: hidden too.
    expect(cell('INTERNATIONAL_TRANSFERS', 'MIDDLE_INFLOW')).toMatchObject({ customers: null, suppressed: true })
    expect(cell('SALARY', 'HIGH_INFLOW')).toMatchObject({ customers: null, suppressed: true })
    expect(cell('SALARY', 'MIDDLE_INFLOW')).toMatchObject({ customers: null, suppressed: true })
    expect(shown.suppressedGroups).toBe(4)
    // Grouped by segment alone, every group holds at least k customers: all shown.
    const bySegment = behaviourBreakdown(profiles.slice(0, 12), ['SEGMENT'], {
      minimumGroupSize: 5,
      callerMayReadProfiles: false,
    })
    expect(bySegment.groups).toEqual([
      {
        pattern: null,
        segment: 'MIDDLE_INFLOW',
        country: null,
        cadence: null,
        customers: 12,
        shareOfCustomers: 1,
        suppressed: false,
      },
    ])
    expect(shown.customers).toBe(14)
  })

  test('a role that may read profiles sees every count', () => {
    const shown = behaviourBreakdown(profiles, ['PATTERN'], { minimumGroupSize: 5, callerMayReadProfiles: true })
    expect(shown.groups.map((g) => [g.pattern, g.customers])).toEqual([
      ['SALARY', 14],
      ['INTERNATIONAL_TRANSFERS', 7],
    ])
    expect(shown.suppressedGroups).toBe(0)
  })

  test('propensity bands per segment: averages of the groups shown, none for the hidden ones', () => {
    const shown = propensityBreakdown(profiles, ['BAND'], { minimumGroupSize: 5, callerMayReadProfiles: false })
    expect(shown.groups.map((g) => [g.band, g.customers, g.averageScore])).toEqual([
      ['LOW', 7, 0.1],
      ['MEDIUM', 0, null],
      ['HIGH', 7, 0.6143],
    ])
    expect(
      propensityBreakdown(profiles.slice(0, 3), ['BAND'], { minimumGroupSize: 5, callerMayReadProfiles: false })
        .customers,
    ).toBeNull()
  })

  test('no complement is hidden when two groups already are, or when none is', () => {
    const k = { minimumGroupSize: 5, callerMayReadProfiles: false }
    expect(
      suppressedGroups(
        [
          { count: 2, within: 'a' },
          { count: 3, within: 'a' },
          { count: 9, within: 'a' },
        ],
        k,
      ),
    ).toEqual([true, true, false])
    expect(
      suppressedGroups(
        [
          { count: 7, within: 'a' },
          { count: 9, within: 'a' },
          { count: 0, within: 'a' },
        ],
        k,
      ),
    ).toEqual([false, false, false])
    expect(
      suppressedGroups(
        [
          { count: 1, within: 'a' },
          { count: 0, within: 'a' },
          { count: 6, within: 'b' },
        ],
        k,
      ),
    ).toEqual([true, false, false])
  })
})
