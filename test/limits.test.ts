// Hostile input meets limits at the gateway, each answering with a clear message and a stable code,
// while ordinary queries still pass.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { startMesh, type RunningMesh } from './support/mesh'

let mesh: RunningMesh
let authorization: string

beforeAll(async () => {
  mesh = await startMesh({ customers: 30 })
  authorization = `Bearer ${await mesh.token({ role: 'analyst' })}`
})
afterAll(() => mesh?.stop())

async function post(body: unknown, raw = false) {
  const response = await fetch(mesh.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: raw ? (body as string) : JSON.stringify(body),
  })
  return {
    status: response.status,
    body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
  }
}

const deep = (levels: number) =>
  `{ customers(first: 1) { edges { node { ${'loans { application { loan { '.repeat(levels)}id${' } } }'.repeat(levels)} } } } }`

describe('request limits', () => {
  test.each([
    ['too deep', { query: deep(4) }, /depth limit of 12 exceeded/i],
    [
      'too many aliases',
      { query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: transactionSummary { count }`).join(' ')} }` },
      /Aliases limit of 30 exceeded/,
    ],
    [
      'too many tokens',
      { query: `{ customers(first: 1) { edges { node { ${'id '.repeat(3100)} } } } }` },
      /Token limit of 3000 exceeded/,
    ],
    [
      'too costly',
      {
        query:
          '{ customers(first: 1000) { edges { node { name transactions(first: 1000) { edges { node { amount } } } } } } }',
      },
      /Cost limit of 50000 exceeded/,
    ],
    [
      'too many directives',
      { query: `{ __typename ${Array.from({ length: 21 }, () => '@include(if: true)').join(' ')} }` },
      /Directives limit of 20 exceeded/,
    ],
  ])('an operation %s answers 400 with LIMIT_EXCEEDED', async (_name, body, message) => {
    const { status, body: answer } = await post(body)
    expect(status).toBe(400)
    expect(answer.errors?.some((e) => e.extensions?.code === 'LIMIT_EXCEEDED' && message.test(e.message))).toBe(true)
    expect(answer.data ?? null).toBeNull()
  })

  test('a body over 100 kB answers 413 with LIMIT_EXCEEDED', async () => {
    const { status, body } = await post({ query: '{ __typename }', variables: { padding: 'x'.repeat(120_000) } })
    expect(status).toBe(413)
    expect(body.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED')
  })

  test('a body that is not JSON answers 400 with BAD_REQUEST', async () => {
    const { status, body } = await post('{"query": ', true)
    expect(status).toBe(400)
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST')
  })

  test('a batch of operations in one request is refused', async () => {
    const { status, body } = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }])
    expect(status).toBe(400)
    expect(body.errors?.[0]?.message).toMatch(/batching/i)
  })

  test('a page larger than 1000 is refused with BAD_USER_INPUT', async () => {
    const { body } = await post({ query: '{ transactions(first: 5000) { totalCount } }' })
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT')
  })

  test('a misspelt field gets no suggestion of the real names', async () => {
    const { status, body } = await post({ query: '{ customers(first: 1) { edges { node { nam } } } }' })
    expect(status).toBe(400)
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED')
    expect(JSON.stringify(body)).not.toMatch(/Did you mean/)
  })

  test('an ordinary query spanning the domains passes every limit', async () => {
    const { status, body } = await post({
      query:
        '{ customers(first: 3) { edges { node { name accounts { balance } transactions(first: 2) { edges { node { amount account { type } } } } loans { application { riskAssessment { riskGrade } } } acquisition { campaign { name } } } } } }',
    })
    expect(status).toBe(200)
    expect(body.errors).toBeUndefined()
  })
})
