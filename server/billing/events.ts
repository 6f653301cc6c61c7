// What Calmly reads from Stripe's objects, whatever API version shaped them.
import type { SubscriptionState } from '../../db/repositories/billing.ts';
import { userIdField } from '../../machines/domain/fields.ts';
import type { StripeSubscription } from './stripe.ts';

/** An expandable field (a string id, or the object itself) as its id. */
export const idOf = (v: string | { id: string } | null | undefined): string | null =>
  typeof v === 'string' ? v : (v?.id ?? null);

/** A user id we set ourselves (client_reference_id, metadata.userId), or null for anything else. */
export const userIdFrom = (...values: Array<string | null | undefined>): string | null => {
  for (const v of values) if (v && userIdField.safeParse(v).success) return v;
  return null;
};

/**
 * A subscription's state. Since API version 2025-03-31 the billing period lives on the items, not
 * the subscription; both are read, so an account on an older version works the same.
 */
export function subscriptionState(sub: StripeSubscription): SubscriptionState {
  const item = sub.items?.data?.[0];
  const legacyEnd = (sub as { current_period_end?: number | null }).current_period_end;
  const periodEnd = legacyEnd ?? item?.current_period_end ?? null;
  return {
    id: sub.id,
    customerId: idOf(sub.customer),
    status: sub.status,
    priceId: item?.price?.id ?? null,
    currentPeriodEnd: typeof periodEnd === 'number' ? new Date(periodEnd * 1000) : null,
    cancelAtPeriodEnd: Boolean(sub.cancel_at_period_end),
  };
}
