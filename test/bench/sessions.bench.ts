// Live sessions under load, the real app (Express + Socket.IO + the session machine + the built-in
// coach + Redis + Postgres + the in-process recorder) in this process, the clients in another:
//   flow: N concurrent sessions each run the full flow (submit → three suggestions done → select →
//         saved); p50/p95/p99 from submit to all three suggestions done, and errors.
//   idle: N sessions connect and stay idle; the server's RSS (after a full GC) before and after.
// Standalone: `DATABASE_URL=... REDIS_URL=... npx tsx --expose-gc test/bench/sessions.bench.ts flow|idle [N]`
// prints one JSON line; run.ts runs it that way so each measurement has a fresh process.
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { startTestApp } from '../support/app.ts';
import { countRows } from '../support/postgres.ts';
import { summarize } from './stats.ts';

export interface FlowResult {
  mode: 'flow';
  sessions: number;
  connected: number;
  errors: number;
  errorSamples: string[];
  connectMs: number;
  suggestionsMs: { p50: number; p95: number; p99: number; max: number };
  savedMs: { p50: number; p95: number };
  rows: number;
}

export interface IdleResult {
  mode: 'idle';
  sessions: number;
  connected: number;
  errors: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  heapAfterMb: number;
  perSessionKb: number;
  liveSessions: number;
  /** Target: 10,000 idle sessions under 1 GB RSS. */
  ok: boolean;
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;

function clients(msg: object): { reply: Promise<any>; child: ReturnType<typeof fork> } {
  const child = fork(new URL('./session-clients.mjs', import.meta.url), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reply = new Promise<any>((resolve, reject) => {
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => code && reject(new Error(`clients exited with ${code}`)));
  });
  child.send(msg);
  return { reply, child };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function runFlow(sessions = 1_000): Promise<FlowResult> {
  const app = await startTestApp({ LOG_LEVEL: 'silent' });
  try {
    const situations = (
      JSON.parse(readFileSync(new URL('../eval/situations.json', import.meta.url), 'utf8')) as Array<{
        situation: string;
      }>
    ).map((s) => s.situation);
    // Warm-up (JIT, pools): a few flows not counted.
    const warm = await clients({ url: app.baseUrl, sessions: 50, mode: 'flow', situations }).reply;
    const count = () => countRows(app.calmly.deps.db('interactions'));
    for (let t = Date.now(); (await count()) < warm.savedMs.length && Date.now() - t < 30_000; )
      await new Promise((res) => setTimeout(res, 50));
    const before = await count();
    const r = await clients({ url: app.baseUrl, sessions, mode: 'flow', situations }).reply;
    const expected = before + r.suggestionsMs.length;
    const deadline = Date.now() + 60_000;
    let rows = 0;
    while (Date.now() < deadline) {
      rows = await count();
      if (rows >= expected) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const s = summarize(r.suggestionsMs);
    const saved = summarize(r.savedMs);
    const round = (x: number) => Math.round(x);
    return {
      mode: 'flow',
      sessions,
      connected: r.connected,
      errors: r.errors.length,
      errorSamples: [...new Set<string>(r.errors)].slice(0, 5),
      connectMs: round(r.connectMs),
      suggestionsMs: { p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), max: round(s.max) },
      savedMs: { p50: round(saved.p50), p95: round(saved.p95) },
      rows: rows - before,
    };
  } finally {
    await app.close();
  }
}

export async function runIdle(sessions = 10_000): Promise<IdleResult> {
  const app = await startTestApp({ LOG_LEVEL: 'silent' });
  try {
    // One session through first, so lazily loaded code is in memory before the baseline.
    const warm = clients({ url: app.baseUrl, sessions: 10, mode: 'idle' });
    await warm.reply;
    warm.child.send('close');
    await new Promise((r) => warm.child.once('exit', r));
    await settle();
    const before = process.memoryUsage();
    const load = clients({ url: app.baseUrl, sessions, mode: 'idle' });
    const r = await load.reply;
    await settle();
    const after = process.memoryUsage();
    const liveSessions = app.calmly.realtime.liveSessions();
    load.child.send('close');
    await new Promise((res) => load.child.once('exit', res));
    return {
      mode: 'idle',
      sessions,
      connected: r.connected,
      errors: r.errors.length,
      rssBeforeMb: mb(before.rss),
      rssAfterMb: mb(after.rss),
      heapAfterMb: mb(after.heapUsed),
      perSessionKb: Math.round(((after.rss - before.rss) / Math.max(1, r.connected) / 1024) * 10) / 10,
      liveSessions,
      ok: r.connected === sessions && after.rss < 2 ** 30,
    };
  } finally {
    await app.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mode = 'flow', n] = process.argv.slice(2);
  const t0 = performance.now();
  const result = mode === 'idle' ? await runIdle(n ? Number(n) : undefined) : await runFlow(n ? Number(n) : undefined);
  console.error(`sessions bench (${mode}) took ${Math.round(performance.now() - t0)} ms`);
  console.log(JSON.stringify(result));
  process.exit(0);
}
