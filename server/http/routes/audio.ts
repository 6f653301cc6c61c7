// GET /api/audio/:audioId — the clips POST /api/voice/synthesize produced, served from the Redis
// audio cache with their real content type. Ids are content hashes, so a clip never changes:
// ETag is the id, and single byte ranges are honoured (browsers seek audio with them).
import { z } from 'zod';
import { notFound } from '../../errors.ts';
import { createAudioCache } from '../../voice/cache.ts';
import { CONTENT_TYPES } from '../../voice/voice.ts';
import { defineRoute } from '../route.ts';

const audioIdParam = z
  .string()
  .regex(/^[a-f0-9]{32}(\.(mp3|wav))?$/, 'must be an audio id (32 hex characters) with an optional .mp3 or .wav')
  .meta({ example: '3f9a0c2d4b6e8f1a2c3d4e5f60718293.mp3' });

/** A single satisfiable `bytes=` range, or null (then the whole clip is sent, as RFC 9110 allows). */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start <= end && start < size ? { start, end } : null;
}

export const audioRoute = defineRoute({
  method: 'get',
  path: '/api/audio/:audioId',
  summary: 'Fetch synthesised audio',
  description:
    'The bytes of a clip made by `POST /api/voice/synthesize` (its `audioUrl`), as `audio/mpeg` (ElevenLabs) or `audio/wav` (local voice). 404 once the clip has expired (VOICE_CACHE_SECONDS). Supports `Range: bytes=` and `If-None-Match`.',
  tags: ['voice'],
  params: z.object({ audioId: audioIdParam }),
  success: {
    status: 200,
    description: 'The audio (audio/mpeg or audio/wav)',
    schema: z.string().meta({ format: 'binary' }),
    contentType: 'audio/mpeg',
  },
  errors: ['invalid_request', 'not_found'],
  // Public: a clip's id is a SHA-256 of what was spoken and how, unguessable without the text (see README).
  public: true,
  handle: async ({ deps, params, req, res }) => {
    const [audioId, ext] = params.audioId.split('.') as [string, string | undefined];
    const cache = createAudioCache({ redis: deps.redis, prefix: deps.config.redis.prefix, ttlSeconds: deps.config.voice.cacheSeconds });
    const clip = await cache.get(audioId);
    if (!clip || (ext && ext !== clip.format)) throw notFound('This audio does not exist or has expired.');
    const etag = `"${audioId}"`;
    res.setHeader('Content-Type', CONTENT_TYPES[clip.format]);
    res.setHeader('Cache-Control', `private, max-age=${deps.config.voice.cacheSeconds}, immutable`);
    res.setHeader('ETag', etag);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('X-Audio-Duration-Ms', String(clip.durationMs));
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return { body: null };
    }
    const range = byteRange(req.get('range'), clip.bytes.length);
    const body = range ? clip.bytes.subarray(range.start, range.end + 1) : clip.bytes;
    if (range) res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${clip.bytes.length}`);
    res.setHeader('Content-Length', String(body.length));
    res.status(range ? 206 : 200).end(body);
    return { body: null };
  },
});
