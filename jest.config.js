/**
 * Three layers, three projects. `unit` needs no Neo4j, Java or build (`npm run test:unit`);
 * `integration` and `e2e` share one embedded Neo4j, started once by the shared global setup.
 * @type {import('jest').Config}
 */
const base = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  setupFiles: ['reflect-metadata'],
};

/**
 * Unit tests compile file by file, without type-checking the program each one imports: that is
 * what made them slow, and `npm run typecheck` checks the types of every file anyway.
 */
const unit = {
  ...base,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.unit.json' }] },
};

const withNeo4j = {
  ...base,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

module.exports = {
  testTimeout: 60000,
  maxWorkers: 2,
  projects: [
    { ...unit, displayName: 'unit', roots: ['<rootDir>/test/unit'], testMatch: ['**/*.unit.test.ts'] },
    { ...withNeo4j, displayName: 'integration', roots: ['<rootDir>/test/integration'], testMatch: ['**/*.int.test.ts'] },
    { ...withNeo4j, displayName: 'e2e', roots: ['<rootDir>/test/e2e'], testMatch: ['**/*.e2e.test.ts'] },
  ],
};
