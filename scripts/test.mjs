// `npm test` (and CI): typecheck, lint, provision what the selected tests need, migrate + seed,
// run vitest, run the eval on full runs, print one summary line, stop what we started.
//
//   npm test                     everything: all services, all projects, then the eval
//   npm test -- test/unit        extra arguments go to vitest; only what those files need is
//                                provisioned (scripts/test-needs.mjs: a unit file needs nothing)
//   CALMLY_KEEP_SERVICES=1 npm test   leave Redis/Postgres running for the next run
//   REDIS_URL=… DATABASE_URL=… npm test   use those servers instead of starting our own (see
//                                CONTRIBUTING.md: throwaway instances only; the role needs CREATEDB)
//
// Never touches dev data unless told to: the test services live in .data/test on their own ports.
import { redisRaw } from './lib/redis-protocol.mjs';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureNodeModules, npx, runPackageScript } from './lib/npm.mjs';
import { REPO_ROOT, exists, log } from './lib/util.mjs';
import { TOOLS_DIR, ensureSystemPackages, findFreePort, provisionEnv } from './services.mjs';
import { ensureK6 } from './lib/k6.mjs';
import { startMoto } from './lib/moto.mjs';
import { startStripeMock } from './lib/stripe-mock.mjs';
import { NEEDS, testNeeds } from './test-needs.mjs';

const REPORT = path.join(REPO_ROOT, '.data', 'test', 'vitest.json');

let interrupted = false;

/** A URL fit for the log: no password. */
const redactUrl = (url) => url.replace(/\/\/[^@/]*@/, '//…@');

