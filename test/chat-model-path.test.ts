// The model path end to end: the LangChain agent with its five tools, its model chosen by the same environment
// variables as in production (OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL through agent/models.ts), talking to
// a scripted OpenAI-compatible server (node:http on a free port answering /v1/chat/completions) against a
// started mesh. The script: search the schema, validate an operation that is not valid (the errors go back to
// the model), validate and run the corrected one, answer from what it returned; and a model that never stops
// calling tools is stopped by the step limit.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { askMesh, MAX_STEPS } from '../agent/agent'
import { httpExecutor } from '../agent/executor'
import { createChatModel } from '../agent/models'
import { createSchemaIndex } from '../agent/schema-index'
import { startMesh, type RunningMesh } from './support/mesh'

interface WireMessage {
  role: 'system' | 'user' | 'assistant' | 'tool'
  content: string | null
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[]
  tool_call_id?: string
}

interface CompletionRequest {
  model: string
  messages: WireMessage[]
  tools?: { type: 'function'; function: { name: string } }[]
}

/** One scripted turn: from the request so far, a tool call or a final text. */
type Turn = (request: CompletionRequest) => { tool?: { name: string; args: Record<string, unknown> }; text?: string }

/** An OpenAI-compatible chat completions server that plays a script; it records every request. */
class ScriptedServer {
  readonly requests: CompletionRequest[] = []
  private script: Turn[] = []
  private fallback: Turn | undefined
  private server: Server | undefined
  private calls = 0

  play(script: Turn[], fallback?: Turn): void {
    this.script = [...script]
    this.fallback = fallback
    this.requests.length = 0
  }

