// Traces with OpenTelemetry: one trace per request across the gateway, its subgraph fetches, the SQL they ran
// and the audit write, continued from a caller's W3C `traceparent`. Off unless OTEL_EXPORTER_OTLP_ENDPOINT (or
// OTEL_TRACES_EXPORTER) is set: then no provider is registered and every span here is the API's no-op.
import {
  context,
  INVALID_SPAN_CONTEXT,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { W3CTraceContextPropagator } from '@opentelemetry/core'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base'
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions'
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BlockList, isIPv4, isIPv6 } from 'node:net'

/**
 * The service a span belongs to, on every span: the test mesh runs every service in one process under one
 * provider, so the resource's `service.name` cannot tell them apart.
 */
export const ATTR_MESH_SERVICE = 'mesh.service'

let active: { provider: BasicTracerProvider; manager: AsyncLocalStorageContextManager } | undefined

/** Whether spans are recorded (a provider is installed): checked before any work done only for a span. */
export function isTracing(): boolean {
  return active !== undefined
}

/**
 * Starts exporting this process's spans over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_TRACES_EXPORTER=otlp) is set; the exporter reads the OTEL_EXPORTER_OTLP_* settings itself.
 * `serviceName` is the resource's `service.name` unless OTEL_SERVICE_NAME says otherwise. Returns whether it did.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase()
  if (
    exporter === 'none' ||
    (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT && exporter !== 'otlp')
  )
    return false
  install(env.OTEL_SERVICE_NAME || serviceName, new BatchSpanProcessor(new OTLPTraceExporter()))
  return true
}

/** Sends the spans still buffered and stops tracing (at shutdown). */
export async function stopTracing(): Promise<void> {
  const installed = active
  if (!installed) return
  active = undefined
  await installed.provider.shutdown().catch(() => undefined)
  trace.disable()
  context.disable()
  propagation.disable()
}

/** For tests: records every span of this process in memory (exported as soon as it ends). */
export function startInMemoryTracing(serviceName = 'data-mesh'): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter()
  install(serviceName, new SimpleSpanProcessor(exporter))
  return exporter
}

function install(serviceName: string, processor: SpanProcessor): void {
  if (active) throw new Error('Tracing is started already: call stopTracing() first')
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [processor],
  })
  const manager = new AsyncLocalStorageContextManager().enable()
  context.setGlobalContextManager(manager)
  propagation.setGlobalPropagator(new W3CTraceContextPropagator())
  trace.setGlobalTracerProvider(provider)
  active = { provider, manager }
}

const tracer = () => trace.getTracer('data-mesh')

/**
 * A request id: the trace id of the active span when tracing (so logs, audit records and traces share it),
 * otherwise a random one of the same shape (32 hex digits).
 */
export function currentRequestId(): string {
  const span = active && trace.getActiveSpan()
  const traceId = span?.spanContext().traceId
  if (traceId && trace.isSpanContextValid(span.spanContext())) return traceId
  // A random UUID's hex digits: drawn from Node's entropy cache, many times faster than randomBytes(16).
  const uuid = randomUUID()
  return uuid.slice(0, 8) + uuid.slice(9, 13) + uuid.slice(14, 18) + uuid.slice(19, 23) + uuid.slice(24)
}

/** Starts a span of `service` under `parent` (default: the active context); end it yourself. */
export function startSpan(
  service: string,
  name: string,
  kind: SpanKind,
  attributes: Attributes = {},
  parent: Context = context.active(),
  links: Link[] = [],
): Span {
  return tracer().startSpan(name, { kind, attributes: { [ATTR_MESH_SERVICE]: service, ...attributes }, links }, parent)
}

/**
 * Where a caller's W3C trace context (`traceparent` in `carrier`) leads. A trusted caller's trace is continued:
 * its span is the parent, its trace id the request id. Anyone else's starts a new trace with a link to theirs,
 * as OpenTelemetry advises at a public edge: the trace id is the request id that audit records carry, and a
 * caller who could choose it could file their requests under another request's id.
 */
export function callerTrace(carrier: Record<string, unknown>, trusted: boolean): { parent: Context; links: Link[] } {
  const extracted = propagation.extract(ROOT_CONTEXT, carrier)
  if (trusted) return { parent: extracted, links: [] }
  const caller = trace.getSpanContext(extracted)
  return {
    parent: ROOT_CONTEXT,
    links:
      caller && trace.isSpanContextValid(caller) ? [{ context: caller, attributes: { 'mesh.link': 'caller' } }] : [],
  }
}

/** Whose `traceparent` is continued: a test of the connection's peer address. */
export type TraceTrust = (address: string | undefined) => boolean

