// Speech for a text, as a stream: the live session plays it while it is being produced, REST
// collects it. A clip already in the audio cache is served from there; otherwise the voice
// streams it and the complete clip (with its measured duration) goes into the cache at the end.
// Resolves once the first bytes exist, so "no voice" and upstream failures surface before any
// audio is announced.
import type { Ports } from '../ports.ts';
import { LIMITS } from '../../machines/domain/fields.ts';
import { AppError, invalidRequest, serviceUnavailable } from '../errors.ts';
import { audioIdFor } from '../voice/cache.ts';
import { measureDurationMs } from '../voice/duration.ts';
import { CONTENT_TYPES, abortReason, voiceUnavailable, type AudioFormat, type VoiceOptions } from '../voice/voice.ts';
import { finalizeWav } from '../voice/wav.ts';

/** What speaking reads: the voice, the audio cache, and the user's preferred voice. */
export type SpeakDeps = Pick<Ports, 'voice' | 'audio' | 'preferences' | 'config' | 'log'>;

export interface SpeakInput {
  text: string;
  tone?: string | null;
  voiceId?: string | null;
  userId?: string;
}

export interface SpokenClip {
  durationMs: number;
  bytes: number;
  /** Where the clip is cached: GET /api/audio/<audioId>.<format>. */
  audioId: string;
}

export interface Speech {
  format: AudioFormat;
  contentType: string;
  /** The implementation speaking ("elevenlabs", "espeak-ng"). */
  voice: string;
  /**
   * The audio as it is produced. Stopping early (break, or the signal) stops the upstream. Iterate
   * it or abort the signal: until then the upstream is held open, paused after the first chunk.
   */
  chunks: AsyncIterable<Uint8Array>;
  /** Settles after the last chunk (and the cache write); rejects when the clip did not complete. */
  done: Promise<SpokenClip>;
}

/** Cached clips are handed out in slices of this size, like a live stream. */
const SLICE = 32 * 1024;

async function resolveVoiceId(deps: Pick<Ports, 'preferences' | 'log'>, input: SpeakInput): Promise<string | null> {
  if (input.voiceId) return input.voiceId;
  if (!input.userId) return null;
  try {
    return (await deps.preferences.get(input.userId)).elevenLabsVoiceId;
  } catch (err) {
    deps.log.warn(
      { err: (err as Error).message },
      'could not read preferences for the voice id; using the default voice',
    );
    return null;
  }
}

function toVoiceError(err: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return abortReason(signal);
  return err instanceof AppError
    ? err
    : voiceUnavailable(`The voice failed: ${(err as Error)?.message ?? String(err)}`);
}

function settled(): { promise: Promise<SpokenClip>; resolve(v: SpokenClip): void; reject(e: unknown): void } {
  let resolve!: (v: SpokenClip) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<SpokenClip>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // a caller that stops early need not look at `done`
  return { promise, resolve, reject };
}

/**
 * `requireCache`: the clip must end up in the cache (REST hands out its URL), so a failed cache
 * write rejects `done` with service_unavailable; otherwise it is only logged.
 */
export async function speak(
  deps: SpeakDeps,
  input: SpeakInput,
  signal?: AbortSignal,
  opts: { requireCache?: boolean } = {},
): Promise<Speech> {
  const voice = deps.voice;
  if (!voice)
    throw new AppError(
      'voice_unavailable',
      'No voice is available on this server (no ElevenLabs key and no espeak-ng).',
    );
  const text = input.text.trim();
  if (!text) throw invalidRequest('There is no text to speak.', [{ field: 'text', problem: 'must not be empty' }]);
  if (text.length > LIMITS.voiceText)
    throw invalidRequest(`The text is too long to speak (at most ${LIMITS.voiceText} characters).`, [
      { field: 'text', problem: `must be at most ${LIMITS.voiceText} characters` },
    ]);
  if (signal?.aborted) throw abortReason(signal);

  const options: VoiceOptions = { voiceId: await resolveVoiceId(deps, input), tone: input.tone ?? null };
  const audioId = audioIdFor(voice, options, text);
  const cache = deps.audio;

  const hit = await cache.get(audioId).catch((err: Error) => {
    deps.log.warn({ err: err.message }, 'audio cache unavailable; synthesising');
    return null;
  });
  if (hit) {
    return {
      format: hit.format,
      contentType: CONTENT_TYPES[hit.format],
      voice: voice.name,
      chunks: (async function* () {
        for (let at = 0; at < hit.bytes.length; at += SLICE) {
          if (signal?.aborted) throw abortReason(signal);
          yield new Uint8Array(hit.bytes.subarray(at, at + SLICE));
        }
      })(),
      done: Promise.resolve({ durationMs: hit.durationMs, bytes: hit.bytes.length, audioId }),
    };
  }

  // Our own controller: the upstream stops when the caller's signal aborts *or* it stops reading.
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const upstream = voice.stream(text, options, controller.signal)[Symbol.asyncIterator]();
  const stopUpstream = () => {
    signal?.removeEventListener('abort', onAbort);
    controller.abort();
    void upstream.return?.()?.catch(() => undefined);
  };

  let first: IteratorResult<Uint8Array>;
  try {
    first = await upstream.next();
  } catch (err) {
    stopUpstream();
    throw toVoiceError(err, signal);
  }
  if (first.done) {
    stopUpstream();
    throw voiceUnavailable('The voice produced no audio.');
  }

  const done = settled();
  const parts: Uint8Array[] = [first.value];
  const { format, name } = voice;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let finished = false;
    try {
      yield first.value;
      for (;;) {
        const next = await upstream.next();
        if (next.done) break;
        parts.push(next.value);
        yield next.value;
      }
      finished = true;
    } catch (err) {
      const e = toVoiceError(err, signal);
      done.reject(e);
      throw e;
    } finally {
      if (!finished) {
        stopUpstream();
        done.reject(
          signal?.aborted ? abortReason(signal) : new DOMException('Stopped before the end of the clip.', 'AbortError'),
        );
      } else {
        signal?.removeEventListener('abort', onAbort);
      }
    }
    const whole = Buffer.concat(parts);
    const bytes = format === 'wav' ? finalizeWav(whole) : whole;
    const clip = { durationMs: measureDurationMs(format, bytes), bytes: bytes.length, audioId };
    try {
      await cache.put(audioId, { bytes, format, durationMs: clip.durationMs, voice: name });
    } catch (err) {
      deps.log.warn({ err: (err as Error).message }, 'could not cache the audio');
      if (opts.requireCache) {
        const e = serviceUnavailable('The audio could not be stored; please try again.');
        done.reject(e);
        throw e;
      }
    }
    done.resolve(clip);
  }

  return {
    format: voice.format,
    contentType: voice.contentType,
    voice: voice.name,
    chunks: chunks(),
    done: done.promise,
  };
}
