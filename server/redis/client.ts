import { createClient, type RedisClientType, type RedisDefaultModules } from 'redis';
import { acquireLease } from './scripts/lease.ts';
import { recordInteraction } from './scripts/record-interaction.ts';
import { writeEpisode } from './scripts/write-episode.ts';

// The Lua scripts (server/redis/scripts: one file each, named for what it does), as commands of every client
// (`redis.acquireLease(...)`): EVALSHA, and EVAL once after a SCRIPT FLUSH or a restart.
const scripts = { acquireLease, recordInteraction, writeEpisode };

export type Redis = RedisClientType<RedisDefaultModules, {}, typeof scripts>;

/**
 * One connected client. Reconnects with capped backoff so a Redis restart is survived; commands
 * issued while disconnected fail fast instead of queueing forever (callers decide what to do).
 */
export async function connectRedis(url: string, opts: { name?: string; offlineQueue?: boolean } = {}): Promise<Redis> {
  const client = createClient({
    url,
    name: opts.name,
    scripts,
    // The Socket.IO adapter needs the queue: it polls in a loop that would spin on instant failures.
    disableOfflineQueue: !opts.offlineQueue,
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
    },
  }) as Redis;
  // Without a listener node-redis rethrows connection errors as uncaught; reconnects are logged by callers.
  client.on('error', () => {});
  await client.connect();
  return client;
}
