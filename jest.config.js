// Tests start real servers on free ports and talk GraphQL over HTTP; @swc/jest compiles TypeScript fast.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  // Each suite starts seven servers on seven databases: generous under a loaded 2-core machine.
  testTimeout: 180_000,
  maxWorkers: 2,
  // A fresh worker for every suite: embedded databases live in WebAssembly memory, which a worker does not
  // give back, so reusing workers across suites piled it up until the kernel killed one.
  workerIdleMemoryLimit: '50MB',
}
