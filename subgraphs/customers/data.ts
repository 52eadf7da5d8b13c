// The Customers domain's queries: the one place that knows its tables.
import type { DomainDatabase } from '../../lib/database'
import { createFieldCipher, parseDataKey, type FieldCipher } from '../../lib/field-encryption'
import {
  keysetPage,
  toConnection,
  type Connection,
  type CursorValue,
  type SortDirection,
  type SortSpec,
} from '../../lib/connection'
import { PrismaClient, type Customer, type Prisma } from '../../prisma/customers/generated/client'

export type { Customer }

export interface CustomerFilter {
  /** Set only by row-level security (a customer sees their own record); not part of the public filter. */
  customerId?: string | null
  segment?: Customer['segment'] | null
  region?: string | null
  acquisitionChannel?: Customer['acquisitionChannel'] | null
  acquisitionCampaignId?: string | null
  joinedFrom?: Date | null
  joinedBefore?: Date | null
  nameContains?: string | null
  ssn?: string | null
}

export interface CustomerOrder {
  field: 'JOINED_AT' | 'NAME'
  direction: SortDirection
}

export type CustomersData = ReturnType<typeof createCustomersData>

/** What customers can be grouped by, and the column each is. */
export type CustomerDimension = 'REGION' | 'SEGMENT' | 'ACQUISITION_CHANNEL'
type CustomerDimensionField = 'region' | 'segment' | 'acquisitionChannel'
const CUSTOMER_DIMENSIONS: Record<CustomerDimension, CustomerDimensionField> = {
  REGION: 'region',
  SEGMENT: 'segment',
  ACQUISITION_CHANNEL: 'acquisitionChannel',
}

/** One group of customers: the dimensions' values (null for those not grouped by) and how many. */
export interface CustomerGroup {
  region: string | null
  segment: Customer['segment'] | null
  acquisitionChannel: Customer['acquisitionChannel'] | null
  customers: number
}

export function createCustomersData(db: DomainDatabase, countStatement: () => void, dataEncryptionKey: string) {
  const cipher = createFieldCipher(parseDataKey(dataEncryptionKey))
  const prisma = new PrismaClient({ adapter: db.adapter, log: [{ emit: 'event', level: 'query' }] })
  prisma.$on('query', countStatement)

  return {
    prisma,

    /** Customers with the given ids, in no particular order. */
    customersByIds(ids: readonly string[]): Promise<Customer[]> {
      return prisma.customer.findMany({ where: { id: { in: [...ids] } } })
    },

    async customersPage(
      filter: CustomerFilter | null | undefined,
      order: CustomerOrder | null | undefined,
      first: number,
      after: string | null | undefined,
    ): Promise<Connection<Customer>> {
      const where = customerWhere(filter, cipher)
      const sort = customerSort(order ?? { field: 'JOINED_AT', direction: 'DESC' })
      const page = keysetPage(sort, first, after)
      const rows = await prisma.customer.findMany({
        where: page.where ? { AND: [where, page.where as Prisma.CustomerWhereInput] } : where,
        orderBy: page.orderBy as Prisma.CustomerOrderByWithRelationInput[],
        take: page.take,
      })
      return toConnection(rows, first, sort, () => prisma.customer.count({ where }), Boolean(after))
    },

    /** How many customers the filter selects per value of the given dimensions, from one grouped statement. */
    async customerGroups(
      by: readonly CustomerDimension[],
      filter: CustomerFilter | null | undefined,
    ): Promise<CustomerGroup[]> {
      const fields = [...new Set(by)].map((dimension) => CUSTOMER_DIMENSIONS[dimension])
      const groups = (await prisma.customer.groupBy({
        by: fields,
        where: customerWhere(filter, cipher),
        _count: { _all: true },
        orderBy: fields.map((field) => ({ [field]: 'asc' as const })),
      } as Prisma.CustomerGroupByArgs & {
        orderBy: Prisma.CustomerOrderByWithAggregationInput[]
      })) as unknown as (Partial<Pick<Customer, CustomerDimensionField>> & { _count: { _all: number } })[]
      return groups.map((group) => ({
        region: group.region ?? null,
        segment: group.segment ?? null,
        acquisitionChannel: group.acquisitionChannel ?? null,
        customers: group._count._all,
      }))
    },

    /** The customer's SSN in plain; call only for a caller the rules entitled to it. */
    decryptSsn: (customer: Customer): string | null =>
      customer.ssnEncrypted ? cipher.decrypt(customer.ssnEncrypted, 'Customer.ssn') : null,

    disconnect: () => prisma.$disconnect(),
  }
}

function customerWhere(filter: CustomerFilter | null | undefined, cipher: FieldCipher): Prisma.CustomerWhereInput {
  if (!filter) return {}
  const where: Prisma.CustomerWhereInput = {}
  // Matched by keyed hash: the plain SSN is never stored nor compared in SQL.
  if (filter.ssn) where.ssnHash = cipher.blindIndex(filter.ssn.trim(), 'Customer.ssn')
  if (filter.customerId) where.id = filter.customerId
  if (filter.segment) where.segment = filter.segment
  if (filter.region) where.region = filter.region
  if (filter.acquisitionChannel) where.acquisitionChannel = filter.acquisitionChannel
  if (filter.acquisitionCampaignId) where.acquisitionCampaignId = filter.acquisitionCampaignId
  if (filter.joinedFrom || filter.joinedBefore) {
    where.joinedAt = {
      ...(filter.joinedFrom && { gte: filter.joinedFrom }),
      ...(filter.joinedBefore && { lt: filter.joinedBefore }),
    }
  }
  if (filter.nameContains) {
    const words = filter.nameContains.trim().split(/\s+/).filter(Boolean)
    where.AND = words.map((word) => ({
      OR: [
        { firstName: { contains: word, mode: 'insensitive' } },
        { lastName: { contains: word, mode: 'insensitive' } },
      ],
    }))
  }
  return where
}

function customerSort(order: CustomerOrder): SortSpec<Customer> {
  const key = `${order.field}:${order.direction}`
  if (order.field === 'NAME') {
    return {
      key,
      fields: ['lastName', 'firstName'],
      direction: order.direction,
      valuesOf: (c) => [c.lastName, c.firstName],
      parseValues: (values: CursorValue[]) => values.map(String),
    }
  }
  return {
    key,
    fields: ['joinedAt'],
    direction: order.direction,
    valuesOf: (c) => [c.joinedAt],
    parseValues: (values: CursorValue[]) => values.map((v) => new Date(String(v))),
  }
}
