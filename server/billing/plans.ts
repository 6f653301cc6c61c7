// Which plan a user is on, from the subscriptions Stripe told us of (server/usecases/billing.ts keeps
// them), and the Entitlements port answering from it when billing is on.
import type { BillingRepo, StoredSubscription } from '../../db/repositories/billing.ts';
import type { BillingConfig } from '../config.ts';
import type { Logger } from '../log/logger.ts';
import { isStoreOutage } from '../outage.ts';
import type { Entitlement, Entitlements, PlanName } from './entitlements.ts';

/**
 * The statuses that give the paid plan. past_due is one of them: a payment failed and Stripe is
 * retrying it (Smart Retries), but the subscription is still on until Stripe says otherwise. Per the
 * account's settings Stripe then moves it to unpaid, canceled or paused (a
 * customer.subscription.updated or .deleted event), and that is when the user is back on the free
 * plan; never on invoice.payment_failed itself. incomplete (the first payment not made yet),
 * incomplete_expired, unpaid, canceled and paused give the free plan.
 */
export const PAID_STATUSES: ReadonlySet<string> = new Set(['active', 'trialing', 'past_due']);

export const planOfStatus = (status: string | null | undefined): PlanName =>
  status && PAID_STATUSES.has(status) ? 'paid' : 'free';

/** The subscription that decides a user's plan: one that pays if any does, else the newest. */
export function currentSubscription(subscriptions: StoredSubscription[]): StoredSubscription | null {
  return subscriptions.find((s) => PAID_STATUSES.has(s.status)) ?? subscriptions[0] ?? null;
}

/**
 * Entitlements with billing on: the plan of the user's stored subscription, read on every call (one
 * indexed query), so a webhook's change applies to the next call on every instance without a cache
 * to invalidate. While Postgres cannot answer, the free plan: it never hands out what was not paid
 * for, and the coach keeps answering (the built-in coach and local voice cost nothing) instead of
 * failing every call; paying users get their plan back as soon as Postgres does.
 */
export function createBillingEntitlements(deps: {
  plans: BillingConfig['plans'];
  billing: Pick<BillingRepo, 'subscriptionsOf'>;
  log: Logger;
}): Entitlements {
  const free: Entitlement = Object.freeze({ plan: 'free', limits: Object.freeze({ ...deps.plans.free }) });
  const paid: Entitlement = Object.freeze({ plan: 'paid', limits: Object.freeze({ ...deps.plans.paid }) });
  return {
    enabled: true,
    // What each plan gives, so a refusal on the free plan can say what the paid plan adds.
    plans: Object.freeze({ free: free.limits, paid: paid.limits }),
    async of(userId) {
      try {
        const current = currentSubscription(await deps.billing.subscriptionsOf(userId));
        return planOfStatus(current?.status) === 'paid' ? paid : free;
      } catch (err) {
        if (!isStoreOutage(err)) throw err;
        deps.log.warn(
          { err: (err as Error).message },
          'billing: Postgres unreachable, the free plan applies meanwhile',
        );
        return free;
      }
    },
  };
}
