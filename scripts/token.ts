// `npm run token -- --role analyst [--customer C-00042] [--ttl 1h] [--channel chat]` prints a bearer
// token of the embedded development issuer, so every role can be tried against the local mesh.
import { parseArgs } from 'node:util'
import { isProduction, loadSecrets } from '../lib/secrets'
import { isChannel, isRole, ROLES } from '../rules/identity'
import { issueDevelopmentToken } from '../gateway/core/development-tokens'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      customer: { type: 'string' },
      ttl: { type: 'string', default: '1h' },
      channel: { type: 'string', default: 'api' },
      subject: { type: 'string' },
    },
  })
  if (!isRole(values.role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`)
  if (values.role === 'customer' && !values.customer)
    throw new Error('--customer C-00042 is required with --role customer: a customer token is bound to one customer')
  if (!isChannel(values.channel)) throw new Error('--channel must be api or chat')
  if (!/^\d+[smhd]$/.test(values.ttl!)) throw new Error('--ttl must look like 30m, 1h or 7d')
  if (isProduction())
    throw new Error('The embedded issuer is for development; production tokens come from your identity provider')
  const token = await issueDevelopmentToken(loadSecrets().jwtSecret, {
    role: values.role,
    customerId: values.customer,
    ttl: values.ttl,
    channel: values.channel,
    subject: values.subject,
  })
  console.log(token)
}

main().catch((error: unknown) => {
  console.error((error as Error).message)
  process.exit(2)
})
