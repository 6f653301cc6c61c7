// One contract suite for every ScenarioIndex implementation, against real Redis:
//   in-process          on REDIS_URL (any Redis; exact index in the app process)
//   redis-query-engine  on REDIS_STACK_URL (a server with FT.*), skipped — and said so — when not set
// Every implementation must return exactly what the in-memory exact reference returns on the same data.
import { afterEach, assert, beforeAll, describe, expect, it } from 'vitest';
import { testRedis, requireEnv } from '../support/redis.ts';
import type { Redis } from '../../server/redis/client.ts';
import type { Scenario } from '../../machines/domain/types.ts';
import { createLocalEmbedder } from '../../server/embeddings/local.ts';
import { withVectors, type Embedder } from '../../server/embeddings/embedder.ts';
import { readScenarios } from '../../scenarios/files.ts';
import { syncScenarios } from '../../server/scenarios/sync.ts';
import { createScenarioIndex, createScenarioLibrary } from '../../server/scenarios/library.ts';
import {
  ScenarioIndexMismatchError,
  type ScenarioIndex,
  type ScenarioIndexKind,
} from '../../server/scenarios/index-types.ts';
import { ExactIndex } from '../../server/scenarios/exact-index.ts';
import { searchExact } from '../../server/scenarios/in-process.ts';
import { scenarioTerms, scenarioText } from '../../server/scenarios/document.ts';
import { scenarioKeys } from '../../server/scenarios/keys.ts';
import { hasQueryEngine } from '../../server/scenarios/probe.ts';

const embedder = createLocalEmbedder();
let library: Scenario[] = [];
let reference: ExactIndex;

beforeAll(async () => {
  library = await readScenarios();
  const vectors = await embedder.embed(library.map(scenarioText));
  reference = new ExactIndex(
    withVectors(library, vectors).map(([scenario, vector]) => ({ scenario, terms: scenarioTerms(scenario), vector })),
    embedder.dimension,
  );
});

const STACK_URL = process.env.REDIS_STACK_URL;
const implementations: Array<{ kind: ScenarioIndexKind; url: () => string }> = [
  { kind: 'in-process', url: () => requireEnv('REDIS_URL') },
];
if (STACK_URL) implementations.push({ kind: 'redis-query-engine', url: () => STACK_URL });
else {
  console.warn('query-engine contract skipped: REDIS_STACK_URL not set');
  describe.skip('ScenarioIndex contract: redis-query-engine (skipped: REDIS_STACK_URL not set)', () => {
    it('runs against a Redis with the query engine', () => {});
  });
}

const QUERIES: Array<{ query: string; context?: Scenario['context'] }> = [
  { query: 'my boss keeps claiming my work as his own' },
  { query: 'she never paid me back the cash', context: 'friendship' },
  { query: 'team conflict', context: 'work' },
  { query: 'partner always on instagram during dinner' },
  { query: 'venmo' },
  { query: 'we fight about who does the dishes', context: 'relationship' },
  { query: 'zzzz qqqq' },
];

