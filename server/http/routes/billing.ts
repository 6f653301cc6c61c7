import { z } from 'zod';
import {
  billingPortalOperation,
  checkoutOperation,
  getSubscriptionOperation,
  stripeWebhookOperation,
} from '../../usecases/billing.ts';
import { defineRoute } from '../route.ts';

export const WEBHOOK_PATH = '/api/billing/webhook';

const OFF = 'Answers 404 `billing_disabled` while billing is off (no STRIPE_SECRET_KEY).';

export const checkoutRoute = defineRoute(checkoutOperation, {
  method: 'post',
  path: '/api/billing/checkout',
  summary: 'Start a Stripe Checkout for the paid plan',
  description: `A Checkout Session in subscription mode for the user (their Stripe customer is created once and reused). Stripe sends them back to \`/?billing=success&session_id=…\` or \`/?billing=cancelled\`; the plan changes when Stripe's webhook says the subscription is active. 409 \`already_subscribed\` when the user has the paid plan. ${OFF}`,
  tags: ['billing'],
  success: { description: "The Checkout page's URL and the session id" },
  errors: ['invalid_request', 'already_subscribed', 'billing_disabled', 'billing_unavailable'],
});

export const portalRoute = defineRoute(billingPortalOperation, {
  method: 'post',
  path: '/api/billing/portal',
  summary: "Open Stripe's customer portal (card, invoices, cancel)",
  description: `A portal session for the user's Stripe customer; back to the app afterwards. ${OFF}`,
  tags: ['billing'],
  success: { description: "The portal page's URL" },
  errors: ['invalid_request', 'billing_disabled', 'billing_unavailable'],
});

export const subscriptionRoute = defineRoute(getSubscriptionOperation, {
  method: 'get',
  path: '/api/billing/subscription',
  summary: "The user's plan and subscription",
  description: `The plan (\`paid\` while the subscription is active, trialing or past_due; otherwise \`free\`) and the subscription behind it: status null for a user who never subscribed. ${OFF}`,
  tags: ['billing'],
  success: { description: 'The plan and subscription' },
  errors: ['invalid_request', 'billing_disabled'],
});

export const webhookRoute = defineRoute(stripeWebhookOperation, {
  method: 'post',
  path: WEBHOOK_PATH,
  summary: "Stripe's webhook endpoint",
  description: `For Stripe only: a signed event (the \`Stripe-Signature\` header over the raw body, checked with STRIPE_WEBHOOK_SECRET; missing or wrong: 400 \`invalid_signature\` and nothing changes). Each event id is applied once; an older subscription event than the one already applied changes nothing. Acts on checkout.session.completed, customer.subscription.created/updated/deleted/paused/resumed and invoice.payment_failed; any other type is acknowledged and ignored. No credentials: the signature authenticates. ${OFF}`,
  tags: ['billing'],
  read: (req) => ({
    signature: req.get('stripe-signature'),
    payload: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
  }),
  documentedBody: z
    .object({
      id: z.string().meta({ example: 'evt_1' }),
      object: z.literal('event'),
      type: z.string().meta({ example: 'customer.subscription.updated' }),
      created: z.number().int(),
      data: z.object({ object: z.record(z.string(), z.unknown()) }),
    })
    .loose()
    .meta({ description: 'A Stripe event, exactly as Stripe sends it (signed).' }),
  success: { description: 'Received (applied now, or earlier for a duplicate)' },
  errors: ['invalid_request', 'invalid_signature', 'billing_disabled', 'service_unavailable'],
});
