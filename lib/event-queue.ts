// The one queue between a producer of events and a consumer that reads them at its own pace, as every
// streaming layer needs it (the change feed, the subgraphs' subscriptions, the gateway's router): bounded,
// so a consumer that falls too far behind is cut off with a stable error instead of holding memory forever.
import { GraphQLError } from 'graphql'
import { ErrorCode } from './errors'

export interface EventQueueOptions {
  /**
   * Events that may wait unread before the consumer is cut off (default 1000): one more discards them and
   * fails the consumer with LIMIT_EXCEEDED (see `backlogExceeded`).
   */
  maxBacklog?: number
  /**
   * Called once, as soon as the queue takes no more events: on `end`, `fail`, an overflow, or the
   * consumer's `return` or `throw`. The producer lets go there of whatever feeds the queue.
   */
  onClose?: () => void
}

/** The consumer's side is the async iterator; the producer's side is push, fail and end. */
export interface EventQueue<T> extends AsyncIterableIterator<T> {
  /** Queues an event, or hands it to a waiting consumer; false when the queue took no more (closed or overflowing). */
  push(event: T): boolean
  /** Ends the events with `error`: the consumer reads the events already queued, then its next read rejects with it. */
  fail(error: unknown): void
  /** Ends the events: the consumer reads the events already queued, then done. */
  end(): void
  /** True once the queue takes no more events. */
  readonly closed: boolean
  return(): Promise<IteratorResult<T>>
  throw(error: unknown): Promise<IteratorResult<T>>
}

export const DEFAULT_MAX_BACKLOG = 1000

/** The error a consumer more than `maxBacklog` events behind is cut off with. */
export function backlogExceeded(maxBacklog: number): GraphQLError {
  return new GraphQLError(
    `The subscriber fell more than ${maxBacklog} events behind and was disconnected; subscribe again`,
    { extensions: { code: ErrorCode.LIMIT_EXCEEDED } },
  )
}

export function createEventQueue<T>(options: EventQueueOptions = {}): EventQueue<T> {
  const maxBacklog = options.maxBacklog ?? DEFAULT_MAX_BACKLOG
  const buffered: T[] = []
  /** Reads waiting for an event; there are some only while nothing is buffered. */
  const readers: { resolve(result: IteratorResult<T>): void; reject(error: unknown): void }[] = []
  let closed = false
  /** The failure the consumer meets once it has read what is buffered; kept only until one read gets it. */
  let failure: { error: unknown } | undefined

  const close = () => {
    if (closed) return
    closed = true
    options.onClose?.()
  }
  // Once closed and drained: the failure to the first waiting read, done to every other.
  const settleReaders = () => {
    for (let reader = readers.shift(); reader; reader = readers.shift()) {
      if (failure) {
        const { error } = failure
        failure = undefined
        reader.reject(error)
      } else {
        reader.resolve(DONE)
      }
    }
  }
  const fail = (error: unknown) => {
    if (closed) return
    failure = { error }
    close()
    if (buffered.length === 0) settleReaders()
  }

  const queue: EventQueue<T> = {
    get closed() {
      return closed
    },
    push(event) {
      if (closed) return false
      const reader = readers.shift()
      if (reader) {
        reader.resolve({ value: event, done: false })
        return true
      }
      if (buffered.length >= maxBacklog) {
        // The consumer will not catch up: what it has not read goes, and it learns why at its next read.
        buffered.length = 0
        fail(backlogExceeded(maxBacklog))
        return false
      }
      buffered.push(event)
      return true
    },
    fail,
    end() {
      if (closed) return
      close()
      if (buffered.length === 0) settleReaders()
    },
    next() {
      if (buffered.length > 0) return Promise.resolve({ value: buffered.shift()!, done: false })
      if (failure) {
        const { error } = failure
        failure = undefined
        return Promise.reject(error)
      }
      if (closed) return Promise.resolve(DONE)
      return new Promise((resolve, reject) => readers.push({ resolve, reject }))
    },
    return() {
      buffered.length = 0
      failure = undefined
      close()
      settleReaders()
      return Promise.resolve(DONE)
    },
    // graphql-sse stops a stream only if it looks like an async generator (return and throw).
    async throw(error) {
      await queue.return()
      throw error
    },
    [Symbol.asyncIterator]() {
      return queue
    },
  }
  return queue
}

export interface MapEventsOptions<U> {
  /** Called once when the events end, however they end: done, failed, returned or thrown into. */
  onEnd?: () => void
  /** Turns the source's failure into one last event instead of a rejected read (default: the read rejects). */
  lastEventOnFailure?: (error: unknown) => U
}

/**
 * `source`'s events through `map` (awaited, so each event keeps its turn), as an iterator whose `return`
 * reaches the source at once, even while a read waits (an async generator would wait for that read first).
 */
export function mapEvents<T, U>(
  source: AsyncIterator<T>,
  map: (event: T) => U | PromiseLike<U>,
  options: MapEventsOptions<U> = {},
): AsyncIterableIterator<U> & {
  return(): Promise<IteratorResult<U>>
  throw(error: unknown): Promise<IteratorResult<U>>
} {
  let ended = false
  const end = () => {
    if (ended) return
    ended = true
    options.onEnd?.()
  }
  const mapped = {
    async next(): Promise<IteratorResult<U>> {
      let result: IteratorResult<T>
      try {
        result = await source.next()
      } catch (error) {
        end()
        if (!options.lastEventOnFailure) throw error
        return { value: options.lastEventOnFailure(error), done: false }
      }
      if (result.done) {
        end()
        return DONE
      }
      return { value: await map(result.value), done: false }
    },
    async return(): Promise<IteratorResult<U>> {
      end()
      await source.return?.()
      return DONE
    },
    async throw(error: unknown): Promise<IteratorResult<U>> {
      end()
      if (source.throw) await source.throw(error)
      else await source.return?.()
      throw error
    },
    [Symbol.asyncIterator]() {
      return mapped
    },
  }
  return mapped
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true }
