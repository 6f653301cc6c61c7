// DNS-rebinding and cross-site protection on every edge, not only /mcp (issue 18, item 9, found by an
// outside attack): a page on evil.example rebound to 127.0.0.1 sends Host: evil.example, and a foreign
// page sends its Origin. REST, Socket.IO (polling and websocket) and /mcp refuse both with the same rules
// (server/http/host-origin.ts); requests without an Origin (curl, SDKs) pass; /health answers any Host.
import { rawRequest } from '../support/http.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { errorResponse } from '../../server/usecases/schemas.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
let configured: TestApp;
beforeAll(async () => {
  [app, configured] = await Promise.all([
    startTestApp(),
    startTestApp({
      PUBLIC_URL: 'https://calmly.example.com',
      ALLOWED_HOSTS: 'calmly.lan',
      MCP_ALLOWED_HOSTS: 'agents.internal',
      CORS_ORIGINS: 'https://app.example.org',
      SOCKET_CORS_ORIGINS: 'https://socket-only.example.org',
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([app?.close(), configured?.close()]);
});

/** A raw request: fetch will not let us set Host. */
function raw(baseUrl: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  return rawRequest(`${baseUrl}${path}`, method, headers, body);
}

const port = (a: TestApp) => new URL(a.baseUrl).port;
const ANALYZE = JSON.stringify({ situation: 'My coworker keeps taking credit for my ideas in team meetings.' });
const MCP_INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});
const mcpHeaders = { accept: 'application/json, text/event-stream' };
const POLL = '/socket.io/?EIO=4&transport=polling';

function expectForbidden(res: { status: number; body: any }, mentions: RegExp, what: string): void {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(403);
  expect(errorResponse.safeParse(res.body).success, what).toBe(true);
  expect(res.body.error.code).toBe('forbidden');
  expect(res.body.error.message).toMatch(mentions);
}

describe('REST', () => {
  it('refuses a Host it does not serve (a rebound name), in our error shape', async () => {
    for (const host of [`evil.example:${port(app)}`, 'calmly.example.com', `127.0.0.1.nip.io:${port(app)}`]) {
      expectForbidden(await raw(app.baseUrl, 'GET', '/api/scenarios', { host }), /ALLOWED_HOSTS/, host);
      expectForbidden(await raw(app.baseUrl, 'POST', '/api/analyze', { host }, ANALYZE), /ALLOWED_HOSTS/, host);
      expectForbidden(await raw(app.baseUrl, 'GET', '/api/openapi.json', { host }), /ALLOWED_HOSTS/, host);
      expectForbidden(await raw(app.baseUrl, 'GET', '/', { host, accept: 'text/html' }), /ALLOWED_HOSTS/, host);
    }
    for (const host of [`localhost:${port(app)}`, `127.0.0.1:${port(app)}`, `[::1]:${port(app)}`]) {
      expect((await raw(app.baseUrl, 'GET', '/api/scenarios', { host })).status, host).toBe(200);
    }
  });

  it('refuses a foreign Origin; loopback origins (any port) and no Origin pass', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example:3000']) {
      expectForbidden(await raw(app.baseUrl, 'POST', '/api/analyze', { origin }, ANALYZE), /CORS_ORIGINS/, origin);
      expectForbidden(await raw(app.baseUrl, 'GET', '/api/scenarios', { origin }), /CORS_ORIGINS/, origin);
    }
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', app.baseUrl]) {
      expect((await raw(app.baseUrl, 'POST', '/api/analyze', { origin }, ANALYZE)).status, origin).toBe(200);
    }
    expect((await raw(app.baseUrl, 'POST', '/api/analyze', {}, ANALYZE)).status).toBe(200);
  });

  it('/health answers any Host (probes address the pod by IP), and reveals no user data', async () => {
    for (const host of ['10.1.2.3:8080', 'evil.example']) {
      expect((await raw(app.baseUrl, 'GET', '/health', { host })).status, host).toBe(200);
    }
  });

  it('PUBLIC_URL, ALLOWED_HOSTS (and its older name MCP_ALLOWED_HOSTS) and CORS_ORIGINS extend the lists', async () => {
    const p = port(configured);
    for (const host of ['calmly.example.com', `calmly.lan:${p}`, 'agents.internal', `localhost:${p}`]) {
      expect((await raw(configured.baseUrl, 'GET', '/api/scenarios', { host })).status, host).toBe(200);
    }
    expect((await raw(configured.baseUrl, 'GET', '/api/scenarios', { host: 'other.lan' })).status).toBe(403);
    for (const origin of ['https://calmly.example.com', 'https://app.example.org']) {
      expect((await raw(configured.baseUrl, 'POST', '/api/analyze', { origin }, ANALYZE)).status, origin).toBe(200);
    }
    // The page served from an allowed host calls back to that same host.
    const self = await raw(
      configured.baseUrl,
      'POST',
      '/api/analyze',
      { host: `calmly.lan:${p}`, origin: `http://calmly.lan:${p}` },
      ANALYZE,
    );
    expect(self.status).toBe(200);
    for (const origin of ['http://calmly.example.com', 'https://socket-only.example.org', `http://other.lan:${p}`]) {
      expect((await raw(configured.baseUrl, 'POST', '/api/analyze', { origin }, ANALYZE)).status, origin).toBe(403);
    }
  });
});

