// The ScenarioIndex on Redis' query engine (Redis 8, Redis Stack): candidates come from Redis — the
// KNN neighbours of the query vector (HNSW, COSINE) plus the scenarios containing a query term — all
// filtered by the context TAG; they are then scored with the shared hybrid ranking (ranking.ts) from
// their stored vectors and terms, so results equal the in-process exact index's on the same data.
import { setTimeout as sleep } from 'node:timers/promises';
import { RESP_TYPES } from 'redis';
import type { Redis } from '../redis/client.ts';
import type { Scenario, ScenarioMatch } from '../../machines/domain/types.ts';
import { analyze } from '../embeddings/analyze.ts';
import { embedOne, vectorToBytes, type Embedder } from '../embeddings/embedder.ts';
import { fromHashValues, F, type HashValues } from './document.ts';
import { ftCreateCommand, ftKeywordCommand, ftKnnCommand, ftListCommand } from './ft-commands.ts';
import {
  ScenarioIndexMismatchError,
  type ScenarioIndex,
  type ScenarioIndexInfo,
  type ScenarioPage,
  type ScenarioQuery,
} from './index-types.ts';
import { scenarioKeys, type ScenarioKeys } from './keys.ts';
import { readMeta, type LibraryMeta } from './meta.ts';
import {
  compareRanked,
  cosine,
  DEFAULT_MIN_RELEVANCE,
  hybrid,
  idf,
  keywordScore,
  LIST_RELEVANCE,
  MAX_MATCHES,
  nonZero,
  norm,
  queryTerms,
  roundScore,
  termFrequencies,
  type Ranked,
} from './ranking.ts';

/** Keyword candidates fetched per query (in addition to MAX_MATCHES KNN neighbours). */
const KEYWORD_CANDIDATES = 200;

export interface QueryEngineIndexOptions {
  redis: Redis;
  prefix: string;
  embedder: Embedder;
  minRelevance?: number;
  /** How long the meta (embedder, corpus stats) is cached; default 1000 ms. */
  metaTtlMs?: number;
}

function isUnknownIndex(err: unknown): boolean {
  return /unknown index|no such index|not found/i.test(String((err as Error)?.message ?? err));
}

/** Creates the FT index if missing, or recreates it when its DIM differs; waits until indexing is done. */
export async function ensureFtIndex(
  redis: Redis,
  keys: ScenarioKeys,
  dimension: number,
  opts: { recreate?: boolean } = {},
): Promise<'created' | 'recreated' | 'exists'> {
  let exists = true;
  try {
    await redis.ft.info(keys.index);
  } catch (err) {
    if (!isUnknownIndex(err)) throw err;
    exists = false;
  }
  const ftDim = await redis.hGet(keys.meta, 'ftDim');
  if (exists && !opts.recreate && ftDim === String(dimension)) return 'exists';
  if (exists) await redis.ft.dropIndex(keys.index);
  const cmd = ftCreateCommand(keys, dimension);
  await redis.ft.create(cmd.index, cmd.schema, cmd.options);
  await redis.hSet(keys.meta, 'ftDim', String(dimension));
  await waitIndexed(redis, keys);
  return exists ? 'recreated' : 'created';
}

async function waitIndexed(redis: Redis, keys: ScenarioKeys, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const info = (await redis.ft.info(keys.index)) as unknown as Record<string, unknown>;
    const indexing = Number(info.indexing ?? 0);
    const pct = Number(info.percent_indexed ?? 1);
    if (!indexing && pct >= 1) return;
    if (Date.now() > until) throw new Error(`query-engine index ${keys.index} still indexing after ${timeoutMs} ms`);
    await sleep(20);
  }
}

export class QueryEngineScenarioIndex implements ScenarioIndex {
  readonly kind = 'redis-query-engine' as const;
  private readonly redis: Redis;
  private readonly buffers: Redis;
  private readonly keys: ScenarioKeys;
  private readonly embedder: Embedder;
  private readonly minRelevance: number;
  private readonly metaTtlMs: number;
  private meta: { value: LibraryMeta | null; at: number } | null = null;

