// Personalization and privacy through the REST API, on the real app (in-process recorder, real
// Redis and Postgres): the queue-backed POST /api/interactions, the preference cache, learned
// patterns changing what /api/generate suggests, history, export and erasure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call, expectError } from '../support/http.ts';
import { countRows } from '../support/postgres.ts';
import { waitFor } from '../support/wait.ts';
import { routes } from '../../server/http/routes/index.ts';
import { queueKeys } from '../../server/recorder/queue.ts';

let app: TestApp;
const req = (method: string, path: string, body?: unknown) => call(app.baseUrl, method, path, body);
const db = () => app.calmly.deps.db;
const redis = () => app.calmly.deps.redis;
const prefix = () => app.config.redis.prefix;
const successSchema = (path: string, method: string) =>
  routes.find((r) => r.path === path && r.method === method)!.success.schema;
const rows = (userId: string) => countRows(db()('interactions').where({ user_id: userId }));

beforeAll(async () => {
  app = await startTestApp({ SESSION_IDLE_SECONDS: '3600' });
});
afterAll(async () => {
  await app?.close();
});

async function save(userId: string, over: Record<string, unknown> = {}) {
  const res = await req('POST', '/api/interactions', {
    userId,
    situationDescription: 'Coworker taking credit for ideas',
    detectedContext: 'work',
    selectedResponse: 'I need to address something important...',
    selectedTone: 'Calm and Professional',
    refinementCount: 0,
    ...over,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.interactionId as string;
}

describe('POST /api/interactions (queue-backed)', () => {
  it('answers {interactionId, saved, queuedForProcessing} and the recorder writes the row', async () => {
    const res = await req('POST', '/api/interactions', {
      userId: 'user_q1',
      situationDescription: 'Coworker taking credit for ideas',
      detectedContext: 'work',
      selectedResponse: 'I need to address something important...',
      selectedTone: 'Assertive and Professional',
      refinementCount: 2,
      refinements: ['Make it more assertive', 'shorter please'],
      sessionId: 'sess_q1',
    });
    expect(res.status).toBe(200);
    successSchema('/api/interactions', 'post').parse(res.body);
    expect(res.body).toEqual({ interactionId: expect.stringMatching(/^int_/), saved: true, queuedForProcessing: true });
    const row = await waitFor(() => db()('interactions').where({ id: res.body.interactionId }).first(), {
      what: 'the row',
    });
    expect(row).toMatchObject({
      user_id: 'user_q1',
      refinement_count: 2,
      session_id: 'sess_q1',
      refinements: ['more_assertive', 'shorter'],
    });
  });

  it.each([
    ['refinements', { refinements: Array(11).fill('shorter') }],
    ['refinements.0', { refinements: ['x'.repeat(201)] }],
    ['sessionId', { sessionId: 'bad session!' }],
  ])('rejects a bad %s', async (field, over) => {
    const res = await req('POST', '/api/interactions', {
      userId: 'user_q2',
      situationDescription: 's',
      selectedResponse: 'r',
      ...over,
    });
    expectError(res, 400, 'invalid_request', field);
  });
});

describe('preferences (Postgres, cached in Redis)', () => {
  it('serves defaults, caches them, and drops the cache on write', async () => {
    const key = app.calmly.deps.memory.keys.preferences('user_pc');
    const first = await req('GET', '/api/preferences?userId=user_pc');
    expect(first.body).toEqual({
      userId: 'user_pc',
      preferredTone: 'balanced',
      defaultAssertiveness: 5,
      voiceEnabled: false,
      elevenLabsVoiceId: null,
    });
    expect(JSON.parse((await redis().get(key))!)).toEqual(first.body);
    expect(await db()('users').where({ id: 'user_pc' }).first()).toBeUndefined(); // reading creates nothing

    const put = await req('PUT', '/api/preferences', {
      userId: 'user_pc',
      preferredTone: 'empathetic',
      defaultAssertiveness: 4,
    });
    expect(put.status).toBe(200);
    expect(await redis().get(key)).toBeNull();
    const after = await req('GET', '/api/preferences?userId=user_pc');
    expect(after.body).toMatchObject({ preferredTone: 'empathetic', defaultAssertiveness: 4 });
    expect(JSON.parse((await redis().get(key))!)).toEqual(after.body);
  });
});

describe('generation learns from interactions', () => {
  const relationship = 'My partner keeps forgetting our plans and I feel hurt.';
  const work = 'My coworker keeps taking credit for my work in meetings.';

  it('puts the tone a user picked in 8 of 10 relationship situations first, and says why', async () => {
    const u = 'user_empathetic';
    for (let i = 0; i < 10; i++) {
      await save(u, {
        detectedContext: 'relationship',
        selectedTone: i < 8 ? 'Empathetic' : 'Calm and Warm',
        situationDescription: `Partner situation ${i}`,
      });
    }
    await waitFor(async () => (await app.calmly.deps.memory.getPatterns(u)).toneByContext.relationship?.total === 10, {
      what: 'patterns',
    });

    const baseline = await req('POST', '/api/generate', {
      situation: relationship,
      context: 'relationship',
      userId: 'user_nohistory',
    });
    expect(baseline.status).toBe(200);
    expect(baseline.body.responses[0].tone).not.toBe('Empathetic');

    const res = await req('POST', '/api/generate', { situation: relationship, context: 'relationship', userId: u });
    expect(res.status).toBe(200);
    expect(res.body.responses[0].tone).toBe('Empathetic');
    expect(res.body.responses[0].explanation).toMatch(/Empathetic in 8 of 10 relationship situations/);
    expect(res.body.metadata.notes.join(' ')).toMatch(/8 of 10/);
  });

  it('gives a more assertive default to a user who nearly always asks for "more assertive" at work', async () => {
    const u = 'user_assertive';
    for (let i = 0; i < 10; i++) {
      await save(u, {
        detectedContext: 'work',
        refinements: i < 9 ? ['make it more assertive'] : [],
        refinementCount: i < 9 ? 1 : 0,
      });
    }
    // All ten recorded (the tenth has no refinement), not just the nine with one.
    await waitFor(
      async () =>
        (await app.calmly.deps.memory.getPatterns(u)).refinementHabits.some(
          (h) => h.adjustment === 'more_assertive' && h.count === 9 && h.total === 10,
        ),
      {
        what: 'refinement habit',
      },
    );

    const baseline = await req('POST', '/api/generate', { situation: work, context: 'work', userId: 'user_nohistory' });
    const res = await req('POST', '/api/generate', { situation: work, context: 'work', userId: u });
    expect(res.status).toBe(200);
    expect(res.body.metadata.notes.join(' ')).toMatch(/more assertive versions in 90% of your work situations/);
    expect(baseline.body.metadata.notes.join(' ')).not.toMatch(/assertive/);
    // the default suggestion itself is firmer than the same suggestion for a user without that habit
    expect(res.body.responses[0].tone).toBe(baseline.body.responses[0].tone);
    expect(res.body.responses[0].text).not.toBe(baseline.body.responses[0].text);
  });
});

describe('GET /api/history', () => {
  it('pages recent interactions newest first, with the learned patterns and insights', async () => {
    const u = 'user_empathetic'; // 10 interactions from the test above
    const res = await req('GET', `/api/history?userId=${u}&page=1&pageSize=4`);
    expect(res.status).toBe(200);
    successSchema('/api/history', 'get').parse(res.body);
    expect(res.body.pagination).toEqual({ total: 10, page: 1, pageSize: 4 });
    expect(res.body.interactions).toHaveLength(4);
    expect(res.body.interactions[0].situationDescription).toBe('Partner situation 9');
    const times = res.body.interactions.map((i: { createdAt: string }) => i.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(res.body.patterns.toneByContext.relationship).toEqual({
      tone: 'Empathetic',
      count: 8,
      total: 10,
      share: 0.8,
    });
    expect(res.body.insights).toContain('You usually choose Empathetic in relationship situations (8 of 10).');
    const page3 = await req('GET', `/api/history?userId=${u}&page=3&pageSize=4`);
    expect(page3.body.interactions).toHaveLength(2);
    expectError(await req('GET', '/api/history?userId=bad!id'), 400, 'invalid_request', 'userId');
    const empty = await req('GET', '/api/history?userId=user_never');
    expect(empty.body).toMatchObject({
      interactions: [],
      pagination: { total: 0 },
      patterns: { toneByContext: {}, refinementHabits: [] },
      insights: [],
    });
  });
});

describe('sessions → episodic memory', () => {
  it('summarises a session when it ends', async () => {
    const u = 'user_sess';
    await save(u, {
      sessionId: 'sess_e1',
      situationDescription: 'Manager moved my deadline without asking',
      refinements: ['more assertive'],
    });
    await save(u, {
      sessionId: 'sess_e1',
      situationDescription: 'Teammate skipped the review',
      selectedTone: 'Direct but Kind',
    });
    await waitFor(async () => (await rows(u)) === 2, { what: 'rows' });
    await waitFor(async () => (await app.calmly.deps.memory.getMemory(u, { sessionId: 'sess_e1' })).length === 2, {
      what: 'working memory',
    });
    const res = await req('POST', '/api/sessions/sess_e1/end', { userId: u });
    expect(res.status).toBe(200);
    expect(res.body.episode.summary).toMatch(/Manager moved my deadline/);
    expect(res.body.episode.summary).toMatch(/more assertive \(1\)/);
    expect((await req('POST', '/api/sessions/sess_e1/end', { userId: u })).body.episode).toBeNull();
  });
});

describe('privacy: export and erasure', () => {
  const u = 'user_private';

  it('exports everything held about the user (never key hashes)', async () => {
    await req('PUT', '/api/preferences', { userId: u, preferredTone: 'direct' });
    await save(u, { sessionId: 'sess_p', refinements: ['shorter'] });
    await save(u, { sessionId: 'sess_p', detectedContext: 'friendship', selectedTone: 'Casual and Friendly' });
    await waitFor(async () => (await rows(u)) === 2, { what: 'rows' });
    await app.calmly.deps.memory.endSession(u, 'sess_p');
    await save(u, { sessionId: 'sess_p2' });
    await waitFor(async () => (await rows(u)) === 3, { what: 'rows' });
    await app.calmly.deps.repos.apiKeys.create({
      id: 'key_private1',
      userId: u,
      name: 'laptop',
      prefix: 'ck_priv1',
      keyHash: 'supersecrethash',
    });

    const res = await req('GET', `/api/users/${u}/export`);
    expect(res.status).toBe(200);
    const x = res.body;
    expect(x.user.id).toBe(u);
    expect(x.preferences).toMatchObject({ preferredTone: 'direct' });
    expect(x.interactions).toHaveLength(3);
    expect(Object.keys(x.memory.workingMemory).sort()).toEqual(['sess_p', 'sess_p2']);
    expect(x.memory.workingMemory.sess_p).toHaveLength(2);
    expect(x.memory.episodes).toHaveLength(1);
    expect(x.memory.patterns.toneByContext.work.total).toBe(2);
    expect(x.apiKeys).toEqual([expect.objectContaining({ id: 'key_private1', prefix: 'ck_priv1', name: 'laptop' })]);
    expect(JSON.stringify(x)).not.toContain('supersecrethash');
    expect(x.queue).toEqual({ queued: [], deadLettered: [] });
  });

  it('erases rows, memory, patterns, sessions, cache and queued entries: nothing is left', async () => {
    const deps = app.calmly.deps;
    const qk = queueKeys(prefix());
    await req('GET', `/api/preferences?userId=${u}`); // cached
    // Entries still queued: stop the recorder so they stay unprocessed, and one in the dead-letter stream.
    await deps.recorder!.stop();
    await save(u, { situationDescription: 'queued, not yet processed' });
    await save('user_bystander', { situationDescription: 'someone else' });
    await redis().xAdd(qk.dead, '*', {
      originalId: '0-1',
      interactionId: 'int_deadone',
      userId: u,
      message: '{}',
      error: 'x',
      attempts: '5',
    });
    expect((await deps.queue.listUserEntries(u)).queued).toHaveLength(1);

    const res = await req('DELETE', `/api/users/${u}/data`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      erased: true,
      userId: u,
      removed: { users: 1, interactions: 3, preferences: 1, apiKeys: 1, queuedEntries: 2 },
    });
    expect(res.body.removed.memoryKeys).toBeGreaterThan(0);

    // A redelivered entry from before the erasure (e.g. claimed from a dead worker) is not written back.
    const oldMsg = {
      messageId: 'msg_old',
      userId: u,
      interaction: {
        id: 'int_redelivered',
        situationDescription: 'old',
        detectedContext: 'work',
        selectedResponse: 'r',
        selectedTone: 'Assertive',
        refinementCount: 0,
        refinements: [],
        sessionId: 'sess_p',
        createdAt: new Date(Date.now() - 60_000).toISOString(),
      },
      timestamp: Date.now() - 60_000,
      retryCount: 0,
    };
    await deps.queue.enqueue(oldMsg);
    await deps.recorder!.start();
    await waitFor(async () => (await rows('user_bystander')) === 1, { what: 'the bystander row' });
    await waitFor(async () => (await redis().xLen(qk.stream)) === 0, { what: 'the stream to drain' });

    // Postgres: no row anywhere mentions the user.
    const tables = (await db()('information_schema.tables')
      .where({ table_schema: 'public', table_type: 'BASE TABLE' })
      .pluck('table_name')) as string[];
    expect(tables).toEqual(
      expect.arrayContaining(['users', 'user_preferences', 'interactions', 'api_keys', 'erased_users']),
    );
    for (const t of tables) {
      const all = await db()(t).select('*');
      expect(JSON.stringify(all), t).not.toContain(u);
    }
    // Redis: no key and no value under this app's prefix mentions the user.
    const dump = await dumpRedis(`${prefix()}:*`);
    expect(dump.filter((k) => k.includes(u))).toEqual([]);
    expect(await rows(u)).toBe(0);
    expect((await req('GET', `/api/history?userId=${u}`)).body).toMatchObject({
      interactions: [],
      patterns: { toneByContext: {}, refinementHabits: [] },
    });
    const after = (await req('GET', `/api/users/${u}/export`)).body;
    expect(after).toMatchObject({
      user: null,
      preferences: null,
      interactions: [],
      memory: { workingMemory: {}, episodes: [] },
      apiKeys: [],
      queue: { queued: [], deadLettered: [] },
    });
    // Erasure is idempotent.
    expect((await req('DELETE', `/api/users/${u}/data`)).body.removed).toMatchObject({ users: 0, interactions: 0 });
    // Interactions made after the erasure are accepted again (the tombstone only covers the past).
    await save(u, { situationDescription: 'fresh start' });
    await waitFor(async () => (await rows(u)) === 1, { what: 'the fresh row' });
  });
});

describe('GET /health', () => {
  it('shows the queue and the in-process recorder', async () => {
    const res = await req('GET', '/health');
    expect(res.status).toBe(200);
    successSchema('/health', 'get').parse(res.body);
    expect(res.body.queue).toMatchObject({
      length: expect.any(Number),
      pending: expect.any(Number),
      deadLettered: expect.any(Number),
    });
    expect(res.body.queue.recorder.running).toBe(true);
    expect(res.body.queue.recorder.processed).toBeGreaterThan(0);
  });
});

describe('queue unavailable', () => {
  it('answers 503 service_unavailable and claims nothing as saved', async () => {
    const qk = queueKeys(prefix());
    await app.calmly.deps.recorder!.stop();
    await redis().del(qk.stream);
    await redis().set(qk.stream, 'not a stream'); // XADD now fails (WRONGTYPE)
    const res = await req('POST', '/api/interactions', {
      userId: 'user_503',
      situationDescription: 's',
      selectedResponse: 'r',
    });
    expectError(res, 503, 'service_unavailable');
    await redis().del(qk.stream);
    await app.calmly.deps.recorder!.start();
    const ok = await req('POST', '/api/interactions', {
      userId: 'user_503',
      situationDescription: 's',
      selectedResponse: 'r',
    });
    expect(ok.status).toBe(200);
    await waitFor(async () => (await rows('user_503')) === 1, { what: 'the row after recovery' });
  });
});

/** Every key under the pattern, with its whole value, as text lines (for "nothing mentions the user"). */
async function dumpRedis(pattern: string): Promise<string[]> {
  const r = redis();
  const out: string[] = [];
  for await (const keys of r.scanIterator({ MATCH: pattern, COUNT: 1000 })) {
    for (const k of keys) {
      const type = await r.type(k);
      let value: unknown;
      if (type === 'string') value = await r.get(k);
      else if (type === 'hash') value = await r.hGetAll(k);
      else if (type === 'set') value = await r.sMembers(k);
      else if (type === 'zset') value = await r.zRange(k, 0, -1);
      else if (type === 'list') value = await r.lRange(k, 0, -1);
      else if (type === 'stream') value = await r.sendCommand(['XRANGE', k, '-', '+']);
      out.push(`${k} ${JSON.stringify(value)}`);
    }
  }
  return out;
}
