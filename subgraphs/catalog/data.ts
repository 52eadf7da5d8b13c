// The Catalog's own database: the history of every data product's quality runs.
import { randomUUID } from 'node:crypto'
import type { DomainDatabase } from '../../lib/database'
import { PrismaClient, type QualityResult, type QualityRun } from '../../prisma/catalog/generated/client'

export type { QualityResult, QualityRun }
export type QualityRunWithResults = QualityRun & { results: QualityResult[] }
export type NewQualityRun = Omit<QualityRun, 'id'> & { results: Omit<QualityResult, 'id' | 'runId'>[] }

export type CatalogData = ReturnType<typeof createCatalogStore>

export function createCatalogStore(db: DomainDatabase, countStatement: () => void) {
  const prisma = new PrismaClient({ adapter: db.adapter, log: [{ emit: 'event', level: 'query' }] })
  prisma.$on('query', countStatement)
  const withResults = { results: { orderBy: [{ passed: 'asc' as const }, { ruleId: 'asc' as const }] } }

  return {
    /** Stores a run with its results, all or nothing. */
    async saveRun(run: NewQualityRun): Promise<QualityRunWithResults> {
      const { results, ...fields } = run
      return prisma.qualityRun.create({ data: { ...fields, id: randomUUID(), results: { create: results.map((r) => ({ ...r, id: randomUUID() })) } }, include: withResults })
    },

    /** The newest run of each of these products, in one statement. */
    async latestRuns(productIds: readonly string[]): Promise<Map<string, QualityRunWithResults>> {
      const newest = await prisma.$queryRaw<{ id: string }[]>`
        SELECT DISTINCT ON ("productId") id FROM "QualityRun" WHERE "productId" = ANY(${[...productIds]}) ORDER BY "productId", "startedAt" DESC, id DESC`
      const runs = await prisma.qualityRun.findMany({ where: { id: { in: newest.map((r) => r.id) } }, include: withResults })
      return new Map(runs.map((run) => [run.productId, run]))
    },

    /** When the newest scheduled run (by any catalog replica) started. */
    async lastScheduledRun(): Promise<Date | null> {
      const newest = await prisma.qualityRun.findFirst({ where: { trigger: 'SCHEDULE' }, orderBy: { startedAt: 'desc' }, select: { startedAt: true } })
      return newest?.startedAt ?? null
    },

    history: (productId: string, first: number) =>
      prisma.qualityRun.findMany({ where: { productId }, orderBy: [{ startedAt: 'desc' }, { id: 'desc' }], take: first, include: withResults }),

    disconnect: () => prisma.$disconnect(),
  }
}
