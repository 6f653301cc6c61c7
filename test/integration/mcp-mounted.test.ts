// /mcp as the app serves it (mounted in server/http/app.ts, beside REST and Socket.IO on one port):
// the official SDK client lists the tools and a call goes through the same use-case as REST.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

describe('/mcp on the app itself', () => {
  it('lists the six tools and answers generate_responses with three suggestions', async () => {
    const client = new Client({ name: 'calmly-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.baseUrl}/mcp`)));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([
        'analyze_situation',
        'generate_responses',
        'get_user_history',
        'refine_response',
        'save_interaction',
        'search_scenarios',
      ]);
      const result = await client.callTool({
        name: 'generate_responses',
        arguments: { situation: 'My coworker keeps taking credit for my ideas.' },
      });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { responses: unknown[] }).responses).toHaveLength(3);
    } finally {
      await client.close();
    }
  });

  it('REST still answers JSON errors in its own shape beside it', async () => {
    const res = await fetch(`${app.baseUrl}/api/analyze`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });
});
