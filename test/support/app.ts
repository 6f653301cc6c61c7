import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildCalmly, type BuildOptions, type Calmly } from '../../server/app/build.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { createDb } from '../../db/connection.ts';
import { migrateLatest } from '../../db/migrator.ts';
import { createTestDatabase } from './postgres.ts';
import { seedScenarios } from '../../scenarios/load.ts';
import { dropPrefix, requireEnv } from './redis.ts';

export interface TestApp {
  calmly: Calmly;
  config: Config;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real app on port 0, with its own migrated database and its own Redis key prefix, so test
 * files run in parallel without seeing each other's data. `opts.entitlements` replaces the plans
 * port (test/support/entitlements.ts); everything else is built from `env` as in production.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: Pick<BuildOptions, 'entitlements'> = {},
): Promise<TestApp> {
  // A given DATABASE_URL (a throwaway server of the test's own) is used as is.
  const database = env.DATABASE_URL ? { url: env.DATABASE_URL, drop: async () => {} } : await createTestDatabase();
  // Clips go to a directory of this app's own (removed with it) unless the test names one.
  const audioDir = path.join(tmpdir(), `calmly-audio-${randomUUID().slice(0, 8)}`);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: database.url,
    REDIS_URL: requireEnv('REDIS_URL'),
    REDIS_PREFIX: `t${randomUUID().slice(0, 8)}`,
    PORT: '0',
    HOST: '127.0.0.1',
    // Test files fire requests far faster than a person would, all from 127.0.0.1: the per-minute
    // budgets are off unless a test turns them on (the limits tests do).
    RATE_LIMIT_ENABLED: 'false',
    VOICE_AUDIO_DIR: audioDir,
    ...env,
  });
  const db = createDb(config.db);
  await migrateLatest(db);
  await db.destroy();
  // A fresh prefix has an empty library: load it the way `npm start` does.
  await seedScenarios(config);
  const calmly = await buildCalmly(config, opts);
  const port = await calmly.listen(0, '127.0.0.1');
  return {
    calmly,
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      // The seeded library and everything else under a prefix of our own goes with the app, so the
      // test Redis does not grow run after run (and rewrite its AOF in the middle of a benchmark).
      if (!env.REDIS_PREFIX) {
        await dropPrefix(calmly.deps.redis, config.redis.prefix);
      }
      await calmly.close();
      await database.drop();
      await rm(audioDir, { recursive: true, force: true });
    },
  };
}
