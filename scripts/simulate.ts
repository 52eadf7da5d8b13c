// `npm run simulate [-- --rate 2 --count 120 --anomaly-rate 0.01 --seed 1]`: books realistic new transactions
// through the running mesh (recordTransaction, as the payments team would), so subscribers see a live feed.
// Every booking passes the data contract and is announced only once committed. Card purchases are booked
// pending and posted a few bookings later, now and then reversed (postTransaction, reverseTransaction), so
// `transactionChanged` subscribers see the lifecycle too. Stops after --count bookings.
import { parseArgs } from 'node:util'
import { nextBooking, type LiveAccount } from '../prisma/demo-data/live-bookings'
import { randomFor } from '../prisma/demo-data/random'
import { callerToken, gatewayUrl } from './caller'

const OPEN_ACCOUNTS = `query OpenAccounts($first: Int, $after: String) {
  customers(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { accounts { id type status } } } }
}`
const BOOK = `mutation Book($input: RecordTransactionInput!) {
  recordTransaction(input: $input) { id type direction amount currency channel description account { id } }
}`
const POST = `mutation Post($id: ID!) { change: postTransaction(id: $id) { id status } }`
const REVERSE = `mutation Reverse($id: ID!, $reason: String!) { change: reverseTransaction(id: $id, reason: $reason) { id status } }`
const MAX_ACCOUNTS = 2_000
/** Of the pending purchases settled, those the merchant cancels instead. */
const REVERSAL_SHARE = 0.05
/** Pending purchases waiting to settle, at most: the oldest settles when a new one would exceed it. */
const PENDING_WINDOW = 3

interface GraphQLAnswer<T> {
  data?: T | null
  errors?: { message: string; extensions?: { code?: string } }[]
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '2' },
      count: { type: 'string', default: '120' },
      'anomaly-rate': { type: 'string', default: '0.01' },
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
      token: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  })
  const rate = Number(values.rate)
  const count = Number(values.count)
  const anomalyRate = Number(values['anomaly-rate'])
  if (!(rate > 0 && rate <= 500)) throw new Error('--rate must be between 0 and 500 bookings per second')
  if (!(Number.isInteger(count) && count > 0 && count <= 1_000_000))
    throw new Error('--count must be a whole number from 1 to 1,000,000')
  if (!(anomalyRate >= 0 && anomalyRate <= 1)) throw new Error('--anomaly-rate must be between 0 and 1')
  const url = gatewayUrl()
  const token = await callerToken(
    { role: 'customer_service', subject: 'npm-run-simulate', ttl: '12h' },
    'Set MESH_TOKEN (or --token) to a token of a role that may book transactions (customer_service)',
    values.token,
  )
  const call = async <T>(query: string, variables: Record<string, unknown>): Promise<GraphQLAnswer<T>> => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    })
    return (await response.json()) as GraphQLAnswer<T>
  }

  const accounts: LiveAccount[] = []
  let after: string | null = null
  do {
    const page: GraphQLAnswer<{
      customers: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null }
        edges: { node: { accounts: (LiveAccount & { status: string })[] | null } }[]
      }
    }> = await call(OPEN_ACCOUNTS, { first: 500, after })
    if (!page.data?.customers)
      throw new Error(`Could not list accounts: ${page.errors?.map((e) => e.message).join('; ') ?? 'no data'}`)
    for (const { node } of page.data.customers.edges)
      for (const account of node.accounts ?? [])
        if (account.status === 'OPEN') accounts.push({ id: account.id, type: account.type })
    after = page.data.customers.pageInfo.hasNextPage ? page.data.customers.pageInfo.endCursor : null
  } while (after && accounts.length < MAX_ACCOUNTS)
  if (accounts.length === 0) throw new Error('The bank has no open accounts to book on')

  const random = randomFor(Number(values.seed), 'simulate')
  // Its own stream, so settling purchases does not change which bookings a seed makes.
  const settling = randomFor(Number(values.seed), 'simulate-lifecycle')
  const pending: string[] = []
  let posted = 0
  let reversed = 0
  const settleOldest = async () => {
    const id = pending.shift()!
    const reverse = settling.chance(REVERSAL_SHARE)
    const answer = await call<{ change: { id: string; status: string } }>(
      reverse ? REVERSE : POST,
      reverse ? { id, reason: 'Merchant cancelled the order' } : { id },
    )
    if (!answer.data?.change)
      return console.error(
        `refused: ${answer.errors?.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ')}`,
      )
    if (reverse) reversed++
    else posted++
    if (!values.quiet) console.log(`${new Date().toISOString()}  ${id.padEnd(18)} ${answer.data.change.status}`)
  }
  console.log(
    `Booking ${count} transactions at ${rate}/s on ${accounts.length} open accounts through ${url} (seed ${values.seed}); Ctrl-C stops.`,
  )
  let booked = 0
  let refused = 0
  let stopping = false
  process.once('SIGINT', () => (stopping = true))
  const started = Date.now()
  for (let n = 0; n < count && !stopping; n++) {
    const wait = started + (n * 1000) / rate - Date.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    const input = nextBooking(accounts, random, anomalyRate)
    const answer = await call<{
      recordTransaction: {
        id: string
        type: string
        direction: string
        amount: string
        currency: string
        channel: string
        description: string
        account: { id: string }
      }
    }>(BOOK, { input })
    const row = answer.data?.recordTransaction
    if (row) {
      booked++
      if (input.pending) pending.push(row.id)
      if (pending.length > PENDING_WINDOW) await settleOldest()
      if (!values.quiet)
        console.log(
          `${new Date().toISOString()}  ${row.id.padEnd(18)} ${row.account.id.padEnd(12)} ${row.type.padEnd(10)} ${row.direction.padEnd(6)} ${row.amount.padStart(10)} ${row.currency}  ${row.channel.padEnd(6)} ${row.description}`,
        )
    } else {
      refused++
      console.error(`refused: ${answer.errors?.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ')}`)
    }
  }
  while (pending.length > 0 && !stopping) await settleOldest()
  console.log(
    `Booked ${booked}, refused ${refused}, in ${((Date.now() - started) / 1000).toFixed(1)} s; posted ${posted}, reversed ${reversed}.`,
  )
  return refused > 0 && booked === 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message)
    process.exit(2)
  },
)
