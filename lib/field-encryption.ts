// Authenticated encryption of sensitive columns at rest (AES-256-GCM), and keyed hashes (HMAC-SHA-256)
// so that a column can be matched without ever storing or comparing its plain value.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'

const VERSION = 'v1'

export interface FieldCipher {
  /** "v1.<iv>.<tag>.<ciphertext>" in base64url; a fresh IV each time, so equal values differ at rest. */
  encrypt(plain: string, column: string): string
  /** Throws when the value was tampered with or encrypted under another key. */
  decrypt(stored: string, column: string): string
  /** The keyed hash to store beside the column and to match against. */
  blindIndex(plain: string, column: string): string
}

/** A 32-byte key, given as 64 hex characters or 43+ base64url characters. */
export function parseDataKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64url')
  if (key.length !== 32) throw new Error('DATA_ENCRYPTION_KEY must be 32 bytes (64 hex characters or base64url)')
  return key
}

export function createFieldCipher(masterKey: Buffer): FieldCipher {
  // Separate keys for encryption and hashing, derived from the one master key.
  const encryptionKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'mesh field encryption', 32))
  const indexKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'mesh blind index', 32))
  return {
    encrypt(plain, column) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv)
      cipher.setAAD(Buffer.from(column))
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return [
        VERSION,
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        ciphertext.toString('base64url'),
      ].join('.')
    },
    decrypt(stored, column) {
      const [version, iv, tag, ciphertext] = stored.split('.')
      if (version !== VERSION || !iv || !tag || ciphertext === undefined)
        throw new Error(`${column} is not an encrypted value of this mesh`)
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'))
      decipher.setAAD(Buffer.from(column))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
    },
    blindIndex(plain, column) {
      return createHmac('sha256', indexKey).update(`${column}\u0000${plain}`).digest('base64url')
    },
  }
}
