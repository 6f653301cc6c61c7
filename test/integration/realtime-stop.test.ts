// Stopping a generation keeps what was written, and a connection that takes over a running
// generation (a second tab, a reload) is shown the text so far at once: the real app with the
// stand-in model streaming slowly, real sockets, Redis and Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { connectSession, sessionClients, streamedText, type SessionClient } from '../support/socket.ts';
import { startStandin, type Standin } from '../support/openai-standin.ts';
import { waitFor } from '../support/wait.ts';
import { RESUME_GRACE_MS } from '../../server/realtime/gateway.ts';

const SITUATION = 'My coworker keeps taking credit for my ideas in team meetings.';
let app: TestApp;
let standin: Standin;
let seq = 0;
const newUser = () => `user_st${process.pid}_${++seq}`;
const { connect, keep, closeAll } = sessionClients(() => app.baseUrl);

/** An instance writing with the stand-in model (no fallback: a stream is always the stand-in's). */
const instance = (env: Record<string, string> = {}) =>
  startTestApp({ AI_BASE_URL: standin.baseURL, AI_API_KEY: 'k', AI_MODEL: 'stand-in', AI_FALLBACK: 'none', ...env });

beforeAll(async () => {
  standin = await startStandin();
  app = await instance({ SOCKET_EVENTS_PER_SECOND: '50' });
});
afterAll(async () => {
  closeAll();
  await app?.close();
  await standin?.close();
});

/** Submits and waits until every suggestion has shown some text (the stand-in writes one word per 60 ms). */
async function streaming(c: SessionClient): Promise<number> {
  standin.reset();
  standin.options.defaults = { tokenDelayMs: 60 };
  await c.send('situation:submit', { situation: SITUATION, context: 'work' });
  const generation = c.view().generation;
  await waitFor(() => streamedText(c.received, generation).every((t) => t.trim().length > 0), {
    what: 'text in every card',
    timeoutMs: 10_000,
  });
  return generation;
}

/** The text each suggestion streamed to `c` (its catch-up included) and its tone from suggestion:start. */
const startsOf = (c: SessionClient, generation: number) =>
  [0, 1, 2].map(
    (index) =>
      c.received.findLast(
        (r) => r.event === 'suggestion:start' && r.payload.generation === generation && r.payload.index === index,
      )?.payload,
  );

describe('stopping a generation', () => {
  it('keeps every card’s text so far, marked stopped; a stopped one is refined by the model and saved in Postgres when selected', async () => {
    const userId = newUser();
    const c = await connect({ userId });
    const generation = await streaming(c);

    expect(await c.send('generation:cancel')).toEqual({ ok: true, state: 'ready' });
    const view = await c.until('ready');
    const streamed = streamedText(c.received, generation);
    const starts = startsOf(c, generation);
    // The stop keeps exactly what was shown (trimmed), with the tone announced at the start; no explanation.
    expect(view.suggestions).toEqual(
      starts.map((s, i) => ({ id: s.id, tone: s.tone, text: streamed[i]!.trim(), stopped: true })),
    );
    expect(view.versions.map((v) => v.length)).toEqual([1, 1, 1]);
    await waitFor(() => standin.byKind('variant').every((r) => r.closedEarly), { what: 'upstream closed' });

    // Stop then reload: the stopped suggestions come back with the session.
    c.close();
    const again = await connect({ userId, sessionId: c.ready.sessionId });
    expect(again.ready.view).toMatchObject({ state: 'ready', suggestions: view.suggestions });

    // Refined by the hosted model: a whole text again, no longer stopped.
    standin.options.defaults = {};
    expect(await again.send('suggestion:refine', { index: 0, adjustment: 'make it shorter' })).toMatchObject({
      ok: true,
    });
    await waitFor(() => again.view().state === 'ready' && again.view().refinements.length === 1, {
      what: 'the refinement',
    });
    expect(JSON.stringify(standin.byKind('refine').at(-1)?.body)).toContain(view.suggestions[0]!.text);
    expect(again.view().suggestions[0]).toMatchObject({ id: expect.stringMatching(/refined/), explanation: '' });
    expect(again.view().suggestions[0]).not.toHaveProperty('stopped');

    // Selecting a stopped one records its text and tone like any other.
    expect(await again.send('suggestion:select', { index: 1 })).toMatchObject({ ok: true });
    const saved = await again.next('interaction:saved');
    const row = await waitFor(() => app.calmly.deps.repos.interactions.get(saved.interactionId), {
      what: 'the Postgres row',
    });
    expect(row).toMatchObject({
      userId,
      sessionId: c.ready.sessionId,
      selectedResponse: view.suggestions[1]!.text,
      selectedTone: view.suggestions[1]!.tone,
      refinementCount: 0,
    });
  });

  it('a stop that arrives after the generation finished is acknowledged and changes nothing', async () => {
    standin.reset();
    standin.options.defaults = {};
    const c = await connect({ userId: newUser() });
    await c.send('situation:submit', { situation: SITUATION, context: 'work' });
    const ready = await c.until('ready', 20_000);
    expect(await c.send('generation:cancel')).toEqual({ ok: true, state: 'ready' });
    expect(c.view().suggestions).toEqual(ready.suggestions);
    expect(c.received.filter((r) => r.event === 'session:error')).toEqual([]);
  });
});

