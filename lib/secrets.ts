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
  /** 32-byte key that encrypts restricted columns at rest (DATA_ENCRYPTION_KEY). */
  dataEncryptionKey: string
}

const DEV_SECRETS_FILE = 'dev-secrets.json'

export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production'
}

/** Reads the secrets from the environment; outside production, missing ones come from (or are added to) .data/dev-secrets.json. */
export function loadSecrets(
  env: NodeJS.ProcessEnv = process.env,
  dataDir = env.DATA_DIR ?? path.resolve(__dirname, '..', '.data'),
): MeshSecrets {
  const fromEnv = {
    jwtSecret: env.JWT_SECRET,
    internalSecret: env.MESH_INTERNAL_SECRET,
    dataEncryptionKey: env.DATA_ENCRYPTION_KEY,
  }
  if (isProduction(env)) {
    if (!fromEnv.internalSecret || fromEnv.internalSecret.length < 32)
      throw new Error('MESH_INTERNAL_SECRET must be set to at least 32 characters in production')
    if (!fromEnv.dataEncryptionKey)
      throw new Error('DATA_ENCRYPTION_KEY must be set in production; the generated development key is refused')
    return {
      jwtSecret: fromEnv.jwtSecret ?? '',
      internalSecret: fromEnv.internalSecret,
      dataEncryptionKey: fromEnv.dataEncryptionKey,
    }
  }
  const file = path.join(dataDir, DEV_SECRETS_FILE)
  let stored: Partial<MeshSecrets> = {}
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<MeshSecrets>
  const secrets: MeshSecrets = {
    jwtSecret: fromEnv.jwtSecret ?? stored.jwtSecret ?? randomBytes(32).toString('base64url'),
    internalSecret: fromEnv.internalSecret ?? stored.internalSecret ?? randomBytes(32).toString('base64url'),
    dataEncryptionKey: fromEnv.dataEncryptionKey ?? stored.dataEncryptionKey ?? randomBytes(32).toString('base64url'),
  }
  const generated = (Object.keys(secrets) as (keyof MeshSecrets)[]).some(
    (name) => !fromEnv[name] && stored[name] !== secrets[name],
  )
  if (generated) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, JSON.stringify({ ...stored, ...secrets }, null, 2), { mode: 0o600 })
  }
  return secrets
}
