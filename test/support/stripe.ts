// Billing tests talk to stripe-mock (Stripe's own mock of its API, started by `npm test`:
// scripts/lib/stripe-mock.mjs), never to a fake of ours. Webhook events are built from objects
// stripe-mock returns (so they have Stripe's shape), given the ids and states a test needs, and
// signed with the SDK's own test-header helper.
import Stripe from 'stripe';

export const STRIPE_MOCK_URL = process.env.STRIPE_MOCK_URL;
export const WEBHOOK_SECRET = 'whsec_calmly_test';
export const PRICE_ID = 'price_calmly_paid';

/** The settings that turn billing on against stripe-mock. */
export function billingEnv(extra: Record<string, string> = {}): Record<string, string> {
  if (!STRIPE_MOCK_URL) throw new Error('STRIPE_MOCK_URL is not set (npm test starts stripe-mock)');
  return {
    STRIPE_SECRET_KEY: 'sk_test_calmly',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_PRICE_ID: PRICE_ID,
    STRIPE_API_BASE: STRIPE_MOCK_URL,
    BILLING_RETURN_URL: 'http://localhost:5173',
    PLAN_FREE_MODEL_PER_MINUTE: '5',
    PLAN_PAID_MODEL_PER_MINUTE: '100',
    PLAN_FREE_DAILY_TOKENS: '1000',
    PLAN_PAID_DAILY_TOKENS: '0',
    ...extra,
  };
}

/** The SDK, pointed at stripe-mock, for fixtures. */
export function mockStripe(): Stripe {
  const u = new URL(STRIPE_MOCK_URL!);
  return new Stripe('sk_test_calmly', {
    host: u.hostname,
    port: Number(u.port),
    protocol: 'http',
    maxNetworkRetries: 0,
  });
}

let counter = 0;
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(counter++).toString(36)}`;
export const uniqueId = unique;

/** A subscription as stripe-mock shapes it, with the id, customer, status and period a test gives. */
export async function subscriptionObject(over: {
  id: string;
  customer: string;
  status: Stripe.Subscription.Status;
  currentPeriodEnd?: number;
  cancelAtPeriodEnd?: boolean;
  metadata?: Record<string, string>;
}): Promise<Stripe.Subscription> {
  const fixture = await mockStripe().subscriptions.retrieve(over.id);
  const periodEnd = over.currentPeriodEnd ?? Math.floor(Date.now() / 1000) + 30 * 86_400;
  const item = fixture.items.data[0]!;
  return {
    ...fixture,
    id: over.id,
    customer: over.customer,
    status: over.status,
    cancel_at_period_end: over.cancelAtPeriodEnd ?? false,
    cancel_at: null,
    canceled_at: over.status === 'canceled' ? Math.floor(Date.now() / 1000) : null,
    ended_at: over.status === 'canceled' ? Math.floor(Date.now() / 1000) : null,
    metadata: over.metadata ?? {},
    items: {
      ...fixture.items,
      data: [
        {
          ...item,
          subscription: over.id,
          current_period_end: periodEnd,
          current_period_start: periodEnd - 30 * 86_400,
          price: { ...item.price, id: PRICE_ID },
        },
      ],
    },
  };
}

/** A completed Checkout Session as stripe-mock shapes it, for the user, customer and subscription given. */
export async function checkoutSessionObject(over: {
  userId: string;
  customer: string;
  subscription: string;
}): Promise<Stripe.Checkout.Session> {
  const fixture = await mockStripe().checkout.sessions.retrieve(unique('cs_test'));
  return {
    ...fixture,
    mode: 'subscription',
    status: 'complete',
    payment_status: 'paid',
    client_reference_id: over.userId,
    metadata: { userId: over.userId },
    customer: over.customer,
    subscription: over.subscription,
  };
}

/** An event around an object, in the shape of stripe-mock's event fixture. */
export async function eventOf(
  type: string,
  object: unknown,
  opts: { id?: string; created?: number } = {},
): Promise<Stripe.Event> {
  const fixture = await mockStripe().events.retrieve(opts.id ?? unique('evt'));
  return {
    ...fixture,
    id: opts.id ?? fixture.id,
    type,
    created: opts.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object },
  } as unknown as Stripe.Event;
}

/** The event's JSON and its Stripe-Signature header, made with the SDK's test helper. */
export function sign(event: Stripe.Event | string, secret = WEBHOOK_SECRET): { payload: string; header: string } {
  const payload = typeof event === 'string' ? event : JSON.stringify(event, null, 2);
  return { payload, header: Stripe.webhooks.generateTestHeaderString({ payload, secret }) };
}

/** POSTs a webhook the way Stripe does: raw JSON, its signature in Stripe-Signature. */
export async function postWebhook(
  baseUrl: string,
  payload: string,
  header: string | undefined,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/api/billing/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      ...(header ? { 'stripe-signature': header } : {}),
    },
    body: payload,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // shown as text by the failing assertion
  }
  return { status: res.status, body };
}

/**
 * What Stripe sends once a person has paid through Checkout: checkout.session.completed, then
 * customer.subscription.created (active), both signed and delivered to the app; each must be accepted.
 */
export async function payThroughWebhooks(
  baseUrl: string,
  userId: string,
): Promise<{ customer: string; subscription: string; created: Stripe.Event }> {
  const customer = uniqueId('cus');
  const subscription = uniqueId('sub');
  const completed = await eventOf(
    'checkout.session.completed',
    await checkoutSessionObject({ userId, customer, subscription }),
  );
  const created = await eventOf(
    'customer.subscription.created',
    await subscriptionObject({ id: subscription, customer, status: 'active' }),
  );
  for (const event of [completed, created]) {
    const { payload, header } = sign(event);
    const res = await postWebhook(baseUrl, payload, header);
    if (res.status !== 200) throw new Error(`webhook ${event.type}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { customer, subscription, created };
}
