// Lineage in the catalog: product-to-product edges from federation entity references and cross-product quality
// rules, derived fields with their inputs and the parts of their figures, the dashboard's tiles and example queries as consumers, glossary
// terms on the fields they name; asked through the gateway as a client would.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { Kind, parse, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { DataProductDescriptor } from '../lib/data-product'
import { SUBGRAPHS } from '../subgraphs/registry'
import { DASHBOARD_TILES } from '../web/src/dashboard/tiles'
import { startMesh, type RunningMesh } from './support/mesh'

const ROOT = path.join(__dirname, '..')
const descriptors: DataProductDescriptor[] = SUBGRAPHS.map(
  ({ name }) => require(`../subgraphs/${name}/data-product`).dataProduct as DataProductDescriptor,
)
const descriptor = (id: string) => descriptors.find((d) => d.id === id)!

interface LineageNode {
  id: string
  kind: string
  label: string
  productId: string | null
  derivation: string | null
  distance: number
}
interface LineageEdge {
  from: string
  to: string
  kind: string
  via: string[]
}
interface Lineage {
  of: LineageNode
  nodes: LineageNode[]
  edges: LineageEdge[]
}

const LINEAGE_QUERY = `query Lineage($of: String!, $direction: LineageDirection, $depth: Int, $kinds: [LineageNodeKind!]) {
  lineage(of: $of, direction: $direction, depth: $depth, kinds: $kinds) {
    of { id kind label }
    nodes { id kind label productId derivation distance }
    edges { from to kind via }
  }
}`

// That every derivation's inputs exist, and that every field has a provenance, is checked in process by
// test/unit/lineage-completeness.test.ts.
describe('the consumers the catalog knows', () => {
  test('the tiles the catalog knows are the tiles the dashboard draws', () => {
    const sources = ['Dashboard.tsx', 'Breakdown.tsx']
      .map((file) => readFileSync(path.join(ROOT, 'web', 'src', 'dashboard', file), 'utf8'))
      .join('\n')
    const drawn = [...sources.matchAll(/<(?:Kpi)?Tile\s+name="([^"]+)"/g)].map((match) => match[1])
    expect(new Set(drawn)).toEqual(new Set(DASHBOARD_TILES.map((tile) => tile.name)))
  })
})

