// The MCP tools over Streamable HTTP, driven by the official SDK client. The router is mounted on an
// Express app of the test's own around the test app's dependencies (the same deps REST uses).
import type { Server } from 'node:http';
import { rawRequest } from '../support/http.ts';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { McpError, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { startTestApp, type TestApp } from '../support/app.ts';
import { waitFor } from '../support/wait.ts';
import { loadConfig } from '../../server/config.ts';
import { errorResponse } from '../../server/usecases/schemas.ts';
import { analyzeRoute, generateRoute, refineRoute } from '../../server/http/routes/coaching.ts';
import { historyRoute, saveInteractionRoute } from '../../server/http/routes/personalization.ts';
import { scenariosRoute } from '../../server/http/routes/scenarios.ts';
import { mcpRouter, type McpRouterOptions } from '../../server/http/mcp.ts';
import { accessPolicy as mcpAccessPolicy } from '../../server/http/host-origin.ts';

let app: TestApp;
const servers: Server[] = [];
const clients: Client[] = [];
let baseUrl: string;
let client: Client;
let listed: Tool[];

const TOOLS = [
  'analyze_situation',
  'generate_responses',
  'refine_response',
  'save_interaction',
  'get_user_history',
  'search_scenarios',
];
const SITUATION = 'My coworker keeps taking credit for my ideas in team meetings.';

/** An app instance: our router alone on a free port (several of them share the same Redis and Postgres). */
async function serveMcp(opts: McpRouterOptions = {}): Promise<string> {
  const web = express();
  web.use(mcpRouter(app.calmly.deps, opts));
  const server = web.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function connect(url: string, fetchImpl?: typeof fetch, headers?: Record<string, string>): Promise<Client> {
  const c = new Client({ name: 'calmly-test', version: '1.0.0' });
  await c.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      fetch: fetchImpl,
      requestInit: headers ? { headers } : undefined,
    }),
  );
  clients.push(c);
  return c;
}

const validator = new AjvJsonSchemaValidator();
function expectMatchesOutputSchema(tool: string, structured: unknown): void {
  const def = listed.find((t) => t.name === tool)!;
  const result = validator.getValidator(def.outputSchema as Record<string, unknown>)(structured);
  expect(result.errorMessage, JSON.stringify(structured).slice(0, 500)).toBeUndefined();
  expect(result.valid).toBe(true);
}

const textOf = (r: CallToolResult) =>
  r.content
    .filter((c) => c.type === 'text')
    .map((c) => (c as { text: string }).text)
    .join('\n');

async function callOk(
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult & { structuredContent: any }> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(r.isError, textOf(r)).toBeFalsy();
  expect(r.structuredContent).toBeTruthy();
  expectMatchesOutputSchema(name, r.structuredContent);
  expect(textOf(r).length).toBeGreaterThan(10);
  return r as CallToolResult & { structuredContent: any };
}

async function callError(name: string, args: Record<string, unknown>, code: string): Promise<any> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(r.isError, JSON.stringify(r)).toBe(true);
  // The error is our envelope, in structuredContent and in the text, and the declared outputSchema accepts it.
  expect(errorResponse.safeParse(r.structuredContent).success, JSON.stringify(r.structuredContent)).toBe(true);
  expectMatchesOutputSchema(name, r.structuredContent);
  const error = (r.structuredContent as { error: { code: string; message: string } }).error;
  expect(error.code).toBe(code);
  expect(textOf(r)).toContain(code);
  expect(textOf(r)).toContain(error.message);
  expect(JSON.stringify(r)).not.toMatch(/\bat [\w.<>]+ \(|node:internal|\.ts:\d+/);
  return error;
}

/** A raw request, for what fetch won't let us set (Host) and for the answer's exact shape. */
function raw(url: string, method: string, headers: Record<string, string>, body?: string) {
  return rawRequest(`${url}/mcp`, method, headers, body);
}

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});
const mcpHeaders = { accept: 'application/json, text/event-stream' };

beforeAll(async () => {
  app = await startTestApp();
  baseUrl = await serveMcp();
  client = await connect(baseUrl);
  listed = (await client.listTools()).tools;
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
  await app?.close();
});

describe('tools/list', () => {
  it('lists the six tools, each with an input schema (the use-case limits) and an output schema', () => {
    expect(listed.map((t) => t.name)).toEqual(TOOLS);
    for (const tool of listed) {
      expect(tool.description?.length, tool.name).toBeGreaterThan(40);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(tool.name !== 'save_interaction');
    }
    const input = (name: string) => listed.find((t) => t.name === name)!.inputSchema as any;
    expect(input('analyze_situation').required).toEqual(['situation']);
    expect(input('analyze_situation').properties.situation).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 2000,
    });
    expect(input('generate_responses').properties.context.enum).toEqual(['work', 'friendship', 'relationship']);
    expect(input('refine_response').properties.adjustment).toMatchObject({ maxLength: 200 });
    expect(input('refine_response').required).toEqual(
      expect.arrayContaining(['responseId', 'originalText', 'adjustment']),
    );
    expect(input('save_interaction').required).toEqual(
      expect.arrayContaining(['userId', 'situationDescription', 'selectedResponse']),
    );
    expect(input('get_user_history').properties.pageSize).toMatchObject({ maximum: 50 });
    expect(input('search_scenarios').properties.query).toMatchObject({ maxLength: 200 });
  });
});

