// Live sessions over Socket.IO, end to end: the real app on port 0 with real Redis and Postgres, the
// real socket.io-client, the built-in coach or the stand-in model server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { connectSession, streamedText, type SessionClient } from '../support/socket.ts';
import { startStandin, type Standin } from '../support/openai-standin.ts';
import { waitFor } from '../support/wait.ts';
import { RESUME_GRACE_MS } from '../../server/realtime/gateway.ts';

const SITUATION = 'My coworker keeps taking credit for my ideas in team meetings.';
let userSeq = 0;
const newUser = () => `user_rt${process.pid}_${++userSeq}`;

describe('live session with the built-in coach', () => {
  let app: TestApp;
  const clients: SessionClient[] = [];
  const connect = async (auth: Record<string, unknown>) => {
    const c = await connectSession(app.baseUrl, auth);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    app = await startTestApp({ SOCKET_EVENTS_PER_SECOND: '50' });
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await app?.close();
  });

  it('says which coach wrote the suggestions, asks when the situation is unclear, and coaches a flagged one normally when told it is not about safety', async () => {
    const c = await connect({ userId: newUser() });
    // Each submit starts a new generation: wait for that one to be ready, not the last one.
    const readyAfter = async (payload: { situation: string; notSafety?: boolean }) => {
      const generation = c.view().generation;
      await c.send('situation:submit', payload);
      await waitFor(() => c.view().generation > generation && c.view().state === 'ready', {
        what: 'the new generation',
      });
      return c.view();
    };
    expect((await readyAfter({ situation: SITUATION })).model).toBe('calmly-builtin-coach');

    const unclear = await readyAfter({ situation: 'help' });
    expect(unclear.analysis?.clarifyingQuestion).toMatch(/\?/);
    expect(unclear.analysis?.quickAnswers?.length).toBeGreaterThan(1);

    const flagged = "My husband hit me last night and I'm scared to go home";
    const safety = await readyAfter({ situation: flagged });
    expect(safety.analysis?.safety.flag).toBe(true);
    expect(safety.suggestions.map((s) => s?.tone)).toContain('Safety First');
    const ordinary = await readyAfter({ situation: flagged, notSafety: true });
    expect(ordinary.notSafety).toBe(true);
    expect(ordinary.suggestions.map((s) => s?.tone)).not.toContain('Safety First');
  });

  it('streams the analysis and three suggestions, refines one, and selecting it gives a Postgres row', async () => {
    const userId = newUser();
    const c = await connect({ userId });
    expect(c.ready).toMatchObject({ userId, resumed: false, protocolVersion: 2, view: { state: 'idle' } });
    expect(c.ready.sessionId).toMatch(/^sess_[A-Za-z0-9_-]{16,}$/);

    expect(await c.send('situation:submit', { situation: SITUATION })).toEqual({ ok: true, state: 'generating' });
    const ready = await c.until('ready');
    const analysis = await c.next('analysis');
    expect(analysis.analysis.context).toBe('work');
    const starts = c.received.filter((r) => r.event === 'suggestion:start').map((r) => r.payload);
    expect(starts.map((s) => s.index)).toEqual([0, 1, 2]);
    const done = c.received.filter((r) => r.event === 'suggestion:done').map((r) => r.payload);
    expect(done).toHaveLength(3);
    // The streamed tokens spell each suggestion exactly; the view holds the same suggestions.
    const spelled = streamedText(c.received, ready.generation);
    for (const d of done) {
      expect(spelled[d.index]).toBe(d.suggestion.text);
      expect(d.suggestion.explanation.length).toBeGreaterThan(10);
      expect(ready.suggestions[d.index]).toEqual(d.suggestion);
    }
    expect(new Set(done.map((d) => d.suggestion.tone)).size).toBe(3);
    // Frames gather tokens: far fewer messages than tokens.
    const frames = c.received.filter((r) => r.event === 'stream:frame').length;
    const tokens = spelled.join(' ').split(/\s+/).length;
    expect(frames).toBeLessThan(tokens / 3);

    const before = ready.suggestions[1]!;
    const from = c.received.length;
    expect(await c.send('suggestion:refine', { index: 1, adjustment: 'make it more assertive' })).toMatchObject({
      ok: true,
      state: 'refining',
    });
    const refined = await c.next('refinement:done', () => true, { from });
    await c.until('ready');
    expect(refined.index).toBe(1);
    expect(refined.refined.text).not.toBe(before.text);
    expect(streamedText(c.received.slice(from), ready.generation, 'refinement')[1]).toBe(refined.refined.text);
    expect(c.view().suggestions[1]).toMatchObject({ text: refined.refined.text, tone: before.tone });
    expect(c.view().refinements).toHaveLength(1);

    expect(await c.send('suggestion:select', { index: 1 })).toMatchObject({ ok: true, state: 'selecting' });
    const saved = await c.next('interaction:saved');
    const selected = await c.until('selected');
    expect(selected.selected).toEqual({ index: 1, interactionId: saved.interactionId });
    const row = await waitFor(() => app.calmly.deps.repos.interactions.get(saved.interactionId), {
      what: 'the interaction row',
    });
    expect(row).toMatchObject({
      userId,
      situationDescription: SITUATION,
      selectedResponse: refined.refined.text,
      selectedTone: before.tone,
      refinementCount: 1,
      sessionId: c.ready.sessionId,
    });

    // Working memory keeps the session's situation, responses and refinement.
    const memory = await app.calmly.deps.memory.getMemory(userId, { sessionId: c.ready.sessionId, nMostRecent: 20 });
    const keys = memory.map((m) => m.key);
    expect(keys).toEqual(expect.arrayContaining(['situation', 'suggestions', 'refinement']));
  });

  it('a new situation after a selection starts a fresh generation', async () => {
    const c = await connect({ userId: newUser() });
    await c.send('situation:submit', { situation: SITUATION });
    await c.until('ready');
    await c.send('suggestion:select', { index: 0 });
    await c.until('selected');
    await c.send('situation:submit', { situation: 'My best friend forgot my birthday again.', context: 'friendship' });
    const v = await c.until('ready');
    expect(v).toMatchObject({ generation: 2, context: 'friendship', selected: null });
    expect(v.suggestions.every(Boolean)).toBe(true);
  });

  it('answers invalid payloads with an error event and keeps the connection', async () => {
    const c = await connect({ userId: newUser() });
    const bad: Array<[Parameters<SessionClient['send']>[0], unknown, string]> = [
      ['situation:submit', {}, 'situation'],
      ['situation:submit', { situation: '   ' }, 'situation'],
      ['situation:submit', { situation: 'x'.repeat(2001) }, 'situation'],
      ['situation:submit', { situation: SITUATION, context: 'school' }, 'context'],
      ['situation:submit', 'just a string', '(payload)'],
      ['suggestion:refine', { index: 5, adjustment: 'warmer' }, 'index'],
      ['suggestion:refine', { index: 0, adjustment: 'y'.repeat(201) }, 'adjustment'],
      ['suggestion:select', { index: 1.5 }, 'index'],
    ];
    for (const [event, payload, field] of bad) {
      const from = c.received.length;
      const ack = await c.send(event, payload);
      expect(ack.ok).toBe(false);
      if (ack.ok) continue;
      expect(ack.error).toMatchObject({ code: 'invalid_request', event });
      expect(ack.error.details?.map((d) => d.field)).toContain(field);
      expect(await c.next('session:error', () => true, { from })).toMatchObject({ code: 'invalid_request' });
    }
    // Not allowed in this state: a clear error, nothing happens.
    const notNow = await c.send('suggestion:select', { index: 0 });
    expect(notNow).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(await c.send('session:retry')).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    // An unknown event is ignored; the connection is still up and works.
    (c.socket.emit as (...a: unknown[]) => void)('no:such:event', { a: 1 });
    expect(c.socket.connected).toBe(true);
    expect(await c.send('situation:submit', { situation: SITUATION })).toMatchObject({ ok: true });
    await c.until('ready');
  });

  it('an adjustment the built-in coach cannot act on is an error event; the suggestion stays', async () => {
    const c = await connect({ userId: newUser() });
    await c.send('situation:submit', { situation: SITUATION });
    const ready = await c.until('ready');
    const from = c.received.length;
    await c.send('suggestion:refine', { index: 0, adjustment: 'translate it into Klingon poetry' });
    const err = await c.next('session:error', () => true, { from });
    expect(err).toMatchObject({ code: 'unsupported_adjustment', supported: expect.any(Array) });
    const after = await c.until('ready');
    expect(after.suggestions[0]).toEqual(ready.suggestions[0]);
    expect(after.error).toMatchObject({ code: 'unsupported_adjustment' });
  });

  it('keeps earlier versions across a reconnect; "Use this version" brings one back and selecting it saves that text', async () => {
    const userId = newUser();
    const first = await connect({ userId });
    await first.send('situation:submit', { situation: SITUATION });
    const ready = await first.until('ready');
    const original = ready.suggestions[0]!;
    const from = first.received.length;
    await first.send('suggestion:refine', { index: 0, adjustment: 'make it shorter' });
    const refined = (await first.next('refinement:done', () => true, { from })).refined;
    await waitFor(() => (first.view().versions[0]?.length === 2 && first.view().state === 'ready' ? true : null), {
      what: 'the second version',
    });
    first.close();

    const again = await connect({ userId, sessionId: first.ready.sessionId });
    expect(again.ready.view.versions[0]).toEqual([
      { id: original.id, text: original.text, adjustments: [] },
      { id: refined.id, text: refined.text, adjustments: ['make it shorter'] },
    ]);
    expect(await again.send('suggestion:restore', { index: 0, version: 2 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state', message: expect.stringMatching(/no such version/) },
    });
    expect(await again.send('suggestion:restore', { index: 0, version: -1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await again.send('suggestion:restore', { index: 0, version: 0 })).toEqual({ ok: true, state: 'ready' });
    await waitFor(() => (again.view().suggestions[0]?.text === original.text ? true : null), {
      what: 'the original back in the view',
    });
    expect(again.view().suggestions[0]).toEqual(original);

    await again.send('suggestion:select', { index: 0 });
    const saved = await again.next('interaction:saved');
    const row = await waitFor(() => app.calmly.deps.repos.interactions.get(saved.interactionId), {
      what: 'the interaction row',
    });
    expect(row).toMatchObject({ selectedResponse: original.text, refinementCount: 0 });
  });

  it('rejects a handshake with a malformed userId or sessionId', async () => {
    await expect(connectSession(app.baseUrl, { userId: 'not valid!' })).rejects.toMatchObject({
      data: { code: 'invalid_request' },
    });
    await expect(connectSession(app.baseUrl, { userId: newUser(), sessionId: '../../etc' })).rejects.toMatchObject({
      data: { code: 'invalid_request' },
    });
  });

  it('resumes a session after a reconnect, with its suggestions, and continues', async () => {
    const userId = newUser();
    const first = await connect({ userId });
    await first.send('situation:submit', { situation: SITUATION });
    const ready = await first.until('ready');
    first.close();

    const again = await connect({ userId, sessionId: first.ready.sessionId });
    expect(again.ready).toMatchObject({ sessionId: first.ready.sessionId, resumed: true });
    expect(again.ready.view.state).toBe('ready');
    expect(again.ready.view.suggestions).toEqual(ready.suggestions);
    await again.send('suggestion:select', { index: 2 });
    const saved = await again.next('interaction:saved');
    await waitFor(() => app.calmly.deps.repos.interactions.get(saved.interactionId), { what: 'the row' });
  });

  it("does not let another user resume someone's session", async () => {
    const owner = await connect({ userId: newUser() });
    // A session that holds nothing yet is not stored: naming it starts a fresh session of one's own.
    const other = await connect({ userId: newUser(), sessionId: owner.ready.sessionId });
    expect(other.ready.resumed).toBe(false);
    expect(other.ready.sessionId).not.toBe(owner.ready.sessionId);
    await owner.send('situation:submit', { situation: SITUATION });
    await owner.until('ready');
    await expect(
      connectSession(app.baseUrl, { userId: newUser(), sessionId: owner.ready.sessionId }),
    ).rejects.toMatchObject({
      data: { code: 'forbidden' },
    });
  });

  it('an unknown or ended session id starts a new session', async () => {
    const userId = newUser();
    const c = await connect({ userId });
    await c.send('session:end');
    await c.next('session:ended');
    const again = await connect({ userId, sessionId: c.ready.sessionId });
    expect(again.ready.resumed).toBe(false);
    expect(again.ready.sessionId).not.toBe(c.ready.sessionId);
    const unknown = await connect({ userId, sessionId: 'sess_doesnotexist00000' });
    expect(unknown.ready.resumed).toBe(false);
  });
});

describe('live session limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ SOCKET_EVENTS_PER_SECOND: '3' });
  });
  afterAll(() => app?.close());

  it('rate-limits events per socket with rate_limited and a retry time, and stays connected', async () => {
    const c = await connectSession(app.baseUrl, { userId: newUser() });
    const acks = await Promise.all(Array.from({ length: 6 }, () => c.send('generation:cancel')));
    const limited = acks.filter((a) => !a.ok && a.error.code === 'rate_limited');
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(limited[0]).toMatchObject({ error: { retryAfterMs: expect.any(Number) } });
    expect(c.socket.connected).toBe(true);
    c.close();
  });
});

