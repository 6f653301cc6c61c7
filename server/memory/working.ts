// Working memory: short-lived entries per (user, session), SmartMemory's putMemory / getMemory. Each entry is a hash that expires after the configured TTL; a zset per
// session orders entries by time (members whose hash expired are dropped lazily when read).
import type { Redis } from '../redis/client.ts';
import { newId } from '../domain/ids.ts';
import type { MemoryKeys } from './keys.ts';

/** The seed's MemoryEntry. */
export interface MemoryEntry {
  memoryId: string;
  sessionId: string;
  content: string;
  key: string | null;
  timeline: string | null;
  agent: string | null;
  timestamp: string; // ISO 8601
}

export interface PutMemoryInput {
  sessionId: string;
  content: string;
  key?: string;
  timeline?: string;
  agent?: string;
  /** When the remembered thing happened; now by default. */
  at?: number;
  /** A stable id makes the put idempotent (the recorder uses one per interaction). */
  memoryId?: string;
}

export type TimeInput = number | string | Date;

export interface GetMemoryInput {
  sessionId: string;
  key?: string;
  timeline?: string;
  nMostRecent?: number;
  startTime?: TimeInput;
  endTime?: TimeInput;
}

const DEFAULT_N = 10;
const PAGE = 200;

export const toMs = (t: TimeInput): number =>
  t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t);

function toEntry(h: Record<string, string>): MemoryEntry | null {
  if (!h?.id || h.sid === undefined || h.c === undefined) return null;
  return {
    memoryId: h.id,
    sessionId: h.sid,
    content: h.c,
    key: h.k || null,
    timeline: h.tl || null,
    agent: h.a || null,
    timestamp: new Date(Number(h.ts)).toISOString(),
  };
}

export function workingMemory(redis: Redis, keys: MemoryKeys, opts: { ttlSeconds: number }) {
  const ttlMs = opts.ttlSeconds * 1000;

  /** Reads one session's entries newest first, within a score window, dropping expired members. */
  async function* scan(
    userId: string,
    sessionId: string,
    max: number,
    min: number,
  ): AsyncGenerator<Array<MemoryEntry & { raw: Record<string, string> }>> {
    const idx = keys.sessionIndex(userId, sessionId);
    for (let offset = 0; ; offset += PAGE) {
      const ids = await redis.zRange(idx, max, min, { BY: 'SCORE', REV: true, LIMIT: { offset, count: PAGE } });
      if (!ids.length) return;
      const hashes = await Promise.all(ids.map((id) => redis.hGetAll(keys.entry(userId, id))));
      const gone = ids.filter((_, i) => !hashes[i]?.id);
      if (gone.length) await redis.zRem(idx, gone);
      const out = [];
      for (const h of hashes) {
        const e = toEntry(h);
        if (e) out.push({ ...e, raw: h });
      }
      yield out;
      if (ids.length < PAGE) return;
      if (gone.length) offset -= gone.length;
    }
  }

  return {
    async putMemory(userId: string, input: PutMemoryInput): Promise<string> {
      const memoryId = input.memoryId ?? newId('mem');
      const at = input.at ?? Date.now();
      const entryKey = keys.entry(userId, memoryId);
      const idx = keys.sessionIndex(userId, input.sessionId);
      await redis.putWorkingMemory(
        { entry: entryKey, sessionIndex: idx },
        {
          ttlMs,
          at,
          memoryId,
          expiredBefore: Date.now() - ttlMs,
          fields: {
            id: memoryId,
            sid: input.sessionId,
            c: input.content,
            k: input.key ?? '',
            tl: input.timeline ?? '',
            a: input.agent ?? '',
            ts: String(at),
          },
        },
      );
      return memoryId;
    },

    /** Exact matches on key and timeline, newest first, at most nMostRecent (default 10). */
    async getMemory(userId: string, input: GetMemoryInput): Promise<MemoryEntry[]> {
      const n = input.nMostRecent ?? DEFAULT_N;
      const max = input.endTime !== undefined ? toMs(input.endTime) : Number.MAX_SAFE_INTEGER;
      const min = input.startTime !== undefined ? toMs(input.startTime) : 0;
      const out: MemoryEntry[] = [];
      for await (const page of scan(userId, input.sessionId, max, min)) {
        for (const { raw: _raw, ...e } of page) {
          if (input.key !== undefined && e.key !== input.key) continue;
          if (input.timeline !== undefined && e.timeline !== input.timeline) continue;
          out.push(e);
          if (out.length >= n) return out;
        }
      }
      return out;
    },

    /** Session ids with live working memory. */
    async listSessions(userId: string): Promise<string[]> {
      const prefix = keys.sessionIndex(userId, '');
      const out: string[] = [];
      for await (const batch of redis.scanIterator({ MATCH: keys.sessionIndexPattern(userId), COUNT: 1000 })) {
        for (const k of batch) out.push(k.slice(prefix.length));
      }
      return out.sort();
    },
  };
}
export type WorkingMemory = ReturnType<typeof workingMemory>;