describe('tools/call with valid arguments', () => {
  let generated: any;

  it('analyze_situation: the analysis, as structured content and a readable summary', async () => {
    const r = await callOk('analyze_situation', { situation: SITUATION, userId: 'mcp_user_1' });
    analyzeRoute.success.schema.parse(r.structuredContent);
    expect(r.structuredContent.context).toBe('work');
    expect(textOf(r)).toMatch(/^Context: work \(confidence [01]\.\d\d\)/);
    expect(textOf(r)).toContain('Emotional tone:');
  });

  it('generate_responses: three replies with tone and explanation, also in the text', async () => {
    const r = await callOk('generate_responses', { situation: SITUATION, context: 'work', userId: 'mcp_user_1' });
    generateRoute.success.schema.parse(r.structuredContent);
    generated = r.structuredContent;
    expect(generated.responses).toHaveLength(3);
    const text = textOf(r);
    for (const s of generated.responses) {
      expect(text).toContain(s.tone);
      expect(text).toContain(s.text);
      expect(text).toContain(s.explanation);
      expect(text).toContain(s.id);
    }
  });

  it('refine_response: the refined reply and what changed', async () => {
    const [first] = generated.responses;
    const r = await callOk('refine_response', {
      responseId: first.id,
      originalText: first.text,
      adjustment: 'Make it more assertive',
      tone: first.tone,
      situation: SITUATION,
    });
    refineRoute.success.schema.parse(r.structuredContent);
    expect(r.structuredContent.refinedResponse.id).toBe(`${first.id}_refined`);
    expect(textOf(r)).toContain(r.structuredContent.refinedResponse.text);
  });

  it('save_interaction: queued, then written to Postgres by the recorder; get_user_history shows it', async () => {
    const userId = `mcp_${Date.now()}`;
    const [first] = generated.responses;
    const r = await callOk('save_interaction', {
      userId,
      situationDescription: SITUATION,
      detectedContext: 'work',
      selectedResponse: first.text,
      selectedTone: first.tone,
      refinementCount: 1,
      refinements: ['Make it more assertive'],
    });
    saveInteractionRoute.success.schema.parse(r.structuredContent);
    const { interactionId } = r.structuredContent;
    expect(interactionId).toMatch(/^int_/);
    expect(textOf(r)).toContain(interactionId);

    const row = await waitFor(() => app.calmly.deps.repos.interactions.get(interactionId), {
      what: 'the interaction row',
    });
    expect(row).toMatchObject({
      id: interactionId,
      userId,
      detectedContext: 'work',
      selectedTone: first.tone,
      refinementCount: 1,
    });

    const h = await callOk('get_user_history', { userId });
    historyRoute.success.schema.parse(h.structuredContent);
    expect(h.structuredContent.pagination.total).toBe(1);
    expect(h.structuredContent.interactions[0].id).toBe(interactionId);
    expect(textOf(h)).toContain(`${userId}: 1 interaction`);
  });

  it('get_user_history: an unknown user has an empty history', async () => {
    const r = await callOk('get_user_history', { userId: 'mcp_nobody', page: 1, pageSize: 5 });
    expect(r.structuredContent.pagination).toEqual({ total: 0, page: 1, pageSize: 5 });
    expect(textOf(r)).toContain('No interactions');
  });

  it('search_scenarios: library matches with relevance, also listed in the text', async () => {
    const r = await callOk('search_scenarios', {
      query: 'coworker takes credit for my work',
      context: 'work',
      pageSize: 3,
    });
    scenariosRoute.success.schema.parse(r.structuredContent);
    expect(r.structuredContent.scenarios.length).toBeGreaterThan(0);
    expect(r.structuredContent.scenarios.length).toBeLessThanOrEqual(3);
    for (const s of r.structuredContent.scenarios) {
      expect(s.context).toBe('work');
      expect(textOf(r)).toContain(s.title);
    }
  });
});

