// AUTH_MODE=apikey: Bearer API keys on REST, the Socket.IO handshake and /mcp; two users with a key
// each, and neither can read or change the other's data through any of the three edges.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call, expectError } from '../support/http.ts';
import { waitFor } from '../support/wait.ts';
import { bearer, callTool, connect, mcpClient, mcpPost, refused, type Connected } from '../support/auth.ts';
import { routes } from '../../server/http/routes/index.ts';
import { apiKeyPrefix, createApiKey, hashApiKey } from '../../server/auth/apikeys.ts';

const run = promisify(execFile);
const SITUATION = 'My coworker keeps taking credit for my ideas in team meetings.';

let app: TestApp;
let keyA: string;
let keyB: string;
const A = 'user_alice';
const B = 'user_bob';
const sockets: Connected[] = [];
const mcps: Client[] = [];

const as = (key: string | undefined) => (method: string, path: string, body?: unknown) =>
  call(app.baseUrl, method, path, body, key ? bearer(key) : {});
const asA = () => as(keyA);
const asB = () => as(keyB);

beforeAll(async () => {
  app = await startTestApp({ AUTH_MODE: 'apikey', AUTH_RECHECK_SECONDS: '1' });
  keyA = (await createApiKey(app.calmly.deps.repos.apiKeys, { userId: A, name: 'laptop' })).key;
  keyB = (await createApiKey(app.calmly.deps.repos.apiKeys, { userId: B })).key;
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await Promise.all(mcps.map((c) => c.close().catch(() => undefined)));
  await app?.close();
});

/** A path for a route, with its parameters filled in. */
const pathOf = (path: string) =>
  path.replace(':userId', A).replace(':sessionId', 'sess_abcdefghijkl').replace(':audioId', '0'.repeat(32));

