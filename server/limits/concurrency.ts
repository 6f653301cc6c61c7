// Model calls in flight per user (MAX_CONCURRENT_GENERATIONS_PER_USER), across the three edges and
// every instance. Each call holds a lease in a Redis sorted set per user (member: the lease id,
// score: when it expires); taking one drops expired leases first, so a process that died mid-call
// cannot keep a slot for longer than a call may last (REQUEST_TIMEOUT_MS, plus a margin). While Redis
// is unreachable the count is kept in this process instead.
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import { userHash } from '../domain/ids.ts';
import type { Logger } from '../log/logger.ts';
import type { Redis } from '../redis/client.ts';
import { keyspace } from '../redis/keys.ts';
import { rateLimited } from './rate.ts';

/** Gives the slot back (idempotent). */
export type Release = () => void;

export interface ConcurrencyLimiter {
  acquire(userId: string): Promise<Release>;
}

const RETRY_HINT_MS = 1_000;

export function createConcurrencyLimiter(opts: { config: Config; redis: Redis; log: Logger }): ConcurrencyLimiter {
  const max = opts.config.limits.maxConcurrentGenerations;
  const leaseMs = opts.config.limits.requestTimeoutMs + 15_000;
  const keys = keyspace(opts.config.redis.prefix, 'limits');
  const local = new Map<string, number>();
  const tooMany = () =>
    rateLimited(
      `You already have ${max} generation${max === 1 ? '' : 's'} running (the most at once); wait for one to finish and try again.`,
      RETRY_HINT_MS,
    );

  function acquireLocally(subject: string): Release {
    const n = local.get(subject) ?? 0;
    if (n >= max) throw tooMany();
    local.set(subject, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (local.get(subject) ?? 1) - 1;
      if (left <= 0) local.delete(subject);
      else local.set(subject, left);
    };
  }

  return {
    async acquire(userId) {
      if (max <= 0) return () => {};
      const subject = userHash(userId).slice(0, 32);
      const key = keys('inflight', subject);
      const lease = randomUUID();
      const now = Date.now();
      let reply: number;
      try {
        reply = await opts.redis.acquireLease(key, {
          now,
          expiresAt: now + leaseMs,
          limit: max,
          lease,
          ttlMs: leaseMs,
        });
      } catch (err) {
        opts.log.warn(
          { err: (err as Error).message },
          'concurrency limiter: Redis unavailable; counting in this process',
        );
        return acquireLocally(subject);
      }
      if (reply !== 1) throw tooMany();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        opts.redis
          .zRem(key, lease)
          .catch((err: Error) =>
            opts.log.warn({ err: err.message }, 'could not release a generation slot; it expires by itself'),
          );
      };
    },
  };
}
