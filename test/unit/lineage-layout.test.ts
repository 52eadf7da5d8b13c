import { describe, expect, it } from '@jest/globals'
import { layOutLineage } from '../../web/src/catalog/lineage-layout'

const OPTIONS = { nodeWidth: 150, maxNodeWidth: 280, nodeHeight: 48, perLine: 2, gap: 18 }

describe('drawing a lineage', () => {
  const nodes = [
    { id: 'table', distance: -2 },
    { id: 'a', distance: -1 },
    { id: 'b', distance: -1 },
    { id: 'c', distance: -1 },
    { id: 'tile', distance: 0 },
  ]
  const edges = [
    { from: 'table', to: 'a' },
    { from: 'a', to: 'tile' },
    { from: 'b', to: 'tile' },
    { from: 'c', to: 'tile' },
  ]
  const layout = layOutLineage(nodes, edges, OPTIONS)
  const boxes = [...layout.nodes.values()]

  it('puts what a node comes from above it, and wraps a band onto a new line when it holds more than fit across', () => {
    const y = (id: string) => layout.nodes.get(id)!.y
    expect(y('table')).toBeLessThan(y('a'))
    expect(y('a')).toBeLessThan(y('tile'))
    expect(new Set(['a', 'b', 'c'].map(y)).size).toBe(2)
    expect(layout.width).toBe(2 * 150 + 18)
  })

  it('keeps every box inside the drawing and apart from every other', () => {
    const half = layout.nodeWidth / 2
    for (const box of boxes) {
      expect(box.x - half).toBeGreaterThanOrEqual(0)
      expect(box.x + half).toBeLessThanOrEqual(layout.width)
      expect(box.y + OPTIONS.nodeHeight / 2).toBeLessThanOrEqual(layout.height)
    }
    for (const one of boxes) {
      for (const other of boxes) {
        if (one === other) continue
        expect(Math.abs(one.x - other.x) >= layout.nodeWidth || Math.abs(one.y - other.y) >= OPTIONS.nodeHeight).toBe(
          true,
        )
      }
    }
  })

  it('draws every edge between placed nodes, and two edges between the same nodes apart', () => {
    expect(layout.edges.map((edge) => edge.index)).toEqual([0, 1, 2, 3])
    const twice = layOutLineage(
      [
        { id: 'x', distance: 0 },
        { id: 'y', distance: 1 },
      ],
      [
        { from: 'x', to: 'y' },
        { from: 'x', to: 'y' },
      ],
      OPTIONS,
    )
    expect(twice.edges[0]!.path).not.toBe(twice.edges[1]!.path)
    expect(twice.nodeWidth).toBe(280)
  })
})
