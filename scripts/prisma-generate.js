// Generates every domain's Prisma client on install. Offline-safe: `prisma generate` never runs the
// schema engine, but the CLI insists the binary exists before generating, so point it at a placeholder.
const { execFileSync } = require('node:child_process')
const { existsSync, writeFileSync, mkdtempSync } = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const domains = ['customers', 'transactions', 'loans', 'risk', 'marketing', 'audit', 'catalog']
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' }
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const placeholder = path.join(mkdtempSync(path.join(os.tmpdir(), 'prisma-engine-')), 'schema-engine')
  writeFileSync(placeholder, '')
  env.PRISMA_SCHEMA_ENGINE_BINARY = placeholder
}
const cli = require.resolve('prisma/build/index.js', { paths: [root] })
for (const domain of domains) {
  const schema = path.join(root, 'prisma', domain, 'schema.prisma')
  if (!existsSync(schema)) continue
  execFileSync(process.execPath, [cli, 'generate', '--schema', schema], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}
console.log(`prisma clients generated for ${domains.join(', ')}`)
