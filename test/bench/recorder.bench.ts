// Interaction throughput, POST /api/interactions → Postgres row, with the end-to-end lag (from the
// moment the POST was sent to the moment its row was committed and acknowledged) at p50/p99.
// Target: at least 2,000 interactions per second with lag p99 under 1 s.
//
// Standalone: `DATABASE_URL=... REDIS_URL=... npx tsx test/bench/recorder.bench.ts [count] [concurrency | rate=N] [worker]`;
// a bench runner can `import { run }`. Uses a throw-away database and Redis prefix; the HTTP app and
// the recorder are wired as in production (Express, validation, the use-case, XADD, one recorder).
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAudioStore } from '../../server/voice/store.ts';
import { createSessionStore } from '../../server/sessions/store.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { httpLoad } from './http-load.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log/logger.ts';
import { createDb } from '../../db/connection.ts';
import { migrateLatest } from '../../db/migrator.ts';
import { usersRepo } from '../../db/repositories/users.ts';
import { preferencesRepo } from '../../db/repositories/preferences.ts';
import { interactionsRepo } from '../../db/repositories/interactions.ts';
import { apiKeysRepo } from '../../db/repositories/apiKeys.ts';
import { billingRepo } from '../../db/repositories/billing.ts';
import { connectRedis } from '../../server/redis/client.ts';
import { dropPrefix } from '../support/redis.ts';
import { createHttpApp } from '../../server/http/app.ts';
import { createPersonalization, recorderFor } from '../../server/app/personalization.ts';
import { entitlementsWithoutBilling } from '../../server/billing/entitlements.ts';
import type { Ports } from '../../server/ports.ts';
import { createModelProvider } from '../../server/ai/index.ts';
import { countRows, createTestDatabase } from '../support/postgres.ts';
import { percentile } from './stats.ts';

export interface RecorderBenchResult {
  name: string;
  interactions: number;
  concurrency: number;
  /** Constant arrival rate (requests per second) when the load was open-loop. */
  rate?: number;
  durationMs: number;
  perSecond: number;
  lagMs: { p50: number; p99: number; max: number };
  postMs: { p50: number; p99: number };
  /** Recorder batches and their mean size. */
  batches?: number;
  meanBatch?: number;
  /** Target: ≥ 2,000/s and lag p99 < 1,000 ms. */
  ok: boolean;
}

// What each POST carries (plain JS: it runs in the load generator's worker).
const INTERACTION_BODY = `(i) => {
  const contexts = ['work', 'friendship', 'relationship'];
  const tones = ['Calm and Professional', 'Empathetic', 'Direct but Kind'];
  return JSON.stringify({
    userId: 'user_bench' + (i % 500),
    situationDescription: 'My coworker keeps taking credit for my ideas (' + i + ')',
    detectedContext: contexts[i % 3],
    selectedResponse: 'I need to address something important about how we share credit in meetings.',
    selectedTone: tones[i % 3],
    refinementCount: i % 2,
    refinements: i % 2 ? ['make it more assertive'] : [],
  });
}`;

function loadFromWorker(data: {
  url: string;
  count: number;
  concurrency: number;
  rate?: number;
}): Promise<{ sent: Array<[string, number]>; postLatencies: number[] }> {
  return httpLoad({ ...data, body: INTERACTION_BODY, idField: 'interactionId' }).then((r) => ({
    sent: r.sent,
    postLatencies: r.latencies,
  }));
}

const pct = (sorted: number[], p: number) => percentile(sorted, p * 100);

/** The recorder in its own worker thread, as `npm run worker` would be in its own process. */
async function startRecorderWorker(env: NodeJS.ProcessEnv, onWritten: (ids: string[], at: number) => void) {
  // tsx's loader does not reach worker threads: the worker loads its .ts entry through tsx's API.
  const entry = new URL('./recorder-worker.ts', import.meta.url).href;
  const worker = new Worker(
    `import('tsx/esm/api').then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`,
    {
      eval: true,
      workerData: { env },
    },
  );
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: { type: string; ids?: string[]; at?: number }) => {
      if (m.type === 'ready') resolve();
      else if (m.type === 'written') onWritten(m.ids!, m.at!);
    });
    worker.once('error', reject);
  });
  return {
    async stop(): Promise<{ batches: number; processed: number }> {
      const stopped = new Promise<{ batches: number; processed: number }>((resolve) =>
        worker.on(
          'message',
          (m: { type: string; metrics?: { batches: number; processed: number } }) =>
            m.type === 'stopped' && resolve(m.metrics!),
        ),
      );
      worker.postMessage({ type: 'stop' });
      const metrics = await stopped;
      await worker.terminate();
      return metrics;
    },
  };
}

