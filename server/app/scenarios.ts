import type { Config } from '../config.ts';
import type { Logger } from '../log/logger.ts';
import type { Redis } from '../redis/client.ts';
import { createEmbedder } from '../embeddings/index.ts';
import { openScenarioLibrary, type ScenarioLibrary } from '../scenarios/index.ts';

/** The scenario library with the configured embedder; the index implementation is chosen by probing Redis. */
export async function buildScenarioLibrary(opts: {
  redis: Redis;
  config: Config;
  log: Logger;
}): Promise<ScenarioLibrary> {
  const embedder = await createEmbedder(opts.config.embeddings);
  return openScenarioLibrary({ redis: opts.redis, prefix: opts.config.redis.prefix, embedder, log: opts.log });
}
