import { randomUUID } from 'node:crypto';
import { connectRedis, type Redis } from '../../server/redis/client.ts';

export function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run tests with \`npm test\`, which provisions Redis and Postgres`);
  return v;
}

/** Deletes every key under `prefix` (a test's or a benchmark's own). */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 1000 }))
    if (keys.length) await redis.unlink(keys);
}

/** A real Redis client plus a prefix no other test uses; drop() deletes every key under it. */
export async function testRedis(
  url = requireEnv('REDIS_URL'),
): Promise<{ redis: Redis; prefix: string; drop(): Promise<void> }> {
  const redis = await connectRedis(url);
  const prefix = `t${randomUUID().slice(0, 8)}`;
  return {
    redis,
    prefix,
    async drop() {
      await dropPrefix(redis, prefix);
      await redis.quit();
    },
  };
}
