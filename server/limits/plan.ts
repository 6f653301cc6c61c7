// The plan a call runs under, read from the Entitlements port (server/billing/entitlements.ts) on
// every call, so a plan bought or cancelled a moment ago counts on the very next call. Every limit
// that depends on the plan reads it through here, whichever edge the call came from: the model
// budget a minute (the operation pipeline), the daily token budget and which coach writes
// (server/limits/model.ts), and which voice speaks (server/usecases/speak.ts).
import type { Entitlement, PlanLimits } from '../billing/entitlements.ts';
import { serviceUnavailable } from '../errors.ts';
import type { Ports } from '../ports.ts';

export interface UserPlan extends Entitlement {
  /** With billing on and a plan below paid: the paid plan's limits, when the port says them. */
  paid?: PlanLimits;
  /** Billing is on, so a refusal may say what the paid plan adds. */
  billing: boolean;
}

export type PlanDeps = Pick<Ports, 'entitlements' | 'config' | 'log'>;

/** Today's settings: everyone's limits with billing off, and a caller's without a user when the port names no plans. */
function settings(config: PlanDeps['config']): PlanLimits {
  return {
    modelPerMinute: config.limits.modelPerMinute,
    dailyTokens: config.limits.dailyTokensPerUser,
    hostedModel: true,
    hostedVoice: true,
  };
}

function withUpgrade(deps: PlanDeps, e: Entitlement): UserPlan {
  const billing = deps.entitlements.enabled;
  const paid = billing && e.plan === 'free' ? deps.entitlements.plans?.paid : undefined;
  return { ...e, billing, ...(paid ? { paid } : {}) };
}

export async function planFor(deps: PlanDeps, userId: string | undefined): Promise<UserPlan> {
  const { entitlements } = deps;
  const free = entitlements.enabled ? entitlements.plans?.free : undefined;
  // No user to ask about (AUTH_MODE=none and no userId): the least a user could have.
  if (!userId)
    return withUpgrade(deps, free ? { plan: 'free', limits: free } : { plan: null, limits: settings(deps.config) });
  try {
    return withUpgrade(deps, await entitlements.of(userId));
  } catch (err) {
    // The plan cannot be read (billing's storage is down): the free plan's limits keep people
    // going without giving away what is paid for; without them, refuse rather than guess.
    deps.log.warn({ err: (err as Error)?.message }, 'entitlements unavailable');
    if (free) return withUpgrade(deps, { plan: 'free', limits: free });
    throw serviceUnavailable("Your plan couldn't be read just now; please try again.");
  }
}

const count = (n: number) => n.toLocaleString('en');

/**
 * What the paid plan adds to a limit, as the end of a refusal ("; the paid plan allows 60"), or ''
 * when it is not worth saying (billing off, already paid). `value` reads the limit; 0 is unlimited.
 */
export function paidPlanAdds(plan: UserPlan, value: (l: PlanLimits) => number, unit: string): string {
  if (!plan.billing || plan.plan !== 'free') return '';
  if (!plan.paid) return '; the paid plan allows more';
  const paid = value(plan.paid);
  if (paid === 0) return '; the paid plan has no limit';
  if (paid <= value(plan.limits)) return '';
  return `; the paid plan allows ${count(paid)} ${unit}`;
}
