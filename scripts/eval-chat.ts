// `npm run eval:chat`: asks the evaluation questions (agent/eval/questions.ts) on a fresh in-process mesh
// with the demo bank as of 2026-11-25, as each question's role (a customer bound to the question's customer),
// and prints how many are right per split (dev, test), per question type and per role. The score is the
// `test` split, printed last. The model is the one the environment chooses (agent/models.ts): the offline
// planner by default.
// Exits non-zero when the test split scores below TEST_FLOOR, or when any answer leaked (whatever the score).
// Options: --customers N (default 300), --split dev|test|all (default all), --only id,id (those questions),
// --verbose (every question's GraphQL and answer).
import { parseArgs } from 'node:util'
import { askMesh } from '../agent/agent'
import { QUESTIONS, splitOf, type EvalRole, type QuestionType, type Split, type Variant } from '../agent/eval/questions'
import { score } from '../agent/eval/score'
import { httpExecutor } from '../agent/executor'
import { createChatModel } from '../agent/models'
import { createSchemaIndex } from '../agent/schema-index'
import { startMesh, TEST_AS_OF } from '../test/support/mesh'

/**
 * The least share of the test split that must be right, in percent: 45/97 for the planner of commit 9df3465
 * before the set grew, 60/97 = 61.9 % on 2026-12-06 after that day's planner work, 89 % later that day. It only
 * goes up. At 123/123 (third session of 2026-12-06) it is 95, not 100: the split holds the survivors of every
 * replacement, so a fresh question that fails on its first run must be able to land (and move to dev).
 */
const TEST_FLOOR = 95

interface Result {
  id: string
  split: Split
  type: QuestionType
  role: EvalRole
  variant: Variant
  correct: boolean
  leaks: string[]
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '300' },
      split: { type: 'string', default: 'all' },
      verbose: { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  })
  if (!['dev', 'test', 'all'].includes(values.split))
    throw new Error(`--split is dev, test or all, not ${values.split}`)
  const only = values.only ? new Set(values.only.split(',')) : null
  const questions = QUESTIONS.filter(
    (q) => (values.split === 'all' || splitOf(q) === values.split) && (!only || only.has(q.id)),
  )
  const mesh = await startMesh({ customers: Number(values.customers), asOf: TEST_AS_OF })
  const results: Result[] = []
  try {
    const { model, description } = await createChatModel(process.env, () => TEST_AS_OF)
    const index = createSchemaIndex()
    console.log(
      `Evaluating ${description} on ${questions.length} questions (split ${values.split}; demo bank of ${values.customers} customers as of ${TEST_AS_OF.toISOString().slice(0, 10)}).\n`,
    )
    for (const question of questions) {
      const token = await mesh.token({
        role: question.role,
        subject: `eval-${question.id}`,
        customerId: question.customerId,
      })
      const answer = await askMesh({
        question: question.question,
        model,
        index,
        execute: httpExecutor(mesh.gatewayUrl, token),
      })
      const referenceHeaders = question.referenceAs
        ? {
            authorization: `Bearer ${await mesh.token({ role: question.referenceAs, subject: `eval-reference-${question.id}` })}`,
          }
        : undefined
      const reference = question.reference
        ? (await mesh.query(question.reference, undefined, referenceHeaders)).data
        : undefined
      const absent = question.absent ? (await mesh.query(question.absent)).data : undefined
      const verdict = score(question, answer, reference, absent)
      const split = splitOf(question)
      results.push({
        id: question.id,
        split,
        type: question.type,
        role: question.role,
        variant: question.variant ?? 'plain',
        correct: verdict.correct,
        leaks: verdict.leaks,
      })
      console.log(
        `${verdict.correct ? 'ok  ' : 'MISS'} ${split.padEnd(4)} ${question.id.padEnd(6)} ${question.type.padEnd(12)} ${question.role.padEnd(18)} ${question.question}${verdict.correct ? '' : `\n       ${verdict.why}`}`,
      )
      if (values.verbose || !verdict.correct)
        for (const operation of answer.operations) console.log(`       ran: ${operation.query}`)
      if (values.verbose) console.log(`       answer: ${answer.answer.replace(/\n/g, '\n               ')}`)
    }
  } finally {
    await mesh.stop()
  }

  const right = (rows: Result[]) => rows.filter((r) => r.correct).length
  const percent = (rows: Result[]) => (rows.length ? (100 * right(rows)) / rows.length : 0)
  const rate = (rows: Result[]) => (rows.length ? `${right(rows)}/${rows.length} = ${percent(rows).toFixed(0)} %` : '—')
  const table = (rows: Result[], key: 'type' | 'role' | 'variant') => {
    for (const value of [...new Set(rows.map((r) => r[key]))])
      console.log(`    ${String(value).padEnd(20)} ${rate(rows.filter((r) => r[key] === value))}`)
  }
  for (const split of ['dev', 'test'] as const) {
    const rows = results.filter((r) => r.split === split)
    if (!rows.length) continue
    console.log(`\n${split === 'dev' ? 'dev (developed against; not the score)' : 'test (the score)'}: ${rate(rows)}`)
    console.log('  by question type:')
    table(rows, 'type')
    console.log('  by role:')
    table(rows, 'role')
    console.log('  by phrasing:')
    table(rows, 'variant')
    console.log(`  refusals ${rate(rows.filter((r) => r.type === 'refusal'))}`)
  }
  const leaked = results.filter((r) => r.leaks.length)
  if (leaked.length)
    console.log(
      `\nLEAKED in ${leaked.length} answer${leaked.length > 1 ? 's' : ''}: ${leaked.map((r) => `${r.id} (${r.leaks.join(', ')})`).join('; ')}`,
    )
  const test = results.filter((r) => r.split === 'test')
  if (test.length)
    console.log(
      `\nScore (test split): ${rate(test)}; floor ${TEST_FLOOR} %; nothing leaked: ${leaked.length ? 'no' : 'yes'}`,
    )
  if (leaked.length || (test.length && percent(test) < TEST_FLOOR)) process.exitCode = 1
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
