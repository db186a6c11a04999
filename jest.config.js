/**
 * Two projects, both run by `npx jest` (and `npm test`):
 * - `unit`: every test not listed as slow.
 * - `slow`: end-to-end tests that synthesize whole apps or drive a browser or a fake AWS: `*.e2e.test.ts`,
 *   `*.browser.test.ts`, the reference-app and organization-app synth tests, and the posture end-to-end
 *   and fault-injection tests. Run one with `npx jest --selectProjects unit` (or `slow`).
 * The slowest-files reporter prints the ten slowest test files at the end of every run.
 */

/** Test files (relative to test/) of the `slow` project besides the `*.e2e` and `*.browser` ones. */
const SLOW_TESTS = [
  'lib/stacks/reference-app.test.ts',
  'lib/stacks/organization-stack.test.ts',
  'lib/organization/phi-ou-scp-replay.test.ts',
  'lib/cli/diff-reference.test.ts',
  'lib/posture/posture-e2e.test.ts',
  'lib/posture/fault-injection.test.ts',
];
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What both projects share. */
const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  snapshotSerializers: [],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '\\.e2e\\.test\\.ts$',
        '\\.browser\\.test\\.ts$',
        ...SLOW_TESTS.map((file) => `<rootDir>/test/${escapeRegExp(file)}$`),
      ],
    },
    {
      ...shared,
      displayName: 'slow',
      testMatch: [
        '**/*.e2e.test.ts',
        '**/*.browser.test.ts',
        ...SLOW_TESTS.map((file) => `<rootDir>/test/${file}`),
      ],
    },
  ],
  // Synthesizing CDK apps with three rule packs is CPU-bound; two workers match the CI machine.
  maxWorkers: 2,
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/helpers/slowest-files-reporter.js'],
};
