// `npm run worker` started, or reconnected, while Redis replays its append-only file: Redis accepts
// the connection but answers every command with `LOADING` until the replay ends. The worker must wait
// and carry on, like during any other Redis outage, instead of dying with an uncaught error.
// The replay is slowed down with Redis's own `key-load-delay` so the window is seconds wide.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/connection.ts';
import { migrateLatest } from '../../db/migrator.ts';
import { connectRedis, type Redis } from '../../server/redis/client.ts';
import { createInteractionQueue } from '../../server/recorder/queue.ts';
import { findFreePort } from '../../scripts/services.mjs';
import { countRows, createTestDatabase } from '../support/postgres.ts';
import { log, message, spawnWorker } from '../support/recorder.ts';
import { waitFor } from '../support/wait.ts';

const KEYS = 3_000; // × 1 ms each: a replay of about three seconds

let dir: string;
let port: number;
let redisProc: ChildProcess | undefined;
let worker: ChildProcess | undefined;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;

function startRedis(extra: string[] = []): ChildProcess {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', ...extra],
    { stdio: 'ignore' },
  );
  redisProc = child;
  return child;
}

/** Redis restarted so that its replay of KEYS keys takes seconds (LOADING meanwhile). */
function startSlowReplay(): ChildProcess {
  return startRedis(['--key-load-delay', '1000', '--loading-process-events-interval-bytes', '1024']);
}

const loading = async (): Promise<boolean> => {
  const probe = await connectRedis(`redis://127.0.0.1:${port}`, { waitUntilServing: false });
  try {
    await probe.ping();
    return false;
  } catch (err) {
    return String((err as Error).message).startsWith('LOADING');
  } finally {
    probe.destroy();
  }
};

async function stopRedis(signal: NodeJS.Signals): Promise<void> {
  const child = redisProc;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

function startWorker(): ChildProcess {
  worker = spawnWorker({ DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: 'loading' });
  return worker;
}

async function enqueueOne(redis: Redis): Promise<string> {
  const queue = createInteractionQueue({ redis, prefix: 'loading', log });
  const msg = message('user_loading');
  await queue.enqueue(msg);
  return msg.interaction.id;
}

async function written(id: string): Promise<boolean> {
  if (worker && worker.exitCode !== null) throw new Error(`the worker exited with code ${worker.exitCode}`);
  return (await countRows(db('interactions').where({ id }))) === 1;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'calmly-loading-'));
  port = await findFreePort();
  database = await createTestDatabase();
  db = createDb({ url: database.url, poolMax: 2 });
  await migrateLatest(db);
  // A dataset whose replay can be slowed down: KEYS keys in the AOF's base file.
  startRedis();
  const redis = await connectRedis(`redis://127.0.0.1:${port}`);
  await redis.eval(`for i=1,${KEYS} do redis.call('SET','filler:'..i,'x') end`);
  await redis.sendCommand(['BGREWRITEAOF']);
  await waitFor(async () => (await redis.info('persistence')).includes('aof_rewrite_in_progress:0'), {
    what: 'the AOF rewrite',
  });
  await redis.quit();
  await stopRedis('SIGTERM');
}, 60_000);

afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  await stopRedis('SIGKILL');
  await db?.destroy();
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the recorder worker while Redis replays its AOF', () => {
  it('waits when it starts during the replay, and when Redis restarts under it, then writes', async () => {
    startSlowReplay();
    await waitFor(loading, { what: 'Redis to be loading' });
    const w = startWorker();
    let exitCode: number | null = null;
    w.once('exit', (code) => (exitCode = code ?? -1));
    await waitFor(async () => !(await loading()), { timeoutMs: 30_000, what: 'the replay to end' });

    const redis = await connectRedis(`redis://127.0.0.1:${port}`);
    const first = await enqueueOne(redis);
    await waitFor(() => written(first), { timeoutMs: 30_000, what: 'the first interaction in Postgres' });
    expect(exitCode).toBeNull();

    // Redis dies and comes back replaying: the running worker reconnects into LOADING.
    redis.destroy();
    await stopRedis('SIGKILL');
    startSlowReplay();
    await waitFor(loading, { what: 'Redis to be loading again' });
    await waitFor(async () => !(await loading()), { timeoutMs: 30_000, what: 'the second replay to end' });
    const again = await connectRedis(`redis://127.0.0.1:${port}`);
    const second = await enqueueOne(again);
    await waitFor(() => written(second), { timeoutMs: 30_000, what: 'the second interaction in Postgres' });
    again.destroy();
    expect(exitCode).toBeNull();
  }, 120_000);
});
