import type { Knex } from 'knex';

// Payments with Stripe (server/billing), used only when STRIPE_SECRET_KEY is set; empty otherwise.
// - billing_customers: Stripe customers and their user. Calmly makes one per user (its first
//   checkout) and reuses it; a customer a checkout.session.completed names is linked too (a user may
//   have more than one, a customer never has two users).
// - billing_subscriptions: the newest state Stripe told us of each subscription. `event_created` is
//   the `created` time of the event that last changed the row: an older event arriving late changes
//   nothing. `user_id` is null until the subscription is linked to a user (by its customer, its
//   metadata or checkout.session.completed), which may come after the subscription's own events.
// - billing_events: ids of the webhook events already applied, so a replay changes nothing.
// A user's billing rows go with the user on erasure (cascade); Stripe keeps its own records.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('billing_customers', (t) => {
    t.string('stripe_customer_id', 255).primary();
    t.string('user_id', 64).notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id', 'created_at'], 'billing_customers_user_idx');
  });

  await knex.schema.createTable('billing_subscriptions', (t) => {
    t.string('id', 255).primary();
    t.string('user_id', 64).nullable().references('users.id').onDelete('CASCADE');
    t.string('stripe_customer_id', 255).nullable();
    t.string('status', 32).notNullable();
    t.string('price_id', 255).nullable();
    t.timestamp('current_period_end', { useTz: true }).nullable();
    t.boolean('cancel_at_period_end').notNullable().defaultTo(false);
    t.bigInteger('event_created').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['user_id'], 'billing_subscriptions_user_idx');
    t.index(['stripe_customer_id'], 'billing_subscriptions_customer_idx');
  });

  await knex.schema.createTable('billing_events', (t) => {
    t.string('id', 255).primary();
    t.string('type', 100).notNullable();
    t.bigInteger('created').notNullable();
    t.timestamp('processed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('billing_events');
  await knex.schema.dropTableIfExists('billing_subscriptions');
  await knex.schema.dropTableIfExists('billing_customers');
}
