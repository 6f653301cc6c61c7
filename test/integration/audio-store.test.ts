// The audio store port (server/voice/cache.ts), one contract for both implementations: files in a
// temporary directory, and S3 against a real S3-compatible server (moto, started by `npm test`:
// S3_TEST_ENDPOINT). Then what only the file store promises: its byte bound, least recently used
// first, and whole files only.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudioCache, AudioClip } from '../../server/voice/cache.ts';
import { s3ClientFor } from '../../server/voice/store.ts';
import { createFileAudioStore } from '../../server/voice/store-fs.ts';
import { createS3AudioStore } from '../../server/voice/store-s3.ts';
import { startTestApp } from '../support/app.ts';
import { waitFor } from '../support/wait.ts';

const id = () => randomBytes(16).toString('hex');
const clip = (size: number, format: 'wav' | 'mp3' = 'wav'): AudioClip => ({
  bytes: randomBytes(size),
  format,
  durationMs: Math.round(size / 44),
  voice: format === 'wav' ? 'espeak-ng' : 'elevenlabs',
});

interface Implementation {
  name: string;
  /** A store on a location of its own; `again` opens a second store on the same location (a restart). */
  open(
    ttlSeconds: number,
  ): Promise<{ store: AudioCache; again(): Promise<AudioCache>; gone(id: string): Promise<boolean> }>;
  cleanup(): Promise<void>;
}

const dirs: string[] = [];
const files: Implementation = {
  name: 'files (VOICE_AUDIO_DIR)',
  async open(ttlSeconds) {
    const dir = await mkdtemp(path.join(tmpdir(), 'calmly-audio-contract-'));
    dirs.push(dir);
    const make = () => createFileAudioStore({ dir, maxBytes: 64 * 1024 * 1024, ttlSeconds });
    return {
      store: await make(),
      again: make,
      gone: async (audioId) => !(await readdir(dir)).includes(audioId),
    };
  },
  cleanup: async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  },
};

const S3_ENDPOINT = process.env.S3_TEST_ENDPOINT;
let s3: S3Client | undefined;
const bucket = `calmly-test-${randomUUID().slice(0, 8)}`;
const s3Store: Implementation = {
  name: 'S3 (moto)',
  async open(ttlSeconds) {
    const prefix = `t${randomUUID().slice(0, 8)}/audio/`;
    const make = async () => createS3AudioStore({ client: s3!, bucket, prefix, ttlSeconds });
    return {
      store: await make(),
      again: make,
      gone: async (audioId) =>
        s3!.send(new HeadObjectCommand({ Bucket: bucket, Key: `${prefix}${audioId}` })).then(
          () => false,
          (err: { $metadata?: { httpStatusCode?: number } }) => err.$metadata?.httpStatusCode === 404,
        ),
    };
  },
  cleanup: async () => {
    s3?.destroy();
  },
};

const implementations = [files];
if (S3_ENDPOINT) implementations.push(s3Store);
else {
  console.warn('S3 audio store contract skipped: S3_TEST_ENDPOINT not set (npm test starts moto from PyPI)');
  describe.skip('audio store contract: S3 (skipped: S3_TEST_ENDPOINT not set)', () => {
    it('runs against an S3-compatible server', () => {});
  });
}

