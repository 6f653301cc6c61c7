// The voice attack of issue 18 (item 2), replayed against the real app, the real espeak-ng and real
// Redis: one key sending many long syntheses at once, twenty identical requests at once, text over
// the seed's 2,000 characters, and clips that grew Redis by half a gigabyte. Now: syntheses are
// capped per user and per process (429 rate_limited beyond, Retry-After), identical requests share
// one synthesis, clips live in files outside Redis, survive a restart, and stay under their bound.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.ts';
import { speak } from '../../server/usecases/speak.ts';
import { createEspeakVoice } from '../../server/voice/espeak.ts';
import type { Voice } from '../../server/voice/voice.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call, expectError, type JsonResponse } from '../support/http.ts';
import { waitFor } from '../support/wait.ts';

const ESPEAK = process.env.ESPEAK_PATH ?? 'espeak-ng';

/** Long, distinct texts (2,000 characters, the limit). */
const longText = (n: number) =>
  `Request ${n}. ${'I would like us to talk calmly about how we share the work from now on. '.repeat(40)}`.slice(
    0,
    2000,
  );

/**
 * The app's voice replaced by the real espeak-ng whose processes are counted, held after the
 * first chunk until `open()` so that every request of a burst overlaps the ones before it.
 */
function instrumentedVoice(app: TestApp) {
  const children: ChildProcessWithoutNullStreams[] = [];
  let maxAlive = 0;
  const alive = () => children.filter((c) => c.exitCode === null && c.signalCode === null).length;
  const real = createEspeakVoice({
    path: ESPEAK,
    spawn: (command, args) => {
      const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      children.push(child);
      maxAlive = Math.max(maxAlive, alive());
      return child;
    },
  });
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  const voice: Voice = {
    ...real,
    variant: real.variant,
    async *stream(text, opts, signal) {
      const upstream = real.stream(text, opts, signal)[Symbol.asyncIterator]();
      const first = await upstream.next();
      await gate;
      if (first.done) return;
      yield first.value;
      for (let next = await upstream.next(); !next.done; next = await upstream.next()) yield next.value;
    },
  };
  app.calmly.deps.voice = voice;
  return {
    spawned: () => children.length,
    alive,
    maxAlive: () => maxAlive,
    open: () => release(),
    close: () => {
      gate = new Promise<void>((r) => (release = r));
    },
  };
}

const synthesize = (app: TestApp, body: Record<string, unknown>) =>
  call(app.baseUrl, 'POST', '/api/voice/synthesize', body);

describe('voice limits (VOICE_MAX_CONCURRENT_PER_USER=2, VOICE_MAX_CONCURRENT=4)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      VOICE_PROVIDER: 'espeak',
      VOICE_MAX_CONCURRENT_PER_USER: '2',
      VOICE_MAX_CONCURRENT: '4',
    });
  });
  afterAll(() => app?.close());

  it('one user sending 10 long syntheses at once: 2 espeak-ng processes run, the other 8 get 429 rate_limited with Retry-After', async () => {
    const voice = instrumentedVoice(app);
    const pending = Array.from({ length: 10 }, (_, i) => synthesize(app, { text: longText(i), userId: 'attacker' }));
    const settled: JsonResponse[] = [];
    for (const p of pending) void p.then((r) => settled.push(r));
    await waitFor(() => settled.length === 8, { what: 'the eight refusals' });
    expect(voice.alive()).toBe(2);
    for (const res of settled) {
      expectError(res, 429, 'rate_limited');
      expect(res.headers.get('retry-after')).toBe('1');
      expect(res.body.error.message).toMatch(/already have 2 voice clips being made/);
    }
    // another user is not held up by the first one's slots
    const other = synthesize(app, { text: 'Someone else, meanwhile.', userId: 'bystander' });
    await waitFor(() => voice.spawned() === 3, { what: "the bystander's synthesis" });
    voice.open();
    const done = await Promise.all(pending);
    expect(done.filter((r) => r.status === 200)).toHaveLength(2);
    expect((await other).status).toBe(200);
    expect(voice.spawned()).toBe(3);
    expect(voice.maxAlive()).toBeLessThanOrEqual(3);
    // the slots came back
    expect((await synthesize(app, { text: longText(42), userId: 'attacker' })).status).toBe(200);
  });

  it('across users, at most VOICE_MAX_CONCURRENT=4 syntheses run in the process; the 5th user gets 429', async () => {
    const voice = instrumentedVoice(app);
    const pending = Array.from({ length: 4 }, (_, i) => synthesize(app, { text: longText(100 + i), userId: `u${i}` }));
    await waitFor(() => voice.spawned() === 4, { what: 'four syntheses' });
    const fifth = await synthesize(app, { text: longText(104), userId: 'u4' });
    expectError(fifth, 429, 'rate_limited');
    expect(fifth.body.error.message).toMatch(/voice is busy/);
    expect(fifth.headers.get('retry-after')).toBe('1');
    expect(voice.alive()).toBe(4);
    voice.open();
    expect((await Promise.all(pending)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(voice.maxAlive()).toBe(4);
  });

  it('20 identical requests at once start one espeak-ng; all 20 get the same clip and the same bytes', async () => {
    const voice = instrumentedVoice(app);
    const text = 'The same words, twenty times over, at the very same moment.';
    const pending = Array.from({ length: 20 }, () => synthesize(app, { text, userId: 'attacker' }));
    // every request is in before the synthesis may finish
    await waitFor(() => new Promise<boolean>((r) => app.calmly.server.getConnections((_e, n) => r(n >= 20))), {
      what: '20 connections',
    });
    await waitFor(() => voice.spawned() === 1, { what: 'the synthesis' });
    voice.open();
    const results = await Promise.all(pending);
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.body.audioUrl)).size).toBe(1);
    expect(voice.spawned()).toBe(1);
    const bodies = await Promise.all(
      results.map(async (r) => Buffer.from(await (await fetch(app.baseUrl + r.body.audioUrl)).arrayBuffer())),
    );
    expect(bodies[0]!.length).toBeGreaterThan(10_000);
    for (const b of bodies) expect(b.equals(bodies[0]!)).toBe(true);
  });

  it('2,001 characters is 400 invalid_request (REST), and speak() refuses it for a live session too', async () => {
    const voice = instrumentedVoice(app);
    voice.open();
    expectError(await synthesize(app, { text: 'a'.repeat(2001) }), 400, 'invalid_request', 'text');
    const err = await speak(app.calmly.deps, { text: 'a'.repeat(2001) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_request');
    expect((await synthesize(app, { text: 'a'.repeat(2000) })).status).toBe(200);
    expect(voice.spawned()).toBe(1);
  });
});

