// Whatever text the edge accepts, the recorder can write: a NUL (which Postgres text cannot hold), other
// control characters and lone surrogates are refused at every edge with a 400, never acknowledged as
// saved and then dead-lettered; a text that shows nothing (zero-width, filler characters) is refused too.
import fc from 'fast-check';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveInteractionInput } from '../../server/usecases/saveInteraction.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call, expectError } from '../support/http.ts';
import { connectSession } from '../support/socket.ts';
import { message, recorderEnv, type RecorderEnv } from '../support/recorder.ts';
import { waitFor } from '../support/wait.ts';

let app: TestApp;
let env: RecorderEnv;
const req = (method: string, path: string, body?: unknown) => call(app.baseUrl, method, path, body);

beforeAll(async () => {
  [app, env] = await Promise.all([startTestApp(), recorderEnv()]);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await env?.close();
});

const SITUATION = 'My coworker keeps taking credit for my ideas in team meetings.';
const valid = { userId: 'user_text', situationDescription: SITUATION, selectedResponse: 'Can we talk about credit?' };
const UNSTORABLE = ['a\u0000b', 'a\u0007b', 'esc\u001b[31m', 'a\ud800b'];
const INVISIBLE = ['\u200b\u200b\u2060\ufeff', '\u3164\u3164', '\u2800', ' \u200d '];

describe('text Calmly cannot store is refused, never saved', () => {
  it('REST /api/interactions: every text field', async () => {
    for (const field of ['situationDescription', 'selectedResponse', 'selectedTone'] as const) {
      for (const bad of UNSTORABLE) {
        const res = await req('POST', '/api/interactions', { ...valid, [field]: bad });
        expectError(res, 400, 'invalid_request', field);
      }
    }
    const res = await req('POST', '/api/interactions', { ...valid, refinements: ['shorter\u0000'] });
    expectError(res, 400, 'invalid_request', 'refinements.0');
  });

  it('REST: a situation, reply or adjustment that shows nothing, or holds a NUL', async () => {
    for (const situation of [...INVISIBLE, ...UNSTORABLE]) {
      expectError(await req('POST', '/api/analyze', { situation }), 400, 'invalid_request', 'situation');
      expectError(await req('POST', '/api/generate', { userId: 'u1', situation }), 400, 'invalid_request', 'situation');
    }
    const refine = { responseId: 'resp_1', originalText: 'Can we talk about credit?', adjustment: 'shorter' };
    expectError(
      await req('POST', '/api/refine', { ...refine, adjustment: '\u200b' }),
      400,
      'invalid_request',
      'adjustment',
    );
    expectError(
      await req('POST', '/api/refine', { ...refine, originalText: 'x\u0000' }),
      400,
      'invalid_request',
      'originalText',
    );
    expectError(await req('GET', '/api/scenarios?query=a%00b'), 400, 'invalid_request', 'query');
  });

  it('MCP save_interaction refuses a NUL with a tool error naming the field', async () => {
    const client = new Client({ name: 'calmly-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.baseUrl}/mcp`)));
    try {
      const r = (await client.callTool({
        name: 'save_interaction',
        arguments: { ...valid, situationDescription: 'a\u0000b' },
      })) as CallToolResult;
      expect(r.isError).toBe(true);
      expect(JSON.stringify(r.content)).toContain('situationDescription');
    } finally {
      await client.close();
    }
  });

  it('a live session refuses a situation holding a NUL or only invisible characters', async () => {
    const s = await connectSession(app.baseUrl, { userId: 'user_text_socket' });
    try {
      for (const situation of ['a\u0000b', '\u200b\u2060']) {
        const ack = await s.send('situation:submit', { situation });
        expect(ack.ok).toBe(false);
        expect(ack.ok === false && ack.error.code).toBe('invalid_request');
      }
      expect(s.view().state).toBe('idle');
    } finally {
      s.close();
    }
  });
});

// One code unit: mostly any code point, often one of the characters that break storage or show nothing.
const unit = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 30 },
  { arbitrary: fc.constantFrom('\u0000', '\u0001', '\u001b', '\u007f', '\ud800', '\udfff'), weight: 1 },
  { arbitrary: fc.constantFrom(' ', '\n', '\t', '\f', '\u200b', '\u3164', '\ufeff', '\u0301'), weight: 1 },
);
/** C0 controls other than white space, DEL, and lone surrogates (which [...s] yields one by one). */
const breaksStorage = (s: string) =>
  [...s].some((ch) => {
    const c = ch.codePointAt(0) ?? 0;
    return c <= 8 || (c >= 0x0e && c <= 0x1f) || c === 0x7f || (c >= 0xd800 && c <= 0xdfff);
  });
const text = fc.string({ unit, minLength: 0, maxLength: 16 });

describe('the queue and the recorder', () => {
  it('every interaction the edge accepts is written by the recorder; nothing is dead-lettered', async () => {
    const samples = fc.sample(fc.record({ situation: text, reply: text, tone: text }), { numRuns: 400, seed: 18 });
    const accepted: Array<{
      id: string;
      situationDescription: string;
      selectedResponse: string;
      selectedTone: string;
    }> = [];
    let refusedByQueue = 0;
    for (const [i, s] of samples.entries()) {
      const parsed = saveInteractionInput.safeParse({
        userId: 'user_fuzz',
        situationDescription: s.situation,
        selectedResponse: s.reply,
        selectedTone: s.tone,
      });
      const msg = message('user_fuzz', {
        id: `int_fuzz_${i}`,
        situationDescription: parsed.success ? parsed.data.situationDescription : s.situation,
        selectedResponse: parsed.success ? parsed.data.selectedResponse : s.reply,
        selectedTone: parsed.success ? (parsed.data.selectedTone ?? null) : s.tone,
      });
      if (parsed.success) {
        await env.queue.enqueue(msg);
        accepted.push({
          id: msg.interaction.id,
          situationDescription: msg.interaction.situationDescription,
          selectedResponse: msg.interaction.selectedResponse,
          selectedTone: msg.interaction.selectedTone ?? '',
        });
      } else if (breaksStorage(s.situation + s.reply + s.tone)) {
        // The queue refuses what Postgres cannot hold even when a caller skipped the edge.
        await expect(env.queue.enqueue(msg)).rejects.toMatchObject({ code: 'invalid_request' });
        refusedByQueue++;
      }
    }
    expect(accepted.length).toBeGreaterThan(20);
    expect(refusedByQueue).toBeGreaterThan(20);

    const rec = await env.recorder({ maxAttempts: 2 });
    await waitFor(async () => (await env.rowCount()) === accepted.length, {
      timeoutMs: 60_000,
      what: `${accepted.length} rows`,
    });
    expect(await env.redis.xLen(env.queue.keys.dead)).toBe(0);
    expect(rec.metrics().deadLettered).toBe(0);
    const rows = await env.db('interactions').whereIn(
      'id',
      accepted.map((a) => a.id),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const a of accepted) {
      const row = byId.get(a.id);
      expect(row?.situation_description).toBe(a.situationDescription);
      expect(row?.selected_response).toBe(a.selectedResponse);
      expect(row?.selected_tone).toBe(a.selectedTone);
    }
  }, 120_000);
});
