// The built-in offline model: a LangChain chat model that plans from the composed schema and the catalog
// instead of a language model. It emits the same tool calls an LLM would (search the catalog or the
// schema, read the relevant slice, run one query, repair it when invalid) and answers in plain words.
// It reads only the conversation: every fact it uses comes back from a tool.
import { BaseChatModel, type BaseChatModelParams } from '@langchain/core/language_models/chat_models'
import { AIMessage, type BaseMessage } from '@langchain/core/messages'
import type { ChatResult } from '@langchain/core/outputs'
import { textOf } from '../messages'
import { meshVocabulary, type GlossaryMatch, type RootFieldMatch } from '../schema-index'
import { TOOL_NAMES } from '../tools'
import { composeAnswer, everythingDenied, instructionsNote, type RunOutcome } from './answer'
import { planOperation, readSlice, type Plan } from './plan'
import { Kind, parse, print, type FieldNode, type OperationDefinitionNode } from 'graphql'
import { parseQuestion, splitParts, withGlossary, type Question } from './question'
import { ambiguityOf, askBack, beyondTheMesh, outOfScope } from './scope'
import { correctSpelling } from './spelling'

export interface OfflinePlannerOptions extends BaseChatModelParams {
  /** The clock "last quarter" is measured from. Default: the real time. */
  now?: () => Date
}

interface ToolResult {
  name: string
  content: string
}

const BEYOND =
  'I could not match that question to the data in the mesh. I can answer questions about the data products\' own figures — lists with filters, totals, counts, averages, top-N and period-over-period changes — and ask "what data do we have about …" to see which data products exist.'

function reply(message: AIMessage): ChatResult {
  return { generations: [{ text: textOf(message), message }] }
}

let callCounter = 0
function callTool(name: string, args: Record<string, unknown>): ChatResult {
  callCounter += 1
  return reply(
    new AIMessage({ content: '', tool_calls: [{ id: `offline_${callCounter}`, name, args, type: 'tool_call' }] }),
  )
}

/** A final answer; `suggestions` are questions the asker can send next (a question back's readings). */
function say(text: string, suggestions?: string[]): ChatResult {
  return reply(new AIMessage(suggestions?.length ? { content: text, additional_kwargs: { suggestions } } : text))
}

interface CatalogProduct {
  name: string
  exampleQueries?: { title: string }[]
}

/** What the data products can answer, from the catalog: each product with one example; a plain list when the catalog is not readable. */
function whatTheProductsAnswer(content: string | undefined): { lines: string[]; examples: string[] } {
  let products: CatalogProduct[] = []
  try {
    const parsed = content ? (JSON.parse(content) as unknown) : []
    if (Array.isArray(parsed)) products = parsed as CatalogProduct[]
  } catch {
    products = []
  }
  const withExamples = products.filter((p) => p.exampleQueries?.length && !/catalog|audit/i.test(p.name))
  if (withExamples.length === 0) {
    return {
      lines: [
        '- customers and their accounts, transactions (deposits, withdrawals, payments, fees), loans and loan applications, risk grades, and marketing campaigns with the customers they brought in',
      ],
      examples: [
        'Total deposits last quarter',
        'How many loans are delinquent?',
        'Which campaign brought the most new customers?',
      ],
    }
  }
  const examples = withExamples.map((p) => p.exampleQueries![0]!.title)
  return { lines: withExamples.map((p, i) => `- ${p.name}: for example "${examples[i]}"`), examples }
}

/** Declines a question beyond the data products, naming what they answer instead; no data query runs. */
function decline(why: string, catalog: string | undefined): { text: string; suggestions: string[] } {
  const { lines, examples } = whatTheProductsAnswer(catalog)
  return {
    text: [
      `I can't answer that from the bank's data: ${why}. I ran no data query.`,
      'The data products can answer questions such as:',
      ...lines,
    ].join('\n'),
    suggestions: examples,
  }
}

