// The recorder against real Redis and Postgres: exactly-once results from at-least-once delivery,
// poison entries dead-lettered without holding up the rest, several workers sharing the group.
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { RECORDER_GROUP } from '../../server/recorder/queue.ts';
import { countRows } from '../support/postgres.ts';
import { enqueueMany, message, nth, recorderEnv, type RecorderEnv } from '../support/recorder.ts';
import { waitFor } from '../support/wait.ts';

let env: RecorderEnv;
beforeAll(async () => {
  env = await recorderEnv();
});
afterAll(async () => {
  await env?.close();
});

const pending = async () =>
  Number(((await env.redis.sendCommand(['XPENDING', env.queue.keys.stream, RECORDER_GROUP])) as unknown[])[0]);
const usersRows = (userId: string) => countRows(env.db('interactions').where({ user_id: userId }));

describe('recorder', () => {
  it('writes every queued interaction once, records memory once, and empties the stream', async () => {
    const u = 'user_rec1';
    const msgs = Array.from({ length: 500 }, (_, i) =>
      message(u, {
        detectedContext: 'work',
        selectedTone: i % 5 ? 'Calm and Professional' : 'Assertive',
        refinements: i % 2 ? ['Make it more assertive'] : [],
      }),
    );
    await enqueueMany(env.queue, msgs);
    const rec = await env.recorder({ batchSize: 100 });
    await waitFor(async () => (await usersRows(u)) === 500, { what: '500 rows' });
    await waitFor(async () => (await env.redis.xLen(env.queue.keys.stream)) === 0 && (await pending()) === 0, {
      what: 'stream drained',
    });

    const second = msgs[1];
    assert.isDefined(second);
    const row = await env.db('interactions').where({ id: second.interaction.id }).first();
    expect(row).toMatchObject({
      user_id: u,
      detected_context: 'work',
      selected_tone: 'Calm and Professional',
      refinements: ['more_assertive'],
    });
    const patterns = await env.memory.getPatterns(u);
    expect(patterns.toneByContext.work).toEqual({ tone: 'Calm and Professional', count: 400, total: 500, share: 0.8 });
    expect(patterns.refinementHabits).toEqual([
      { context: 'work', adjustment: 'more_assertive', count: 250, total: 500, share: 0.5 },
    ]);

    // A redelivery of the same interactions (e.g. a retry after a lost acknowledgement) changes nothing.
    const before = rec.metrics().processed;
    await enqueueMany(env.queue, msgs.slice(0, 100));
    await waitFor(() => rec.metrics().processed >= before + 100, { what: 'redelivered entries processed' });
    expect(await usersRows(u)).toBe(500);
    expect(await env.memory.getPatterns(u)).toEqual(patterns);
    expect(rec.metrics().lagMs.samples).toBeGreaterThan(0);
    await rec.stop();
  });

  it('moves a poison entry to the dead-letter stream with its error while the rest are written', async () => {
    const u = 'user_poison';
    const good = Array.from({ length: 60 }, () => message(u));
    const bad = message(u, { detectedContext: 'school' }); // violates interactions_context_valid
    await enqueueMany(env.queue, [...good.slice(0, 30), bad, ...good.slice(30)]);
    const garbage = await env.redis.xAdd(env.queue.keys.stream, '*', {
      interactionId: 'int_garbage',
      userId: u,
      message: '{not json',
    });
    const rec = await env.recorder({ batchSize: 25, maxAttempts: 3 });

    await waitFor(async () => (await usersRows(u)) === 60, { what: 'good rows' });
    await waitFor(async () => (await env.redis.xLen(env.queue.keys.dead)) === 2, { what: 'two dead letters' });
    const dead = (await env.redis.sendCommand(['XRANGE', env.queue.keys.dead, '-', '+'])) as Array<[string, string[]]>;
    const entries = dead.map(([, flat]) =>
      Object.fromEntries(
        flat.reduce<string[][]>((acc, v, i) => (i % 2 ? acc.at(-1)?.push(v) : acc.push([v]), acc), []),
      ),
    );
    const poison = entries.find((e) => e.interactionId === bad.interaction.id)!;
    expect(poison.error).toMatch(/interactions_context_valid|check constraint/);
    expect(poison.attempts).toBe('3');
    expect(JSON.parse(poison.message).interaction.id).toBe(bad.interaction.id);
    const junk = entries.find((e) => e.originalId === garbage)!;
    expect(junk.error).toMatch(/not JSON/);
    expect(await env.db('interactions').where({ id: bad.interaction.id }).first()).toBeUndefined();
    await waitFor(async () => (await pending()) === 0 && (await env.redis.xLen(env.queue.keys.stream)) === 0, {
      what: 'stream drained',
    });
    expect(await env.redis.hLen(env.queue.keys.attempts)).toBe(0);
    expect(rec.metrics().deadLettered).toBe(2);
    await rec.stop();
    await env.redis.del(env.queue.keys.dead);
  });

  it('shares the work between two workers: everything written once', async () => {
    const users = ['user_w1', 'user_w2', 'user_w3'];
    const msgs = Array.from({ length: 3000 }, (_, i) =>
      message(nth(users, i), { detectedContext: i % 2 ? 'friendship' : 'work' }),
    );
    const [a, b] = [await env.recorder({ batchSize: 50 }), await env.recorder({ batchSize: 50 })];
    await enqueueMany(env.queue, msgs);
    await waitFor(async () => (await countRows(env.db('interactions').whereIn('user_id', users))) === 3000, {
      timeoutMs: 30_000,
      what: '3000 rows',
    });
    await waitFor(async () => (await pending()) === 0, { what: 'nothing pending' });
    expect(a.metrics().processed).toBeGreaterThan(0);
    expect(b.metrics().processed).toBeGreaterThan(0);
    expect(a.metrics().processed + b.metrics().processed).toBe(3000);
    for (const u of users) {
      const p = await env.memory.getPatterns(u);
      expect((p.toneByContext.work?.total ?? 0) + (p.toneByContext.friendship?.total ?? 0)).toBe(1000);
    }
    await a.stop();
    await b.stop();
  });

  it('stops gracefully and a restarted recorder continues from the group', async () => {
    const u = 'user_restart';
    const rec = await env.recorder();
    await rec.stop();
    await enqueueMany(
      env.queue,
      Array.from({ length: 50 }, () => message(u)),
    );
    expect(await usersRows(u)).toBe(0);
    await env.recorder();
    await waitFor(async () => (await usersRows(u)) === 50, { what: '50 rows after restart' });
  });
});
