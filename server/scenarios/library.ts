// Entry points for the app: createScenarioIndex probes the Redis server once and returns the index
// implementation it supports; createScenarioLibrary wraps it into the use-case that REST, Socket.IO
// and MCP call (search with pagination, get by id, health).
import type { Context, Scenario, ScenarioMatch } from '../../machines/domain/types.ts';
import type { Embedder } from '../embeddings/embedder.ts';
import type { Redis } from '../redis/client.ts';
import { InProcessScenarioIndex } from './in-process.ts';
import type { ScenarioIndex, ScenarioIndexInfo, ScenarioIndexKind } from './index-types.ts';
import { scenarioKeys } from './keys.ts';
import { readMeta } from './meta.ts';
import { hasQueryEngine } from './probe.ts';
import { ensureFtIndex, QueryEngineScenarioIndex } from './query-engine.ts';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 50;

export interface CreateScenarioIndexOptions {
  redis: Redis;
  prefix: string;
  embedder: Embedder;
  /** Force an implementation instead of probing (tests, benchmarks). */
  kind?: ScenarioIndexKind;
  minRelevance?: number;
  /** In-process: longest staleness after a change elsewhere; query engine: meta cache. Default 1000 ms. */
  refreshMs?: number;
  log?: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
}

export async function createScenarioIndex(opts: CreateScenarioIndexOptions): Promise<ScenarioIndex> {
  const kind = opts.kind ?? ((await hasQueryEngine(opts.redis)) ? 'redis-query-engine' : 'in-process');
  let index: ScenarioIndex;
  if (kind === 'redis-query-engine') {
    // The FT index is derived data: recreate it if the server lost it (e.g. restored from a dump without it).
    const keys = scenarioKeys(opts.prefix);
    const meta = await readMeta(opts.redis, keys);
    if (meta) await ensureFtIndex(opts.redis, keys, meta.dimension);
    index = new QueryEngineScenarioIndex({
      redis: opts.redis,
      prefix: opts.prefix,
      embedder: opts.embedder,
      minRelevance: opts.minRelevance,
      metaTtlMs: opts.refreshMs,
    });
  } else {
    index = new InProcessScenarioIndex({
      redis: opts.redis,
      prefix: opts.prefix,
      embedder: opts.embedder,
      minRelevance: opts.minRelevance,
      refreshMs: opts.refreshMs,
    });
  }
  const info = await index.info();
  if (!info.compatible)
    opts.log?.warn({ scenarioIndex: info }, 'scenario index was built by another embedder: run npm run seed:scenarios');
  else
    opts.log?.info(
      { scenarioIndex: { kind: info.kind, count: info.count, revision: info.revision } },
      'scenario index ready',
    );
  return index;
}

export interface ScenarioSearchResult {
  scenarios: ScenarioMatch[];
  pagination: { total: number; page: number; pageSize: number };
}

export interface ScenarioLibrary {
  readonly kind: ScenarioIndexKind;
  /** Id of the embedder queries are embedded with (shown by /health). */
  readonly embedderId: string;
  /**
   * With a query: hybrid (vector + keyword) search, best first, relevanceScore in [0,1], only matches
   * at or above the minimum relevance. Without one: every scenario of the context, by title, with
   * relevanceScore 1 (a filter matches fully).
   */
  search(
    input: { context?: Context; query?: string; page?: number; pageSize?: number },
    signal?: AbortSignal,
  ): Promise<ScenarioSearchResult>;
  get(id: string): Promise<Scenario | null>;
  health(): Promise<ScenarioIndexInfo>;
  refresh(): Promise<void>;
}

export function createScenarioLibrary(index: ScenarioIndex, embedder: Embedder): ScenarioLibrary {
  return {
    kind: index.kind,
    embedderId: embedder.id,
    async search(input, signal) {
      const page = Math.max(1, Math.floor(input.page ?? 1));
      const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(input.pageSize ?? DEFAULT_PAGE_SIZE)));
      const query = input.query?.trim() || undefined;
      const res = await index.search({ context: input.context, query, page, pageSize, signal });
      return { scenarios: res.items, pagination: { total: res.total, page, pageSize } };
    },
    get: (id) => index.get(id),
    health: () => index.info(),
    refresh: () => index.refresh(),
  };
}

/** Convenience for the app: probe, build the index, wrap it. */
export async function openScenarioLibrary(opts: CreateScenarioIndexOptions): Promise<ScenarioLibrary> {
  return createScenarioLibrary(await createScenarioIndex(opts), opts.embedder);
}
