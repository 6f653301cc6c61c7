import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type RedisClientType, type RedisDefaultModules } from 'redis';
import { acquireLease } from './scripts/lease.ts';
import { putWorkingMemory } from './scripts/put-working-memory.ts';
import { readHashes } from './scripts/read-hashes.ts';
import { recordInteraction } from './scripts/record-interaction.ts';
import { writeEpisode } from './scripts/write-episode.ts';

// The Lua scripts (server/redis/scripts: one file each, named for what it does), as commands of every client
// (`redis.acquireLease(...)`): EVALSHA, and EVAL once after a SCRIPT FLUSH or a restart.
const scripts = { acquireLease, putWorkingMemory, readHashes, recordInteraction, writeEpisode };

export type Redis = RedisClientType<RedisDefaultModules, {}, typeof scripts>;

// Answers of a Redis that is up but cannot serve yet (replaying its AOF, busy with a script, a replica
// without its primary), and the client's own errors while it reconnects: worth waiting for.
const NOT_SERVING_YET = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN)\b/;
const RECONNECTING = new Set(['ClientOfflineError', 'ClientClosedError', 'SocketClosedUnexpectedlyError']);

/** True when a command failed only because this Redis is not serving yet (or the client is reconnecting). */
export function isNotServingYet(err: unknown): boolean {
  const e = err as { name?: unknown; message?: unknown } | null;
  return (
    (typeof e?.message === 'string' && NOT_SERVING_YET.test(e.message)) ||
    (typeof e?.name === 'string' && RECONNECTING.has(e.name))
  );
}

/**
 * One connected client. Reconnects with capped backoff so a Redis restart is survived; commands
 * issued while disconnected fail fast instead of queueing forever (callers decide what to do).
 * Redis accepts connections while it replays its append-only file but answers every command with
 * LOADING; by default the returned client has waited for that to end (`onWait` hears each refusal),
 * so start-up code can issue commands at once.
 */
export async function connectRedis(
  url: string,
  opts: { name?: string; offlineQueue?: boolean; waitUntilServing?: boolean; onWait?: (err: Error) => void } = {},
): Promise<Redis> {
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
  if (opts.waitUntilServing !== false) await untilServing(client, opts.onWait);
  return client;
}

async function untilServing(client: Redis, onWait?: (err: Error) => void): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await client.ping();
      return;
    } catch (err) {
      if (!isNotServingYet(err)) throw err;
      onWait?.(err as Error);
      await sleep(Math.min(50 * 2 ** attempt, 1_000));
    }
  }
}
