// A store stopped under a running app: /health says which one is down, and every edge that needs it
// answers 503 service_unavailable with Retry-After in our error shape (REST), a tool error with that
// code (MCP) or a session error with it (Socket.IO), never internal_error; once the store is back, the
// same requests succeed again (issue 18, item 7). Each test starts and stops a Redis or Postgres of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort, startPostgres, startRedis } from '../../scripts/services.mjs';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call, expectError, type JsonResponse } from '../support/http.ts';
import { connectSession } from '../support/socket.ts';
import { waitFor } from '../support/wait.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'calmly-health-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const health = (app: TestApp) => call(app.baseUrl, 'GET', '/health');
const SITUATION = 'My coworker keeps taking credit for my ideas in team meetings.';

interface Probe {
  name: string;
  method: string;
  /** A user of its own per attempt: a cached answer (preferences live in Redis too) must not hide the outage. */
  path: (user: string) => string;
  body?: (user: string) => unknown;
}

const probes = {
  getPreferences: { name: 'GET /api/preferences', method: 'GET', path: (u) => `/api/preferences?userId=${u}` },
  putPreferences: {
    name: 'PUT /api/preferences',
    method: 'PUT',
    path: () => '/api/preferences',
    body: (u) => ({ userId: u, preferredTone: 'empathetic' }),
  },
  history: { name: 'GET /api/history', method: 'GET', path: (u) => `/api/history?userId=${u}` },
  export: { name: 'GET /api/users/:userId/export', method: 'GET', path: (u) => `/api/users/${u}/export` },
  erase: { name: 'DELETE /api/users/:userId/data', method: 'DELETE', path: (u) => `/api/users/${u}/data` },
  generate: {
    name: 'POST /api/generate',
    method: 'POST',
    path: () => '/api/generate',
    body: (u) => ({ userId: u, situation: SITUATION }),
  },
  scenarios: {
    name: 'GET /api/scenarios',
    method: 'GET',
    path: () => '/api/scenarios?context=work&query=my%20coworker%20takes%20credit',
  },
  endSession: {
    name: 'POST /api/sessions/:sessionId/end',
    method: 'POST',
    path: (u) => `/api/sessions/sess_${u}/end`,
    body: (u) => ({ userId: u }),
  },
} satisfies Record<string, Probe>;

let users = 0;
const probe = (app: TestApp, p: Probe) => {
  const user = `u_out_${++users}`;
  return call(app.baseUrl, p.method, p.path(user), p.body?.(user));
};

function expectOutage(res: JsonResponse, what: string): void {
  expectError(res, 503, 'service_unavailable');
  const retryAfter = res.headers.get('retry-after');
  expect(retryAfter, `${what}: Retry-After`).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
}

const mcpCall = (app: TestApp, name: string, args: Record<string, unknown>) =>
  call(
    app.baseUrl,
    'POST',
    '/mcp',
    { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } },
    { accept: 'application/json, text/event-stream' },
  );

