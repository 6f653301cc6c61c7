// Payments with Stripe: checkout, the customer portal, the user's subscription, and Stripe's webhook.
// Every operation here answers 404 billing_disabled while billing is off (no STRIPE_SECRET_KEY), before
// credentials or input are looked at. Plans and what they give: server/billing/plans.ts.
import { z } from 'zod';
import type { Db } from '../../db/connection.ts';
import { userIdField } from '../../machines/domain/fields.ts';
import { requireUser } from '../auth/policy.ts';
import { idOf, subscriptionState, userIdFrom } from '../billing/events.ts';
import { currentSubscription, planOfStatus } from '../billing/plans.ts';
import type { StripeCheckoutSession, StripeEvent, StripeGateway, StripeSubscription } from '../billing/stripe.ts';
import type { BillingConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { defineOperation } from '../operations/operation.ts';
import type { Ports } from '../ports.ts';

type BillingPorts = Pick<Ports, 'config' | 'stripe' | 'repos' | 'log'>;

function billingOn(deps: Pick<Ports, 'config' | 'stripe'>): { stripe: StripeGateway; billing: BillingConfig } {
  if (!deps.stripe || !deps.config.billing)
    throw new AppError('billing_disabled', 'Billing is not enabled on this server (no STRIPE_SECRET_KEY).');
  return { stripe: deps.stripe, billing: deps.config.billing };
}
const available = (deps: Ports) => void billingOn(deps);

const userField = userIdField
  .optional()
  .meta({ description: 'The user (required without authentication; defaults to the authenticated caller).' });

/** The user's Stripe customer: made on their first checkout or portal visit, then always the same one. */
async function customerFor(deps: BillingPorts, stripe: StripeGateway, userId: string): Promise<string> {
  const known = await deps.repos.billing.customerOf(userId);
  if (known) return known;
  return deps.repos.billing.rememberCustomer(userId, await stripe.createCustomer(userId));
}

// ── GET /api/billing/subscription ─────────────────────────────────────────────────────────────────

const planLimitsResponse = z
  .object({
    modelPerMinute: z.number().int(),
    dailyTokens: z.number().int().meta({ description: '0: unlimited' }),
    hostedModel: z.boolean(),
    hostedVoice: z.boolean(),
  })
  .meta({ id: 'PlanLimits', description: 'What the plan gives (PLAN_* settings).' });

export const subscriptionResponse = z
  .object({
    plan: z.enum(['free', 'paid']),
    status: z.string().nullable().meta({
      description: "Stripe's subscription status (active, trialing, past_due, canceled…); null: never subscribed",
    }),
    currentPeriodEnd: z.iso.datetime().nullable(),
    cancelAtPeriodEnd: z.boolean(),
    limits: planLimitsResponse.meta({ description: '*extension*: what the plan gives' }),
  })
  .meta({ id: 'Subscription' });
export type SubscriptionResponse = z.infer<typeof subscriptionResponse>;

/** The user's plan and the subscription behind it: the free plan, status null, for a user who never subscribed. */
export async function getSubscription(deps: BillingPorts, userId: string): Promise<SubscriptionResponse> {
  const { billing } = billingOn(deps);
  const current = currentSubscription(await deps.repos.billing.subscriptionsOf(userId));
  const plan = planOfStatus(current?.status);
  return {
    plan,
    status: current?.status ?? null,
    currentPeriodEnd: current?.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: current?.cancelAtPeriodEnd ?? false,
    limits: billing.plans[plan],
  };
}

export const getSubscriptionOperation = defineOperation({
  name: 'get_subscription',
  input: z.object({ userId: userField }),
  output: subscriptionResponse,
  cost: 'cheap',
  user: 'required',
  available,
  run: (deps, input) => getSubscription(deps, requireUser(input.userId)),
});

// ── POST /api/billing/checkout ────────────────────────────────────────────────────────────────────

export const checkoutInput = z.object({
  userId: userField,
  plan: z.enum(['paid']).meta({ description: 'The plan to subscribe to (the free plan needs no checkout).' }),
});
export type CheckoutInput = z.infer<typeof checkoutInput>;

export const checkoutResponse = z.object({
  url: z.url().meta({ description: "Stripe Checkout's page: send the user there" }),
  sessionId: z.string(),
});

/**
 * A Stripe Checkout Session for the paid plan; Stripe sends the user back to
 * `<return URL>/?billing=success&session_id=…` or `/?billing=cancelled`. The plan changes when
 * Stripe's webhook says the subscription is active, not on the way back.
 */
export async function startCheckout(
  deps: BillingPorts,
  input: CheckoutInput,
): Promise<z.infer<typeof checkoutResponse>> {
  const { stripe, billing } = billingOn(deps);
  const userId = requireUser(input.userId);
  const current = currentSubscription(await deps.repos.billing.subscriptionsOf(userId));
  if (planOfStatus(current?.status) === 'paid')
    throw new AppError('already_subscribed', 'You already have the paid plan; manage it in the billing portal.');
  const customerId = await customerFor(deps, stripe, userId);
  const session = await stripe.createCheckoutSession({
    userId,
    customerId,
    successUrl: `${billing.returnUrl}/?billing=success&session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${billing.returnUrl}/?billing=cancelled`,
  });
  return { url: session.url, sessionId: session.id };
}

export const checkoutOperation = defineOperation({
  name: 'start_checkout',
  input: checkoutInput,
  output: checkoutResponse,
  cost: 'cheap',
  user: 'required',
  available,
  run: (deps, input) => startCheckout(deps, input),
});

// ── POST /api/billing/portal ──────────────────────────────────────────────────────────────────────

/**
 * Stripe's customer portal for the user (change the card, see invoices, cancel); back to the app after.
 * For the customer whose subscription decides the plan, else the one Calmly made.
 */
export async function openBillingPortal(deps: BillingPorts, userId: string): Promise<{ url: string }> {
  const { stripe, billing } = billingOn(deps);
  const current = currentSubscription(await deps.repos.billing.subscriptionsOf(userId));
  const customerId = current?.customerId ?? (await customerFor(deps, stripe, userId));
  return stripe.createPortalSession({ customerId, returnUrl: `${billing.returnUrl}/` });
}

export const billingPortalOperation = defineOperation({
  name: 'open_billing_portal',
  input: z.object({ userId: userField }),
  output: z.object({ url: z.url().meta({ description: "Stripe's customer portal: send the user there" }) }),
  cost: 'cheap',
  user: 'required',
  available,
  run: (deps, input) => openBillingPortal(deps, requireUser(input.userId)),
});

// ── POST /api/billing/webhook ─────────────────────────────────────────────────────────────────────

/** The events that change what Calmly holds; any other type is acknowledged and ignored. */
export const HANDLED_EVENTS = new Set([
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'invoice.payment_failed',
]);

export const webhookInput = z.object({
  signature: z.string().max(4096).optional(),
  payload: z.custom<Buffer>((v) => Buffer.isBuffer(v), 'must be the raw request body'),
});

export const webhookResponse = z.object({
  received: z.literal(true),
  /** The event had been applied already (a replay or a duplicate): nothing changed. */
  duplicate: z.boolean(),
  /** false: a type Calmly does not act on (acknowledged so Stripe stops sending it). */
  handled: z.boolean(),
});

/** Links a subscription to the user it belongs to when someone can say who that is. */
async function linkToUser(deps: BillingPorts, trx: Db, sub: StripeSubscription): Promise<void> {
  const customerId = idOf(sub.customer);
  const userId =
    (customerId ? await deps.repos.billing.userOfCustomer(customerId, trx) : null) ?? userIdFrom(sub.metadata?.userId);
  if (userId) await deps.repos.billing.linkSubscription({ subscriptionId: sub.id, userId, customerId }, trx);
}

async function applyEvent(deps: BillingPorts, event: StripeEvent, trx: Db): Promise<void> {
  const log = deps.log.child({ eventId: event.id, type: event.type });
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object as StripeCheckoutSession;
      const userId = userIdFrom(session.client_reference_id, session.metadata?.userId);
      const customerId = idOf(session.customer);
      const subscriptionId = idOf(session.subscription);
      if (session.mode !== 'subscription' || !userId) {
        log.warn({ mode: session.mode }, 'billing: a checkout Calmly did not start; ignored');
        return;
      }
      if (customerId) await deps.repos.billing.linkCustomer(userId, customerId, trx);
      if (subscriptionId) await deps.repos.billing.linkSubscription({ subscriptionId, userId, customerId }, trx);
      log.info({ subscriptionId }, 'billing: checkout completed');
      return;
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
    case 'customer.subscription.paused':
    case 'customer.subscription.resumed': {
      const sub = event.data.object as StripeSubscription;
      await linkToUser(deps, trx, sub);
      const changed = await deps.repos.billing.applySubscription(subscriptionState(sub), event.created, trx);
      log.info({ subscriptionId: sub.id, status: sub.status, changed }, 'billing: subscription event');
      return;
    }
    case 'invoice.payment_failed':
      // Nothing changes yet: Stripe retries the payment and the subscription stays past_due (paid plan)
      // until Stripe itself says it is no longer active (customer.subscription.updated/deleted).
      log.warn('billing: a payment failed; the plan stays until Stripe changes the subscription');
      return;
  }
}

/**
 * Stripe's webhook: the signature is checked against the raw body (400 invalid_signature, nothing
 * stored, otherwise), then the event is applied once per event id, in one transaction with its id.
 */
export async function handleStripeWebhook(
  deps: BillingPorts,
  payload: Buffer,
  signature: string | undefined,
): Promise<z.infer<typeof webhookResponse>> {
  const { stripe } = billingOn(deps);
  const event = stripe.verifyEvent(payload, signature);
  if (!HANDLED_EVENTS.has(event.type)) return { received: true, duplicate: false, handled: false };
  const applied = await deps.repos.billing.applyOnce(
    { id: event.id, type: event.type, created: event.created },
    (trx) => applyEvent(deps, event, trx),
  );
  return { received: true, duplicate: !applied, handled: true };
}

export const stripeWebhookOperation = defineOperation({
  name: 'stripe_webhook',
  input: webhookInput,
  output: webhookResponse,
  // Stripe has no Calmly credentials: the signature is the authentication.
  cost: 'public',
  user: 'none',
  available,
  run: (deps, input) => handleStripeWebhook(deps, input.payload, input.signature),
});
