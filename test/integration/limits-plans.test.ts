// Plans applied where the limits are, on REST, Socket.IO and MCP alike: the model budget a minute,
// the daily token budget, which coach writes and which voice speaks follow the user's plan, read on
// every call (a switch counts on the very next one). The plans port is the in-memory stand-in
// (test/support/entitlements.ts); the app, Redis, Postgres, the hosted model (OpenAI stand-in) and
// ElevenLabs (its stand-in) are real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { BUILTIN_MODEL } from '../../server/ai/provider.ts';
import { limitsFor } from '../../server/limits/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call, expectError, type JsonResponse } from '../support/http.ts';
import { callTool, mcpClient } from '../support/auth.ts';
import { connectSession, type SessionClient } from '../support/socket.ts';
import { startStandin, type Standin } from '../support/openai-standin.ts';
import { startElevenLabsStandin, type ElevenLabsStandin } from '../support/elevenlabs-standin.ts';
import { testEntitlements, TEST_PLANS, type TestEntitlements } from '../support/entitlements.ts';
import { waitFor } from '../support/wait.ts';

const SITUATION = 'My coworker keeps taking credit for my ideas in team meetings.';
const HOSTED = 'stand-in';
const FREE_MESSAGE = /The free plan allows 2 model-backed requests .* a minute; the paid plan allows 6 a minute/;

let standin: Standin;
let eleven: ElevenLabsStandin;
let plans: TestEntitlements;
let app: TestApp;
const sockets: SessionClient[] = [];
const mcps: Client[] = [];
let seq = 0;
const newUser = (what: string) => `user_plan_${what}_${process.pid}_${++seq}`;

const requestsOf = (kind: string) => standin.requests.filter((r) => r.kind === kind).length;
const post = (path: string, body: unknown) => call(app.baseUrl, 'POST', path, body);

function expectPlanLimited(res: JsonResponse, message: RegExp): void {
  expectError(res, 429, 'rate_limited');
  expect(res.body.error.message).toMatch(message);
  expect(Number(res.headers.get('retry-after'))).toBe(Math.ceil(res.body.error.retryAfterMs / 1000));
}

beforeAll(async () => {
  standin = await startStandin();
  eleven = await startElevenLabsStandin({ apiKey: 'el_plans' });
  plans = testEntitlements();
  app = await startTestApp(
    {
      AI_BASE_URL: standin.baseURL,
      AI_API_KEY: 'test-key',
      AI_MODEL: HOSTED,
      ELEVENLABS_API_KEY: 'el_plans',
      ELEVENLABS_BASE_URL: eleven.baseUrl,
      VOICE_PROVIDER: 'auto',
      RATE_LIMIT_ENABLED: 'true',
      // Today's setting, which plans replace: nobody here is allowed 50 a minute.
      RATE_LIMIT_MODEL_PER_MINUTE: '50',
      RATE_LIMIT_CHEAP_PER_MINUTE: '1000',
      RATE_LIMIT_IP_PER_MINUTE: '10000',
      SOCKET_EVENTS_PER_SECOND: '50',
    },
    { entitlements: plans },
  );
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all(mcps.map((c) => c.close().catch(() => undefined)));
  await app?.close();
  await standin?.close();
  await eleven?.close();
});

/** Changes the plans for one test (the port answers from them on every call), then puts them back. */
async function withPlans(change: (p: TestEntitlements['plans']) => void, run: () => Promise<void>): Promise<void> {
  change(plans.plans);
  try {
    await run();
  } finally {
    plans.plans.free = { ...TEST_PLANS.free };
    plans.plans.paid = { ...TEST_PLANS.paid };
  }
}

