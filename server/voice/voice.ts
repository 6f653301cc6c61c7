// What every voice implementation offers: audio bytes as they are produced (so playback can begin
// before the clip exists), in one container format, stoppable at once through an AbortSignal.
import type { AudioFormat } from '../../machines/protocol.ts';
import { AppError } from '../errors.ts';

// The live protocol names the formats; the voices produce them.
export type { AudioFormat };

export const CONTENT_TYPES: Record<AudioFormat, string> = { mp3: 'audio/mpeg', wav: 'audio/wav' };

export interface VoiceOptions {
  /** A provider voice id (ElevenLabs); null: the configured default. Ignored by the local voice. */
  voiceId?: string | null;
  /** The suggestion's tone ("Calm and Professional", "empathetic", …); null: neutral delivery. */
  tone?: string | null;
}

export interface Voice {
  /** Implementation name, shown by /health and sent with audio:start ("elevenlabs", "espeak-ng"). */
  readonly name: string;
  readonly format: AudioFormat;
  readonly contentType: string;
  /**
   * Everything besides the text and the implementation that changes the audio (resolved voice id,
   * model, output format, tone settings): part of the cache key, so a change of any of them is a miss.
   */
  variant(opts: VoiceOptions): string;
  /**
   * The audio, chunk by chunk. Aborting `signal` stops the upstream work at once (HTTP request
   * aborted, child process killed) and the iteration rejects with the signal's reason. Any other
   * failure rejects with AppError('voice_unavailable').
   */
  stream(text: string, opts: VoiceOptions, signal?: AbortSignal): AsyncIterable<Uint8Array>;
}

export const voiceUnavailable = (message: string) => new AppError('voice_unavailable', message);

/** The error to throw once `signal` has aborted: its reason, or a standard AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}
