// The period every dated tile reports on: a preset, or two dates applied together; the comparison period is
// the same number of days just before.
import { useState, type FormEvent } from 'react'
import { isValidRange, lengthInDays, longDay, previousRange, PRESETS, todayUtc, type DateRange } from '../dates'

export function PeriodPicker({ range, onChange }: { range: DateRange; onChange(range: DateRange): void }) {
  // The dates being typed, until applied; a new period from outside (a preset) replaces them.
  const [draft, setDraft] = useState({ from: range.from, to: range.to, source: range })
  if (draft.source !== range) setDraft({ from: range.from, to: range.to, source: range })
  const { from, to } = draft
  const setFrom = (value: string) => setDraft((d) => ({ ...d, from: value }))
  const setTo = (value: string) => setDraft((d) => ({ ...d, to: value }))
  const [problem, setProblem] = useState<string | null>(null)
  const today = todayUtc()
  const preset = PRESETS.find((p) => {
    const candidate = p.range(today)
    return candidate.from === range.from && candidate.to === range.to
  })
  const previous = previousRange(range)

  const apply = (event: FormEvent) => {
    event.preventDefault()
    const next = { from, to }
    if (!isValidRange(next)) return setProblem('Choose a start on or before the end, at most three years apart.')
    setProblem(null)
    onChange(next)
  }

  return (
    <form className="period" onSubmit={apply} aria-label="Reporting period">
      <div className="field">
        <label htmlFor="period-preset">Period</label>
        <select
          id="period-preset"
          value={preset?.id ?? 'custom'}
          onChange={(event) => {
            const chosen = PRESETS.find((p) => p.id === event.target.value)
            if (chosen) onChange(chosen.range(today))
          }}
        >
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value="custom" disabled={Boolean(preset)}>
            Custom dates
          </option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="period-from">From</label>
        <input
          id="period-from"
          type="date"
          value={from}
          max={to}
          onChange={(event) => setFrom(event.target.value)}
          required
        />
      </div>
      <div className="field">
        <label htmlFor="period-to">To (inclusive)</label>
        <input
          id="period-to"
          type="date"
          value={to}
          min={from}
          onChange={(event) => setTo(event.target.value)}
          required
        />
      </div>
      <button type="submit" disabled={from === range.from && to === range.to}>
        Apply dates
      </button>
      <p className="period-summary" aria-live="polite">
        {longDay(range.from)} – {longDay(range.to)} ({lengthInDays(range)} days, UTC), compared with{' '}
        {longDay(previous.from)} – {longDay(previous.to)}
      </p>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}
