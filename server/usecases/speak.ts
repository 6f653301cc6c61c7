// Speech for a text, as a stream: the live session plays it while it is being produced, REST
// collects it. A clip already in the audio store is served from there; otherwise the voice
// streams it and the complete clip (with its measured duration) goes into the store at the end.
// Resolves once the first bytes exist, so "no voice" and upstream failures surface before any
// audio is announced.
//
// Single flight: requests for a clip that is being made right now (same audio id) in this process
// join that synthesis instead of starting another; each gets every byte from the first. A new
// synthesis takes a slot of the voice limits (server/limits/voice.ts: per user and per process, 429
// rate_limited beyond); joining takes none. The synthesis stops when everyone listening has gone.
//
// The voice is the user's plan's, read on every call (server/limits/plan.ts): a plan without the
// hosted voice speaks with the local one (espeak-ng) even when ElevenLabs is configured.
import type { Ports } from '../ports.ts';
import { LIMITS } from '../../machines/domain/fields.ts';
import { AppError, invalidRequest, serviceUnavailable } from '../errors.ts';
import { limitsFor } from '../limits/index.ts';
import { planFor } from '../limits/plan.ts';
import { audioIdFor, type AudioCache } from '../voice/cache.ts';
import { measureDurationMs } from '../voice/duration.ts';
import {
  CONTENT_TYPES,
  abortReason,
  voiceUnavailable,
  type AudioFormat,
  type Voice,
  type VoiceOptions,
} from '../voice/voice.ts';
import { finalizeWav } from '../voice/wav.ts';

/** What speaking reads: the voices, the audio store, the user's preferred voice and plan, and the voice limits (Redis). */
export type SpeakDeps = Pick<
  Ports,
  'voice' | 'localVoice' | 'audio' | 'preferences' | 'config' | 'log' | 'redis' | 'entitlements'
>;

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

/** The voice the user's plan speaks with; throws voice_unavailable when there is none. */
async function voiceFor(deps: SpeakDeps, configured: Voice, userId: string | undefined): Promise<Voice> {
  const plan = await planFor(deps, userId);
  if (plan.limits.hostedVoice) return configured;
  if (deps.localVoice) return deps.localVoice;
  const paid = plan.billing && plan.plan === 'free' ? '; the paid plan includes the hosted voice' : '';
  throw new AppError(
    'voice_unavailable',
    `Your plan speaks with the local voice, which this server does not have${paid}.`,
  );
}

function toVoiceError(err: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return abortReason(signal);
  return err instanceof AppError
    ? err
    : voiceUnavailable(`The voice failed: ${(err as Error)?.message ?? String(err)}`);
}

/** One synthesis under way, shared by everyone who asked for its clip meanwhile. */
interface Flight {
  parts: Uint8Array[];
  /** Set when the synthesis failed (everyone listening gets it). */
  error?: unknown;
  /** Set once the clip is complete (and the store write is over). */
  clip?: SpokenClip;
  /** Set when the complete clip could not be stored. */
  storeFailed?: boolean;
  listeners: number;
  controller: AbortController;
  waiters: Set<() => void>;
  /** Takes the flight out of the registry, so that the next request for its clip starts afresh. */
  retire(): void;
}

// Per audio store, i.e. per app: the clips being made now, by audio id.
const flightsByStore = new WeakMap<AudioCache, Map<string, Flight>>();
function flightsOf(store: AudioCache): Map<string, Flight> {
  let flights = flightsByStore.get(store);
  if (!flights) flightsByStore.set(store, (flights = new Map()));
  return flights;
}

function notify(flight: Flight): void {
  const waiters = [...flight.waiters];
  flight.waiters.clear();
  for (const wake of waiters) wake();
}

/** Resolves at the flight's next change, or when `signal` aborts. */
function changed(flight: Flight, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      signal?.removeEventListener('abort', wake);
      flight.waiters.delete(wake);
      resolve();
    };
    flight.waiters.add(wake);
    signal?.addEventListener('abort', wake, { once: true });
  });
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
 * `requireCache`: the clip must end up in the store (REST hands out its URL), so a failed store
 * write rejects `done` with service_unavailable; otherwise it is only logged.
 */
