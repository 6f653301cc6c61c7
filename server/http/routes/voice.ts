// Speech over REST. Clips are content-addressed, so one never changes: its ETag is its id, and single
// byte ranges are honoured (browsers seek audio with them).
import type { Request, Response } from 'express';
import { z } from 'zod';
import { getAudioOperation } from '../../usecases/getAudio.ts';
import { synthesizeVoiceOperation } from '../../usecases/synthesizeVoice.ts';
import type { Config } from '../../config.ts';
import type { CachedAudio } from '../../voice/cache.ts';
import { CONTENT_TYPES } from '../../voice/voice.ts';
import { defineRoute } from '../route.ts';

export const synthesizeRoute = defineRoute(synthesizeVoiceOperation, {
  method: 'post',
  path: '/api/voice/synthesize',
  summary: 'Generate speech from text',
  description:
    'Produces the whole clip with the configured voice (ElevenLabs MP3, or the local espeak-ng WAV), keeps it for VOICE_CACHE_SECONDS and answers with where Calmly serves it (`GET /api/audio/{audioId}`). The same text, voice and tone is produced once and then served from the cache. `tone` is an extension.',
  tags: ['voice'],
  success: { description: 'Where to fetch the audio, its duration in seconds (measured from the audio) and format' },
  errors: ['invalid_request', 'voice_unavailable', 'service_unavailable'],
});

/** A single satisfiable `bytes=` range, or null (then the whole clip is sent, as RFC 9110 allows). */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m) return null;
  const [, from = '', to = ''] = m;
  if (from === '' && to === '') return null;
  const start = from === '' ? Math.max(0, size - Number(to)) : Number(from);
  const end = from === '' || to === '' ? size - 1 : Math.min(Number(to), size - 1);
  return start <= end && start < size ? { start, end } : null;
}

function sendClip(output: unknown, req: Request, res: Response, config: Config): void {
  const clip = output as CachedAudio & { audioId: string };
  const etag = `"${clip.audioId}"`;
  res.setHeader('Content-Type', CONTENT_TYPES[clip.format]);
  res.setHeader('Cache-Control', `private, max-age=${config.voice.cacheSeconds}, immutable`);
  res.setHeader('ETag', etag);
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('X-Audio-Duration-Ms', String(clip.durationMs));
  if (req.get('if-none-match') === etag) {
    res.status(304).end();
    return;
  }
  const range = byteRange(req.get('range'), clip.bytes.length);
  const body = range ? clip.bytes.subarray(range.start, range.end + 1) : clip.bytes;
  if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${clip.bytes.length}`);
  res.setHeader('Content-Length', String(body.length));
  res.status(range ? 206 : 200).end(body);
}

export const audioRoute = defineRoute(getAudioOperation, {
  method: 'get',
  path: '/api/audio/:audioId',
  summary: 'Fetch synthesised audio',
  description:
    'The bytes of a clip made by `POST /api/voice/synthesize` (its `audioUrl`), as `audio/mpeg` (ElevenLabs) or `audio/wav` (local voice). 404 once the clip has expired (VOICE_CACHE_SECONDS). Supports `Range: bytes=` and `If-None-Match`.',
  tags: ['voice'],
  success: {
    description: 'The audio (audio/mpeg or audio/wav)',
    schema: z.string().meta({ format: 'binary' }),
    contentType: 'audio/mpeg',
  },
  errors: ['invalid_request', 'not_found'],
  send: sendClip,
});
