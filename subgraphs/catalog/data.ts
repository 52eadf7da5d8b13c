// The Catalog's own database: the history of every data product's quality runs, and the alerts of failing critical rules.
import { randomUUID } from 'node:crypto'
import type { DomainDatabase } from '../../lib/database'
import {
  Prisma,
  PrismaClient,
  type QualityAlert,
  type QualityResult,
  type QualityRun,
} from '../../prisma/catalog/generated/client'

export type { QualityAlert, QualityResult, QualityRun }
export type QualityRunWithResults = QualityRun & { results: QualityResult[] }
export type NewQualityRun = Omit<QualityRun, 'id'> & { results: Omit<QualityResult, 'id' | 'runId'>[] }

export type CatalogData = ReturnType<typeof createCatalogStore>

/** A failing result as an alert keeps it. */
export type AlertResult = Pick<QualityResult, 'observed' | 'checkedRows' | 'message'>
export type NewQualityAlert = Pick<
  QualityAlert,
  'productId' | 'ruleId' | 'description' | 'dimension' | 'severity' | 'openedAt'
> &
  AlertResult & { runId: string }

export interface QualityAlertFilter {
  productId?: string | null
  /** true: open only; false: resolved only; omitted: both. */
  open?: boolean | null
}

export function createCatalogStore(db: DomainDatabase, countStatement: () => void) {
  const prisma = new PrismaClient({ adapter: db.adapter, log: [{ emit: 'event', level: 'query' }] })
  prisma.$on('query', countStatement)
  const withResults = { results: { orderBy: [{ passed: 'asc' as const }, { ruleId: 'asc' as const }] } }

  return {
    /** Stores a run with its results, all or nothing. */
    async saveRun(run: NewQualityRun): Promise<QualityRunWithResults> {
      const { results, ...fields } = run
      return prisma.qualityRun.create({
        data: { ...fields, id: randomUUID(), results: { create: results.map((r) => ({ ...r, id: randomUUID() })) } },
        include: withResults,
      })
    },

    /** The newest run of each of these products, in one statement. */
    async latestRuns(productIds: readonly string[]): Promise<Map<string, QualityRunWithResults>> {
      const newest = await prisma.$queryRaw<{ id: string }[]>`
        SELECT DISTINCT ON ("productId") id FROM "QualityRun" WHERE "productId" = ANY(${[...productIds]}) ORDER BY "productId", "startedAt" DESC, id DESC`
      const runs = await prisma.qualityRun.findMany({
        where: { id: { in: newest.map((r) => r.id) } },
        include: withResults,
      })
      return new Map(runs.map((run) => [run.productId, run]))
    },

    /** When the newest scheduled run (by any catalog replica) started. */
    async lastScheduledRun(): Promise<Date | null> {
      const newest = await prisma.qualityRun.findFirst({
        where: { trigger: 'SCHEDULE' },
        orderBy: { startedAt: 'desc' },
        select: { startedAt: true },
      })
      return newest?.startedAt ?? null
    },

    history: (productId: string, first: number) =>
      prisma.qualityRun.findMany({
        where: { productId },
        orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
        take: first,
        include: withResults,
      }),

    /** The open alerts of each of these products, oldest first, in one statement. */
    async openAlerts(productIds: readonly string[]): Promise<Map<string, QualityAlert[]>> {
      const alerts = await prisma.qualityAlert.findMany({
        where: { productId: { in: [...productIds] }, resolvedAt: null },
        orderBy: [{ openedAt: 'asc' }, { ruleId: 'asc' }],
      })
      const byProduct = new Map<string, QualityAlert[]>()
      for (const alert of alerts) byProduct.set(alert.productId, [...(byProduct.get(alert.productId) ?? []), alert])
      return byProduct
    },

    /** Alerts, newest first. */
    alerts: (filter: QualityAlertFilter, first: number) =>
      prisma.qualityAlert.findMany({
        where: {
          ...(filter.productId && { productId: filter.productId }),
          ...(typeof filter.open === 'boolean' && { resolvedAt: filter.open ? null : { not: null } }),
        },
        orderBy: [{ openedAt: 'desc' }, { id: 'desc' }],
        take: first,
      }),

    /** Opens an alert; null when the rule already has an open one (another run, maybe another replica, opened it). */
    async openAlert({ runId, openedAt, ...alert }: NewQualityAlert): Promise<QualityAlert | null> {
      try {
        return await prisma.qualityAlert.create({
          data: {
            ...alert,
            id: randomUUID(),
            openedAt,
            openedByRunId: runId,
            openKey: `${alert.productId}/${alert.ruleId}`,
            lastRunId: runId,
            lastCheckedAt: openedAt,
          },
        })
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return null
        throw error
      }
    },

    /** Records that a run still sees an open alert's rule failing. */
    stillFailing: (id: string, runId: string, checkedAt: Date, result: AlertResult) =>
      prisma.qualityAlert.updateMany({
        where: { id, resolvedAt: null },
        data: { ...result, lastRunId: runId, lastCheckedAt: checkedAt },
      }),

    /** Resolves an open alert; null when it was resolved already (by another run). */
    async resolveAlert(id: string, runId: string, resolvedAt: Date): Promise<QualityAlert | null> {
      const { count } = await prisma.qualityAlert.updateMany({
        where: { id, resolvedAt: null },
        data: { resolvedAt, resolvedByRunId: runId, openKey: null, lastRunId: runId, lastCheckedAt: resolvedAt },
      })
      return count === 1 ? prisma.qualityAlert.findUnique({ where: { id } }) : null
    },

    disconnect: () => prisma.$disconnect(),
  }
}