describe('clips are kept outside Redis', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'calmly-voice-files-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('Redis holds no audio after a synthesis; the clip is served from its file, also by a new app on the same directory', async () => {
    let app = await startTestApp({ VOICE_PROVIDER: 'espeak', VOICE_AUDIO_DIR: dir });
    let audioUrl: string;
    let bytes: Buffer;
    try {
      const res = await synthesize(app, { text: longText(7) });
      expect(res.status).toBe(200);
      audioUrl = res.body.audioUrl;
      const audio = await fetch(app.baseUrl + audioUrl);
      expect(audio.status).toBe(200);
      bytes = Buffer.from(await audio.arrayBuffer());
      expect(bytes.length).toBeGreaterThan(1_000_000); // ~2 minutes of speech
      // Nothing under the app's prefix is anywhere near the size of the clip, and no key is audio.
      const { redis } = app.calmly.deps;
      const keys = await redis.keys(`${app.config.redis.prefix}:*`);
      expect(keys.filter((k) => k.includes(':voice:'))).toEqual([]);
      const sizes = await Promise.all(keys.map((k) => redis.memoryUsage(k)));
      expect(Math.max(0, ...sizes.map((s) => s ?? 0))).toBeLessThan(bytes.length / 4);
      const files = (await readdir(dir)).filter((f) => /^[a-f0-9]{32}$/.test(f));
      expect(files).toEqual([/([a-f0-9]{32})\./.exec(audioUrl)![1]]);
    } finally {
      await app.close();
    }
    app = await startTestApp({ VOICE_PROVIDER: 'espeak', VOICE_AUDIO_DIR: dir });
    try {
      const again = await fetch(app.baseUrl + audioUrl);
      expect(again.status).toBe(200);
      expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('many distinct clips: the files stay under VOICE_CACHE_MAX_BYTES, the least recently used going first', async () => {
    const boundDir = await mkdtemp(path.join(tmpdir(), 'calmly-voice-bound-'));
    const max = 1_048_576;
    const app = await startTestApp({
      VOICE_PROVIDER: 'espeak',
      VOICE_AUDIO_DIR: boundDir,
      VOICE_CACHE_MAX_BYTES: String(max),
    });
    const used = async () => {
      let total = 0;
      for (const f of await readdir(boundDir)) if (f !== 'tmp') total += (await stat(path.join(boundDir, f))).size;
      return total;
    };
    try {
      const urls: string[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await synthesize(app, { text: `Clip number ${i}. ${longText(i).slice(0, 300)}` });
        expect(res.status).toBe(200);
        urls.push(res.body.audioUrl);
        expect(await used()).toBeLessThanOrEqual(max);
      }
      expect(await used()).toBeGreaterThan(max / 2);
      // the newest is served, the oldest was evicted (404, as if expired)
      expect((await fetch(app.baseUrl + urls.at(-1))).status).toBe(200);
      expectError(await call(app.baseUrl, 'GET', urls[0]!), 404, 'not_found');
      expect((await readdir(path.join(boundDir, 'tmp'))).length).toBe(0);
    } finally {
      await app.close();
      await rm(boundDir, { recursive: true, force: true });
    }
  });
});
