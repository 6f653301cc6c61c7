// Episodic memory: one summary per session run — what was asked, in which context, the tones
// chosen and the refinements asked for. A run is closed when the session ends or after it has been
// idle for the configured time; summaries are searchable by terms, newest first, paginated.
import type { Redis } from '../redis/client.ts';
import { userHash } from '../domain/ids.ts';
import type { MemoryKeys } from './keys.ts';
import { knownToneLabel } from '../coach/tones.ts';

/** One interaction as kept in a session run (compact, deterministic: the same interaction gives the same member). */
export interface RunItem {
  id: string;
  s: string; // situation (truncated)
  c: string | null; // context
  t: string | null; // tone chosen
  r: string[]; // refinement kinds
  at: number; // ms
}

export interface Episode {
  episodeId: string;
  sessionId: string;
  startedAt: string;
  endedAt: string;
  interactionCount: number;
  interactionIds: string[];
  contexts: string[];
  situations: string[];
  tonesChosen: Record<string, number>;
  refinements: Record<string, number>;
  summary: string;
}

export const SITUATION_CHARS = 300;

export const runItem = (i: {
  id: string;
  situationDescription: string;
  detectedContext: string | null;
  selectedTone: string | null;
  refinements: string[];
  createdAt: string;
}): RunItem => ({
  id: i.id,
  s: i.situationDescription.slice(0, SITUATION_CHARS),
  c: i.detectedContext,
  // A tone label of ours or none: episode summaries are shown and handed to MCP clients.
  t: i.selectedTone ? knownToneLabel(i.selectedTone) : null,
  r: i.refinements,
  at: Date.parse(i.createdAt),
});

