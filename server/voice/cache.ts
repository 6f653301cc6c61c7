// The clip store port. Clips are content-addressed: the id is a SHA-256 of (implementation, what
// shapes the sound — resolved voice id, model, format, tone settings — and the text), so the same
// words in the same voice are produced once per VOICE_CACHE_SECONDS and anyone holding the id can
// fetch the bytes (GET /api/audio/<id>). Clips never go into Redis: a few MB each, they would crowd
// out the interaction queue. Files on this machine (store-fs.ts, bounded by VOICE_CACHE_MAX_BYTES)
// or S3-compatible object storage shared by every instance (store-s3.ts).
import { createHash } from 'node:crypto';
import type { AudioFormat, Voice, VoiceOptions } from './voice.ts';

/** 32 lowercase hex characters (128 bits of the SHA-256). */
export const AUDIO_ID = /^[a-f0-9]{32}$/;

export interface CachedAudio {
  bytes: Buffer;
  format: AudioFormat;
  durationMs: number;
  voice: string;
}

export type AudioClip = { bytes: Uint8Array; format: AudioFormat; durationMs: number; voice: string };

export function audioIdFor(voice: Pick<Voice, 'name' | 'variant'>, opts: VoiceOptions, text: string): string {
  return createHash('sha256')
    .update(JSON.stringify([voice.name, voice.variant(opts), text]))
    .digest('hex')
    .slice(0, 32);
}

/** The audio store port: built once by the composition root. */
export interface AudioCache {
  /** "files" or "s3". */
  readonly kind: string;
  /** The clip, or null when it was never made, has expired (VOICE_CACHE_SECONDS) or was evicted. */
  get(audioId: string): Promise<CachedAudio | null>;
  /** Stores a complete clip; a clip stored again under the same id replaces it (and its age starts over). */
  put(audioId: string, clip: AudioClip): Promise<void>;
}

// Metadata travels with the bytes (a file header, or object metadata), never in Redis.
export interface ClipMeta {
  format: AudioFormat;
  durationMs: number;
  voice: string;
}

export function parseMeta(raw: { format?: unknown; durationMs?: unknown; voice?: unknown }): ClipMeta | null {
  const format = raw.format;
  if (format !== 'mp3' && format !== 'wav') return null;
  const durationMs = Number(raw.durationMs ?? 0);
  return {
    format,
    durationMs: Number.isFinite(durationMs) ? durationMs : 0,
    voice: typeof raw.voice === 'string' ? raw.voice : '',
  };
}

export const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
