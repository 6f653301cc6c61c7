// server/memory: the memory layers of the seed's SmartMemory that Calmly uses, on Redis.
//   working    — per (user, session) entries that expire (putMemory/getMemory)
//   episodic   — per-user session summaries (endSession, idle sweep, listEpisodes)
//   semantic   — per-user learned patterns (getPatterns), recomputable from Postgres (rebuild.ts)
// Every key comes from keys.ts; everything of a user lives under that user's own key prefix.
import type { Redis } from '../redis/client.ts';
import type { Interaction } from '../../db/repositories/interactions.ts';
import { userHash } from '../domain/ids.ts';
import type { LearnedPatterns } from '../../machines/domain/types.ts';
import { memoryKeys, type MemoryKeys } from './keys.ts';
import { workingMemory, type GetMemoryInput, type MemoryEntry, type PutMemoryInput } from './working.ts';
import { episodicMemory, runItem, type Episode } from './episodic.ts';
import { semanticMemory, type PatternCounts } from './semantic.ts';
import { knownToneLabel } from '../coach/tones.ts';

export type { MemoryEntry, PutMemoryInput, GetMemoryInput } from './working.ts';
export type { Episode } from './episodic.ts';
export { insightsFrom, patternsFromCounts } from './semantic.ts';

/** Session id used for interactions recorded without one. */
export const DEFAULT_SESSION = 'default';

export interface MemoryOptions {
  redis: Redis;
  prefix: string;
  /** Working memory entries expire this long after they were made. */
  workingTtlSeconds: number;
  /** A session's run is summarised into episodic memory after this much inactivity. */
  sessionIdleSeconds: number;
}

export interface RecordResult {
  id: string;
  /** applied: counted now; duplicate: already counted (redelivery); erased: the user was erased after it was made */
  outcome: 'applied' | 'duplicate' | 'erased';
}

export interface UserMemoryExport {
  workingMemory: Record<string, MemoryEntry[]>;
  episodes: Episode[];
  patterns: LearnedPatterns;
}

/** The memory port: built once by the composition root; the session, the recorder and the use-cases hold it. */
export interface Memory {
  /** Where everything lives in Redis (erasure, tests). */
  readonly keys: MemoryKeys;
  /** Working memory: an entry for a (user, session), expiring after MEMORY_WORKING_TTL_SECONDS; returns its id. */
  putMemory(userId: string, input: PutMemoryInput): Promise<string>;
  getMemory(userId: string, input: GetMemoryInput): Promise<MemoryEntry[]>;
  /** Semantic memory: the tone chosen per context and the refinement habits. */
  getPatterns(userId: string): Promise<LearnedPatterns>;
  /** Episodic memory: summarises a session now (null when there was nothing to summarise). */
  endSession(userId: string, sessionId: string): Promise<Episode | null>;
  listEpisodes(
    userId: string,
    q?: { terms?: string; page?: number; pageSize?: number },
  ): Promise<{ episodes: Episode[]; pagination: { total: number; page: number; pageSize: number } }>;
  /** Records interactions (already in Postgres) into every layer; idempotent per id. */
  recordInteractions(items: Interaction[]): Promise<RecordResult[]>;
  /** Summarises sessions idle for longer than the configured time; returns how many. */
  sweepIdleSessions(now?: number): Promise<number>;
  /** Memory rebuild (rebuild.ts): a user's learned patterns, and their episodes and open session runs, replaced. */
  replacePatterns(userId: string, counts: PatternCounts, countedIds: string[]): Promise<void>;
  replaceEpisodes(userId: string, episodes: Episode[]): Promise<void>;
  exportUser(userId: string): Promise<UserMemoryExport>;
  markErased(userId: string): Promise<void>;
  eraseUser(userId: string): Promise<number>;
}

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const out: string[] = [];
  for await (const keys of redis.scanIterator({ MATCH: pattern, COUNT: 1000 })) out.push(...keys);
  return out;
}

/** Unsummarised runs are kept at most this long (a safety net; the idle sweep closes them much sooner). */
const RUN_TTL_MS = 30 * 24 * 3600 * 1000;

