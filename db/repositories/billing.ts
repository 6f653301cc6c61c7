import type { Db } from '../connection.ts';

/** What Stripe says of one subscription, as kept (server/billing/webhook.ts reads it from events). */
export interface SubscriptionState {
  id: string;
  customerId: string | null;
  /** Stripe's status: active, trialing, past_due, unpaid, canceled, incomplete, incomplete_expired, paused. */
  status: string;
  priceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
}

export interface StoredSubscription extends SubscriptionState {
  userId: string | null;
  /** The `created` time (Unix seconds) of the event that last changed it; 0 before any subscription event. */
  eventCreated: number;
  updatedAt: Date;
}

export interface BillingEvent {
  id: string;
  type: string;
  /** Unix seconds. */
  created: number;
}

interface SubscriptionRow {
  id: string;
  user_id: string | null;
  stripe_customer_id: string | null;
  status: string;
  price_id: string | null;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  event_created: string | number;
  updated_at: Date;
}

const toSubscription = (r: SubscriptionRow): StoredSubscription => ({
  id: r.id,
  userId: r.user_id,
  customerId: r.stripe_customer_id,
  status: r.status,
  priceId: r.price_id,
  currentPeriodEnd: r.current_period_end,
  cancelAtPeriodEnd: r.cancel_at_period_end,
  eventCreated: Number(r.event_created),
  updatedAt: r.updated_at,
});

// Stripe never brings a subscription back from these: a late event must not either.
const TERMINAL = ['canceled', 'incomplete_expired'];
/** The status a subscription known only from checkout.session.completed is kept with until its own events say. */
export const LINKED_ONLY_STATUS = 'incomplete';

export function billingRepo(db: Db) {
  /** The customer Calmly made for the user (their first one), used for checkout and the portal. */
  const customerOf = async (userId: string, trx: Db = db): Promise<string | null> => {
    const row = await trx('billing_customers')
      .where({ user_id: userId })
      .orderBy([{ column: 'created_at' }, { column: 'stripe_customer_id' }])
      .first('stripe_customer_id');
    return (row?.stripe_customer_id as string | undefined) ?? null;
  };
  return {
    customerOf,

    async userOfCustomer(customerId: string, trx: Db = db): Promise<string | null> {
      const row = await trx('billing_customers').where({ stripe_customer_id: customerId }).first('user_id');
      return (row?.user_id as string | undefined) ?? null;
    },

    /**
     * Remembers the customer just made for the user unless they have one already, and answers the one
     * kept: two checkouts racing for a new user keep the first (serialised on the user), so Calmly
     * makes one customer per user whatever happens.
     */
    async rememberCustomer(userId: string, customerId: string): Promise<string> {
      return db.transaction(async (trx) => {
        await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`billing:${userId}`]);
        const known = await customerOf(userId, trx);
        if (known) return known;
        await trx('users').insert({ id: userId }).onConflict('id').ignore();
        await trx('billing_customers').insert({ user_id: userId, stripe_customer_id: customerId });
        return customerId;
      });
    },

    /** Links a customer Stripe names (checkout.session.completed) to the user; a customer keeps its first user. */
    async linkCustomer(userId: string, customerId: string, trx: Db = db): Promise<void> {
      await trx('users').insert({ id: userId }).onConflict('id').ignore();
      await trx('billing_customers')
        .insert({ user_id: userId, stripe_customer_id: customerId })
        .onConflict('stripe_customer_id')
        .ignore();
    },

    /**
     * Links a subscription to its user (checkout.session.completed, or an event whose customer is
     * known): kept with LINKED_ONLY_STATUS and no event time when no event of its own has come yet,
     * so the first one of those decides its state. A link once made is never moved to another user.
     */
    async linkSubscription(
      link: { subscriptionId: string; userId: string; customerId: string | null },
      trx: Db = db,
    ): Promise<void> {
      await trx('users').insert({ id: link.userId }).onConflict('id').ignore();
      await trx.raw(
        `INSERT INTO billing_subscriptions (id, user_id, stripe_customer_id, status, event_created)
         VALUES (?, ?, ?, ?, 0)
         ON CONFLICT (id) DO UPDATE SET
           user_id = COALESCE(billing_subscriptions.user_id, EXCLUDED.user_id),
           stripe_customer_id = COALESCE(billing_subscriptions.stripe_customer_id, EXCLUDED.stripe_customer_id)`,
        [link.subscriptionId, link.userId, link.customerId, LINKED_ONLY_STATUS],
      );
    },

    /**
     * Stores a subscription's state from an event created at `eventCreated` (Unix seconds) unless the
     * row already holds a newer one: an older event arriving late changes nothing (at the same second,
     * the later delivery wins). A canceled or expired subscription stays so, as in Stripe.
     * → whether the row changed.
     */
    async applySubscription(state: SubscriptionState, eventCreated: number, trx: Db = db): Promise<boolean> {
      const result = await trx.raw(
        `INSERT INTO billing_subscriptions
           (id, stripe_customer_id, status, price_id, current_period_end, cancel_at_period_end, event_created, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, now())
         ON CONFLICT (id) DO UPDATE SET
           stripe_customer_id = COALESCE(EXCLUDED.stripe_customer_id, billing_subscriptions.stripe_customer_id),
           status = EXCLUDED.status,
           price_id = EXCLUDED.price_id,
           current_period_end = EXCLUDED.current_period_end,
           cancel_at_period_end = EXCLUDED.cancel_at_period_end,
           event_created = GREATEST(EXCLUDED.event_created, billing_subscriptions.event_created),
           updated_at = now()
         WHERE NOT (billing_subscriptions.status = ANY(?))
           AND (EXCLUDED.event_created >= billing_subscriptions.event_created OR EXCLUDED.status = ANY(?))`,
        [
          state.id,
          state.customerId,
          state.status,
          state.priceId,
          state.currentPeriodEnd,
          state.cancelAtPeriodEnd,
          eventCreated,
          TERMINAL,
          TERMINAL,
        ],
      );
      return (result as { rowCount: number }).rowCount > 0;
    },

    /** A user's subscriptions, newest state first. */
    async subscriptionsOf(userId: string): Promise<StoredSubscription[]> {
      const rows = await db<SubscriptionRow>('billing_subscriptions')
        .where({ user_id: userId })
        .orderBy([
          { column: 'event_created', order: 'desc' },
          { column: 'updated_at', order: 'desc' },
        ]);
      return rows.map(toSubscription);
    },

    async subscription(id: string): Promise<StoredSubscription | null> {
      const row = await db<SubscriptionRow>('billing_subscriptions').where({ id }).first();
      return row ? toSubscription(row) : null;
    },

    /**
     * Applies a webhook event once: `apply` runs in a transaction with the event's id recorded in the
     * same transaction, so a replay (or a duplicate delivered in parallel, which waits on the row)
     * finds it and changes nothing, and a failure records nothing (Stripe delivers it again).
     * → false when the event had been applied already.
     */
    async applyOnce(event: BillingEvent, apply: (trx: Db) => Promise<void>): Promise<boolean> {
      return db.transaction(async (trx) => {
        const inserted = await trx('billing_events')
          .insert({ id: event.id, type: event.type, created: event.created })
          .onConflict('id')
          .ignore()
          .returning('id');
        if (inserted.length === 0) return false;
        await apply(trx);
        return true;
      });
    },

    async eventProcessed(id: string): Promise<boolean> {
      return Boolean(await db('billing_events').where({ id }).first('id'));
    },
  };
}
export type BillingRepo = ReturnType<typeof billingRepo>;