describe('REST', () => {
  it('a free user gets the free budget a minute, written by the built-in coach; paid raises the limit and brings the hosted model on the very next call; a downgrade applies to what was counted', async () => {
    const user = newUser('rest');
    const analyses = requestsOf('analysis');
    for (let i = 0; i < 2; i++) {
      const res = await post('/api/analyze', { situation: SITUATION, userId: user });
      expect(res.status).toBe(200);
      expect(res.body.metadata).toEqual({ model: BUILTIN_MODEL, source: 'builtin' });
    }
    expect(requestsOf('analysis')).toBe(analyses);
    expectPlanLimited(await post('/api/generate', { situation: SITUATION, userId: user }), FREE_MESSAGE);

    plans.set(user, 'paid');
    const paid = await post('/api/analyze', { situation: SITUATION, userId: user });
    expect(paid.status).toBe(200);
    expect(paid.body.metadata).toEqual({ model: HOSTED, source: 'ai' });
    const generated = await post('/api/generate', { situation: SITUATION, userId: user, context: 'work' });
    expect(generated.status).toBe(200);
    expect(generated.body.metadata.model).toBe(HOSTED);
    const refines = requestsOf('refine');
    const refined = await post('/api/refine', {
      responseId: 'r1',
      originalText: 'I would like us to talk about who presents which ideas.',
      adjustment: 'make it warmer',
      userId: user,
    });
    expect(refined.status).toBe(200);
    expect(requestsOf('refine')).toBeGreaterThan(refines);
    // Six counted this minute (the refused one too): the paid plan's budget is spent, and says so
    // without offering an upgrade.
    const over = await post('/api/analyze', { situation: SITUATION, userId: user });
    expectPlanLimited(over, /at most 6 a minute on the paid plan/);
    expect(over.body.error.message).not.toMatch(/paid plan allows/);

    plans.set(user, 'free');
    expectPlanLimited(await post('/api/analyze', { situation: SITUATION, userId: user }), FREE_MESSAGE);
  });

  it('the voice follows the plan: the local voice on free even with ElevenLabs configured, ElevenLabs on paid', async () => {
    const user = newUser('voice');
    eleven.reset();
    const free = await post('/api/voice/synthesize', { text: 'Could we talk about the meeting?', userId: user });
    expect(free.status).toBe(200);
    expect(free.body.format).toBe('wav');
    expect(eleven.requests).toHaveLength(0);

    plans.set(user, 'paid');
    const paid = await post('/api/voice/synthesize', { text: 'Could we talk about the meeting?', userId: user });
    expect(paid.status).toBe(200);
    expect(paid.body.format).toBe('mp3');
    expect(eleven.requests).toHaveLength(1);
  });

  it('a caller without a user gets the free plan; when the plan cannot be read, the free plan applies', async () => {
    const anonymous = await post('/api/analyze', { situation: SITUATION });
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.metadata.model).toBe(BUILTIN_MODEL);

    const user = newUser('outage');
    plans.set(user, 'paid');
    plans.failing(true);
    try {
      const res = await post('/api/analyze', { situation: SITUATION, userId: user });
      expect(res.status).toBe(200);
      expect(res.body.metadata.model).toBe(BUILTIN_MODEL);
    } finally {
      plans.failing(false);
    }
    expect((await post('/api/analyze', { situation: SITUATION, userId: user })).body.metadata.model).toBe(HOSTED);
  });
});