describe('taking over a running generation', () => {
  /** A second connection's first events: session:ready, then the catch-up, before anything the stream sends next. */
  async function takeOver(first: SessionClient, generation: number, userId: string) {
    const second = await connect({ userId, sessionId: first.ready.sessionId });
    expect(second.ready).toMatchObject({ resumed: true, view: { state: 'generating', generation } });
    const shown = streamedText(first.received, generation);
    const unfinished = [0, 1, 2].filter((i) => !second.ready.view.suggestions[i]);
    await waitFor(() => second.received.length >= unfinished.length + 2, { what: 'the catch-up' });
    const [ready, ...rest] = second.received;
    expect(ready?.event).toBe('session:ready');
    const catchUp = rest.slice(0, unfinished.length + 1);
    expect(catchUp.map((r) => r.event)).toEqual([...unfinished.map(() => 'suggestion:start'), 'stream:frame']);
    const caughtUp = streamedText(catchUp, generation);
    // At least what the first connection had been shown (the stream went on while the second connected).
    for (const i of unfinished) {
      expect(shown[i]!.trim()).not.toBe('');
      expect(caughtUp[i]!.startsWith(shown[i]!)).toBe(true);
    }
    // The same stream goes on to its end (not started again): what the second connection was sent adds up.
    const done = await second.until('ready', 20_000);
    const spelled = streamedText(second.received, generation);
    for (const i of unfinished) expect(spelled[i]).toBe(done.suggestions[i]!.text);
    expect(standin.byKind('variant')).toHaveLength(3);
    return second;
  }

  it('a second connection mid-generation gets the text so far at once, then the rest', async () => {
    const userId = newUser();
    const first = await connect({ userId });
    const generation = await streaming(first);
    await takeOver(first, generation, userId);
  });

  it(`a reload (the connection gone, back within ${RESUME_GRACE_MS} ms) finds the generation where it was`, async () => {
    const userId = newUser();
    const first = await connect({ userId });
    const generation = await streaming(first);
    first.close();
    await new Promise((r) => setTimeout(r, 300));
    await takeOver(first, generation, userId);
  });

  it('a resume on another instance runs the step again there, and the first instance stops its own at once', async () => {
    const other = await instance({ DATABASE_URL: app.config.db.url, REDIS_PREFIX: app.config.redis.prefix });
    try {
      const userId = newUser();
      const first = await connect({ userId });
      await streaming(first);
      const onA = standin.byKind('variant');
      const elsewhere = await connectSession(other.baseUrl, { userId, sessionId: first.ready.sessionId });
      keep(elsewhere);
      const resumedAt = performance.now();
      expect(elsewhere.ready.view).toMatchObject({ state: 'generating', suggestions: [null, null, null] });
      // Not after the grace: the other instance said it has the session.
      await waitFor(() => onA.every((r) => r.closedEarly), { what: "A's streams closed", timeoutMs: 5_000 });
      expect(Math.max(...onA.map((r) => r.closedAt!)) - resumedAt).toBeLessThan(RESUME_GRACE_MS / 2);
      const done = await elsewhere.until('ready', 20_000);
      expect(standin.byKind('variant')).toHaveLength(6);
      expect(done.suggestions.every((s) => s && !s.stopped)).toBe(true);
    } finally {
      await other.close();
    }
  });
});
