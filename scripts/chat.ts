// `npm run chat [-- --role analyst | --token <jwt>]`: a terminal chat with the mesh, as one user. It runs
// the agent here and its queries through the gateway (GATEWAY_URL, default http://127.0.0.1:4000/graphql)
// with that user's token on the chat channel. `--question "…"` asks once and exits.
import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { askMesh, type ChatTurn } from '../agent/agent'
import { httpExecutor } from '../agent/executor'
import { createChatModel } from '../agent/models'
import { createSchemaIndex } from '../agent/schema-index'
import { isRole, ROLES } from '../rules/identity'
import { callerToken, gatewayUrl as defaultGatewayUrl } from './caller'

async function tokenFor(values: { role?: string; token?: string; customer?: string }): Promise<string> {
  const role = values.role ?? 'analyst'
  if (!isRole(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`)
  return callerToken(
    {
      role,
      subject: `chat-${role}`,
      customerId: role === 'customer' ? (values.customer ?? 'C-00042') : undefined,
      ttl: '8h',
      channel: 'chat',
    },
    'In production give --token (or MESH_TOKEN): a token of your identity provider',
    values.token,
  )
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      token: { type: 'string' },
      customer: { type: 'string' },
      question: { type: 'string' },
      show: { type: 'boolean', default: false },
    },
  })
  const gatewayUrl = defaultGatewayUrl()
  const execute = httpExecutor(gatewayUrl, await tokenFor(values))
  const { model, description } = await createChatModel()
  const index = createSchemaIndex()
  const history: ChatTurn[] = []
  const ask = async (question: string) => {
    const answer = await askMesh({ question, history, model, index, execute })
    if (values.show) for (const operation of answer.operations) console.log(`\n  ran: ${operation.query}`)
    console.log(`\n${answer.answer}\n`)
    history.push({ role: 'user', content: question }, { role: 'assistant', content: answer.answer })
  }
  if (values.question) return ask(values.question)
  console.log(
    `Chatting with the mesh at ${gatewayUrl} as ${values.token || process.env.MESH_TOKEN ? "the token's user" : (values.role ?? 'analyst')}, using ${description}. Empty line or Ctrl+D to quit; --show prints the GraphQL.`,
  )
  const terminal = createInterface({ input: process.stdin, output: process.stdout })
  for (;;) {
    const question = (await terminal.question('you> ').catch(() => '')).trim()
    if (!question) break
    await ask(question).catch((error: unknown) => console.error(`(${(error as Error).message})`))
  }
  terminal.close()
}

main().catch((error: unknown) => {
  console.error((error as Error).message)
  process.exit(2)
})
