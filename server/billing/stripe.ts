// The one place Calmly talks to Stripe: the official SDK, built once by the composition root from
// config (STRIPE_API_BASE points it at stripe-mock in tests). Use-cases see this small port only.
import Stripe from 'stripe';
import type { BillingConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';

export type StripeEvent = Stripe.Event;
export type StripeSubscription = Stripe.Subscription;
export type StripeCheckoutSession = Stripe.Checkout.Session;

export interface StripeGateway {
  /** A new Stripe customer for the user (metadata.userId); the caller remembers it. */
  createCustomer(userId: string): Promise<string>;
  /** A Checkout Session in subscription mode for the paid plan's price. */
  createCheckoutSession(p: {
    userId: string;
    customerId: string;
    successUrl: string;
    cancelUrl: string;
  }): Promise<{ id: string; url: string }>;
  /** A customer portal session (manage or cancel the subscription, update the card, invoices). */
  createPortalSession(p: { customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /** The event a webhook carries, once its Stripe-Signature header matches the raw body; 400 invalid_signature otherwise. */
  verifyEvent(payload: Buffer, signature: string | undefined): StripeEvent;
}

const RETRY_AFTER_MS = 5_000;

/**
 * Stripe's failures as our vocabulary: 503 billing_unavailable, never a 500. Network trouble, rate
 * limits and Stripe's own errors will pass; a rejected key or a price Stripe does not know is a
 * misconfiguration the operator must see (logged as an error), but for the caller it is the same:
 * payments cannot be taken right now.
 */
function unavailable(err: unknown, log: Logger, what: string): never {
  if (!(err instanceof Stripe.errors.StripeError)) throw err;
  const misconfigured =
    err instanceof Stripe.errors.StripeAuthenticationError ||
    err instanceof Stripe.errors.StripePermissionError ||
    err instanceof Stripe.errors.StripeInvalidRequestError;
  log[misconfigured ? 'error' : 'warn'](
    { err: err.message, type: err.type, statusCode: err.statusCode, requestId: err.requestId },
    `stripe: ${what} failed`,
  );
  throw new AppError(
    'billing_unavailable',
    'Payments are unavailable right now; please try again in a few seconds.',
    undefined,
    { retryAfterMs: RETRY_AFTER_MS },
  );
}

export function createStripeGateway(config: BillingConfig, opts: { log: Logger; version: string }): StripeGateway {
  const { log } = opts;
  const stripe = new Stripe(config.secretKey, {
    ...(config.api ?? {}),
    // One retry (with an idempotency key, added by the SDK) covers a blip; longer outages are a 503.
    maxNetworkRetries: 1,
    timeout: 10_000,
    telemetry: false,
    appInfo: { name: 'Calmly', version: opts.version },
  });
  return {
    async createCustomer(userId) {
      try {
        // The same key for the same user: two racing first checkouts get one customer from Stripe.
        const customer = await stripe.customers.create(
          { metadata: { userId } },
          { idempotencyKey: `calmly-customer-${userId}` },
        );
        return customer.id;
      } catch (err) {
        unavailable(err, log, 'creating a customer');
      }
    },
    async createCheckoutSession({ userId, customerId, successUrl, cancelUrl }) {
      let session: Stripe.Checkout.Session;
      try {
        session = await stripe.checkout.sessions.create({
          mode: 'subscription',
          customer: customerId,
          client_reference_id: userId,
          metadata: { userId },
          // On the subscription too: its events then name the user even before checkout completes.
          subscription_data: { metadata: { userId } },
          line_items: [{ price: config.priceId, quantity: 1 }],
          success_url: successUrl,
          cancel_url: cancelUrl,
        });
      } catch (err) {
        unavailable(err, log, 'creating a checkout session');
      }
      if (!session.url) {
        log.error({ sessionId: session.id }, 'stripe: checkout session without a url');
        throw new AppError('billing_unavailable', 'Payments are unavailable right now; please try again later.');
      }
      return { id: session.id, url: session.url };
    },
    async createPortalSession({ customerId, returnUrl }) {
      try {
        const session = await stripe.billingPortal.sessions.create({ customer: customerId, return_url: returnUrl });
        return { url: session.url };
      } catch (err) {
        unavailable(err, log, 'creating a portal session');
      }
    },
    verifyEvent(payload, signature) {
      if (!signature)
        throw new AppError('invalid_signature', 'The Stripe-Signature header is missing.', [
          { field: 'Stripe-Signature', problem: 'is required' },
        ]);
      try {
        return stripe.webhooks.constructEvent(payload, signature, config.webhookSecret);
      } catch (err) {
        if (err instanceof Stripe.errors.StripeSignatureVerificationError || err instanceof SyntaxError)
          throw new AppError('invalid_signature', 'The Stripe-Signature header does not match the body.', [
            { field: 'Stripe-Signature', problem: 'does not match the body (or is too old)' },
          ]);
        throw err;
      }
    },
  };
}
