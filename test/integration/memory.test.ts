// server/memory against real Redis (and Postgres for the rebuild): working, episodic and semantic memory, TTL, idempotency
// and isolation between users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemory, type Memory } from '../../server/memory/index.ts';
import { rebuildUserMemory } from '../../server/memory/rebuild.ts';
import { createDb, type Db } from '../../db/connection.ts';
import { migrateLatest } from '../../db/migrator.ts';
import { interactionsRepo, type Interaction } from '../../db/repositories/interactions.ts';
import { createTestDatabase } from '../support/postgres.ts';
import { testRedis } from '../support/redis.ts';
import { waitFor } from '../support/wait.ts';

let r: Awaited<ReturnType<typeof testRedis>>;
let memory: Memory;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;

beforeAll(async () => {
  r = await testRedis();
  memory = createMemory({ redis: r.redis, prefix: r.prefix, workingTtlSeconds: 3600, sessionIdleSeconds: 60 });
  database = await createTestDatabase();
  db = createDb({ url: database.url, poolMax: 4 });
  await migrateLatest(db);
});
afterAll(async () => {
  await r?.drop();
  await db?.destroy();
  await database?.drop();
});

let seq = 0;
const t0 = Date.now() - 60_000;
function interaction(userId: string, over: Partial<Interaction> = {}): Interaction {
  seq++;
  return {
    id: `int_mem${seq.toString().padStart(5, '0')}`,
    userId,
    situationDescription: `Situation number ${seq}`,
    detectedContext: 'work',
    selectedResponse: 'A response',
    selectedTone: 'Calm and Professional',
    refinementCount: 0,
    refinements: [],
    sessionId: null,
    createdAt: new Date(t0 + seq * 10).toISOString(),
    ...over,
  };
}

describe('working memory', () => {
  it('puts and gets entries, exact matches on key and timeline, newest first', async () => {
    const u = 'user_wm1';
    const base = Date.now() - 10_000;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        await memory.putMemory(u, {
          sessionId: 's1',
          content: `entry ${i}`,
          key: i % 2 ? 'tone_preference' : 'interaction',
          timeline: i < 3 ? '*workplaceConflict' : '*other',
          agent: 'test',
          at: base + i * 1000,
        }),
      );
    }
    expect(ids.every((id) => /^mem_/.test(id))).toBe(true);
    const all = await memory.getMemory(u, { sessionId: 's1' });
    expect(all.map((e) => e.content)).toEqual(['entry 4', 'entry 3', 'entry 2', 'entry 1', 'entry 0']);
    expect(all[0]).toMatchObject({
      memoryId: ids[4],
      sessionId: 's1',
      key: 'interaction',
      timeline: '*other',
      agent: 'test',
    });
    expect(all[0]?.timestamp).toBe(new Date(base + 4000).toISOString());

    expect((await memory.getMemory(u, { sessionId: 's1', key: 'tone_preference' })).map((e) => e.content)).toEqual([
      'entry 3',
      'entry 1',
    ]);
    expect((await memory.getMemory(u, { sessionId: 's1', key: 'tone' })).length).toBe(0); // exact, not prefix
    expect(
      (await memory.getMemory(u, { sessionId: 's1', timeline: '*workplaceConflict', key: 'interaction' })).map(
        (e) => e.content,
      ),
    ).toEqual(['entry 2', 'entry 0']);
    expect((await memory.getMemory(u, { sessionId: 's1', nMostRecent: 2 })).map((e) => e.content)).toEqual([
      'entry 4',
      'entry 3',
    ]);
    const window = await memory.getMemory(u, {
      sessionId: 's1',
      startTime: base + 1000,
      endTime: new Date(base + 3000).toISOString(),
    });
    expect(window.map((e) => e.content)).toEqual(['entry 3', 'entry 2', 'entry 1']);
    expect(await memory.getMemory(u, { sessionId: 'other-session' })).toEqual([]);
  });

  it('keeps users apart even with the same session id', async () => {
    await memory.putMemory('user_a', { sessionId: 'shared', content: 'secret of A' });
    await memory.putMemory('user_b', { sessionId: 'shared', content: 'note of B' });
    expect((await memory.getMemory('user_b', { sessionId: 'shared' })).map((e) => e.content)).toEqual(['note of B']);
    const keysOfB = [];
    for await (const batch of r.redis.scanIterator({ MATCH: memory.keys.userPattern('user_b'), COUNT: 500 }))
      keysOfB.push(...batch);
    const values = await Promise.all(
      keysOfB.map((k) => r.redis.type(k).then((t) => (t === 'hash' ? r.redis.hGetAll(k) : null))),
    );
    expect(JSON.stringify(values)).not.toContain('secret of A');
  });

  it('expires entries after the configured time', async () => {
    const short = createMemory({ redis: r.redis, prefix: r.prefix, workingTtlSeconds: 1, sessionIdleSeconds: 60 });
    await short.putMemory('user_ttl', { sessionId: 's', content: 'fleeting' });
    expect((await short.getMemory('user_ttl', { sessionId: 's' })).length).toBe(1);
    await waitFor(async () => (await short.getMemory('user_ttl', { sessionId: 's' })).length === 0, {
      timeoutMs: 5_000,
    });
    await waitFor(async () => (await r.redis.exists(short.keys.sessionIndex('user_ttl', 's'))) === 0, {
      timeoutMs: 5_000,
    });
  });
});

