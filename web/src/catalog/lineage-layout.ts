// Where each node of a lineage answer goes in the drawing: one band per distance from the node asked about
// (what it comes from above, what depends on it below), a band wrapping onto more lines when it holds more nodes
// than fit across. Pure, so that the drawing only paints.

export interface LaidOutNode {
  id: string
  distance: number
  /** Centre of the node's box. */
  x: number
  y: number
}

export interface LaidOutEdge {
  /** The edge's position in the edges given. */
  index: number
  from: LaidOutNode
  to: LaidOutNode
  /** An SVG path from the edge of one box to the edge of the other. */
  path: string
}

export interface Layout {
  width: number
  height: number
  /** The nodes' width: wider than asked when no line is full, so that fewer labels are clipped. */
  nodeWidth: number
  /** Room needed above the first line, for the arcs between neighbours on a line. */
  top: number
  nodes: Map<string, LaidOutNode>
  edges: LaidOutEdge[]
}

export interface LayoutOptions {
  nodeWidth: number
  /** Widest a node may grow to when its line has room. */
  maxNodeWidth: number
  nodeHeight: number
  /** Most nodes on one line. */
  perLine: number
  gap: number
}

export function layOutLineage(
  nodes: { id: string; distance: number }[],
  edges: { from: string; to: string }[],
  options: LayoutOptions,
): Layout {
  const { nodeHeight, perLine, gap } = options
  const bands = [...new Set(nodes.map((n) => n.distance))].sort((a, b) => a - b)
  const widest = Math.min(perLine, Math.max(1, ...bands.map((band) => nodes.filter((n) => n.distance === band).length)))
  const room = perLine * options.nodeWidth + (perLine - 1) * gap
  const nodeWidth = Math.max(options.nodeWidth, Math.min(options.maxNodeWidth, (room - (widest - 1) * gap) / widest))
  const width = widest * nodeWidth + (widest - 1) * gap
  const placed = new Map<string, LaidOutNode>()
  let top = 0
  // Each band in the order of the mean position of its nodes' neighbours already placed, which uncrosses most edges.
  const neighbours = (id: string) =>
    edges.flatMap((edge) => (edge.from === id ? [edge.to] : edge.to === id ? [edge.from] : []))
  const meanX = (id: string) => {
    const xs = neighbours(id).flatMap((other) => (placed.has(other) ? [placed.get(other)!.x] : []))
    return xs.length ? xs.reduce((sum, x) => sum + x, 0) / xs.length : Number.POSITIVE_INFINITY
  }
  for (const band of bands) {
    const inBand = nodes
      .filter((n) => n.distance === band)
      .map((node, index) => ({ node, index, x: meanX(node.id) }))
      .sort((a, b) => a.x - b.x || a.index - b.index)
      .map(({ node }) => node)
    for (let start = 0; start < inBand.length; start += perLine) {
      const line = inBand.slice(start, start + perLine)
      const lineWidth = line.length * nodeWidth + (line.length - 1) * gap
      line.forEach((node, index) => {
        placed.set(node.id, {
          id: node.id,
          distance: band,
          x: (width - lineWidth) / 2 + index * (nodeWidth + gap) + nodeWidth / 2,
          y: top + nodeHeight / 2,
        })
      })
      top += nodeHeight + gap
    }
    top += gap
  }
  // Two edges between the same nodes (an entity reference and a quality rule) bow apart rather than overlap.
  const seen = new Map<string, number>()
  const laidEdges = edges.flatMap((edge, index) => {
    const from = placed.get(edge.from)
    const to = placed.get(edge.to)
    if (!from || !to) return []
    const pair = `${edge.from}>${edge.to}`
    const nth = seen.get(pair) ?? 0
    seen.set(pair, nth + 1)
    return [
      {
        index,
        from,
        to,
        path: edgePath(from, to, nodeHeight, nth === 0 ? 0 : (nth % 2 === 1 ? 1 : -1) * Math.ceil(nth / 2) * 14),
      },
    ]
  })
  const arcs = laidEdges.some((edge) => edge.from.y === edge.to.y)
  return {
    width,
    height: Math.max(top - 2 * gap, nodeHeight),
    nodeWidth,
    top: arcs ? nodeHeight : 4,
    nodes: placed,
    edges: laidEdges,
  }
}

/** A curve from the bottom of `from` to the top of `to` (or the reverse when `to` is above); an arc over the line between boxes side by side. */
function edgePath(from: LaidOutNode, to: LaidOutNode, nodeHeight: number, bow: number): string {
  const half = nodeHeight / 2
  if (from.y === to.y) {
    const lift = nodeHeight * 0.9 + Math.abs(bow)
    return `M ${from.x} ${from.y - half} C ${from.x} ${from.y - half - lift}, ${to.x} ${to.y - half - lift}, ${to.x} ${to.y - half}`
  }
  const down = to.y > from.y
  const startY = down ? from.y + half : from.y - half
  const endY = down ? to.y - half : to.y + half
  const middle = (startY + endY) / 2
  return `M ${from.x + bow} ${startY} C ${from.x + bow} ${middle}, ${to.x + bow} ${middle}, ${to.x + bow} ${endY}`
}
