// The Audit domain's queries: the one place that knows its table.
import { randomUUID } from 'node:crypto'
import type { DomainDatabase } from '../../lib/database'
import { keysetPage, toConnection, type Connection, type CursorValue, type SortSpec } from '../../lib/connection'
import {
  PrismaClient,
  type AccessDenial,
  type Prisma,
  type RestrictedAccess,
} from '../../prisma/audit/generated/client'

export type { AccessDenial, RestrictedAccess }
export type AccessDenialInput = Omit<AccessDenial, 'id'> & { id?: string }
export type RestrictedAccessInput = Omit<RestrictedAccess, 'id'> & { id?: string }

export interface RestrictedAccessFilter {
  customerId?: string | null
  field?: string | null
  subject?: string | null
  channel?: string | null
  requestId?: string | null
  from?: Date | null
  to?: Date | null
}

export interface AccessDenialFilter {
  subject?: string | null
  field?: string | null
  channel?: string | null
  requestId?: string | null
  from?: Date | null
  to?: Date | null
}

const NEWEST_FIRST: SortSpec<AccessDenial & RestrictedAccess> = {
  key: 'OCCURRED_AT:DESC',
  fields: ['occurredAt'],
  direction: 'DESC',
  valuesOf: (d) => [d.occurredAt],
  parseValues: (values: CursorValue[]) => values.map((v) => new Date(String(v))),
}

export type AuditData = ReturnType<typeof createAuditData>

export function createAuditData(db: DomainDatabase, countStatement: () => void) {
  const prisma = new PrismaClient({ adapter: db.adapter, log: [{ emit: 'event', level: 'query' }] })
  prisma.$on('query', countStatement)
  return {
    prisma,
    /**
     * Stores one request's denials in one statement; it is committed before this resolves. A record whose id is
     * already stored (a write repeated after a timeout) is not stored again.
     */
    async recordDenials(denials: AccessDenialInput[]): Promise<number> {
      const result = await prisma.accessDenial.createMany({
        data: denials.map((d) => ({ ...d, id: d.id ?? randomUUID(), operation: d.operation.slice(0, 4000) })),
        skipDuplicates: true,
      })
      return result.count
    },
    async denialsPage(
      filter: AccessDenialFilter | null | undefined,
      first: number,
      after: string | null | undefined,
    ): Promise<Connection<AccessDenial>> {
      const where: Prisma.AccessDenialWhereInput = {
        ...(filter?.subject && { subject: filter.subject }),
        ...(filter?.field && { field: filter.field }),
        ...(filter?.channel && { channel: filter.channel }),
        ...(filter?.requestId && { requestId: filter.requestId }),
        ...((filter?.from || filter?.to) && {
          occurredAt: { ...(filter.from && { gte: filter.from }), ...(filter.to && { lt: filter.to }) },
        }),
      }
      const page = keysetPage(NEWEST_FIRST, first, after)
      const rows = await prisma.accessDenial.findMany({
        where: page.where ? { AND: [where, page.where as Prisma.AccessDenialWhereInput] } : where,
        orderBy: page.orderBy as Prisma.AccessDenialOrderByWithRelationInput[],
        take: page.take,
      })
      return toConnection(rows, first, NEWEST_FIRST, () => prisma.accessDenial.count({ where }), Boolean(after))
    },
    /** Stores granted reads of restricted data like denials: one statement, committed before this resolves, once per id. */
    async recordRestrictedAccess(reads: RestrictedAccessInput[]): Promise<number> {
      const result = await prisma.restrictedAccess.createMany({
        data: reads.map((r) => ({ ...r, id: r.id ?? randomUUID() })),
        skipDuplicates: true,
      })
      return result.count
    },
    async restrictedAccessPage(
      filter: RestrictedAccessFilter | null | undefined,
      first: number,
      after: string | null | undefined,
    ): Promise<Connection<RestrictedAccess>> {
      const where: Prisma.RestrictedAccessWhereInput = {
        ...(filter?.customerId && { customerId: filter.customerId }),
        ...(filter?.field && { field: filter.field }),
        ...(filter?.subject && { subject: filter.subject }),
        ...(filter?.channel && { channel: filter.channel }),
        ...(filter?.requestId && { requestId: filter.requestId }),
        ...((filter?.from || filter?.to) && {
          occurredAt: { ...(filter.from && { gte: filter.from }), ...(filter.to && { lt: filter.to }) },
        }),
      }
      const page = keysetPage(NEWEST_FIRST, first, after)
      const rows = await prisma.restrictedAccess.findMany({
        where: page.where ? { AND: [where, page.where as Prisma.RestrictedAccessWhereInput] } : where,
        orderBy: page.orderBy as Prisma.RestrictedAccessOrderByWithRelationInput[],
        take: page.take,
      })
      return toConnection(rows, first, NEWEST_FIRST, () => prisma.restrictedAccess.count({ where }), Boolean(after))
    },
    /** Deletes the records that occurred before `cutoff` (both trails), in one transaction. */
    async pruneBefore(cutoff: Date): Promise<{ denials: number; restrictedAccess: number }> {
      const [denials, restrictedAccess] = await prisma.$transaction([
        prisma.accessDenial.deleteMany({ where: { occurredAt: { lt: cutoff } } }),
        prisma.restrictedAccess.deleteMany({ where: { occurredAt: { lt: cutoff } } }),
      ])
      return { denials: denials.count, restrictedAccess: restrictedAccess.count }
    },
    disconnect: () => prisma.$disconnect(),
  }
}
