// One headline number with its change from the previous period, in words as well as colour and arrow.
import { changeBetween, formatPercent } from '../format'

export interface KpiProps {
  /** What the value is, formatted for people. */
  display: string
  /** The exact value (a Decimal string or a number), for tests and copy-paste. */
  raw: string
  current: number
  previous: number
  previousDisplay: string
  /** Whether a rise is good news (deposits) or bad (cost per acquisition). */
  betterWhen?: 'up' | 'down'
  /** A rate changes by percentage points, not by a percentage of itself. */
  changeIn?: 'percent' | 'points'
  detail?: string
}

export function Kpi({ display, raw, current, previous, previousDisplay, betterWhen = 'up', changeIn = 'percent', detail }: KpiProps) {
  const change = changeBetween(current, previous)
  const tone = change.direction === 'flat' ? 'neutral' : change.direction === betterWhen ? 'good' : 'bad'
  const arrow = change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '▬'
  const points = `${(Math.abs(current - previous) * 100).toFixed(1)} points`
  const amount = changeIn === 'points' ? points : change.ratio === null ? 'from none' : formatPercent(Math.abs(change.ratio))
  const words = change.direction === 'flat' ? 'unchanged' : `${change.direction} ${amount}`
  return (
    <div className="kpi">
      <p className="kpi-value" data-value={raw} title={raw}>
        {display}
      </p>
      <p className={`kpi-change ${tone}`}>
        <span aria-hidden="true">{arrow}</span> <span data-change={change.ratio ?? ''}>{words}</span>
        <span className="muted"> vs {previousDisplay} before</span>
      </p>
      {detail && <p className="kpi-detail">{detail}</p>}
    </div>
  )
}
