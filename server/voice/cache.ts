// Synthesised clips in Redis, content-addressed: the id is a SHA-256 of (implementation, what
// shapes the sound — resolved voice id, model, format, tone settings — and the text), so the same
// words in the same voice are produced once per VOICE_CACHE_SECONDS and anyone holding the id can
// fetch the bytes (GET /api/audio/<id>). One hash per clip: bytes, format, duration, voice.
import { createHash } from 'node:crypto';
import { RESP_TYPES } from 'redis';
import type { Redis } from '../redis/client.ts';
import { keyspace } from '../redis/keys.ts';
import type { AudioFormat, Voice, VoiceOptions } from './voice.ts';

/** 32 lowercase hex characters (128 bits of the SHA-256). */
export const AUDIO_ID = /^[a-f0-9]{32}$/;

export interface CachedAudio {
  bytes: Buffer;
  format: AudioFormat;
  durationMs: number;
  voice: string;
}

export function audioIdFor(voice: Pick<Voice, 'name' | 'variant'>, opts: VoiceOptions, text: string): string {
  return createHash('sha256')
    .update(JSON.stringify([voice.name, voice.variant(opts), text]))
    .digest('hex')
    .slice(0, 32);
}

/** The audio cache port: built once by the composition root. */
export interface AudioCache {
  get(audioId: string): Promise<CachedAudio | null>;
  put(
    audioId: string,
    clip: { bytes: Uint8Array; format: AudioFormat; durationMs: number; voice: string },
  ): Promise<void>;
}

export function createAudioCache(opts: { redis: Redis; prefix: string; ttlSeconds: number }): AudioCache {
  const keys = keyspace(opts.prefix, 'voice');
  const key = (audioId: string) => keys('audio', audioId);
  const buffers = opts.redis.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }) as unknown as Redis;
  return {
    async get(audioId) {
      if (!AUDIO_ID.test(audioId)) return null;
      const [bytes, format, durationMs, voice] = (await buffers.hmGet(key(audioId), [
        'bytes',
        'format',
        'durationMs',
        'voice',
      ])) as unknown as Array<Buffer | null>;
      if (!bytes || !format) return null;
      const f = format.toString();
      if (f !== 'mp3' && f !== 'wav') return null;
      return { bytes, format: f, durationMs: Number(durationMs?.toString() ?? 0), voice: voice?.toString() ?? '' };
    },
    async put(audioId, clip) {
      const k = key(audioId);
      await opts.redis
        .multi()
        .hSet(k, {
          bytes: Buffer.from(clip.bytes.buffer, clip.bytes.byteOffset, clip.bytes.byteLength),
          format: clip.format,
          durationMs: String(clip.durationMs),
          voice: clip.voice,
        })
        .expire(k, opts.ttlSeconds)
        .exec();
    },
  };
}
