import { describe, expect, it } from 'vitest';
import type { StoredSubscription } from '../../db/repositories/billing.ts';
import { createBillingEntitlements, currentSubscription, planOfStatus } from '../../server/billing/plans.ts';
import { createLogger } from '../../server/log/logger.ts';

const plans = {
  free: { modelPerMinute: 5, dailyTokens: 1000, hostedModel: false, hostedVoice: false },
  paid: { modelPerMinute: 60, dailyTokens: 0, hostedModel: true, hostedVoice: true },
};
const log = createLogger({ level: 'silent' });
const sub = (id: string, status: string, eventCreated: number): StoredSubscription => ({
  id,
  status,
  eventCreated,
  userId: 'user_1',
  customerId: 'cus_1',
  priceId: 'price_1',
  currentPeriodEnd: null,
  cancelAtPeriodEnd: false,
  updatedAt: new Date(),
});

describe('plans', () => {
  it('pays while Stripe counts the subscription active (past_due included), not after', () => {
    for (const status of ['active', 'trialing', 'past_due']) expect(planOfStatus(status), status).toBe('paid');
    for (const status of ['incomplete', 'incomplete_expired', 'unpaid', 'canceled', 'paused', null, undefined])
      expect(planOfStatus(status), String(status)).toBe('free');
  });

  it('a paying subscription decides, else the newest', () => {
    expect(currentSubscription([])).toBeNull();
    expect(currentSubscription([sub('sub_new', 'canceled', 9), sub('sub_old', 'active', 1)])?.id).toBe('sub_old');
    expect(currentSubscription([sub('sub_new', 'unpaid', 9), sub('sub_old', 'canceled', 1)])?.id).toBe('sub_new');
  });

  it('entitlements answer the plan of the stored subscription on every call', async () => {
    let stored: StoredSubscription[] = [];
    const e = createBillingEntitlements({ plans, billing: { subscriptionsOf: async () => stored }, log });
    expect(e.enabled).toBe(true);
    expect(await e.of('user_1')).toEqual({ plan: 'free', limits: plans.free });
    stored = [sub('sub_1', 'active', 1)];
    expect(await e.of('user_1')).toEqual({ plan: 'paid', limits: plans.paid });
    stored = [sub('sub_1', 'canceled', 2)];
    expect((await e.of('user_1')).plan).toBe('free');
  });

  it('with Postgres unreachable: the free plan, never an unpaid paid plan; a bug still throws', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const e = createBillingEntitlements({
      plans,
      billing: {
        subscriptionsOf: async () => {
          throw down;
        },
      },
      log,
    });
    expect(await e.of('user_1')).toEqual({ plan: 'free', limits: plans.free });
    const buggy = createBillingEntitlements({
      plans,
      billing: {
        subscriptionsOf: async () => {
          throw new TypeError('x is undefined');
        },
      },
      log,
    });
    await expect(buggy.of('user_1')).rejects.toThrow(TypeError);
  });
});
