// Which chat model the agent thinks with, chosen by environment variables through LangChain's
// integrations. Nothing configured: the built-in offline planner.
//   CHAT_PROVIDER        openai | anthropic | ollama | llamacpp | offline (default: the first configured below)
//   OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL   OpenAI or any OpenAI-compatible server (vLLM, llama.cpp server)
//   ANTHROPIC_API_KEY, ANTHROPIC_MODEL
//   OLLAMA_BASE_URL, OLLAMA_MODEL
//   LLAMA_CPP_MODEL_PATH  a local GGUF file (needs `npm install node-llama-cpp @langchain/community`)
import type { BaseChatModel } from '@langchain/core/language_models/chat_models'
import { OfflinePlannerModel } from './offline/model'

export type ChatProvider = 'openai' | 'anthropic' | 'ollama' | 'llamacpp' | 'offline'

export interface ModelChoice {
  provider: ChatProvider
  model: BaseChatModel
  /** How to say which model answers, such as "openai gpt-4o-mini". */
  description: string
}

export function chosenProvider(env: NodeJS.ProcessEnv = process.env): ChatProvider {
  const explicit = env.CHAT_PROVIDER?.toLowerCase()
  if (explicit) {
    if (!['openai', 'anthropic', 'ollama', 'llamacpp', 'offline'].includes(explicit))
      throw new Error(
        `CHAT_PROVIDER must be openai, anthropic, ollama, llamacpp or offline, not "${env.CHAT_PROVIDER}"`,
      )
    return explicit as ChatProvider
  }
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL) return 'openai'
  if (env.ANTHROPIC_API_KEY) return 'anthropic'
  if (env.OLLAMA_BASE_URL) return 'ollama'
  if (env.LLAMA_CPP_MODEL_PATH) return 'llamacpp'
  return 'offline'
}

// Optional integrations are loaded only when chosen, so the mesh installs and runs without them.
const load = (module: string): Promise<Record<string, unknown>> => import(module) as Promise<Record<string, unknown>>

export async function createChatModel(env: NodeJS.ProcessEnv = process.env, now?: () => Date): Promise<ModelChoice> {
  const provider = chosenProvider(env)
  switch (provider) {
    case 'openai': {
      const { ChatOpenAI } = await import('@langchain/openai')
      const model = env.OPENAI_MODEL ?? 'gpt-4o-mini'
      return {
        provider,
        model: new ChatOpenAI({
          model,
          temperature: 0,
          apiKey: env.OPENAI_API_KEY ?? 'not-needed',
          configuration: env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : undefined,
        }),
        description: `${env.OPENAI_BASE_URL ?? 'openai'} ${model}`,
      }
    }
    case 'anthropic': {
      const { ChatAnthropic } = await import('@langchain/anthropic')
      const model = env.ANTHROPIC_MODEL ?? 'claude-sonnet-4-5'
      return {
        provider,
        model: new ChatAnthropic({ model, temperature: 0, apiKey: env.ANTHROPIC_API_KEY }),
        description: `anthropic ${model}`,
      }
    }
    case 'ollama': {
      const { ChatOllama } = await import('@langchain/ollama')
      const model = env.OLLAMA_MODEL ?? 'llama3.1'
      return {
        provider,
        model: new ChatOllama({ model, temperature: 0, baseUrl: env.OLLAMA_BASE_URL ?? 'http://127.0.0.1:11434' }),
        description: `ollama ${model}`,
      }
    }
    case 'llamacpp': {
      if (!env.LLAMA_CPP_MODEL_PATH)
        throw new Error('CHAT_PROVIDER=llamacpp needs LLAMA_CPP_MODEL_PATH, the path of a GGUF model file')
      let module: Record<string, unknown>
      try {
        module = await load('@langchain/community/chat_models/llama_cpp')
      } catch {
        throw new Error(
          'A local GGUF model needs two optional packages: npm install node-llama-cpp @langchain/community',
        )
      }
      const ChatLlamaCpp = module.ChatLlamaCpp as {
        initialize(options: { modelPath: string; temperature: number }): Promise<BaseChatModel>
      }
      return {
        provider,
        model: await ChatLlamaCpp.initialize({ modelPath: env.LLAMA_CPP_MODEL_PATH, temperature: 0 }),
        description: `llama.cpp ${env.LLAMA_CPP_MODEL_PATH}`,
      }
    }
    case 'offline':
      return { provider, model: new OfflinePlannerModel({ now }), description: 'the built-in offline planner' }
  }
}
