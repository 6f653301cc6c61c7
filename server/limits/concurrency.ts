// Calls in flight per user, across the three edges and every instance: model calls
// (MAX_CONCURRENT_GENERATIONS_PER_USER) and voice syntheses (VOICE_MAX_CONCURRENT_PER_USER). Each call
// holds a lease in a Redis sorted set per user (member: the lease id, score: when it expires); taking
// one drops expired leases first, so a process that died mid-call cannot keep a slot for longer than a
// call may last (REQUEST_TIMEOUT_MS, plus a margin). While Redis is unreachable the count is kept in
// this process instead. Over the limit: 429 rate_limited at once (no queue), Retry-After 1 s.
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import { userHash } from '../domain/ids.ts';
import type { AppError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { Redis } from '../redis/client.ts';
import { keyspace } from '../redis/keys.ts';
import { rateLimited } from './rate.ts';

/** Gives the slot back (idempotent). */
export type Release = () => void;

export interface ConcurrencyLimiter {
  acquire(userId: string): Promise<Release>;
}

export const RETRY_HINT_MS = 1_000;

export interface LeaseLimiterOptions {
  config: Config;
  redis: Redis;
  log: Logger;
  /** Slots per user; 0: no limit. */
  max: number;
  /** Part of the Redis key, so each kind of call counts on its own. */
  kind: string;
  /** The 429 to throw when the user's slots are taken. */
  tooMany: () => AppError;
}

export function createLeaseLimiter(opts: LeaseLimiterOptions): ConcurrencyLimiter {
  const { max, tooMany } = opts;
  const leaseMs = opts.config.limits.requestTimeoutMs + 15_000;
  const keys = keyspace(opts.config.redis.prefix, 'limits');
  const local = new Map<string, number>();

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
      const key = keys(opts.kind, subject);
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
          { err: (err as Error).message, kind: opts.kind },
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
            opts.log.warn({ err: err.message, kind: opts.kind }, 'could not release a slot; it expires by itself'),
          );
      };
    },
  };
}

/** Model calls (analyze, generate, refine) in flight per user. */
export function createConcurrencyLimiter(opts: { config: Config; redis: Redis; log: Logger }): ConcurrencyLimiter {
  const max = opts.config.limits.maxConcurrentGenerations;
  return createLeaseLimiter({
    ...opts,
    max,
    kind: 'inflight',
    tooMany: () =>
      rateLimited(
        `You already have ${max} generation${max === 1 ? '' : 's'} running (the most at once); wait for one to finish and try again.`,
        RETRY_HINT_MS,
      ),
  });
}
