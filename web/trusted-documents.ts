// The web app's trusted documents: every operation it can send (web/src/operations.ts), by the sha256 hex of
// its exact text, written to web/trusted-documents.json at build (and committed; a test fails when it drifts
// from the sources). The gateway loads the file and accepts the app's operations by hash.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { appDocuments } from './src/operations'

export const TRUSTED_DOCUMENTS_MANIFEST = path.join(__dirname, 'trusted-documents.json')

/** The manifest of these documents: sha256 hex → document, by hash. */
export function trustedDocumentsManifest(documents: string[] = appDocuments()): Record<string, string> {
  const entries = documents.map((document) => [createHash('sha256').update(document).digest('hex'), document] as const)
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)))
}

/** The manifest as the file holds it. */
export function trustedDocumentsManifestText(documents?: string[]): string {
  return `${JSON.stringify(trustedDocumentsManifest(documents), null, 2)}\n`
}

/** Writes web/trusted-documents.json when it differs from the app's operations; says how many it holds. */
export function writeTrustedDocumentsManifest(file = TRUSTED_DOCUMENTS_MANIFEST): {
  documents: number
  changed: boolean
} {
  const text = trustedDocumentsManifestText()
  const changed = !existsSync(file) || readFileSync(file, 'utf8') !== text
  if (changed) writeFileSync(file, text)
  return { documents: Object.keys(JSON.parse(text) as object).length, changed }
}
