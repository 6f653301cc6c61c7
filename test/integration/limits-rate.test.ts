// Per-minute rate budgets on Redis (rate-limiter-flexible), shared by REST, Socket.IO and MCP: a
// model budget and a cheap budget per caller, and one budget per address; 429 rate_limited with
// Retry-After and retryAfterMs; an in-memory limiter takes over while Redis is unreachable.
// TRUST_PROXY=true lets each test speak from its own address (X-Forwarded-For).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call, expectError, type JsonResponse } from '../support/http.ts';
import { callTool, connect, mcpClient, mcpPost, refused, type Connected } from '../support/auth.ts';
import { waitFor } from '../support/wait.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/log/logger.ts';
import { connectRedis } from '../../server/redis/client.ts';
import { callerKey, createRateLimits } from '../../server/limits/rate.ts';

const SITUATION = 'My coworker keeps taking credit for my ideas in team meetings.';
const MODEL = 3;
const CHEAP = 6;
const IP = 40;

let app: TestApp;
const sockets: Connected[] = [];
const mcps: Client[] = [];
let ipSeq = 0;
const newIp = () => `10.9.${process.pid % 250}.${++ipSeq}`;
const from = (ip: string) => ({ 'x-forwarded-for': ip });

beforeAll(async () => {
  app = await startTestApp({
    RATE_LIMIT_ENABLED: 'true',
    RATE_LIMIT_MODEL_PER_MINUTE: String(MODEL),
    RATE_LIMIT_CHEAP_PER_MINUTE: String(CHEAP),
    RATE_LIMIT_IP_PER_MINUTE: String(IP),
    TRUST_PROXY: 'true',
    SOCKET_EVENTS_PER_SECOND: '100',
  });
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all(mcps.map((c) => c.close().catch(() => undefined)));
  await app?.close();
});

function expectRateLimited(res: JsonResponse, message: RegExp): void {
  expectError(res, 429, 'rate_limited');
  expect(res.body.error.message).toMatch(message);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.body.error.retryAfterMs).toBeGreaterThan(0);
  expect(res.body.error.retryAfterMs).toBeLessThanOrEqual(60_000);
  expect(Math.ceil(res.body.error.retryAfterMs / 1000)).toBe(retryAfter);
}

