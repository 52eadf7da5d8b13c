// The text of a chat message, whether its content is a string or a list of parts.
import type { BaseMessage } from '@langchain/core/messages'

export function textOf(message: BaseMessage): string {
  if (typeof message.content === 'string') return message.content
  return message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('')
}