  constructor(opts: QueryEngineIndexOptions) {
    this.redis = opts.redis;
    this.buffers = opts.redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }) as unknown as Redis;
    this.keys = scenarioKeys(opts.prefix);
    this.embedder = opts.embedder;
    this.minRelevance = opts.minRelevance ?? DEFAULT_MIN_RELEVANCE;
    this.metaTtlMs = opts.metaTtlMs ?? 1000;
  }

  private async currentMeta(): Promise<LibraryMeta | null> {
    if (!this.meta || Date.now() - this.meta.at >= this.metaTtlMs) {
      this.meta = { value: await readMeta(this.redis, this.keys), at: Date.now() };
    }
    return this.meta.value;
  }

  async refresh(): Promise<void> {
    this.meta = null;
    await this.currentMeta();
  }

  async get(id: string): Promise<Scenario | null> {
    const json = await this.redis.hGet(this.keys.doc(id), F.json);
    return json ? (JSON.parse(json) as Scenario) : null;
  }

  async info(): Promise<ScenarioIndexInfo> {
    this.meta = null; // health reports the current state, not the cached one
    const meta = await this.currentMeta();
    const built = meta ? { embedder: meta.embedder, dimension: meta.dimension } : null;
    return {
      kind: this.kind,
      builtWith: built,
      queryEmbedder: { embedder: this.embedder.id, dimension: this.embedder.dimension },
      compatible: !built || (built.embedder === this.embedder.id && built.dimension === this.embedder.dimension),
      revision: meta?.revision ?? 0,
      count: meta?.n ?? 0,
    };
  }

  async search(q: ScenarioQuery): Promise<ScenarioPage> {
    const meta = await this.currentMeta();
    if (!meta) return { items: [], total: 0 };
    const text = q.query?.trim();
    const offset = (q.page - 1) * q.pageSize;
    if (!text) {
      const cmd = ftListCommand(this.keys, { context: q.context, offset, size: q.pageSize });
      const res = await this.redis.ft.search(cmd.index, cmd.query, cmd.options);
      return {
        total: res.total,
        items: res.documents.map((d) => ({
          ...(JSON.parse(String(d.value.json)) as Scenario),
          relevanceScore: LIST_RELEVANCE,
        })),
      };
    }
    if (meta.embedder !== this.embedder.id || meta.dimension !== this.embedder.dimension) {
      throw new ScenarioIndexMismatchError(
        { embedder: meta.embedder, dimension: meta.dimension },
        { embedder: this.embedder.id, dimension: this.embedder.dimension },
      );
    }
    const ranked = await this.rank(text, q, meta);
    return {
      total: ranked.length,
      items: ranked
        .slice(offset, offset + q.pageSize)
        .map((r): ScenarioMatch => ({ ...r.scenario, relevanceScore: roundScore(r.score) })),
    };
  }

  private async rank(text: string, q: ScenarioQuery, meta: LibraryMeta): Promise<Ranked[]> {
    const vector = await embedOne(this.embedder, text, q.signal);
    const qterms = queryTerms(analyze(text).terms);
    const knn = ftKnnCommand(this.keys, { context: q.context, k: MAX_MATCHES, vector: vectorToBytes(vector) });
    const kw = ftKeywordCommand(this.keys, { context: q.context, terms: qterms, limit: KEYWORD_CANDIDATES });
    const [knnRes, kwRes, dfs] = await Promise.all([
      this.redis.ft.searchNoContent(knn.index, knn.query, knn.options),
      kw
        ? this.redis.ft.searchNoContent(kw.index, kw.query, kw.options)
        : Promise.resolve({ total: 0, documents: [] as string[] }),
      qterms.length ? this.redis.hmGet(this.keys.df, qterms) : Promise.resolve([] as Array<string | null>),
    ]);
    const candidateKeys = [...new Set([...(knnRes.documents as string[]), ...(kwRes.documents as string[])])];
    if (!candidateKeys.length) return [];
    const rows = await Promise.all(
      candidateKeys.map(
        (key) => this.buffers.hmGet(key, [F.json, F.terms, F.vector]) as unknown as Promise<HashValues>,
      ),
    );

    const idfs = dfs.map((df) => idf(meta.n, Number(df ?? 0)));
    const qIdx = nonZero(vector);
    const qNorm = norm(vector);
    const out: Ranked[] = [];
    for (const [json, terms, vec] of rows) {
      const doc = fromHashValues(json, terms, vec);
      if (!doc) continue; // deleted between the two round trips
      const tf = termFrequencies(doc.terms);
      const tfs = qterms.map((t) => tf.get(t) ?? 0);
      const cos = cosine(vector, qIdx, qNorm, doc.vector, 0, norm(doc.vector));
      const score = hybrid(cos, keywordScore(idfs, tfs, doc.terms.length, meta.avgdl));
      if (score >= this.minRelevance) out.push({ scenario: doc.scenario, score });
    }
    return out.sort(compareRanked).slice(0, MAX_MATCHES);
  }
}
