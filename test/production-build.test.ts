// The production build: `npm run build` compiles the services to JavaScript that plain node runs with
// NODE_ENV=production, as the images run it. Built here into a throwaway directory laid out as the image is
// (/app/dist beside /app/node_modules), so nothing is read from the TypeScript sources; the compiled seed,
// subgraph and gateway then run as their own processes and answer GraphQL with a token of an identity provider.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { exportSPKI, generateKeyPair, SignJWT } from 'jose'
import { customerId } from '../prisma/demo-data/generate'
import { ASSET_FILES, BUILD_DIR, buildProduction, compiledFile } from '../scripts/build'
import { SUBGRAPHS } from '../subgraphs/registry'
import { freePorts } from './support/npm-start'
import { postGraphQL } from './support/mesh'

const ROOT = path.resolve(__dirname, '..')
const ISSUER = 'https://idp.bank.example/'
const AUDIENCE = 'banking-data-mesh'
const CUSTOMERS = 3
const AS_OF = '2026-11-25'

/** What production gives every service, and nothing of this machine's development settings. */
function productionEnvironment(dataDir: string, publicKey: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    MESH_INTERNAL_SECRET: randomBytes(48).toString('base64url'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    JWT_PUBLIC_KEY: publicKey,
    JWT_PUBLIC_KEY_ALGORITHM: 'ES256',
  }
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) =>
    statSync(path.join(dir, name)).isDirectory() ? files(path.join(dir, name)) : [path.join(dir, name)],
  )
}

