// Shared set-up for recorder tests: a migrated database of its own, a Redis prefix of its own,
// memory + queue on them, and recorders built on demand.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '../../db/connection.ts';
import { migrateLatest } from '../../db/migrator.ts';
import { createLogger } from '../../server/log/logger.ts';
import { createMemory, type Memory } from '../../server/memory/index.ts';
import { connectRedis, type Redis } from '../../server/redis/client.ts';
import { createInteractionQueue, type InteractionQueue, type QueueMessage } from '../../server/recorder/queue.ts';
import { createRecorder, type Recorder, type RecorderOptions } from '../../server/recorder/recorder.ts';
import { countRows, createTestDatabase } from './postgres.ts';
import { dropPrefix, requireEnv } from './redis.ts';

export const log = createLogger({ level: (process.env.TEST_LOG_LEVEL as 'silent') ?? 'silent' });

/** The i-th of a fixed, non-empty list, going round (spreads messages over users or contexts). */
export function nth<T>(list: readonly T[], i: number): T {
  const item = list[i % list.length];
  if (item === undefined) throw new Error('nth: an empty list');
  return item;
}

export function message(
  userId: string,
  over: Partial<QueueMessage['interaction']> = {},
  at = Date.now(),
): QueueMessage {
  const id = over.id ?? `int_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  return {
    messageId: `msg_${randomUUID().slice(0, 12)}`,
    userId,
    interaction: {
      id,
      situationDescription: 'Coworker taking credit for ideas',
      detectedContext: 'work',
      selectedResponse: 'I need to address something important...',
      selectedTone: 'Assertive and Professional',
      refinementCount: 1,
      refinements: [],
      sessionId: null,
      createdAt: new Date(at).toISOString(),
      ...over,
    },
    timestamp: at,
    retryCount: 0,
  };
}

export interface RecorderEnv {
  db: Db;
  dbUrl: string;
  redis: Redis;
  redisUrl: string;
  prefix: string;
  memory: Memory;
  queue: InteractionQueue;
  recorder(opts?: Partial<RecorderOptions>): Promise<Recorder>;
  rowCount(): Promise<number>;
  close(): Promise<void>;
}

export async function recorderEnv(opts: { dbUrl?: string } = {}): Promise<RecorderEnv> {
  const database = opts.dbUrl ? null : await createTestDatabase();
  const dbUrl = opts.dbUrl ?? database!.url;
  const db = createDb({ url: dbUrl, poolMax: 10 });
  await migrateLatest(db);
  const redisUrl = requireEnv('REDIS_URL');
  const redis = await connectRedis(redisUrl);
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const memory = createMemory({ redis, prefix, workingTtlSeconds: 3600, sessionIdleSeconds: 3600 });
  const queue = createInteractionQueue({ redis, prefix, log });
  const started: Recorder[] = [];
  return {
    db,
    dbUrl,
    redis,
    redisUrl,
    prefix,
    memory,
    queue,
    async recorder(o = {}) {
      const r = createRecorder({
        redis,
        db,
        memory,
        log,
        options: { prefix, retryBaseMs: 20, retryMaxMs: 200, blockMs: 200, ...o },
      });
      await r.start();
      started.push(r);
      return r;
    },
    async rowCount() {
      return countRows(db('interactions'));
    },
    async close() {
      for (const r of started) await r.stop();
      await dropPrefix(redis, prefix);
      await redis.quit();
      await db.destroy();
      await database?.drop();
    },
  };
}

export async function enqueueMany(queue: InteractionQueue, msgs: QueueMessage[], concurrency = 200): Promise<void> {
  for (let i = 0; i < msgs.length; i += concurrency)
    await Promise.all(msgs.slice(i, i + concurrency).map((m) => queue.enqueue(m)));
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `npm run worker` as one process (node with tsx's loader, so a SIGKILL hits the worker itself), on the
 * given Redis and Postgres; `vars` are more environment variables. Its log goes to our stderr.
 */
export function spawnWorker(vars: { DATABASE_URL: string; REDIS_URL: string } & Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/recorder/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...vars },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[worker ${child.pid}] ${d}`));
  return child;
}
