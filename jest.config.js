/**
 * Three layers, three projects. `unit` needs no Neo4j, Java or build (`npm run test:unit`);
 * `integration` and `e2e` share one embedded Neo4j, started once by the shared global setup.
 * @type {import('jest').Config}
 */
/**
 * Packages published as ES modules only (jose 6), which Jest's CommonJS runtime cannot require:
 * compiled to CommonJS as they are loaded. Node itself requires them as they are.
 */
const ESM_PACKAGES = ['jose'];
const esmPackages = {
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  esmTransform: { [`/node_modules/(${ESM_PACKAGES.join('|')})/.+\\.js$`]: ['ts-jest', { tsconfig: 'test/tsconfig.esm-packages.json' }] },
};

const base = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }],
    ...esmPackages.esmTransform,
  },
  transformIgnorePatterns: esmPackages.transformIgnorePatterns,
  setupFiles: ['reflect-metadata'],
};

/**
 * Unit tests compile file by file, without type-checking the program each one imports: that is
 * what made them slow, and `npm run typecheck` checks the types of every file anyway.
 */
const unit = {
  ...base,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.unit.json' }], ...esmPackages.esmTransform },
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
