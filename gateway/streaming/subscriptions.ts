// Subscriptions through the gateway. @apollo/gateway plans queries and mutations only, so a subscription
// is routed to the subgraph that owns its root field, which is asked for nothing but the key of each new
// entity. What the client selected is then resolved as a query by that key through the gateway itself:
// every event is planned across all subgraphs, governed by the same per-field rules and audited exactly
// like a query under the subscriber's identity.
//
// Identical subscriptions share work, as the leading routers do: one upstream subscription per root field,
// arguments and permissions (roles, customer scope, channel), whoever asks; one query per event per
// subscriber group (same caller, same operation), however many connections they hold, each audited as its
// caller. The subgraph reads of groups alike in permissions are shared in turn (upstream/data-source.ts).
import type { ObjectType, Supergraph } from '@apollo/federation-internals'
import {
  GraphQLError,
  Kind,
  getNamedType,
  getOperationAST,
  print,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql'
import { createClient, type Client } from 'graphql-ws'
import WebSocket from 'ws'
import { ErrorCode } from '../../lib/errors'
import { createEventQueue, DEFAULT_MAX_BACKLOG, mapEvents } from '../../lib/event-queue'
import {
  failSpan,
  injectTraceHeaders,
  isTracing,
  SpanKind,
  startSpan,
  trace,
  traceContext,
  type Span,
  type TraceContext,
} from '../../lib/tracing'
import { IDENTITY_HEADER, SERVICE_SUBJECT_PREFIX, signForwardedIdentity, type Identity } from '../../rules/identity'
import { permissionKey } from '../upstream/permission-key'

/** How one subscription root field is served. */
export interface SubscriptionRoute {
  field: string
  /** The subgraph that owns the field. */
  subgraph: string
  /** The entity type it returns and its key field. */
  typeName: string
  keyField: string
  /** The query field that fetches one entity by that key, and the type of its key argument. */
  lookupField: string
  keyArgumentType: string
}

/** Every Subscription field of the supergraph, with its owner and the query that resolves its events. */
export function subscriptionRoutes(supergraph: Supergraph, apiSchema: GraphQLSchema): Map<string, SubscriptionRoute> {
  const routes = new Map<string, SubscriptionRoute>()
  for (const subgraph of supergraph.subgraphs()) {
    const root = subgraph.schema.schemaDefinition.root('subscription')
    if (!root) continue
    for (const field of root.type.fields()) {
      const typeName = String(field.type).replace(/[![\]]/g, '')
      const entity = subgraph.schema.type(typeName) as ObjectType | undefined
      const keys =
        entity
          ?.appliedDirectivesOf(subgraph.metadata().keyDirective())
          .map((key) => String(key.arguments().fields).trim()) ?? []
      const keyField = keys.find((key) => /^\w+$/.test(key))
      const lookup =
        keyField &&
        Object.values(apiSchema.getQueryType()?.getFields() ?? {}).find(
          (candidate) =>
            getNamedType(candidate.type).name === typeName &&
            candidate.args.length === 1 &&
            candidate.args[0]!.name === keyField,
        )
      if (!keyField || !lookup) {
        throw new Error(
          `Subscription.${field.name} returns ${typeName}, which needs a single-field @key and a Query field taking only that key to resolve its events`,
        )
      }
      routes.set(field.name, {
        field: field.name,
        subgraph: subgraph.name,
        typeName,
        keyField,
        lookupField: lookup.name,
        keyArgumentType: String(lookup.args[0]!.type),
      })
    }
  }
  return routes
}

/** What one client subscription becomes: an upstream subscription for keys and a query per event. */
export interface SubscriptionPlan {
  route: SubscriptionRoute
  upstream: { query: string; variables: Record<string, unknown> }
  /** The client's selection as a query by key; the key goes in variable `keyVariable`. */
  eventQuery: string
  /** The client's variables the event query uses, and the one that carries the key. */
  eventVariables: string[]
  keyVariable: string
  responseKey: string
  operationName?: string
}

export function planSubscription(
  routes: Map<string, SubscriptionRoute>,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string | null,
): SubscriptionPlan {
  const operation = getOperationAST(document, operationName)
  if (!operation || operation.operation !== 'subscription')
    throw new GraphQLError('Not a subscription operation', { extensions: { code: ErrorCode.BAD_USER_INPUT } })
  const root = operation.selectionSet.selections
  const field = root.length === 1 && root[0]!.kind === Kind.FIELD ? root[0] : undefined
  if (!field || field.directives?.length) {
    throw new GraphQLError(
      'Select exactly one subscription field directly, without fragments or directives, such as `subscription { transactionAdded { id } }`',
      { extensions: { code: ErrorCode.BAD_USER_INPUT } },
    )
  }
  const route = routes.get(field.name.value)
  if (!route)
    throw new GraphQLError(`Subscription.${field.name.value} is not served`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    })

  const definitions = operation.variableDefinitions ?? []
  const usedByArguments = variablesIn(field.arguments ?? [])
  const usedBySelection = variablesIn([
    ...(field.selectionSet ? [field.selectionSet] : []),
    ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION),
  ])
  const upstreamOperation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'subscription' as OperationDefinitionNode['operation'],
    variableDefinitions: definitions.filter((d) => usedByArguments.has(d.variable.name.value)),
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [{ ...field, alias: undefined, selectionSet: keySelection(route.keyField) }],
    },
  }
  const keyVariable = uniqueName('eventKey', new Set(definitions.map((d) => d.variable.name.value)))
  const lookup: FieldNode = {
    kind: Kind.FIELD,
    alias: { kind: Kind.NAME, value: field.alias?.value ?? field.name.value },
    name: { kind: Kind.NAME, value: route.lookupField },
    arguments: [
      {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: route.keyField },
        value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: keyVariable } },
      },
    ],
    selectionSet: field.selectionSet,
  }
  const eventOperation: OperationDefinitionNode = {
    ...operation,
    operation: 'query' as OperationDefinitionNode['operation'],
    variableDefinitions: [
      ...definitions.filter((d) => usedBySelection.has(d.variable.name.value)),
      variableDefinition(keyVariable, route.keyArgumentType),
    ],
    selectionSet: { kind: Kind.SELECTION_SET, selections: [lookup] },
  }
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
  const pick = (names: Set<string>) => Object.fromEntries(Object.entries(variables).filter(([name]) => names.has(name)))
  return {
    route,
    upstream: {
      query: print({ kind: Kind.DOCUMENT, definitions: [upstreamOperation] }),
      variables: pick(usedByArguments),
    },
    eventQuery: print({ kind: Kind.DOCUMENT, definitions: [eventOperation, ...fragments] }),
    eventVariables: [...usedBySelection],
    keyVariable,
    responseKey: field.alias?.value ?? field.name.value,
    operationName: operation.name?.value,
  }
}

