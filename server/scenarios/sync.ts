// Loads a scenario library into Redis idempotently: a doc is (re)written only when its content hash
// changed, docs no longer in the library are removed, and the revision is bumped only when something
// changed. When the embedder (id or dimension) differs from the one that built the stored vectors,
// every vector is rebuilt and the query-engine index is recreated with the new DIM.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from '../redis/client.ts';
import type { Scenario } from '../../machines/domain/types.ts';
import { withVectors, type Embedder } from '../embeddings/embedder.ts';
import { contentHash, F, scenarioTerms, scenarioText, toHashFields } from './document.ts';
import { scenarioKeys, type ScenarioKeys } from './keys.ts';
import { readMeta } from './meta.ts';
import { hasQueryEngine } from './probe.ts';
import { ensureFtIndex } from './query-engine.ts';
import { termFrequencies } from './ranking.ts';

export interface SyncOptions {
  redis: Redis;
  prefix: string;
  embedder: Embedder;
  scenarios: Scenario[];
  /** Probed when not given. */
  queryEngine?: boolean;
  /** Texts per embed() call; default 64. */
  batchSize?: number;
  signal?: AbortSignal;
}

export interface SyncResult {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** Revision after the sync (bumped only when something changed). */
  revision: number;
  /** Every vector was rebuilt because the embedder changed. */
  rebuilt: boolean;
  embedder: string;
  dimension: number;
  queryEngine: boolean;
  /** What happened to the FT index: undefined without the query engine. */
  ftIndex?: 'created' | 'recreated' | 'exists';
}

const LOCK_TTL_MS = 120_000;
const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

async function withLock<T>(redis: Redis, keys: ScenarioKeys, fn: () => Promise<T>): Promise<T> {
  const token = randomUUID();
  const until = Date.now() + LOCK_TTL_MS;
  while (
    (await redis.set(keys.lock, token, { condition: 'NX', expiration: { type: 'PX', value: LOCK_TTL_MS } })) !== 'OK'
  ) {
    if (Date.now() > until) throw new Error(`scenario library is locked by another seeder (${keys.lock})`);
    await sleep(100);
  }
  try {
    return await fn();
  } finally {
    await redis.eval(RELEASE_LOCK, { keys: [keys.lock], arguments: [token] });
  }
}

export async function syncScenarios(opts: SyncOptions): Promise<SyncResult> {
  const { redis, embedder } = opts;
  const keys = scenarioKeys(opts.prefix);
  const ids = new Set<string>();
  for (const s of opts.scenarios) {
    if (ids.has(s.id)) throw new Error(`duplicate scenario id ${s.id}`);
    ids.add(s.id);
  }
  const queryEngine = opts.queryEngine ?? (await hasQueryEngine(redis));

  return withLock(redis, keys, async () => {
    const meta = await readMeta(redis, keys);
    const rebuilt = !!meta && (meta.embedder !== embedder.id || meta.dimension !== embedder.dimension);
    const existing = await redis.sMembers(keys.ids);
    const storedHashes = await Promise.all(opts.scenarios.map((s) => redis.hGet(keys.doc(s.id), F.hash)));

    const toWrite: Scenario[] = [];
    let added = 0;
    let updated = 0;
    opts.scenarios.forEach((s, i) => {
      const stored = storedHashes[i];
      if (stored == null) added++;
      else if (rebuilt || stored !== contentHash(s)) updated++;
      else return;
      toWrite.push(s);
    });
    const removedIds = existing.filter((id) => !ids.has(id));
    const changed = toWrite.length > 0 || removedIds.length > 0 || !meta || rebuilt;

    // A new DIM cannot be indexed by the old FT index: drop it before writing, recreate after.
    if (queryEngine && rebuilt) {
      try {
        await redis.ft.dropIndex(keys.index);
      } catch {
        /* not there */
      }
    }

    let revision = meta?.revision ?? 0;
    if (changed) {
      const batch = Math.max(1, opts.batchSize ?? 64);
      const vectors: Float32Array[] = [];
      // Each scenario's terms once: read right after its batch is embedded, the local embedder has
      // just analysed the same text (embeddings/analyze.ts keeps the last few), so it is parsed once.
      const termsById = new Map<string, string[]>();
      const termsOf = (s: Scenario): string[] => {
        let terms = termsById.get(s.id);
        if (!terms) termsById.set(s.id, (terms = scenarioTerms(s)));
        return terms;
      };
      for (let i = 0; i < toWrite.length; i += batch) {
        const part = toWrite.slice(i, i + batch);
        vectors.push(...(await embedder.embed(part.map(scenarioText), opts.signal)));
        for (const s of part) termsOf(s);
      }
      // Corpus statistics for keyword scoring, over the whole library.
      const df = new Map<string, number>();
      let totalLen = 0;
      for (const s of opts.scenarios) {
        const terms = termsOf(s);
        totalLen += terms.length;
        for (const t of termFrequencies(terms).keys()) df.set(t, (df.get(t) ?? 0) + 1);
      }
      const n = opts.scenarios.length;
      const tx = redis.multi();
      for (const [s, vector] of withVectors(toWrite, vectors))
        tx.hSet(keys.doc(s.id), toHashFields(s, termsOf(s), vector));
      for (const id of removedIds) tx.del(keys.doc(id));
      tx.del(keys.ids);
      if (ids.size) tx.sAdd(keys.ids, [...ids]);
      tx.del(keys.df);
      if (df.size) tx.hSet(keys.df, Object.fromEntries([...df].map(([t, c]) => [t, String(c)])));
      tx.hSet(keys.meta, {
        embedder: embedder.id,
        dimension: String(embedder.dimension),
        n: String(n),
        avgdl: String(n ? totalLen / n : 0),
        updatedAt: new Date().toISOString(),
      });
      tx.hIncrBy(keys.meta, 'revision', 1);
      const replies = await tx.exec();
      revision = Number(replies[replies.length - 1]);
    }

    const ftIndex = queryEngine
      ? await ensureFtIndex(redis, keys, embedder.dimension, { recreate: rebuilt })
      : undefined;
    return {
      added,
      updated,
      removed: removedIds.length,
      unchanged: opts.scenarios.length - toWrite.length,
      revision,
      rebuilt,
      embedder: embedder.id,
      dimension: embedder.dimension,
      queryEngine,
      ftIndex,
    };
  });
}
