// ElevenLabs through its SDK: POST /v1/text-to-speech/{voice}/stream, MP3 bytes passed on as they
// arrive. The client is built by the factory (createVoice) and handed in, so tests point it at a
// stand-in. Speech is interactive: no retries (a retry would add seconds of silence), a bounded
// wait for the first byte, and a stall between chunks ends the clip instead of hanging it.
import { ElevenLabsError, type ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import { TONE_SETTINGS, toneStyle } from './tones.ts';
import { CONTENT_TYPES, voiceUnavailable, type Voice, type VoiceOptions } from './voice.ts';

export interface ElevenLabsVoiceOptions {
  client: ElevenLabsClient;
  modelId: string;
  /** Used when a request names no voice. */
  defaultVoiceId: string;
  /** An mp3_* output format, e.g. mp3_44100_128. */
  outputFormat: string;
  /** Until the response headers arrive. Default 15 s. */
  timeoutMs?: number;
  /** Longest silence between two chunks. Default 15 s. */
  idleTimeoutMs?: number;
}

type OutputFormat = Parameters<ElevenLabsClient['textToSpeech']['stream']>[1]['outputFormat'];

function describe(err: unknown): string {
  if (err instanceof ElevenLabsError) return `ElevenLabs answered ${err.statusCode ?? 'with an error'}`;
  return `ElevenLabs could not be reached (${(err as Error)?.message ?? String(err)})`;
}

export function createElevenLabsVoice(opts: ElevenLabsVoiceOptions): Voice {
  const { client, modelId, defaultVoiceId, outputFormat } = opts;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 15_000;
  const voiceIdOf = (o: VoiceOptions) => o.voiceId || defaultVoiceId;

  return {
    name: 'elevenlabs',
    format: 'mp3',
    contentType: CONTENT_TYPES.mp3,
    variant: (o) => [voiceIdOf(o), modelId, outputFormat, toneStyle(o.tone)].join('|'),

    async *stream(text, o, signal) {
      signal?.throwIfAborted();
      const controller = new AbortController();
      const upstream = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
      let stalled = false;
      let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
      const fail = (err: unknown) => {
        if (signal?.aborted) return signal.reason;
        return voiceUnavailable(stalled ? `ElevenLabs stopped sending audio for ${idleTimeoutMs} ms.` : describe(err));
      };
      try {
        const body = await client.textToSpeech
          .stream(
            voiceIdOf(o),
            {
              text,
              modelId,
              outputFormat: outputFormat as OutputFormat,
              voiceSettings: TONE_SETTINGS[toneStyle(o.tone)].elevenLabs,
            },
            { abortSignal: upstream, maxRetries: 0, timeoutInSeconds: timeoutMs / 1000 },
          )
          .catch((err: unknown) => {
            throw fail(err);
          });
        reader = body.getReader();
        for (;;) {
          const timer = setTimeout(() => {
            stalled = true;
            controller.abort();
          }, idleTimeoutMs);
          const next = await reader
            .read()
            .catch((err: unknown) => {
              throw fail(err);
            })
            .finally(() => clearTimeout(timer));
          if (next.done) break;
          if (next.value.byteLength) yield next.value;
        }
        signal?.throwIfAborted();
      } finally {
        // Ends the HTTP request when the consumer stopped early (a no-op after a complete clip).
        controller.abort();
        reader?.cancel().catch(() => undefined);
      }
    },
  };
}
