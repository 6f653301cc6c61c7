// The MCP tools over stdio: `npx tsx server/mcp/stdio.ts` started by the official SDK client, as
// Claude Desktop would, against a database and Redis prefix of this file's own.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { createTestDatabase } from '../support/postgres.ts';
import { requireEnv } from '../support/redis.ts';
import { waitFor } from '../support/wait.ts';
import { loadConfig } from '../../server/config.ts';
import { createDb, type Db } from '../../db/connection.ts';
import { migrateLatest } from '../../db/migrator.ts';
import { interactionsRepo } from '../../db/repositories/interactions.ts';
import { seedScenarios } from '../../scenarios/load.ts';
import { errorResponse } from '../../server/usecases/schemas.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SITUATION = 'My friend keeps cancelling our plans at the last minute.';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let transport: StdioClientTransport;
let client: Client;
let tools: Tool[];
let stderr = '';
const protocolErrors: Error[] = [];

const textOf = (r: CallToolResult) =>
  r.content
    .filter((c) => c.type === 'text')
    .map((c) => (c as { text: string }).text)
    .join('\n');
const validator = new AjvJsonSchemaValidator();
function matchesOutputSchema(tool: string, structured: unknown): boolean {
  const result = validator.getValidator(tools.find((t) => t.name === tool)!.outputSchema as Record<string, unknown>)(
    structured,
  );
  expect(result.errorMessage).toBeUndefined();
  return result.valid;
}
async function call(
  name: string,
  args?: Record<string, unknown>,
): Promise<CallToolResult & { structuredContent: any }> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult & { structuredContent: any };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const env = {
    NODE_ENV: 'test',
    REDIS_URL: requireEnv('REDIS_URL'),
    DATABASE_URL: database.url,
    REDIS_PREFIX: `t${randomUUID().slice(0, 8)}`,
    // Logging on (not silent): the test shows the log lines go to stderr and stdout stays pure protocol.
    LOG_LEVEL: 'info',
  };
  const config = loadConfig(env);
  db = createDb(config.db);
  await migrateLatest(db);
  await seedScenarios(config);

  transport = new StdioClientTransport({
    command: 'npx',
    args: ['tsx', 'server/mcp/stdio.ts'],
    cwd: ROOT,
    env,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  client = new Client({ name: 'calmly-stdio-test', version: '1.0.0' });
  client.onerror = (err) => protocolErrors.push(err);
  await client.connect(transport);
  tools = (await client.listTools()).tools;
});

afterAll(async () => {
  await client?.close().catch(() => undefined);
  await db?.destroy();
  await database?.drop();
});

describe('MCP over stdio', () => {
  it('lists the six tools with input and output schemas', () => {
    expect(tools.map((t) => t.name).sort()).toEqual(
      [
        'analyze_situation',
        'generate_responses',
        'get_user_history',
        'refine_response',
        'save_interaction',
        'search_scenarios',
      ].sort(),
    );
    for (const t of tools) {
      expect(t.inputSchema.type).toBe('object');
      expect(t.outputSchema?.type).toBe('object');
    }
    expect((tools.find((t) => t.name === 'analyze_situation')!.inputSchema.properties as any).situation.maxLength).toBe(
      2000,
    );
  });

  it('answers every tool with structured content matching its output schema, and a readable text', async () => {
    const analysis = await call('analyze_situation', { situation: SITUATION });
    const generated = await call('generate_responses', { situation: SITUATION, userId: 'stdio_user' });
    const [first] = generated.structuredContent.responses;
    const refined = await call('refine_response', {
      responseId: first.id,
      originalText: first.text,
      adjustment: 'shorter please',
    });
    const history = await call('get_user_history', { userId: 'stdio_user' });
    const scenarios = await call('search_scenarios', { query: 'friend cancels plans', context: 'friendship' });
    for (const [name, r] of Object.entries({
      analyze_situation: analysis,
      generate_responses: generated,
      refine_response: refined,
      get_user_history: history,
      search_scenarios: scenarios,
    })) {
      expect(r.isError, `${name}: ${textOf(r)}`).toBeFalsy();
      expect(matchesOutputSchema(name, r.structuredContent), name).toBe(true);
      expect(textOf(r).length, name).toBeGreaterThan(10);
    }
    expect(analysis.structuredContent.context).toBe('friendship');
    expect(generated.structuredContent.responses).toHaveLength(3);
    expect(scenarios.structuredContent.scenarios[0].context).toBe('friendship');
  });

  it('save_interaction ends up as a Postgres row (the recorder runs in the stdio process)', async () => {
    const r = await call('save_interaction', {
      userId: 'stdio_user',
      situationDescription: SITUATION,
      detectedContext: 'friendship',
      selectedResponse: 'Hey, can we find a time that works for both of us?',
      selectedTone: 'Empathetic',
    });
    expect(r.isError, textOf(r)).toBeFalsy();
    expect(matchesOutputSchema('save_interaction', r.structuredContent)).toBe(true);
    const id = r.structuredContent.interactionId as string;
    const row = await waitFor(() => interactionsRepo(db).get(id), { what: 'the interaction row', timeoutMs: 15_000 });
    expect(row).toMatchObject({ id, userId: 'stdio_user', detectedContext: 'friendship', selectedTone: 'Empathetic' });
  });

  it('invalid arguments come back as tool errors with invalid_request and the fields', async () => {
    for (const [args, fields] of [
      [{}, ['situation']],
      [{ situation: 7, context: 'school' }, ['situation', 'context']],
      [{ situation: 'x'.repeat(2001) }, ['situation']],
    ] as const) {
      const r = await call('generate_responses', args as Record<string, unknown>);
      expect(r.isError).toBe(true);
      expect(errorResponse.safeParse(r.structuredContent).success).toBe(true);
      expect(matchesOutputSchema('generate_responses', r.structuredContent)).toBe(true);
      expect(r.structuredContent.error.code).toBe('invalid_request');
      expect(r.structuredContent.error.details.map((d: { field: string }) => d.field).sort()).toEqual(
        [...fields].sort(),
      );
      expect(textOf(r)).toContain('invalid_request');
    }
  });

  it('keeps stdout for the protocol: logs go to stderr', () => {
    expect(protocolErrors).toEqual([]);
    expect(stderr).toContain('calmly mcp serving on stdio');
    expect(stderr).toContain('"tool":"save_interaction"');
  });

  it('stops when the client closes the connection', async () => {
    const pid = transport.pid!;
    expect(pid).toBeGreaterThan(0);
    const started = Date.now();
    await client.close();
    await waitFor(
      () => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      },
      { what: 'the stdio server to exit' },
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stderr).toContain('stdin closed');
  });
});
