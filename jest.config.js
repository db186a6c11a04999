/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  snapshotSerializers: [],
  // Synthesizing CDK apps with three rule packs is CPU-bound; two workers match the CI machine.
  maxWorkers: 2,
  testTimeout: 120000,
};
