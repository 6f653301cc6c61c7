// Per-minute budgets, shared by every edge (REST, Socket.IO, MCP) and every instance: counters live in
// Redis (rate-limiter-flexible's RateLimiterRedis on the app's node-redis v5 client), with an
// in-memory limiter of the same size taking over while Redis is unreachable (`insuranceLimiter`), so
// an outage neither lets everything through nor turns every request into an error.
//
// Budgets, each a fixed one-minute window:
//   model  per caller   RATE_LIMIT_MODEL_PER_MINUTE  analyze, generate, refine, voice (REST, socket, MCP)
//   cheap  per caller   RATE_LIMIT_CHEAP_PER_MINUTE  everything else
//   ip     per address  RATE_LIMIT_IP_PER_MINUTE     every call, whatever its kind or caller
// The caller is the authenticated user, or with AUTH_MODE=none the user the request names, or its
// address when it names none. Keys hold a hash of the user id, never the id.
//
// The model budget is the caller's plan's (`modelPerMinute`, server/limits/plan.ts; with billing off
// that is RATE_LIMIT_MODEL_PER_MINUTE for everyone). A limiter's points are fixed when it is built,
// so the model limiter counts with room for any plan and the count is compared with the plan's
// allowance here: one counter per caller whatever the plan, so an upgrade or a downgrade applies to
// what was already counted this minute, on the very next call.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config.ts';
import { userHash } from '../domain/ids.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { Redis } from '../redis/client.ts';
import { keyspace } from '../redis/keys.ts';
import { paidPlanAdds, type UserPlan } from './plan.ts';

export type Cost = 'model' | 'cheap';

export interface RateLimits {
  readonly enabled: boolean;
  /** `points` (one by default) of the address's budget; throws AppError rate_limited when it is spent. */
  ip(ip: string, points?: number): Promise<void>;
  /**
   * One point of the caller's budget of this kind (see callerKey). The model budget is `plan`'s
   * (RATE_LIMIT_MODEL_PER_MINUTE without one).
   */
  caller(cost: Cost, key: string, plan?: UserPlan): Promise<void>;
}

/** The rate-limit subject for a caller: its user (hashed) when there is one, else its address. */
export function callerKey(userId: string | undefined, ip: string): string {
  return userId ? `u:${userHash(userId).slice(0, 32)}` : `ip:${ip}`;
}

/** A 429 in our shape; `retryAfterMs` is in the body and becomes the Retry-After header (seconds). */
export function rateLimited(message: string, retryAfterMs: number): AppError {
  return new AppError('rate_limited', message, undefined, { retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)) });
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Room for any plan's model budget (no plan allows this many calls a minute). */
const MODEL_CEILING = 1_000_000;

export function createRateLimits(opts: { config: Config; redis: Redis; log: Logger }): RateLimits {
  const { limits, redis: redisConfig } = opts.config;
  if (!limits.enabled) {
    return { enabled: false, ip: async () => {}, caller: async () => {} };
  }
  const keys = keyspace(redisConfig.prefix, 'ratelimit');
  const make = (name: string, points: number) =>
    new RateLimiterRedis({
      storeClient: opts.redis,
      // node-redis v4/v5 (not ioredis), whose client must not queue commands while disconnected
      // (the app's client has disableOfflineQueue), so a Redis outage fails fast into the insurance.
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      keyPrefix: keys(name),
      points,
      duration: 60,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${name}-insurance`, points, duration: 60 }),
    });
  const limiters = {
    model: make('model', MODEL_CEILING),
    cheap: make('cheap', limits.cheapPerMinute),
    ip: make('ip', limits.ipPerMinute),
  };
  const messages = {
    model: (ms: number, plan?: UserPlan) => {
      const perMinute = plan?.limits.modelPerMinute ?? limits.modelPerMinute;
      const kinds = 'model-backed requests (analyze, generate, refine, voice)';
      if (plan?.billing && plan.plan === 'free')
        return `The free plan allows ${perMinute} ${kinds} a minute${paidPlanAdds(plan, (l) => l.modelPerMinute, 'a minute')}. Try again in ${seconds(ms)} s.`;
      const on = plan?.billing && plan.plan ? ` on the ${plan.plan} plan` : '';
      return `Too many ${kinds}: at most ${perMinute} a minute${on}. Try again in ${seconds(ms)} s.`;
    },
    cheap: (ms: number) =>
      `Too many requests: at most ${limits.cheapPerMinute} a minute. Try again in ${seconds(ms)} s.`,
    ip: (ms: number) =>
      `Too many requests from this address: at most ${limits.ipPerMinute} a minute. Try again in ${seconds(ms)} s.`,
  };

  async function consume(which: keyof typeof limiters, key: string, points = 1, plan?: UserPlan): Promise<void> {
    // Only the model budget differs by plan; the others are the limiters' own points.
    const allowance = which === 'model' ? (plan?.limits.modelPerMinute ?? limits.modelPerMinute) : Infinity;
    let res: RateLimiterRes;
    try {
      res = await limiters[which].consume(key, points);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw rateLimited(messages[which](err.msBeforeNext, plan), err.msBeforeNext);
      // Both Redis and the insurance failed: a limiter problem must not take the API down.
      opts.log.warn({ err: (err as Error)?.message, limiter: which }, 'rate limiter unavailable; request allowed');
      return;
    }
    if (res.consumedPoints > allowance) throw rateLimited(messages[which](res.msBeforeNext, plan), res.msBeforeNext);
  }

  return {
    enabled: true,
    ip: (ip, points) => consume('ip', ip || 'unknown', points),
    caller: (cost, key, plan) => consume(cost, key, 1, plan),
  };
}
