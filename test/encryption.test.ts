// Restricted columns are encrypted at rest: no plain SSN is stored, only entitled callers see it
// decrypted, and searching by SSN goes through a keyed hash.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { createFieldCipher } from '../lib/field-encryption'
import { customerProfiles } from '../prisma/demo-data/generate'
import { startMesh, type RunningMesh } from './support/mesh'

let mesh: RunningMesh
let ssnById: Map<string, string>

beforeAll(async () => {
  mesh = await startMesh({ customers: 50 })
  ssnById = new Map([...customerProfiles(mesh.demo)].map((p) => [p.id, p.ssn]))
})
afterAll(() => mesh?.stop())

const as = async (role: 'compliance_officer' | 'analyst') => ({ authorization: `Bearer ${await mesh.token({ role })}` })

describe('encryption at rest', () => {
  test('a dump of the customers database shows no SSN', async () => {
    const dump = (
      await mesh.databases.customers.query<{ row: string }>('SELECT row_to_json(c)::text AS row FROM "Customer" c')
    )
      .map((r) => r.row)
      .join('\n')
    expect(dump.length).toBeGreaterThan(1000)
    for (const ssn of ssnById.values()) expect(dump).not.toContain(ssn)
    expect(dump).not.toMatch(/\b\d{3}-\d{2}-\d{4}\b/)
  })

  test('credit scores are stored only encrypted, and a risk officer reads them decrypted', async () => {
    const columns = await mesh.databases.risk.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'RiskAssessment'`,
    )
    expect(columns.map((c) => c.name)).not.toContain('creditScore')
    const [stored] = await mesh.databases.risk.query<{ customerId: string; score: string }>(
      `SELECT "customerId", "creditScoreEncrypted" AS score FROM "RiskAssessment" WHERE subject = 'CUSTOMER' ORDER BY "assessedAt" DESC LIMIT 1`,
    )
    expect(stored!.score).toMatch(/^v1\./)
    const response = await mesh.query<any>(`{ customer(id: "${stored!.customerId}") { creditScore } }`, undefined, {
      authorization: `Bearer ${await mesh.token({ role: 'risk_officer' })}`,
    })
    expect(response.data.customer.creditScore).toBe(
      Number(mesh.cipher.decrypt(stored!.score, 'RiskAssessment.creditScore')),
    )
  })

  test('a compliance officer reads each SSN decrypted, equal to what was loaded', async () => {
    const response = await mesh.query<any>(
      '{ customers(first: 50) { edges { node { id ssn } } } }',
      undefined,
      await as('compliance_officer'),
    )
    expect(response.errors).toBeUndefined()
    for (const { node } of response.data.customers.edges) expect(node.ssn).toBe(ssnById.get(node.id))
  })

  test('finding a customer by SSN matches by keyed hash for the entitled, and is refused to others', async () => {
    const [id, ssn] = [...ssnById.entries()][7]!
    const query = 'query($ssn: String) { customers(filter: { ssn: $ssn }) { edges { node { id } } } }'
    const found = await mesh.query<any>(query, { ssn }, await as('compliance_officer'))
    expect(found.data.customers.edges.map((e: any) => e.node.id)).toEqual([id])
    const refused = await mesh.query<any>(query, { ssn }, await as('analyst'))
    expect(refused.data?.customers ?? null).toBeNull()
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } })
    expect(refused.errors?.[0]?.message).toMatch(/CustomerFilter\.ssn/)
  })

  test('the same SSN encrypts differently each time, and a tampered value or another key fails to decrypt', () => {
    const cipher = createFieldCipher(randomBytes(32))
    const a = cipher.encrypt('900-12-3456', 'Customer.ssn')
    const b = cipher.encrypt('900-12-3456', 'Customer.ssn')
    expect(a).not.toBe(b)
    expect(cipher.decrypt(a, 'Customer.ssn')).toBe('900-12-3456')
    expect(cipher.blindIndex('900-12-3456', 'Customer.ssn')).toBe(cipher.blindIndex('900-12-3456', 'Customer.ssn'))
    const tampered = a.slice(0, -2) + (a.endsWith('A') ? 'BB' : 'AA')
    expect(() => cipher.decrypt(tampered, 'Customer.ssn')).toThrow()
    expect(() => cipher.decrypt(a, 'Customer.email')).toThrow()
    expect(() => createFieldCipher(randomBytes(32)).decrypt(a, 'Customer.ssn')).toThrow()
  })
})
