// The drawing of a dashboard bar chart, with the charts library: its own chunk, loaded when a chart shows. It
// takes the width of its tile, and gives category labels less room on a narrow one.
import { useState } from 'react'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { formatCount, formatMoneyCompact } from '../format'

const CHART_COLORS = { primary: '#1f5fa8', secondary: '#b35c00', grid: '#d0d5dd', axis: '#3d4451' }
/** The widest a category label may be, and the share of a narrow chart it may take. */
const CATEGORY_WIDTH = { max: 170, share: 0.38 }

export interface BarChartDrawingProps {
  points: Record<string, string | number>[]
  series: string[]
  money?: boolean
  layout: 'horizontal' | 'vertical'
  height: number
  /** How a value reads (the chart's own formatting, shared with its summary and table). */
  format(value: number): string
  /** How the value axis reads, when not money or whole counts (rates). */
  tickFormat?(value: number): string
}

export default function BarChartDrawing({
  points,
  series,
  money,
  layout,
  height,
  format,
  tickFormat,
}: BarChartDrawingProps) {
  const [width, setWidth] = useState(0)
  const colors = [CHART_COLORS.primary, CHART_COLORS.secondary]
  const vertical = layout === 'vertical'
  const categoryWidth = width
    ? Math.min(CATEGORY_WIDTH.max, Math.round(width * CATEGORY_WIDTH.share))
    : CATEGORY_WIDTH.max
  const valueTick = (v: number) => (money ? formatMoneyCompact(String(v)) : tickFormat ? tickFormat(v) : formatCount(v))
  return (
    <ResponsiveContainer width="100%" height={height} onResize={(newWidth) => setWidth(newWidth)}>
      <BarChart data={points} layout={layout} margin={{ top: 8, right: 16, bottom: 4, left: vertical ? 8 : 4 }}>
        <CartesianGrid stroke={CHART_COLORS.grid} strokeDasharray="3 3" horizontal={!vertical} vertical={vertical} />
        {vertical ? (
          <>
            <XAxis
              type="number"
              tick={{ fill: CHART_COLORS.axis, fontSize: 12 }}
              allowDecimals={false}
              tickFormatter={(v: number) => format(v)}
            />
            <YAxis
              type="category"
              dataKey="label"
              width={categoryWidth}
              tick={{ fill: CHART_COLORS.axis, fontSize: 12 }}
            />
          </>
        ) : (
          <>
            <XAxis dataKey="label" tick={{ fill: CHART_COLORS.axis, fontSize: 12 }} interval="preserveStartEnd" />
            <YAxis
              tick={{ fill: CHART_COLORS.axis, fontSize: 12 }}
              allowDecimals={Boolean(tickFormat)}
              width={money ? 64 : tickFormat ? 52 : 40}
              tickFormatter={valueTick}
            />
          </>
        )}
        <Tooltip formatter={(value) => format(Number(value))} />
        {series.length > 1 && <Legend wrapperStyle={{ color: CHART_COLORS.axis }} />}
        {series.map((name, index) => (
          <Bar
            key={name}
            dataKey={name}
            fill={colors[index % colors.length]}
            isAnimationActive={false}
            radius={[2, 2, 0, 0]}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  )
}
