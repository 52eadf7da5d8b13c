// A table that scrolls inside its own region. The region is focusable and labelled, so keyboard users can
// scroll it and screen readers announce it (axe's scrollable-region-focusable rule).
import type { ReactNode, TableHTMLAttributes } from 'react'

export interface ScrollableTableProps {
  /** The region's accessible name. */
  label: string
  caption: ReactNode
  /** The caption is for screen readers only (the tile's title already says it on screen). */
  hideCaption?: boolean
  compact?: boolean
  /** Taller than the default scroll height (long lists such as a product's fields). */
  tall?: boolean
  /** Further attributes of the table itself (e.g. a data-* hook for tests). */
  tableProps?: TableHTMLAttributes<HTMLTableElement> & Record<`data-${string}`, string>
  /** The table's head and body. */
  children: ReactNode
}

export function ScrollableTable({
  label,
  caption,
  hideCaption = false,
  compact = false,
  tall = false,
  tableProps,
  children,
}: ScrollableTableProps) {
  return (
    <div className={tall ? 'table-scroll tall' : 'table-scroll'} tabIndex={0} role="region" aria-label={label}>
      <table className={compact ? 'data compact' : 'data'} {...tableProps}>
        <caption className={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>
        {children}
      </table>
    </div>
  )
}
