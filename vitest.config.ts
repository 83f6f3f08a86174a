import { defineConfig } from 'vitest/config';

// npm test: unit, integration (real PostgreSQL) and browser tests. One PostgreSQL per run is started
// in globalSetup; every integration test file gets a fresh database cloned from a migrated template.
// Then, as a later group, the search of the whole suite's logs (test/suite-logs).
export default defineConfig({
  // graphql ships ESM (index.mjs) and CommonJS; Node (and so type-graphql and Apollo) loads the
  // CommonJS build. Vite must resolve the same file, or GraphQL types come "from another realm".
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    pool: 'forks',
    // Budgets against hangs, not speed limits: tests wait for conditions, and the machine may be busy.
    // Browser tests take more (test/e2e/helpers/portal.ts).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/{unit,integration,security,e2e}/**/*.test.ts'],
          globalSetup: ['test/setup/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'suite-logs', include: ['test/suite-logs/**/*.test.ts'], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
