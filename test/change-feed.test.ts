// The change feed on an embedded database: a subscriber that resumes gets what it missed, then live rows,
// each once, even when notifications of rows it had or is about to get from the log arrive meanwhile.
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { createChangeFeed, type ChangeFeed } from '../lib/change-feed'
import { openDatabase, type DomainDatabase } from '../lib/database'

interface Row {
  id: string
  position: string
}

let db: DomainDatabase
let feed: ChangeFeed<Row>

beforeAll(async () => {
  db = await openDatabase({ domain: 'feed' })
  await db.exec(`CREATE TABLE booking (id text PRIMARY KEY, position bigint NOT NULL);
    INSERT INTO booking VALUES ('r1', 1), ('r2', 2), ('r3', 3);`)
  feed = createChangeFeed<Row>({
    db,
    channel: 'booked',
    latestPosition,
    after: bookedAfter,
    positionOf: (row) => BigInt(row.position),
  })
})

let failReads = 0
async function bookedAfter(position: bigint, limit: number): Promise<Row[]> {
  if (failReads > 0 && failReads--) throw new Error('Connection terminated unexpectedly')
  return db.query<Row>('SELECT id, position::text FROM booking WHERE position > $1 ORDER BY position LIMIT $2', [
    String(position),
    limit,
  ])
}
async function latestPosition(): Promise<bigint> {
  const [row] = await db.query<{ last: string }>('SELECT coalesce(max(position), 0)::text AS last FROM booking')
  return BigInt(row!.last)
}
afterAll(async () => {
  await feed?.close()
  await db?.close()
})

const settle = () => new Promise((resolve) => setTimeout(resolve, 100))

test('a resuming subscriber gets the missed rows, then new ones, never one it had or one twice', async () => {
  const rows = await feed.subscribe(() => true, {
    after: 2n,
    async missed(limit) {
      const missed = await db.query<Row>(
        'SELECT id, position::text FROM booking WHERE position > 2 ORDER BY position LIMIT $1',
        [limit],
      )
      // While they load: late news of r2 (which the subscriber had, from a replica that heard sooner), of r3
      // (among the missed rows) and of r4, committed after they were read.
      await db.exec(`SELECT pg_notify('booked', 'r2'); SELECT pg_notify('booked', 'r3');
        INSERT INTO booking VALUES ('r4', 4); SELECT pg_notify('booked', 'r4');`)
      await settle()
      return missed
    },
  })
  try {
    // News of r3 again, once the missed rows are out: the subscriber got it from the log.
    await db.exec(
      `SELECT pg_notify('booked', 'r3'); INSERT INTO booking VALUES ('r5', 5); SELECT pg_notify('booked', 'r5');`,
    )
    const received: string[] = []
    for (let i = 0; i < 3; i++) received.push(((await rows.next()).value as Row).id)
    expect(received).toEqual(['r3', 'r4', 'r5'])
    const more = await Promise.race([
      rows.next().then((result) => (result.value as Row | undefined)?.id),
      settle().then(() => 'nothing more'),
    ])
    expect(more).toBe('nothing more')
  } finally {
    await rows.return!()
  }
})

test('a subscriber that would be more than the backlog behind is refused, and not left attached', async () => {
  const small = createChangeFeed<Row>({
    db,
    channel: 'booked_small',
    latestPosition: async () => 0n,
    after: async () => [],
    positionOf: (row) => BigInt(row.position),
    maxBacklog: 1,
  })
  try {
    const refusal = small.subscribe(() => true, {
      after: 0n,
      missed: (limit) => db.query<Row>('SELECT id, position::text FROM booking ORDER BY position LIMIT $1', [limit]),
    })
    await expect(refusal).rejects.toMatchObject({ extensions: { code: 'LIMIT_EXCEEDED' } })
    expect(small.subscriberCount).toBe(0)
  } finally {
    await small.close()
  }
})

test('a booking whose notification was lost is delivered, in order, with the next one: the feed reads its log, not the notifications', async () => {
  const rows = await feed.subscribe(() => true)
  try {
    // r6 commits while the LISTEN connection is down (no notification reaches the feed); r7 is announced.
    await db.exec(
      `INSERT INTO booking VALUES ('r6', 6); INSERT INTO booking VALUES ('r7', 7); SELECT pg_notify('booked', 'r7');`,
    )
    const received = [((await rows.next()).value as Row).id, ((await rows.next()).value as Row).id]
    expect(received).toEqual(['r6', 'r7'])
  } finally {
    await rows.return!()
  }
})

test('a read of the log that fails (the database went away) is tried again, and nothing is lost or doubled', async () => {
  const rows = await feed.subscribe(() => true)
  try {
    failReads = 2
    await db.exec(
      `INSERT INTO booking VALUES ('r8', 8); SELECT pg_notify('booked', 'r8'); INSERT INTO booking VALUES ('r9', 9); SELECT pg_notify('booked', 'r9');`,
    )
    const received = [((await rows.next()).value as Row).id, ((await rows.next()).value as Row).id]
    expect(received).toEqual(['r8', 'r9'])
    expect(failReads).toBe(0)
    const more = await Promise.race([
      rows.next().then((result) => (result.value as Row | undefined)?.id),
      settle().then(() => 'nothing more'),
    ])
    expect(more).toBe('nothing more')
  } finally {
    await rows.return!()
  }
})
