// `npm run faults`: the slow fault run. Calmly as it is deployed (the app with its recorder out of
// process, two `npm run worker`s) on a Redis and a Postgres of its own, while a client posts
// FAULTS_INTERACTIONS interactions over REST. Meanwhile workers are SIGKILLed and restarted
// (FAULTS_WORKER_KILLS), Redis is SIGKILLed and restarted (its AOF replayed), and Postgres is stopped
// for FAULTS_PG_STOP_SECONDS. A client retries what it was refused (503 + Retry-After), as a person's
// app would. Then: every interaction Calmly acknowledged is in Postgres exactly once, counted in memory
// exactly once, nothing is dead-lettered, and no answer was a 5xx other than 503.
// Exit code 0 only when all of that holds; the figures are printed and written to .data/faults/report.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '../../db/connection.ts';
import { migrateLatest } from '../../db/migrator.ts';
import { createMemory } from '../../server/memory/index.ts';
import { connectRedis } from '../../server/redis/client.ts';
import { queueKeys, RECORDER_GROUP } from '../../server/recorder/queue.ts';
import { CONTEXTS } from '../../machines/domain/types.ts';
import { findFreePort, startPostgres, startRedis } from '../../scripts/services.mjs';
import { nth, spawnWorker } from '../support/recorder.ts';
import { waitFor } from '../support/wait.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOTAL = Number(process.env.FAULTS_INTERACTIONS ?? 10_000);
const WORKER_KILLS = Number(process.env.FAULTS_WORKER_KILLS ?? 10);
const PG_STOP_MS = Number(process.env.FAULTS_PG_STOP_SECONDS ?? 30) * 1000;
const RATE = Number(process.env.FAULTS_RATE ?? 250); // interactions a second: the faults land mid-run
const IN_FLIGHT = 16;
const PREFIX = 'faults';
const USERS = Array.from({ length: 20 }, (_, i) => `user_fault_${i}`);
const say = (line: string) => console.log(`[faults ${((performance.now() - t0) / 1000).toFixed(1)} s] ${line}`);
const t0 = performance.now();

const dir = mkdtempSync(path.join(tmpdir(), 'calmly-faults-'));
let redis = await startRedis({ dataDir: path.join(dir, 'redis'), port: await findFreePort() });
let postgres = await startPostgres({ dataDir: path.join(dir, 'postgres'), port: await findFreePort() });
// This process holds no Postgres connection while Postgres is stopped on purpose (its pool would only
// report the outage); it connects again to verify.
const migrator = createDb({ url: postgres.url, poolMax: 1 });
await migrateLatest(migrator);
await migrator.destroy();
say(`Redis ${redis.url}, Postgres on ${postgres.port}, data in ${dir}`);

const appPort = await findFreePort();
const baseUrl = `http://127.0.0.1:${appPort}`;
const serviceEnv = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'error',
  DATABASE_URL: postgres.url,
  REDIS_URL: redis.url,
  REDIS_PREFIX: PREFIX,
};
const app: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  cwd: ROOT,
  env: {
    ...process.env,
    ...serviceEnv,
    PORT: String(appPort),
    HOST: '127.0.0.1',
    RECORDER_IN_PROCESS: 'false',
    RATE_LIMIT_ENABLED: 'false',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const workers: ChildProcess[] = [];
const startWorkerProcess = () => {
  const w = spawnWorker({ ...serviceEnv, RECORDER_CLAIM_IDLE_MS: '3000' });
  workers.push(w);
  return w;
};
startWorkerProcess();
startWorkerProcess();
const died: Array<{ pid: number | undefined; code: number | null; signal: string | null }> = [];
const watch = (p: ChildProcess, name: string) =>
  p.once('exit', (code, signal) => {
    if (signal !== 'SIGKILL' && !stopping) {
      died.push({ pid: p.pid, code, signal });
      say(`${name} ${p.pid} exited by itself (code ${code}, signal ${signal})`);
    }
  });
let stopping = false;
watch(app, 'the app');
for (const w of workers) watch(w, 'worker');
await waitFor(async () => (await fetch(`${baseUrl}/health`)).ok, { timeoutMs: 60_000, what: 'the app' });
say('app and two workers up');

// ---- the client
const acknowledged = new Map<string, string>(); // interactionId → userId
const statuses = new Map<number, number>();
let networkErrors = 0;
let retries = 0;
const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

async function post(i: number): Promise<void> {
  const userId = nth(USERS, i);
  const body = JSON.stringify({
    userId,
    situationDescription: `Fault run ${i}: my coworker keeps taking credit for my ideas in meetings.`,
    selectedResponse: `I'd like us to agree how we credit ideas (${i}).`,
    selectedTone: 'Assertive and Professional',
    detectedContext: nth(CONTEXTS, i),
    refinements: i % 5 ? [] : ['make it more assertive'],
  });
  for (;;) {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/api/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
    } catch {
      networkErrors++;
      retries++;
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    count(res.status);
    const json = (await res.json().catch(() => null)) as { interactionId?: string; saved?: boolean } | null;
    if (res.ok && json?.saved && json.interactionId) {
      acknowledged.set(json.interactionId, userId);
      return;
    }
    if (res.status !== 503) throw new Error(`interaction ${i}: ${res.status} ${JSON.stringify(json)}`);
    retries++;
    const after = Number(res.headers.get('retry-after') ?? 1);
    await new Promise((r) => setTimeout(r, Math.min(1_000, Math.max(100, after * 1000))));
  }
}

let next = 0;
const started = performance.now();
const client = Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    while (next < TOTAL) {
      const i = next++;
      // Paced to RATE a second overall, so the faults below land while interactions keep arriving.
      const due = started + (i / RATE) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await post(i);
    }
  }),
);

