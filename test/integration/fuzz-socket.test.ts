// Property-based fuzzing of the Socket.IO edge (AUTH_MODE=apikey): every client event in
// CLIENT_EVENTS (machines/protocol.ts) with junk payloads, extra arguments and no acknowledgement;
// unknown event names; junk handshakes (auth fields, tokens, Authorization headers). The server
// answers with `session:error` / a failed acknowledgement carrying a stable code, never
// internal_error; the connection stays up; the app keeps answering /health.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { bearer, connect, type Connected } from '../support/auth.ts';
import { FUZZ, junkString, junkValue } from '../support/fuzz.ts';
import { waitFor } from '../support/wait.ts';
import { CLIENT_EVENTS } from '../../machines/protocol.ts';
import { ERROR_STATUS } from '../../server/errors.ts';
import { createApiKey } from '../../server/auth/apikeys.ts';

const KNOWN_CODES = new Set(Object.keys(ERROR_STATUS));
/** What a client can cause; internal_error would be our bug. */
const CLIENT_CODES = new Set([
  'invalid_request',
  'invalid_state',
  'rate_limited',
  'unsupported_adjustment',
  'voice_unavailable',
  'forbidden',
  'unauthorized',
]);

let app: TestApp;
let key: string;
let session: Connected;

beforeAll(async () => {
  app = await startTestApp({ AUTH_MODE: 'apikey', SOCKET_EVENTS_PER_SECOND: '1000' });
  key = (await createApiKey(app.calmly.deps.repos.apiKeys, { userId: 'user_fuzz' })).key;
  session = await connect(app.baseUrl, { token: key });
});
afterAll(async () => {
  session?.close();
  await app?.close();
});

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)),
  ]);

describe('every client event with junk payloads', () => {
  // session:end last: once it lands, the session has ended and every event is invalid_state.
  for (const event of [...CLIENT_EVENTS.filter((e) => e !== 'session:end'), 'session:end' as const]) {
    it(event, async () => {
      // Payloads shaped like the real ones (every field of every event; each event reads its own), valid
      // three times in four per field, so the session really generates, refines, selects and speaks.
      const mostly = <T>(valid: fc.Arbitrary<T>) =>
        fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: junkValue, weight: 1 });
      const shaped = fc.record({
        situation: mostly(fc.constantFrom('My friend is always late to dinner.', 'My boss ignores my emails.', ' x ')),
        context: fc.option(mostly(fc.constantFrom('work', 'friendship', 'relationship')), { nil: undefined }),
        index: mostly(fc.integer({ min: 0, max: 2 })),
        adjustment: mostly(fc.constantFrom('make it shorter', 'more assertive', 'sing it like a pirate')),
      });
      const args = fc.oneof(
        { arbitrary: shaped.map((v) => [v] as unknown[]), weight: 4 },
        { arbitrary: junkValue.map((v) => [v]), weight: 2 },
        { arbitrary: fc.constant([] as unknown[]), weight: 1 },
        { arbitrary: fc.constant([undefined] as unknown[]), weight: 1 },
        { arbitrary: fc.tuple(junkValue, junkValue, junkValue).map((a) => [...a]), weight: 1 },
        { arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => [Buffer.from(b)] as unknown[]), weight: 1 },
      );
      await fc.assert(
        fc.asyncProperty(args, fc.boolean(), async (payload, withAck) => {
          const errorsBefore = session.received.length;
          if (withAck) {
            const ack = await withTimeout(
              new Promise<any>((resolve) => session.socket.emit(event, ...payload, resolve)),
              5_000,
              `ack for ${event}`,
            );
            expect(typeof ack?.ok, JSON.stringify(ack)).toBe('boolean');
            if (!ack.ok) {
              expect(KNOWN_CODES.has(ack.error.code), JSON.stringify(ack)).toBe(true);
              expect(CLIENT_CODES.has(ack.error.code), JSON.stringify(ack)).toBe(true);
              expect(typeof ack.error.message).toBe('string');
            }
          } else {
            session.socket.emit(event, ...payload);
          }
          for (const r of session.received.slice(errorsBefore)) {
            if (r.event !== 'session:error') continue;
            expect(CLIENT_CODES.has(r.payload.code), JSON.stringify(r.payload)).toBe(true);
            expect(JSON.stringify(r.payload)).not.toMatch(/\bat [\w.<>]+ \(|node:internal|\.ts:\d+/);
          }
          expect(session.socket.connected).toBe(true);
        }),
        { ...FUZZ },
      );
      // Still the same connection, still answering a well-formed event.
      expect(session.socket.connected).toBe(true);
      const ack = await withTimeout(
        new Promise<any>((resolve) => session.socket.emit('voice:stop', {}, resolve)),
        5_000,
        'ack',
      );
      expect(ack).toMatchObject({ ok: expect.any(Boolean) });
    }, 60_000);
  }

  it('unknown event names are ignored; the session still works afterwards', async () => {
    await fc.assert(
      fc.asyncProperty(junkString, junkValue, async (name, payload) => {
        if (
          !name ||
          name.startsWith('session:') ||
          ['connect', 'disconnect', 'connect_error', 'disconnecting', 'newListener', 'removeListener'].includes(name)
        )
          return;
        session.socket.emit(name, payload);
      }),
      { ...FUZZ },
    );
    expect(session.socket.connected).toBe(true);
    // Back to a known state, then a full round: the session still generates.
    const settled = await withTimeout(
      new Promise<any>((resolve) => session.socket.emit('generation:cancel', {}, resolve)),
      5_000,
      'ack',
    );
    expect(settled).toHaveProperty('ok');
    await waitFor(() => !['generating', 'refining', 'selecting'].includes(lastState()), { what: 'a settled state' });
    const ack = await withTimeout(
      new Promise<any>((resolve) =>
        session.socket.emit('situation:submit', { situation: 'My friend is always late.' }, resolve),
      ),
      5_000,
      'ack',
    );
    if (ack.ok) await waitFor(() => lastState() === 'ready', { what: 'ready' });
    else expect(ack.error.code).toBe('invalid_state'); // e.g. the session was ended by a fuzzed session:end
    expect((await fetch(`${app.baseUrl}/health`)).status).toBe(200);
  });
});

