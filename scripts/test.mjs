// `npm test` (and CI): provision the `test` services, typecheck, migrate + seed,
// run vitest, run the eval if present, print one summary line, stop what we started.
//
//   npm test                     everything
//   npm test -- test/unit        extra arguments go to vitest
//   CALMLY_KEEP_SERVICES=1 npm test   leave Redis/Postgres running for the next run
//
// Never touches dev data: the test services live in .data/test on their own ports.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureNodeModules, npx, runPackageScript } from './lib/npm.mjs';
import { REPO_ROOT, exists, log } from './lib/util.mjs';
import { ensureSystemPackages, provisionEnv } from './services.mjs';
import { ensureK6 } from './lib/k6.mjs';

const REPORT = path.join(REPO_ROOT, '.data', 'test', 'vitest.json');

let interrupted = false;

/** Environment for every child: the test services, and nothing pointing at dev or production. */
function testEnv(services) {
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    CALMLY_TEST: '1',
    REDIS_URL: services.redis.url,
    DATABASE_URL: services.postgres.url,
    // The production alias must not win over the test database.
    VULTR_DB_CONNECTION_STRING: services.postgres.url,
    PG_ADMIN_URL: services.postgres.adminUrl,
  };
  // k6 for the load-test smoke (built with Go once, cached outside the clone).
  const k6 = ensureK6();
  if (k6) env.K6_BIN = k6;
  if (services.redisStack) env.REDIS_STACK_URL = services.redisStack.url;
  else delete env.REDIS_STACK_URL;
  return env;
}

/** Counts from vitest's JSON report, or null when it wrote none (crash, interrupted). */
function readCounts() {
  if (!exists(REPORT)) return null;
  const report = JSON.parse(readFileSync(REPORT, 'utf8'));
  // A test file that fails to load (import error, crash in a hook) reports no tests at all;
  // count each as one failure so the summary line never says "0 failed" for a broken run.
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && (file.assertionResults ?? []).every((t) => t.status !== 'failed'),
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    failedSuites: report.numFailedTestSuites ?? 0,
  };
}

/** Run the steps in order; returns the list of failed step names and vitest's counts. */
async function runSteps(env, vitestArgs) {
  const failures = [];
  const note = (name, result) => {
    if (result.skipped) log(`skipped ${name}: ${result.skipped}`);
    else if (result.code !== 0) failures.push(`${name} (exit ${result.code})`);
  };

  // Typecheck first, but keep going: test results are still worth seeing.
  const tscCode = await npx('tsc', ['--noEmit'], { env });
  if (tscCode !== 0) {
    log('TYPECHECK FAILED (npx tsc --noEmit): see the errors above; running the tests anyway');
    failures.push(`typecheck (exit ${tscCode})`);
  }
  if (interrupted) return { failures: ['interrupted'], counts: null, vitestCode: 1 };

  // Tests migrate their own per-file databases; migrating the shared one keeps seed/eval honest.
  for (const script of ['migrate', 'seed:scenarios']) {
    note(script, await runPackageScript(script, { env }));
    if (interrupted) return { failures: ['interrupted'], counts: null, vitestCode: 1 };
  }

  rmSync(REPORT, { force: true });
  const vitestCode = await npx(
    'vitest',
    ['run', '--reporter=default', '--reporter=json', `--outputFile=${path.relative(REPO_ROOT, REPORT)}`, ...vitestArgs],
    { env },
  );
  const counts = readCounts();
  if (vitestCode !== 0) failures.push(`vitest (exit ${vitestCode})`);
  if (counts?.failedSuites) log(`${counts.failedSuites} test file(s) failed to run or had failures`);
  if (interrupted) return { failures: [...failures, 'interrupted'], counts, vitestCode };

  // The eval runs on full runs only: a filtered `npm test -- <files>` is a quick loop.
  if (vitestArgs.length === 0) note('eval', await runPackageScript('eval', { env }));
  return { failures, counts, vitestCode };
}

async function main(vitestArgs) {
  // Ctrl-C reaches the children through the terminal; we only stop between steps and clean up.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (interrupted = true));

  ensureNodeModules();
  // The local voice and the browser the end-to-end test drives.
  ensureSystemPackages({ espeak: true, chromium: true });
  const services = await provisionEnv('test', { redis: true, postgres: true, redisStack: true });
  let outcome;
  try {
    outcome = await runSteps(testEnv(services), vitestArgs);
  } finally {
    if (process.env.CALMLY_KEEP_SERVICES === '1') log('CALMLY_KEEP_SERVICES=1: leaving the test services running');
    else await services.stopStarted();
  }

  const { failures, counts, vitestCode } = outcome;
  if (failures.length) log(`FAILED: ${failures.join(', ')}`);
  if (counts) console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  else log('vitest wrote no JSON report, so there are no counts');
  // vitest's own code when it failed; 1 when only another step (typecheck, eval, ...) did.
  return vitestCode || (failures.length ? 1 : 0);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    log(`npm test could not run: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
