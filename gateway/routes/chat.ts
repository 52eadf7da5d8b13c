// POST /chat: questions in plain words, answered by the agent as the asker. The route fixes the chat
// channel itself, so nothing the agent's queries carry can widen what the asker may read.
// JSON in: { question, history? }. JSON out: { answer, operations, denials }; or server-sent events
// (tool_call, tool_result, answer) when the request accepts text/event-stream or sets stream: true.
import type { ApolloServer } from '@apollo/server'
import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import express, { type Express, type Request, type RequestHandler, type Response } from 'express'
import { z } from 'zod'
import { askMesh, askMeshStream } from '../../agent/agent'
import type { GraphQLExecutor } from '../../agent/executor'
import type { SchemaIndex } from '../../agent/schema-index'
import { ErrorCode } from '../../lib/errors'
import { createLogger, errorFields } from '../../lib/logger'
import type { Identity } from '../../rules/identity'
import { callerOf } from '../core/authentication'
import { sendError } from '../core/http-errors'
import type { CallerRateLimits } from '../core/rate-limits'

export interface ChatOptions {
  /** The model the agent thinks with (see agent/models.ts). */
  model: BaseChatModel
  index: SchemaIndex
}

const ChatRequest = z.object({
  question: z.string().trim().min(1, 'Ask a question').max(2000, 'Keep the question under 2,000 characters'),
  history: z
    .array(z.object({ role: z.enum(['user', 'assistant']), content: z.string().max(8000) }))
    .max(20)
    .optional(),
  stream: z.boolean().optional(),
})

/** Runs operations in-process as the asker, always on the chat channel. */
export function inProcessExecutor(apollo: ApolloServer<{ identity: Identity }>, identity: Identity): GraphQLExecutor {
  const asker: Identity = { ...identity, channel: 'chat' }
  return async (query, variables) => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: { identity: asker } })
    if (response.body.kind !== 'single')
      return { errors: [{ message: 'Incremental delivery is not supported in chat' }] }
    return {
      data: (response.body.singleResult.data ?? null) as Record<string, unknown> | null,
      errors: response.body.singleResult.errors,
    }
  }
}

/**
 * The verified identity of the person asking (read from the authentication step), always on the chat
 * channel; null (with a 401 sent) when the token is refused or missing: these routes act as someone, never as nobody.
 */
export function askerOf(req: Request, res: Response, withoutToken: string): Identity | null {
  const { identity, refusal } = callerOf(req)
  if (!identity) {
    sendError(res, 401, ErrorCode.UNAUTHENTICATED, refusal.message)
    return null
  }
  if (identity.roles.length > 0) return { ...identity, channel: 'chat' }
  sendError(res, 401, ErrorCode.UNAUTHENTICATED, withoutToken)
  return null
}

/** `authenticate`: the gateway's authentication middleware (core/authentication.ts), run once the body is parsed. */
export function mountChat(
  app: Express,
  apollo: ApolloServer<{ identity: Identity }>,
  authenticate: RequestHandler,
  chat: ChatOptions,
  rateLimits?: CallerRateLimits,
): void {
  app.post('/chat', express.json({ limit: '64kb' }), authenticate, async (req: Request, res: Response) => {
    const identity = askerOf(req, res, 'The chat needs a bearer token: it answers as you, with your access')
    if (!identity || (rateLimits && !(await rateLimits.admitRequest('chat', identity, req, res)))) return
    const body = ChatRequest.safeParse(req.body)
    if (!body.success)
      return sendError(
        res,
        400,
        ErrorCode.BAD_USER_INPUT,
        body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      )
    const ask = {
      question: body.data.question,
      history: body.data.history,
      model: chat.model,
      index: chat.index,
      execute: inProcessExecutor(apollo, identity),
    }
    const streamed = body.data.stream ?? /text\/event-stream/.test(req.header('accept') ?? '')
    try {
      if (!streamed) return void res.json(await askMesh(ask))
      res
        .status(200)
        .setHeader('content-type', 'text/event-stream; charset=utf-8')
        .setHeader('cache-control', 'no-cache')
      res.flushHeaders()
      for await (const event of askMeshStream(ask)) {
        const { type, ...payload } = event
        res.write(`event: ${type}\ndata: ${JSON.stringify(type === 'answer' ? event.answer : payload)}\n\n`)
      }
      res.end()
    } catch (error) {
      createLogger('gateway').error(errorFields(error), 'chat: the agent failed')
      if (res.headersSent) {
        res.write(
          `event: error\ndata: ${JSON.stringify({ message: 'The agent could not answer; try again.', code: ErrorCode.INTERNAL_SERVER_ERROR })}\n\n`,
        )
        res.end()
      } else sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'The agent could not answer; try again.')
    }
  })
}