describe('production build', () => {
  // The image's layout: the build output beside node_modules, and no sources.
  const app = mkdtempSync(path.join(os.tmpdir(), 'mesh-production-build-'))
  const dataDir = path.join(app, 'data')
  const running: ChildProcess[] = []
  const output: string[] = []
  let buildSeconds = 0

  /** `node <compiled file>` as an image's CMD runs it: no loader, no npm. */
  const runCompiled = (source: string, args: string[], env: NodeJS.ProcessEnv) => {
    const child = spawn(process.execPath, [path.join(app, compiledFile(source)), ...args], {
      cwd: app,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.setEncoding('utf8').on('data', (text: string) => output.push(text))
    child.stderr!.setEncoding('utf8').on('data', (text: string) => output.push(text))
    running.push(child)
    return child
  }
  const waitForHealth = async (url: string, child: ChildProcess, timeoutMillis = 90_000) => {
    const deadline = Date.now() + timeoutMillis
    while (Date.now() < deadline && child.exitCode === null) {
      if (
        await fetch(url).then(
          (response) => response.ok,
          () => false,
        )
      )
        return
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    throw new Error(`${url} never answered:\n${output.join('').slice(-3000)}`)
  }

  beforeAll(async () => {
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'), 'dir')
    // The type check is npm test's own step; the web app is the web app's test's. This is the build's compile.
    const { seconds } = await buildProduction({
      outDir: path.join(app, BUILD_DIR),
      typecheck: false,
      webApp: false,
      log: () => undefined,
    })
    buildSeconds = seconds.total
  })

  afterAll(async () => {
    await Promise.all(
      running
        .filter((child) => child.exitCode === null)
        .map(
          (child) =>
            new Promise((resolve) => {
              child.once('exit', resolve)
              child.kill('SIGTERM')
              setTimeout(() => child.kill('SIGKILL'), 5000).unref()
            }),
        ),
    )
    rmSync(app, { recursive: true, force: true })
  })

  test('npm run build writes JavaScript only, with the SDL, migrations and models the services read beside it', () => {
    const built = files(path.join(app, BUILD_DIR)).map((file) => path.relative(app, file))
    expect(built.filter((file) => file.endsWith('.ts'))).toEqual([])
    for (const service of [
      ...SUBGRAPHS.map((s) => `subgraphs/${s.name}/main.ts`),
      'gateway/main.ts',
      'prisma/seed.ts',
      'scripts/start.ts',
    ])
      expect(built).toContain(compiledFile(service))
    for (const asset of [
      'schema/supergraph.graphql',
      'lib/common.graphql',
      'subgraphs/customers/schema.graphql',
      'subgraphs/transactions/fraud/fraud-rf-v1.json',
      'prisma/customers/migrations/20261125000000_init/migration.sql',
      ...ASSET_FILES.filter((file) => existsSync(path.join(ROOT, file))),
    ]) {
      expect(built).toContain(path.posix.join(BUILD_DIR, asset))
    }
    expect(buildSeconds).toBeLessThan(30)
  })

  test('the compiled seed, subgraph and gateway run under plain node in production and answer a token of the identity provider', async () => {
    const provider = await generateKeyPair('ES256')
    const env = productionEnvironment(dataDir, await exportSPKI(provider.publicKey))
    const ports = await freePorts(SUBGRAPHS.length + 1)
    const urls = Object.fromEntries(SUBGRAPHS.map((s, i) => [s.name, `http://127.0.0.1:${ports[i + 1]}/graphql`]))

    const seed = runCompiled(
      'prisma/seed.ts',
      ['--customers', String(CUSTOMERS), '--as-of', AS_OF, '--domains', 'customers'],
      env,
    )
    expect(await new Promise((resolve) => seed.once('exit', resolve))).toBe(0)
    const customers = runCompiled('subgraphs/customers/main.ts', [], {
      ...env,
      CUSTOMERS_PORT: String(ports[1]),
      AUDIT_URL: urls.audit,
    })
    const gateway = runCompiled('gateway/main.ts', [], {
      ...env,
      PORT: String(ports[0]),
      ...Object.fromEntries(SUBGRAPHS.map((s) => [`${s.name.toUpperCase()}_URL`, urls[s.name]])),
    })
    await Promise.all([
      waitForHealth(urls.customers!.replace(/graphql$/, 'health'), customers),
      waitForHealth(`http://127.0.0.1:${ports[0]}/health`, gateway),
    ])

    const token = await new SignJWT({ roles: ['analyst'] })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('ana')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(provider.privateKey)
    const answer = await postGraphQL<{ customers: { totalCount: number; edges: { node: { id: string } }[] } }>(
      `http://127.0.0.1:${ports[0]}/graphql`,
      '{ customers(first: 10) { totalCount edges { node { id } } } }',
      undefined,
      { authorization: `Bearer ${token}` },
    )
    expect(answer.errors).toBeUndefined()
    const demo = { customers: CUSTOMERS, seed: 42, asOf: new Date(`${AS_OF}T00:00:00.000Z`) }
    expect(answer.data!.customers.totalCount).toBe(CUSTOMERS)
    expect(answer.data!.customers.edges.map((edge) => edge.node.id).sort()).toEqual(
      Array.from({ length: CUSTOMERS }, (_, i) => customerId(demo, i)),
    )
    // Production has no embedded issuer: a development (HS256) token is refused.
    const forged = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(randomBytes(32))
    expect(
      (
        await fetch(`http://127.0.0.1:${ports[0]}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
          body: '{"query":"{ __typename }"}',
        })
      ).status,
    ).toBe(401)
  })

  test('npm run start:prod refuses to start without the production secrets, naming the one missing, before it starts anything', () => {
    const { MESH_INTERNAL_SECRET: _, ...withoutSecret } = productionEnvironment(
      path.join(app, 'start-prod-data'),
      'unused',
    )
    const started = spawnSync(process.execPath, [path.join(app, compiledFile('scripts/start.ts')), '--api-only'], {
      cwd: app,
      env: withoutSecret,
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(started.status).toBe(1)
    expect(started.stderr).toMatch(/MESH_INTERNAL_SECRET must be set/)
    expect(started.stderr).toMatch(/npm run start:prod takes the environment the images take/)
    expect(existsSync(path.join(app, 'start-prod-data'))).toBe(false)
  })
})
