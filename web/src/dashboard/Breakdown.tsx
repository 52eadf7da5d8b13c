// The breakdown view: pick a grouped aggregate of the graph (BREAKDOWNS), a measure and a dimension, and read
// it as a bar chart and a table, over the dashboard's period. Small groups the mesh leaves out or hides for the
// signed-in role are said so; a role the mesh refuses reads its reason, as on every tile.
import { useId, useState } from 'react'
import { Tile } from '../components/Tile'
import { ScrollableTable } from '../components/ScrollableTable'
import type { DateRange } from '../dates'
import { capitalize, formatCount, formatMoney } from '../format'
import { useGraphQL } from '../useGraphQL'
import {
  BREAKDOWNS,
  type BreakdownAnswer,
  type BreakdownDimension,
  type BreakdownMeasure,
  type MeasureFormat,
} from './breakdowns'
import { Chart } from './Chart'
import { describeLead, leadOf } from './leader'
import { TileState } from './TileState'

export function Breakdown({ range }: { range: DateRange }) {
  const [choice, setChoice] = useState({ field: BREAKDOWNS[0]!.field, dimension: '', measure: '' })
  const source = BREAKDOWNS.find((s) => s.field === choice.field) ?? BREAKDOWNS[0]!
  const dimension = source.dimensions.find((d) => d.value === choice.dimension) ?? source.dimensions[0]!
  const measure = source.measures.find((m) => m.field === choice.measure) ?? source.measures[0]!
  const question = source.ask({ dimension, measure }, range, source)
  const state = useGraphQL<unknown>(question.operation.query, question.operation.variables)
  const ids = { source: useId(), measure: useId(), dimension: useId() }
  return (
    <Tile
      name="breakdown"
      title="Breakdown"
      productId={source.product}
      table={source.table}
      operation={question.operation}
      note={source.note}
      className="wide"
      busy={state.status === 'loading'}
    >
      <form className="breakdown-choice" aria-label="What to break down" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={ids.source}>Figures of</label>
          <select
            id={ids.source}
            value={source.field}
            onChange={(event) => setChoice({ field: event.target.value, dimension: '', measure: '' })}
          >
            {BREAKDOWNS.map((s) => (
              <option key={s.field} value={s.field}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.measure}>Measure</label>
          <select
            id={ids.measure}
            value={measure.field}
            onChange={(event) => setChoice((c) => ({ ...c, field: source.field, measure: event.target.value }))}
          >
            {source.measures.map((m) => (
              <option key={m.field} value={m.field}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.dimension}>Group by</label>
          <select
            id={ids.dimension}
            value={dimension.value}
            onChange={(event) => setChoice((c) => ({ ...c, field: source.field, dimension: event.target.value }))}
          >
            {source.dimensions.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
      </form>
      <TileState state={state} path={question.path} productId={source.product}>
        {(data) => <Figures answer={question.read(data)} dimension={dimension} measure={measure} of={source.of} />}
      </TileState>
    </Tile>
  )
}

function Figures({
  answer,
  dimension,
  measure,
  of,
}: {
  answer: BreakdownAnswer | null
  dimension: BreakdownDimension
  measure: BreakdownMeasure
  of?: string
}) {
  if (!answer) return <p className="muted">The data product gave no answer.</p>
  const format = formatterOf(measure.format)
  const title = `${measure.label}${of ? ` of ${of}` : ''} by ${dimension.label.toLowerCase()}${measure.format === 'money' ? ', USD' : ''}`
  const rows = answer.groups.map(({ fields, withheld }) => {
    const value = fields[measure.field] as string | number | null | undefined
    return {
      group: fields[dimension.field],
      value: value ?? null,
      withheld: Boolean(withheld) && (value ?? null) === null,
    }
  })
  const withheld = rows.filter((row) => row.withheld).length
  const points = rows
    .filter((row) => row.value !== null)
    .map((row) => ({ label: groupLabel(row.group), [measure.label]: Number(row.value) }))
  const fewer = answer.minimumGroupSize ? `fewer than ${answer.minimumGroupSize} customers` : 'too few customers'
  // Which group did best, and by how much against the others (of the groups shown: hidden ones have no figure).
  const lead = leadOf(
    rows.filter((row) => row.value !== null).map((row) => ({ label: groupLabel(row.group), value: Number(row.value) })),
  )
  const marginOf =
    measure.format === 'rate'
      ? (margin: number) => `${(margin * 100).toFixed(2)} percentage points`
      : (margin: number) => format(margin, measure.format === 'money' ? margin.toFixed(2) : undefined)
  return (
    <div className="breakdown" data-breakdown={`${dimension.value}:${measure.field}`}>
      {answer.hiddenGroups > 0 && (
        <p className="notice small-groups" data-hidden-groups={answer.hiddenGroups}>
          {answer.hiddenGroups === 1 ? '1 group' : `${answer.hiddenGroups} groups`} with {fewer}{' '}
          {answer.hiddenGroups === 1 ? 'is' : 'are'} left out, to protect the people in
          {answer.hiddenGroups === 1 ? ' it' : ' them'}: the groups shown do not add up to the whole.
        </p>
      )}
      {withheld > 0 && (
        <p className="notice small-groups" data-withheld-groups={withheld}>
          {withheld === 1 ? '1 group counts' : `${withheld} groups count`} {fewer}: {withheld === 1 ? 'its' : 'their'}{' '}
          {measure.label.toLowerCase()} is not shown.
        </p>
      )}
      {lead && (
        <p className="leader" data-leader={String(lead.leader.label)}>
          {describeLead(
            lead,
            `${measure.label.toLowerCase()}${of ? ` of ${of}` : ''}`,
            (value) => format(value, measure.format === 'money' ? value.toFixed(2) : undefined),
            { difference: marginOf },
          )}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted">No figures for this period.</p>
      ) : (
        <div className="breakdown-figures">
          {points.length > 0 && (
            <Chart
              title={title}
              points={points}
              series={[measure.label]}
              money={measure.format === 'money'}
              format={format}
              tickFormat={measure.format === 'rate' ? format : undefined}
              numbers={false}
            />
          )}
          <ScrollableTable label={title} caption={title} compact>
            <thead>
              <tr>
                <th scope="col">{dimension.label}</th>
                <th scope="col" className="number">
                  {measure.label}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={String(row.group)} data-group={row.group ?? ''}>
                  <th scope="row">{groupLabel(row.group)}</th>
                  <td className="number" data-value={row.value ?? ''}>
                    {row.value !== null
                      ? format(Number(row.value), String(row.value))
                      : row.withheld
                        ? 'not shown'
                        : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollableTable>
        </div>
      )}
    </div>
  )
}

/** How a measure reads: money to the cent (from the exact Decimal when there is one), counts, rates as percentages. */
function formatterOf(format: MeasureFormat): (value: number, exact?: string) => string {
  if (format === 'money') return (value, exact) => formatMoney(exact ?? String(value), { cents: true })
  if (format === 'rate') return (value) => PERCENT.format(value)
  return (value) => formatCount(value)
}

/** Rates to two decimals: a probability of default of 0.55 % is not 0.6 %. */
const PERCENT = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 2 })
/** Enum values read as they are written. */
const ACRONYMS = new Set(['ATM', 'TV'])
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' })

/** A group's value as people read it: "2026-07" → "Jul 2026", MOBILE_APP → "Mobile app", a region as it is. */
function groupLabel(value: unknown): string {
  if (value === null || value === undefined) return 'Not recorded'
  const text = String(value)
  if (/^\d{4}-\d{2}$/.test(text)) return MONTH.format(new Date(`${text}-01T00:00:00.000Z`))
  if (ACRONYMS.has(text)) return text
  if (/^[A-Z][A-Z_]*$/.test(text)) return capitalize(text.toLowerCase().replace(/_/g, ' '))
  return text
}
