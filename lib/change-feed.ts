// Committed writes as a live feed. A writer calls pg_notify(channel, id) inside its own database
// transaction, so PostgreSQL (or PGlite) delivers the notification only if that transaction commits: a
// rolled-back write is never announced. Every replica of a subgraph LISTENs on the same database, so a
// write made through any replica reaches the subscribers of every replica, each exactly once.
import { GraphQLError } from 'graphql'
import type { DomainDatabase } from './database'
import { ErrorCode } from './errors'

export interface ChangeFeedOptions<T> {
  db: DomainDatabase
  /** The NOTIFY channel the writers announce on. */
  channel: string
  /** Loads the announced rows (one statement for a burst of notifications); missing ids are skipped. */
  load(ids: readonly string[]): Promise<T[]>
  /** The row's id, to put loaded rows back in announcement order. */
  idOf(row: T): string
  /** The row's position in the writers' log (commit order), which a resuming subscriber continues after. */
  positionOf?(row: T): bigint | null
  /** Rows a subscriber may fall behind by before it is cut off (default 1000). */
  maxBacklog?: number
}

export interface ChangeFeed<T> {
  /**
   * The rows committed from now on that `matches` accepts, in commit order. Resolves once the feed is
   * listening, so a write made after this resolves is delivered. With `resume` (a subscriber coming back),
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

export function createChangeFeed<T>(options: ChangeFeedOptions<T>): ChangeFeed<T> {
  const subscribers = new Set<Subscriber<T>>()
  const maxBacklog = options.maxBacklog ?? 1000
  let listening: Promise<() => Promise<void>> | undefined
  let pending: string[] = []
  let flushing = Promise.resolve()

  // Notifications arrive one by one; rows are loaded per burst, and bursts are delivered in order.
  const announce = (id: string) => {
    pending.push(id)
    if (pending.length > 1) return
    flushing = flushing.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(async () => {
      const ids = pending
      pending = []
      try {
        const byId = new Map((await options.load(ids)).map((row) => [options.idOf(row), row]))
        for (const id of ids) {
          const row = byId.get(id)
          if (row) for (const subscriber of subscribers) if (subscriber.matches(row)) subscriber.push(row)
        }
      } catch (error) {
        console.error(`${options.db.domain}: announced rows ${ids.join(', ')} could not be loaded`, error)
      }
    })
  }

  const ensureListening = () => {
    listening ??= options.db.listen(options.channel, announce).catch((error: unknown) => {
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
      const queue: T[] = []
      // While the missed rows load, live rows wait here: those committed before the load are among them.
      let held: T[] | undefined = resume ? [] : undefined
      // A resuming subscriber has, or gets from the log, every row positioned up to `hadThrough` and the rows
      // in `seen`: later news of one (a notification still on its way, another replica hearing of a write
      // later) is not sent again.
      let hadThrough: bigint | undefined
      let seen = new Set<string>()
      const positionOf = (row: T) => options.positionOf?.(row) ?? null
      const isNew = (row: T) => {
        if (hadThrough === undefined) return true
        const position = positionOf(row)
        return position === null ? !seen.has(options.idOf(row)) : position > hadThrough
      }
      let waiting: { resolve(result: IteratorResult<T>): void; reject(error: Error): void } | undefined
      let failure: Error | undefined
      let done = false
      const finish = () => {
        done = true
        subscribers.delete(subscriber)
        waiting?.resolve({ value: undefined, done: true })
        waiting = undefined
      }
      const deliver = (row: T) => {
        if (waiting) {
          waiting.resolve({ value: row, done: false })
          waiting = undefined
        } else if (queue.length >= maxBacklog) {
          subscriber.fail(new GraphQLError(`The subscriber fell more than ${maxBacklog} events behind and was disconnected; subscribe again`, { extensions: { code: ErrorCode.LIMIT_EXCEEDED } }))
        } else {
          queue.push(row)
        }
      }
      const subscriber: Subscriber<T> = {
        matches,
        push(row) {
          if (held) held.push(row)
          else if (isNew(row)) deliver(row)
        },
        fail(error) {
          subscribers.delete(subscriber)
          queue.length = 0
          if (waiting) {
            done = true
            waiting.reject(error)
            waiting = undefined
          } else {
            failure = error
          }
        },
      }
      subscribers.add(subscriber)
      if (resume) {
        let rows: T[]
        try {
          rows = await resume.missed(maxBacklog + 1)
        } catch (error) {
          subscribers.delete(subscriber)
          throw error
        }
        if (rows.length > maxBacklog) {
          subscribers.delete(subscriber)
          throw new GraphQLError(`More than ${maxBacklog} matching events were booked after that position: read them with a query first, then subscribe from the last one`, { extensions: { code: ErrorCode.LIMIT_EXCEEDED } })
        }
        hadThrough = rows.reduce((last, row) => maxOf(last, positionOf(row) ?? last), resume.after)
        seen = new Set(rows.map(options.idOf))
        const live = held!.filter(isNew)
        held = undefined
        for (const row of [...rows, ...live]) if (subscribers.has(subscriber)) deliver(row)
      }
      const iterator: AsyncIterableIterator<T> = {
        next() {
          const row = queue.shift()
          if (row !== undefined) return Promise.resolve({ value: row, done: false })
          if (failure) {
            const error = failure
            failure = undefined
            finish()
            return Promise.reject(error)
          }
          if (done) return Promise.resolve({ value: undefined, done: true })
          return new Promise((resolve, reject) => (waiting = { resolve, reject }))
        },
        return() {
          queue.length = 0
          finish()
          return Promise.resolve({ value: undefined, done: true })
        },
        [Symbol.asyncIterator]() {
          return iterator
        },
      }
      return iterator
    },
    async close() {
      for (const subscriber of [...subscribers]) subscriber.fail(new GraphQLError('The service is shutting down; subscribe again', { extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE } }))
      const unlisten = await listening?.catch(() => undefined)
      listening = undefined
      await unlisten?.()
    },
  }
}

const maxOf = (a: bigint, b: bigint) => (a > b ? a : b)