describe('tool errors', () => {
  it('a missing situation is invalid_request naming the field', async () => {
    const error = await callError('generate_responses', { context: 'work' }, 'invalid_request');
    expect(error.details.map((d: { field: string }) => d.field)).toEqual(['situation']);
  });

  it('wrong types are invalid_request with a detail per field', async () => {
    const error = await callError('analyze_situation', { situation: 42, userId: ['x'] }, 'invalid_request');
    expect(error.details.map((d: { field: string }) => d.field).sort()).toEqual(['situation', 'userId']);
    await callError('get_user_history', { userId: 'u1', pageSize: 'lots' }, 'invalid_request');
    await callError('generate_responses', { situation: SITUATION, context: 'school' }, 'invalid_request');
    await callError(
      'save_interaction',
      { userId: 'u1', situationDescription: SITUATION, selectedResponse: 'Ok.', refinementCount: 1.5 },
      'invalid_request',
    );
  });

  it('no arguments at all is invalid_request, not a protocol error', async () => {
    const r = (await client.callTool({ name: 'analyze_situation' })) as CallToolResult;
    expect(r.isError).toBe(true);
    expect((r.structuredContent as any).error.code).toBe('invalid_request');
  });

  it("keeps the seed's limits: a situation over 2,000 characters, an adjustment over 200, a page over 50", async () => {
    const long = await callError('analyze_situation', { situation: 'a'.repeat(2001) }, 'invalid_request');
    expect(long.details).toEqual([{ field: 'situation', problem: 'must be at most 2000 characters' }]);
    await callOk('analyze_situation', { situation: `My boss ${'a'.repeat(1990)}` }); // 1,999 characters are fine
    const adj = await callError(
      'refine_response',
      { responseId: 'resp_1', originalText: 'Hello.', adjustment: 'x'.repeat(201) },
      'invalid_request',
    );
    expect(adj.details[0].field).toBe('adjustment');
    const page = await callError('search_scenarios', { pageSize: 51 }, 'invalid_request');
    expect(page.details[0].field).toBe('pageSize');
  });

  it('a use-case error keeps its code and extras (unsupported_adjustment lists what works)', async () => {
    const error = await callError(
      'refine_response',
      {
        responseId: 'resp_1',
        originalText: 'I would like to talk about the meeting.',
        adjustment: 'translate it into Klingon',
      },
      'unsupported_adjustment',
    );
    expect(error.supported.length).toBeGreaterThanOrEqual(7);
  });

  it('an unknown tool is a protocol error (-32602), and the connection keeps working', async () => {
    const err = await client.callTool({ name: 'no_such_tool', arguments: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpError);
    expect((err as McpError).code).toBe(-32602);
    await callOk('search_scenarios', { context: 'friendship', pageSize: 2 });
  });
});

describe('transport', () => {
  it('is stateless: calls of one client can land on different instances (a load balancer without sticky sessions)', async () => {
    const instances = [baseUrl, await serveMcp(), await serveMcp()];
    const hits: string[] = [];
    let next = 0;
    const roundRobin: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const instance = instances[next++ % instances.length];
      assert.isDefined(instance);
      const target = new URL(instance);
      url.host = target.host;
      hits.push(url.host);
      return fetch(url, init);
    };
    const lb = await connect(baseUrl, roundRobin);
    const r = (await lb.callTool({
      name: 'analyze_situation',
      arguments: { situation: 'My friend always cancels plans at the last minute.' },
    })) as CallToolResult;
    expect(r.isError).toBeFalsy();
    expect((await lb.listTools()).tools).toHaveLength(6);
    expect(new Set(hits).size).toBe(3);
    // No session id is handed out.
    const init = await raw(baseUrl, 'POST', mcpHeaders, initialize);
    expect(init.status).toBe(200);
    expect(init.headers['mcp-session-id']).toBeUndefined();
  });

  it('a call whose HTTP request goes away is cancelled: the use-case sees its signal abort', async () => {
    const deps = app.calmly.deps;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let aborted!: (reason: unknown) => void;
    const cancelled = new Promise<unknown>((resolve) => (aborted = resolve));
    const stalling = {
      ...deps,
      model: {
        ...deps.model,
        analyze: (_input: unknown, signal?: AbortSignal) =>
          new Promise<never>((_resolve, reject) => {
            started();
            signal?.addEventListener('abort', () => {
              aborted(signal.reason);
              reject(signal.reason);
            });
          }),
      },
    } as typeof deps;
    const web = express();
    web.use(mcpRouter(stalling));
    const server = web.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    servers.push(server);
    const controller = new AbortController();
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: 'analyze_situation', arguments: { situation: SITUATION } },
    });
    const pending = fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, {
      method: 'POST',
      headers: { ...mcpHeaders, 'content-type': 'application/json' },
      body,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    await running;
    controller.abort();
    await expect(pending).resolves.toBeInstanceOf(Error);
    await cancelled; // resolves only if the use-case's signal aborted
  });

  it('GET and DELETE answer 405 in our error shape', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await raw(baseUrl, method, { accept: 'text/event-stream' });
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe('POST');
      expect(errorResponse.safeParse(res.body).success).toBe(true);
    }
  });

  it('a body that is not JSON, or over BODY_LIMIT, is 400 invalid_request', async () => {
    const res = await raw(baseUrl, 'POST', mcpHeaders, '{"jsonrpc": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    const call = {
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'analyze_situation', arguments: { situation: 'x'.repeat(70_000) } },
    };
    const big = await raw(baseUrl, 'POST', mcpHeaders, JSON.stringify(call));
    expect(big.status).toBe(400);
    expect(errorResponse.safeParse(big.body).success).toBe(true);
    expect(big.body.error.details).toEqual([{ field: '(body)', problem: 'too large' }]);
  });
});

