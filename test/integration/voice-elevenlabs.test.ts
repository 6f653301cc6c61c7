// The ElevenLabs voice through the real SDK against a stand-in speaking the wire protocol: what
// the request carries, bytes passed on as they arrive, abort reaching the upstream, and upstream
// failures becoming voice_unavailable.
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.ts';
import { measureDurationMs } from '../../server/voice/duration.ts';
import { createElevenLabsVoice } from '../../server/voice/elevenlabs.ts';
import { TONE_SETTINGS } from '../../server/voice/tones.ts';
import type { Voice } from '../../server/voice/voice.ts';
import {
  FRAME_BYTES,
  framesDurationMs,
  startElevenLabsStandin,
  type ElevenLabsRequest,
  type ElevenLabsStandin,
} from '../support/elevenlabs-standin.ts';
import { waitFor } from '../support/wait.ts';

const KEY = 'el_test_key';
let standin: ElevenLabsStandin;
let voice: Voice;

function makeVoice(extra: { idleTimeoutMs?: number; apiKey?: string } = {}): Voice {
  const client = new ElevenLabsClient({ apiKey: extra.apiKey ?? KEY, baseUrl: standin.baseUrl });
  return createElevenLabsVoice({
    client,
    modelId: 'eleven_flash_v2_5',
    defaultVoiceId: 'voiceDefault01',
    outputFormat: 'mp3_44100_128',
    idleTimeoutMs: extra.idleTimeoutMs,
  });
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of it) out.push(Buffer.from(c));
  return out;
}

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

/** The first request, once the client has closed it early. */
async function closedRequest(): Promise<ElevenLabsRequest> {
  await waitFor(() => standin.requests[0]?.closedEarly, {
    timeoutMs: 2_000,
    intervalMs: 5,
    what: 'the upstream request to close',
  });
  return standin.requests[0]!;
}

beforeAll(async () => {
  standin = await startElevenLabsStandin({ apiKey: KEY });
});
afterAll(() => standin.close());
beforeEach(() => {
  standin.reset();
  standin.options.defaults = undefined;
  standin.options.script = undefined;
  voice = makeVoice();
});

