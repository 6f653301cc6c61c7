import type { Redis } from '../redis/client.ts';

/** true when the server has the query engine (FT.* commands: Redis 8, Redis Stack, RediSearch module). */
export async function hasQueryEngine(redis: Redis): Promise<boolean> {
  try {
    await redis.ft._list();
    return true;
  } catch {
    return false;
  }
}