function lastState(): string {
  return [...session.received].reverse().find((r) => r.event === 'session:state')?.payload.changes.state ?? 'idle';
}

describe('junk handshakes', () => {
  it('are refused with a stable connect error code, and the server keeps serving', async () => {
    const printable = fc.string({ unit: 'grapheme-ascii', maxLength: 80 });
    const junkToken = fc.oneof(
      printable,
      fc.constant(`clm_${'0'.repeat(12)}_${'A'.repeat(43)}`),
      fc.constant('x'.repeat(4096)),
      fc.constant('a.b.c'),
    );
    const auth = fc.oneof(
      // Well-formed handshakes with credentials that are not valid.
      fc.record({ token: junkToken }),
      fc.record({ token: junkToken, userId: fc.constantFrom('user_fuzz', 'user_other') }, { requiredKeys: ['token'] }),
      fc.constant({}),
      // Malformed ones.
      fc.record(
        { userId: junkValue, sessionId: junkValue, token: fc.oneof(junkValue, junkToken), extra: junkValue },
        { requiredKeys: [] },
      ),
    );
    const headers = fc.option(
      printable.map((s) => ({ authorization: `Bearer ${s}` })),
      { nil: undefined },
    );
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(auth, headers, async (a, h) => {
        let outcome: { code?: string; connected?: boolean };
        try {
          const c = await connect(app.baseUrl, a as Record<string, unknown>, h);
          c.close();
          outcome = { connected: true };
        } catch (err) {
          outcome = { code: (err as { data?: { code?: string } }).data?.code };
        }
        // Without the one valid key nobody gets in; every refusal names why.
        expect(outcome.connected, JSON.stringify(a).slice(0, 300)).toBeUndefined();
        expect(
          ['invalid_request', 'unauthorized', 'forbidden'],
          JSON.stringify({ a, outcome }).slice(0, 300),
        ).toContain(outcome.code);
        codes.add(outcome.code!);
      }),
      { ...FUZZ },
    );
    expect([...codes].sort()).toEqual(['invalid_request', 'unauthorized']);
    expect((await fetch(`${app.baseUrl}/health`)).status).toBe(200);
    expect(session.socket.connected).toBe(true);
    // A valid key with junk fields beside it is still fine.
    const ok = await connect(app.baseUrl, { token: key, colour: 'blue' }, bearer('ignored-when-auth-token-is-set'));
    expect(ok.ready.userId).toBe('user_fuzz');
    ok.close();
  }, 60_000);
});