function describeProducts(question: Question, content: string): string {
  let products: {
    name: string
    domain: string
    purpose: string
    owner: { team: string; contact: string }
    rootFields: { name: string }[]
    status: string
  }[]
  try {
    const parsed = JSON.parse(content) as unknown
    if (!Array.isArray(parsed)) {
      const denied = (parsed as { denials?: { reason: string }[] }).denials ?? []
      return denied.length
        ? `I'm sorry, you may not browse the data product catalog: ${denied[0]!.reason}.`
        : 'The data product catalog did not answer.'
    }
    products = parsed as typeof products
  } catch {
    return 'The data product catalog did not answer.'
  }
  if (products.length === 0)
    return `No data product matches "${question.text}". Ask about another topic, or with fewer words.`
  const lines = products
    .slice(0, 5)
    .map(
      (p) =>
        `- ${p.name} (${p.domain}; owned by ${p.owner.team}, ${p.owner.contact}${p.status !== 'ACTIVE' ? `; ${p.status.toLowerCase()}` : ''}): ${p.purpose} Ask it through ${p.rootFields.map((f) => f.name).join(', ')}.`,
    )
  return `${products.length === 1 ? 'One data product matches' : `${products.length} data products match`}:\n${lines.join('\n')}\nSource: the Data Product Catalog.`
}