describe('ElevenLabs voice', () => {
  it('sends the voice id, model, output format, API key and the tone’s voice settings', async () => {
    await collect(voice.stream('I need us to agree on who presents which ideas.', { tone: 'Calm and Professional' }));
    await collect(voice.stream('That sounds really hard.', { tone: 'Empathetic', voiceId: 'chosenVoice42' }));
    const [calm, warm] = standin.requests;
    expect(calm).toMatchObject({
      method: 'POST',
      path: '/v1/text-to-speech/voiceDefault01/stream',
      voiceId: 'voiceDefault01',
      status: 200,
    });
    expect(calm!.query.output_format).toBe('mp3_44100_128');
    expect(calm!.headers['xi-api-key']).toBe(KEY);
    expect(calm!.body).toMatchObject({
      text: 'I need us to agree on who presents which ideas.',
      model_id: 'eleven_flash_v2_5',
    });
    const s = TONE_SETTINGS.process.elevenLabs;
    expect(calm!.body.voice_settings).toEqual({
      stability: s.stability,
      similarity_boost: s.similarityBoost,
      style: s.style,
      speed: s.speed,
      use_speaker_boost: true,
    });
    expect(warm!.voiceId).toBe('chosenVoice42');
    expect(warm!.body.voice_settings.stability).toBe(TONE_SETTINGS.acknowledge.elevenLabs.stability);
    // calm is steadier, empathetic more expressive
    expect(calm!.body.voice_settings.stability).toBeGreaterThan(warm!.body.voice_settings.stability);
    expect(warm!.body.voice_settings.style).toBeGreaterThan(calm!.body.voice_settings.style);
  });

  it('hands out the bytes as they arrive, before the upstream has finished', async () => {
    standin.options.defaults = { frames: 80, framesPerChunk: 8, chunkDelayMs: 40 };
    const chunks: Buffer[] = [];
    let sentWhenFirstArrived = -1;
    for await (const c of voice.stream('Streaming, please.', {})) {
      if (sentWhenFirstArrived < 0) sentWhenFirstArrived = standin.requests[0]!.chunksSent;
      chunks.push(Buffer.from(c));
    }
    expect(sentWhenFirstArrived).toBeGreaterThan(0);
    expect(sentWhenFirstArrived).toBeLessThan(standin.requests[0]!.chunksPlanned);
    expect(chunks.length).toBeGreaterThan(1);
    const all = Buffer.concat(chunks);
    expect(all.length).toBe(80 * FRAME_BYTES);
    expect(measureDurationMs('mp3', all)).toBe(Math.round(framesDurationMs(80)));
  });

  it('aborting the signal closes the upstream request and rejects with AbortError', async () => {
    standin.options.defaults = { frames: 400, framesPerChunk: 4, chunkDelayMs: 30 };
    const ac = new AbortController();
    const err = await errorOf(
      (async () => {
        for await (const _ of voice.stream('A long answer that is stopped.', {}, ac.signal)) ac.abort();
      })(),
    );
    expect((err as Error).name).toBe('AbortError');
    const rec = await closedRequest();
    expect(rec.endedAt).toBeUndefined();
    expect(rec.chunksSent).toBeLessThan(rec.chunksPlanned);
    expect(standin.openRequests()).toBe(0);
  });

  it('a consumer that stops reading (break) closes the upstream request', async () => {
    standin.options.defaults = { frames: 400, framesPerChunk: 4, chunkDelayMs: 30 };
    for await (const _ of voice.stream('Stop after one chunk.', {})) break;
    const rec = await closedRequest();
    expect(rec.chunksSent).toBeLessThan(rec.chunksPlanned);
  });

  it('an aborted signal before the start sends nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await errorOf(collect(voice.stream('Never sent.', {}, ac.signal)));
    expect((err as Error).name).toBe('AbortError');
    expect(standin.requests).toHaveLength(0);
  });

  it.each([
    ['a wrong API key (401)', () => makeVoice({ apiKey: 'wrong' }), undefined],
    ['a server error (500), not retried', () => voice, 500],
  ])('%s becomes voice_unavailable', async (_what, make, status) => {
    if (status) standin.options.defaults = { status };
    const err = await errorOf(collect(make().stream('Hello there.', {})));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('voice_unavailable');
    expect(standin.requests).toHaveLength(1);
    expect(standin.requests[0]!.status).toBe(status ?? 401);
  });

  it('an upstream that stalls mid-clip ends with voice_unavailable instead of hanging', async () => {
    standin.options.defaults = { frames: 40, framesPerChunk: 4, stallAfterChunks: 2 };
    const stalling = makeVoice({ idleTimeoutMs: 200 });
    const got: Buffer[] = [];
    const err = await errorOf(
      (async () => {
        for await (const c of stalling.stream('This one stalls.', {})) got.push(Buffer.from(c));
      })(),
    );
    expect((err as AppError).code).toBe('voice_unavailable');
    expect(Buffer.concat(got).length).toBe(2 * 4 * FRAME_BYTES);
    await waitFor(() => standin.requests[0]?.closedEarly, { timeoutMs: 2_000, what: 'the stalled request to close' });
  });

  it('an unreachable endpoint becomes voice_unavailable', async () => {
    const client = new ElevenLabsClient({ apiKey: KEY, baseUrl: 'http://127.0.0.1:1' });
    const v = createElevenLabsVoice({ client, modelId: 'm', defaultVoiceId: 'v', outputFormat: 'mp3_44100_128' });
    const err = await errorOf(collect(v.stream('Hello.', {})));
    expect((err as AppError).code).toBe('voice_unavailable');
  });

  it('the cache variant changes with the voice id and the tone, not with the wording of the same tone', () => {
    expect(voice.variant({})).toBe(voice.variant({ voiceId: 'voiceDefault01' }));
    expect(voice.variant({ voiceId: 'other' })).not.toBe(voice.variant({}));
    expect(voice.variant({ tone: 'Empathetic' })).not.toBe(voice.variant({ tone: 'Calm and Professional' }));
    expect(voice.variant({ tone: 'Calm and Professional' })).toBe(voice.variant({ tone: 'professional' }));
  });
});
