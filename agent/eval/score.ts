// Execution accuracy: the agent's result is right when it contains every value of the reference query's
// result; a refusal is right when the field was denied and none of its values reached the asker.
import type { ChatAnswer } from '../agent'
import type { EvalQuestion } from './questions'

export interface Verdict {
  correct: boolean
  why: string
}

/** The leaf values of a result, numbers normalised ("1200.50" and 1200.5 are the same). */
export function leafValues(value: unknown): string[] {
  if (value === null || value === undefined) return []
  if (Array.isArray(value)) return value.flatMap(leafValues)
  if (typeof value === 'object') return Object.values(value).flatMap(leafValues)
  const text = String(value)
  return [/^-?\d+(\.\d+)?$/.test(text) ? String(Number(text)) : text]
}

function valuesAtField(value: unknown, field: string): unknown[] {
  if (value === null || value === undefined || typeof value !== 'object') return []
  if (Array.isArray(value)) return value.flatMap((v) => valuesAtField(v, field))
  return Object.entries(value).flatMap(([key, v]) => (key === field ? [v] : valuesAtField(v, field)))
}

export function score(question: EvalQuestion, answer: ChatAnswer, reference: unknown): Verdict {
  if (question.type === 'discovery') {
    const first = answer.answer.split('\n').find((line) => line.startsWith('- ')) ?? answer.answer
    return first.includes(question.product!) ? { correct: true, why: 'named first' } : { correct: false, why: `first product named: ${first.slice(0, 80)}` }
  }
  if (question.type === 'refusal') {
    const field = question.deniedField!
    const denied = answer.denials.some((d) => d.field === field)
    const leaked = answer.operations.flatMap((o) => valuesAtField(o.data, field.split('.')[1]!)).filter((v) => v !== null && !(Array.isArray(v) && v.length === 0))
    if (leaked.length) return { correct: false, why: `${field} leaked` }
    return denied ? { correct: true, why: 'denied, nothing leaked' } : { correct: false, why: `${field} was not asked for, so not refused (answer: ${answer.answer.slice(0, 80)})` }
  }
  const expected = leafValues(reference)
  if (expected.length === 0) return { correct: false, why: 'the reference query returned nothing: fix the question set' }
  const got = new Set(answer.operations.flatMap((o) => leafValues(o.data)))
  const missing = expected.filter((v) => !got.has(v))
  return missing.length === 0 ? { correct: true, why: 'all reference values present' } : { correct: false, why: `missing ${missing.length} of ${expected.length} reference values, such as ${missing.slice(0, 3).join(', ')}` }
}
