// Clips as files in one directory (VOICE_AUDIO_DIR), one file per clip named by its id: a short
// header line of metadata, then the audio. Written to tmp/ and renamed into place, so a reader never
// sees half a clip and a crash leaves only a temporary file (removed at the next start). Bounded:
// the files together stay under VOICE_CACHE_MAX_BYTES, the least recently used going first, and a clip
// older than VOICE_CACHE_SECONDS (by the file's modification time) is gone. The index of sizes and
// last use lives in this process, rebuilt from the directory at start, so this store belongs to one
// instance: several instances share clips through the S3 store instead.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log/logger.ts';
import { AUDIO_ID, asBuffer, parseMeta, type AudioCache, type CachedAudio } from './cache.ts';

const MAGIC = 'CALMLY-AUDIO/1\n';

interface Entry {
  size: number;
  /** Last read or write (ms), for least-recently-used eviction. */
  used: number;
  /** When the clip was written (ms): its age for VOICE_CACHE_SECONDS. */
  made: number;
}

export interface FileAudioStore extends AudioCache {
  /** Bytes of the files this store holds now. */
  bytes(): number;
}

export async function createFileAudioStore(opts: {
  dir: string;
  maxBytes: number;
  ttlSeconds: number;
  log?: Logger;
}): Promise<FileAudioStore> {
  const dir = path.resolve(opts.dir);
  const tmpDir = path.join(dir, 'tmp');
  const ttlMs = opts.ttlSeconds * 1000;
  const index = new Map<string, Entry>();
  // Bytes of the indexed files plus the writes under way.
  let total = 0;
  const file = (id: string) => path.join(dir, id);
  const expired = (made: number, now = Date.now()) => now - made >= ttlMs;

  function forget(id: string): void {
    const entry = index.get(id);
    if (!entry) return;
    index.delete(id);
    total -= entry.size;
  }

  async function remove(id: string): Promise<void> {
    forget(id);
    await unlink(file(id)).catch(() => undefined);
  }

  /** Expired clips first, then the least recently used, until `incoming` more bytes fit. */
  async function makeRoom(incoming: number): Promise<void> {
    const now = Date.now();
    const doomed: string[] = [];
    for (const [id, entry] of index) if (expired(entry.made, now)) doomed.push(id);
    for (const id of doomed) forget(id);
    if (total + incoming > opts.maxBytes) {
      const byUse = [...index].sort((a, b) => a[1].used - b[1].used);
      for (const [id] of byUse) {
        if (total + incoming <= opts.maxBytes) break;
        forget(id);
        doomed.push(id);
      }
    }
    await Promise.all(doomed.map((id) => unlink(file(id)).catch(() => undefined)));
  }

  // Start-up: what an earlier run left (a half-written temporary file is never a clip).
  await mkdir(dir, { recursive: true });
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });
  for (const name of await readdir(dir)) {
    if (!AUDIO_ID.test(name)) continue;
    const st = await stat(file(name)).catch(() => null);
    if (!st?.isFile()) continue;
    if (expired(st.mtimeMs)) await unlink(file(name)).catch(() => undefined);
    else {
      index.set(name, { size: st.size, used: Math.max(st.atimeMs, st.mtimeMs), made: st.mtimeMs });
      total += st.size;
    }
  }
  await makeRoom(0);
  opts.log?.info({ dir, clips: index.size, bytes: total, maxBytes: opts.maxBytes }, 'audio store: files');

  return {
    kind: 'files',
    bytes: () => total,
    async get(audioId): Promise<CachedAudio | null> {
      if (!AUDIO_ID.test(audioId)) return null;
      const entry = index.get(audioId);
      if (!entry) return null;
      if (expired(entry.made)) {
        await remove(audioId);
        return null;
      }
      let data: Buffer;
      try {
        data = await readFile(file(audioId));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          forget(audioId);
          return null;
        }
        throw err;
      }
      const eol = data.indexOf(0x0a, MAGIC.length);
      if (!data.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC)) || eol < 0) return null;
      let meta: ReturnType<typeof parseMeta>;
      try {
        meta = parseMeta(JSON.parse(data.subarray(MAGIC.length, eol).toString('utf8')));
      } catch {
        meta = null;
      }
      if (!meta) return null;
      entry.used = Date.now();
      return { ...meta, bytes: data.subarray(eol + 1) };
    },
    async put(audioId, clip) {
      if (!AUDIO_ID.test(audioId)) throw new Error(`not an audio id: ${audioId}`);
      const header = Buffer.from(
        `${MAGIC}${JSON.stringify({ format: clip.format, durationMs: clip.durationMs, voice: clip.voice })}\n`,
      );
      const size = header.length + clip.bytes.byteLength;
      if (size > opts.maxBytes) throw new Error(`the clip (${size} bytes) is larger than VOICE_CACHE_MAX_BYTES`);
      forget(audioId); // replaced below
      await makeRoom(size);
      total += size;
      const tmp = path.join(tmpDir, `${audioId}.${randomBytes(6).toString('hex')}`);
      try {
        await writeFile(tmp, [header, asBuffer(clip.bytes)]);
        await rename(tmp, file(audioId));
      } catch (err) {
        total -= size;
        await unlink(tmp).catch(() => undefined);
        throw err;
      }
      const now = Date.now();
      // Another put of the same id may have finished meanwhile: its file was just replaced by ours.
      forget(audioId);
      index.set(audioId, { size, used: now, made: now });
    },
  };
}
