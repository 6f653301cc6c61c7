// Billing judged from outside, end to end: stripe-mock behind the SDK, signed webhooks into the real
// app, and the limits a person meets. A free user runs into the free plan's model budget (and is
// told what the paid plan adds); checkout.session.completed followed by customer.subscription.created
// raises the same user's limit on the very next call, on REST and over Socket.IO; a replay changes
// nothing; customer.subscription.deleted brings the free limit back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/http.ts';
import { sessionClients } from '../support/socket.ts';
import {
  billingEnv,
  eventOf,
  payThroughWebhooks,
  postWebhook,
  sign,
  STRIPE_MOCK_URL,
  subscriptionObject,
  uniqueId,
} from '../support/stripe.ts';

const SITUATION = 'My coworker keeps taking credit for my ideas in team meetings.';
const FREE_PER_MINUTE = 3;

if (!STRIPE_MOCK_URL) {
  describe.skip('billing limits (skipped: STRIPE_MOCK_URL not set)', () => {
    it('needs stripe-mock', () => {});
  });
} else {
  let app: TestApp;
  const clients = sessionClients(() => app.baseUrl);
  const analyze = (userId: string) => call(app.baseUrl, 'POST', '/api/analyze', { situation: SITUATION, userId });
  const deliver = async (event: Awaited<ReturnType<typeof eventOf>>) => {
    const { payload, header } = sign(event);
    const res = await postWebhook(app.baseUrl, payload, header);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { duplicate: boolean };
  };

  beforeAll(async () => {
    app = await startTestApp({
      ...billingEnv({ PLAN_FREE_MODEL_PER_MINUTE: String(FREE_PER_MINUTE), PLAN_PAID_MODEL_PER_MINUTE: '50' }),
      RATE_LIMIT_ENABLED: 'true',
    });
  });
  afterAll(async () => {
    clients.closeAll();
    await app?.close();
  });

  describe('billing, as a person meets it', () => {
    it('checkout, then the signed events: the paid plan and its limit at once; a replay changes nothing; deleted is free again', async () => {
      const userId = uniqueId('user_bl');

      // Checkout returns a Stripe URL.
      const checkout = await call(app.baseUrl, 'POST', '/api/billing/checkout', { userId, plan: 'paid' });
      expect(checkout.status, JSON.stringify(checkout.body)).toBe(200);
      expect(checkout.body.url).toMatch(/^https:\/\//);

      // The free plan's budget, then a refusal that says what the paid plan adds.
      for (let i = 0; i < FREE_PER_MINUTE; i++) expect((await analyze(userId)).status).toBe(200);
      const refused = await analyze(userId);
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('rate_limited');
      expect(refused.body.error.message).toMatch(/free plan.*paid plan allows 50/i);

      // What Stripe sends after a paid checkout.
      const { customer, subscription, created } = await payThroughWebhooks(app.baseUrl, userId);
      expect((await call(app.baseUrl, 'GET', `/api/billing/subscription?userId=${userId}`)).body).toMatchObject({
        plan: 'paid',
        status: 'active',
      });
      // The limit is raised on the very next call: REST, and a live session.
      expect((await analyze(userId)).status).toBe(200);
      const session = await clients.connect({ userId });
      expect(await session.send('situation:submit', { situation: SITUATION })).toMatchObject({ ok: true });
      await session.until('ready');

      // A replay is acknowledged as a duplicate and changes nothing.
      expect(await deliver(created)).toMatchObject({ duplicate: true });

      // Deleted: free again, and the free budget (already spent this minute) applies at once.
      await deliver(
        await eventOf(
          'customer.subscription.deleted',
          await subscriptionObject({ id: subscription, customer, status: 'canceled' }),
        ),
      );
      expect((await call(app.baseUrl, 'GET', `/api/billing/subscription?userId=${userId}`)).body).toMatchObject({
        plan: 'free',
      });
      expect((await analyze(userId)).status).toBe(429);
    });

    it('a bad signature is 400 and changes nothing', async () => {
      const userId = uniqueId('user_bl');
      const event = await eventOf(
        'customer.subscription.created',
        await subscriptionObject({
          id: uniqueId('sub'),
          customer: uniqueId('cus'),
          status: 'active',
          metadata: { userId },
        }),
      );
      const { payload, header } = sign(event, 'whsec_not_ours');
      const res = await postWebhook(app.baseUrl, payload, header);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_signature');
      expect((await call(app.baseUrl, 'GET', `/api/billing/subscription?userId=${userId}`)).body).toMatchObject({
        plan: 'free',
      });
    });
  });
}
