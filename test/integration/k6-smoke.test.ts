// A short k6 smoke of both load scripts (a few seconds, a few virtual users) against the real app,
// so the scripts never rot. `npm test` builds k6 when Go is present and passes it as K6_BIN.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { countRows } from '../support/postgres.ts';
import { ensureK6 } from '../../scripts/lib/k6.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const k6: string | null =
  process.env.K6_BIN && existsSync(process.env.K6_BIN) ? process.env.K6_BIN : ensureK6({ build: false });
const dir = mkdtempSync(path.join(tmpdir(), 'calmly-k6-'));

let app: TestApp;
beforeAll(async () => {
  if (!k6) return;
  app = await startTestApp({ RATE_LIMIT_ENABLED: 'false', SOCKET_EVENTS_PER_SECOND: '100' });
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs k6 without blocking this process's event loop (the app under test lives in it). */
async function k6run(script: string, env: Record<string, string>) {
  const summary = path.join(dir, `${script}.json`);
  const args = [
    'run',
    '--quiet',
    '--summary-export',
    summary,
    ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    path.join(ROOT, 'loadtest', `${script}.js`),
  ];
  const child = spawn(k6!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output, metrics: existsSync(summary) ? JSON.parse(readFileSync(summary, 'utf8')).metrics : {} };
}

// Without k6 (a machine with neither k6 nor Go) this says so instead of passing quietly.
describe.skipIf(!k6)(`k6 smoke${k6 ? '' : ' (SKIPPED: k6 not installed and Go not available to build it)'}`, () => {
  it('loadtest/rest.js: every endpoint of the mix answers, thresholds hold', async () => {
    const r = await k6run('rest', { BASE_URL: app.baseUrl, RATE: '20', DURATION: '3s', P95_MS: '1000' });
    expect(r.code, r.output.slice(-3000)).toBe(0);
    expect(r.metrics.http_reqs.count).toBeGreaterThanOrEqual(40);
    expect(r.metrics.http_req_failed.value).toBe(0);
  }, 150_000);

  it('loadtest/session.js: the live flow over raw Engine.IO/Socket.IO completes, thresholds hold', async () => {
    const before = await countRows(app.calmly.deps.db('interactions'));
    const r = await k6run('session', { BASE_URL: app.baseUrl, VUS: '3', ITERATIONS: '6' });
    expect(r.code, r.output.slice(-3000)).toBe(0);
    expect(r.metrics.session_failed.value).toBe(0);
    expect(r.metrics.iterations.count).toBe(6);
    expect(r.metrics.session_submit_to_suggestions_ms['p(95)']).toBeGreaterThan(0);
    // Six selections were recorded.
    const deadline = Date.now() + 10_000;
    let rows = 0;
    while (Date.now() < deadline && rows < before + 6) {
      rows = await countRows(app.calmly.deps.db('interactions'));
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(rows - before).toBe(6);
  }, 150_000);
});
