// speak(), the use-case the live session streams from: chunks before the clip is complete, the
// cache filled at the end and used next time, abort reaching the upstream, errors before any audio.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.ts';
import { measureDurationMs } from '../../server/voice/duration.ts';
import { speak } from '../../server/usecases/speak.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  FRAME_BYTES,
  framesDurationMs,
  startElevenLabsStandin,
  type ElevenLabsStandin,
} from '../support/elevenlabs-standin.ts';
import { waitFor } from '../support/wait.ts';

let standin: ElevenLabsStandin;
let app: TestApp;
const deps = () => app.calmly.deps;
const cache = () => deps().audio;
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

beforeAll(async () => {
  standin = await startElevenLabsStandin({ apiKey: 'el_speak' });
  app = await startTestApp({ ELEVENLABS_API_KEY: 'el_speak', ELEVENLABS_BASE_URL: standin.baseUrl });
});
afterAll(async () => {
  await app?.close();
  await standin?.close();
});
beforeEach(() => {
  standin.reset();
  standin.options.defaults = undefined;
});

describe('speak', () => {
  it('streams chunks while the upstream is still sending, then caches the clip and reports its measured duration', async () => {
    standin.options.defaults = { frames: 60, framesPerChunk: 6, chunkDelayMs: 40 };
    const speech = await speak(deps(), { text: 'Streaming while it speaks.', tone: 'Direct but Kind' });
    expect(speech).toMatchObject({ format: 'mp3', contentType: 'audio/mpeg', voice: 'elevenlabs' });
    const received: Buffer[] = [];
    let upstreamDoneAtFirstChunk: boolean | null = null;
    for await (const c of speech.chunks) {
      upstreamDoneAtFirstChunk ??= standin.requests[0]!.endedAt !== undefined;
      received.push(Buffer.from(c));
    }
    expect(upstreamDoneAtFirstChunk).toBe(false);
    expect(received.length).toBeGreaterThan(1);
    const clip = await speech.done;
    expect(clip.bytes).toBe(60 * FRAME_BYTES);
    expect(clip.durationMs).toBe(Math.round(framesDurationMs(60)));
    expect(clip.audioId).toMatch(/^[a-f0-9]{32}$/);
    const cached = await cache().get(clip.audioId);
    expect(cached!.bytes.equals(Buffer.concat(received))).toBe(true);
    expect(cached).toMatchObject({ format: 'mp3', durationMs: clip.durationMs, voice: 'elevenlabs' });
  });

  it('the second time the clip comes from the cache, with the same bytes and no upstream request', async () => {
    const input = { text: 'Once is enough.', tone: 'Calm and Professional' };
    const first = await speak(deps(), input);
    const a: Buffer[] = [];
    for await (const c of first.chunks) a.push(Buffer.from(c));
    const one = await first.done;
    const second = await speak(deps(), input);
    const b: Buffer[] = [];
    for await (const c of second.chunks) b.push(Buffer.from(c));
    expect(await second.done).toEqual(one);
    expect(Buffer.concat(b).equals(Buffer.concat(a))).toBe(true);
    expect(measureDurationMs('mp3', Buffer.concat(b))).toBe(one.durationMs);
    expect(standin.requests).toHaveLength(1);
  });

  it('a request arriving just after everyone left a synthesis starts afresh instead of joining the stopped one', async () => {
    standin.options.defaults = { frames: 12, framesPerChunk: 4, headersDelayMs: 300 };
    const input = { text: 'Replaced before it began.', tone: 'Gentle and Understanding' };
    const ac = new AbortController();
    const first = errorOf(speak(deps(), input, ac.signal));
    await waitFor(() => standin.requests.length === 1, { what: 'the first synthesis to start' });
    ac.abort();
    expect((await first) as Error).toMatchObject({ name: 'AbortError' });
    const again = await speak(deps(), input);
    const parts: Buffer[] = [];
    for await (const c of again.chunks) parts.push(Buffer.from(c));
    expect((await again.done).bytes).toBe(12 * FRAME_BYTES);
    expect(Buffer.concat(parts).length).toBe(12 * FRAME_BYTES);
  });

  it('aborting mid-clip closes the upstream request, rejects done and caches nothing', async () => {
    standin.options.defaults = { frames: 400, framesPerChunk: 4, chunkDelayMs: 30 };
    const ac = new AbortController();
    const speech = await speak(deps(), { text: 'Stopped halfway through.' }, ac.signal);
    const err = await errorOf(
      (async () => {
        for await (const _ of speech.chunks) ac.abort();
      })(),
    );
    expect((err as Error).name).toBe('AbortError');
    expect(((await errorOf(speech.done)) as Error).name).toBe('AbortError');
    await waitFor(() => standin.requests[0]?.closedEarly, {
      timeoutMs: 2_000,
      intervalMs: 5,
      what: 'the upstream request to close',
    });
    expect(standin.requests[0]!.chunksSent).toBeLessThan(standin.requests[0]!.chunksPlanned);
    // nothing half-made in the cache: the same text is synthesised again
    standin.options.defaults = undefined;
    const again = await speak(deps(), { text: 'Stopped halfway through.' });
    for await (const _ of again.chunks);
    await again.done;
    expect(standin.requests).toHaveLength(2);
  });

  it('a consumer that stops reading (break) closes the upstream request', async () => {
    standin.options.defaults = { frames: 400, framesPerChunk: 4, chunkDelayMs: 30 };
    const speech = await speak(deps(), { text: 'Break after the first chunk.' });
    for await (const _ of speech.chunks) break;
    await waitFor(() => standin.requests[0]?.closedEarly, {
      timeoutMs: 2_000,
      intervalMs: 5,
      what: 'the upstream request to close',
    });
    expect(await errorOf(speech.done)).toBeTruthy();
  });

  it('rejects before any audio when the upstream refuses, and when there is no voice', async () => {
    standin.options.defaults = { status: 401 };
    const e1 = await errorOf(speak(deps(), { text: 'Refused.' }));
    expect((e1 as AppError).code).toBe('voice_unavailable');
    const e2 = await errorOf(speak({ ...deps(), voice: null }, { text: 'No voice.' }));
    expect(e2).toBeInstanceOf(AppError);
    expect((e2 as AppError).code).toBe('voice_unavailable');
  });

  it("uses the user's preferred voice id when none is given", async () => {
    const userId = `user_speak_${Date.now()}`;
    await deps().preferences.update(userId, { elevenLabsVoiceId: 'usersOwnVoice' });
    const speech = await speak(deps(), { text: 'In my own voice.', userId });
    for await (const _ of speech.chunks);
    await speech.done;
    expect(standin.requests[0]!.voiceId).toBe('usersOwnVoice');
  });

  it('a connection dropped mid-clip rejects the iteration and done with voice_unavailable, after the first chunks', async () => {
    standin.options.defaults = { frames: 40, framesPerChunk: 4, chunkDelayMs: 20, dropAfterChunks: 2 };
    const speech = await speak(deps(), { text: 'The connection drops.' });
    let got = 0;
    const err = await errorOf(
      (async () => {
        for await (const _ of speech.chunks) got++;
      })(),
    );
    expect(got).toBe(2);
    expect((err as AppError).code).toBe('voice_unavailable');
    expect(((await errorOf(speech.done)) as AppError).code).toBe('voice_unavailable');
  });
});
