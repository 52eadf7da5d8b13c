// A replica's circuit breaker as a state machine over an explicit clock.
import { expect, test } from '@jest/globals'
import { CircuitBreaker } from '../../gateway/upstream/circuit-breaker'

const settings = { failures: 3, openMs: 5000 }

test('closed until the third failure in a row; an answer in between starts the count again', () => {
  const breaker = new CircuitBreaker(settings)
  breaker.failed('timeout', 0)
  breaker.failed('timeout', 1)
  breaker.succeeded()
  breaker.failed('timeout', 2)
  breaker.failed('timeout', 3)
  expect(breaker.state(4)).toBe('closed')
  breaker.failed('timeout', 4)
  expect(breaker.snapshot(5)).toEqual({
    state: 'open',
    failures: 3,
    lastFailure: 'timeout',
    retryAt: new Date(5004).toISOString(),
  })
  expect(breaker.tryAcquire(5)).toBe(false)
  expect(breaker.tryAcquire(5, true)).toBe(false)
})

test('half-open after the cool-down lets one probe through; its answer closes the circuit', () => {
  const breaker = new CircuitBreaker(settings)
  for (let i = 0; i < 3; i++) breaker.failed('HTTP 503', 0)
  expect(breaker.state(5000)).toBe('half-open')
  expect(breaker.tryAcquire(5000)).toBe(true)
  expect(breaker.tryAcquire(5001)).toBe(false)
  breaker.succeeded()
  expect(breaker.snapshot(5002)).toEqual({ state: 'closed', failures: 0 })
  expect(breaker.tryAcquire(5002)).toBe(true)
})

test('a failed probe opens the circuit again for another cool-down', () => {
  const breaker = new CircuitBreaker(settings)
  for (let i = 0; i < 3; i++) breaker.failed('timeout', 0)
  expect(breaker.tryAcquire(6000)).toBe(true)
  breaker.failed('timeout', 6000)
  expect(breaker.state(10_999)).toBe('open')
  expect(breaker.state(11_000)).toBe('half-open')
})

test('a refused connection opens at once, yet may be tried as a last resort, since a refusal costs nothing', () => {
  const breaker = new CircuitBreaker(settings)
  breaker.failed('connection refused', 0, 'refused')
  expect(breaker.state(1)).toBe('open')
  expect(breaker.tryAcquire(1)).toBe(false)
  expect(breaker.tryAcquire(1, true)).toBe(true)
  breaker.succeeded()
  expect(breaker.state(2)).toBe('closed')
})