describe('live session with a hosted model (stand-in)', () => {
  let standin: Standin;
  let app: TestApp;
  beforeAll(async () => {
    standin = await startStandin();
    app = await startTestApp({
      AI_BASE_URL: standin.baseURL,
      AI_API_KEY: 'k',
      AI_MODEL: 'stand-in',
      SOCKET_EVENTS_PER_SECOND: '50',
    });
  });
  afterAll(async () => {
    await app?.close();
    await standin?.close();
  });

  it('streams tokens as they arrive, the three streams interleaved, before the generation ends', async () => {
    standin.options.defaults = { tokenDelayMs: 15 };
    const c = await connectSession(app.baseUrl, { userId: newUser() });
    await c.send('situation:submit', { situation: SITUATION, context: 'work' });
    const ready = await c.until('ready', 20_000);
    const frames = c.received.filter((r) => r.event === 'stream:frame');
    const firstDone = c.received.find((r) => r.event === 'suggestion:done')!;
    expect(frames.length).toBeGreaterThan(3);
    expect(frames[0]?.at).toBeLessThan(firstDone.at);
    // Interleaved: some frame before the first suggestion ends carries more than one stream.
    const before = frames.filter((f) => f.at < firstDone.at);
    expect(before.some((f) => new Set(f.payload.deltas.map((d: { index: number }) => d.index)).size > 1)).toBe(true);
    const spelled = streamedText(c.received, ready.generation);
    ready.suggestions.forEach((s, i) => expect(spelled[i]).toBe(s!.text));
    c.close();
  });

  it('cancel aborts the upstream generation within 100 ms', async () => {
    standin.reset();
    standin.options.defaults = { tokenDelayMs: 50 }; // seconds per variant
    const c = await connectSession(app.baseUrl, { userId: newUser() });
    await c.send('situation:submit', { situation: SITUATION, context: 'work' });
    await c.next('stream:frame');
    const variants = () => standin.requests.filter((r) => r.kind === 'variant');
    await waitFor(() => variants().length >= 3 && variants().every((r) => r.firstTokenAt), {
      what: 'three streams running',
      intervalMs: 2,
    });
    const cancelledAt = performance.now();
    // Every stream had shown text, so the stop keeps it (realtime-stop.test.ts): ready, not idle.
    expect(await c.send('generation:cancel')).toEqual({ ok: true, state: 'ready' });
    await waitFor(() => variants().every((r) => r.closedEarly), {
      what: 'upstream closed',
      timeoutMs: 2000,
      intervalMs: 2,
    });
    // The stand-in's clock is performance.now() in this process too.
    const latest = Math.max(...variants().map((r) => r.closedAt!));
    expect(latest - cancelledAt).toBeLessThan(100);
    expect(c.view()).toMatchObject({ state: 'ready', situation: SITUATION });
    c.close();
  });

  it('a client that goes away mid-generation stops the upstream calls (once a reload could no longer take it over)', async () => {
    standin.reset();
    standin.options.defaults = { tokenDelayMs: 200 }; // longer than the grace
    const c = await connectSession(app.baseUrl, { userId: newUser() });
    await c.send('situation:submit', { situation: SITUATION, context: 'work' });
    await c.next('stream:frame');
    c.close();
    const goneAt = performance.now();
    const variants = () => standin.requests.filter((r) => r.kind === 'variant');
    await waitFor(() => variants().length >= 3 && variants().every((r) => r.closedEarly), {
      what: 'upstream closed',
      timeoutMs: RESUME_GRACE_MS + 2000,
    });
    const closedAt = Math.max(...variants().map((r) => r.closedAt!));
    expect(closedAt - goneAt).toBeGreaterThan(RESUME_GRACE_MS - 200);
    expect(closedAt - goneAt).toBeLessThan(RESUME_GRACE_MS + 500);
  });
});

