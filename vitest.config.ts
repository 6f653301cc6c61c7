import { defineConfig } from 'vitest/config';

// Three kinds of test, one project each (`vitest run --project unit`); scripts/test-needs.mjs says
// which services each needs, so `npm test -- <file>` starts only those.
//   unit         test/unit: no services, no network; runs in seconds (`npm run test:unit`)
//   integration  test/integration: real Redis and Postgres (a database and key prefix per file)
//   e2e          test/e2e: the app started by scripts/start.mjs, driven with Chromium
const UNIT = 'test/unit/**/*.test.ts';
// Must read text in a fresh process: it checks that what the NLP read before never changes a
// reading, and in a shared process the library has already been read by the files before it.
const UNIT_FRESH_PROCESS = ['test/unit/nlp-determinism.test.ts'];

export default defineConfig({
  test: {
    exclude: ['node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on two cores (vitest would run one: cores - 1). Most integration files
    // wait on sockets, child processes and databases more than they compute; each has its own database,
    // key prefix and port-0 servers, so they do not see each other.
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [UNIT],
          exclude: ['node_modules/**', ...UNIT_FRESH_PROCESS],
          // One process for all unit files: the built-in coach (reply library, behaviour index,
          // context model) is built once instead of once per file, which was most of the time.
          // Safe because unit tests mock nothing, set no globals or environment and open no
          // services (checked: every file passes alone, together, and in shuffled orders).
          isolate: false,
        },
      },
      { extends: true, test: { name: 'unit-isolated', include: UNIT_FRESH_PROCESS } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});
