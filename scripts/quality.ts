// `npm run quality [-- <product id>]`: runs the data products' quality rules through the running mesh
// (the catalog's runQualityChecks), prints each result, and exits 1 when a critical rule failed.
// GATEWAY_URL (default http://127.0.0.1:4000/graphql) and MESH_TOKEN choose the mesh and the caller; without
// MESH_TOKEN a short admin token of the local development issuer is used.
import { callerToken, gatewayUrl } from './caller'

interface RunReport {
  productId: string
  passed: boolean
  criticalFailures: number
  warnings: number
  error: string | null
  results: { ruleId: string; severity: string; dimension: string; passed: boolean; message: string }[]
}

const RUN_CHECKS = `mutation RunQualityChecks($productId: ID) {
  runQualityChecks(productId: $productId) { productId passed criticalFailures warnings error results { ruleId severity dimension passed message } }
}`

function printRun(run: RunReport): void {
  const verdict = run.error ? 'NOT CHECKED' : run.passed ? 'PASSED' : 'FAILED'
  console.log(
    `\n${run.productId}: ${verdict}${run.error ? ` (${run.error})` : ` — ${run.criticalFailures} critical failure(s), ${run.warnings} warning(s)`}`,
  )
  for (const result of run.results) {
    const mark = result.passed ? 'ok  ' : result.severity === 'critical' ? 'FAIL' : 'warn'
    console.log(
      `  ${mark} ${result.ruleId.padEnd(36)} ${result.dimension.padEnd(12)} ${result.passed ? '' : result.message}`,
    )
  }
}

async function main(): Promise<number> {
  const url = gatewayUrl()
  const productId = process.argv.slice(2).find((arg) => !arg.startsWith('-')) ?? null
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await callerToken({ role: 'admin', subject: 'npm-run-quality', ttl: '10m' }, 'Set MESH_TOKEN to a token of a role allowed to run quality checks (analyst, compliance_officer or admin)')}`,
      },
      body: JSON.stringify({ query: RUN_CHECKS, variables: { productId } }),
    })
  } catch (error) {
    console.error(
      `No mesh answers at ${url} (${(error as Error).message}). Start it with \`npm start\`, or set GATEWAY_URL.`,
    )
    return 2
  }
  const body = (await response.json()) as {
    data?: { runQualityChecks: RunReport[] } | null
    errors?: { message: string; extensions?: { code?: string } }[]
  }
  if (body.errors?.length || !body.data) {
    for (const error of body.errors ?? []) console.error(`${error.extensions?.code ?? 'ERROR'}: ${error.message}`)
    return 2
  }
  const runs = body.data.runQualityChecks
  runs.forEach(printRun)
  const failed = runs.filter((run) => !run.passed)
  console.log(`\n${runs.length - failed.length} of ${runs.length} data product(s) passed their critical quality rules.`)
  return failed.length ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message)
    process.exit(2)
  },
)