export async function speak(
  deps: SpeakDeps,
  input: SpeakInput,
  signal?: AbortSignal,
  opts: { requireCache?: boolean } = {},
): Promise<Speech> {
  if (!deps.voice)
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
  const voice = await voiceFor(deps, deps.voice, input.userId);

  const options: VoiceOptions = { voiceId: await resolveVoiceId(deps, input), tone: input.tone ?? null };
  const audioId = audioIdFor(voice, options, text);
  const cache = deps.audio;
  const flights = flightsOf(cache);

  let flight = flights.get(audioId);
  if (!flight) {
    const hit = await cache.get(audioId).catch((err: Error) => {
      deps.log.warn({ err: err.message }, 'audio store unavailable; synthesising');
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
    if (signal?.aborted) throw abortReason(signal);
    // Looked up again: the same clip may have been started while the store was being read.
    flight =
      flights.get(audioId) ?? startFlight(deps, flights, { voice, audioId, text, options, userId: input.userId });
  }
  return listen(flight, { format: voice.format, contentType: voice.contentType, voice: voice.name }, signal, opts);
}

/** Starts making a clip: registered at once (so identical requests join it), then a slot is taken. */
function startFlight(
  deps: SpeakDeps,
  flights: Map<string, Flight>,
  job: { voice: Voice; audioId: string; text: string; options: VoiceOptions; userId?: string },
): Flight {
  const { voice } = job;
  const leave = () => {
    if (flights.get(job.audioId) === flight) flights.delete(job.audioId);
  };
  const flight: Flight = {
    parts: [],
    listeners: 0,
    controller: new AbortController(),
    waiters: new Set(),
    retire: leave,
  };
  flights.set(job.audioId, flight);
  const { signal } = flight.controller;
  const fail = (err: unknown) => {
    leave();
    flight.error = err;
    notify(flight);
  };

  void (async () => {
    let release: () => void;
    try {
      release = await limitsFor(deps).voice.acquire(job.userId);
    } catch (err) {
      fail(err);
      return;
    }
    try {
      if (signal.aborted) return;
      const upstream = voice.stream(job.text, job.options, signal)[Symbol.asyncIterator]();
      try {
        for (;;) {
          const next = await upstream.next();
          if (next.done) break;
          flight.parts.push(next.value);
          notify(flight);
        }
      } catch (err) {
        fail(toVoiceError(err));
        return;
      } finally {
        if (signal.aborted) void upstream.return?.()?.catch(() => undefined);
      }
      if (signal.aborted) return;
      if (!flight.parts.length) {
        fail(voiceUnavailable('The voice produced no audio.'));
        return;
      }
      const whole = Buffer.concat(flight.parts);
      const bytes = voice.format === 'wav' ? finalizeWav(whole) : whole;
      const clip = { durationMs: measureDurationMs(voice.format, bytes), bytes: bytes.length, audioId: job.audioId };
      try {
        await deps.audio.put(job.audioId, {
          bytes,
          format: voice.format,
          durationMs: clip.durationMs,
          voice: voice.name,
        });
      } catch (err) {
        deps.log.warn({ err: (err as Error).message }, 'could not store the audio');
        flight.storeFailed = true;
      }
      // Stored (or not): from now on the store answers, or the next request makes the clip again.
      leave();
      flight.clip = clip;
      notify(flight);
    } finally {
      release();
    }
  })().catch((err: unknown) => fail(toVoiceError(err)));
  return flight;
}

/** One listener of a flight: resolves once the first bytes exist; the chunks replay from the first. */
async function listen(
  flight: Flight,
  about: { format: AudioFormat; contentType: string; voice: string },
  signal: AbortSignal | undefined,
  opts: { requireCache?: boolean },
): Promise<Speech> {
  flight.listeners++;
  let listening = true;
  const stopListening = () => {
    if (!listening) return;
    listening = false;
    signal?.removeEventListener('abort', stopListening);
    // Nobody is left to hear the rest: the synthesis stops (and a new request starts afresh).
    if (--flight.listeners === 0 && !flight.clip && !flight.error) {
      // Retired at once: a request arriving now must not join a synthesis that is being stopped.
      flight.retire();
      flight.error = new DOMException('Nobody is listening any more.', 'AbortError');
      flight.controller.abort();
      notify(flight);
    }
  };
  signal?.addEventListener('abort', stopListening, { once: true });

  try {
    while (!flight.parts.length && !flight.error && !flight.clip) {
      if (signal?.aborted) throw abortReason(signal);
      await changed(flight, signal);
    }
    if (signal?.aborted) throw abortReason(signal);
    if (!flight.parts.length) throw flight.error ?? voiceUnavailable('The voice produced no audio.');
  } catch (err) {
    stopListening();
    throw err;
  }

  const done = settled();
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let i = 0;
    let finished = false;
    try {
      for (;;) {
        if (signal?.aborted) throw abortReason(signal);
        if (i < flight.parts.length) {
          yield flight.parts[i++]!;
          continue;
        }
        if (flight.error) throw flight.error;
        if (flight.clip) break;
        await changed(flight, signal);
      }
      finished = true;
    } catch (err) {
      const e = signal?.aborted ? abortReason(signal) : err;
      done.reject(e);
      throw e;
    } finally {
      stopListening();
      if (!finished)
        done.reject(
          signal?.aborted ? abortReason(signal) : new DOMException('Stopped before the end of the clip.', 'AbortError'),
        );
    }
    if (flight.storeFailed && opts.requireCache) {
      const e = serviceUnavailable('The audio could not be stored; please try again.');
      done.reject(e);
      throw e;
    }
    done.resolve(flight.clip!);
  }

  return { ...about, chunks: chunks(), done: done.promise };
}