  async start(): Promise<string> {
    this.server = createServer(
      (req, res) =>
        void this.handle(req).then(
          (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
          (error: Error) =>
            res
              .writeHead(error.message === 'not found' ? 404 : 500, { 'content-type': 'application/json' })
              .end(JSON.stringify({ error: { message: error.message } })),
        ),
    )
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  private async handle(req: IncomingMessage): Promise<unknown> {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) throw new Error('not found')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as CompletionRequest
    this.requests.push(request)
    const turn = this.script.shift() ?? this.fallback
    if (!turn) throw new Error('the script has ended')
    const { tool, text } = turn(request)
    const id = `call_${++this.calls}`
    const message = tool
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [{ id, type: 'function', function: { name: tool.name, arguments: JSON.stringify(tool.args) } }],
        }
      : { role: 'assistant', content: text ?? '' }
    return {
      id: `chatcmpl-${this.calls}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [{ index: 0, message, finish_reason: tool ? 'tool_calls' : 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }
  }
}

/** The content of the last tool message of a request: what the previous tool call returned. */
const lastToolResult = (request: CompletionRequest) =>
  [...request.messages].reverse().find((m) => m.role === 'tool')?.content ?? ''

const server = new ScriptedServer()
let mesh: RunningMesh
let env: NodeJS.ProcessEnv
const index = createSchemaIndex()

beforeAll(async () => {
  const baseUrl = await server.start()
  env = { OPENAI_BASE_URL: baseUrl, OPENAI_API_KEY: 'scripted', OPENAI_MODEL: 'scripted-model' }
  mesh = await startMesh({ customers: 60 })
})
afterAll(async () => {
  await server.stop()
  await mesh?.stop()
})

describe('the LangChain agent against a scripted OpenAI-compatible server', () => {
  test('the environment chooses the OpenAI-compatible model at that address', async () => {
    const choice = await createChatModel(env)
    expect(choice.provider).toBe('openai')
    expect(choice.description).toBe(`${env.OPENAI_BASE_URL} scripted-model`)
  })

  test('search, an invalid operation sent back with its errors, the corrected one run, and the answer from its data', async () => {
    const corrected = '{ transactionSummary(filter: { type: DEPOSIT }) { count credits } }'
    server.play([
      () => ({ tool: { name: 'search_schema', args: { text: 'total deposits' } } }),
      (request) => {
        expect(lastToolResult(request)).toContain('transactionSummary')
        return {
          tool: {
            name: 'validate_graphql',
            args: { query: '{ transactionSummary(filter: { type: DEPOSITS }) { count totl } }' },
          },
        }
      },
      (request) => {
        const errors = lastToolResult(request)
        expect(errors).toMatch(/not valid/)
        expect(errors).toMatch(/totl/)
        return { tool: { name: 'validate_graphql', args: { query: corrected } } }
      },
      (request) => {
        expect(lastToolResult(request)).toBe('valid')
        return { tool: { name: 'run_graphql', args: { query: corrected } } }
      },
      (request) => {
        const result = JSON.parse(lastToolResult(request)) as {
          data: { transactionSummary: { count: number; credits: string } }
          answeredBy: string[]
        }
        return {
          text: `There were ${result.data.transactionSummary.count} deposits totalling ${result.data.transactionSummary.credits} USD (source: ${result.answeredBy.join(', ')}).`,
        }
      },
    ])
    const { model } = await createChatModel(env)
    const answer = await askMesh({
      question: 'What were total deposits?',
      model,
      index,
      execute: httpExecutor(mesh.gatewayUrl, await mesh.token({ role: 'analyst' })),
    })

    const reference = await mesh.query<{ transactionSummary: { count: number; credits: string } }>(
      '{ transactionSummary(filter: { type: DEPOSIT }) { count credits } }',
    )
    const { count, credits } = reference.data!.transactionSummary
    expect(answer.answer).toBe(`There were ${count} deposits totalling ${credits} USD (source: Customer Transactions).`)
    // Only the corrected operation ran, as the asker, and its data is the answer's.
    expect(answer.operations).toHaveLength(1)
    expect(answer.operations[0]!.query).toBe(corrected)
    expect(answer.operations[0]!.products).toEqual(['Customer Transactions'])
    // Five model calls; every one offered the five tools and carried the system prompt and the question.
    expect(server.requests).toHaveLength(5)
    for (const request of server.requests) {
      expect(request.model).toBe('scripted-model')
      expect(request.tools?.map((t) => t.function.name).sort()).toEqual([
        'get_schema',
        'run_graphql',
        'search_data_products',
        'search_schema',
        'validate_graphql',
      ])
      expect(request.messages[0]!.role).toBe('system')
      expect(request.messages.some((m) => m.role === 'user' && m.content === 'What were total deposits?')).toBe(true)
    }
  })

  test('a denial reaches the model as data it may not see, and the restricted value never does', async () => {
    server.play([
      () => ({ tool: { name: 'run_graphql', args: { query: '{ customer(id: "C-00042") { name ssn } }' } } }),
      (request) => {
        const result = JSON.parse(lastToolResult(request)) as { denials: { field: string }[] }
        return { text: `Denied: ${result.denials.map((d) => d.field).join(', ')}` }
      },
    ])
    const { model } = await createChatModel(env)
    const answer = await askMesh({
      question: 'What is the SSN of customer C-00042?',
      model,
      index,
      execute: httpExecutor(mesh.gatewayUrl, await mesh.token({ role: 'analyst' })),
    })
    expect(answer.denials.map((d) => d.field)).toContain('Customer.ssn')
    expect(answer.answer).toMatch(/^Denied: .*Customer\.ssn/)
    expect(JSON.stringify(server.requests.at(-1)!.messages)).not.toMatch(/\d{3}-\d{2}-\d{4}/)
  })

  test('a model that keeps calling tools is stopped at the step limit with a plain answer', async () => {
    server.play([], () => ({ tool: { name: 'search_schema', args: { text: 'deposits' } } }))
    const { model } = await createChatModel(env)
    const answer = await askMesh({
      question: 'Deposits?',
      model,
      index,
      execute: httpExecutor(mesh.gatewayUrl, await mesh.token({ role: 'analyst' })),
    })
    expect(answer.answer).toMatch(new RegExp(`stopped after ${MAX_STEPS} steps`))
    expect(answer.operations).toEqual([])
    // A model call and a tool call are a step each: at most half the steps went to the model.
    expect(server.requests.length).toBeLessThanOrEqual(Math.ceil(MAX_STEPS / 2))
    expect(server.requests.length).toBeGreaterThan(3)
  })
})
