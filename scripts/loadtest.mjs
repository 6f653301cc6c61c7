// `npm run loadtest`: the k6 scripts in loadtest/ against a running Calmly (BASE_URL, default
// http://localhost:3000). Extra arguments pick the scripts (`rest`, `session`); k6 options come
// from the environment the scripts read (RATE, DURATION, VUS, ITERATIONS, P95_*; see the README).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureK6 } from './lib/k6.mjs';
import { REPO_ROOT, log } from './lib/util.mjs';

const k6 = ensureK6();
if (!k6) process.exit(2);
const baseUrl = process.env.BASE_URL ?? 'http://localhost:3000';
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const scripts = (wanted.length ? wanted : ['rest', 'session']).map((s) =>
  path.join(REPO_ROOT, 'loadtest', `${s.replace(/\.js$/, '')}.js`),
);
let failed = 0;
for (const script of scripts) {
  log(`k6 run ${path.relative(REPO_ROOT, script)} against ${baseUrl}`);
  const r = spawnSync(k6, ['run', '-e', `BASE_URL=${baseUrl}`, script], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
