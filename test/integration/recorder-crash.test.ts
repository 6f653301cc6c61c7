// A worker process killed with SIGKILL in the middle of its work loses nothing and duplicates
// nothing: its pending entries are claimed by another worker (XAUTOCLAIM) and every effect is
// idempotent (rows by primary key, memory by a set of counted interaction ids).
import type { ChildProcess } from 'node:child_process';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { RECORDER_GROUP } from '../../server/recorder/queue.ts';
import { CONTEXTS } from '../../machines/domain/types.ts';
import { countRows } from '../support/postgres.ts';
import { enqueueMany, message, nth, recorderEnv, spawnWorker, type RecorderEnv } from '../support/recorder.ts';
import { waitFor } from '../support/wait.ts';

const TOTAL = 20_000;
const USERS = ['user_k1', 'user_k2', 'user_k3', 'user_k4', 'user_k5'];
const CLAIM_IDLE_MS = 1_500;

let env: RecorderEnv;
let worker: ChildProcess | undefined;
beforeAll(async () => {
  env = await recorderEnv();
});
afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  await env?.close();
});

function startWorker(): ChildProcess {
  return spawnWorker({
    DATABASE_URL: env.dbUrl,
    REDIS_URL: env.redisUrl,
    REDIS_PREFIX: env.prefix,
    RECORDER_BATCH_SIZE: '100',
    RECORDER_CLAIM_IDLE_MS: String(CLAIM_IDLE_MS),
  });
}

describe('a worker killed with SIGKILL mid-batch', () => {
  it('loses nothing and duplicates nothing', async () => {
    const msgs = Array.from({ length: TOTAL }, (_, i) =>
      message(nth(USERS, i), { detectedContext: nth(CONTEXTS, i), refinements: i % 4 ? [] : ['shorter please'] }),
    );
    await enqueueMany(env.queue, msgs, 500);

    worker = startWorker();
    const exited = new Promise((r) => worker!.once('exit', r));
    await waitFor(async () => (await env.rowCount()) >= 2_000, {
      timeoutMs: 60_000,
      intervalMs: 5,
      what: 'the first worker to write some rows',
    });
    worker.kill('SIGKILL');
    await exited;
    const rowsAtKill = await env.rowCount();
    const pendingAtKill = Number(
      ((await env.redis.sendCommand(['XPENDING', env.queue.keys.stream, RECORDER_GROUP])) as unknown[])[0],
    );
    expect(rowsAtKill).toBeLessThan(TOTAL); // killed part-way
    // Entries delivered to the dead worker whose rows it had already written (written, never acknowledged).
    const inFlight = (await env.redis.sendCommand([
      'XPENDING',
      env.queue.keys.stream,
      RECORDER_GROUP,
      '-',
      '+',
      '1000',
    ])) as Array<[string, ...unknown[]]>;
    const inFlightIds = (
      await Promise.all(
        inFlight.map(
          ([id]) =>
            env.redis.sendCommand(['XRANGE', env.queue.keys.stream, id, id]) as Promise<Array<[string, string[]]>>,
        ),
      )
    ).flatMap((r) =>
      r.map(([, flat]) => {
        const id = flat[flat.indexOf('interactionId') + 1];
        assert.isDefined(id, 'an entry without interactionId');
        return id;
      }),
    );
    const writtenNotAcked = await countRows(env.db('interactions').whereIn('id', inFlightIds));

    const second = await env.recorder({ batchSize: 200, claimIdleMs: CLAIM_IDLE_MS });
    await waitFor(async () => (await env.rowCount()) === TOTAL, { timeoutMs: 90_000, what: `all ${TOTAL} rows` });
    await waitFor(
      async () =>
        (await env.redis.xLen(env.queue.keys.stream)) === 0 &&
        Number(((await env.redis.sendCommand(['XPENDING', env.queue.keys.stream, RECORDER_GROUP])) as unknown[])[0]) ===
          0,
      { timeoutMs: 30_000, what: 'the stream to drain' },
    );

    // Exactly the queued ids, each once.
    const [{ n, d }] = (await env.db('interactions').select(env.db.raw('count(*) as n, count(distinct id) as d'))) as [
      { n: string; d: string },
    ]; // an aggregate: one row
    expect([Number(n), Number(d)]).toEqual([TOTAL, TOTAL]);
    // Memory counted every interaction exactly once, including those of the interrupted batch.
    let counted = 0;
    let seen = 0;
    for (const u of USERS) {
      const p = await env.memory.getPatterns(u);
      counted += CONTEXTS.reduce((s, c) => s + (p.toneByContext[c]?.total ?? 0), 0);
      seen += await env.redis.sCard(env.memory.keys.seen(u));
    }
    expect(counted).toBe(TOTAL);
    expect(seen).toBe(TOTAL);
    expect(await env.redis.xLen(env.queue.keys.dead)).toBe(0);
    if (pendingAtKill > 0) expect(second.metrics().claimed).toBeGreaterThan(0);
    console.log(
      `SIGKILL test: rows at kill ${rowsAtKill}, pending (in flight) at kill ${pendingAtKill} (rows already written for ${writtenNotAcked} of them), claimed by the second worker ${second.metrics().claimed}`,
    );
  }, 180_000);
});