/** The default: callers on this host only (loopback), where the mesh's own clients and `npm start`'s run. */
export const LOOPBACK_NETWORKS: readonly string[] = ['127.0.0.0/8', '::1/128']

/**
 * A TraceTrust from CIDR blocks (`10.0.0.0/8`, `::1/128`) or single addresses; IPv4 peers seen as IPv6
 * (`::ffff:10.1.2.3`) match their IPv4 blocks. `*` trusts everyone; an empty list no one. Throws on a malformed entry.
 */
export function trustNetworks(entries: readonly string[]): TraceTrust {
  if (entries.includes('*')) return () => true
  const list = new BlockList()
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/')
    const family = address && isIPv4(address) ? 'ipv4' : address && isIPv6(address) ? 'ipv6' : undefined
    const prefix = bits === undefined ? (family === 'ipv4' ? 32 : 128) : Number(bits)
    if (
      !family ||
      extra !== undefined ||
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > (family === 'ipv4' ? 32 : 128) ||
      (bits !== undefined && !/^\d+$/.test(bits))
    ) {
      throw new Error(`"${entry}" is not an IP address or CIDR block (such as 10.0.0.0/8 or ::1/128)`)
    }
    list.addSubnet(address!, prefix, family)
  }
  return (address) => {
    if (!address) return false
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1]
    const ip = mapped ?? address
    return isIPv4(ip) ? list.check(ip, 'ipv4') : isIPv6(ip) && list.check(ip, 'ipv6')
  }
}

/** Runs `work` in a span of `service` (its child spans under it), ending it when `work` settles; a throw marks it failed. */
export async function inSpan<T>(
  service: string,
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  parent?: Context,
): Promise<T> {
  if (!active) return work(NO_SPAN)
  const span = startSpan(service, name, kind, attributes, parent)
  try {
    return await context.with(trace.setSpan(parent ?? context.active(), span), () => work(span))
  } catch (error) {
    failSpan(span, error)
    throw error
  } finally {
    span.end()
  }
}
const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT)

/** Marks a span failed, naming the error's class and code (never its message, which may quote values). */
export function failSpan(span: Span, error: unknown): void {
  const code =
    (error as { code?: unknown; extensions?: { code?: unknown } } | undefined)?.extensions?.code ??
    (error as { code?: unknown } | undefined)?.code
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: typeof code === 'string' ? code : error instanceof Error ? error.name : 'error',
  })
  span.setAttribute('error.type', typeof code === 'string' ? code : error instanceof Error ? error.name : 'error')
}

/** Adds the active trace's `traceparent` to outgoing headers (nothing when tracing is off). */
export function injectTraceHeaders(headers: Record<string, string>, from: Context = context.active()): void {
  if (active) propagation.inject(from, headers)
}

/**
 * Express middleware: a server span per HTTP request of `service`, continuing the caller's `traceparent`,
 * active for everything that handles the request (body parsing included), ended when the response closes.
 * `skip` names paths not traced (health checks, scrapes).
 */
export function traceHttpRequests(
  service: string,
  skip: (path: string) => boolean = () => false,
  trust: TraceTrust = () => true,
) {
  return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: () => void): void => {
    if (!active || skip((req.originalUrl ?? req.url ?? '').split('?')[0]!)) return next()
    const span = startHttpServerSpan(service, req, res, trust)
    const spanContext = trace.setSpan(context.active(), span)
    // Body parsers call on from the request's own events, outside this context unless bound to it.
    context.bind(spanContext, req)
    context.with(spanContext, next)
  }
}

/**
 * A server span for one HTTP request (the caller's `traceparent` continued when `trust` admits its address,
 * linked otherwise), ended with its status when the response closes. Named after the method and route until
 * the request says more (the operation it runs).
 */
export function startHttpServerSpan(
  service: string,
  req: IncomingMessage & { originalUrl?: string },
  res: ServerResponse,
  trust: TraceTrust = () => true,
): Span {
  const { parent, links } = callerTrace(req.headers, trust(req.socket?.remoteAddress))
  // The path as sent (Express strips a router's mount point from `url`), never its query string.
  const path = (req.originalUrl ?? req.url ?? '/').split('?')[0]!
  const span = startSpan(
    service,
    `${req.method ?? 'GET'} ${path}`,
    SpanKind.SERVER,
    { 'http.request.method': req.method ?? 'GET', 'url.path': path },
    parent,
    links,
  )
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode)
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR })
    span.end()
  })
  return span
}

export { context as traceContext, SpanKind, trace }
export type { Context as TraceContext, Span }