describe('REST', () => {
  it('the model budget: the call after RATE_LIMIT_MODEL_PER_MINUTE is 429 with Retry-After; cheap calls go on', async () => {
    const ip = newIp();
    const post = (path: string, body: unknown) => call(app.baseUrl, 'POST', path, body, from(ip));
    for (let i = 0; i < MODEL; i++)
      expect((await post('/api/analyze', { situation: SITUATION, userId: 'user_m1' })).status).toBe(200);
    expectRateLimited(
      await post('/api/generate', { situation: SITUATION, userId: 'user_m1' }),
      /model-backed.*at most 3 a minute/,
    );
    expectRateLimited(await post('/api/voice/synthesize', { text: 'Hello', userId: 'user_m1' }), /model-backed/);
    // Other budgets are untouched: the same user's cheap calls, and another user's model calls.
    expect((await call(app.baseUrl, 'GET', '/api/preferences?userId=user_m1', undefined, from(ip))).status).toBe(200);
    expect((await post('/api/analyze', { situation: SITUATION, userId: 'user_m2' })).status).toBe(200);
    // An invalid request is refused before it draws on the caller's budget.
    expectError(await post('/api/analyze', { situation: '', userId: 'user_m3' }), 400, 'invalid_request');
  });

  it('the cheap budget is separate, and anonymous callers are counted by address', async () => {
    const ip = newIp();
    for (let i = 0; i < CHEAP; i++)
      expect((await call(app.baseUrl, 'GET', '/api/scenarios?context=work', undefined, from(ip))).status).toBe(200);
    expectRateLimited(
      await call(app.baseUrl, 'GET', '/api/scenarios', undefined, from(ip)),
      /Too many requests: at most 6 a minute/,
    );
    // Naming a user is another caller; the model budget of the address is untouched.
    expect((await call(app.baseUrl, 'GET', '/api/history?userId=user_c1', undefined, from(ip))).status).toBe(200);
    expect((await call(app.baseUrl, 'POST', '/api/analyze', { situation: SITUATION }, from(ip))).status).toBe(200);
    // Health and audio are public: no budget.
    for (let i = 0; i < CHEAP + 2; i++)
      expect((await call(app.baseUrl, 'GET', '/health', undefined, from(ip))).status).toBe(200);
  });

  it('the address budget covers every caller from one address', async () => {
    const ip = newIp();
    for (let i = 0; i < IP; i++) {
      expect((await call(app.baseUrl, 'GET', `/api/preferences?userId=user_ip${i}`, undefined, from(ip))).status).toBe(
        200,
      );
    }
    expectRateLimited(
      await call(app.baseUrl, 'GET', '/api/preferences?userId=user_ip_new', undefined, from(ip)),
      /from this address/,
    );
    // Even a malformed request counts against it (it is refused before anything else is done).
    expectRateLimited(await call(app.baseUrl, 'POST', '/api/analyze', {}, from(ip)), /from this address/);
    // The same address over MCP and Socket.IO.
    const mcp = await mcpPost(app.baseUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, from(ip));
    expect(mcp.status).toBe(429);
    expect(Number(mcp.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const socket = await refused(connect(app.baseUrl, { userId: 'user_ip_sock' }, from(ip)));
    expect(socket).toMatchObject({ code: 'rate_limited' });
    expect(socket.retryAfterMs).toBeGreaterThan(0);
    // Another address is not affected.
    expect(
      (await call(app.baseUrl, 'GET', '/api/preferences?userId=user_ip_new', undefined, from(newIp()))).status,
    ).toBe(200);
  });
});

describe('MCP batches', () => {
  it('every message of a JSON-RPC batch draws on the address budget', async () => {
    const ip = newIp();
    const batch = (n: number, from0: number) =>
      Array.from({ length: n }, (_, i) => ({ jsonrpc: '2.0', id: from0 + i, method: 'tools/list' }));
    const first = await mcpPost(app.baseUrl, batch(IP / 2 + 5, 1), from(ip));
    expect(first.status).toBe(200);
    // The first batch spent more than half the budget: a second one of the same size does not fit.
    const second = await mcpPost(app.baseUrl, batch(IP / 2 + 5, 100), from(ip));
    expect(second.status).toBe(429);
    expect(((await second.json()) as { error: { code: string; message: string } }).error.message).toMatch(
      /from this address/,
    );
    // One request is one message: another address is not affected.
    expect((await mcpPost(app.baseUrl, batch(1, 1), from(newIp()))).status).toBe(200);
  });
});

describe('one budget for REST, Socket.IO and MCP', () => {
  it('model calls over the three edges draw on the same budget', async () => {
    const ip = newIp();
    const user = 'user_shared';
    // 1: REST
    expect(
      (await call(app.baseUrl, 'POST', '/api/generate', { situation: SITUATION, userId: user }, from(ip))).status,
    ).toBe(200);
    // 2: a live session's situation:submit
    const session = await connect(app.baseUrl, { userId: user }, from(ip));
    sockets.push(session);
    expect(await session.send('situation:submit', { situation: SITUATION })).toMatchObject({ ok: true });
    await waitFor(
      () => session.received.some((r) => r.event === 'session:state' && r.payload.changes.state === 'ready'),
      {
        what: 'ready',
      },
    );
    // 3: MCP
    const mcp = await mcpClient(app.baseUrl, from(ip));
    mcps.push(mcp);
    expect((await callTool(mcp, 'analyze_situation', { situation: SITUATION, userId: user })).isError).toBe(false);
    // 4th, on each edge: refused.
    const tool = await callTool(mcp, 'generate_responses', { situation: SITUATION, userId: user });
    expect(tool).toMatchObject({ isError: true, structured: { error: { code: 'rate_limited' } } });
    expect(tool.structured.error.retryAfterMs).toBeGreaterThan(0);
    const ack = await session.send('suggestion:refine', { index: 0, adjustment: 'more assertive' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'rate_limited', event: 'suggestion:refine' } });
    expect(ack.error.retryAfterMs).toBeGreaterThan(0);
    expect(session.received.some((r) => r.event === 'session:error' && r.payload.code === 'rate_limited')).toBe(true);
    expectRateLimited(
      await call(app.baseUrl, 'POST', '/api/analyze', { situation: SITUATION, userId: user }, from(ip)),
      /model-backed/,
    );
    // The connection stays up, and cheap events still work.
    expect(session.socket.connected).toBe(true);
    // (A stop after the generation ended is acknowledged and changes nothing.)
    expect(await session.send('generation:cancel')).toEqual({ ok: true, state: 'ready' });
    // Cheap tools still work too.
    expect((await callTool(mcp, 'search_scenarios', { query: 'credit' })).isError).toBe(false);
  });
});

describe('the limiter itself', () => {
  const config = () =>
    loadConfig({
      ...process.env,
      REDIS_PREFIX: app.config.redis.prefix,
      RATE_LIMIT_MODEL_PER_MINUTE: '2',
      RATE_LIMIT_CHEAP_PER_MINUTE: '3',
      RATE_LIMIT_IP_PER_MINUTE: '4',
    });
  const log = createLogger({ level: 'silent' });

  it('keeps its counters in Redis under the prefix, with a hash of the user id (never the id)', async () => {
    const limits = createRateLimits({ config: config(), redis: app.calmly.deps.redis, log });
    await limits.caller('model', callerKey('user_keycheck', '10.1.1.1'));
    const keys = await app.calmly.deps.redis.keys(`${app.config.redis.prefix}:ratelimit:model:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain('user_keycheck');
    expect(await app.calmly.deps.redis.pTTL(keys[0]!)).toBeGreaterThan(0);
  });

  it('while Redis is unreachable, an in-memory limiter of the same size takes over', async () => {
    const redis = await connectRedis(process.env.REDIS_URL!);
    redis.destroy(); // gone: every command fails at once
    const limits = createRateLimits({ config: config(), redis, log });
    const key = callerKey('user_offline', '10.1.1.2');
    await limits.caller('model', key);
    await limits.caller('model', key);
    await expect(limits.caller('model', key)).rejects.toMatchObject({
      code: 'rate_limited',
      extra: { retryAfterMs: expect.any(Number) },
    });
    for (let i = 0; i < 4; i++) await limits.ip('10.1.1.3');
    await expect(limits.ip('10.1.1.3')).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('RATE_LIMIT_ENABLED=false: nothing is limited', async () => {
    const limits = createRateLimits({
      config: loadConfig({ ...process.env, RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_MODEL_PER_MINUTE: '1' }),
      redis: app.calmly.deps.redis,
      log,
    });
    for (let i = 0; i < 5; i++) await limits.caller('model', 'u:x');
    expect(limits.enabled).toBe(false);
  });
});
