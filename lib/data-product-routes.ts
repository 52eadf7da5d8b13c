// What every domain serves about its own data product to the mesh's catalog: its descriptor and contract,
// its live status, and its quality rules run on its own database. Internal endpoints: only the mesh's
// own services (holding the internal secret) may call them.
import express, { type Express, type RequestHandler } from 'express'
import type { DocumentNode } from 'graphql'
import { z } from 'zod'
import { IDENTITY_HEADER, SERVICE_SUBJECT_PREFIX, verifyForwardedIdentity } from '../rules/identity'
import { productFields, rootFields, toOdcs, toOdps } from './data-contract'
import { ErrorCode, errorResponse } from './errors'
import type { DataProductDescriptor, QualityRule, ReferencesRule } from './data-product'
import type { SqlRunner } from './migrate'
import { missingKeys, quote, referencedValues, runLocalRules } from './quality'

export const DATA_PRODUCT_PATH = '/internal/data-product'

/** Everything the catalog learns from one product. */
export interface PublishedDataProduct {
  descriptor: DataProductDescriptor
  odps: Record<string, unknown>
  odcs: Record<string, unknown>
  fields: ReturnType<typeof productFields>
  rootFields: ReturnType<typeof rootFields>
}

export interface TableStatus {
  table: string
  rows: number
  lastUpdate: string | null
}

export interface ProductStatus {
  checkedAt: string
  lastDataUpdate: string | null
  tables: TableStatus[]
}

export interface DataProductRoutesOptions {
  descriptor: DataProductDescriptor
  typeDefs: DocumentNode
  db: SqlRunner
  internalSecret: string
  now: () => Date
}

const isReferences = (rule: QualityRule): rule is ReferencesRule => rule.kind === 'references'

function onlyMeshServices(internalSecret: string): RequestHandler {
  return async (req, res, next) => {
    const identity = await verifyForwardedIdentity(req.header(IDENTITY_HEADER), internalSecret)
    if (!identity?.subject.startsWith(SERVICE_SUBJECT_PREFIX)) {
      res
        .status(403)
        .json(errorResponse(ErrorCode.FORBIDDEN, "Only the mesh's own services may call internal endpoints"))
      return
    }
    next()
  }
}

export async function productStatus(
  db: SqlRunner,
  descriptor: DataProductDescriptor,
  now: Date,
): Promise<ProductStatus> {
  const tables: TableStatus[] = []
  for (const { table, updatedAt } of descriptor.tables) {
    const [row] = await db.query<{ rows: number; last: Date | string | null }>(
      `SELECT count(*)::int AS rows, max(${quote(updatedAt)}) AS last FROM ${quote(table)}`,
    )
    tables.push({
      table,
      rows: Number(row?.rows ?? 0),
      lastUpdate: row?.last ? new Date(row.last).toISOString() : null,
    })
  }
  const updates = tables.flatMap((t) => (t.lastUpdate ? [t.lastUpdate] : [])).sort()
  return { checkedAt: now.toISOString(), lastDataUpdate: updates.at(-1) ?? null, tables }
}

const ValuesQuery = z.object({
  rule: z.string().min(1),
  after: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(5000),
})
const MissingBody = z.object({ entity: z.string().min(1), keys: z.array(z.string()).max(10_000) })

export function mountDataProductRoutes(app: Express, options: DataProductRoutesOptions): void {
  const { descriptor, typeDefs, db } = options
  const guard = onlyMeshServices(options.internalSecret)
  const published: PublishedDataProduct = {
    descriptor,
    odps: toOdps(descriptor),
    odcs: toOdcs(descriptor, typeDefs),
    fields: productFields(descriptor, typeDefs),
    rootFields: rootFields(descriptor, typeDefs),
  }

  app.get(DATA_PRODUCT_PATH, guard, (_req, res) => void res.json(published))

  app.get(`${DATA_PRODUCT_PATH}/status`, guard, async (_req, res, next) => {
    try {
      res.json(await productStatus(db, descriptor, options.now()))
    } catch (error) {
      next(error)
    }
  })

  // The rules this product can check alone; references across products are run by the catalog.
  app.post(`${DATA_PRODUCT_PATH}/quality`, guard, async (_req, res, next) => {
    try {
      res.json({ results: await runLocalRules(db, descriptor.quality, options.now()) })
    } catch (error) {
      next(error)
    }
  })

  app.get(`${DATA_PRODUCT_PATH}/quality/values`, guard, async (req, res, next) => {
    const query = ValuesQuery.safeParse(req.query)
    const rule = query.success ? descriptor.quality.find((r) => r.id === query.data.rule) : undefined
    if (!query.success || !rule || !isReferences(rule)) {
      res
        .status(400)
        .json(
          errorResponse(ErrorCode.BAD_USER_INPUT, "Give the id of one of this product's references rules as ?rule="),
        )
      return
    }
    try {
      res.json({ values: await referencedValues(db, rule, query.data.after ?? null, query.data.limit) })
    } catch (error) {
      next(error)
    }
  })

  app.post(`${DATA_PRODUCT_PATH}/quality/missing`, guard, express.json({ limit: '2mb' }), async (req, res, next) => {
    const body = MissingBody.safeParse(req.body)
    const table = body.success ? descriptor.tables.find((t) => t.type === body.data.entity) : undefined
    if (!body.success || !table) {
      res
        .status(400)
        .json(errorResponse(ErrorCode.BAD_USER_INPUT, 'Give { entity, keys } for an entity this product owns'))
      return
    }
    try {
      res.json({ missing: await missingKeys(db, table.table, table.key, body.data.keys) })
    } catch (error) {
      next(error)
    }
  })
}
