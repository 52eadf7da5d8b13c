// `npm run eval:chat`: asks the evaluation questions (agent/eval/questions.ts) on a fresh in-process mesh
// with the demo bank as of 2026-11-25, as each question's role, and prints execution accuracy per question
// type. The model is the one the environment chooses (agent/models.ts): the offline planner by default.
// Options: --customers N (default 300), --verbose (every question's GraphQL and answer).
import { parseArgs } from 'node:util'
import { askMesh } from '../agent/agent'
import { QUESTIONS, type QuestionType } from '../agent/eval/questions'
import { score } from '../agent/eval/score'
import { httpExecutor } from '../agent/executor'
import { createChatModel } from '../agent/models'
import { createSchemaIndex } from '../agent/schema-index'
import { startMesh, TEST_AS_OF } from '../test/support/mesh'

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { customers: { type: 'string', default: '300' }, verbose: { type: 'boolean', default: false } } })
  const mesh = await startMesh({ customers: Number(values.customers), asOf: TEST_AS_OF })
  try {
    const { model, description } = await createChatModel(process.env, () => TEST_AS_OF)
    const index = createSchemaIndex()
    console.log(`Evaluating ${description} on ${QUESTIONS.length} questions (demo bank of ${values.customers} customers as of ${TEST_AS_OF.toISOString().slice(0, 10)}).\n`)
    const results: { type: QuestionType; tuned: boolean; correct: boolean }[] = []
    for (const question of QUESTIONS) {
      const token = await mesh.token({ role: question.role, subject: `eval-${question.id}` })
      const answer = await askMesh({ question: question.question, model, index, execute: httpExecutor(mesh.gatewayUrl, token) })
      const reference = question.reference ? (await mesh.query(question.reference)).data : undefined
      const verdict = score(question, answer, reference)
      results.push({ type: question.type, tuned: question.tuned ?? false, correct: verdict.correct })
      console.log(`${verdict.correct ? 'ok  ' : 'MISS'} ${question.id.padEnd(3)} ${question.type.padEnd(12)} ${question.role.padEnd(18)} ${question.question}${verdict.correct ? '' : `\n       ${verdict.why}`}`)
      if (values.verbose || !verdict.correct) for (const operation of answer.operations) console.log(`       ran: ${operation.query}`)
      if (values.verbose) console.log(`       answer: ${answer.answer.replace(/\n/g, '\n               ')}`)
    }
    const rate = (rows: typeof results) => (rows.length ? `${rows.filter((r) => r.correct).length}/${rows.length} = ${((100 * rows.filter((r) => r.correct).length) / rows.length).toFixed(0)} %` : '—')
    console.log('\nExecution accuracy by question type:')
    for (const type of [...new Set(results.map((r) => r.type))]) console.log(`  ${type.padEnd(13)} ${rate(results.filter((r) => r.type === type))}`)
    console.log(`  ${'all'.padEnd(13)} ${rate(results)}`)
    console.log(`  held out      ${rate(results.filter((r) => !r.tuned))}   (questions the offline planner was not developed against)`)
    console.log(`  refusals      ${rate(results.filter((r) => r.type === 'refusal'))}`)
  } finally {
    await mesh.stop()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