describe.each(implementations)('ScenarioIndex contract: $kind', ({ kind, url }) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(opts: { refreshMs?: number; seed?: boolean } = {}) {
    const t = await testRedis(url());
    const keys = scenarioKeys(t.prefix);
    cleanups.push(async () => {
      if (kind === 'redis-query-engine') await t.redis.ft.dropIndex(keys.index).catch(() => {});
      await t.drop();
    });
    if (opts.seed !== false) await syncScenarios({ redis: t.redis, prefix: t.prefix, embedder, scenarios: library });
    const open = async (e: Embedder = embedder, redis: Redis = t.redis) =>
      createScenarioIndex({ redis, prefix: t.prefix, embedder: e, kind, refreshMs: opts.refreshMs ?? 0 });
    return { ...t, keys, index: await open(), open };
  }

  async function extraClient(): Promise<Redis> {
    const t = await testRedis(url());
    cleanups.push(() => t.redis.quit().then(() => undefined));
    return t.redis;
  }

  it('is the implementation asked for, and reports what built it', async () => {
    const { index } = await setup();
    expect(index.kind).toBe(kind);
    const info = await index.info();
    expect(info).toMatchObject({
      kind,
      compatible: true,
      count: library.length,
      builtWith: { embedder: embedder.id, dimension: embedder.dimension },
    });
    expect(info.revision).toBeGreaterThan(0);
  });

  it('an empty library answers with nothing', async () => {
    const { index } = await setup({ seed: false });
    expect(await index.search({ page: 1, pageSize: 10 })).toEqual({ items: [], total: 0 });
    expect(await index.search({ query: 'boss', page: 1, pageSize: 10 })).toEqual({ items: [], total: 0 });
  });

  it('without a query lists a context by title, relevanceScore 1, paginated', async () => {
    const { index } = await setup();
    for (const context of ['work', 'friendship', 'relationship'] as const) {
      const expected = reference.list(context).map((s) => s.id);
      const seen: string[] = [];
      for (let page = 1; ; page++) {
        const res = await index.search({ context, page, pageSize: 7 });
        expect(res.total).toBe(expected.length);
        if (!res.items.length) break;
        for (const item of res.items) {
          expect(item.context).toBe(context);
          expect(item.relevanceScore).toBe(1);
        }
        seen.push(...res.items.map((i) => i.id));
      }
      expect(seen).toEqual(expected);
    }
    const all = await index.search({ page: 1, pageSize: 50 });
    expect(all.total).toBe(library.length);
    expect(all.items.map((s) => s.id)).toEqual(
      reference
        .list()
        .slice(0, 50)
        .map((s) => s.id),
    );
  });

  it('ranks exactly like the exact reference (ids, order, scores, totals), with and without context', async () => {
    const { index } = await setup();
    for (const q of QUERIES) {
      for (const page of [1, 2]) {
        const got = await index.search({ ...q, page, pageSize: 5 });
        const want = await searchExact(reference, embedder, { ...q, page, pageSize: 5 });
        expect({ q, page, items: got.items.map((i) => [i.id, i.relevanceScore]), total: got.total }).toEqual({
          q,
          page,
          items: want.items.map((i) => [i.id, i.relevanceScore]),
          total: want.total,
        });
      }
    }
  });

  it('returns full scenarios with relevanceScore in [0,1], best first, within the context', async () => {
    const { index } = await setup();
    const res = await index.search({
      query: 'my coworker takes credit for what I did',
      context: 'work',
      page: 1,
      pageSize: 50,
    });
    expect(res.items.length).toBeGreaterThan(0);
    let prev = 1;
    for (const item of res.items) {
      expect(item.context).toBe('work');
      expect(item.relevanceScore).toBeGreaterThanOrEqual(0);
      expect(item.relevanceScore).toBeLessThanOrEqual(1);
      expect(item.relevanceScore).toBeLessThanOrEqual(prev);
      prev = item.relevanceScore;
      expect(item.suggestedApproaches.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('finds a scenario by paraphrase and by an exact rare term', async () => {
    const { index } = await setup();
    const byParaphrase = await index.search({
      query: 'my landlord kept my whole deposit when I moved out',
      page: 1,
      pageSize: 3,
    });
    expect(byParaphrase.items.map((i) => i.id)).toContain('scn_neighbours_landlord_keeps_deposit');
    const byTerm = await index.search({ query: 'venmo', page: 1, pageSize: 3 });
    expect(byTerm.items[0]?.keywords.some((k) => k.toLowerCase().includes('venmo'))).toBe(true);
  });

  it('get returns a scenario by id, null when unknown', async () => {
    const { index } = await setup();
    const [first] = library;
    assert.isDefined(first);
    expect((await index.get(first.id))?.title).toBe(first.title);
    expect(await index.get('scn_does_not_exist')).toBeNull();
  });

  it('seeding is idempotent; edits and removals show up, also in another instance', async () => {
    const t = await setup({ refreshMs: 200 });
    const other = await t.open(embedder, await extraClient()); // a second app instance on its own connection
    const before = await other.info();

    const again = await syncScenarios({ redis: t.redis, prefix: t.prefix, embedder, scenarios: library });
    expect(again).toMatchObject({
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: library.length,
      rebuilt: false,
      revision: before.revision,
    });

    const target = library.find((s) => s.id === 'scn_friends_owes_money')!;
    const edited = {
      ...target,
      title: 'Zebra Loan Reminder',
      aliases: [...target.aliases, 'my pal still has my zebra money'],
    };
    const removed = library.find((s) => s.id !== target.id)!;
    const next = library.filter((s) => s.id !== removed.id).map((s) => (s.id === target.id ? edited : s));
    const res = await syncScenarios({ redis: t.redis, prefix: t.prefix, embedder, scenarios: next });
    expect(res).toMatchObject({
      added: 0,
      updated: 1,
      removed: 1,
      unchanged: library.length - 2,
      revision: before.revision + 1,
    });

    // The other instance notices within its refresh interval, without being told.
    await expect
      .poll(async () => (await other.search({ query: 'zebra', page: 1, pageSize: 1 })).items[0]?.title, {
        timeout: 5_000,
        interval: 50,
      })
      .toBe('Zebra Loan Reminder');
    expect(await other.get(removed.id)).toBeNull();
    expect((await other.info()).count).toBe(library.length - 1);
  });

  it('rebuilds every vector when the embedder changes; an index on the old embedder says so', async () => {
    const t = await setup();
    const small = createLocalEmbedder({ dimension: 256 });
    const res = await syncScenarios({ redis: t.redis, prefix: t.prefix, embedder: small, scenarios: library });
    expect(res).toMatchObject({ rebuilt: true, updated: library.length, dimension: 256 });

    await t.index.refresh();
    expect((await t.index.info()).compatible).toBe(false);
    await expect(t.index.search({ query: 'boss', page: 1, pageSize: 3 })).rejects.toBeInstanceOf(
      ScenarioIndexMismatchError,
    );

    const rebuilt = await t.open(small);
    const found = await rebuilt.search({
      query: 'my landlord kept my whole deposit when I moved out',
      page: 1,
      pageSize: 3,
    });
    expect(found.items.map((i) => i.id)).toContain('scn_neighbours_landlord_keeps_deposit');
  });

  it('serves the REST use-case shape through the library wrapper, capping pageSize at 50', async () => {
    const { index } = await setup();
    const lib = createScenarioLibrary(index as ScenarioIndex, embedder);
    const res = await lib.search({ context: 'work', pageSize: 500 });
    expect(res.pagination).toEqual({
      total: library.filter((s) => s.context === 'work').length,
      page: 1,
      pageSize: 50,
    });
    const def = await lib.search({ query: 'boss' });
    expect(def.pagination.pageSize).toBe(10);
    expect(def.scenarios.length).toBeLessThanOrEqual(10);
  });
});

describe('choosing the implementation by probing the server', () => {
  it('REDIS_URL: uses the query engine exactly when the server has it', async () => {
    const t = await testRedis(requireEnv('REDIS_URL'));
    try {
      const index = await createScenarioIndex({ redis: t.redis, prefix: t.prefix, embedder });
      expect(index.kind).toBe((await hasQueryEngine(t.redis)) ? 'redis-query-engine' : 'in-process');
    } finally {
      await t.redis.ft.dropIndex(scenarioKeys(t.prefix).index).catch(() => {});
      await t.drop();
    }
  });

  it.skipIf(!STACK_URL)('REDIS_STACK_URL: picks redis-query-engine', async () => {
    const t = await testRedis(STACK_URL);
    try {
      expect((await createScenarioIndex({ redis: t.redis, prefix: t.prefix, embedder })).kind).toBe(
        'redis-query-engine',
      );
    } finally {
      await t.drop();
    }
  });
});
