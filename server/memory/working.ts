// Working memory: short-lived entries per (user, session), SmartMemory's putMemory / getMemory /
// searchMemory / deleteMemory. Each entry is a hash that expires after the configured TTL; a zset per
// session orders entries by time (members whose hash expired are dropped lazily when read).
import type { Redis } from '../redis/client.ts';
import type { Embedder } from '../embeddings/embedder.ts';
import { bytesToVector, vectorToBytes } from '../embeddings/embedder.ts';
import { defineScript, type CommandParser } from 'redis';
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

export interface SearchMemoryInput {
  sessionId: string;
  terms: string;
  nMostRecent?: number;
  /** Entries scoring below this cosine similarity are not returned (default 0.15). */
  minScore?: number;
}

export type ScoredMemoryEntry = MemoryEntry & { score: number };

const DEFAULT_N = 10;
const SEARCH_WINDOW = 1_000;
const PAGE = 200;

export const toMs = (t: TimeInput): number => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t));

/** Stores the vector only if the entry still exists (an expired entry is not brought back). Registered on the client (redis/client.ts). */
export const setVectorIfExists = defineScript({
  NUMBER_OF_KEYS: 1,
  SCRIPT: `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'v', ARGV[1], 'vid', ARGV[2]) return 1 end
return 0`,
  parseCommand(parser: CommandParser, entryKey: string, vector: string, embedderId: string) {
    parser.pushKey(entryKey);
    parser.push(vector, embedderId);
  },
  transformReply: undefined as unknown as () => 0 | 1,
});

function toEntry(h: Record<string, string>): MemoryEntry | null {
  if (!h || !h.id) return null;
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

export function workingMemory(redis: Redis, keys: MemoryKeys, opts: { ttlSeconds: number; embedder: () => Promise<Embedder> }) {
  const ttlMs = opts.ttlSeconds * 1000;

  /** Reads one session's entries newest first, within a score window, dropping expired members. */
  async function* scan(userId: string, sessionId: string, max: number, min: number): AsyncGenerator<Array<MemoryEntry & { raw: Record<string, string> }>> {
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
      await redis
        .multi()
        .hSet(entryKey, {
          id: memoryId,
          sid: input.sessionId,
          c: input.content,
          k: input.key ?? '',
          tl: input.timeline ?? '',
          a: input.agent ?? '',
          ts: String(at),
        })
        .pExpire(entryKey, ttlMs)
        .zAdd(idx, { score: at, value: memoryId })
        .zRemRangeByScore(idx, '-inf', Date.now() - ttlMs)
        .pExpire(idx, ttlMs)
        .exec();
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

    /** Ranked by relevance to `terms` (cosine similarity of embeddings), ties newest first. */
    async searchMemory(userId: string, input: SearchMemoryInput): Promise<ScoredMemoryEntry[]> {
      const n = input.nMostRecent ?? DEFAULT_N;
      const minScore = input.minScore ?? 0.15;
      const entries: Array<MemoryEntry & { raw: Record<string, string> }> = [];
      for await (const page of scan(userId, input.sessionId, Number.MAX_SAFE_INTEGER, 0)) {
        entries.push(...page);
        if (entries.length >= SEARCH_WINDOW) break;
      }
      if (!entries.length) return [];
      const embedder = await opts.embedder();
      const missing = entries.filter((e) => e.raw.vid !== embedder.id || !e.raw.v);
      const [query, ...vectors] = await embedder.embed([input.terms, ...missing.map((e) => e.content)]);
      const vec = new Map<string, Float32Array>();
      missing.forEach((e, i) => vec.set(e.memoryId, vectors[i]));
      await Promise.all(
        missing.map((e, i) =>
          redis.setVectorIfExists(keys.entry(userId, e.memoryId), vectorToBytes(vectors[i]).toString('base64'), embedder.id),
        ),
      );
      const scored: ScoredMemoryEntry[] = entries.map(({ raw, ...e }) => {
        const v = vec.get(e.memoryId) ?? bytesToVector(Buffer.from(raw.v, 'base64'));
        let dot = 0;
        for (let i = 0; i < v.length && i < query.length; i++) dot += v[i] * query[i];
        return { ...e, score: Math.round(dot * 10_000) / 10_000 };
      });
      return scored
        .filter((e) => e.score >= minScore)
        .sort((a, b) => b.score - a.score || b.timestamp.localeCompare(a.timestamp))
        .slice(0, n);
    },

    async deleteMemory(userId: string, memoryId: string): Promise<boolean> {
      const entryKey = keys.entry(userId, memoryId);
      const sessionId = await redis.hGet(entryKey, 'sid');
      if (!sessionId) return false;
      await redis.multi().del(entryKey).zRem(keys.sessionIndex(userId, sessionId), memoryId).exec();
      return true;
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
