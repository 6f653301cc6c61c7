// Resource limits with a hosted model (the stand-in speaking the OpenAI wire protocol): generations in
// flight per user across REST, Socket.IO and MCP; the daily token budget counted from the usage the
// provider reports; the deadline of model-backed calls; Node's request timeouts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call, expectError } from '../support/http.ts';
import { callTool, connect, mcpClient, type Connected } from '../support/auth.ts';
import { startStandin, type Standin } from '../support/openai-standin.ts';
import { waitFor } from '../support/wait.ts';
import { foldView } from '../support/socket.ts';
import { limitsFor } from '../../server/limits/index.ts';

const SITUATION = 'My coworker keeps taking credit for my ideas in team meetings.';
let standin: Standin;
const sockets: Connected[] = [];
const mcps: Client[] = [];

beforeAll(async () => {
  standin = await startStandin();
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all(mcps.map((c) => c.close().catch(() => undefined)));
  await standin.close();
});

const hosted = { AI_BASE_URL: '', AI_API_KEY: 'test-key', AI_MODEL: 'stand-in' };
const lastView = (c: Connected) => foldView(c.received);

describe('generations in flight per user (MAX_CONCURRENT_GENERATIONS_PER_USER=3)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ ...hosted, AI_BASE_URL: standin.baseURL, MAX_CONCURRENT_GENERATIONS_PER_USER: '3' });
  });
  afterAll(() => app?.close());

  it('the 4th is 429 rate_limited on every edge while three run; other users are not affected; slots come back', async () => {
    const user = 'user_busy';
    // Suggestions take a while to start, so three generations stay in flight.
    standin.script((req) => (req.kind === 'variant' ? { headersDelayMs: 2_500 } : undefined));
    const before = standin.byKind('variant').length;
    const running = Array.from({ length: 3 }, () =>
      call(app.baseUrl, 'POST', '/api/generate', { situation: SITUATION, userId: user, context: 'work' }),
    );
    await waitFor(() => standin.byKind('variant').length - before >= 9, { what: 'three generations in flight' });

    const rest = await call(app.baseUrl, 'POST', '/api/generate', { situation: SITUATION, userId: user });
    expectError(rest, 429, 'rate_limited');
    expect(rest.body.error.message).toMatch(/already have 3 generations running/);
    expect(rest.headers.get('retry-after')).toBe('1');
    expectError(
      await call(app.baseUrl, 'POST', '/api/refine', {
        responseId: 'r1',
        originalText: 'Hi there.',
        adjustment: 'shorter',
        userId: user,
      }),
      429,
      'rate_limited',
    );

    const mcp = await mcpClient(app.baseUrl);
    mcps.push(mcp);
    expect(await callTool(mcp, 'generate_responses', { situation: SITUATION, userId: user })).toMatchObject({
      isError: true,
      structured: { error: { code: 'rate_limited' } },
    });

    const live = await connect(app.baseUrl, { userId: user });
    sockets.push(live);
    expect(await live.send('situation:submit', { situation: SITUATION })).toMatchObject({ ok: true });
    await waitFor(() => lastView(live)?.state === 'failed', { what: 'the session to fail' });
    expect(lastView(live)?.error).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/generations running/),
    });

    // Another user is not affected (and waits for the slow stand-in like everyone).
    const other = call(app.baseUrl, 'POST', '/api/generate', {
      situation: SITUATION,
      userId: 'user_other',
      context: 'work',
    });
    for (const r of await Promise.all(running)) expect(r.status).toBe(200);
    expect((await other).status).toBe(200);
    // The slots came back: the user can generate again (the live session retries).
    standin.script(undefined);
    expect((await call(app.baseUrl, 'POST', '/api/analyze', { situation: SITUATION, userId: user })).status).toBe(200);
    expect(await live.send('session:retry')).toMatchObject({ ok: true });
    await waitFor(() => lastView(live)?.state === 'ready', { what: 'the retried generation' });
    const leases = await app.calmly.deps.redis.keys(`${app.config.redis.prefix}:limits:inflight:*`);
    for (const k of leases) expect(await app.calmly.deps.redis.zCard(k)).toBe(0);
  }, 30_000);

  it("Node's server timeouts are set (slow clients cannot hold connections)", () => {
    expect(app.calmly.server.requestTimeout).toBe(30_000);
    expect(app.calmly.server.headersTimeout).toBe(20_000);
  });
});

