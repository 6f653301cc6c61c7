// Input the edge cannot even read is the client's fault: 400 invalid_request in our error shape, never a
// 500 (issue 18, item 6, found by an outside attack): a compressed body that does not decompress, a path
// whose percent-encoding does not decode, an MCP tools/call whose `arguments` is not an object.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../server/http/routes/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call, expectError } from '../support/http.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const POSTS = [...routes.filter((r) => r.method === 'post' || r.method === 'put'), { method: 'post', path: '/mcp' }];
const concrete = (path: string) => path.replace(/:(\w+)/g, (_m, name: string) => `${name}_1`);
const mcpHeaders = { accept: 'application/json, text/event-stream' };

describe('a compressed body that is not what it says', () => {
  const garbage = Buffer.from('this is not compressed at all, just bytes pretending to be');
  const bodies: [string, Buffer][] = [
    ['gzip', garbage],
    ['br', garbage],
    ['deflate', garbage],
    ['gzip', gzipSync(Buffer.from('{"situation": "a truncated body')).subarray(0, 20)], // cut short
  ];
  for (const route of POSTS) {
    it(`${route.method.toUpperCase()} ${route.path}: 400 invalid_request`, async () => {
      for (const [encoding, body] of bodies) {
        const res = await call(app.baseUrl, route.method.toUpperCase(), concrete(route.path), body, {
          'content-type': 'application/json',
          'content-encoding': encoding,
          ...mcpHeaders,
        });
        expectError(res, 400, 'invalid_request');
        expect(res.body.error.message, encoding).toMatch(/compress|encod/i);
      }
    });
  }

  it('a gzip body that is valid still works', async () => {
    const res = await call(app.baseUrl, 'PUT', '/api/preferences', gzipSync(JSON.stringify({ userId: 'u_gz' })), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('an encoding we do not know is 400 invalid_request too', async () => {
    const res = await call(app.baseUrl, 'POST', '/api/analyze', '{}', {
      'content-type': 'application/json',
      'content-encoding': 'x-calmly',
    });
    expectError(res, 400, 'invalid_request');
  });
});

describe('a path whose percent-encoding does not decode', () => {
  for (const path of [
    '/api/users/%ZZ/export',
    '/api/users/%C0%AE/export',
    '/api/users/%E0%A4%A/export',
    '/api/users/%/data',
    '/api/audio/%ff',
    '/api/sessions/%80/end',
  ]) {
    it(`${path}: 400 invalid_request`, async () => {
      const method = path.endsWith('/data') ? 'DELETE' : path.endsWith('/end') ? 'POST' : 'GET';
      const res = await call(app.baseUrl, method, path);
      expectError(res, 400, 'invalid_request');
      expect(res.body.error.message).toMatch(/percent-encod/i);
    });
  }
});

describe('MCP tools/call with arguments that are not an object', () => {
  const toolCall = (args: unknown, id = 7) => ({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'analyze_situation', arguments: args },
  });

  for (const args of [['My boss yells at me.'], 'My boss yells at me.', 42, null]) {
    it(`arguments ${JSON.stringify(args)}: a tool error in our shape naming the field, not a validation dump`, async () => {
      const res = await call(app.baseUrl, 'POST', '/mcp', toolCall(args), mcpHeaders);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(7);
      expect(res.body.error, JSON.stringify(res.body)).toBeUndefined();
      const result = res.body.result;
      expect(result.isError).toBe(true);
      expect(result.structuredContent.error).toMatchObject({
        code: 'invalid_request',
        details: [{ field: 'arguments', problem: expect.stringMatching(/object/) }],
      });
      expect(result.content[0].text).toMatch(/^Error invalid_request: /);
      expect(JSON.stringify(res.body)).not.toMatch(/"code":\s*"invalid_(type|union)"|expected|received/i);
    });
  }

  it('in a batch, only the bad call fails', async () => {
    const good = toolCall({ situation: 'My coworker keeps taking credit for my ideas.' }, 1);
    const res = await call(app.baseUrl, 'POST', '/mcp', [good, toolCall([1, 2], 2)], mcpHeaders);
    expect(res.status).toBe(200);
    const byId = new Map((res.body as { id: number; result: any }[]).map((m) => [m.id, m.result]));
    expect(byId.get(1).isError).toBeFalsy();
    expect(byId.get(2).structuredContent.error.code).toBe('invalid_request');
  });
});