function variablesIn(nodes: readonly object[]): Set<string> {
  const names = new Set<string>()
  for (const node of nodes) {
    visit(node as DocumentNode, { Variable: (variable) => void names.add(variable.name.value) })
  }
  return names
}

function keySelection(keyField: string) {
  return {
    kind: Kind.SELECTION_SET,
    selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: keyField } }],
  } as const
}

function variableDefinition(name: string, type: string): VariableDefinitionNode {
  const named = type.replace(/[![\]]/g, '')
  const nonNull = type.endsWith('!')
  const namedType = { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: named } } as const
  return {
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } },
    type: nonNull ? { kind: Kind.NON_NULL_TYPE, type: namedType } : namedType,
  }
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base
  for (let n = 2; taken.has(name); n++) name = `${base}${n}`
  return name
}

/** One new entity from upstream; each subscriber group resolves it once, whoever else asks. */
interface UpstreamEvent {
  key: unknown
  results: Map<string, Promise<ExecutionResult>>
}

interface Listener {
  event(event: UpstreamEvent): void
  fail(result: ExecutionResult): void
}

interface SharedUpstream {
  listeners: Set<Listener>
  stop(): void
}

export interface SubscriptionRouterOptions {
  /**
   * The supergraph served now, read for every new subscription: its routes (subscriptionRoutes) and each
   * subgraph's replicas' HTTP GraphQL URLs (ws:// is derived). After a reload new subscriptions follow it;
   * running ones keep their upstream connections.
   */
  supergraph(): { routes: Map<string, SubscriptionRoute>; replicas: Record<string, string[]> }
  internalSecret: string
  /** Runs a query through the gateway under an identity (with the gateway's rules, limits and audit). */
  execute(
    request: { query: string; variables: Record<string, unknown>; operationName?: string },
    identity: Identity,
  ): Promise<ExecutionResult>
  /** Called with every FORBIDDEN the owning subgraph answered a subscription with, before it is sent. */
  recordDenials(
    identity: Identity,
    errors: readonly GraphQLError[],
    operation: string,
    operationName?: string,
  ): Promise<void>
  /** Events a subscriber may fall behind by before it is cut off (default 1000). */
  maxBacklog?: number
}

