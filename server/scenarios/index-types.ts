import type { Context, Scenario, ScenarioMatch } from '../../machines/domain/types.ts';

export type ScenarioIndexKind = 'redis-query-engine' | 'in-process';

export interface ScenarioQuery {
  /** Free text; empty or absent lists scenarios (by title) instead of searching. */
  query?: string;
  context?: Context;
  /** 1-based. */
  page: number;
  pageSize: number;
  signal?: AbortSignal;
}

export interface ScenarioPage {
  items: ScenarioMatch[];
  /** Matches across all pages. */
  total: number;
}

export interface ScenarioIndexInfo {
  kind: ScenarioIndexKind;
  /** Embedder that built the stored vectors (null before the first seed). */
  builtWith: { embedder: string; dimension: number } | null;
  /** Embedder this process queries with. */
  queryEmbedder: { embedder: string; dimension: number };
  /** false when the stored vectors come from another embedder: run `npm run seed:scenarios`. */
  compatible: boolean;
  revision: number;
  count: number;
}

/** One interface, two implementations (query engine, in-process); one contract suite for both. */
export interface ScenarioIndex {
  readonly kind: ScenarioIndexKind;
  search(q: ScenarioQuery): Promise<ScenarioPage>;
  get(id: string): Promise<Scenario | null>;
  info(): Promise<ScenarioIndexInfo>;
  /** Picks up library changes now instead of at the next periodic check. */
  refresh(): Promise<void>;
}

export class ScenarioIndexMismatchError extends Error {
  readonly code = 'SCENARIO_INDEX_MISMATCH';
  constructor(built: { embedder: string; dimension: number }, current: { embedder: string; dimension: number }) {
    super(
      `the scenario index was built by ${built.embedder} (${built.dimension} dims) but this process embeds with ${current.embedder} (${current.dimension} dims): run \`npm run seed:scenarios\` with the same embedder settings`,
    );
    this.name = 'ScenarioIndexMismatchError';
  }
}