describe('REST without valid credentials', () => {
  it('every route but the public ones answers 401 unauthorized with WWW-Authenticate: Bearer', async () => {
    // A route switched off by configuration (billing without a Stripe key) does not exist here:
    // 404 billing_disabled to everyone, before any credential is looked at.
    const off = (r: (typeof routes)[number]) => {
      try {
        r.operation.available?.(app.calmly.deps);
        return false;
      } catch {
        return true;
      }
    };
    const guarded = routes.filter((r) => !r.public && !off(r));
    expect(guarded.length).toBeGreaterThan(10);
    for (const r of routes.filter(off)) {
      const res = await call(app.baseUrl, r.method.toUpperCase(), pathOf(r.path), r.body ? {} : undefined);
      expectError(res, 404, 'billing_disabled');
    }
    for (const r of guarded) {
      const res = await call(app.baseUrl, r.method.toUpperCase(), pathOf(r.path), r.body ? {} : undefined);
      expectError(res, 401, 'unauthorized');
      expect(res.headers.get('www-authenticate'), `${r.method} ${r.path}`).toMatch(/^Bearer realm="calmly"/);
    }
  });

  it('a malformed, unknown, mistyped or non-Bearer credential is 401', async () => {
    const wrongSecret = `${apiKeyPrefix(keyA)}_${'x'.repeat(43)}`;
    for (const headers of [
      bearer('nope'),
      bearer(`clm_000000000000_${'a'.repeat(43)}`),
      bearer(wrongSecret),
      { authorization: `Basic ${Buffer.from(`${A}:${keyA}`).toString('base64')}` },
      { authorization: keyA },
      bearer('x'.repeat(5000)),
    ]) {
      const res = await call(app.baseUrl, 'GET', '/api/preferences', undefined, headers);
      expectError(res, 401, 'unauthorized');
      expect(JSON.stringify(res.body)).not.toContain(keyA.slice(20));
    }
  });

  it('health, the OpenAPI document, the docs page and audio stay public', async () => {
    expect((await call(app.baseUrl, 'GET', '/health')).status).toBe(200);
    const doc = await call(app.baseUrl, 'GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.body.paths['/api/generate'].post.responses['401']).toBeTruthy();
    // With a key the caller is the user: userId may be left out everywhere.
    expect(
      doc.body.paths['/api/interactions'].post.requestBody.content['application/json'].schema.required,
    ).not.toContain('userId');
    expect(
      doc.body.paths['/api/history'].get.parameters.find((p: { name: string }) => p.name === 'userId').required,
    ).toBeFalsy();
    expect((await fetch(`${app.baseUrl}/api/docs`)).status).toBe(200);
    // An unknown clip is a 404, not a 401: clip ids are unguessable content hashes.
    expectError(await call(app.baseUrl, 'GET', `/api/audio/${'a'.repeat(32)}.wav`), 404, 'not_found');
  });
});

describe('REST with a key', () => {
  it("acts for the key's user when userId is left out", async () => {
    const put = await asA()('PUT', '/api/preferences', { preferredTone: 'direct', defaultAssertiveness: 8 });
    expect(put.status).toBe(200);
    expect(put.body.preferences).toMatchObject({ userId: A, preferredTone: 'direct' });
    expect((await asA()('GET', '/api/preferences')).body).toMatchObject({
      userId: A,
      preferredTone: 'direct',
      defaultAssertiveness: 8,
    });
    const saved = await asA()('POST', '/api/interactions', {
      situationDescription: SITUATION,
      selectedResponse: 'Can we agree who presents what?',
      detectedContext: 'work',
    });
    expect(saved.status).toBe(200);
    const row = await waitFor(
      () => app.calmly.deps.db('interactions').where({ id: saved.body.interactionId }).first(),
      { what: 'the row' },
    );
    expect(row.user_id).toBe(A);
    const history = await asA()('GET', '/api/history');
    expect(history.body.userId).toBe(A);
    expect(history.body.interactions.map((i: { id: string }) => i.id)).toContain(saved.body.interactionId);
    // Naming yourself is fine too (requests that were valid stay valid).
    expect((await asA()('GET', `/api/preferences?userId=${A}`)).status).toBe(200);
    expect((await asA()('POST', '/api/generate', { situation: SITUATION, userId: A })).status).toBe(200);
  });

  it("user B can't read or change A's data: every way of naming A is 403 forbidden", async () => {
    const b = asB();
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/api/preferences?userId=${A}`],
      ['PUT', '/api/preferences', { userId: A, preferredTone: 'empathetic' }],
      ['GET', `/api/history?userId=${A}`],
      ['POST', '/api/interactions', { userId: A, situationDescription: SITUATION, selectedResponse: 'x' }],
      ['POST', '/api/sessions/sess_abcdefghijkl/end', { userId: A }],
      ['GET', `/api/users/${A}/export`],
      ['DELETE', `/api/users/${A}/data`],
      ['POST', '/api/analyze', { situation: SITUATION, userId: A }],
      ['POST', '/api/generate', { situation: SITUATION, userId: A }],
      [
        'POST',
        '/api/refine',
        { responseId: 'r1', originalText: 'Hello there.', adjustment: 'more assertive', userId: A },
      ],
      ['POST', '/api/voice/synthesize', { text: 'Hello', userId: A }],
    ];
    for (const [method, path, body] of attempts) expectError(await b(method, path, body), 403, 'forbidden');
    // A's data is untouched, and B sees only B's.
    expect((await asA()('GET', '/api/preferences')).body.preferredTone).toBe('direct');
    expect((await asA()('GET', `/api/users/${A}/export`)).body.interactions.length).toBeGreaterThan(0);
    const bHistory = await b('GET', '/api/history');
    expect(bHistory.body).toMatchObject({ userId: B, pagination: { total: 0 } });
    expect((await b('GET', '/api/preferences')).body).toMatchObject({ userId: B, preferredTone: 'balanced' });
    // The export lists key metadata, never hashes.
    const exported = await asA()('GET', `/api/users/${A}/export`);
    expect(exported.body.apiKeys).toEqual([expect.objectContaining({ name: 'laptop', prefix: apiKeyPrefix(keyA) })]);
    expect(JSON.stringify(exported.body)).not.toContain(hashApiKey(keyA));
  });

  it("ending another user's live session over REST is forbidden", async () => {
    const live = await connect(app.baseUrl, { token: keyA });
    sockets.push(live);
    expect(live.ready.userId).toBe(A);
    expect(await live.send('situation:submit', { situation: SITUATION })).toMatchObject({ ok: true });
    await waitFor(
      async () =>
        (await app.calmly.deps.redis.keys(`${app.config.redis.prefix}:realtime:session:${live.ready.sessionId}`))
          .length > 0,
      { what: 'the snapshot' },
    );
    expectError(await asB()('POST', `/api/sessions/${live.ready.sessionId}/end`, {}), 403, 'forbidden');
    // No body at all: the caller's own session.
    const own = await call(app.baseUrl, 'POST', `/api/sessions/${live.ready.sessionId}/end`, undefined, bearer(keyA));
    expect(own.status).toBe(200);
  });

  it('a revoked key is refused at once; last_used_at is written at most once a minute', async () => {
    const made = await createApiKey(app.calmly.deps.repos.apiKeys, { userId: 'user_carol' });
    const carol = as(made.key);
    expect((await carol('GET', '/api/preferences')).status).toBe(200);
    const first = await waitFor(
      async () => (await app.calmly.deps.db('api_keys').where({ id: made.record.id }).first()).last_used_at,
      { what: 'last_used_at' },
    );
    expect((await carol('GET', '/api/preferences')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect((await app.calmly.deps.db('api_keys').where({ id: made.record.id }).first()).last_used_at).toEqual(first);
    await app.calmly.deps.repos.apiKeys.revoke(made.record.id);
    expectError(await carol('GET', '/api/preferences'), 401, 'unauthorized');
  });

  it('npm run apikey:create prints a working key once; apikey:revoke --prefix revokes it', async () => {
    const env = { ...process.env, DATABASE_URL: app.config.db.url, LOG_LEVEL: 'silent' };
    const created = await run(
      'npx',
      ['tsx', 'server/auth/cli.ts', 'create', '--user', 'user_dave', '--name', 'cli test'],
      { env },
    );
    const key = /\b(clm_[a-f0-9]{12}_[A-Za-z0-9_-]{43})\b/.exec(created.stdout)?.[1];
    expect(key, created.stdout).toBeTruthy();
    expect((await as(key)('GET', '/api/preferences')).body.userId).toBe('user_dave');
    const row = await app.calmly.deps
      .db('api_keys')
      .where({ prefix: apiKeyPrefix(key!) })
      .first();
    expect(row.key_hash).toBe(hashApiKey(key!));
    expect(row.name).toBe('cli test');
    await run('npx', ['tsx', 'server/auth/cli.ts', 'revoke', '--prefix', apiKeyPrefix(key!)!], { env });
    expectError(await as(key)('GET', '/api/preferences'), 401, 'unauthorized');
    await expect(run('npx', ['tsx', 'server/auth/cli.ts', 'create'], { env })).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});

describe('Socket.IO handshake', () => {
  it('without a token: connect_error unauthorized; with a bad one too', async () => {
    expect(await refused(connect(app.baseUrl, { userId: A }))).toMatchObject({ code: 'unauthorized' });
    expect(await refused(connect(app.baseUrl, { token: 'clm_nope' }))).toMatchObject({ code: 'unauthorized' });
  });

  it("auth.token or the Authorization header: the session is the key's user", async () => {
    const byAuth = await connect(app.baseUrl, { token: keyA });
    sockets.push(byAuth);
    expect(byAuth.ready.userId).toBe(A);
    const byHeader = await connect(app.baseUrl, {}, bearer(keyB));
    sockets.push(byHeader);
    expect(byHeader.ready.userId).toBe(B);
    expect(await byAuth.send('situation:submit', { situation: SITUATION })).toMatchObject({ ok: true });
  });

  it('a key revoked while its socket is open ends the connection within seconds; other keys stay connected', async () => {
    const made = await createApiKey(app.calmly.deps.repos.apiKeys, { userId: 'user_erin' });
    const erin = await connect(app.baseUrl, { token: made.key });
    sockets.push(erin);
    const other = await connect(app.baseUrl, { token: keyA });
    sockets.push(other);
    expect(await erin.send('situation:submit', { situation: SITUATION })).toMatchObject({ ok: true });
    await app.calmly.deps.repos.apiKeys.revoke(made.record.id);
    await waitFor(() => !erin.socket.connected, { what: "the revoked key's socket to be closed", timeoutMs: 5_000 });
    expect(
      erin.received.find((r) => r.event === 'session:error' && r.payload.code === 'unauthorized')?.payload.message,
    ).toMatch(/not valid/);
    expect(other.socket.connected).toBe(true);
    expect(await other.send('generation:cancel')).toHaveProperty('ok');
  });

  it("naming another user is forbidden, and B can't resume A's session", async () => {
    expect(await refused(connect(app.baseUrl, { token: keyB, userId: A }))).toMatchObject({ code: 'forbidden' });
    const a = await connect(app.baseUrl, { token: keyA, userId: A });
    sockets.push(a);
    // An empty session is never stored, so naming it only starts a new session of B's own.
    const fresh = await connect(app.baseUrl, { token: keyB, sessionId: a.ready.sessionId });
    sockets.push(fresh);
    expect(fresh.ready).toMatchObject({ userId: B, resumed: false });
    expect(fresh.ready.sessionId).not.toBe(a.ready.sessionId);
    fresh.close();
    expect(await a.send('situation:submit', { situation: SITUATION })).toMatchObject({ ok: true });
    a.close();
    await waitFor(async () => (await app.calmly.deps.sessions.owner(a.ready.sessionId)) === A, {
      what: "A's session to be stored",
    });
    const stolen = await refused(connect(app.baseUrl, { token: keyB, sessionId: a.ready.sessionId }));
    expect(stolen.code).toBe('forbidden');
  });
});

describe('MCP', () => {
  it('without credentials: HTTP 401 with WWW-Authenticate, before MCP', async () => {
    const res = await mcpPost(app.baseUrl, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('with a key: tools act for its user; naming another user is a forbidden tool error', async () => {
    const a = await mcpClient(app.baseUrl, bearer(keyA));
    const b = await mcpClient(app.baseUrl, bearer(keyB));
    mcps.push(a, b);
    // userId is optional in the schemas when the caller is known.
    const listed = (await a.listTools()).tools.find((t) => t.name === 'save_interaction')!;
    expect(listed.inputSchema.required ?? []).not.toContain('userId');

    const saved = await callTool(a, 'save_interaction', {
      situationDescription: SITUATION,
      selectedResponse: 'From MCP.',
      detectedContext: 'work',
    });
    expect(saved.isError).toBe(false);
    await waitFor(
      () => app.calmly.deps.db('interactions').where({ id: saved.structured.interactionId, user_id: A }).first(),
      { what: 'the row' },
    );
    const history = await callTool(a, 'get_user_history', {});
    expect(history.structured.userId).toBe(A);

    for (const [tool, args] of [
      ['get_user_history', { userId: A }],
      ['save_interaction', { userId: A, situationDescription: SITUATION, selectedResponse: 'x' }],
      ['generate_responses', { situation: SITUATION, userId: A }],
    ] as const) {
      const r = await callTool(b, tool, args);
      expect(r.isError, tool).toBe(true);
      expect(r.structured.error.code).toBe('forbidden');
    }
    const bHistory = await callTool(b, 'get_user_history', {});
    expect(bHistory.structured).toMatchObject({ userId: B });
    expect(bHistory.structured.interactions.every((i: { userId: string }) => i.userId === B)).toBe(true);
  });
});

describe('MCP over stdio', () => {
  const env = () => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: process.env.REDIS_URL!,
    DATABASE_URL: app.config.db.url,
    REDIS_PREFIX: app.config.redis.prefix,
    RECORDER_IN_PROCESS: 'false',
    AUTH_MODE: 'apikey',
  });

  it('with AUTH_MODE=apikey it needs MCP_STDIO_USER: without it the process does not start', async () => {
    const failed = await run('npx', ['tsx', 'server/mcp/stdio.ts'], { env: { ...process.env, ...env() } }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toMatch(/MCP_STDIO_USER: required/);
  }, 30_000);

  it('acts for MCP_STDIO_USER; another user is forbidden', async () => {
    const transport = new StdioClientTransport({
      command: 'npx',
      args: ['tsx', 'server/mcp/stdio.ts'],
      env: { ...env(), PATH: process.env.PATH!, MCP_STDIO_USER: A },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'calmly-stdio-auth', version: '1.0.0' });
    await client.connect(transport);
    mcps.push(client);
    const listed = (await client.listTools()).tools.find((t) => t.name === 'get_user_history')!;
    expect((listed.inputSchema.required as string[] | undefined) ?? []).not.toContain('userId');
    expect(await callTool(client, 'get_user_history', {})).toMatchObject({ isError: false, structured: { userId: A } });
    expect(await callTool(client, 'get_user_history', { userId: B })).toMatchObject({
      isError: true,
      structured: { error: { code: 'forbidden' } },
    });
  }, 30_000);
});