export function createMemory(opts: MemoryOptions): Memory {
  const { redis } = opts;
  const keys = memoryKeys(opts.prefix);
  const working = workingMemory(redis, keys, { ttlSeconds: opts.workingTtlSeconds });
  const episodic = episodicMemory(redis, keys);
  const semantic = semanticMemory(redis, keys);
  const ttlMs = opts.workingTtlSeconds * 1000;

  async function recordOne(i: Interaction, now: number): Promise<RecordResult> {
    const sessionId = i.sessionId ?? DEFAULT_SESSION;
    const memoryId = `mem_${i.id}`;
    const ctx = i.detectedContext ?? '';
    const kinds = [...new Set(i.refinements)];
    const content = JSON.stringify({
      interactionId: i.id,
      situationDescription: i.situationDescription,
      detectedContext: i.detectedContext,
      selectedTone: i.selectedTone,
      selectedResponse: i.selectedResponse,
      refinements: kinds,
    });
    const r = await redis.recordInteraction(
      [
        keys.erased(),
        keys.seen(i.userId),
        keys.totals(i.userId),
        keys.tones(i.userId, ctx || 'none'),
        keys.refinements(i.userId, ctx || 'none'),
        keys.entry(i.userId, memoryId),
        keys.sessionIndex(i.userId, sessionId),
        keys.run(i.userId, sessionId),
        keys.active(),
      ],
      [
        userHash(i.userId),
        Date.parse(i.createdAt),
        i.id,
        ctx,
        // Counted under one of the coach's tone labels, or not at all (semantic.ts says why).
        (i.selectedTone && knownToneLabel(i.selectedTone)) ?? '',
        ttlMs,
        now,
        memoryId,
        sessionId,
        content,
        `*${i.detectedContext ?? 'general'}`,
        JSON.stringify(runItem({ ...i, refinements: kinds })),
        `${i.userId}:${sessionId}`,
        RUN_TTL_MS,
        ...kinds,
      ],
    );
    return { id: i.id, outcome: r === 1 ? 'applied' : r === 0 ? 'duplicate' : 'erased' };
  }

  async function removeActive(userId: string): Promise<void> {
    const members: string[] = [];
    for await (const batch of redis.zScanIterator(keys.active(), { MATCH: `${userId}:*`, COUNT: 1000 })) {
      for (const m of batch) members.push(m.value);
    }
    if (members.length) await redis.zRem(keys.active(), members);
  }

  return {
    keys,

    // SmartMemory's surface, user-scoped.
    putMemory: working.putMemory,
    getMemory: working.getMemory,
    getPatterns: semantic.getPatterns,
    endSession: episodic.endSession,
    listEpisodes: episodic.listEpisodes,
    replacePatterns: semantic.replace,

    /** Records interactions (already in Postgres) into working, episodic and semantic memory; idempotent per id. */
    async recordInteractions(items: Interaction[]): Promise<RecordResult[]> {
      const now = Date.now();
      return Promise.all(items.map((i) => recordOne(i, now)));
    },

    /** Summarises sessions idle for longer than the configured time. */
    sweepIdleSessions(now = Date.now()): Promise<number> {
      return episodic.sweepIdle(opts.sessionIdleSeconds * 1000, now);
    },

    /** Replaces a user's episodes and open session runs (memory rebuild). */
    async replaceEpisodes(userId: string, episodes: Episode[]): Promise<void> {
      const stale = [
        ...(await scanKeys(redis, `${keys.episodes(userId)}*`)),
        ...(await scanKeys(redis, `${keys.run(userId, '')}*`)),
      ];
      for (let i = 0; i < stale.length; i += 500) await redis.unlink(stale.slice(i, i + 500));
      await removeActive(userId);
      await episodic.putEpisodes(userId, episodes);
    },

    /** Everything memory holds about a user. */
    async exportUser(userId: string): Promise<UserMemoryExport> {
      const sessions = await working.listSessions(userId);
      const workingMemory: Record<string, MemoryEntry[]> = {};
      for (const s of sessions)
        workingMemory[s] = await working.getMemory(userId, { sessionId: s, nMostRecent: Number.MAX_SAFE_INTEGER });
      const episodes: Episode[] = [];
      for (let page = 1; ; page++) {
        const r = await episodic.listEpisodes(userId, { page, pageSize: 500 });
        episodes.push(...r.episodes);
        if (page * 500 >= r.pagination.total) break;
      }
      return { workingMemory, episodes, patterns: await semantic.getPatterns(userId) };
    },

    /** Tombstone: from now on, nothing made before this moment is recorded for the user. */
    async markErased(userId: string): Promise<void> {
      await redis.hSet(keys.erased(), userHash(userId), String(Date.now()));
    },

    /**
     * Erases everything of a user: a tombstone first (hash of the id → now), so an interaction made
     * before now and still in flight cannot write anything back; then every key under the user's
     * prefix and the user's entries in the global active-session index. Returns the keys removed.
     */
    async eraseUser(userId: string): Promise<number> {
      await this.markErased(userId);
      const found = await scanKeys(redis, keys.userPattern(userId));
      for (let i = 0; i < found.length; i += 500) await redis.unlink(found.slice(i, i + 500));
      await removeActive(userId);
      return found.length;
    },
  };
}
