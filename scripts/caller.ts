// Who a command-line tool acts as, and which mesh it talks to: an explicit token (flag or MESH_TOKEN), or in
// development a token of the embedded issuer; the gateway at GATEWAY_URL (default: the local one).
import { isProduction, loadSecrets } from '../lib/secrets'
import { issueDevelopmentToken, type TokenRequest } from '../gateway/core/development-tokens'

export const gatewayUrl = (): string => process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql'

/** `explicit` (a --token flag) or MESH_TOKEN; otherwise a development token, refused in production with `productionHint`. */
export async function callerToken(request: TokenRequest, productionHint: string, explicit?: string): Promise<string> {
  if (explicit) return explicit
  if (process.env.MESH_TOKEN) return process.env.MESH_TOKEN
  if (isProduction()) throw new Error(productionHint)
  return issueDevelopmentToken(loadSecrets().jwtSecret, request)
}
