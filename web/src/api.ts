// The app's only way to the mesh: GraphQL and the chat agent over HTTP on its own origin, with the signed-in
// person's bearer token. Denials come back as data (a reason per field), never as exceptions. The app's own
// operations go by their registered hash only (trusted documents); only the query console sends text.
import { persistedQuery, registeredHashOf, UNKNOWN_TO_GATEWAY_MESSAGE, UNREGISTERED_MESSAGE } from './trusted-documents'

export interface GraphQLErrorItem {
  message: string
  path?: (string | number)[]
  extensions?: { code?: string; reason?: string; [key: string]: unknown }
}

export interface GraphQLResult<T> {
  data: T | null
  errors: GraphQLErrorItem[]
}

/** The token was refused (expired, or never valid): the person has to sign in again. */
export class SessionExpiredError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SessionExpiredError'
  }
}

/** The request failed as a whole (the gateway refused it or could not be reached). */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'RequestError'
  }
}

/** Runs one of the app's operations (web/src/operations.ts) by its registered hash; never sends the text. */
export async function runGraphQL<T>(
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
  signal?: AbortSignal,
): Promise<GraphQLResult<T>> {
  const hash = await registeredHashOf(query)
  if (!hash) throw new RequestError(UNREGISTERED_MESSAGE, 'PERSISTED_QUERY_NOT_FOUND')
  return answerOf<T>(await send('/graphql', token, { variables, extensions: persistedQuery(hash) }, signal))
}

/**
 * Runs what a person typed in the query console: by hash when it is one of the app's operations (as a tile's
 * "open in the query console" gives it), else as text, which the gateway refuses where the person's role may
 * send registered operations only (PERSISTED_QUERY_REQUIRED, said as the console's error).
 */
export async function runFreeFormGraphQL<T>(
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
  signal?: AbortSignal,
): Promise<GraphQLResult<T>> {
  const hash = await registeredHashOf(query)
  return answerOf<T>(
    await send(
      '/graphql',
      token,
      hash ? { variables, extensions: persistedQuery(hash) } : { query, variables },
      signal,
    ),
  )
}

async function answerOf<T>(response: Response): Promise<GraphQLResult<T>> {
  const body = (await readJson(response)) as { data?: T | null; errors?: GraphQLErrorItem[] } | null
  if (!body || (!response.ok && !body.data)) {
    const first = body?.errors?.[0]
    throw new RequestError(
      first?.message ?? `The gateway answered HTTP ${response.status}`,
      first?.extensions?.code,
      response.status,
    )
  }
  // APQ answers an unknown hash with HTTP 200: the app's build and the gateway's manifest are out of step.
  // Sending the text instead would be refused where it matters (enforce), so say so.
  const notFound = body.errors?.find((error) => error.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND')
  if (notFound && !body.data)
    throw new RequestError(UNKNOWN_TO_GATEWAY_MESSAGE, notFound.extensions?.code, response.status)
  return { data: body.data ?? null, errors: body.errors ?? [] }
}

export interface ChatDenial {
  field: string
  reason: string
}

export interface ChatOperation {
  query: string
  variables?: Record<string, unknown>
  data: Record<string, unknown> | null
  denials: ChatDenial[]
  products: string[]
}

export interface ChatAnswer {
  answer: string
  operations: ChatOperation[]
  denials: ChatDenial[]
}

export interface ChatTurn {
  role: 'user' | 'assistant'
  content: string
}

export async function askChat(
  token: string,
  question: string,
  history: ChatTurn[],
  signal?: AbortSignal,
): Promise<ChatAnswer> {
  const response = await send('/chat', token, { question, history }, signal)
  const body = (await readJson(response)) as (ChatAnswer & { errors?: GraphQLErrorItem[] }) | null
  if (!response.ok || !body || typeof body.answer !== 'string') {
    const first = body?.errors?.[0]
    throw new RequestError(
      first?.message ?? `The chat answered HTTP ${response.status}`,
      first?.extensions?.code,
      response.status,
    )
  }
  return body
}

export interface DevToken {
  role: string
  purpose: string
  subject: string
  customerId?: string
  token: string
}

/** The embedded issuer's demo tokens; null where the gateway has none (production). */
export async function fetchDevTokens(signal?: AbortSignal): Promise<DevToken[] | null> {
  const response = await fetch('/dev/tokens', { headers: { accept: 'application/json' }, signal })
  if (response.status === 404) return null
  if (!response.ok) throw new RequestError(`The gateway answered HTTP ${response.status} for the demo tokens`)
  const body = (await readJson(response)) as { tokens?: DevToken[] } | null
  return body?.tokens ?? null
}

/** The denial of the field at this path (its first segments), if the mesh refused it. */
export function denialAt(
  errors: GraphQLErrorItem[],
  ...path: (string | number)[]
): { field: string; reason: string } | undefined {
  const error = errors.find((e) => e.extensions?.code === 'FORBIDDEN' && startsWith(e.path, path))
  if (!error) return undefined
  return { field: fieldOf(error.message), reason: error.extensions?.reason ?? error.message }
}

/** Any other error at this path (a data product down, bad input): what went wrong, in words. */
export function failureAt(errors: GraphQLErrorItem[], ...path: (string | number)[]): GraphQLErrorItem | undefined {
  return errors.find((e) => e.extensions?.code !== 'FORBIDDEN' && (startsWith(e.path, path) || !e.path))
}

/** Every denial in a result, one per field (a list denies the same field once per row). */
export function denialsOf(errors: GraphQLErrorItem[]): { field: string; reason: string; count: number }[] {
  const byField = new Map<string, { field: string; reason: string; count: number }>()
  for (const error of errors) {
    if (error.extensions?.code !== 'FORBIDDEN') continue
    const field = fieldOf(error.message)
    const entry = byField.get(field) ?? { field, reason: error.extensions.reason ?? error.message, count: 0 }
    entry.count += 1
    byField.set(field, entry)
  }
  return [...byField.values()]
}

async function send(url: string, token: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal,
    })
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new RequestError('The gateway could not be reached. Check that the mesh is running, then try again.')
  }
  if (response.status === 401) {
    const body = (await readJson(response)) as { errors?: GraphQLErrorItem[] } | null
    throw new SessionExpiredError(body?.errors?.[0]?.message ?? 'Your token was refused')
  }
  return response
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json()
  } catch {
    return null
  }
}

function startsWith(actual: (string | number)[] | undefined, prefix: (string | number)[]): boolean {
  if (!actual) return false
  return prefix.every((segment, index) => actual[index] === segment)
}

/** "Not allowed to read Query.accessDenials: …" → "Query.accessDenials". */
function fieldOf(message: string): string {
  return /read ([A-Za-z_][\w]*\.[A-Za-z_][\w]*)/.exec(message)?.[1] ?? 'a field'
}