describe('DNS-rebinding protection', () => {
  it('a Host that is not allowed is 403 forbidden, in our error shape', async () => {
    const port = new URL(baseUrl).port;
    for (const host of [`evil.example:${port}`, 'calmly.example.com', `127.0.0.1.nip.io:${port}`]) {
      const res = await raw(baseUrl, 'POST', { ...mcpHeaders, host }, initialize);
      expect(res.status, host).toBe(403);
      expect(errorResponse.safeParse(res.body).success).toBe(true);
      expect(res.body.error.code).toBe('forbidden');
      expect(res.body.error.message).toContain('MCP_ALLOWED_HOSTS');
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect((await raw(baseUrl, 'POST', { ...mcpHeaders, host }, initialize)).status, host).toBe(200);
    }
  });

  it('an Origin that is not allowed is 403 forbidden; loopback origins and no Origin are allowed', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example:3000']) {
      const res = await raw(baseUrl, 'POST', { ...mcpHeaders, origin }, initialize);
      expect(res.status, origin).toBe(403);
      expect(errorResponse.safeParse(res.body).success).toBe(true);
      expect(res.body.error.code).toBe('forbidden');
      expect(res.body.error.message).toContain('MCP_ALLOWED_ORIGINS');
    }
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000']) {
      expect((await raw(baseUrl, 'POST', { ...mcpHeaders, origin }, initialize)).status, origin).toBe(200);
    }
    // The SDK client with a foreign Origin cannot even initialise.
    const refused = await connect(baseUrl, undefined, { origin: 'https://evil.example' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 403 });
    expect(String((refused as Error).message)).toContain('"code":"forbidden"');
  });

  it('PUBLIC_URL, MCP_ALLOWED_HOSTS and MCP_ALLOWED_ORIGINS extend the lists', async () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://x@localhost/x',
      REDIS_URL: 'redis://localhost',
      PUBLIC_URL: 'https://calmly.example.com',
      MCP_ALLOWED_HOSTS: 'agents.internal:8080, 10.0.0.5',
      MCP_ALLOWED_ORIGINS: 'https://console.example.org',
    });
    expect(config.mcp).toEqual({
      allowedHosts: ['agents.internal:8080', '10.0.0.5'],
      allowedOrigins: ['https://console.example.org'],
    });
    const url = await serveMcp({ security: { publicUrl: config.publicUrl, ...config.mcp } });
    for (const host of [
      'calmly.example.com',
      'agents.internal',
      'agents.internal:9999',
      '10.0.0.5:3000',
      'localhost',
    ]) {
      expect((await raw(url, 'POST', { ...mcpHeaders, host }, initialize)).status, host).toBe(200);
    }
    expect((await raw(url, 'POST', { ...mcpHeaders, host: 'other.example.com' }, initialize)).status).toBe(403);
    for (const origin of ['https://calmly.example.com', 'https://console.example.org']) {
      expect((await raw(url, 'POST', { ...mcpHeaders, origin }, initialize)).status, origin).toBe(200);
    }
    // An origin is scheme + host + port, exactly.
    for (const origin of ['http://calmly.example.com', 'https://console.example.org:8443']) {
      expect((await raw(url, 'POST', { ...mcpHeaders, origin }, initialize)).status, origin).toBe(403);
    }
  });

  it('"*" turns a check off; malformed entries are refused at start-up', () => {
    const open = mcpAccessPolicy({ allowedHosts: ['*'], allowedOrigins: ['*'] });
    expect(open.hostAllowed('anything.example')).toBe(true);
    expect(open.originAllowed('https://anything.example')).toBe(true);
    const strict = mcpAccessPolicy({});
    expect(strict.hostAllowed(undefined)).toBe(false);
    expect(strict.hostAllowed('localhost/evil')).toBe(false);
    expect(() => mcpAccessPolicy({ allowedOrigins: ['not an origin'] })).toThrow(/MCP_ALLOWED_ORIGINS/);
    expect(() => mcpAccessPolicy({ allowedHosts: ['bad host/path'] })).toThrow(/MCP_ALLOWED_HOSTS/);
  });
});
