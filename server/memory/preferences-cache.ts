// Preferences: stored in Postgres, cached in Redis (under the user's memory prefix, so an erasure
// removes it), the cache dropped on every write. A read that races a write may re-cache the old
// value; PREFERENCES_CACHE_SECONDS bounds how long (the default of 300 s is the worst case).
import type { Redis } from '../redis/client.ts';
import type { Logger } from '../log/logger.ts';
import type { PreferencesRepo, PreferencesPatch } from '../../db/repositories/preferences.ts';
import { DEFAULT_PREFERENCES, type Preferences } from '../../machines/domain/types.ts';
import { memoryKeys } from './keys.ts';

/** The preferences port: read through the Redis cache, written to Postgres (the cached copy is dropped on write). */
export interface PreferencesCache {
  /** The user's preferences, or the defaults (nothing is created by reading). */
  get(userId: string): Promise<Preferences>;
  update(userId: string, patch: PreferencesPatch): Promise<Preferences>;
  invalidate(userId: string): Promise<void>;
}

export function createPreferencesCache(opts: {
  redis: Redis;
  prefix: string;
  repo: PreferencesRepo;
  ttlSeconds: number;
  log: Logger;
}): PreferencesCache {
  const keys = memoryKeys(opts.prefix);
  const { redis, repo, log } = opts;
  const pick = (p: Preferences): Preferences => ({
    userId: p.userId,
    preferredTone: p.preferredTone,
    defaultAssertiveness: p.defaultAssertiveness,
    voiceEnabled: p.voiceEnabled,
    elevenLabsVoiceId: p.elevenLabsVoiceId,
  });
  return {
    /** The user's preferences, or the defaults (nothing is created by reading). */
    async get(userId: string): Promise<Preferences> {
      const key = keys.preferences(userId);
      if (opts.ttlSeconds > 0) {
        try {
          const cached = await redis.get(key);
          if (cached) return JSON.parse(cached) as Preferences;
        } catch (err) {
          log.warn({ err: (err as Error).message }, 'preferences cache unavailable; reading Postgres');
        }
      }
      const stored = await repo.get(userId);
      const prefs = stored ? pick(stored) : { userId, ...DEFAULT_PREFERENCES };
      if (opts.ttlSeconds > 0)
        await redis.set(key, JSON.stringify(prefs), { EX: opts.ttlSeconds }).catch(() => undefined);
      return prefs;
    },
    async update(userId: string, patch: PreferencesPatch): Promise<Preferences> {
      const stored = await repo.upsert(userId, patch);
      await this.invalidate(userId);
      return pick(stored);
    },
    async invalidate(userId: string): Promise<void> {
      await redis
        .del(keys.preferences(userId))
        .catch((err: Error) => log.warn({ err: err.message }, 'could not drop the preferences cache'));
    },
  };
}
