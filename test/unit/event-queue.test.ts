// The bounded event queue every streaming layer reads through (change feed, subgraph subscriptions, the
// gateway's router): order, the backlog limit, and how each end lets the other go.
import { expect, jest, test } from '@jest/globals'
import { GraphQLError } from 'graphql'
import { createEventQueue, mapEvents } from '../../lib/event-queue'

/** Lets queued callbacks and timers run, so a rejection nobody handles surfaces (Jest fails the test on one). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

const read = async <T>(events: AsyncIterator<T>, count: number) => {
  const values: T[] = []
  for (let i = 0; i < count; i++) values.push((await events.next()).value as T)
  return values
}

test('events come out in the order they were pushed, whether read before or after they arrive', async () => {
  const queue = createEventQueue<number>()
  const waiting = queue.next()
  expect(queue.push(1)).toBe(true)
  queue.push(2)
  queue.push(3)
  expect(await waiting).toEqual({ value: 1, done: false })
  const early = [queue.next(), queue.next(), queue.next()]
  queue.push(4)
  expect(await Promise.all(early)).toEqual([
    { value: 2, done: false },
    { value: 3, done: false },
    { value: 4, done: false },
  ])
})

test('one event more than the backlog discards the unread ones and fails the consumer with LIMIT_EXCEEDED, once', async () => {
  const onClose = jest.fn()
  const queue = createEventQueue<string>({ maxBacklog: 2, onClose })
  expect([queue.push('a'), queue.push('b'), queue.push('c')]).toEqual([true, true, false])
  expect(onClose).toHaveBeenCalledTimes(1)
  expect(queue.closed).toBe(true)
  expect(queue.push('d')).toBe(false)
  const failure = await queue.next().catch((error: unknown) => error)
  expect(failure).toBeInstanceOf(GraphQLError)
  expect(failure).toMatchObject({
    message: 'The subscriber fell more than 2 events behind and was disconnected; subscribe again',
    extensions: { code: 'LIMIT_EXCEEDED' },
  })
  expect(await queue.next()).toEqual({ value: undefined, done: true })
  expect(onClose).toHaveBeenCalledTimes(1)
})

test('events read as they come never count against the backlog', async () => {
  const queue = createEventQueue<number>({ maxBacklog: 1 })
  for (let i = 0; i < 5; i++) {
    expect(queue.push(i)).toBe(true)
    expect(await queue.next()).toEqual({ value: i, done: false })
  }
})

test("the consumer's return releases the producer at once: a waiting read ends, buffered events go, later pushes are refused", async () => {
  const onClose = jest.fn()
  const idle = createEventQueue<number>({ onClose })
  const waiting = idle.next()
  expect(await idle.return()).toEqual({ value: undefined, done: true })
  expect(onClose).toHaveBeenCalledTimes(1)
  expect(await waiting).toEqual({ value: undefined, done: true })
  expect(idle.push(1)).toBe(false)

  const busy = createEventQueue<number>()
  busy.push(1)
  busy.push(2)
  await busy.return()
  expect(await busy.next()).toEqual({ value: undefined, done: true })
})

test('a failure reaches the consumer after the events pushed before it, then the events are done', async () => {
  const onClose = jest.fn()
  const queue = createEventQueue<string>({ onClose })
  queue.push('a')
  queue.push('b')
  const error = new GraphQLError('The service is shutting down; subscribe again', {
    extensions: { code: 'UPSTREAM_UNAVAILABLE' },
  })
  queue.fail(error)
  // The producer is let go at once, not when the consumer has read up to the failure.
  expect(onClose).toHaveBeenCalledTimes(1)
  expect(queue.push('c')).toBe(false)
  expect(await read(queue, 2)).toEqual(['a', 'b'])
  await expect(queue.next()).rejects.toBe(error)
  expect(await queue.next()).toEqual({ value: undefined, done: true })
})

test('a failure while the consumer waits rejects that read, and only that one', async () => {
  const queue = createEventQueue<string>()
  const first = queue.next()
  const second = queue.next()
  queue.fail(new Error('upstream closed'))
  await expect(first).rejects.toThrow('upstream closed')
  expect(await second).toEqual({ value: undefined, done: true })
})

test('an end reaches the consumer after the events pushed before it; a later fail or end changes nothing', async () => {
  const queue = createEventQueue<string>()
  const waiting = queue.next()
  queue.push('a')
  queue.push('b')
  queue.end()
  queue.fail(new Error('too late'))
  queue.end()
  expect(await waiting).toEqual({ value: 'a', done: false })
  expect(await queue.next()).toEqual({ value: 'b', done: false })
  expect(await queue.next()).toEqual({ value: undefined, done: true })
  expect(await queue.next()).toEqual({ value: undefined, done: true })
})

test('a failure nobody reads, an overflow nobody reads and a return over a failure leave no unhandled rejection', async () => {
  createEventQueue<number>().fail(new Error('never read'))
  const overflowing = createEventQueue<number>({ maxBacklog: 1 })
  overflowing.push(1)
  overflowing.push(2)
  const returned = createEventQueue<number>()
  returned.fail(new Error('dropped by return'))
  await returned.return()
  expect(await returned.next()).toEqual({ value: undefined, done: true })
  await expect(createEventQueue<number>().throw(new Error('thrown in'))).rejects.toThrow('thrown in')
  await settle()
})

test('mapped events keep their turn even when a later one is ready first', async () => {
  const queue = createEventQueue<Promise<string>>()
  const events = mapEvents(queue, (result) => result)
  queue.push(new Promise((resolve) => setTimeout(() => resolve('slow'), 20)))
  queue.push(Promise.resolve('fast'))
  queue.end()
  expect(await read(events, 2)).toEqual(['slow', 'fast'])
  expect(await events.next()).toEqual({ value: undefined, done: true })
})

test('mapped events end once however they end, and return reaches the source while a read waits', async () => {
  const onEnd = jest.fn()
  const onClose = jest.fn()
  const queue = createEventQueue<number>({ onClose })
  const events = mapEvents(queue, (n) => n * 10, { onEnd })
  const waiting = events.next()
  await events.return()
  expect(await waiting).toEqual({ value: undefined, done: true })
  expect([onEnd.mock.calls.length, onClose.mock.calls.length]).toEqual([1, 1])
  await events.return()
  expect(onEnd).toHaveBeenCalledTimes(1)

  const doneEnd = jest.fn()
  const finished = createEventQueue<number>()
  const doubled = mapEvents(finished, (n) => n * 2, { onEnd: doneEnd })
  finished.push(21)
  finished.end()
  expect(await doubled.next()).toEqual({ value: 42, done: false })
  expect(doneEnd).not.toHaveBeenCalled()
  expect(await doubled.next()).toEqual({ value: undefined, done: true })
  expect(doneEnd).toHaveBeenCalledTimes(1)
})

test('a source failure becomes one last event where the transport wants a result, and the events are then done', async () => {
  const onEnd = jest.fn()
  const queue = createEventQueue<string>({ maxBacklog: 1 })
  const events = mapEvents(queue, (value): { data?: string; errors?: unknown[] } => ({ data: value }), {
    onEnd,
    lastEventOnFailure: (error) => ({ errors: [(error as GraphQLError).extensions.code] }),
  })
  queue.push('a')
  queue.push('b')
  expect(await events.next()).toEqual({ value: { errors: ['LIMIT_EXCEEDED'] }, done: false })
  expect(onEnd).toHaveBeenCalledTimes(1)
  expect(await events.next()).toEqual({ value: undefined, done: true })

  const plain = createEventQueue<string>()
  const passed = mapEvents(plain, (value) => value)
  plain.fail(new Error('upstream closed'))
  await expect(passed.next()).rejects.toThrow('upstream closed')
})