const tally = (xs: string[]) => xs.reduce<Record<string, number>>((acc, x) => ((acc[x] = (acc[x] ?? 0) + 1), acc), {});
const listCounts = (h: Record<string, number>, fmt = (k: string) => k) =>
  Object.entries(h)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${fmt(k)} (${n})`)
    .join(', ');
const quote = (s: string) => `"${s.length > 80 ? `${s.slice(0, 77)}...` : s}"`;

/** Builds the summary of a run (items in time order). The id derives from the first interaction, so re-summarising is idempotent. */
export function summarise(sessionId: string, items: RunItem[]): Episode {
  const sorted = [...items].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  const [first] = sorted;
  const last = sorted.at(-1);
  if (!first || !last) throw new Error(`session ${sessionId}: nothing to summarise`);
  const contexts = [...new Set(sorted.map((i) => i.c).filter((c): c is string => Boolean(c)))];
  const tonesChosen = tally(sorted.map((i) => i.t).filter((t): t is string => Boolean(t)));
  const refinements = tally(sorted.flatMap((i) => [...new Set(i.r)]));
  const situations = sorted.map((i) => i.s);
  const parts = [
    `Session of ${sorted.length} interaction${sorted.length === 1 ? '' : 's'}${contexts.length ? ` (${contexts.join(', ')})` : ''}.`,
    `Asked about: ${situations.slice(0, 3).map(quote).join('; ')}${situations.length > 3 ? `; and ${situations.length - 3} more` : ''}.`,
  ];
  if (Object.keys(tonesChosen).length) parts.push(`Chose: ${listCounts(tonesChosen)}.`);
  parts.push(
    Object.keys(refinements).length
      ? `Asked for: ${listCounts(refinements, (k) => k.replace(/_/g, ' '))}.`
      : 'No refinements asked for.',
  );
  return {
    episodeId: `ep_${first.id}`,
    sessionId,
    startedAt: new Date(first.at).toISOString(),
    endedAt: new Date(last.at).toISOString(),
    interactionCount: sorted.length,
    interactionIds: sorted.map((i) => i.id),
    contexts,
    situations,
    tonesChosen,
    refinements,
    summary: parts.join(' '),
  };
}

export function episodicMemory(redis: Redis, keys: MemoryKeys) {
  async function store(userId: string, sessionId: string, members: string[]): Promise<Episode | null> {
    if (!members.length) return null;
    const episode = summarise(
      sessionId,
      members.map((m) => JSON.parse(m) as RunItem),
    );
    const endedAt = Date.parse(episode.endedAt);
    const r = await redis.writeEpisode(
      [
        keys.erased(),
        keys.episode(userId, episode.episodeId),
        keys.episodes(userId),
        keys.run(userId, sessionId),
        keys.active(),
      ],
      [
        userHash(userId),
        endedAt,
        JSON.stringify(episode),
        episode.episodeId,
        endedAt,
        `${userId}:${sessionId}`,
        ...members,
      ],
    );
    return r === -1 ? null : episode;
  }

  return {
    /** Closes the session's current run: writes its summary (null when there was nothing to summarise). */
    async endSession(userId: string, sessionId: string): Promise<Episode | null> {
      const members = (await redis.zRange(keys.run(userId, sessionId), 0, -1)) as string[];
      return store(userId, sessionId, members);
    },

    /** Summarises every session idle for longer than idleMs; returns how many summaries were written. */
    async sweepIdle(idleMs: number, now = Date.now(), limit = 200): Promise<number> {
      const idle = await redis.zRange(keys.active(), now - idleMs, '-inf', {
        BY: 'SCORE',
        REV: true,
        LIMIT: { offset: 0, count: limit },
      });
      let written = 0;
      for (const member of idle) {
        const at = member.indexOf(':');
        const [userId, sessionId] = [member.slice(0, at), member.slice(at + 1)];
        const run = keys.run(userId, sessionId);
        const members = (await redis.zRange(run, 0, -1)) as string[];
        if (!members.length) {
          await redis.zRem(keys.active(), member);
          continue;
        }
        if (await store(userId, sessionId, members)) written++;
      }
      return written;
    },

    /** Writes episodes computed elsewhere (rebuild). */
    async putEpisodes(userId: string, episodes: Episode[]): Promise<void> {
      if (!episodes.length) return;
      const m = redis.multi();
      for (const e of episodes) {
        m.set(keys.episode(userId, e.episodeId), JSON.stringify(e));
        m.zAdd(keys.episodes(userId), { score: Date.parse(e.endedAt), value: e.episodeId });
      }
      await m.exec();
    },

    /** Newest first; with terms, only episodes whose summary or situations contain every term. */
    async listEpisodes(
      userId: string,
      q: { terms?: string; page?: number; pageSize?: number } = {},
    ): Promise<{ episodes: Episode[]; pagination: { total: number; page: number; pageSize: number } }> {
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 10;
      const terms = (q.terms ?? '')
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean);
      const idx = keys.episodes(userId);
      if (!terms.length) {
        const [total, ids] = await Promise.all([
          redis.zCard(idx),
          redis.zRange(idx, (page - 1) * pageSize, page * pageSize - 1, { REV: true }) as Promise<string[]>,
        ]);
        const raw = await Promise.all(ids.map((id) => redis.get(keys.episode(userId, id))));
        return {
          episodes: raw.filter((r): r is string => Boolean(r)).map((r) => JSON.parse(r) as Episode),
          pagination: { total, page, pageSize },
        };
      }
      const ids = (await redis.zRange(idx, 0, -1, { REV: true })) as string[];
      const all: Episode[] = [];
      for (let i = 0; i < ids.length; i += 500) {
        const raw = await Promise.all(ids.slice(i, i + 500).map((id) => redis.get(keys.episode(userId, id))));
        for (const r of raw) if (r) all.push(JSON.parse(r) as Episode);
      }
      const matching = all.filter((e) => {
        const text = `${e.summary} ${e.situations.join(' ')}`.toLowerCase();
        return terms.every((t) => text.includes(t));
      });
      return {
        episodes: matching.slice((page - 1) * pageSize, page * pageSize),
        pagination: { total: matching.length, page, pageSize },
      };
    },
  };
}
export type EpisodicMemory = ReturnType<typeof episodicMemory>;