describe('lineage through the gateway', () => {
  let mesh: RunningMesh

  beforeAll(async () => {
    mesh = await startMesh({ customers: 20 })
  })
  afterAll(() => mesh?.stop())

  async function lineage(variables: Record<string, unknown>, headers?: Record<string, string>): Promise<Lineage> {
    const response = await mesh.query<{ lineage: Lineage }>(LINEAGE_QUERY, variables, headers)
    expect(response.errors).toBeUndefined()
    return response.data!.lineage
  }

  test('what depends on Customer.riskGrade: the grade distribution derived from it, the tile and examples reading them, the glossary words for it', async () => {
    const answer = await lineage(
      { of: 'Customer.riskGrade', direction: 'DOWNSTREAM' },
      { authorization: `Bearer ${await mesh.token({ role: 'analyst' })}` },
    )
    expect(answer.of).toEqual({ id: 'field:Customer.riskGrade', kind: 'FIELD', label: 'Customer.riskGrade' })
    const ids = answer.nodes.map((n) => n.id)
    const risk = descriptor('risk')
    const examples = risk.exampleQueries.flatMap((example, index) =>
      example.query.includes('riskGrade') ? [`example:risk.${index + 1}`] : [],
    )
    const terms = (risk.glossary ?? [])
      .filter((term) => term.filter.input === 'riskGrade')
      .map((term) => `term:risk.${term.term}`)
    expect(examples.length).toBeGreaterThan(0)
    expect(terms.length).toBeGreaterThan(0)
    expect(ids).toEqual(
      expect.arrayContaining(['field:Query.riskGradeDistribution', 'tile:risk-grades', ...examples, ...terms]),
    )
    expect(answer.edges).toContainEqual({
      from: 'field:Customer.riskGrade',
      to: 'field:Query.riskGradeDistribution',
      kind: 'DERIVED_FROM',
      via: ['Customer.riskGrade'],
    })
    expect(answer.edges).toContainEqual({
      from: 'field:Query.riskGradeDistribution',
      to: 'tile:risk-grades',
      kind: 'READS',
      via: [],
    })
    expect(answer.nodes.every((n) => n.distance >= 0)).toBe(true)
    // Nothing it is computed from comes back on a downstream question.
    expect(ids).not.toContain('table:risk.RiskAssessment')
  })

  test("each glossary term, the chat agent's vocabulary, says the filter it stands for and the fields it names", async () => {
    const response = await mesh.query<{
      dataProduct: { glossary: { term: string; filter: string; fields: string[] }[] }
    }>('{ dataProduct(id: "risk") { glossary { term filter fields } } }')
    expect(response.errors).toBeUndefined()
    const expected = (descriptor('risk').glossary ?? []).map((term) => ({
      term: term.term,
      filter: `${term.filter.input}: ${term.filter.value}`,
    }))
    expect(response.data!.dataProduct.glossary.map(({ term, filter }) => ({ term, filter }))).toEqual(expected)
    for (const term of response.data!.dataProduct.glossary)
      expect(term.fields).toEqual(expect.arrayContaining(['Customer.riskGrade', 'RiskAssessment.riskGrade']))
  })

  test("where the risk-grades tile's figure comes from: the distribution, derived from the grade and the RiskAssessment table of the risk product", async () => {
    const answer = await lineage({ of: 'tile:risk-grades', direction: 'UPSTREAM' })
    const byId = new Map(answer.nodes.map((n) => [n.id, n]))
    expect(byId.get('field:Query.riskGradeDistribution')).toMatchObject({
      kind: 'FIELD',
      productId: 'risk',
      distance: -1,
      derivation: expect.stringContaining('risk grade'),
    })
    expect(byId.get('table:risk.RiskAssessment')).toMatchObject({ kind: 'TABLE', productId: 'risk' })
    expect(byId.get('product:risk')).toMatchObject({ kind: 'PRODUCT', label: descriptor('risk').name })
    const fromTable = answer.edges.find(
      (e) => e.from === 'table:risk.RiskAssessment' && e.to === 'field:Query.riskGradeDistribution',
    )!
    expect(fromTable.kind).toBe('DERIVED_FROM')
    expect(fromTable.via).toEqual(expect.arrayContaining(['riskGrade', 'probabilityOfDefault']))
    expect(answer.nodes.every((n) => n.distance <= 0)).toBe(true)
  })

  test('every dashboard tile traces to the table its figures are computed from', async () => {
    const deposits = await lineage({ of: 'tile:deposits', direction: 'UPSTREAM', kinds: ['TILE', 'FIELD', 'TABLE'] })
    expect(deposits.edges).toContainEqual(
      expect.objectContaining({
        from: 'table:transactions.Transaction',
        to: 'field:Query.transactionSummary',
        kind: 'DERIVED_FROM',
        via: expect.arrayContaining(['amount', 'type']),
      }),
    )
    expect(deposits.nodes.map((n) => n.kind).filter((kind) => kind === 'PRODUCT')).toEqual([])
    for (const tile of DASHBOARD_TILES) {
      const answer = await lineage({
        of: `tile:${tile.name}`,
        direction: 'UPSTREAM',
        kinds: ['TILE', 'FIELD', 'TABLE'],
      })
      expect([tile.name, answer.nodes.some((n) => n.kind === 'TABLE')]).toEqual([tile.name, true])
    }
  })

  test('a part of a derived figure traces to the derivation it belongs to, a column stored under another name to its table', async () => {
    const part = await lineage({ of: 'TransactionSummary.credits', direction: 'UPSTREAM' })
    expect(part.edges).toContainEqual({
      from: 'field:Query.transactionSummary',
      to: 'field:TransactionSummary.credits',
      kind: 'DERIVED_FROM',
      via: ['Query.transactionSummary'],
    })
    expect(part.nodes.map((n) => n.id)).toContain('table:transactions.Transaction')
    const renamed = await lineage({
      of: 'TransactionChange.occurredAt',
      direction: 'UPSTREAM',
      depth: 1,
      kinds: ['FIELD', 'TABLE'],
    })
    expect(renamed.edges).toEqual([
      {
        from: 'table:transactions.TransactionEvent',
        to: 'field:TransactionChange.occurredAt',
        kind: 'DERIVED_FROM',
        via: ['recordedAt'],
      },
    ])
  })

  test("products depend on the products whose entities they extend or reference, as the subgraphs' SDL says, and on those their quality rules check against", async () => {
    const owners = new Map(descriptors.flatMap((d) => d.tables.map((t) => [t.type, d.id] as const)))
    const expected = SUBGRAPHS.flatMap(({ name }) =>
      keyedTypesIn(name).flatMap((type) => {
        const owner = owners.get(type)
        return owner && owner !== name ? [{ from: `product:${owner}`, to: `product:${name}`, type }] : []
      }),
    )
    expect(expected).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: 'product:customers', to: 'product:risk', type: 'Customer' }),
        expect.objectContaining({ from: 'product:loans', to: 'product:risk', type: 'LoanApplication' }),
      ]),
    )
    const edges: LineageEdge[] = []
    for (const d of descriptors)
      edges.push(
        ...(await lineage({ of: `product:${d.id}`, direction: 'DOWNSTREAM', depth: 1, kinds: ['PRODUCT'] })).edges,
      )
    for (const { from, to, type } of expected) {
      const edge = edges.find((e) => e.kind === 'ENTITY_REFERENCE' && e.from === from && e.to === to)
      expect([from, to, type, (edge?.via.length ?? 0) > 0]).toEqual([from, to, type, true])
    }
    const riskFromCustomers = edges.find(
      (e) => e.kind === 'ENTITY_REFERENCE' && e.from === 'product:customers' && e.to === 'product:risk',
    )!
    expect(riskFromCustomers.via).toContain('Customer.riskGrade')
    for (const d of descriptors) {
      for (const rule of d.quality) {
        if (rule.kind !== 'references') continue
        const edge = edges.find(
          (e) =>
            e.kind === 'QUALITY_RULE' && e.from === `product:${rule.references.product}` && e.to === `product:${d.id}`,
        )
        expect([rule.id, edge?.via.includes(rule.id)]).toEqual([rule.id, true])
      }
    }
  })

  test('a product-only lineage walks products alone', async () => {
    const answer = await lineage({ of: 'risk', kinds: ['PRODUCT'] })
    expect(answer.of.id).toBe('product:risk')
    expect(new Set(answer.nodes.map((n) => n.kind))).toEqual(new Set(['PRODUCT']))
    expect(answer.nodes.filter((n) => n.distance < 0).map((n) => n.id)).toEqual(
      expect.arrayContaining(['product:customers', 'product:loans']),
    )
  })

  test('a customer may not read the lineage: FORBIDDEN, and the denial names the field', async () => {
    const response = await mesh.query<{ lineage: Lineage | null }>(
      LINEAGE_QUERY,
      { of: 'Customer.riskGrade' },
      { authorization: `Bearer ${await mesh.token({ role: 'customer', customerId: 'C-00001' })}` },
    )
    expect(response.data?.lineage ?? null).toBeNull()
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    expect(response.errors?.[0]?.path).toEqual(['lineage'])
  })

  test('an unknown node answers NOT_FOUND, a depth out of range BAD_USER_INPUT', async () => {
    const unknown = await mesh.query(LINEAGE_QUERY, { of: 'Customer.favouriteColour' })
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND')
    expect(unknown.errors?.[0]?.message).toMatch(/no node "Customer.favouriteColour"/)
    const deep = await mesh.query(LINEAGE_QUERY, { of: 'Customer.riskGrade', depth: 0 })
    expect(deep.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })
})

/** The entity types (with @key) a subgraph's own SDL defines or extends. */
function keyedTypesIn(subgraph: string): string[] {
  const document = parse(readFileSync(path.join(ROOT, 'subgraphs', subgraph, 'schema.graphql'), 'utf8'))
  return document.definitions
    .filter(
      (d): d is ObjectTypeDefinitionNode | ObjectTypeExtensionNode =>
        d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION,
    )
    .filter((d) => d.directives?.some((directive) => directive.name.value === 'key'))
    .map((d) => d.name.value)
}
