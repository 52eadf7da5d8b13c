// Tests start real servers on free ports and talk GraphQL over HTTP; @swc/jest compiles TypeScript fast.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  // Each suite starts six servers on six databases: generous under a loaded 2-core machine.
  testTimeout: 180_000,
  maxWorkers: 2,
  workerIdleMemoryLimit: '2GB',
}
