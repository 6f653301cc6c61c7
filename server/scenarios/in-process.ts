// The ScenarioIndex for Redis servers without the query engine (e.g. Debian's Redis 7.0): the
// scenario hashes are loaded into an exact in-memory index (exact-index.ts) that answers the same
// queries. Redis stays the source of truth: the library's revision counter is checked at most every
// `refreshMs` (on the next search), and the index reloads when it changed — also when another
// instance or the seed script changed the library.
import { RESP_TYPES } from 'redis';
import type { Redis } from '../redis/client.ts';
import type { Scenario, ScenarioMatch } from '../../machines/domain/types.ts';
import { analyze } from '../embeddings/analyze.ts';
import { cpuTurn } from '../cpu-turn.ts';
import { embedOne, type Embedder } from '../embeddings/embedder.ts';
import { fromHashValues, F, type HashValues, type IndexedScenario } from './document.ts';
import { ExactIndex } from './exact-index.ts';
import {
  ScenarioIndexMismatchError,
  type ScenarioIndex,
  type ScenarioIndexInfo,
  type ScenarioPage,
  type ScenarioQuery,
} from './index-types.ts';
import { scenarioKeys, type ScenarioKeys } from './keys.ts';
import { readMeta, readRevision, type LibraryMeta } from './meta.ts';
import { DEFAULT_MIN_RELEVANCE, LIST_RELEVANCE, MAX_MATCHES, roundScore } from './ranking.ts';

export interface InProcessIndexOptions {
  redis: Redis;
  prefix: string;
  embedder: Embedder;
  minRelevance?: number;
  /** Longest time a change made elsewhere can go unnoticed; default 1000 ms. 0 checks on every search. */
  refreshMs?: number;
}

interface Loaded {
  meta: LibraryMeta | null;
  index: ExactIndex;
}

/** Searches an ExactIndex: the part shared by the Redis-backed in-process index and the offline eval. */
export async function searchExact(
  index: ExactIndex,
  embedder: Embedder,
  q: ScenarioQuery,
  minRelevance = DEFAULT_MIN_RELEVANCE,
): Promise<ScenarioPage> {
  const offset = (q.page - 1) * q.pageSize;
  const text = q.query?.trim();
  if (!text) {
    const all = index.list(q.context);
    return {
      total: all.length,
      items: all.slice(offset, offset + q.pageSize).map((s) => ({ ...s, relevanceScore: LIST_RELEVANCE })),
    };
  }
  const vector = await embedOne(embedder, text, q.signal);
  const ranked = index.rank({ vector, terms: analyze(text).terms, context: q.context }, minRelevance, MAX_MATCHES);
  return {
    total: ranked.length,
    items: ranked
      .slice(offset, offset + q.pageSize)
      .map((r): ScenarioMatch => ({ ...r.scenario, relevanceScore: roundScore(r.score) })),
  };
}

export class InProcessScenarioIndex implements ScenarioIndex {
  readonly kind = 'in-process' as const;
  private readonly redis: Redis;
  private readonly buffers: Redis;
  private readonly keys: ScenarioKeys;
  private readonly embedder: Embedder;
  private readonly minRelevance: number;
  private readonly refreshMs: number;
  private loaded: Loaded | null = null;
  private checkedAt = 0;
  private pending: Promise<Loaded> | null = null;

  constructor(opts: InProcessIndexOptions) {
    this.redis = opts.redis;
    this.buffers = opts.redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }) as unknown as Redis;
    this.keys = scenarioKeys(opts.prefix);
    this.embedder = opts.embedder;
    this.minRelevance = opts.minRelevance ?? DEFAULT_MIN_RELEVANCE;
    this.refreshMs = opts.refreshMs ?? 1000;
  }

  /** Reads every scenario hash and builds the exact index (one pipelined round trip for the docs). */
  private async load(): Promise<Loaded> {
    for (let attempt = 0; ; attempt++) {
      const meta = await readMeta(this.redis, this.keys);
      const ids = (await this.redis.sMembers(this.keys.ids)).sort();
      const rows = await Promise.all(
        ids.map(
          (id) => this.buffers.hmGet(this.keys.doc(id), [F.json, F.terms, F.vector]) as unknown as Promise<HashValues>,
        ),
      );
      // A seed may have committed meanwhile; its MULTI is atomic, so an unchanged revision means a consistent read.
      if ((await readRevision(this.redis, this.keys)) !== (meta?.revision ?? 0) && attempt < 3) continue;
      const docs: IndexedScenario[] = [];
      for (const [json, terms, vector] of rows) {
        const d = fromHashValues(json, terms, vector);
        if (d) docs.push(d);
      }
      const dimension = meta?.dimension ?? this.embedder.dimension;
      return { meta, index: new ExactIndex(docs, dimension) };
    }
  }

  private async current(force = false): Promise<Loaded> {
    if (this.pending) return this.pending;
    const due = force || !this.loaded || Date.now() - this.checkedAt >= this.refreshMs;
    if (!due) return this.loaded!;
    this.pending = (async () => {
      try {
        const revision = this.loaded ? await readRevision(this.redis, this.keys) : -1;
        if (!this.loaded || revision !== (this.loaded.meta?.revision ?? 0)) this.loaded = await this.load();
        this.checkedAt = Date.now();
        return this.loaded;
      } finally {
        this.pending = null;
      }
    })();
    return this.pending;
  }

  async refresh(): Promise<void> {
    await this.current(true);
  }

  async get(id: string): Promise<Scenario | null> {
    return (await this.current()).index.get(id);
  }

  async info(): Promise<ScenarioIndexInfo> {
    const { meta, index } = await this.current();
    const built = meta ? { embedder: meta.embedder, dimension: meta.dimension } : null;
    return {
      kind: this.kind,
      builtWith: built,
      queryEmbedder: { embedder: this.embedder.id, dimension: this.embedder.dimension },
      compatible: !built || (built.embedder === this.embedder.id && built.dimension === this.embedder.dimension),
      revision: meta?.revision ?? 0,
      count: index.size,
    };
  }

  async search(q: ScenarioQuery): Promise<ScenarioPage> {
    const { meta, index } = await this.current();
    if (!meta) return { items: [], total: 0 };
    if (q.query?.trim() && (meta.embedder !== this.embedder.id || meta.dimension !== this.embedder.dimension)) {
      throw new ScenarioIndexMismatchError(
        { embedder: meta.embedder, dimension: meta.dimension },
        { embedder: this.embedder.id, dimension: this.embedder.dimension },
      );
    }
    await cpuTurn(); // embedding the query and scoring every scenario (server/cpu-turn.ts)
    return searchExact(index, this.embedder, q, this.minRelevance);
  }
}
