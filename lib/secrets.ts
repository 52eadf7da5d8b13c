// The mesh's secrets: from the environment in production; for the embedded default, development
// secrets generated once into .data/ so that npm start, npm run token and every service agree.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export interface MeshSecrets {
  /** HS256 secret of the embedded token issuer (JWT_SECRET). */
  jwtSecret: string
  /** Secret the gateway signs forwarded identities with, known only to the mesh's services (MESH_INTERNAL_SECRET). */
  internalSecret: string
}

const DEV_SECRETS_FILE = 'dev-secrets.json'

export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production'
}

/** Reads the secrets from the environment; outside production, missing ones come from (or are added to) .data/dev-secrets.json. */
export function loadSecrets(env: NodeJS.ProcessEnv = process.env, dataDir = env.DATA_DIR ?? path.resolve(__dirname, '..', '.data')): MeshSecrets {
  const fromEnv = { jwtSecret: env.JWT_SECRET, internalSecret: env.MESH_INTERNAL_SECRET }
  if (isProduction(env)) {
    if (!fromEnv.internalSecret || fromEnv.internalSecret.length < 32) throw new Error('MESH_INTERNAL_SECRET must be set to at least 32 characters in production')
    return { jwtSecret: fromEnv.jwtSecret ?? '', internalSecret: fromEnv.internalSecret }
  }
  const file = path.join(dataDir, DEV_SECRETS_FILE)
  let stored: Partial<MeshSecrets> = {}
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<MeshSecrets>
  const secrets: MeshSecrets = {
    jwtSecret: fromEnv.jwtSecret ?? stored.jwtSecret ?? randomBytes(32).toString('base64url'),
    internalSecret: fromEnv.internalSecret ?? stored.internalSecret ?? randomBytes(32).toString('base64url'),
  }
  if (stored.jwtSecret !== secrets.jwtSecret && !fromEnv.jwtSecret || stored.internalSecret !== secrets.internalSecret && !fromEnv.internalSecret) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, JSON.stringify({ ...stored, ...secrets }, null, 2), { mode: 0o600 })
  }
  return secrets
}