describe('daily token budget (AI_DAILY_TOKENS_PER_USER) and the deadline (REQUEST_TIMEOUT_MS)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      ...hosted,
      AI_BASE_URL: standin.baseURL,
      AI_DAILY_TOKENS_PER_USER: '1',
      REQUEST_TIMEOUT_MS: '1500',
    });
  });
  afterAll(() => app?.close());

  it("counts the tokens the provider reports; once the day's budget is used up, model calls are 429 until midnight UTC", async () => {
    const user = 'user_spender';
    const budget = limitsFor(app.calmly.deps).budget;
    expect(budget.enabled).toBe(true);
    const first = await call(app.baseUrl, 'POST', '/api/generate', {
      situation: SITUATION,
      userId: user,
      context: 'work',
    });
    expect(first.status).toBe(200);
    const reported = first.body.metadata.usage.promptTokens + first.body.metadata.usage.completionTokens;
    expect(reported).toBeGreaterThan(0);
    await waitFor(async () => (await budget.usedToday(user)) === reported, { what: 'the usage to be counted' });

    const over = await call(app.baseUrl, 'POST', '/api/generate', { situation: SITUATION, userId: user });
    expectError(over, 429, 'rate_limited');
    expect(over.body.error.message).toMatch(/daily token budget/);
    const msToMidnight =
      Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1) - Date.now();
    expect(Math.abs(over.body.error.retryAfterMs - msToMidnight)).toBeLessThan(10_000);
    expect(Number(over.headers.get('retry-after'))).toBe(Math.ceil(over.body.error.retryAfterMs / 1000));
    expectError(
      await call(app.baseUrl, 'POST', '/api/analyze', { situation: SITUATION, userId: user }),
      429,
      'rate_limited',
    );

    const mcp = await mcpClient(app.baseUrl);
    mcps.push(mcp);
    expect(
      await callTool(mcp, 'refine_response', {
        responseId: 'r1',
        originalText: 'Hi there.',
        adjustment: 'shorter',
        userId: user,
      }),
    ).toMatchObject({
      isError: true,
      structured: { error: { code: 'rate_limited' } },
    });
    const live = await connect(app.baseUrl, { userId: user });
    sockets.push(live);
    await live.send('situation:submit', { situation: SITUATION });
    await waitFor(() => lastView(live)?.state === 'failed', { what: 'the session to fail' });
    expect(lastView(live)?.error?.code).toBe('rate_limited');

    // Others have their own budget; cheap calls are not counted.
    expect(
      (await call(app.baseUrl, 'POST', '/api/analyze', { situation: SITUATION, userId: 'user_frugal' })).status,
    ).toBe(200);
    expect((await call(app.baseUrl, 'GET', `/api/history?userId=${user}`)).status).toBe(200);
    // The counter holds a hash of the id, not the id, and expires.
    const keys = await app.calmly.deps.redis.keys(`${app.config.redis.prefix}:limits:tokens:*`);
    expect(keys.join(' ')).not.toContain(user);
    expect(await app.calmly.deps.redis.ttl(keys[0]!)).toBeGreaterThan(86_400);
  });

  it('a model call past REQUEST_TIMEOUT_MS ends with 503 ai_unavailable, and the upstream request is closed', async () => {
    standin.script((req) => (req.kind === 'variant' ? { hang: true } : undefined));
    try {
      const started = Date.now();
      const res = await call(app.baseUrl, 'POST', '/api/generate', {
        situation: SITUATION,
        context: 'work',
        userId: 'user_patient',
      });
      expectError(res, 503, 'ai_unavailable');
      expect(res.body.error.message).toMatch(/REQUEST_TIMEOUT_MS/);
      expect(Date.now() - started).toBeLessThan(5_000);
      await waitFor(() => standin.openRequests() === 0, { what: 'the stand-in requests to be closed' });

      const live = await connect(app.baseUrl, { userId: 'user_patient' });
      sockets.push(live);
      await live.send('situation:submit', { situation: SITUATION, context: 'work' });
      await waitFor(() => lastView(live)?.state === 'failed', { what: 'the session to fail', timeoutMs: 5_000 });
      expect(lastView(live)?.error?.code).toBe('ai_unavailable');
    } finally {
      standin.script(undefined);
    }
  });
});
