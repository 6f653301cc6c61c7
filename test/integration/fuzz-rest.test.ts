// Property-based fuzzing of every REST route (the list in server/http/routes/index.ts): junk bodies,
// queries and path parameters — wrong types, huge strings, unicode and lone surrogates, nested junk,
// missing and extra fields, numbers out of range, raw text that is not JSON, prototype-pollution
// attempts. Never a 500, never a crash (the app keeps answering /health), and every error has our
// shape with a stable code. The same for junk credentials with AUTH_MODE=apikey.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bodyArbitrary, encode, FUZZ, junkString, queryArbitrary } from '../support/fuzz.ts';
import { routes } from '../../server/http/routes/index.ts';
import type { RouteDef } from '../../server/http/route.ts';
import { errorResponse } from '../../server/usecases/schemas.ts';
import { billingEnv, STRIPE_MOCK_URL } from '../support/stripe.ts';
import { ERROR_STATUS } from '../../server/errors.ts';

/** A valid request per route, which the fuzzer then breaks (routes without an entry start from {}). */
const SAMPLES: Record<
  string,
  { body?: Record<string, unknown>; query?: Record<string, string>; params?: Record<string, string> }
> = {
  'post /api/analyze': { body: { situation: 'My friend is always late.', userId: 'user_fz' } },
  'post /api/generate': { body: { situation: 'My friend is always late.', context: 'friendship', userId: 'user_fz' } },
  'post /api/refine': {
    body: { responseId: 'r1', originalText: 'Can we talk about timing?', adjustment: 'shorter', userId: 'user_fz' },
  },
  'post /api/interactions': {
    body: { userId: 'user_fz', situationDescription: 'Friend is late', selectedResponse: 'Can we talk?' },
  },
  'get /api/preferences': { query: { userId: 'user_fz' } },
  'put /api/preferences': { body: { userId: 'user_fz', preferredTone: 'direct', defaultAssertiveness: 5 } },
  'get /api/history': { query: { userId: 'user_fz', page: '1', pageSize: '10' } },
  'post /api/sessions/:sessionId/end': { body: { userId: 'user_fz' }, params: { sessionId: 'sess_abcdefghijkl' } },
  'get /api/users/:userId/export': { params: { userId: 'user_fz' } },
  'delete /api/users/:userId/data': { params: { userId: 'user_fz_erase' } },
  'get /api/scenarios': { query: { query: 'credit', context: 'work', page: '1', pageSize: '5' } },
  'post /api/voice/synthesize': { body: { text: 'Hello.', tone: 'calm' } },
  'get /api/audio/:audioId': { params: { audioId: `${'a'.repeat(32)}.wav` } },
  'post /api/billing/checkout': { body: { userId: 'user_fz', plan: 'paid' } },
  'post /api/billing/portal': { body: { userId: 'user_fz' } },
  'get /api/billing/subscription': { query: { userId: 'user_fz' } },
  'post /api/billing/webhook': {
    body: { id: 'evt_fz', object: 'event', type: 'customer.subscription.updated', created: 1, data: { object: {} } },
  },
  'get /health': {},
};
const keyOf = (r: RouteDef) => `${r.method} ${r.path}`;
const queryKeys = (r: RouteDef) => Object.keys(SAMPLES[keyOf(r)]?.query ?? { userId: '' });

const KNOWN_CODES = new Set(Object.keys(ERROR_STATUS));

interface Sent {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

async function send(baseUrl: string, req: Sent): Promise<{ status: number; body: any; text: string }> {
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
  const res = await fetch(baseUrl + req.path, { method: req.method.toUpperCase(), headers, body: req.body });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // checked below
  }
  return { status: res.status, body, text };
}

/** What every answer must satisfy. `voiceOff`: 503 voice_unavailable is the documented answer without a voice. */
function check(route: RouteDef, req: Sent, res: { status: number; body: any; text: string }, voiceOff: boolean): void {
  const what = `${req.method} ${req.path.slice(0, 200)} ${String(req.body).slice(0, 200)} → ${res.status} ${res.text.slice(0, 300)}`;
  const declared503 =
    res.status === 503 &&
    voiceOff &&
    route.path === '/api/voice/synthesize' &&
    res.body?.error?.code === 'voice_unavailable';
  expect(res.status < 500 || declared503, what).toBe(true);
  if (res.status >= 400) {
    expect(errorResponse.safeParse(res.body).success, what).toBe(true);
    expect(KNOWN_CODES.has(res.body.error.code), what).toBe(true);
    expect(ERROR_STATUS[res.body.error.code as keyof typeof ERROR_STATUS], what).toBe(res.status);
    expect(res.text, what).not.toMatch(/\bat [\w.<>]+ \(|node:internal|\.ts:\d+|\/work\/|node_modules/);
  }
}

function pathWith(route: RouteDef, params: Record<string, string>): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => encode(params[name] ?? 'x'));
}

