// Whose W3C `traceparent` the gateway continues (TRACE_TRUSTED_NETWORKS): trusted callers' traces go on, anyone
// else's request starts a trace of its own linked to theirs, so no caller chooses the request id of its audit records.
import { describe, expect, test } from '@jest/globals'
import { ROOT_CONTEXT, trace } from '@opentelemetry/api'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readGatewayConfig } from '../../gateway/config'
import { callerTrace, LOOPBACK_NETWORKS, startInMemoryTracing, stopTracing, trustNetworks } from '../../lib/tracing'

describe('trusted networks', () => {
  test('CIDR blocks and single addresses, IPv4 peers seen as IPv6 included', () => {
    const trusts = trustNetworks(['10.0.0.0/8', '192.168.1.7', 'fd00::/8'])
    expect(trusts('10.20.30.40')).toBe(true)
    expect(trusts('::ffff:10.1.2.3')).toBe(true)
    expect(trusts('192.168.1.7')).toBe(true)
    expect(trusts('192.168.1.8')).toBe(false)
    expect(trusts('fd12:3456::1')).toBe(true)
    expect(trusts('11.0.0.1')).toBe(false)
    expect(trusts('fe80::1')).toBe(false)
    expect(trusts(undefined)).toBe(false)
    expect(trusts('not an address')).toBe(false)
  })

  test('loopback by default; "*" is everyone and an empty list no one', () => {
    const loopback = trustNetworks(LOOPBACK_NETWORKS)
    expect([loopback('127.0.0.1'), loopback('::1'), loopback('::ffff:127.0.0.1'), loopback('10.0.0.1')]).toEqual([
      true,
      true,
      true,
      false,
    ])
    expect(trustNetworks(['*'])('203.0.113.9')).toBe(true)
    expect(trustNetworks([])('127.0.0.1')).toBe(false)
  })

  test.each(['10.0.0.0/33', '10.0.0.0/8/1', 'example.com', '10.0.0.0/x', '::1/129'])('"%s" is refused', (entry) => {
    expect(() => trustNetworks([entry])).toThrow(/not an IP address or CIDR block/)
  })

  test('TRACE_TRUSTED_NETWORKS configures the gateway, and a malformed one stops it with the reason', () => {
    // Development secrets are generated into DATA_DIR: a directory of the test's own.
    const env = { DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'mesh-trace-trust-')) }
    expect(readGatewayConfig(env).traceTrustedNetworks).toEqual(LOOPBACK_NETWORKS)
    expect(
      readGatewayConfig({ ...env, TRACE_TRUSTED_NETWORKS: '10.0.0.0/8, 172.16.0.0/12' }).traceTrustedNetworks,
    ).toEqual(['10.0.0.0/8', '172.16.0.0/12'])
    expect(readGatewayConfig({ ...env, TRACE_TRUSTED_NETWORKS: '' }).traceTrustedNetworks).toEqual([])
    expect(() => readGatewayConfig({ ...env, TRACE_TRUSTED_NETWORKS: '10.0.0.0/99' })).toThrow(
      /TRACE_TRUSTED_NETWORKS: "10.0.0.0\/99" is not an IP address/,
    )
  })
})

describe("a caller's trace", () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
  const spanId = '00f067aa0ba902b7'
  const carrier = { traceparent: `00-${traceId}-${spanId}-01` }

  test('continued when trusted, linked when not, nothing when none was sent', () => {
    startInMemoryTracing('trace-trust')
    try {
      const continued = callerTrace(carrier, true)
      expect(trace.getSpanContext(continued.parent)).toMatchObject({ traceId, spanId })
      expect(continued.links).toEqual([])
      const linked = callerTrace(carrier, false)
      expect(linked.parent).toBe(ROOT_CONTEXT)
      expect(linked.links.map((link) => link.context)).toEqual([expect.objectContaining({ traceId, spanId })])
      expect(callerTrace({}, false).links).toEqual([])
      expect(callerTrace({ traceparent: 'garbage' }, false).links).toEqual([])
    } finally {
      void stopTracing()
    }
  })
})
