// The demo bank is deterministic and coherent across the five domains' own databases.
import { describe, expect, test } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { openDatabase } from '../lib/database'
import { createFieldCipher } from '../lib/field-encryption'
import { campaignPlans, customerBanking, customerLending, customerProfiles, plantedAnomalies, type DemoBankOptions } from '../prisma/demo-data/generate'
import { DOMAINS, loadDemoData } from '../prisma/demo-data/load'

const options: DemoBankOptions = { customers: 120, seed: 11, asOf: new Date('2026-06-15T00:00:00.000Z') }

describe('demo data', () => {
  test('the same seed and size build the same bank, and another seed a different one', () => {
    const fingerprint = (o: DemoBankOptions) => [...customerProfiles(o)].map((p) => {
      const banking = customerBanking(o, p)
      return `${p.id}|${p.ssn}|${p.joinedAt.toISOString()}|${banking.transactions.length}|${banking.transactions.at(-1)?.amount}`
    }).join('\n')
    expect(fingerprint(options)).toBe(fingerprint({ ...options }))
    expect(fingerprint({ ...options, seed: 12 })).not.toBe(fingerprint(options))
  })

  test('every domain uses the customers domain\'s ids, and campaign conversions equal the customers they acquired', async () => {
    const dbs = Object.fromEntries(await Promise.all(DOMAINS.map(async (domain) => {
      const db = await openDatabase({ domain })
      await db.migrate()
      await loadDemoData(db, domain, options, createFieldCipher(randomBytes(32)))
      return [domain, db] as const
    })))
    try {
      const customerIds = new Set((await dbs.customers!.query<{ id: string }>('SELECT id FROM "Customer"')).map((r) => r.id))
      expect(customerIds.size).toBe(options.customers)
      const referenced = [
        ...(await dbs.transactions!.query<{ id: string }>('SELECT DISTINCT "customerId" AS id FROM "Transaction"')),
        ...(await dbs.loans!.query<{ id: string }>('SELECT DISTINCT "customerId" AS id FROM "LoanApplication"')),
        ...(await dbs.risk!.query<{ id: string }>('SELECT DISTINCT "customerId" AS id FROM "RiskAssessment"')),
        ...(await dbs.marketing!.query<{ id: string }>('SELECT "customerId" AS id FROM "CustomerAcquisition"')),
      ]
      expect(referenced.filter((r) => !customerIds.has(r.id))).toEqual([])

      const credited = await dbs.customers!.query<{ campaign: string; n: number }>('SELECT "acquisitionCampaignId" AS campaign, count(*)::int AS n FROM "Customer" WHERE "acquisitionCampaignId" IS NOT NULL GROUP BY 1')
      const campaigns = await dbs.marketing!.query<{ id: string; conversions: number }>('SELECT id, conversions FROM "Campaign"')
      for (const { campaign, n } of credited) expect(campaigns.find((c) => c.id === campaign)?.conversions).toBe(n)

      const late = await dbs.transactions!.query<{ n: number }>('SELECT count(*)::int AS n FROM "Transaction" WHERE date >= $1', [options.asOf])
      expect(late[0]!.n).toBe(0)
      const openedLater = await dbs.transactions!.query<{ n: number }>('SELECT count(*)::int AS n FROM "Account" WHERE "openedAt" > $1', [options.asOf])
      expect(openedLater[0]!.n).toBe(0)
      // Nothing the generator dates lies after the as-of moment, in any product (no freshness "in 2 hours").
      const dated: [keyof typeof dbs, string, string][] = [
        ['customers', 'Customer', 'joinedAt'], ['transactions', 'Account', 'openedAt'], ['transactions', 'Transaction', 'date'],
        ['loans', 'LoanApplication', 'submittedAt'], ['loans', 'LoanApplication', 'decidedAt'], ['loans', 'Loan', 'originatedAt'],
        ['risk', 'RiskAssessment', 'assessedAt'], ['marketing', 'CustomerAcquisition', 'acquiredAt'],
      ]
      const future: string[] = []
      for (const [domain, table, column] of dated) {
        const [row] = await dbs[domain]!.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" > $1`, [options.asOf])
        if (row!.n > 0) future.push(`${table}.${column}: ${row!.n}`)
      }
      expect(future).toEqual([])
      const balances = await dbs.transactions!.query<{ id: string; balance: string; net: string }>(`
        SELECT a.id, a.balance::text AS balance, COALESCE(sum(CASE WHEN t.direction = 'CREDIT' THEN t.amount ELSE -t.amount END), 0)::text AS net
        FROM "Account" a LEFT JOIN "Transaction" t ON t."accountId" = a.id WHERE a."openedAt" >= $1 AND a.type IN ('CHECKING', 'CREDIT_CARD') GROUP BY a.id`, [new Date(options.asOf.getTime() - 365 * 86_400_000)])
      for (const b of balances) expect(Number(b.balance)).toBeCloseTo(Number(b.net), 2)
    } finally {
      for (const db of Object.values(dbs)) await db.close()
    }
  })

  test('at a larger size too, nothing is dated after the as-of moment: lending, assessments, acquisitions', () => {
    const large: DemoBankOptions = { customers: 3000, seed: 5, asOf: new Date('2026-11-25T00:00:00.000Z') }
    const late: string[] = []
    const check = (what: string, at: Date | null) => {
      if (at && at.getTime() > large.asOf.getTime()) late.push(`${what} ${at.toISOString()}`)
    }
    for (const profile of customerProfiles(large)) {
      check(`${profile.id} joined`, profile.joinedAt)
      const lending = customerLending(large, profile)
      for (const a of lending.applications) {
        check(`${a.id} submitted`, a.submittedAt)
        check(`${a.id} decided`, a.decidedAt)
      }
      for (const l of lending.loans) check(`${l.id} originated`, l.originatedAt)
      for (const r of lending.assessments) check(`${r.id} assessed`, r.assessedAt)
    }
    expect(late).toEqual([])
  })

  test('planted anomalies are large withdrawals on accounts with small regular activity', () => {
    const anomalies = plantedAnomalies(options)
    expect(anomalies.length).toBeGreaterThanOrEqual(3)
    for (const anomaly of anomalies) expect(Number(anomaly.amount)).toBeGreaterThanOrEqual(20 * Number(anomaly.typicalAmount))
    expect(campaignPlans(options).length).toBeGreaterThan(10)
  })
})
