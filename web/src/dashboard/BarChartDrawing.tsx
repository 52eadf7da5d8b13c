// The drawing of a dashboard bar chart, with the charts library: its own chunk, loaded when a chart shows.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { formatCount } from '../format'

const CHART_COLORS = { primary: '#1f5fa8', secondary: '#b35c00', grid: '#d0d5dd', axis: '#3d4451' }

export interface BarChartDrawingProps {
  points: Record<string, string | number>[]
  series: string[]
  money?: boolean
  layout: 'horizontal' | 'vertical'
  height: number
  /** How a value reads (the chart's own formatting, shared with its summary and table). */
  format(value: number): string
}

export default function BarChartDrawing({ points, series, money, layout, height, format }: BarChartDrawingProps) {
  const colors = [CHART_COLORS.primary, CHART_COLORS.secondary]
  const vertical = layout === 'vertical'
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={points} layout={layout} margin={{ top: 8, right: 16, bottom: 4, left: vertical ? 8 : 4 }}>
        <CartesianGrid stroke={CHART_COLORS.grid} strokeDasharray="3 3" horizontal={!vertical} vertical={vertical} />
        {vertical ? (
          <>
            <XAxis type="number" tick={{ fill: CHART_COLORS.axis, fontSize: 12 }} allowDecimals={false} tickFormatter={(v: number) => format(v)} />
            <YAxis type="category" dataKey="label" width={170} tick={{ fill: CHART_COLORS.axis, fontSize: 12 }} />
          </>
        ) : (
          <>
            <XAxis dataKey="label" tick={{ fill: CHART_COLORS.axis, fontSize: 12 }} interval="preserveStartEnd" />
            <YAxis tick={{ fill: CHART_COLORS.axis, fontSize: 12 }} allowDecimals={false} width={money ? 80 : 40} tickFormatter={(v: number) => (money ? compactMoney(v) : formatCount(v))} />
          </>
        )}
        <Tooltip formatter={(value) => format(Number(value))} />
        {series.length > 1 && <Legend wrapperStyle={{ color: CHART_COLORS.axis }} />}
        {series.map((name, index) => (
          <Bar key={name} dataKey={name} fill={colors[index % colors.length]} isAnimationActive={false} radius={[2, 2, 0, 0]} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  )
}

function compactMoney(value: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 }).format(value)
}