describe('Redis stopped', () => {
  it('/health: memory down (503 degraded); REST, MCP and Socket.IO answer service_unavailable; all recover when it is back', async () => {
    const dir = tempDir();
    const port = await findFreePort();
    let redis = await startRedis({ dataDir: dir, port });
    const app = await startTestApp({ REDIS_URL: redis.url });
    const needsRedis = [probes.history, probes.export, probes.erase, probes.scenarios, probes.endSession];
    try {
      expect((await health(app)).status).toBe(200);
      for (const p of needsRedis) expect((await probe(app, p)).status, p.name).toBeLessThan(300);
      await redis.stop();
      const down = await waitFor(async () => {
        const res = await health(app);
        return res.status === 503 ? res : null;
      });
      expect(down!.body).toMatchObject({
        status: 'degraded',
        services: { memory: 'down', storage: 'operational' },
        down: ['memory'],
      });

      for (const p of needsRedis) {
        const res = await probe(app, p);
        // Without the query engine the library is searched in an in-process copy (server/scenarios/in-process.ts),
        // which keeps answering; with it (Redis Stack) the search is Redis's and the outage shows.
        if (p === (probes.scenarios as Probe) && res.status === 200) continue;
        expectOutage(res, p.name);
      }

      const tool = await mcpCall(app, 'get_user_history', { userId: 'u_out_mcp' });
      expect(tool.status).toBe(200);
      expect(tool.body.result.isError).toBe(true);
      expect(tool.body.result.structuredContent.error.code).toBe('service_unavailable');

      // A live session runs in memory, so it opens and generates without Redis (the library is
      // searched in-process); choosing a reply queues it in Redis, and that is what fails.
      const live = await connectSession(app.baseUrl, { userId: 'u_out_socket' });
      await live.send('situation:submit', { situation: SITUATION });
      const after = await waitFor(() => (['ready', 'failed'].includes(live.view().state) ? live.view() : null), {
        what: 'generation to end',
      });
      if (after?.state === 'ready') {
        const from = live.received.length;
        const ack = await live.send('suggestion:select', { index: 0 });
        const error = ack.ok
          ? await waitFor(
              () =>
                live.received.slice(from).find((r) => r.event === 'session:error')?.payload ??
                live.view().error ??
                undefined,
              { what: 'the selection to fail' },
            )
          : (ack as { error: unknown }).error;
        expect(error, JSON.stringify(error)).toMatchObject({ code: 'service_unavailable' });
      } else {
        expect(after?.error).toMatchObject({ code: 'service_unavailable' });
      }
      expect(live.received.some((r) => r.payload?.code === 'internal_error')).toBe(false);
      live.close();

      redis = await startRedis({ dataDir: dir, port });
      await waitFor(async () => (await health(app)).status === 200, { timeoutMs: 20_000, what: 'healthy again' });
      for (const p of needsRedis) {
        await waitFor(async () => (await probe(app, p)).status < 300, { what: `${p.name} after recovery` });
      }
      const again = await connectSession(app.baseUrl, { userId: 'u_out_socket' });
      again.close();
    } finally {
      await app.close().catch(() => {});
      await redis.stop();
    }
  }, 90_000);
});

describe('Postgres stopped', () => {
  it('/health: storage down (503 degraded); REST, MCP and Socket.IO answer service_unavailable; all recover when it is back', async () => {
    const dir = tempDir();
    const port = await findFreePort();
    let pg = await startPostgres({ dataDir: join(dir, 'pg'), port });
    const app = await startTestApp({ DATABASE_URL: pg.url });
    const needsPostgres = [
      probes.getPreferences,
      probes.putPreferences,
      probes.history,
      probes.export,
      probes.erase,
      probes.generate,
    ];
    try {
      expect((await health(app)).status).toBe(200);
      for (const p of needsPostgres) expect((await probe(app, p)).status, p.name).toBeLessThan(300);
      const session = await connectSession(app.baseUrl, { userId: 'u_out_live' });
      await pg.stop();
      const down = await waitFor(async () => {
        const res = await health(app);
        return res.status === 503 ? res : null;
      });
      expect(down!.body).toMatchObject({
        status: 'degraded',
        services: { memory: 'operational', storage: 'down' },
        down: ['storage'],
      });

      for (const p of needsPostgres) expectOutage(await probe(app, p), p.name);

      const tool = await mcpCall(app, 'get_user_history', { userId: 'u_out_mcp' });
      expect(tool.body.result?.isError, JSON.stringify(tool.body)).toBe(true);
      expect(tool.body.result.structuredContent.error.code).toBe('service_unavailable');

      // A live session's generation reads the user's preferences from Postgres.
      const ack = await session.send('situation:submit', { situation: SITUATION });
      expect(ack).toEqual({ ok: true, state: 'generating' });
      const failed = await session.until('failed');
      expect(failed.error, JSON.stringify(failed.error)).toMatchObject({ code: 'service_unavailable' });
      expect(session.received.some((r) => r.payload?.code === 'internal_error')).toBe(false);
      session.close();

      pg = await startPostgres({ dataDir: join(dir, 'pg'), port });
      await waitFor(async () => (await health(app)).status === 200, { timeoutMs: 20_000, what: 'healthy again' });
      for (const p of needsPostgres) {
        await waitFor(async () => (await probe(app, p)).status < 300, { what: `${p.name} after recovery` });
      }
    } finally {
      await app.close().catch(() => {});
      await pg.stop();
    }
  }, 90_000);
});
