// The query-engine (RediSearch) commands, built as plain data by pure functions so a unit test can
// assert the exact FT.* arguments; query-engine.ts hands them to node-redis' `client.ft.*`.
import { SCHEMA_FIELD_TYPE, SCHEMA_VECTOR_FIELD_ALGORITHM, type RediSearchSchema } from 'redis';
import type { Context } from '../../machines/domain/types.ts';
import type { ScenarioKeys } from './keys.ts';

export interface FtCreateCommand {
  index: string;
  schema: RediSearchSchema;
  options: { ON: 'HASH'; PREFIX: string; STOPWORDS: string[] };
}

export interface FtSearchCommand {
  index: string;
  query: string;
  options: {
    RETURN?: string[];
    SORTBY?: { BY: string; DIRECTION: 'ASC' | 'DESC' };
    LIMIT: { from: number; size: number };
    PARAMS?: Record<string, Buffer>;
    DIALECT: 2;
  };
}

/** FT.CREATE <idx> ON HASH PREFIX 1 <docPrefix> STOPWORDS 0 SCHEMA context TAG title TEXT SORTABLE terms TEXT NOSTEM vector VECTOR HNSW 6 TYPE FLOAT32 DIM d DISTANCE_METRIC COSINE */
export function ftCreateCommand(keys: ScenarioKeys, dimension: number): FtCreateCommand {
  return {
    index: keys.index,
    schema: {
      context: { type: SCHEMA_FIELD_TYPE.TAG },
      title: { type: SCHEMA_FIELD_TYPE.TEXT, SORTABLE: true },
      // Pre-analysed lemmas (space separated): indexed verbatim, so keyword candidates match our analysis.
      terms: { type: SCHEMA_FIELD_TYPE.TEXT, NOSTEM: true },
      vector: {
        type: SCHEMA_FIELD_TYPE.VECTOR,
        ALGORITHM: SCHEMA_VECTOR_FIELD_ALGORITHM.HNSW,
        TYPE: 'FLOAT32',
        DIM: dimension,
        DISTANCE_METRIC: 'COSINE',
      },
    },
    options: { ON: 'HASH', PREFIX: keys.docPrefix, STOPWORDS: [] },
  };
}

function contextFilter(context: Context | undefined): string {
  return context ? `@context:{${context}}` : '*';
}

/** The k nearest scenarios to the query vector, within a context: FT.SEARCH ... KNN ... NOCONTENT. */
export function ftKnnCommand(
  keys: ScenarioKeys,
  opts: { context?: Context; k: number; vector: Buffer },
): FtSearchCommand {
  return {
    index: keys.index,
    // HNSW is approximate: a wide search (EF_RUNTIME) keeps the k neighbours exact for a library of
    // this size, so the ranking matches the exact reference instead of missing a near tie.
    query: `(${contextFilter(opts.context)})=>[KNN ${opts.k} @vector $BLOB EF_RUNTIME ${Math.max(opts.k * 4, 400)} AS dist]`,
    options: {
      SORTBY: { BY: 'dist', DIRECTION: 'ASC' },
      LIMIT: { from: 0, size: opts.k },
      PARAMS: { BLOB: opts.vector },
      DIALECT: 2,
    },
  };
}

/** Scenarios containing any of the query's terms (keyword candidates). Terms are [a-z0-9]+ by construction. */
export function ftKeywordCommand(
  keys: ScenarioKeys,
  opts: { context?: Context; terms: string[]; limit: number },
): FtSearchCommand | null {
  const terms = opts.terms.filter((t) => /^[a-z0-9]+$/.test(t));
  if (!terms.length) return null;
  const filter = opts.context ? `@context:{${opts.context}} ` : '';
  return {
    index: keys.index,
    query: `${filter}@terms:(${terms.join('|')})`,
    options: { LIMIT: { from: 0, size: opts.limit }, DIALECT: 2 },
  };
}

/** A page of scenarios without a query, ordered by title. */
export function ftListCommand(
  keys: ScenarioKeys,
  opts: { context?: Context; offset: number; size: number },
): FtSearchCommand {
  return {
    index: keys.index,
    query: contextFilter(opts.context),
    options: {
      RETURN: ['json'],
      SORTBY: { BY: 'title', DIRECTION: 'ASC' },
      LIMIT: { from: opts.offset, size: opts.size },
      DIALECT: 2,
    },
  };
}