export async function run(
  opts: {
    count?: number;
    concurrency?: number;
    rate?: number;
    recorder?: 'in-process' | 'worker';
    warmup?: number;
  } = {},
): Promise<RecorderBenchResult> {
  const count = opts.count ?? 20_000;
  const concurrency = opts.concurrency ?? 32;
  const rate = opts.rate;
  const placement = opts.recorder ?? 'in-process';
  const database = await createTestDatabase();
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    REDIS_PREFIX: `bench${randomUUID().slice(0, 6)}`,
    RECORDER_IN_PROCESS: 'false',
    // No clip is made here; the store only has to exist, outside the repository.
    VOICE_AUDIO_DIR: path.join(tmpdir(), `calmly-bench-audio-${randomUUID().slice(0, 8)}`),
  };
  const config = loadConfig(env);
  const log = createLogger({ level: 'silent' });
  const db = createDb(config.db);
  await migrateLatest(db);
  const redis = await connectRedis(config.redis.url, { name: 'calmly-bench' });
  const personalization = await createPersonalization({ config, redis, db, log });
  const deps: Ports = {
    config,
    log,
    db,
    redis,
    repos: {
      users: usersRepo(db),
      preferences: preferencesRepo(db),
      interactions: interactionsRepo(db),
      apiKeys: apiKeysRepo(db),
      billing: billingRepo(db),
    },
    // POST /api/interactions never touches the scenario library.
    scenarios: {} as Ports['scenarios'],
    model: createModelProvider(config.ai),
    voice: null,
    audio: (await createAudioStore(config, { log })).store,
    entitlements: entitlementsWithoutBilling(config),
    sessions: createSessionStore({
      redis,
      prefix: config.redis.prefix,
      ttlSeconds: config.realtime.sessionTtlSeconds,
      log,
    }),
    ...personalization,
    providers: {
      ai: 'builtin-coach',
      embedder: 'local',
      scenarioIndex: 'none',
      voice: 'none',
      memory: 'redis',
      storage: 'postgres',
    },
  };
  const sentAt = new Map<string, number>();
  const writtenAt = new Map<string, number>();
  const markWritten = (ids: string[], at: number) => ids.forEach((id) => writtenAt.set(id, at));
  const startRecorder = async (): Promise<{ stop(): Promise<{ batches: number; processed: number }> }> => {
    if (placement === 'worker') return startRecorderWorker(env, markWritten);
    const recorder = recorderFor({
      config,
      redis,
      db,
      log,
      memory: personalization.memory,
      overrides: { onWritten: (ids) => markWritten(ids, performance.timeOrigin + performance.now()) },
    });
    await recorder.start();
    return {
      async stop() {
        const metrics = recorder.metrics();
        await recorder.stop();
        return metrics;
      },
    };
  };
  const recorder = await startRecorder();
  const server = createServer(createHttpApp(deps));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/interactions`;

  // The load generator runs in its own thread (its own event loop and core), as a real client would.
  const now = () => performance.timeOrigin + performance.now();
  // Warm-up (not measured): JIT, connection pools and the stream's consumer group reach steady state.
  const warmup = opts.warmup ?? 3_000;
  if (warmup) {
    await loadFromWorker({ url, count: warmup, concurrency: 32 });
    while (writtenAt.size < warmup) await new Promise((r) => setTimeout(r, 5));
    writtenAt.clear();
  }
  const t0 = now();
  const { sent, postLatencies } = await loadFromWorker({ url, count, concurrency, rate });
  for (const [id, at] of sent) sentAt.set(id, at);
  const deadline = Date.now() + 120_000;
  while (writtenAt.size < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  let tEnd = 0;
  for (const at of writtenAt.values()) tEnd = Math.max(tEnd, at);
  const n = await countRows(db('interactions'));
  if (n !== count + warmup) throw new Error(`expected ${count + warmup} rows, found ${n}`);

  const lags = [...sentAt].map(([id, at]) => (writtenAt.get(id) ?? Infinity) - at).sort((a, b) => a - b);
  postLatencies.sort((a, b) => a - b);
  const durationMs = tEnd - t0;
  const result: RecorderBenchResult = {
    name: `interactions: POST → Postgres row (recorder ${placement === 'worker' ? 'in a worker' : 'in the app process'})`,
    interactions: count,
    concurrency,
    ...(rate ? { rate } : {}),
    durationMs: Math.round(durationMs),
    perSecond: Math.round((count / durationMs) * 1000),
    lagMs: { p50: Math.round(pct(lags, 0.5)), p99: Math.round(pct(lags, 0.99)), max: Math.round(lags.at(-1) ?? NaN) },
    postMs: { p50: +pct(postLatencies, 0.5).toFixed(1), p99: +pct(postLatencies, 0.99).toFixed(1) },
    ok: false,
  };
  // Open loop: the offered rate was held (every row written) with the lag bounded. Closed loop: the
  // rate achieved.
  result.ok = (rate ?? result.perSecond) >= 2_000 && result.lagMs.p99 < 1_000;
  await new Promise<void>((r) => server.close(() => r()));
  server.closeAllConnections();
  const rm = await recorder.stop();
  result.batches = rm.batches;
  result.meanBatch = Math.round(rm.processed / Math.max(1, rm.batches));
  await dropPrefix(redis, config.redis.prefix);
  await redis.quit();
  await db.destroy();
  await database.drop();
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // [count] [concurrency] or [count] rate=<per second>
  const args = process.argv.slice(2);
  const rateArg = args.find((a) => a.startsWith('rate='));
  const [count, concurrency] = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const r = await run({
    count: count || undefined,
    concurrency: concurrency || undefined,
    rate: rateArg ? Number(rateArg.slice(5)) : undefined,
    recorder: args.includes('worker') ? 'worker' : 'in-process',
  });
  if (args.includes('--json')) {
    console.log(JSON.stringify(r)); // one line: the bench runner reads it
    process.exit(0);
  }
  console.log(JSON.stringify(r, null, 2));
  console.log(
    `${r.name}: ${r.perSecond}/s over ${r.interactions} (${r.rate ? `constant ${r.rate}/s` : `concurrency ${r.concurrency}`}); lag p50 ${r.lagMs.p50} ms, p99 ${r.lagMs.p99} ms; POST p50 ${r.postMs.p50} ms, p99 ${r.postMs.p99} ms — ${r.ok ? 'OK' : 'BELOW TARGET'}`,
  );
}
