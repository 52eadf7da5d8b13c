// One headline number with its change from the previous period, in words as well as colour and arrow. The
// number always fits its tile: where the exact figure is wider than the tile, a compact form ("$16.6M") shows
// instead, with the exact one read out by screen readers, in the tooltip, and shown on focus (tap or Tab).
import { useLayoutEffect, useRef, useState, type RefObject } from 'react'
import { changeBetween, formatPercent } from '../format'

export interface KpiProps {
  /** What the value is, formatted for people. */
  display: string
  /** A shorter form of the same value ("$16.6M"), for when `display` does not fit; default: `display`. */
  compact?: string
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

export function Kpi({
  display,
  compact = display,
  raw,
  current,
  previous,
  previousDisplay,
  betterWhen = 'up',
  changeIn = 'percent',
  detail,
}: KpiProps) {
  const change = changeBetween(current, previous)
  const tone = change.direction === 'flat' ? 'neutral' : change.direction === betterWhen ? 'good' : 'bad'
  const arrow = change.direction === 'up' ? '▲' : change.direction === 'down' ? '▼' : '▬'
  const points = `${(Math.abs(current - previous) * 100).toFixed(1)} points`
  const amount =
    changeIn === 'points' ? points : change.ratio === null ? 'from none' : formatPercent(Math.abs(change.ratio))
  const words = change.direction === 'flat' ? 'unchanged' : `${change.direction} ${amount}`
  const valueRef = useRef<HTMLParagraphElement>(null)
  const fits = useFitsWidth(valueRef, display)
  const shortened = !fits && compact !== display
  return (
    <div className="kpi">
      <p
        ref={valueRef}
        className={shortened ? 'kpi-value shortened' : 'kpi-value'}
        data-value={raw}
        title={display}
        tabIndex={shortened ? 0 : undefined}
      >
        {shortened ? (
          <>
            <span className="kpi-exact">{display}</span>
            <span className="kpi-compact" aria-hidden="true">
              {compact}
            </span>
          </>
        ) : (
          display
        )}
      </p>
      <p className={`kpi-change ${tone}`}>
        <span aria-hidden="true">{arrow}</span> <span data-change={change.ratio ?? ''}>{words}</span>
        <span className="muted"> vs {previousDisplay} before</span>
      </p>
      {detail && <p className="kpi-detail">{detail}</p>}
    </div>
  )
}

/**
 * Whether `text`, set on one line in the element's own font, is no wider than the element; measured again
 * whenever the element changes size. Measured, not guessed from the number of characters: the width depends on
 * the font, the tile and the screen.
 */
function useFitsWidth(ref: RefObject<HTMLElement | null>, text: string): boolean {
  const [fits, setFits] = useState(true)
  useLayoutEffect(() => {
    const element = ref.current
    if (!element) return
    const measure = () => setFits(widthOf(element, text) <= element.clientWidth)
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [ref, text])
  return fits
}

/** The width of `text` in a hidden copy of the element beside it (same classes, so the same font), removed at once. */
function widthOf(element: HTMLElement, text: string): number {
  const probe = element.cloneNode(false) as HTMLElement
  probe.removeAttribute('data-value')
  probe.removeAttribute('tabindex')
  probe.setAttribute('aria-hidden', 'true')
  probe.textContent = text
  Object.assign(probe.style, {
    position: 'absolute',
    visibility: 'hidden',
    width: 'max-content',
    whiteSpace: 'nowrap',
    left: '0',
    top: '0',
  })
  element.parentElement!.appendChild(probe)
  const width = probe.getBoundingClientRect().width
  probe.remove()
  return Math.ceil(width)
}
