// Committed writes as a live feed. A writer positions each write in its log and calls pg_notify(channel, id)
// inside its own database transaction, so PostgreSQL (or PGlite) delivers the notification only if that
// transaction commits: a rolled-back write is never announced. A notification only wakes the feed, which
// then reads the log past the last position it delivered; so a notification lost while the LISTEN
// connection was down (a database restart, a failover) loses nothing: on listening again, and after a read
// that failed, the feed reads the log again. Every replica of a subgraph LISTENs on the same database, so a
// write made through any replica reaches the subscribers of every replica, each exactly once, in order.
import { GraphQLError } from 'graphql'
import type { DomainDatabase } from './database'
import { databaseFault } from './database-faults'
import { ErrorCode } from './errors'
import { createEventQueue, DEFAULT_MAX_BACKLOG } from './event-queue'
import { createLogger, errorFields } from './logger'

export interface ChangeFeedOptions<T> {
  db: DomainDatabase
  /** The NOTIFY channel the writers announce on. */
  channel: string
  /** The last position of the writers' log now (0 when it is empty): the feed delivers what comes after. */
  latestPosition(): Promise<bigint>
  /** The rows positioned after `position`, in position order, at most `limit` of them. */
  after(position: bigint, limit: number): Promise<T[]>
  /** The row's position in the writers' log, which follows commit order. */
  positionOf(row: T): bigint
  /** Rows a subscriber may fall behind by before it is cut off (default 1000). */
  maxBacklog?: number
}

export interface ChangeFeed<T> {
  /**
   * The rows committed from now on (positioned after the log's last position when it subscribes) that
   * `matches` accepts, in commit order. Resolves once the feed is listening, so a write made after this
   * resolves is delivered. With `resume` (a subscriber coming back),
   * the rows positioned after `resume.after` come first, as `missed` loads them (up to the given limit, in
   * commit order), each row once even if it is committed while they load; more than the backlog allows is
   * refused with LIMIT_EXCEEDED.
   */
  subscribe(matches: (row: T) => boolean, resume?: Resume<T>): Promise<AsyncIterableIterator<T>>
  /** Subscribers currently attached. */
  readonly subscriberCount: number
  close(): Promise<void>
}

export interface Resume<T> {
  after: bigint
  missed(limit: number): Promise<T[]>
}

interface Subscriber<T> {
  matches(row: T): boolean
  push(row: T): void
  fail(error: Error): void
}

/** Rows read from the log in one statement; a longer catch-up reads on. */
const READ_BATCH = 500
/** After a failed read of the log, it is read again this much later (the database may be coming back). */
const RETRY_MS = 1000

export function createChangeFeed<T>(options: ChangeFeedOptions<T>): ChangeFeed<T> {
  const subscribers = new Set<Subscriber<T>>()
  const maxBacklog = options.maxBacklog ?? DEFAULT_MAX_BACKLOG
  let listening: Promise<() => Promise<void>> | undefined
  /** The last position delivered to subscribers: the next read of the log starts after it. */
  let deliveredThrough = 0n
  let readScheduled = false
  let retry: NodeJS.Timeout | undefined
  let closed = false
  let reading = Promise.resolve()

  // Notifications arrive one by one; a burst of them is one read of the log, and reads run one at a time.
  const readLog = () => {
    if (readScheduled || closed) return
    readScheduled = true
    reading = reading
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(async () => {
        readScheduled = false
        try {
          for (let more = true; more && !closed;) {
            const rows = await options.after(deliveredThrough, READ_BATCH)
            for (const row of rows) {
              deliveredThrough = options.positionOf(row)
              for (const subscriber of subscribers) if (subscriber.matches(row)) subscriber.push(row)
            }
            more = rows.length === READ_BATCH
          }
        } catch (error) {
          const fault = databaseFault(error)
          if (fault) options.db.health.fault(fault)
          else
            createLogger(options.db.domain).error(
              errorFields(error),
              `${options.db.domain}: the log of ${options.channel} could not be read; reading it again in ${RETRY_MS} ms`,
            )
          clearTimeout(retry)
          retry = setTimeout(readLog, RETRY_MS)
        }
      })
  }

  const ensureListening = () => {
    listening ??= (async () => {
      deliveredThrough = await options.latestPosition()
      return options.db.listen(options.channel, readLog, readLog)
    })().catch((error: unknown) => {
      listening = undefined
      throw error
    })
    return listening
  }

  return {
    get subscriberCount() {
      return subscribers.size
    },
    async subscribe(matches, resume) {
      await ensureListening()
      const queue = createEventQueue<T>({ maxBacklog, onClose: () => subscribers.delete(subscriber) })
      // Until the subscriber knows where it starts, live rows wait here: some may precede its start.
      let held: T[] | undefined = []
      // The subscriber starts after `hadThrough`: the log's last position when it subscribed, or, resuming,
      // the last of the missed rows. Rows up to there are not its news (the feed may still be reading them
      // after a notification came late, or after its LISTEN connection was down), nor sent again.
      let hadThrough = 0n
      const isNew = (row: T) => options.positionOf(row) > hadThrough
      const subscriber: Subscriber<T> = {
        matches,
        push(row) {
          if (held) held.push(row)
          else if (isNew(row)) queue.push(row)
        },
        fail: (error) => queue.fail(error),
      }
      subscribers.add(subscriber)
      let rows: T[] = []
      try {
        if (resume) rows = await resume.missed(maxBacklog + 1)
        else hadThrough = await options.latestPosition()
      } catch (error) {
        subscribers.delete(subscriber)
        throw error
      }
      if (rows.length > maxBacklog) {
        subscribers.delete(subscriber)
        throw new GraphQLError(
          `More than ${maxBacklog} matching events were booked after that position: read them with a query first, then subscribe from the last one`,
          { extensions: { code: ErrorCode.LIMIT_EXCEEDED } },
        )
      }
      if (resume) hadThrough = rows.reduce((last, row) => maxOf(last, options.positionOf(row)), resume.after)
      const live = held.filter(isNew)
      held = undefined
      for (const row of [...rows, ...live]) queue.push(row)
      return queue
    },
    async close() {
      closed = true
      clearTimeout(retry)
      for (const subscriber of [...subscribers])
        subscriber.fail(
          new GraphQLError('The service is shutting down; subscribe again', {
            extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE },
          }),
        )
      const unlisten = await listening?.catch(() => undefined)
      listening = undefined
      await unlisten?.()
    },
  }
}

const maxOf = (a: bigint, b: bigint) => (a > b ? a : b)