beforeAll(async () => {
  if (!S3_ENDPOINT) return;
  s3 = s3ClientFor({
    bucket,
    prefix: '',
    endpoint: S3_ENDPOINT,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(async () => {
  await Promise.all(implementations.map((i) => i.cleanup()));
});

describe.each(implementations)('audio store contract: $name', (impl) => {
  it('a stored clip comes back byte for byte with its format, duration and voice', async () => {
    const { store } = await impl.open(600);
    const audioId = id();
    const made = clip(300_000);
    await store.put(audioId, made);
    const got = await store.get(audioId);
    expect(got).not.toBeNull();
    expect(Buffer.from(got!.bytes).equals(Buffer.from(made.bytes))).toBe(true);
    expect(got).toMatchObject({ format: 'wav', durationMs: made.durationMs, voice: 'espeak-ng' });
    const mp3 = clip(1_000, 'mp3');
    const other = id();
    await store.put(other, mp3);
    expect(await store.get(other)).toMatchObject({ format: 'mp3', voice: 'elevenlabs' });
  });

  it('an unknown id is null; a malformed one is null on get and refused on put', async () => {
    const { store } = await impl.open(600);
    expect(await store.get(id())).toBeNull();
    expect(await store.get('../../etc/passwd')).toBeNull();
    expect(await store.get('A'.repeat(32))).toBeNull();
    await expect(store.put('../escape', clip(10))).rejects.toThrow();
  });

  it('storing the same id again replaces the clip', async () => {
    const { store } = await impl.open(600);
    const audioId = id();
    await store.put(audioId, clip(2_000));
    const second = clip(3_000);
    await store.put(audioId, second);
    expect(Buffer.from((await store.get(audioId))!.bytes).equals(Buffer.from(second.bytes))).toBe(true);
  });

  it('many clips stored at once are each whole', async () => {
    const { store } = await impl.open(600);
    const made = Array.from({ length: 12 }, () => ({ audioId: id(), clip: clip(50_000) }));
    await Promise.all(made.map((m) => store.put(m.audioId, m.clip)));
    for (const m of made) {
      expect(Buffer.from((await store.get(m.audioId))!.bytes).equals(Buffer.from(m.clip.bytes))).toBe(true);
    }
  });

  it('a new store on the same location (a restart) serves what the first stored', async () => {
    const { store, again } = await impl.open(600);
    const audioId = id();
    const made = clip(20_000);
    await store.put(audioId, made);
    const restarted = await again();
    expect(Buffer.from((await restarted.get(audioId))!.bytes).equals(Buffer.from(made.bytes))).toBe(true);
  });

  it('after VOICE_CACHE_SECONDS the clip is gone, and so are its bytes', async () => {
    const { store, gone } = await impl.open(1);
    const audioId = id();
    await store.put(audioId, clip(5_000));
    expect(await store.get(audioId)).not.toBeNull();
    await waitFor(async () => (await store.get(audioId)) === null, { timeoutMs: 5_000, what: 'the clip to expire' });
    expect(await gone(audioId)).toBe(true);
  });
});

describe('file store specifics', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'calmly-audio-files-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const sub = async (name: string) => {
    const d = path.join(dir, name);
    await mkdir(d, { recursive: true });
    return d;
  };
  const used = async (d: string) => {
    let total = 0;
    for (const f of await readdir(d)) if (f !== 'tmp') total += (await stat(path.join(d, f))).size;
    return total;
  };

  it('stays under maxBytes, evicting the least recently used first; counts what an earlier run left', async () => {
    const d = await sub('bound');
    const max = 1_000_000;
    const store = await createFileAudioStore({ dir: d, maxBytes: max, ttlSeconds: 600 });
    const ids = Array.from({ length: 8 }, id);
    for (const [i, audioId] of ids.entries()) {
      await store.put(audioId, clip(200_000));
      if (i >= 1) await store.get(ids[0]!); // the first one stays in use
      expect(await used(d)).toBeLessThanOrEqual(max);
      expect(store.bytes()).toBe(await used(d));
    }
    expect(await store.get(ids[0]!)).not.toBeNull();
    expect(await store.get(ids[1]!)).toBeNull(); // least recently used: gone first
    expect(await store.get(ids.at(-1)!)).not.toBeNull();
    // a restart counts the files already there, and still keeps the bound
    const again = await createFileAudioStore({ dir: d, maxBytes: max, ttlSeconds: 600 });
    expect(again.bytes()).toBe(await used(d));
    await again.put(id(), clip(300_000));
    expect(await used(d)).toBeLessThanOrEqual(max);
  });

  it('a clip larger than the whole bound is refused', async () => {
    const store = await createFileAudioStore({ dir: await sub('huge'), maxBytes: 100_000, ttlSeconds: 600 });
    await expect(store.put(id(), clip(200_000))).rejects.toThrow(/larger than VOICE_CACHE_MAX_BYTES/);
  });

  it('whole files only: temporary files are never served and are cleared at start; none is left behind', async () => {
    const d = await sub('atomic');
    const store = await createFileAudioStore({ dir: d, maxBytes: 10_000_000, ttlSeconds: 600 });
    await Promise.all(Array.from({ length: 5 }, () => store.put(id(), clip(100_000))));
    expect(await readdir(path.join(d, 'tmp'))).toEqual([]);
    // what a crash mid-write leaves: a temporary file
    const half = id();
    await writeFile(path.join(d, 'tmp', `${half}.abc123`), randomBytes(1_000));
    const restarted = await createFileAudioStore({ dir: d, maxBytes: 10_000_000, ttlSeconds: 600 });
    expect(await restarted.get(half)).toBeNull();
    expect(await readdir(path.join(d, 'tmp'))).toEqual([]);
    // a file that is not one of ours (no header) is not served as audio
    const stray = id();
    await writeFile(path.join(d, stray), randomBytes(1_000));
    const third = await createFileAudioStore({ dir: d, maxBytes: 10_000_000, ttlSeconds: 600 });
    expect(await third.get(stray)).toBeNull();
  });
});

describe.skipIf(!S3_ENDPOINT)('the app with VOICE_S3_BUCKET', () => {
  it('two instances on one bucket: a clip made by one is served by the other, and Redis holds no audio', async () => {
    const env = {
      VOICE_PROVIDER: 'espeak',
      VOICE_S3_BUCKET: bucket,
      VOICE_S3_ENDPOINT: S3_ENDPOINT!,
      VOICE_S3_PREFIX: `app${randomUUID().slice(0, 8)}/`,
      VOICE_S3_ACCESS_KEY_ID: 'test',
      VOICE_S3_SECRET_ACCESS_KEY: 'test',
    };
    const one = await startTestApp(env);
    const two = await startTestApp(env);
    try {
      expect(one.calmly.deps.audio.kind).toBe('s3');
      const res = await fetch(`${one.baseUrl}/api/voice/synthesize`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Made on one instance, served by the other.' }),
      });
      expect(res.status).toBe(200);
      const { audioUrl } = (await res.json()) as { audioUrl: string };
      const a = Buffer.from(await (await fetch(one.baseUrl + audioUrl)).arrayBuffer());
      const served = await fetch(two.baseUrl + audioUrl);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('audio/wav');
      expect(Buffer.from(await served.arrayBuffer()).equals(a)).toBe(true);
      expect(a.length).toBeGreaterThan(10_000);
      expect(await one.calmly.deps.redis.keys(`${one.config.redis.prefix}:voice:*`)).toEqual([]);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
