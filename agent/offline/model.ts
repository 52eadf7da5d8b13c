// The built-in offline model: a LangChain chat model that plans from the composed schema and the catalog
// instead of a language model. It emits the same tool calls an LLM would (search the catalog or the
// schema, read the relevant slice, run one query, repair it when invalid) and answers in plain words.
// It reads only the conversation: every fact it uses comes back from a tool.
import { BaseChatModel, type BaseChatModelParams } from '@langchain/core/language_models/chat_models'
import { AIMessage, type BaseMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import { textOf } from '../messages'
import type { GlossaryMatch, RootFieldMatch } from '../schema-index'
import { TOOL_NAMES } from '../tools'
import { composeAnswer, instructionsNote, type RunOutcome } from './answer'
import { planOperation, readSlice } from './plan'
import { parseQuestion, withGlossary, type Question } from './question'

export interface OfflinePlannerOptions extends BaseChatModelParams {
  /** The clock "last quarter" is measured from. Default: the real time. */
  now?: () => Date
}

interface ToolResult {
  name: string
  content: string
}

const BEYOND = 'I could not match that question to the data in the mesh. I can answer questions about the data products\' own figures — lists with filters, totals, counts, averages, top-N and period-over-period changes — and ask "what data do we have about …" to see which data products exist.'


function reply(message: AIMessage): ChatResult {
  return { generations: [{ text: textOf(message), message }] }
}

let callCounter = 0
function callTool(name: string, args: Record<string, unknown>): ChatResult {
  callCounter += 1
  return reply(new AIMessage({ content: '', tool_calls: [{ id: `offline_${callCounter}`, name, args, type: 'tool_call' }] }))
}

function say(text: string): ChatResult {
  return reply(new AIMessage(text))
}

function describeProducts(question: Question, content: string): string {
  let products: { name: string; domain: string; purpose: string; owner: { team: string; contact: string }; rootFields: { name: string }[]; status: string }[]
  try {
    const parsed = JSON.parse(content) as unknown
    if (!Array.isArray(parsed)) {
      const denied = (parsed as { denials?: { reason: string }[] }).denials ?? []
      return denied.length ? `I'm sorry, you may not browse the data product catalog: ${denied[0]!.reason}.` : 'The data product catalog did not answer.'
    }
    products = parsed as typeof products
  } catch {
    return 'The data product catalog did not answer.'
  }
  if (products.length === 0) return `No data product matches "${question.text}". Ask about another topic, or with fewer words.`
  const lines = products.slice(0, 5).map((p) => `- ${p.name} (${p.domain}; owned by ${p.owner.team}, ${p.owner.contact}${p.status !== 'ACTIVE' ? `; ${p.status.toLowerCase()}` : ''}): ${p.purpose} Ask it through ${p.rootFields.map((f) => f.name).join(', ')}.`)
  return `${products.length === 1 ? 'One data product matches' : `${products.length} data products match`}:\n${lines.join('\n')}\nSource: the Data Product Catalog.`
}

export class OfflinePlannerModel extends BaseChatModel {
  private readonly clock: () => Date

  constructor(options: OfflinePlannerOptions = {}) {
    super(options)
    this.clock = options.now ?? (() => new Date())
  }

  _llmType(): string {
    return 'mesh-offline-planner'
  }

  override bindTools(): this {
    return this
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const humanAt = messages.map((m) => m.getType()).lastIndexOf('human')
    if (humanAt < 0) return say('Ask me a question about the bank\'s data.')
    const read = parseQuestion(textOf(messages[humanAt]!), this.clock())
    // Answers that compose no data still say which instruction was set aside.
    const sayWithNote = (text: string) => say([instructionsNote(read), text].filter(Boolean).join('\n'))
    if (!/[a-z0-9]/i.test(read.text)) return sayWithNote('There was no data question left to answer. Ask me about the bank\'s data, such as "total deposits last quarter".')
    const results: ToolResult[] = messages.slice(humanAt + 1).filter((m) => m.getType() === 'tool').map((m) => ({ name: String((m as { name?: string }).name), content: textOf(m) }))
    const last = (name: string) => [...results].reverse().find((r) => r.name === name)

    if (read.discovery) {
      const found = last(TOOL_NAMES.searchProducts)
      return found ? sayWithNote(describeProducts(read, found.content)) : callTool(TOOL_NAMES.searchProducts, { text: read.discoveryTopic || read.text })
    }

    const search = last(TOOL_NAMES.searchSchema)
    if (!search) return callTool(TOOL_NAMES.searchSchema, { text: read.topic || read.text })
    const candidates = JSON.parse(search.content) as (RootFieldMatch & { glossary?: GlossaryMatch[] })[]
    // The glossary words of the products the search found, read as the filters they mean.
    const question = withGlossary(read, [...new Map(candidates.flatMap((c) => c.glossary ?? []).map((g) => [g.word, g])).values()], this.clock())
    if (candidates.length === 0 || candidates[0]!.score < 2) return sayWithNote(BEYOND)

    const schema = last(TOOL_NAMES.getSchema)
    if (!schema) return callTool(TOOL_NAMES.getSchema, { rootFields: candidates.map((c) => c.name) })
    const slice = readSlice(schema.content)

    // Each run the schema refused excludes its root field from the next plan (bounded by the tools).
    const runs = results.filter((r) => r.name === TOOL_NAMES.run)
    const excluded = new Set<string>()
    for (const run of runs.slice(0, -1)) {
      const plan = planOperation(question, slice, candidates, excluded)
      if (plan && run.content.startsWith('The operation')) excluded.add(plan.rootField)
    }
    const lastRun = runs.at(-1)
    if (lastRun?.content.startsWith('The operation is still not valid')) return sayWithNote(BEYOND)
    if (lastRun?.content.startsWith('The operation is not valid')) {
      const failed = planOperation(question, slice, candidates, excluded)
      if (failed) excluded.add(failed.rootField)
    }
    const plan = planOperation(question, slice, candidates, excluded)
    if (!plan) return sayWithNote(BEYOND)
    if (!lastRun || lastRun.content.startsWith('The operation')) return callTool(TOOL_NAMES.run, { query: plan.query })
    const outcome = JSON.parse(lastRun.content) as RunOutcome
    return say(composeAnswer(question, plan, outcome))
  }
}
