// Hostile-input limits at the gateway, through the maintained GraphQL Armor: depth, aliases, tokens,
// cost and directives of an operation, no field suggestions, plus the request body size and no HTTP
// batching. Every limit answers with the stable code LIMIT_EXCEEDED.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server'
import { ApolloArmor } from '@escape.tech/graphql-armor'
import express, { type ErrorRequestHandler, type RequestHandler } from 'express'
import { Lexer, Source, TokenKind, type ValidationRule } from 'graphql'
import { ErrorCode } from '../../lib/errors'
import { sendError } from '../core/http-errors'

export interface RequestLimits {
  /** Deepest nesting of selections. Default 12 (the deepest query the tests send is 8 levels). */
  maxDepth: number
  /** Aliases in one operation. Default 30. */
  maxAliases: number
  /** Lexical tokens in one operation. Default 3000. */
  maxTokens: number
  /**
   * GraphQL Armor's cost: objects 2, scalars 1, times 1.5 per level, times a literal `first`. Default
   * 50000, which lets a 1000-row page with a handful of fields through. A `first` passed as a variable
   * is not multiplied; the subgraphs' page limit (1000) bounds it.
   */
  maxCost: number
  /** Directives in one operation. Default 20. */
  maxDirectives: number
  /** Size of a request body in bytes. Default 100 kB. */
  maxBodyBytes: number
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 3000,
  maxCost: 50_000,
  maxDirectives: 20,
  maxBodyBytes: 100_000,
}

/** Armor's rejections are validation errors whose message names the limit; make them LIMIT_EXCEEDED. */
const ARMOR_REJECTION = /(depth limit|Aliases limit|Token limit|Cost limit|Directives limit) of \d+ exceeded/i

export interface GatewayLimits {
  /** The most lexical tokens an operation may have. */
  maxTokens: number
  validationRules: ValidationRule[]
  plugins: ApolloServerPlugin<BaseContext>[]
  /** Parses JSON bodies up to the size limit; put it in front of the GraphQL middleware. */
  bodyParser: RequestHandler
  /** Refuses an operation of too many tokens before it is parsed. */
  tokenLimit: RequestHandler
  /** Answers an over-large or unreadable body as a GraphQL error instead of an HTML page. */
  bodyErrors: ErrorRequestHandler
}

export function createRequestLimits(overrides: Partial<RequestLimits> = {}): GatewayLimits {
  const limits = { ...DEFAULT_REQUEST_LIMITS, ...overrides }
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    // Counted before Apollo parses (see tokenLimit): Armor's token check fails inside parsing, as a 500.
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true },
    maxDirectives: { n: limits.maxDirectives },
    blockFieldSuggestion: { enabled: true },
  })
  const protection = armor.protect()
  const asLimitExceeded: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return
          const errors = response.body.singleResult.errors
          if (!errors?.some((e) => ARMOR_REJECTION.test(e.message))) return
          response.body.singleResult.errors = errors.map((e) =>
            ARMOR_REJECTION.test(e.message)
              ? {
                  ...e,
                  message: e.message.replace(/^Syntax Error: /, ''),
                  extensions: { ...e.extensions, code: ErrorCode.LIMIT_EXCEEDED },
                }
              : e,
          )
          // The token limit trips while parsing, which Apollo would answer as a 500.
          response.http.status = 400
        },
      }
    },
  }
  const withinTokenLimit = rememberedPerOperation((query) => countTokens(query, limits.maxTokens) <= limits.maxTokens)
  return {
    maxTokens: limits.maxTokens,
    validationRules: protection.validationRules,
    plugins: [...(protection.plugins as ApolloServerPlugin<BaseContext>[]), asLimitExceeded],
    bodyParser: express.json({ limit: limits.maxBodyBytes }),
    tokenLimit: (req, res, next) => {
      const query = (req.body as { query?: unknown } | undefined)?.query
      if (typeof query === 'string' && !withinTokenLimit(query)) {
        return sendError(res, 400, ErrorCode.LIMIT_EXCEEDED, `Token limit of ${limits.maxTokens} exceeded.`)
      }
      next()
    },
    bodyErrors: (error: { type?: string; status?: number }, _req, res, next) => {
      if (error.type === 'entity.too.large') {
        sendError(res, 413, ErrorCode.LIMIT_EXCEEDED, `The request body is larger than ${limits.maxBodyBytes} bytes`)
      } else if (error.type === 'entity.parse.failed') {
        sendError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON')
      } else {
        next(error)
      }
    },
  }
}

/** Operations remembered per limit, and the longest remembered (longer ones are counted every time). */
const REMEMBERED_OPERATIONS = 1000
const REMEMBERED_LENGTH = 20_000

/**
 * A check that depends on the operation's text only, done once per text: clients send the same few operations
 * over and over, with different variables. Bounded: the oldest is forgotten first.
 */
function rememberedPerOperation(check: (query: string) => boolean): (query: string) => boolean {
  const results = new Map<string, boolean>()
  return (query) => {
    const known = results.get(query)
    if (known !== undefined) return known
    const result = check(query)
    if (query.length <= REMEMBERED_LENGTH) {
      if (results.size >= REMEMBERED_OPERATIONS) results.delete(results.keys().next().value!)
      results.set(query, result)
    }
    return result
  }
}

/** Counts the operation's lexical tokens with graphql-js's own lexer, stopping once past `stopAfter`. */
export function countTokens(query: string, stopAfter: number): number {
  const lexer = new Lexer(new Source(query))
  let count = 0
  try {
    while (lexer.advance().kind !== TokenKind.EOF) if (++count > stopAfter) break
  } catch {
    // A syntax error: let the parser report it properly.
  }
  return count
}