const OWN_RECORD_FIELD = 'customers'

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
    if (humanAt < 0) return say("Ask me a question about the bank's data.")
    const spelled = correctSpelling(textOf(messages[humanAt]!), meshVocabulary())
    const read: Question = { ...parseQuestion(spelled.text, this.clock()), spelling: spelled.corrections }
    // Answers that compose no data still say which instruction was set aside.
    const sayWithNote = (text: string) => say([instructionsNote(read), text].filter(Boolean).join('\n'))
    if (!/[a-z0-9]/i.test(read.text))
      return sayWithNote(
        'There was no data question left to answer. Ask me about the bank\'s data, such as "total deposits last quarter".',
      )
    const results: ToolResult[] = messages
      .slice(humanAt + 1)
      .filter((m) => m.getType() === 'tool')
      .map((m) => ({ name: String((m as { name?: string }).name), content: textOf(m) }))
    const last = (name: string) => [...results].reverse().find((r) => r.name === name)

    // Beyond the data products: decline, with what they can answer (from the catalog), and run no data query.
    const beyond = read.discovery ? null : outOfScope(read)
    if (beyond) {
      const catalog = last(TOOL_NAMES.searchProducts)
      if (!catalog) return callTool(TOOL_NAMES.searchProducts, { text: '' })
      const { text, suggestions } = decline(beyond, catalog.content)
      return say([instructionsNote(read), text].filter(Boolean).join('\n'), suggestions)
    }
    // A business word with several readings: ask back, each reading a question to send.
    const ambiguity = ambiguityOf(read)
    if (ambiguity)
      return say(
        [instructionsNote(read), askBack(ambiguity)].filter(Boolean).join('\n'),
        ambiguity.readings.map((r) => r.question),
      )
    // About something no data product names ("how much rent", "which of our advisers"), whatever word it shares with the data.
    const foreign = beyondTheMesh(read)
    if (foreign) {
      const catalog = last(TOOL_NAMES.searchProducts)
      if (!catalog) return callTool(TOOL_NAMES.searchProducts, { text: '' })
      const { text, suggestions } = decline(foreign, catalog.content)
      return say([instructionsNote(read), text].filter(Boolean).join('\n'), suggestions)
    }

    if (read.discovery) {
      const found = last(TOOL_NAMES.searchProducts)
      return found
        ? sayWithNote(describeProducts(read, found.content))
        : callTool(TOOL_NAMES.searchProducts, { text: read.discoveryTopic || read.text })
    }

    // A question in several parts ("total deposits and total withdrawals"): each part planned on its own, run as one operation.
    const parts = splitParts(read, this.clock())
    if (parts.length >= 2) {
      const answer = this.multiPart(read, parts, results)
      if (answer) return answer
    }

    // The single question's search is the last one (after the parts' searches when the parts could not be answered apart).
    const searchAt = results.map((r) => r.name).lastIndexOf(TOOL_NAMES.searchSchema)
    const search = searchAt >= 0 ? results[searchAt] : undefined
    if (!search) return callTool(TOOL_NAMES.searchSchema, { text: read.topic || read.text })
    const after = results.slice(searchAt + 1)
    const lastAfter = (name: string) => [...after].reverse().find((r) => r.name === name)
    const found = JSON.parse(search.content) as (RootFieldMatch & { glossary?: GlossaryMatch[] })[]
    // "my accounts and their balances": the asker's own record is read through the customers list (which the
    // policy scopes to its owner), whatever else the words match (in place of the last of the 8 the schema tool takes).
    const candidates =
      read.firstPerson && found.length > 0 && !found.some((c) => c.name === OWN_RECORD_FIELD)
        ? [
            ...found.slice(0, 7),
            {
              name: OWN_RECORD_FIELD,
              coordinate: `Query.${OWN_RECORD_FIELD}`,
              description: '',
              returns: 'CustomerConnection',
              score: Math.min(2, found.at(-1)!.score),
            },
          ]
        : found
    // The glossary words of the products the search found, read as the filters they mean.
    const question = withGlossary(
      read,
      [...new Map(candidates.flatMap((c) => c.glossary ?? []).map((g) => [g.word, g])).values()],
      this.clock(),
    )
    if (candidates.length === 0 || candidates[0]!.score < 2) {
      // Nothing in the schema fits: say so, with what the products can answer (from the catalog).
      const catalog = lastAfter(TOOL_NAMES.searchProducts)
      if (!catalog) return callTool(TOOL_NAMES.searchProducts, { text: '' })
      const { text, suggestions } = decline('no data product has data that matches it', catalog.content)
      return say([instructionsNote(read), text].filter(Boolean).join('\n'), suggestions)
    }

    const schema = lastAfter(TOOL_NAMES.getSchema)
    if (!schema) return callTool(TOOL_NAMES.getSchema, { rootFields: candidates.map((c) => c.name) })
    const slice = readSlice(schema.content)

    // Each run the schema refused excludes its root field from the next plan (bounded by the tools).
    // A figure the caller's role may not read from one field ("how many transfers" from the rows) is asked once
    // more of the next field that carries it (the summary); rows asked for are refused, not turned into figures.
    const runs = after.filter((r) => r.name === TOOL_NAMES.run)
    const excluded = new Set<string>()
    const deniedFields: string[] = []
    const retriesDenied = (question.aggregate !== null || question.share) && !question.listing
    for (const run of runs.slice(0, -1)) {
      const plan = planOperation(question, slice, candidates, excluded)
      if (!plan) continue
      if (run.content.startsWith('The operation')) excluded.add(plan.rootField)
      else if (retriesDenied && wasDenied(plan, run.content)) {
        excluded.add(plan.rootField)
        deniedFields.push(plan.rootField)
      }
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
    const lastOutcome = JSON.parse(lastRun.content) as RunOutcome
    const denied = everythingDenied(plan, lastOutcome)
    // Refused everywhere: the answer names every refusal and its reason (the summary's, not only the rows').
    const outcome = denied
      ? { ...lastOutcome, denials: [...runs.slice(0, -1).flatMap((r) => deniedIn(r.content)), ...lastOutcome.denials] }
      : lastOutcome
    if (retriesDenied && deniedFields.length === 0 && denied) {
      const instead = planOperation(question, slice, candidates, new Set([...excluded, plan.rootField]))
      if (instead && instead.rootField !== plan.rootField) return callTool(TOOL_NAMES.run, { query: instead.query })
    }
    const answer = composeAnswer(question, plan, outcome)
    const deniedNote =
      deniedFields.length && !denied
        ? `You may not read ${deniedFields.join(' or ')} (the attempt was recorded), so this comes from ${plan.rootField}.`
        : ''
    return say([answer, deniedNote].filter(Boolean).join('\n'))
  }

  /**
   * A question in parts: searches the schema for each part, reads the slice their fields need, plans each part,
   * runs them as one operation (each part's fields under its own aliases) and answers part by part. Null when
   * the parts cannot be answered apart (then the question is answered as one, after a search of its own).
   */
  private multiPart(read: Question, parts: Question[], results: ToolResult[]): ChatResult | null {
    const searches = results.filter((r) => r.name === TOOL_NAMES.searchSchema)
    if (searches.length > parts.length) return null
    const asOne = () => callTool(TOOL_NAMES.searchSchema, { text: read.topic || read.text })
    if (searches.length < parts.length)
      return callTool(TOOL_NAMES.searchSchema, { text: parts[searches.length]!.topic || parts[searches.length]!.text })
    const candidatesOf = searches.map(
      (search) => JSON.parse(search.content) as (RootFieldMatch & { glossary?: GlossaryMatch[] })[],
    )
    if (candidatesOf.some((c) => c.length === 0 || c[0]!.score < 2)) return asOne()
    const schema = [...results].reverse().find((r) => r.name === TOOL_NAMES.getSchema)
    if (!schema)
      return callTool(TOOL_NAMES.getSchema, {
        rootFields: [
          ...new Set(
            candidatesOf.flatMap((c) => c.slice(0, Math.max(2, Math.floor(8 / parts.length))).map((m) => m.name)),
          ),
        ].slice(0, 8),
      })
    const slice = readSlice(schema.content)
    const questions = parts.map((part, i) =>
      withGlossary(
        part,
        [...new Map(candidatesOf[i]!.flatMap((c) => c.glossary ?? []).map((g) => [g.word, g])).values()],
        this.clock(),
      ),
    )
    const plans = questions.map((question, i) => planOperation(question, slice, candidatesOf[i]!))
    if (
      plans.some((p) => !p) ||
      (new Set(plans.map((p) => p!.rootField)).size === 1 && new Set(plans.map((p) => p!.query)).size === 1)
    )
      return asOne()
    if (new Set(plans.map((p) => p!.rootField)).size === 1 && plans.every((p) => !p!.filters.length)) return asOne()
    const query = combinedQuery(plans as Plan[])
    const run = [...results].reverse().find((r) => r.name === TOOL_NAMES.run)
    if (!run) return callTool(TOOL_NAMES.run, { query })
    if (run.content.startsWith('The operation')) return asOne()
    const outcome = JSON.parse(run.content) as RunOutcome
    const answers = (plans as Plan[]).map((plan, i) => {
      const data = Object.fromEntries(plan.periods.map((p) => [p.alias, outcome.data?.[partAlias(i, p.alias)] ?? null]))
      return `${i + 1}. ${composeAnswer(questions[i]!, plan, { ...outcome, data, answeredBy: [] })}`
    })
    const source = outcome.answeredBy.length
      ? `Source: the ${outcome.answeredBy.join(' and ')} data product${outcome.answeredBy.length > 1 ? 's' : ''}.`
      : ''
    return say(
      [instructionsNote(read), `Your question has ${parts.length} parts; each is answered in turn.`, ...answers, source]
        .filter(Boolean)
        .join('\n'),
    )
  }
}

const partAlias = (part: number, alias: string) => `p${part + 1}_${alias}`

/** The refusals a run reported (none when its result does not parse). */
function deniedIn(content: string): RunOutcome['denials'] {
  try {
    return (JSON.parse(content) as RunOutcome).denials ?? []
  } catch {
    return []
  }
}

/** Whether an earlier run's every answer was refused to the caller. */
function wasDenied(plan: Plan, content: string): boolean {
  try {
    return everythingDenied(plan, JSON.parse(content) as RunOutcome)
  } catch {
    return false
  }
}

/** The parts' operations as one: each root field under the alias "p<part>_<its own alias or name>". */
function combinedQuery(plans: Plan[]): string {
  const fields = plans.flatMap((plan, i) => {
    const operation = parse(plan.query).definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    )!
    return operation.selectionSet.selections
      .filter((s): s is FieldNode => s.kind === Kind.FIELD)
      .map((field) =>
        print({
          ...field,
          alias: { kind: Kind.NAME, value: partAlias(i, field.alias?.value ?? field.name.value) },
        }).replace(/\s+/g, ' '),
      )
  })
  return `query Answer { ${fields.join(' ')} }`
}
