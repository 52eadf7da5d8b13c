// A dashboard bar chart with a text summary for screen readers and its numbers as a table on demand. The
// drawing (the charts library, most of the app's weight) loads only when a chart is first shown, and follows
// the width of its tile.
import { lazy, Suspense } from 'react'
import { ScrollableTable } from '../components/ScrollableTable'
import { formatCount, formatMoney } from '../format'

const BarChartDrawing = lazy(() => import('./BarChartDrawing'))

export interface ChartProps {
  title: string
  points: Record<string, string | number>[]
  series: string[]
  money?: boolean
  layout?: 'horizontal' | 'vertical'
  /** How a value reads; default: money or a count. */
  format?(value: number): string
  /** How the value axis reads, when not money or whole counts (rates). */
  tickFormat?(value: number): string
  /** The heading of the labels' column in the numbers table (default "Period"). */
  labelHeading?: string
  /** Whether the numbers are offered as a table under the chart (not when the tile shows its own table). */
  numbers?: boolean
}

export function Chart({
  title,
  points,
  series,
  money,
  layout = 'horizontal',
  format: formatValue,
  tickFormat,
  labelHeading = 'Period',
  numbers = true,
}: ChartProps) {
  const format = formatValue ?? ((value: number) => (money ? formatMoney(String(value)) : formatCount(value)))
  const summary = `${title}: ${points.map((p) => `${p.label} ${series.map((s) => `${series.length > 1 ? `${s} ` : ''}${format(Number(p[s] ?? 0))}`).join(', ')}`).join('; ')}`
  const height = layout === 'vertical' ? Math.max(160, points.length * 40) : 220
  return (
    <figure className="chart">
      <div role="img" aria-label={summary} className="chart-canvas">
        <Suspense fallback={<div style={{ height }} />}>
          <BarChartDrawing
            points={points}
            series={series}
            money={money}
            layout={layout}
            height={height}
            format={format}
            tickFormat={tickFormat}
          />
        </Suspense>
      </div>
      {numbers && (
        <details className="chart-data">
          <summary>Show the numbers</summary>
          <ScrollableTable label={title} caption={title}>
            <thead>
              <tr>
                <th scope="col">{labelHeading}</th>
                {series.map((name) => (
                  <th key={name} scope="col">
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {points.map((point) => (
                <tr key={String(point.label)}>
                  <th scope="row">{point.label}</th>
                  {series.map((name) => (
                    <td key={name} className="number">
                      {format(Number(point[name] ?? 0))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </ScrollableTable>
        </details>
      )}
    </figure>
  )
}
