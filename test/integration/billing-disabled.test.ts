// Without a Stripe key there is no billing: every billing route answers 404 billing_disabled (before
// credentials or input are looked at), no Stripe client exists, everyone has today's limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call, expectError } from '../support/http.ts';
import { countRows } from '../support/postgres.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ AUTH_MODE: 'apikey' });
});
afterAll(async () => {
  await app?.close();
});

describe('billing off (no STRIPE_SECRET_KEY)', () => {
  it('every billing route is 404 billing_disabled, whatever the credentials or input', async () => {
    const requests: Array<[string, string, unknown?, Record<string, string>?]> = [
      ['POST', '/api/billing/checkout', { userId: 'user_off', plan: 'paid' }],
      ['POST', '/api/billing/checkout', {}],
      ['POST', '/api/billing/portal', { userId: 'user_off' }],
      ['GET', '/api/billing/subscription?userId=user_off'],
      ['GET', '/api/billing/subscription'],
      ['POST', '/api/billing/webhook', '{"id":"evt_1","object":"event"}', { 'stripe-signature': 't=1,v1=abc' }],
      ['POST', '/api/billing/webhook', 'not json'],
    ];
    for (const [method, path, body, headers] of requests) {
      const res = await call(app.baseUrl, method, path, body, headers);
      expectError(res, 404, 'billing_disabled');
      expect(res.body.error.message).toMatch(/STRIPE_SECRET_KEY/);
    }
    expect(await countRows(app.calmly.deps.db('billing_events'))).toBe(0);
  });

  it('no Stripe client, and everyone has the limits the settings give today', async () => {
    expect(app.calmly.deps.stripe).toBeUndefined();
    expect(app.config.billing).toBeUndefined();
    expect(app.calmly.deps.entitlements.enabled).toBe(false);
    expect(await app.calmly.deps.entitlements.of('user_off')).toEqual({
      plan: null,
      limits: {
        modelPerMinute: app.config.limits.modelPerMinute,
        dailyTokens: app.config.limits.dailyTokensPerUser,
        hostedModel: true,
        hostedVoice: true,
      },
    });
  });

  it('the rest of the API is unchanged (health, a JSON route)', async () => {
    expect((await call(app.baseUrl, 'GET', '/health')).status).toBe(200);
    expectError(await call(app.baseUrl, 'GET', '/api/preferences?userId=user_off'), 401, 'unauthorized');
  });
});