describe('Socket.IO', () => {
  it('the polling transport refuses a foreign Origin or Host, and lets an allowed one open', async () => {
    for (const headers of <Record<string, string>[]>[
      { origin: 'http://evil.example' },
      { origin: 'null' },
      { host: `evil.example:${port(app)}` },
    ]) {
      const res = await raw(app.baseUrl, 'GET', POLL, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.stringify(res.body)).toMatch(/not allowed/);
    }
    for (const headers of <Record<string, string>[]>[
      {},
      { origin: 'http://localhost:5173' },
      { host: `localhost:${port(app)}` },
    ]) {
      const res = await raw(app.baseUrl, 'GET', POLL, headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
    // CORS_ORIGINS and SOCKET_CORS_ORIGINS both open Socket.IO.
    for (const origin of ['https://app.example.org', 'https://socket-only.example.org', 'https://calmly.example.com']) {
      expect((await raw(configured.baseUrl, 'GET', POLL, { origin })).status, origin).toBe(200);
    }
    expect((await raw(configured.baseUrl, 'GET', POLL, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('the websocket transport refuses a foreign Origin too', async () => {
    const attempt = (origin?: string) =>
      new Promise<string>((resolve) => {
        const s = io(app.baseUrl, {
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          extraHeaders: origin ? { origin } : {},
          auth: { userId: 'u_ws_origin' },
        });
        s.once('connect', () => {
          s.disconnect();
          resolve('connected');
        });
        s.once('connect_error', (err) => {
          s.disconnect();
          resolve(`refused: ${err.message}`);
        });
      });
    expect(await attempt('http://evil.example')).toMatch(/^refused/);
    expect(await attempt('http://localhost:5173')).toBe('connected');
    expect(await attempt()).toBe('connected');
  });
});

describe('/mcp keeps its rules, from the same place', () => {
  it('refuses a foreign Host or Origin; ALLOWED_HOSTS and CORS_ORIGINS count for it too', async () => {
    expectForbidden(
      await raw(app.baseUrl, 'POST', '/mcp', { ...mcpHeaders, host: 'evil.example' }, MCP_INIT),
      /ALLOWED_HOSTS/,
      'host',
    );
    expectForbidden(
      await raw(app.baseUrl, 'POST', '/mcp', { ...mcpHeaders, origin: 'https://evil.example' }, MCP_INIT),
      /MCP_ALLOWED_ORIGINS/,
      'origin',
    );
    const p = port(configured);
    expect(
      (await raw(configured.baseUrl, 'POST', '/mcp', { ...mcpHeaders, host: `calmly.lan:${p}` }, MCP_INIT)).status,
    ).toBe(200);
    expect(
      (await raw(configured.baseUrl, 'POST', '/mcp', { ...mcpHeaders, origin: 'https://app.example.org' }, MCP_INIT))
        .status,
    ).toBe(200);
  });
});
