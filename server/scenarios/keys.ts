// Every key of the scenario library, all under keyspace(prefix, 'scenarios').
import { keyspace } from '../redis/keys.ts';

export interface ScenarioKeys {
  /** Hash per scenario. */
  doc(id: string): string;
  /** Key prefix shared by all scenario hashes (the FT index's PREFIX). */
  docPrefix: string;
  /** Set of scenario ids present. */
  ids: string;
  /** Hash: embedder, dimension, revision, n, avgdl, ftDim, updatedAt. */
  meta: string;
  /** Hash: term → number of scenarios containing it (keyword scoring). */
  df: string;
  /** Name of the query-engine index. */
  index: string;
  /** Seeding lock. */
  lock: string;
}

export function scenarioKeys(prefix: string): ScenarioKeys {
  const k = keyspace(prefix, 'scenarios');
  return {
    doc: (id) => k('doc', id),
    docPrefix: k('doc', ''),
    ids: k('ids'),
    meta: k('meta'),
    df: k('df'),
    index: k('idx'),
    lock: k('lock'),
  };
}