describe('semantic memory (learned patterns)', () => {
  it('counts tone per context and refinement habits, once per interaction', async () => {
    const u = 'user_sem1';
    const items = [
      ...Array.from({ length: 8 }, () =>
        interaction(u, { detectedContext: 'relationship', selectedTone: 'Empathetic' }),
      ),
      ...Array.from({ length: 2 }, () =>
        interaction(u, { detectedContext: 'relationship', selectedTone: 'Direct but Kind' }),
      ),
      ...Array.from({ length: 7 }, () => interaction(u, { detectedContext: 'work', refinements: ['more_assertive'] })),
      ...Array.from({ length: 3 }, () =>
        interaction(u, { detectedContext: 'work', refinements: ['shorter', 'shorter'] }),
      ),
      interaction(u, { detectedContext: null }),
    ];
    const first = await memory.recordInteractions(items);
    expect(first.every((x) => x.outcome === 'applied')).toBe(true);
    // redelivery of the same interactions changes nothing
    const again = await memory.recordInteractions(items.slice(0, 12));
    expect(again.every((x) => x.outcome === 'duplicate')).toBe(true);

    const p = await memory.getPatterns(u);
    expect(p.toneByContext.relationship).toEqual({ tone: 'Empathetic', count: 8, total: 10, share: 0.8 });
    expect(p.toneByContext.work).toEqual({ tone: 'Calm and Professional', count: 10, total: 10, share: 1 });
    expect(p.toneByContext.friendship).toBeUndefined();
    expect(p.refinementHabits).toEqual([
      { context: 'work', adjustment: 'more_assertive', count: 7, total: 10, share: 0.7 },
      { context: 'work', adjustment: 'shorter', count: 3, total: 10, share: 0.3 },
    ]);
    expect(await memory.getPatterns('user_nobody')).toEqual({ toneByContext: {}, refinementHabits: [] });
  });

  it('is recomputed from Postgres after Redis loses it', async () => {
    const u = 'user_rebuild';
    const items = [
      ...Array.from({ length: 6 }, () =>
        interaction(u, {
          detectedContext: 'work',
          selectedTone: 'Calm and Professional',
          refinements: ['more_assertive'],
        }),
      ),
      ...Array.from({ length: 3 }, () => interaction(u, { detectedContext: 'work', selectedTone: 'Assertive' })),
      ...Array.from({ length: 4 }, () =>
        interaction(u, { detectedContext: 'friendship', selectedTone: 'Casual and Friendly', sessionId: 'sess_x' }),
      ),
    ];
    await interactionsRepo(db).insertMany(items);
    await memory.recordInteractions(items);
    const before = await memory.getPatterns(u);
    expect(before.toneByContext.work).toMatchObject({ tone: 'Calm and Professional', count: 6, total: 9 });

    for (const k of await scan(memory.keys.userPattern(u))) await r.redis.del(k);
    expect(await memory.getPatterns(u)).toEqual({ toneByContext: {}, refinementHabits: [] });

    const out = await rebuildUserMemory({
      memory,
      interactions: interactionsRepo(db),
      userId: u,
      sessionIdleMs: 60_000,
    });
    expect(out.interactions).toBe(13);
    expect(await memory.getPatterns(u)).toEqual(before);
    // counted ids are rebuilt too: a late redelivery is still not double counted
    expect((await memory.recordInteractions(items.slice(0, 2))).map((x) => x.outcome)).toEqual([
      'duplicate',
      'duplicate',
    ]);
    expect(await memory.getPatterns(u)).toEqual(before);
    const eps = await memory.listEpisodes(u);
    expect(eps.pagination.total).toBe(2); // one per session run (default session, sess_x)
  });
});