let app: TestApp;
beforeAll(async () => {
  // Billing on when stripe-mock is there (npm test starts it), so junk reaches the billing operations
  // and Stripe's SDK too; without it the billing routes answer 404 billing_disabled.
  app = await startTestApp({ SOCKET_EVENTS_PER_SECOND: '1000', ...(STRIPE_MOCK_URL ? billingEnv() : {}) });
});
afterAll(() => app?.close());

describe('every REST route with junk input (AUTH_MODE=none)', () => {
  it('covers every route in server/http/routes/index.ts', () => {
    expect(routes.length).toBeGreaterThanOrEqual(14);
    for (const r of routes) expect(SAMPLES, keyOf(r)).toHaveProperty([keyOf(r)]);
  });

  for (const route of routes) {
    it(`${route.method.toUpperCase()} ${route.path}`, async () => {
      const sample = SAMPLES[keyOf(route)] ?? {};
      const voiceOff = app.calmly.deps.voice === null;
      const paramNames = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      const paramsArb = paramNames.length
        ? fc.oneof(
            fc.constant(sample.params ?? {}),
            fc.record(
              Object.fromEntries(paramNames.map((n) => [n, junkString.filter((s) => s.length > 0)])),
            ) as fc.Arbitrary<Record<string, string>>,
          )
        : fc.constant({} as Record<string, string>);
      const queryArb = route.query
        ? fc.oneof(queryArbitrary(queryKeys(route)), fc.constant(new URLSearchParams(sample.query ?? {}).toString()))
        : fc.oneof(fc.constant(''), queryArbitrary(['userId']));
      const bodyArb = route.body || route.method !== 'get' ? bodyArbitrary(sample.body ?? {}) : fc.constant(undefined);

      await fc.assert(
        fc.asyncProperty(paramsArb, queryArb, bodyArb, async (params, query, body) => {
          const req: Sent = {
            method: route.method,
            path: `${pathWith(route, params)}${query ? `?${query}` : ''}`,
            ...(body ? { body: body.raw ?? JSON.stringify(body.json), contentType: body.contentType } : {}),
          };
          check(route, req, await send(app.baseUrl, req), voiceOff);
        }),
        { ...FUZZ },
      );
      expect((await fetch(`${app.baseUrl}/health`)).status).toBe(200);
    }, 60_000);
  }

  it('nothing was polluted and the app still answers', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect((await fetch(`${app.baseUrl}/health`)).status).toBe(200);
    const ok = await send(app.baseUrl, {
      method: 'post',
      path: '/api/analyze',
      body: JSON.stringify({ situation: 'My friend is always late.' }),
    });
    expect(ok.status).toBe(200);
  });
});

describe('junk credentials (AUTH_MODE=apikey)', () => {
  let secured: TestApp;
  beforeAll(async () => {
    secured = await startTestApp({ AUTH_MODE: 'apikey' });
  });
  afterAll(() => secured?.close());

  it('any Authorization header that is not a valid key is 401 unauthorized, never a 5xx', async () => {
    const printable = fc.string({ unit: 'grapheme-ascii', maxLength: 120 });
    const header = fc.oneof(
      printable,
      printable.map((s) => `Bearer ${s}`),
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        'bearer clm_',
        `Bearer clm_${'0'.repeat(12)}_${'A'.repeat(43)}`,
        `Bearer ${'x'.repeat(4097)}`,
        'Basic dXNlcjpwYXNz',
      ),
    );
    const route = routes.find((r) => r.path === '/api/history')!;
    await fc.assert(
      fc.asyncProperty(header, async (authorization) => {
        const req: Sent = { method: 'get', path: '/api/history', headers: { authorization } };
        let res;
        try {
          res = await send(secured.baseUrl, req);
        } catch {
          return; // a header value fetch itself refuses to send
        }
        check(route, req, res, false);
        expect(res.status, authorization).toBe(401);
        expect(res.body.error.code).toBe('unauthorized');
      }),
      { ...FUZZ },
    );
    expect((await fetch(`${secured.baseUrl}/health`)).status).toBe(200);
  });
});
