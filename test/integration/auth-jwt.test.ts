// AUTH_MODE=jwt: tokens of an OpenID Connect provider (WorkOS or any other), checked against a JWKS
// served here on a loopback port from a key pair made in the test; issuer, audience and expiry are
// checked; the user is `sub`. Two users, and neither reaches the other's data over REST, the
// socket or MCP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call, expectError } from '../support/http.ts';
import {
  bearer,
  callTool,
  connect,
  mcpClient,
  mcpPost,
  refused,
  signingKey,
  startJwks,
  type Connected,
  type Jwks,
} from '../support/auth.ts';
import { loadConfig } from '../../server/config.ts';
import { waitFor } from '../support/wait.ts';
import { authenticate } from '../../server/auth/authenticate.ts';

let jwks: Jwks;
let app: TestApp;
const A = 'user_01HALICE';
const B = 'user_01HBOB';
let tokenA: string;
let tokenB: string;
const sockets: Connected[] = [];
const mcps: Client[] = [];

const get = (path: string, token?: string) => call(app.baseUrl, 'GET', path, undefined, token ? bearer(token) : {});

beforeAll(async () => {
  jwks = await startJwks();
  app = await startTestApp({
    AUTH_MODE: 'jwt',
    JWKS_URL: jwks.url,
    JWT_ISSUER: jwks.issuer,
    JWT_AUDIENCE: `other-api,${jwks.audience}`,
    AUTH_RECHECK_SECONDS: '1',
  });
  tokenA = await jwks.sign({ sub: A });
  tokenB = await jwks.sign({ sub: B });
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all(mcps.map((c) => c.close().catch(() => undefined)));
  await app?.close();
  await jwks?.close();
});

describe('configuration', () => {
  it('AUTH_MODE=jwt needs JWKS_URL, JWT_ISSUER and JWT_AUDIENCE', () => {
    const base = { DATABASE_URL: 'postgres://x@localhost/x', REDIS_URL: 'redis://localhost:6379', AUTH_MODE: 'jwt' };
    expect(() => loadConfig(base)).toThrow(/JWKS_URL: required with AUTH_MODE=jwt[\s\S]*JWT_ISSUER[\s\S]*JWT_AUDIENCE/);
    expect(loadConfig({ ...base, JWKS_URL: jwks.url, JWT_ISSUER: 'i', JWT_AUDIENCE: 'a, b' }).auth.jwt).toEqual({
      jwksUrl: jwks.url,
      issuer: 'i',
      audience: ['a', 'b'],
    });
  });
});

