// Composition of the personalization adapters (memory, interaction queue, preference cache,
// recorder), shared by the app (server/app/build.ts) and the standalone worker (server/recorder/main.ts).
import type { Config } from '../config.ts';
import type { Logger } from '../log/logger.ts';
import type { Db } from '../../db/connection.ts';
import type { Redis } from '../redis/client.ts';
import { preferencesRepo } from '../../db/repositories/preferences.ts';
import { createMemory, type Memory } from '../memory/index.ts';
import { createPreferencesCache, type PreferencesCache } from '../memory/preferences-cache.ts';
import { createInteractionQueue, type InteractionQueue } from '../recorder/queue.ts';
import { createRecorder, type Recorder, type RecorderOptions } from '../recorder/recorder.ts';

export interface Personalization {
  memory: Memory;
  queue: InteractionQueue;
  preferences: PreferencesCache;
}

export async function createPersonalization(opts: {
  config: Config;
  redis: Redis;
  db: Db;
  log: Logger;
}): Promise<Personalization> {
  const { config, redis, db, log } = opts;
  const memory = createMemory({
    redis,
    prefix: config.redis.prefix,
    workingTtlSeconds: config.memory.workingTtlSeconds,
    sessionIdleSeconds: config.memory.sessionIdleSeconds,
  });
  const queue = createInteractionQueue({ redis, prefix: config.redis.prefix, log });
  const preferences = createPreferencesCache({
    redis,
    prefix: config.redis.prefix,
    repo: preferencesRepo(db),
    ttlSeconds: config.memory.preferencesCacheSeconds,
    log,
  });
  return { memory, queue, preferences };
}

export function recorderFor(opts: {
  config: Config;
  redis: Redis;
  db: Db;
  log: Logger;
  memory: Memory;
  overrides?: Partial<RecorderOptions>;
}): Recorder {
  const { config } = opts;
  return createRecorder({
    redis: opts.redis,
    db: opts.db,
    memory: opts.memory,
    log: opts.log,
    options: {
      prefix: config.redis.prefix,
      batchSize: config.recorder.batchSize,
      maxAttempts: config.recorder.maxAttempts,
      claimIdleMs: config.recorder.claimIdleMs,
      concurrency: config.recorder.concurrency,
      sweepEveryMs: Math.min(5_000, Math.max(250, Math.floor((config.memory.sessionIdleSeconds * 1000) / 2))),
      ...opts.overrides,
    },
  });
}