// ---- the faults, spread over the posting time
const faults: Array<'worker' | 'redis' | 'postgres'> = [];
for (let k = 0; k < WORKER_KILLS; k++) faults.push('worker');
faults.splice(Math.floor(WORKER_KILLS / 3), 0, 'redis');
faults.splice(Math.floor((2 * faults.length) / 3), 0, 'postgres');
const spanMs = (TOTAL / RATE) * 1000;
let pgBack: Promise<void> = Promise.resolve();
let workerKills = 0;
let postgresDownMs = 0;
let redisDownMs = 0;
for (const [k, fault] of faults.entries()) {
  const at = started + (spanMs * (k + 1)) / (faults.length + 1);
  const wait = at - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  if (fault === 'worker') {
    const victim = workers.shift();
    victim?.kill('SIGKILL');
    workerKills++;
    say(`SIGKILL worker ${victim?.pid} (${workerKills}/${WORKER_KILLS}); ${acknowledged.size} acknowledged so far`);
    watch(startWorkerProcess(), 'worker');
  } else if (fault === 'redis') {
    const down = performance.now();
    process.kill(redis.pid, 'SIGKILL');
    say(`SIGKILL Redis; ${acknowledged.size} acknowledged so far`);
    await waitFor(() => !isAlive(redis.pid), { what: 'Redis to die' });
    redis = await startRedis({ dataDir: redis.dataDir, port: redis.port });
    redisDownMs = performance.now() - down;
    say(`Redis back after ${redisDownMs.toFixed(0)} ms (AOF replayed)`);
  } else {
    const down = performance.now();
    await postgres.stop();
    say(`Postgres stopped for ${PG_STOP_MS / 1000} s; ${acknowledged.size} acknowledged so far`);
    pgBack = (async () => {
      await new Promise((r) => setTimeout(r, PG_STOP_MS));
      postgres = await startPostgres({ dataDir: postgres.dataDir, port: postgres.port });
      postgresDownMs = performance.now() - down;
      say('Postgres back');
    })();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

await client;
const postingSeconds = (performance.now() - started) / 1000;
say(`client done: ${acknowledged.size} acknowledged in ${postingSeconds.toFixed(1)} s`);
await pgBack;

// ---- drain and verify
const check = await connectRedis(redis.url);
const keys = queueKeys(PREFIX);
const pending = async () =>
  Number(((await check.sendCommand(['XPENDING', keys.stream, RECORDER_GROUP])) as unknown[])[0] ?? 0);
const drainStart = performance.now();
await waitFor(async () => (await check.xLen(keys.stream)) === 0 && (await pending()) === 0, {
  timeoutMs: 300_000,
  intervalMs: 250,
  what: 'the queue to drain',
});
const drainSeconds = (performance.now() - drainStart) / 1000;

const db = createDb({ url: postgres.url, poolMax: 2 });
const rows = (await db('interactions').select('id', 'user_id')) as Array<{ id: string; user_id: string }>;
const written = new Set(rows.map((r) => r.id));
const lost = [...acknowledged.keys()].filter((id) => !written.has(id));
const unacknowledgedButWritten = rows.filter((r) => !acknowledged.has(r.id)).length;
const memory = createMemory({ redis: check, prefix: PREFIX, workingTtlSeconds: 3600, sessionIdleSeconds: 3600 });
let countedInMemory = 0;
for (const u of USERS) {
  const p = await memory.getPatterns(u);
  countedInMemory += CONTEXTS.reduce((s, c) => s + (p.toneByContext[c]?.total ?? 0), 0);
}
const deadLettered = await check.xLen(keys.dead);
const serverErrors = [...statuses].filter(([s]) => s >= 500 && s !== 503).reduce((n, [, c]) => n + c, 0);

const report = {
  interactions: TOTAL,
  acknowledged: acknowledged.size,
  writtenRows: rows.length,
  lost: lost.length,
  duplicatedRows: rows.length - written.size,
  memoryCounted: countedInMemory,
  memoryDuplicates: countedInMemory - rows.length,
  unacknowledgedButWritten,
  deadLettered,
  workerKills,
  redisKills: faults.includes('redis') ? 1 : 0,
  redisDownMs: Math.round(redisDownMs),
  postgresDownMs: Math.round(postgresDownMs),
  processesThatDiedByThemselves: died.length,
  statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
  serverErrorsOtherThan503: serverErrors,
  retries,
  networkErrors,
  postingSeconds: Number(postingSeconds.toFixed(1)),
  drainSeconds: Number(drainSeconds.toFixed(1)),
};
console.log(JSON.stringify(report, null, 2));
mkdirSync(path.join(ROOT, '.data', 'faults'), { recursive: true });
writeFileSync(path.join(ROOT, '.data', 'faults', 'report.json'), `${JSON.stringify(report, null, 2)}\n`);

const ok =
  report.acknowledged === TOTAL &&
  report.lost === 0 &&
  report.duplicatedRows === 0 &&
  report.memoryDuplicates === 0 &&
  report.deadLettered === 0 &&
  report.serverErrorsOtherThan503 === 0 &&
  report.processesThatDiedByThemselves === 0;
say(ok ? 'PASS: nothing acknowledged was lost or duplicated' : 'FAIL');

stopping = true;
await check.quit();
await db.destroy();
app.kill('SIGTERM');
for (const w of workers) w.kill('SIGTERM');
await Promise.all([app, ...workers].map((p) => (p.exitCode === null ? new Promise((r) => p.once('exit', r)) : null)));
await redis.stop();
await postgres.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
