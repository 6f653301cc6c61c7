// Clips in S3-compatible object storage (VOICE_S3_BUCKET), shared by every instance: one object per
// clip under VOICE_S3_PREFIX, its metadata in the object's own metadata. Storage is bounded by age:
// an object older than VOICE_CACHE_SECONDS is treated as gone (and deleted) when it is read, and the
// bucket's lifecycle rule (see README) deletes the ones nobody reads again.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Logger } from '../log/logger.ts';
import { AUDIO_ID, asBuffer, parseMeta, type AudioCache, type CachedAudio } from './cache.ts';
import { CONTENT_TYPES } from './voice.ts';

export function createS3AudioStore(opts: {
  client: S3Client;
  bucket: string;
  /** Prepended to the id, e.g. "calmly/audio/". */
  prefix: string;
  ttlSeconds: number;
  log?: Logger;
}): AudioCache {
  const { client, bucket } = opts;
  const key = (id: string) => `${opts.prefix}${id}`;
  const ttlMs = opts.ttlSeconds * 1000;
  const notFound = (err: unknown) =>
    err instanceof NoSuchKey || (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;

  return {
    kind: 's3',
    async get(audioId): Promise<CachedAudio | null> {
      if (!AUDIO_ID.test(audioId)) return null;
      let res: GetObjectCommandOutput;
      try {
        res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key(audioId) }));
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
      const made = res.LastModified?.getTime() ?? 0;
      if (Date.now() - made >= ttlMs) {
        await res.Body?.transformToByteArray().catch(() => undefined); // frees the connection
        await client
          .send(new DeleteObjectCommand({ Bucket: bucket, Key: key(audioId) }))
          .catch((err: Error) => opts.log?.warn({ err: err.message }, 'audio store: could not delete an expired clip'));
        return null;
      }
      const m = res.Metadata ?? {};
      const meta = parseMeta({ format: m.format, durationMs: m['duration-ms'], voice: m.voice });
      if (!meta || !res.Body) return null;
      return { ...meta, bytes: Buffer.from(await res.Body.transformToByteArray()) };
    },
    async put(audioId, clip) {
      if (!AUDIO_ID.test(audioId)) throw new Error(`not an audio id: ${audioId}`);
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key(audioId),
          Body: asBuffer(clip.bytes),
          ContentType: CONTENT_TYPES[clip.format],
          Metadata: { format: clip.format, 'duration-ms': String(clip.durationMs), voice: clip.voice },
        }),
      );
    },
  };
}
