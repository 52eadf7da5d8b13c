// Which group did best and by how much against the others: the lead over the next, and how many times the
// average of the rest, as the seed's executive example asks of campaigns and segments. Pure, so the dashboard's
// sentence and its test read the same figures.

export interface Ranked {
  label: string
  value: number
}

export interface Lead {
  leader: Ranked
  /** The runner-up: the highest value after the leader. */
  next: Ranked
  /** The leader's value minus the next one's. */
  margin: number
  /** The margin as a share of the next one's value (0.25 is 25 % more); null when the next is 0. */
  marginShare: number | null
  /** The leader's value over the average of all the others; null when that average is 0. */
  timesAverageOfOthers: number | null
  /** How many others the average is over. */
  others: number
}

/** The lead of the highest value among two or more groups; null with fewer, or when the top two are tied. */
export function leadOf(rows: readonly Ranked[]): Lead | null {
  const ranked = rows
    .filter((row) => Number.isFinite(row.value))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label))
  if (ranked.length < 2) return null
  const [leader, next] = ranked as [Ranked, Ranked, ...Ranked[]]
  if (leader.value === next.value) return null
  const others = ranked.slice(1)
  const average = others.reduce((sum, row) => sum + row.value, 0) / others.length
  return {
    leader,
    next,
    margin: leader.value - next.value,
    marginShare: next.value !== 0 ? (leader.value - next.value) / next.value : null,
    timesAverageOfOthers: average !== 0 ? leader.value / average : null,
    others: others.length,
  }
}

/**
 * The lead in words: "Mobile First Banking leads on new customers with 21: 3 more than Branch Open Days (18,
 * +16.7 %) and 1.6 times the average of the other 4 listed." `format` writes a value in the measure's unit,
 * `difference` the margin (rates differ in percentage points, not percent); `listed` says the others are only
 * those shown (a top five), not every group there is.
 */
export function describeLead(
  lead: Lead,
  measure: string,
  format: (value: number) => string,
  { difference = format, listed = false }: { difference?: (margin: number) => string; listed?: boolean } = {},
): string {
  const share = lead.marginShare !== null ? `, +${(lead.marginShare * 100).toFixed(1)} %` : ''
  const average =
    lead.timesAverageOfOthers !== null && lead.others > 1
      ? ` and ${lead.timesAverageOfOthers.toFixed(1)} times the average of the other ${lead.others}${listed ? ' listed' : ''}`
      : ''
  return `${lead.leader.label} leads on ${measure} with ${format(lead.leader.value)}: ${difference(lead.margin)} more than ${lead.next.label} (${format(lead.next.value)}${share})${average}.`
}
