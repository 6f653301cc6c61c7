// Which audio store this process uses: S3-compatible object storage when VOICE_S3_BUCKET is set
// (every instance sees every clip), files under VOICE_AUDIO_DIR otherwise (this instance only).
import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config.ts';
import type { Logger } from '../log/logger.ts';
import type { AudioCache } from './cache.ts';
import { createFileAudioStore } from './store-fs.ts';
import { createS3AudioStore } from './store-s3.ts';

export function s3ClientFor(s3: NonNullable<Config['voice']['store']['s3']>): S3Client {
  return new S3Client({
    region: s3.region,
    ...(s3.endpoint ? { endpoint: s3.endpoint, forcePathStyle: true } : {}),
    ...(s3.credentials ? { credentials: s3.credentials } : {}),
  });
}

export async function createAudioStore(
  config: Config,
  { log }: { log: Logger },
): Promise<{ store: AudioCache; close(): void }> {
  const { store, cacheSeconds } = config.voice;
  if (store.s3) {
    const client = s3ClientFor(store.s3);
    log.info({ bucket: store.s3.bucket, prefix: store.s3.prefix, endpoint: store.s3.endpoint }, 'audio store: S3');
    return {
      store: createS3AudioStore({
        client,
        bucket: store.s3.bucket,
        prefix: store.s3.prefix,
        ttlSeconds: cacheSeconds,
        log,
      }),
      close: () => client.destroy(),
    };
  }
  const files = await createFileAudioStore({ dir: store.dir, maxBytes: store.maxBytes, ttlSeconds: cacheSeconds, log });
  return { store: files, close: () => {} };
}