describe('episodic memory', () => {
  it('summarises a session when it ends: what was asked, context, tones, refinements', async () => {
    const u = 'user_ep1';
    await memory.recordInteractions([
      interaction(u, {
        sessionId: 'sess_1',
        situationDescription: 'My manager keeps rescheduling our one-on-one',
        refinements: ['more_assertive'],
      }),
      interaction(u, {
        sessionId: 'sess_1',
        situationDescription: 'A colleague interrupts me in meetings',
        selectedTone: 'Assertive',
      }),
    ]);
    const ep = await memory.endSession(u, 'sess_1');
    expect(ep).not.toBeNull();
    expect(ep!.interactionCount).toBe(2);
    expect(ep!.contexts).toEqual(['work']);
    expect(ep!.tonesChosen).toEqual({ 'Calm and Professional': 1, Assertive: 1 });
    expect(ep!.refinements).toEqual({ more_assertive: 1 });
    expect(ep!.summary).toMatch(/manager keeps rescheduling/);
    expect(ep!.summary).toMatch(/more assertive/);
    // the run is closed: ending again writes nothing
    expect(await memory.endSession(u, 'sess_1')).toBeNull();
    expect((await memory.listEpisodes(u)).episodes.map((e) => e.episodeId)).toEqual([ep!.episodeId]);
  });

  it('summarises idle sessions, and is searchable by terms, newest first, paginated', async () => {
    const u = 'user_ep2';
    const sessions = ['a', 'b', 'c'];
    for (const [i, s] of sessions.entries()) {
      await memory.recordInteractions([
        interaction(u, {
          sessionId: `sess_${s}`,
          situationDescription: i === 1 ? 'Roommate never cleans the kitchen' : `Deadline pressure ${s}`,
        }),
      ]);
    }
    expect(await memory.sweepIdleSessions(Date.now() - 3_600_000)).toBe(0); // nothing idle yet at that time
    expect(await memory.sweepIdleSessions(Date.now() + 120_000)).toBeGreaterThanOrEqual(3);
    const all = await memory.listEpisodes(u);
    expect(all.pagination.total).toBe(3);
    expect(all.episodes.map((e) => e.sessionId)).toEqual(['sess_c', 'sess_b', 'sess_a']);
    const page2 = await memory.listEpisodes(u, { page: 2, pageSize: 2 });
    expect(page2.episodes.map((e) => e.sessionId)).toEqual(['sess_a']);
    const found = await memory.listEpisodes(u, { terms: 'kitchen roommate' });
    expect(found.episodes.map((e) => e.sessionId)).toEqual(['sess_b']);
    expect((await memory.listEpisodes(u, { terms: 'deadline' })).pagination.total).toBe(2);
    expect((await memory.listEpisodes('user_ep1', { terms: 'kitchen' })).pagination.total).toBe(0);
  });
});

describe('erasure', () => {
  it('removes every key of the user and refuses interactions made before it', async () => {
    const u = 'user_gone';
    const old = interaction(u, { sessionId: 'sess_g' });
    await memory.recordInteractions([old]);
    await memory.putMemory(u, { sessionId: 'sess_g', content: 'remember me' });
    expect((await scan(memory.keys.userPattern(u))).length).toBeGreaterThan(0);
    await memory.eraseUser(u);
    expect(await scan(`*${u}*`)).toEqual([]);
    expect(await r.redis.zRange(memory.keys.active(), 0, -1)).not.toContainEqual(expect.stringContaining(u));
    // a redelivery of an interaction made before the erasure writes nothing back
    expect((await memory.recordInteractions([{ ...old, id: 'int_memlate' }]))[0]?.outcome).toBe('erased');
    expect(await scan(`*${u}*`)).toEqual([]);
    // one made afterwards is recorded
    expect(
      (await memory.recordInteractions([interaction(u, { createdAt: new Date(Date.now() + 1000).toISOString() })]))[0]
        ?.outcome,
    ).toBe('applied');
  });
});

async function scan(pattern: string): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of r.redis.scanIterator({
    MATCH: pattern.startsWith('*') ? `${r.prefix}:${pattern}` : pattern,
    COUNT: 1000,
  }))
    out.push(...batch);
  return out;
}
