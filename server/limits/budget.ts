// A daily token budget per user for hosted models: the user's plan's `dailyTokens` (server/limits/
// plan.ts; with billing off AI_DAILY_TOKENS_PER_USER for everyone; 0: unlimited). Tokens
// are counted in Redis per UTC day from the usage the provider reports (the `done` event of a
// generation or refinement, an analysis's usage); a call is refused once the day's count has reached
// the budget (the call that crosses it completes). The built-in coach reports no tokens and is never
// counted. Over budget: 429 rate_limited until midnight UTC — not a silent switch to the built-in
// coach, so the person knows why the answers would change.
import type { Config } from '../config.ts';
import type { Usage } from '../ai/provider.ts';
import { userHash } from '../domain/ids.ts';
import type { Logger } from '../log/logger.ts';
import type { Redis } from '../redis/client.ts';
import { keyspace } from '../redis/keys.ts';
import { paidPlanAdds, type UserPlan } from './plan.ts';
import { rateLimited } from './rate.ts';

export interface TokenBudget {
  /** A hosted model is configured: there are tokens to count. */
  readonly enabled: boolean;
  /** Throws rate_limited when the user's budget for today (`plan`'s, else AI_DAILY_TOKENS_PER_USER) is used up. */
  check(userId: string, plan?: UserPlan): Promise<void>;
  record(userId: string, usage: Usage | undefined, plan?: UserPlan): Promise<void>;
  /** Tokens counted for the user today. */
  usedToday(userId: string): Promise<number>;
}

const utcDay = (t = Date.now()) => new Date(t).toISOString().slice(0, 10);
const msToUtcMidnight = (t = Date.now()) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) - t;
};

export function createTokenBudget(opts: { config: Config; redis: Redis; log: Logger }): TokenBudget {
  const { config, redis, log } = opts;
  // Only hosted models spend tokens.
  const enabled = Boolean(config.ai.primary || config.ai.burst);
  const perDayOf = (plan?: UserPlan) => plan?.limits.dailyTokens ?? config.limits.dailyTokensPerUser;
  // With billing on every hosted call is counted, whatever the plan allows: a plan changed during the
  // day then starts from what was really spent today.
  const counts = (plan?: UserPlan) => enabled && (Boolean(plan?.billing) || perDayOf(plan) > 0);
  const keys = keyspace(config.redis.prefix, 'limits');
  const keyFor = (userId: string, day = utcDay()) => keys('tokens', userHash(userId).slice(0, 32), day);

  async function usedToday(userId: string): Promise<number> {
    return Number((await redis.get(keyFor(userId))) ?? 0);
  }

  function usedUp(perDay: number, plan?: UserPlan): string {
    if (plan?.billing && plan.plan === 'free')
      return `Your daily token budget for the hosted model is used up (the free plan allows ${perDay.toLocaleString('en')} tokens a day${paidPlanAdds(plan, (l) => l.dailyTokens, 'tokens a day')}); it resets at midnight UTC.`;
    return `Your daily token budget for the hosted model is used up (${perDay.toLocaleString('en')} tokens a day); it resets at midnight UTC.`;
  }

  return {
    enabled,
    usedToday,
    async check(userId, plan) {
      const perDay = perDayOf(plan);
      if (!enabled || perDay <= 0) return;
      let used: number;
      try {
        used = await usedToday(userId);
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'token budget: Redis unavailable; call allowed');
        return;
      }
      if (used >= perDay) throw rateLimited(usedUp(perDay, plan), msToUtcMidnight());
    },
    async record(userId, usage, plan) {
      const tokens = (usage?.promptTokens ?? 0) + (usage?.completionTokens ?? 0);
      if (!counts(plan) || tokens <= 0) return;
      const key = keyFor(userId);
      try {
        await redis
          .multi()
          .incrBy(key, tokens)
          .expire(key, 2 * 86_400)
          .exec();
      } catch (err) {
        log.warn({ err: (err as Error).message, tokens }, 'token budget: could not record usage');
      }
    },
  };
}