describe('two instances sharing Redis and Postgres', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ SOCKET_EVENTS_PER_SECOND: '50' });
    b = await startTestApp({
      DATABASE_URL: a.config.db.url,
      REDIS_PREFIX: a.config.redis.prefix,
      SOCKET_EVENTS_PER_SECOND: '50',
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('a session started on one instance continues on the other, which takes the connection over', async () => {
    const userId = newUser();
    const onA = await connectSession(a.baseUrl, { userId });
    await onA.send('situation:submit', { situation: SITUATION });
    const ready = await onA.until('ready');
    let aDisconnected = '';
    onA.socket.on('disconnect', (reason) => {
      aDisconnected = reason;
    });

    // Still connected to A: opening it on B reaches A's connection through the Redis adapter.
    const onB = await connectSession(b.baseUrl, { userId, sessionId: onA.ready.sessionId });
    expect(onB.ready).toMatchObject({ resumed: true, sessionId: onA.ready.sessionId });
    expect(onB.ready.view.suggestions).toEqual(ready.suggestions);
    await waitFor(() => aDisconnected, { what: "A's connection closed" });
    expect(aDisconnected).toBe('io server disconnect');

    await onB.send('suggestion:refine', { index: 0, adjustment: 'make it shorter' });
    await onB.until('ready');
    await onB.send('suggestion:select', { index: 0 });
    const saved = await onB.next('interaction:saved');
    const row = await waitFor(() => a.calmly.deps.repos.interactions.get(saved.interactionId), {
      what: 'the row (read through A)',
    });
    expect(row).toMatchObject({ userId, sessionId: onA.ready.sessionId, refinementCount: 1 });
    onB.close();
  });
});