describe('daily token budget', () => {
  it("follows the plan: a free plan's budget names what paid adds, paid's own is today's message, 0 is unlimited, and the built-in coach is never held back", async () => {
    await withPlans(
      (p) => {
        p.free = { modelPerMinute: 30, dailyTokens: 1, hostedModel: true, hostedVoice: false };
        p.paid = { modelPerMinute: 30, dailyTokens: 1, hostedModel: true, hostedVoice: true };
      },
      async () => {
        const budget = limitsFor(app.calmly.deps).budget;
        const spend = async (user: string) => {
          const res = await post('/api/analyze', { situation: SITUATION, userId: user });
          expect(res.status).toBe(200);
          expect(res.body.metadata.model).toBe(HOSTED);
          await waitFor(async () => (await budget.usedToday(user)) > 0, { what: 'the usage to be counted' });
        };

        const free = newUser('tokens_free');
        await spend(free);
        // Paid allows no more tokens than free here: nothing to offer.
        expectPlanLimited(
          await post('/api/generate', { situation: SITUATION, userId: free }),
          /daily token budget .*\(the free plan allows 1 tokens a day\)/,
        );
        plans.plans.paid.dailyTokens = 0;
        const freeOver = await post('/api/analyze', { situation: SITUATION, userId: free });
        expectPlanLimited(freeOver, /daily token budget .*free plan allows 1 tokens a day; the paid plan has no limit/);
        // The built-in coach spends no tokens: a free plan without the hosted model goes on.
        plans.plans.free.hostedModel = false;
        const builtin = await post('/api/analyze', { situation: SITUATION, userId: free });
        expect(builtin.status).toBe(200);
        expect(builtin.body.metadata.model).toBe(BUILTIN_MODEL);
        // Paid and unlimited: the hosted model again, on the next call.
        plans.set(free, 'paid');
        expect((await post('/api/analyze', { situation: SITUATION, userId: free })).body.metadata.model).toBe(HOSTED);

        plans.plans.paid.dailyTokens = 1;
        const paid = newUser('tokens_paid');
        plans.set(paid, 'paid');
        await spend(paid);
        const paidOver = await post('/api/analyze', { situation: SITUATION, userId: paid });
        expectPlanLimited(paidOver, /daily token budget for the hosted model is used up \(1 tokens a day\)/);
        expect(paidOver.body.error.message).not.toMatch(/plan/);
      },
    );
  });
});

describe('Socket.IO', () => {
  it('a live session follows the plan: the built-in coach and the local voice on free, refinements refused past the free budget; paid on the next event brings the hosted model and ElevenLabs', async () => {
    const user = newUser('socket');
    const c = await connectSession(app.baseUrl, { userId: user });
    sockets.push(c);
    eleven.reset();
    const variants = requestsOf('variant');
    expect(await c.send('situation:submit', { situation: SITUATION, context: 'work' })).toMatchObject({ ok: true });
    expect((await c.until('ready')).model).toBe(BUILTIN_MODEL);
    expect(requestsOf('variant')).toBe(variants);

    expect(await c.send('voice:play', { index: 0 })).toMatchObject({ ok: true });
    expect(await c.next('audio:start')).toMatchObject({ voice: 'espeak-ng', format: 'wav' });
    expect(eleven.requests).toHaveLength(0);

    const refused = await c.send('suggestion:refine', { index: 0, adjustment: 'make it shorter' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', event: 'suggestion:refine' } });
    expect((refused as { error: { message: string } }).error.message).toMatch(FREE_MESSAGE);
    expect(c.socket.connected).toBe(true);

    plans.set(user, 'paid');
    const refines = requestsOf('refine');
    expect(await c.send('suggestion:refine', { index: 0, adjustment: 'make it warmer' })).toMatchObject({ ok: true });
    await waitFor(() => c.view().state === 'ready' && requestsOf('refine') > refines, {
      what: 'the refinement by the hosted model',
    });
    const from = c.received.length;
    expect(await c.send('voice:play', { index: 1 })).toMatchObject({ ok: true });
    expect(await c.next('audio:start', () => true, { from })).toMatchObject({ voice: 'elevenlabs', format: 'mp3' });
  });
});

describe('MCP', () => {
  it('the tools follow the plan: free is the built-in coach and the free budget with its message; paid on the next call', async () => {
    const user = newUser('mcp');
    const mcp = await mcpClient(app.baseUrl);
    mcps.push(mcp);
    for (let i = 0; i < 2; i++) {
      const r = await callTool(mcp, 'analyze_situation', { situation: SITUATION, userId: user });
      expect(r.isError).toBe(false);
      expect(r.structured.metadata.model).toBe(BUILTIN_MODEL);
    }
    const over = await callTool(mcp, 'generate_responses', { situation: SITUATION, userId: user });
    expect(over).toMatchObject({ isError: true, structured: { error: { code: 'rate_limited' } } });
    expect(over.structured.error.message).toMatch(FREE_MESSAGE);

    plans.set(user, 'paid');
    const paid = await callTool(mcp, 'generate_responses', { situation: SITUATION, userId: user, context: 'work' });
    expect(paid.isError).toBe(false);
    expect(paid.structured.metadata.model).toBe(HOSTED);
  });
});
