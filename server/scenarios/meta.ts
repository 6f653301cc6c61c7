// The library's meta hash: which embedder built the vectors, the revision counter bumped by every
// change, and the corpus statistics of keyword scoring.
import type { Redis } from '../redis/client.ts';
import type { ScenarioKeys } from './keys.ts';

export interface LibraryMeta {
  embedder: string;
  dimension: number;
  revision: number;
  n: number;
  avgdl: number;
  /** DIM of the query-engine index, when one was created. */
  ftDim: number | null;
}

export async function readMeta(redis: Redis, keys: ScenarioKeys): Promise<LibraryMeta | null> {
  const m = await redis.hGetAll(keys.meta);
  if (!m.embedder) return null;
  return {
    embedder: m.embedder,
    dimension: Number(m.dimension),
    revision: Number(m.revision ?? 0),
    n: Number(m.n ?? 0),
    avgdl: Number(m.avgdl ?? 0),
    ftDim: m.ftDim ? Number(m.ftDim) : null,
  };
}

export async function readRevision(redis: Redis, keys: ScenarioKeys): Promise<number> {
  return Number((await redis.hGet(keys.meta, 'revision')) ?? 0);
}