describe('tokens', () => {
  it('a valid token acts for its sub', async () => {
    const res = await get('/api/preferences', tokenA);
    expect(res.status).toBe(200);
    expect(res.body.userId).toBe(A);
  });

  it('expired, wrong issuer, wrong audience, wrong key, bad sub, HS256 or none: 401 unauthorized', async () => {
    const stranger = await signingKey('test-key-1'); // same kid, another key: the signature fails
    const unknownKid = await signingKey('someone-else');
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, string, RegExp]> = [
      ['expired', await jwks.sign({ sub: A, exp: now - 60 }), /expired/],
      ['wrong issuer', await jwks.sign({ sub: A, iss: 'https://evil.example/' }), /issuer or audience/],
      ['wrong audience', await jwks.sign({ sub: A, aud: 'another-service' }), /issuer or audience/],
      ['wrong key', await jwks.sign({ sub: A }, { key: stranger }), /not signed by a key/],
      ['unknown key id', await jwks.sign({ sub: A }, { key: unknownKid }), /not signed by a key/],
      ['sub that is not a user id', await jwks.sign({ sub: 'auth0|123 456' }), /sub/],
      ['no sub', await jwks.sign({}), /not valid/],
      [
        'HS256 with the public key as secret',
        await new SignJWT({ sub: A, iss: jwks.issuer, aud: jwks.audience })
          .setProtectedHeader({ alg: 'HS256', kid: 'test-key-1' })
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('secret-secret-secret-secret-12345')),
        /not/,
      ],
      [
        'alg none',
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: A, iss: jwks.issuer, aud: jwks.audience, exp: now + 300 })).toString('base64url')}.`,
        /not/,
      ],
      ['garbage', 'not.a.jwt', /not/],
    ];
    for (const [what, token, message] of cases) {
      const res = await get('/api/preferences', token);
      expectError(res, 401, 'unauthorized');
      expect(res.body.error.message, what).toMatch(message);
      expect(res.headers.get('www-authenticate'), what).toMatch(/^Bearer/);
    }
    expectError(await get('/api/preferences'), 401, 'unauthorized');
  });
});

describe("user A can't reach user B's data", () => {
  it('REST', async () => {
    expect(
      (await call(app.baseUrl, 'PUT', '/api/preferences', { preferredTone: 'gentle' }, bearer(tokenB))).status,
    ).toBe(200);
    expectError(await get(`/api/preferences?userId=${B}`, tokenA), 403, 'forbidden');
    expectError(await get(`/api/history?userId=${B}`, tokenA), 403, 'forbidden');
    expectError(await get(`/api/users/${B}/export`, tokenA), 403, 'forbidden');
    expectError(await call(app.baseUrl, 'DELETE', `/api/users/${B}/data`, undefined, bearer(tokenA)), 403, 'forbidden');
    expectError(
      await call(app.baseUrl, 'PUT', '/api/preferences', { userId: B, preferredTone: 'direct' }, bearer(tokenA)),
      403,
      'forbidden',
    );
    expect((await get('/api/preferences', tokenB)).body.preferredTone).toBe('gentle');
    expect((await get('/api/preferences', tokenA)).body).toMatchObject({ userId: A, preferredTone: 'balanced' });
  });

  it('Socket.IO', async () => {
    expect(await refused(connect(app.baseUrl, {}))).toMatchObject({ code: 'unauthorized' });
    expect(
      await refused(
        connect(app.baseUrl, { token: await jwks.sign({ sub: A, exp: Math.floor(Date.now() / 1000) - 60 }) }),
      ),
    ).toMatchObject({ code: 'unauthorized' });
    expect(await refused(connect(app.baseUrl, { token: tokenA, userId: B }))).toMatchObject({ code: 'forbidden' });
    const b = await connect(app.baseUrl, { token: tokenB });
    sockets.push(b);
    expect(b.ready.userId).toBe(B);
    // Only a session holding a situation is stored, and so can be claimed by its owner.
    expect(
      await b.send('situation:submit', { situation: 'My coworker keeps taking credit for my ideas.' }),
    ).toMatchObject({ ok: true });
    b.close();
    await waitFor(async () => (await app.calmly.deps.sessions.owner(b.ready.sessionId)) === B, {
      what: "B's session to be stored",
    });
    expect(await refused(connect(app.baseUrl, { token: tokenA, sessionId: b.ready.sessionId }))).toMatchObject({
      code: 'forbidden',
    });
    const a = await connect(app.baseUrl, {}, bearer(tokenA));
    sockets.push(a);
    expect(a.ready.userId).toBe(A);
  });

  it('a token that expires while its socket is open ends the connection within seconds', async () => {
    // exp a few seconds ahead (the verifier allows 5 s of clock skew on top).
    const short = await jwks.sign({ sub: A, exp: Math.floor(Date.now() / 1000) + 1 });
    const c = await connect(app.baseUrl, { token: short });
    sockets.push(c);
    expect(c.ready.userId).toBe(A);
    await waitFor(() => !c.socket.connected, { what: "the expired token's socket to be closed", timeoutMs: 15_000 });
    expect(c.received.find((r) => r.event === 'session:error')?.payload).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/expired/),
    });
  }, 30_000);

  it('MCP', async () => {
    expect(
      (await mcpPost(app.baseUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, bearer('not.a.jwt'))).status,
    ).toBe(401);
    const a = await mcpClient(app.baseUrl, bearer(tokenA));
    mcps.push(a);
    const denied = await callTool(a, 'get_user_history', { userId: B });
    expect(denied).toMatchObject({ isError: true, structured: { error: { code: 'forbidden' } } });
    const own = await callTool(a, 'get_user_history', {});
    expect(own).toMatchObject({ isError: false, structured: { userId: A } });
  });
});

describe('the key set', () => {
  it('is fetched once and cached, not per request', async () => {
    const before = jwks.fetches();
    for (let i = 0; i < 5; i++) expect((await get('/api/preferences', tokenA)).status).toBe(200);
    expect(jwks.fetches()).toBe(before);
  });

  it("an unreachable provider is 503 service_unavailable, not the caller's fault", async () => {
    const config = loadConfig({
      ...process.env,
      AUTH_MODE: 'jwt',
      JWKS_URL: 'http://127.0.0.1:9/jwks.json',
      JWT_ISSUER: jwks.issuer,
      JWT_AUDIENCE: jwks.audience,
    });
    const deps = { ...app.calmly.deps, config };
    await expect(authenticate(deps, tokenA)).rejects.toMatchObject({ code: 'service_unavailable', status: 503 });
    await expect(authenticate(deps, 'not.a.jwt')).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
