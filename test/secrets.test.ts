// Development secrets are generated for the embedded default and refused in production.
import { describe, expect, test } from '@jest/globals'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadSecrets } from '../lib/secrets'
import { readGatewayConfig } from '../gateway/config'

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'mesh-secrets-'))

describe('secrets', () => {
  test('outside production, missing secrets are generated once, kept private, and reused', () => {
    const dir = tempDir()
    const first = loadSecrets({}, dir)
    expect(first.dataEncryptionKey).toHaveLength(43)
    expect(loadSecrets({}, dir)).toEqual(first)
    expect(statSync(path.join(dir, 'dev-secrets.json')).mode & 0o077).toBe(0)
    expect(JSON.parse(readFileSync(path.join(dir, 'dev-secrets.json'), 'utf8')).internalSecret).toBe(
      first.internalSecret,
    )
  })

  test('in production the generated development keys are refused: the environment must give them', () => {
    const dir = tempDir()
    loadSecrets({}, dir)
    expect(() => loadSecrets({ NODE_ENV: 'production' }, dir)).toThrow(/MESH_INTERNAL_SECRET/)
    expect(() => loadSecrets({ NODE_ENV: 'production', MESH_INTERNAL_SECRET: 'x'.repeat(40) }, dir)).toThrow(
      /DATA_ENCRYPTION_KEY/,
    )
    expect(
      loadSecrets(
        { NODE_ENV: 'production', MESH_INTERNAL_SECRET: 'x'.repeat(40), DATA_ENCRYPTION_KEY: 'a'.repeat(64) },
        dir,
      ).dataEncryptionKey,
    ).toBe('a'.repeat(64))
  })

  test('in production the embedded HS256 issuer is refused', () => {
    const env = {
      NODE_ENV: 'production',
      MESH_INTERNAL_SECRET: 'x'.repeat(40),
      DATA_ENCRYPTION_KEY: 'a'.repeat(64),
      DATA_DIR: tempDir(),
    }
    expect(() => readGatewayConfig({ ...env, JWT_SECRET: 'y'.repeat(40) })).toThrow(/JWT_SECRET/)
    expect(
      readGatewayConfig({ ...env, JWT_JWKS_URL: 'https://idp.bank.example/.well-known/jwks.json' }).auth.hs256Secret,
    ).toBeUndefined()
  })
})
