// The dashboard's "who did best, and by how much" sentence, on figures worked out by hand.
import { describe, expect, test } from '@jest/globals'
import { describeLead, leadOf } from '../../web/src/dashboard/leader'

describe('the lead of the best group', () => {
  test('campaigns by new customers: the margin over the next, its share, and the times the average of the rest', () => {
    const lead = leadOf([
      { label: 'Branch Open Days', value: 18 },
      { label: 'Mobile First Banking', value: 21 },
      { label: 'Refer a Friend', value: 9 },
      { label: 'Summer Special', value: 12 },
      { label: 'Holiday Cashback', value: 13 },
    ])
    // Others: 18, 13, 12, 9 → average 13; 21 / 13 = 1.615…
    expect(lead).toMatchObject({
      leader: { label: 'Mobile First Banking', value: 21 },
      next: { label: 'Branch Open Days', value: 18 },
      margin: 3,
      others: 4,
    })
    expect(lead!.marginShare).toBeCloseTo(3 / 18, 10)
    expect(lead!.timesAverageOfOthers).toBeCloseTo(21 / 13, 10)
    expect(describeLead(lead!, 'new customers', String, { listed: true })).toBe(
      'Mobile First Banking leads on new customers with 21: 3 more than Branch Open Days (18, +16.7 %) and 1.6 times the average of the other 4 listed.',
    )
  })

  test('a tie at the top, a single group or none has no leader; a next of zero has no share', () => {
    expect(
      leadOf([
        { label: 'a', value: 5 },
        { label: 'b', value: 5 },
        { label: 'c', value: 1 },
      ]),
    ).toBeNull()
    expect(leadOf([{ label: 'a', value: 5 }])).toBeNull()
    expect(leadOf([])).toBeNull()
    const lead = leadOf([
      { label: 'a', value: 4 },
      { label: 'b', value: 0 },
    ])!
    expect(lead.marginShare).toBeNull()
    expect(describeLead(lead, 'loans', String)).toBe('a leads on loans with 4: 4 more than b (0).')
  })

  test('rates differ in points: the margin has its own wording', () => {
    const lead = leadOf([
      { label: 'Personal', value: 0.62 },
      { label: 'Mortgage', value: 0.5 },
    ])!
    const percent = (value: number) => `${(value * 100).toFixed(0)} %`
    expect(
      describeLead(lead, 'approval rate', percent, { difference: (margin) => `${(margin * 100).toFixed(0)} points` }),
    ).toBe('Personal leads on approval rate with 62 %: 12 points more than Mortgage (50 %, +24.0 %).')
  })
})
