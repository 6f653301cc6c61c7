// Limits shared by the three edges (REST, Socket.IO, MCP): per-minute rate budgets (rate.ts), model
// calls in flight per user (concurrency.ts), voice syntheses in flight (voice.ts), the daily token
// budget (budget.ts) and the deadline of a model-backed call (model.ts). One set per process and
// configuration, built on first use from the app's dependencies, so every edge (and every copy of the
// dependencies a test makes) shares it.
import type { Ports } from '../ports.ts';
import type { Config } from '../config.ts';
import type { Redis } from '../redis/client.ts';
import { createTokenBudget, type TokenBudget } from './budget.ts';
import { createConcurrencyLimiter, type ConcurrencyLimiter } from './concurrency.ts';
import { createRateLimits, type RateLimits } from './rate.ts';
import { createVoiceLimiter, type VoiceLimiter } from './voice.ts';

export { callerKey, rateLimited, type Cost, type RateLimits } from './rate.ts';
export type { TokenBudget } from './budget.ts';
export type { ConcurrencyLimiter } from './concurrency.ts';
export type { VoiceLimiter } from './voice.ts';

export interface Limits {
  rate: RateLimits;
  concurrency: ConcurrencyLimiter;
  budget: TokenBudget;
  voice: VoiceLimiter;
}

const built = new WeakMap<Config, WeakMap<Redis, Limits>>();

export function limitsFor(deps: Pick<Ports, 'config' | 'redis' | 'log'>): Limits {
  let byRedis = built.get(deps.config);
  if (!byRedis) built.set(deps.config, (byRedis = new WeakMap()));
  let limits = byRedis.get(deps.redis);
  if (!limits) {
    const log = deps.log.child({ component: 'limits' });
    const opts = { config: deps.config, redis: deps.redis, log };
    limits = {
      rate: createRateLimits(opts),
      concurrency: createConcurrencyLimiter(opts),
      budget: createTokenBudget(opts),
      voice: createVoiceLimiter(opts),
    };
    byRedis.set(deps.redis, limits);
  }
  return limits;
}