/** The maintenance database of the server a Postgres URL points at (tests create databases there). */
function adminUrlOf(url) {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

/**
 * Redis / Postgres / Redis Stack for the run: each one the tests need is taken from the environment
 * when given (REDIS_URL, DATABASE_URL, REDIS_STACK_URL), else started under .data/test.
 * → { urls: {redis, postgres, pgAdmin, redisStack} (null: not needed), stopStarted() }
 */
async function provisionTestServices(needs) {
  const given = {
    redis: process.env.REDIS_URL || null,
    // Only DATABASE_URL: its production alias (VULTR_DB_CONNECTION_STRING) never counts as a test server.
    postgres: process.env.DATABASE_URL || null,
    redisStack: process.env.REDIS_STACK_URL || null,
  };
  const start = Object.fromEntries(
    ['redis', 'postgres', 'redisStack'].map((name) => [name, needs.has(name) && !given[name]]),
  );
  for (const name of ['redis', 'postgres', 'redisStack']) {
    if (needs.has(name) && given[name]) log(`${name}: using ${redactUrl(given[name])} from the environment`);
  }
  const services = Object.values(start).some(Boolean)
    ? await provisionEnv('test', start)
    : { redis: null, postgres: null, redisStack: null, stopStarted: async () => {} };
  // The test Redis keeps its data between runs (AOF under .data/test): keys that earlier runs left
  // behind add up until it refuses writes at maxmemory (noeviction). One this run started has no
  // other run using it, so it starts empty; one already running (another run's) is left alone.
  for (const name of ['redis', 'redisStack']) {
    const service = services[name];
    if (service?.started) await redisRaw(service.port, ['FLUSHALL']);
  }
  const pick = (name) => (needs.has(name) ? (given[name] ?? services[name]?.url ?? null) : null);
  const postgres = pick('postgres');
  return {
    urls: {
      redis: pick('redis'),
      postgres,
      pgAdmin:
        postgres && (given.postgres ? process.env.PG_ADMIN_URL || adminUrlOf(postgres) : services.postgres.adminUrl),
      redisStack: pick('redisStack'),
    },
    stopStarted: services.stopStarted,
  };
}

const inCi = () => Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';

/**
 * A helper server for the run (moto, stripe-mock): the URL in `envVar` when given, else started here.
 * → { url (null when it could not be had), failure (set in CI when it could not: fails the run), stop() }
 */
async function provisionHelper({ need, envVar, program, tests, start }) {
  const none = { url: null, failure: null, stop: async () => {} };
  if (process.env[envVar]) {
    log(`${need}: using ${redactUrl(process.env[envVar])} from the environment`);
    return { ...none, url: process.env[envVar] };
  }
  const logFile = path.join(REPO_ROOT, '.data', 'test', `${program}.log`);
  mkdirSync(path.dirname(logFile), { recursive: true });
  const server = await start({ toolsDir: TOOLS_DIR, port: await findFreePort(), logFile });
  if (server.reason) {
    // Locally those tests skip and say so; CI must run them, so there it fails the run.
    log(`${need}: ${program} unavailable (${server.reason}); ${tests} ${inCi() ? 'cannot run: FAILING (CI)' : 'skip'}`);
    return { ...none, failure: inCi() ? `${need} (${program}: ${server.reason})` : null };
  }
  log(`${need}: ${program} ${server.url} (started)`);
  return { url: server.url, failure: null, stop: server.stop };
}

/** An S3-compatible server for the audio store's contract: S3_TEST_ENDPOINT, else moto from PyPI. */
const provisionS3 = () =>
  provisionHelper({
    need: 's3',
    envVar: 'S3_TEST_ENDPOINT',
    program: 'moto',
    tests: 'the S3 audio store tests',
    start: startMoto,
  });

/** Stripe's mock for the billing tests: STRIPE_MOCK_URL, else stripe-mock built with Go (once). */
const provisionStripeMock = () =>
  provisionHelper({
    need: 'stripe',
    envVar: 'STRIPE_MOCK_URL',
    program: 'stripe-mock',
    tests: 'the billing tests',
    start: startStripeMock,
  });

/** Environment for every child: the test services the run needs, and nothing pointing at dev or production. */
function testEnv(needs, urls) {
  const env = { ...process.env, NODE_ENV: 'test', CALMLY_TEST: '1' };
  for (const name of [
    'REDIS_URL',
    'DATABASE_URL',
    'VULTR_DB_CONNECTION_STRING',
    'PG_ADMIN_URL',
    'REDIS_STACK_URL',
    'S3_TEST_ENDPOINT',
    'STRIPE_MOCK_URL',
    // A developer's real Stripe settings must never reach a test app.
    'STRIPE_SECRET_KEY',
    'STRIPE_WEBHOOK_SECRET',
    'STRIPE_PRICE_ID',
    'STRIPE_API_BASE',
  ]) {
    delete env[name];
  }
  if (urls.redis) env.REDIS_URL = urls.redis;
  if (urls.postgres) {
    env.DATABASE_URL = urls.postgres;
    // The production alias must not win over the test database.
    env.VULTR_DB_CONNECTION_STRING = urls.postgres;
    env.PG_ADMIN_URL = urls.pgAdmin;
  }
  if (urls.redisStack) env.REDIS_STACK_URL = urls.redisStack;
  if (urls.s3) env.S3_TEST_ENDPOINT = urls.s3;
  if (urls.stripe) env.STRIPE_MOCK_URL = urls.stripe;
  // k6 for the load-test smoke (built with Go once, cached outside the clone).
  if (needs.has('k6')) {
    const k6 = ensureK6();
    if (k6) env.K6_BIN = k6;
  }
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

/** Checks that need no services; each runs even when the one before failed. */
const CHECKS = [
  { name: 'typecheck (server)', bin: 'tsc', args: ['--noEmit'] },
  { name: 'typecheck (client)', bin: 'tsc', args: ['--noEmit', '-p', 'client'] },
];

/** Run the steps in order; returns the list of failed step names and vitest's counts. */
async function runSteps(env, vitestArgs, { full, urls }) {
  const failures = [];
  const note = (name, result) => {
    if (result.skipped) log(`skipped ${name}: ${result.skipped}`);
    else if (result.code !== 0) failures.push(`${name} (exit ${result.code})`);
  };

  // Typecheck and lint first, but keep going: test results are still worth seeing.
  for (const check of CHECKS) {
    const code = await npx(check.bin, check.args, { env });
    if (code !== 0) {
      log(
        `${check.name.toUpperCase()} FAILED (npx ${check.bin} ${check.args.join(' ')}): see the errors above; going on`,
      );
      failures.push(`${check.name} (exit ${code})`);
    }
    if (interrupted) return { failures: [...failures, 'interrupted'], counts: null, vitestCode: 1 };
  }
  const lint = await runPackageScript('lint', { env });
  note('lint', lint);
  if (!lint.skipped && lint.code !== 0)
    log('LINT FAILED (npm run lint): see above; `npm run format` fixes what it safely can; going on');
  if (interrupted) return { failures: [...failures, 'interrupted'], counts: null, vitestCode: 1 };

  // Tests migrate their own per-file databases; migrating the shared one keeps seed/eval honest.
  // Only with the services: a run of unit tests alone starts none.
  const prepare = [...(urls.postgres ? ['migrate'] : []), ...(urls.redis ? ['seed:scenarios'] : [])];
  for (const script of prepare) {
    note(script, await runPackageScript(script, { env }));
    if (interrupted) return { failures: [...failures, 'interrupted'], counts: null, vitestCode: 1 };
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
  if (full) note('eval', await runPackageScript('eval', { env }));
  return { failures, counts, vitestCode };
}

async function main(vitestArgs) {
  // Ctrl-C reaches the children through the terminal; we only stop between steps and clean up.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (interrupted = true));

  ensureNodeModules();
  // Only what the selected test files need (scripts/test-needs.mjs); everything on a full run.
  const { needs, files, full, why } = testNeeds(vitestArgs);
  const listed = NEEDS.filter((need) => needs.has(need));
  log(`${files.length} test file(s) (${why}): ${listed.length ? `needs ${listed.join(', ')}` : 'no services needed'}`);
  // The local voice, the browser, and the server binaries a test starts on its own.
  const binaries = needs.has('serverBinaries');
  ensureSystemPackages({
    espeak: needs.has('espeak'),
    chromium: needs.has('chromium'),
    redis: binaries,
    postgres: binaries,
  });
  const services = await provisionTestServices(needs);
  let outcome;
  let s3 = null;
  let stripe = null;
  try {
    s3 = needs.has('s3') ? await provisionS3() : null;
    stripe = needs.has('stripe') ? await provisionStripeMock() : null;
    const urls = { ...services.urls, s3: s3?.url ?? null, stripe: stripe?.url ?? null };
    outcome = await runSteps(testEnv(needs, urls), vitestArgs, { full, urls });
  } finally {
    // moto and stripe-mock keep nothing worth keeping (in memory): they always stop with the run.
    await s3?.stop();
    await stripe?.stop();
    if (process.env.CALMLY_KEEP_SERVICES === '1') log('CALMLY_KEEP_SERVICES=1: leaving the test services running');
    else await services.stopStarted();
  }

  const { counts, vitestCode } = outcome;
  const failures = [
    ...(s3?.failure ? [s3.failure] : []),
    ...(stripe?.failure ? [stripe.failure] : []),
    ...outcome.failures,
  ];
  if (failures.length) log(`FAILED: ${failures.join(', ')}`);
  if (counts) console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  else log('vitest wrote no JSON report, so there are no counts');
  // vitest's own code when it failed; 1 when only another step (typecheck, lint, eval, provisioning in CI, ...) did.
  return vitestCode || (failures.length ? 1 : 0);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    log(`npm test could not run: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
