// Checkout, the customer portal and the subscription route on the real app, every Stripe call
// going to stripe-mock through the official SDK; then the same routes with Stripe unreachable, with
// API keys (another user's billing is 403), and in the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bearer } from '../support/auth.ts';
import { call, expectError } from '../support/http.ts';
import { countRows } from '../support/postgres.ts';
import { billingEnv, STRIPE_MOCK_URL } from '../support/stripe.ts';
import { routes } from '../../server/http/routes/index.ts';
import { createApiKey } from '../../server/auth/apikeys.ts';

const schemaOf = (method: string, path: string) =>
  routes.find((r) => r.method === method && r.path === path)!.success.schema;

if (!STRIPE_MOCK_URL) {
  console.warn('billing checkout tests skipped: STRIPE_MOCK_URL not set (npm test starts stripe-mock)');
  describe.skip('billing checkout (skipped: STRIPE_MOCK_URL not set)', () => {
    it('needs stripe-mock', () => {});
  });
} else {
  let app: TestApp;
  const db = () => app.calmly.deps.db;
  const post = (path: string, body: unknown, headers?: Record<string, string>) =>
    call(app.baseUrl, 'POST', path, body, headers);

  beforeAll(async () => {
    app = await startTestApp(billingEnv());
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('billing: checkout, portal, subscription', () => {
    it('checkout answers a Stripe Checkout URL and creates the customer once', async () => {
      const userId = 'user_co_1';
      const first = await post('/api/billing/checkout', { userId, plan: 'paid' });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(schemaOf('post', '/api/billing/checkout').safeParse(first.body).success).toBe(true);
      expect(new URL(first.body.url).hostname).toBe('checkout.stripe.com');
      expect(first.body.sessionId).toMatch(/^cs_/);
      const customer = await db()('billing_customers').where({ user_id: userId }).first();
      expect(customer.stripe_customer_id).toMatch(/^cus_/);
      expect(await db()('users').where({ id: userId }).first()).toBeTruthy();

      const second = await post('/api/billing/checkout', { userId, plan: 'paid' });
      expect(second.status).toBe(200);
      expect(second.body.sessionId).not.toBe(first.body.sessionId);
      expect(await countRows(db()('billing_customers').where({ user_id: userId }))).toBe(1);
      expect((await db()('billing_customers').where({ user_id: userId }).first()).stripe_customer_id).toBe(
        customer.stripe_customer_id,
      );
    });

    it('two first checkouts at once leave the user one customer', async () => {
      const userId = 'user_co_race';
      const replies = await Promise.all([1, 2, 3].map(() => post('/api/billing/checkout', { userId, plan: 'paid' })));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(await countRows(db()('billing_customers').where({ user_id: userId }))).toBe(1);
    });

    it('the portal answers a URL for the same customer', async () => {
      const userId = 'user_co_1';
      const before = await db()('billing_customers').where({ user_id: userId }).first();
      const res = await post('/api/billing/portal', { userId });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(() => new URL(res.body.url)).not.toThrow();
      expect(await db()('billing_customers').where({ user_id: userId }).first()).toEqual(before);
    });

    it('a user who never subscribed is on the free plan', async () => {
      const res = await call(app.baseUrl, 'GET', '/api/billing/subscription?userId=user_co_never');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        plan: 'free',
        status: null,
        currentPeriodEnd: null,
        cancelAtPeriodEnd: false,
        limits: { modelPerMinute: 5, dailyTokens: 1000, hostedModel: false, hostedVoice: false },
      });
      expect(await app.calmly.deps.entitlements.of('user_co_never')).toMatchObject({ plan: 'free' });
    });

    it('validates like every route', async () => {
      expectError(
        await post('/api/billing/checkout', { userId: 'user_co_1', plan: 'free' }),
        400,
        'invalid_request',
        'plan',
      );
      expectError(await post('/api/billing/checkout', { plan: 'paid' }), 400, 'invalid_request', 'userId');
      expectError(
        await post('/api/billing/checkout', { userId: 'no spaces', plan: 'paid' }),
        400,
        'invalid_request',
        'userId',
      );
      expectError(await post('/api/billing/portal', {}), 400, 'invalid_request', 'userId');
      expectError(await call(app.baseUrl, 'GET', '/api/billing/subscription'), 400, 'invalid_request', 'userId');
      const wrongMethod = await call(app.baseUrl, 'GET', '/api/billing/checkout');
      expectError(wrongMethod, 405, 'method_not_allowed');
    });

    it('is in the OpenAPI document', async () => {
      const doc = (await call(app.baseUrl, 'GET', '/api/openapi.json')).body;
      for (const path of ['/api/billing/checkout', '/api/billing/portal', '/api/billing/webhook'])
        expect(doc.paths[path]?.post, path).toBeTruthy();
      expect(doc.paths['/api/billing/subscription']?.get).toBeTruthy();
      expect(doc.paths['/api/billing/webhook'].post.security).toEqual([]);
      expect(Object.keys(doc.paths['/api/billing/checkout'].post.responses)).toEqual(
        expect.arrayContaining(['200', '400', '404', '409', '503']),
      );
    });
  });

  describe('billing with Stripe unreachable', () => {
    let down: TestApp;
    beforeAll(async () => {
      // A port nobody listens on: the SDK's connection fails.
      down = await startTestApp(billingEnv({ STRIPE_API_BASE: 'http://127.0.0.1:9' }));
    });
    afterAll(async () => {
      await down?.close();
    });

    it('checkout and portal are 503 billing_unavailable with Retry-After, never a 500', async () => {
      const checkout = await call(down.baseUrl, 'POST', '/api/billing/checkout', { userId: 'user_down', plan: 'paid' });
      expectError(checkout, 503, 'billing_unavailable');
      expect(checkout.headers.get('retry-after')).toBe('5');
      expectError(
        await call(down.baseUrl, 'POST', '/api/billing/portal', { userId: 'user_down' }),
        503,
        'billing_unavailable',
      );
      // Nothing half-made: no customer remembered.
      expect(await countRows(down.calmly.deps.db('billing_customers'))).toBe(0);
      // What needs no Stripe call still answers.
      expect((await call(down.baseUrl, 'GET', '/api/billing/subscription?userId=user_down')).status).toBe(200);
    });
  });

  describe('billing with API keys', () => {
    let secured: TestApp;
    let aliceKey: string;
    beforeAll(async () => {
      secured = await startTestApp(billingEnv({ AUTH_MODE: 'apikey' }));
      aliceKey = (await createApiKey(secured.calmly.deps.repos.apiKeys, { userId: 'user_alice' })).key;
    });
    afterAll(async () => {
      await secured?.close();
    });

    it("acts for the caller, refuses another user's billing, and needs credentials", async () => {
      const auth = bearer(aliceKey);
      const mine = await call(secured.baseUrl, 'POST', '/api/billing/checkout', { plan: 'paid' }, auth);
      expect(mine.status, JSON.stringify(mine.body)).toBe(200);
      expect(await countRows(secured.calmly.deps.db('billing_customers').where({ user_id: 'user_alice' }))).toBe(1);
      expectError(
        await call(secured.baseUrl, 'POST', '/api/billing/checkout', { userId: 'user_bob', plan: 'paid' }, auth),
        403,
        'forbidden',
      );
      expectError(
        await call(secured.baseUrl, 'POST', '/api/billing/portal', { userId: 'user_bob' }, auth),
        403,
        'forbidden',
      );
      expectError(
        await call(secured.baseUrl, 'GET', '/api/billing/subscription?userId=user_bob', undefined, auth),
        403,
        'forbidden',
      );
      expect((await call(secured.baseUrl, 'GET', '/api/billing/subscription', undefined, auth)).body).toMatchObject({
        plan: 'free',
      });
      expectError(await call(secured.baseUrl, 'POST', '/api/billing/checkout', { plan: 'paid' }), 401, 'unauthorized');
      // Stripe has no API key: the webhook is public and its signature is what is checked.
      const hook = await call(secured.baseUrl, 'POST', '/api/billing/webhook', { id: 'evt_1' });
      expectError(hook, 400, 'invalid_signature');
    });
  });
}