export interface SubscriptionRouter {
  readonly routes: Map<string, SubscriptionRoute>
  /**
   * Plans and starts a client's subscription; throws a GraphQLError when it cannot be served. Under `traced`
   * (the subscription's span), its events' queries and the upstream subscription it opens are traced.
   */
  subscribe(
    document: DocumentNode,
    variables: Record<string, unknown>,
    operationName: string | null | undefined,
    identity: Identity,
    traced?: TraceContext,
  ): AsyncIterableIterator<ExecutionResult>
  /** Upstream subscriptions currently open (for tests and metrics). */
  readonly upstreamCount: number
  close(): Promise<void>
}

export function createSubscriptionRouter(options: SubscriptionRouterOptions): SubscriptionRouter {
  const upstreams = new Map<string, SharedUpstream>()
  const clients = new Map<string, Client>()
  const nextReplica = new Map<string, number>()
  const maxBacklog = options.maxBacklog ?? DEFAULT_MAX_BACKLOG

  const clientFor = (subgraph: string, identity: Identity): Client => {
    const replicas = options.supergraph().replicas[subgraph] ?? []
    if (replicas.length === 0)
      throw new GraphQLError(`No URL is configured for the ${subgraph} data product`, {
        extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE },
      })
    const turn = nextReplica.get(subgraph) ?? 0
    nextReplica.set(subgraph, turn + 1)
    const url = replicas[turn % replicas.length]!.replace(/^http/, 'ws')
    const upstreamIdentity: Identity = {
      subject: `${SERVICE_SUBJECT_PREFIX}gateway-subscriptions`,
      roles: identity.roles,
      channel: identity.channel,
      ...(identity.customerId && { customerId: identity.customerId }),
    }
    const cacheKey = `${url} ${permissionKey(identity)}`
    let client = clients.get(cacheKey)
    if (!client) {
      client = createClient({
        url,
        webSocketImpl: WebSocket,
        lazy: true,
        lazyCloseTimeout: 1000,
        retryAttempts: 0,
        connectionParams: async () => ({
          [IDENTITY_HEADER]: await signForwardedIdentity(upstreamIdentity, options.internalSecret),
        }),
        on: { closed: () => void clients.delete(cacheKey) },
      })
      clients.set(cacheKey, client)
    }
    return client
  }

  const unavailable = (subgraph: string, reason: string): ExecutionResult => ({
    errors: [
      new GraphQLError(`The ${subgraph} data product ended the subscription (${reason}); subscribe again`, {
        extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, serviceName: subgraph },
      }),
    ],
  })

  const attach = (
    plan: SubscriptionPlan,
    identity: Identity,
    listener: Listener,
    traced: TraceContext | undefined,
  ): (() => void) => {
    const key = JSON.stringify([
      plan.route.subgraph,
      plan.upstream.query,
      plan.upstream.variables,
      permissionKey(identity),
    ])
    let shared = upstreams.get(key)
    if (!shared) {
      const listeners = new Set<Listener>()
      // Shared by every subscriber alike in permissions, the upstream subscription is traced in the first one's trace.
      const span = traced && upstreamSpan(plan, traced)
      const end = (result: ExecutionResult) => {
        upstreams.delete(key)
        if (span) {
          failSpan(span, result.errors?.[0])
          span.end()
        }
        for (const each of [...listeners]) each.fail(result)
        listeners.clear()
      }
      const client = clientFor(plan.route.subgraph, identity)
      const unsubscribe = client.subscribe<Record<string, Record<string, unknown> | null>>(
        span ? { ...plan.upstream, extensions: traceExtensions(span) } : plan.upstream,
        {
          next(result) {
            if (result.errors?.length)
              return end({
                data: null,
                errors: result.errors.map(
                  (e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions }),
                ),
              })
            const entity = result.data?.[plan.route.field]
            if (!entity) return
            const event: UpstreamEvent = { key: entity[plan.route.keyField], results: new Map() }
            for (const each of listeners) each.event(event)
          },
          error(error) {
            const reason =
              error instanceof Error
                ? error.message
                : Array.isArray(error)
                  ? error.map((e: { message?: string }) => e.message).join('; ')
                  : (error as { reason?: string; code?: number })?.reason ||
                    `connection closed (${(error as { code?: number })?.code ?? 'unknown'})`
            end(unavailable(plan.route.subgraph, reason))
          },
          complete() {
            if (upstreams.get(key) === shared) end(unavailable(plan.route.subgraph, 'it completed'))
          },
        },
      )
      const stop = () => {
        span?.end()
        unsubscribe()
      }
      shared = { listeners, stop }
      upstreams.set(key, shared)
    }
    const current = shared
    current.listeners.add(listener)
    return () => {
      current.listeners.delete(listener)
      if (current.listeners.size === 0 && upstreams.get(key) === current) {
        upstreams.delete(key)
        current.stop()
      }
    }
  }

  return {
    get routes() {
      return options.supergraph().routes
    },
    get upstreamCount() {
      return upstreams.size
    },
    subscribe(document, variables, operationName, identity, traced) {
      const plan = planSubscription(options.supergraph().routes, document, variables, operationName)
      const groupKey = JSON.stringify([identity.subject, permissionKey(identity), plan.eventQuery, variables])
      const eventVariables = (key: unknown) => ({
        ...Object.fromEntries(
          plan.eventVariables.filter((name) => name in variables).map((name) => [name, variables[name]]),
        ),
        [plan.keyVariable]: key,
      })
      const resolveEvent = (event: UpstreamEvent): Promise<ExecutionResult> => {
        let result = event.results.get(groupKey)
        if (!result) {
          const request = {
            query: plan.eventQuery,
            variables: eventVariables(event.key),
            operationName: plan.operationName,
          }
          // Each event's query is a span of the subscription's trace, its fetches and audit writes under it.
          result = traced
            ? traceContext.with(traced, () => options.execute(request, identity))
            : options.execute(request, identity)
          event.results.set(groupKey, result)
        }
        return result
      }

      // Results in event order: each event's query is started at once, and delivered when its turn comes.
      let expiry: NodeJS.Timeout | undefined
      const results = createEventQueue<Promise<ExecutionResult>>({
        maxBacklog,
        onClose: () => {
          clearTimeout(expiry)
          detach()
        },
      })
      const finish = (result: ExecutionResult | Promise<ExecutionResult>) => {
        results.push(Promise.resolve(result))
        results.end()
      }
      const listener: Listener = {
        event: (event) => void results.push(resolveEvent(event)),
        fail(result) {
          const denied = (result.errors ?? []).filter(
            (e) => e.extensions?.code === ErrorCode.FORBIDDEN,
          ) as GraphQLError[]
          const recorded = denied.length
            ? options.recordDenials(identity, denied, print(document), plan.operationName)
            : Promise.resolve()
          finish(
            recorded.then(
              () => result,
              () => ({
                errors: [
                  new GraphQLError(
                    'This subscription was denied and the denial could not be recorded in the audit trail; try again shortly',
                    { extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE } },
                  ),
                ],
              }),
            ),
          )
        },
      }
      const detach = attach(plan, identity, listener, traced)
      // A subscription lives no longer than the token that opened it.
      if (identity.expiresAt !== undefined) {
        expiry = setTimeout(
          () => {
            finish({
              errors: [
                new GraphQLError(
                  'The token that opened this subscription has expired; subscribe again with a new one',
                  { extensions: { code: ErrorCode.UNAUTHENTICATED } },
                ),
              ],
            })
          },
          Math.max(0, Math.min(identity.expiresAt - Date.now(), 2 ** 31 - 1)),
        )
      }
      // A subscriber cut off for falling behind gets the reason as its last result, as transports expect.
      return mapEvents(results, (result) => result, {
        lastEventOnFailure: (error) => ({ errors: [error as GraphQLError] }),
      })
    },
    async close() {
      for (const shared of upstreams.values()) {
        for (const listener of [...shared.listeners])
          listener.fail({
            errors: [
              new GraphQLError('The gateway is shutting down; subscribe again', {
                extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE },
              }),
            ],
          })
        shared.stop()
      }
      upstreams.clear()
      await Promise.all([...clients.values()].map((client) => client.dispose()))
      clients.clear()
    },
  }
}

/** The client span of an upstream subscription, from its opening to its end. */
function upstreamSpan(plan: SubscriptionPlan, traced: TraceContext): Span | undefined {
  if (!isTracing()) return undefined
  return startSpan(
    'gateway',
    `subscribe ${plan.route.subgraph}`,
    SpanKind.CLIENT,
    {
      'mesh.product': plan.route.subgraph,
      'graphql.operation.type': 'subscription',
      'graphql.operation.name': plan.operationName ?? 'anonymous',
      'mesh.subscription.field': plan.route.field,
    },
    traced,
  )
}

/** `traceparent` for the subgraph, in the subscribe message's extensions (a WebSocket has no headers per operation). */
function traceExtensions(span: Span): Record<string, string> {
  const carrier: Record<string, string> = {}
  injectTraceHeaders(carrier, trace.setSpan(traceContext.active(), span))
  return carrier
}
