// The app sends its operations by hash, never as text: APQ's `extensions.persistedQuery`, with the hash the
// build registered for the document in web/trusted-documents.json (see web/src/operations.ts), which the
// gateway loads. The manifest is its own chunk, fetched with the first operation.

export interface PersistedQueryExtension {
  persistedQuery: { version: 1; sha256Hash: string }
}

let hashes: Promise<Map<string, string>> | undefined

/** The registered hash of a document of the app; undefined when the build did not register this text. */
export async function registeredHashOf(document: string): Promise<string | undefined> {
  hashes ??= import('../trusted-documents.json').then(
    ({ default: manifest }) =>
      new Map(Object.entries(manifest as Record<string, string>).map(([hash, text]) => [text, hash])),
  )
  return (await hashes).get(document)
}

export function persistedQuery(sha256Hash: string): PersistedQueryExtension {
  return { persistedQuery: { version: 1, sha256Hash } }
}

/** What the app says when it holds an operation its build did not register (a build out of step with its sources). */
export const UNREGISTERED_MESSAGE =
  "This operation is not among the app's registered operations (web/trusted-documents.json): rebuild the app (npm run build:web)."

/** What the app says when the gateway does not know one of its hashes. */
export const UNKNOWN_TO_GATEWAY_MESSAGE =
  "The gateway does not know this operation of the app: the app and the gateway were built from different versions. Reload the page; if it persists, the gateway needs the app's web/trusted-documents.json."
