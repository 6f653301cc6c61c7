// POST /api/voice/synthesize and GET /api/audio/:audioId end to end, on the real app with real
// Redis and Postgres: once with ElevenLabs (the SDK against the stand-in), once with the local
// espeak-ng, and without any voice.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../server/http/routes/index.ts';
import { measureDurationMs } from '../../server/voice/duration.ts';
import type { Voice } from '../../server/voice/voice.ts';
import { parseWav } from '../../machines/audio/wav.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  framesDurationMs,
  framesForText,
  startElevenLabsStandin,
  type ElevenLabsStandin,
} from '../support/elevenlabs-standin.ts';
import { call, expectError } from '../support/http.ts';

const responseSchema = routes.find((r) => r.path === '/api/voice/synthesize')!.success.schema;
const PUBLIC_URL = 'http://calmly.test';

/** Counts calls into the app's voice (cache hits make none). */
function countVoiceCalls(app: TestApp): { count(): number } {
  const real = app.calmly.deps.voice as Voice;
  let n = 0;
  app.calmly.deps.voice = { ...real, variant: real.variant, stream: (...args) => (n++, real.stream(...args)) };
  return { count: () => n };
}

async function getAudio(app: TestApp, audioUrl: string, headers: Record<string, string> = {}) {
  const res = await fetch(app.baseUrl + audioUrl.replace(PUBLIC_URL, ''), { headers });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

let standin: ElevenLabsStandin;
beforeAll(async () => {
  standin = await startElevenLabsStandin({ apiKey: 'el_rest_key' });
});
afterAll(() => standin.close());

const setups = [
  {
    name: 'ElevenLabs (SDK → stand-in)',
    env: () => ({
      ELEVENLABS_API_KEY: 'el_rest_key',
      ELEVENLABS_BASE_URL: standin.baseUrl,
      PUBLIC_URL,
      VOICE_CACHE_SECONDS: '600',
    }),
    voice: 'elevenlabs',
    format: 'mp3',
    contentType: 'audio/mpeg',
  },
  {
    name: 'local espeak-ng',
    env: () => ({ VOICE_PROVIDER: 'auto', VOICE_CACHE_SECONDS: '600' }),
    voice: 'espeak-ng',
    format: 'wav',
    contentType: 'audio/wav',
  },
] as const;

describe.each(setups)('voice over REST with $name', (setup) => {
  let app: TestApp;
  let calls: { count(): number };
  const req = (method: string, path: string, body?: unknown) => call(app.baseUrl, method, path, body);

  beforeAll(async () => {
    app = await startTestApp(setup.env());
    calls = countVoiceCalls(app);
  });
  afterAll(() => app?.close());

  it('/health names the voice', async () => {
    const res = await req('GET', '/health');
    expect(res.body.providers.voice).toBe(setup.voice);
  });

  it('synthesizes: 200 {audioUrl, duration, format}, and the URL serves the bytes with the real content type', async () => {
    const text = 'I hear you, and I want us to find a way through this together.';
    const res = await req('POST', '/api/voice/synthesize', { text, tone: 'Empathetic' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    responseSchema.parse(res.body);
    expect(res.body.format).toBe(setup.format);
    const prefix = setup.format === 'mp3' ? PUBLIC_URL : '';
    expect(res.body.audioUrl).toMatch(
      new RegExp(`^${prefix.replace(/\./g, '\\.')}/api/audio/[a-f0-9]{32}\\.${setup.format}$`),
    );
    expect(res.body.duration).toBeGreaterThan(1);

    const { res: audio, bytes } = await getAudio(app, res.body.audioUrl);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe(setup.contentType);
    expect(Number(audio.headers.get('content-length'))).toBe(bytes.length);
    expect(audio.headers.get('cache-control')).toMatch(/max-age=600/);
    expect(measureDurationMs(setup.format, bytes) / 1000).toBeCloseTo(res.body.duration, 2);
    if (setup.format === 'mp3') {
      expect(res.body.duration * 1000).toBeCloseTo(framesDurationMs(framesForText(text)), -1);
      expect(bytes[0]).toBe(0xff);
    } else {
      // the served WAV has exact sizes in its header
      expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
      expect(parseWav(bytes)!.dataOffset + bytes.readUInt32LE(40)).toBe(bytes.length);
    }
  });

  it('the same text, voice and tone is served from the cache the second time; another tone is not', async () => {
    const text = 'Could we agree on who presents which ideas from now on?';
    const before = calls.count();
    const upstreamBefore = standin.requests.length;
    const first = await req('POST', '/api/voice/synthesize', { text, tone: 'Calm and Professional' });
    const second = await req('POST', '/api/voice/synthesize', { text: `  ${text} `, tone: 'Calm and Professional' });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(calls.count() - before).toBe(1);
    if (setup.voice === 'elevenlabs') expect(standin.requests.length - upstreamBefore).toBe(1);
    const other = await req('POST', '/api/voice/synthesize', { text, tone: 'Assertive' });
    expect(other.body.audioUrl).not.toBe(first.body.audioUrl);
    expect(calls.count() - before).toBe(2);
    // kept in the audio store (files: not in Redis)
    const audioId = /([a-f0-9]{32})\./.exec(first.body.audioUrl)![1]!;
    expect(await app.calmly.deps.audio.get(audioId)).toMatchObject({ format: setup.format });
    expect(await app.calmly.deps.redis.keys(`${app.config.redis.prefix}:voice:*`)).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['blank', '   \n '],
    ['2001 characters (the seed allows 2000)', 'a'.repeat(2001)],
  ])('400 invalid_request for %s text', async (_what, text) => {
    const before = calls.count();
    expectError(await req('POST', '/api/voice/synthesize', { text }), 400, 'invalid_request', 'text');
    expect(calls.count()).toBe(before);
  });

  it('400 for a malformed voiceId; a missing body is 400 too', async () => {
    expectError(
      await req('POST', '/api/voice/synthesize', { text: 'Hi', voiceId: '../../etc' }),
      400,
      'invalid_request',
      'voiceId',
    );
    expectError(await req('POST', '/api/voice/synthesize'), 400, 'invalid_request');
  });

  it('GET /api/audio: 404 not_found for an unknown or expired id or the wrong extension, 400 for a malformed id', async () => {
    expectError(await req('GET', `/api/audio/${'0'.repeat(32)}.${setup.format}`), 404, 'not_found');
    expectError(await req('GET', '/api/audio/not-an-id.mp3'), 400, 'invalid_request', 'audioId');
    const made = await req('POST', '/api/voice/synthesize', { text: 'Short and sweet.' });
    const wrongExt = made.body.audioUrl
      .replace(PUBLIC_URL, '')
      .replace(/\.(mp3|wav)$/, setup.format === 'mp3' ? '.wav' : '.mp3');
    expectError(await req('GET', wrongExt), 404, 'not_found');
    const audioId = /([a-f0-9]{32})\./.exec(made.body.audioUrl)![1]!;
    await rm(path.join(app.config.voice.store.dir, audioId)); // as if evicted
    expectError(await req('GET', made.body.audioUrl.replace(PUBLIC_URL, '')), 404, 'not_found');
  });

  it('GET /api/audio honours a byte range and If-None-Match', async () => {
    const made = await req('POST', '/api/voice/synthesize', { text: 'Let us talk about it tomorrow morning.' });
    const { bytes: whole, res: full } = await getAudio(app, made.body.audioUrl);
    const { res, bytes } = await getAudio(app, made.body.audioUrl, { range: 'bytes=100-199' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-199/${whole.length}`);
    expect(bytes.equals(whole.subarray(100, 200))).toBe(true);
    const { res: notModified } = await getAudio(app, made.body.audioUrl, {
      'if-none-match': full.headers.get('etag')!,
    });
    expect(notModified.status).toBe(304);
  });
});

describe('ElevenLabs specifics over REST', () => {
  let app: TestApp;
  const req = (method: string, path: string, body?: unknown) => call(app.baseUrl, method, path, body);
  beforeAll(async () => {
    app = await startTestApp({
      ELEVENLABS_API_KEY: 'el_rest_key',
      ELEVENLABS_BASE_URL: standin.baseUrl,
      ELEVENLABS_VOICE_ID: 'configVoice',
      ELEVENLABS_MODEL_ID: 'eleven_test_model',
    });
  });
  afterAll(() => app?.close());

  it("uses the user's preferred voice id, an explicit voiceId first, the configured voice otherwise", async () => {
    const userId = `user_voice_${Date.now()}`;
    expect((await req('PUT', '/api/preferences', { userId, elevenLabsVoiceId: 'preferredVoice' })).status).toBe(200);
    standin.reset();
    await req('POST', '/api/voice/synthesize', { text: 'Preferred voice, please.', userId });
    await req('POST', '/api/voice/synthesize', { text: 'Explicit voice, please.', userId, voiceId: 'explicitVoice' });
    await req('POST', '/api/voice/synthesize', { text: 'Configured voice, please.' });
    expect(standin.requests.map((r) => r.voiceId)).toEqual(['preferredVoice', 'explicitVoice', 'configVoice']);
    expect(standin.requests.every((r) => r.body.model_id === 'eleven_test_model')).toBe(true);
  });

  it('speaks 2000 characters (the limit)', async () => {
    const res = await req('POST', '/api/voice/synthesize', { text: 'a'.repeat(2000) });
    expect(res.status).toBe(200);
    expect(res.body.duration * 1000).toBeCloseTo(framesDurationMs(framesForText('a'.repeat(2000))), -1);
  });

  it('503 voice_unavailable when ElevenLabs fails, and nothing is cached', async () => {
    standin.options.defaults = { status: 500 };
    try {
      expectError(
        await req('POST', '/api/voice/synthesize', { text: 'This will fail upstream.' }),
        503,
        'voice_unavailable',
      );
    } finally {
      standin.options.defaults = undefined;
    }
    const before = standin.requests.length;
    const ok = await req('POST', '/api/voice/synthesize', { text: 'This will fail upstream.' });
    expect(ok.status).toBe(200);
    expect(standin.requests.length - before).toBe(1); // synthesised now: the failure left nothing in the cache
  });
});

describe.each([
  ['VOICE_PROVIDER=none', { VOICE_PROVIDER: 'none', ELEVENLABS_API_KEY: 'ignored' }],
  ['no key and no espeak-ng', { ESPEAK_PATH: '/nonexistent/espeak-ng' }],
])('without a voice (%s)', (_name, env) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(env);
  });
  afterAll(() => app?.close());

  it('POST /api/voice/synthesize is 503 voice_unavailable and /health says voice: none', async () => {
    expectError(
      await call(app.baseUrl, 'POST', '/api/voice/synthesize', { text: 'Hello there.' }),
      503,
      'voice_unavailable',
    );
    expect((await call(app.baseUrl, 'GET', '/health')).body.providers.voice).toBe('none');
    // validation still comes first
    expectError(await call(app.baseUrl, 'POST', '/api/voice/synthesize', { text: '' }), 400, 'invalid_request', 'text');
  });
});
