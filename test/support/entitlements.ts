// A stand-in for the billing module's Entitlements port (server/billing/entitlements.ts): plans
// kept in memory and switched at will, so tests can prove that every edge reads the plan on every
// call. Only the port is replaced; the limits behind it (Redis counters, the real app) stay real.
import type { Entitlement, Entitlements, PlanLimits, PlanName } from '../../server/billing/entitlements.ts';

export interface TestEntitlements extends Entitlements {
  readonly plans: Record<PlanName, PlanLimits>;
  /** Puts the user on this plan from the next call on (users start on free). */
  set(userId: string, plan: PlanName): void;
  /** Calls of `of` so far, per user. */
  reads(userId: string): number;
  /** Makes `of` fail (billing's storage down) until called again with false. */
  failing(on: boolean): void;
}

export const TEST_PLANS: Record<PlanName, PlanLimits> = {
  free: { modelPerMinute: 2, dailyTokens: 0, hostedModel: false, hostedVoice: false },
  paid: { modelPerMinute: 6, dailyTokens: 0, hostedModel: true, hostedVoice: true },
};

export function testEntitlements(plans: Partial<Record<PlanName, Partial<PlanLimits>>> = {}): TestEntitlements {
  const limits: Record<PlanName, PlanLimits> = {
    free: { ...TEST_PLANS.free, ...plans.free },
    paid: { ...TEST_PLANS.paid, ...plans.paid },
  };
  const planOf = new Map<string, PlanName>();
  const readsOf = new Map<string, number>();
  let down = false;
  return {
    enabled: true,
    plans: limits,
    set: (userId, plan) => void planOf.set(userId, plan),
    reads: (userId) => readsOf.get(userId) ?? 0,
    failing: (on) => {
      down = on;
    },
    async of(userId): Promise<Entitlement> {
      readsOf.set(userId, (readsOf.get(userId) ?? 0) + 1);
      if (down) throw new Error('billing storage unavailable');
      const plan = planOf.get(userId) ?? 'free';
      return { plan, limits: { ...limits[plan] } };
    },
  };
}