describe('voice in a live session (local voice, espeak-ng)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ VOICE_PROVIDER: 'espeak', SOCKET_EVENTS_PER_SECOND: '50' });
  });
  afterAll(() => app?.close());

  it('streams a suggestion as audio chunks, in order, then the measured duration', async () => {
    const c = await connectSession(app.baseUrl, { userId: newUser() });
    await c.send('situation:submit', { situation: SITUATION });
    await c.until('ready');
    expect(await c.send('voice:play', { index: 1 })).toMatchObject({ ok: true, state: 'ready' });
    const start = await c.next('audio:start');
    expect(start).toMatchObject({ index: 1, format: 'wav', contentType: 'audio/wav', auto: false });
    const end = await c.next('audio:end', (p) => p.playId === start.playId, { timeoutMs: 20_000 });
    const chunks = c.received
      .filter((r) => r.event === 'audio:chunk' && r.payload.playId === start.playId)
      .map((r) => r.payload);
    expect(chunks.map((ch) => ch.seq)).toEqual(chunks.map((_, i) => i));
    const bytes = chunks.reduce((n, ch) => n + ch.data.byteLength, 0);
    expect(bytes).toBe(end.bytes);
    expect(Buffer.from(chunks[0].data).subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(end.durationMs).toBeGreaterThan(500);
    c.close();
  });

  it('stops at once on voice:stop, and a new clip replaces the one playing', async () => {
    const c = await connectSession(app.baseUrl, { userId: newUser() });
    await c.send('situation:submit', { situation: SITUATION });
    await c.until('ready');
    await c.send('voice:play', { index: 0 });
    const first = await c.next('audio:start');
    await c.send('voice:play', { index: 2 });
    expect(await c.next('audio:stopped', (p) => p.playId === first.playId)).toMatchObject({ reason: 'replaced' });
    const second = await c.next('audio:start', (p) => p.index === 2);
    await c.send('voice:stop');
    const stopped = await c.next('audio:stopped', (p) => p.playId === second.playId);
    expect(stopped.reason).toBe('stopped');
    const after = c.received.length;
    // Nothing more of the stopped clip arrives.
    await new Promise((r) => setTimeout(r, 300));
    expect(
      c.received.slice(after).filter((r) => r.event.startsWith('audio:') && r.payload.playId === second.playId),
    ).toEqual([]);
    expect(await c.send('voice:play', { index: 5 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    c.close();
  });

  it('speaks the selected response by itself when the user turned voice on', async () => {
    const userId = newUser();
    const res = await fetch(`${app.baseUrl}/api/preferences`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, voiceEnabled: true }),
    });
    expect(res.status).toBe(200);
    const c = await connectSession(app.baseUrl, { userId });
    await c.send('situation:submit', { situation: SITUATION });
    await c.until('ready');
    await c.send('suggestion:select', { index: 2 });
    expect(await c.next('audio:start', () => true, { timeoutMs: 10_000 })).toMatchObject({ index: 2, auto: true });
    c.close();
  });
});

describe('voice in a live session with no voice', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ VOICE_PROVIDER: 'none' });
  });
  afterAll(() => app?.close());

  it('answers voice:play with voice_unavailable and keeps the session', async () => {
    const c = await connectSession(app.baseUrl, { userId: newUser() });
    await c.send('situation:submit', { situation: SITUATION });
    await c.until('ready');
    expect(await c.send('voice:play', { index: 0 })).toMatchObject({ ok: false, error: { code: 'voice_unavailable' } });
    expect(c.view().state).toBe('ready');
    c.close();
  });
});
