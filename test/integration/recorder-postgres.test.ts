// Postgres stopped and started again: entries wait in the stream (not dead-lettered: an outage is not
// the entries' fault) and are written once it returns.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, startPostgres } from '../../scripts/services.mjs';
import type { PostgresInstance } from '../../scripts/services.d.mts';
import { enqueueMany, message, recorderEnv, type RecorderEnv } from '../support/recorder.ts';
import { waitFor } from '../support/wait.ts';

let pg: PostgresInstance;
let env: RecorderEnv;
let dataDir: string;
let port: number;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'calmly-pg-restart-'));
  port = await findFreePort();
  pg = await startPostgres({ dataDir, port });
  env = await recorderEnv({ dbUrl: pg.url });
}, 120_000);
afterAll(async () => {
  await env?.close().catch(() => undefined);
  await pg?.stop().catch(() => undefined);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('Postgres outage', () => {
  it('holds entries while Postgres is down and writes them all when it returns, nothing dead-lettered', async () => {
    const u = 'user_outage';
    const rec = await env.recorder({ batchSize: 50, maxAttempts: 2 });
    await enqueueMany(
      env.queue,
      Array.from({ length: 200 }, () => message(u)),
    );
    await waitFor(async () => (await env.rowCount()) === 200, { what: 'the first 200 rows' });

    await pg.stop();
    await enqueueMany(
      env.queue,
      Array.from({ length: 300 }, () => message(u)),
    );
    await waitFor(() => rec.metrics().infraErrors >= 3, {
      timeoutMs: 30_000,
      what: 'the recorder to notice the outage',
    });
    expect(await env.redis.xLen(env.queue.keys.stream)).toBe(300); // waiting, not lost, not dead-lettered

    pg = await startPostgres({ dataDir, port });
    await waitFor(async () => (await env.rowCount()) === 500, {
      timeoutMs: 60_000,
      what: 'all 500 rows after the restart',
    });
    await waitFor(async () => (await env.redis.xLen(env.queue.keys.stream)) === 0, { what: 'the stream to drain' });
    expect(await env.redis.xLen(env.queue.keys.dead)).toBe(0);
    expect(rec.metrics().deadLettered).toBe(0);
    expect((await env.memory.getPatterns(u)).toneByContext.work?.total).toBe(500);
  }, 180_000);
});
