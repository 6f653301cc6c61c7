// Semantic memory: learned patterns per user. Counts per context (interactions, tone choices,
// refinement kinds asked for) are incremented once per interaction id (a set of counted ids makes
// redelivery harmless) and can be recomputed from Postgres (rebuild.ts).
import type { Redis } from '../redis/client.ts';
import {
  CONTEXTS,
  type Context,
  type LearnedPatterns,
  type RefinementHabit,
  type TonePattern,
} from '../../machines/domain/types.ts';
import { knownToneLabel } from '../coach/tones.ts';
import { ADJUSTMENT_KINDS } from '../coach/lexicon/adjustments.ts';
import type { MemoryKeys } from './keys.ts';

export interface PatternCounts {
  /** interactions per context, and interactions with a chosen tone per context */
  totals: Partial<Record<Context, number>>;
  toned: Partial<Record<Context, number>>;
  tones: Partial<Record<Context, Record<string, number>>>;
  refinements: Partial<Record<Context, Record<string, number>>>;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Counts per tone label, in the coach's labels only: a selected tone is free text at the edges (and
 * in AUTH_MODE=none anyone can save one for anyone), and learned patterns go into every later prompt
 * and onto the history page, so a label that is not one of ours is mapped to one or dropped.
 */
function knownTones(counts: Record<string, number>): Array<[string, number]> {
  const out = new Map<string, number>();
  for (const [label, n] of Object.entries(counts)) {
    const tone = knownToneLabel(label);
    if (tone && n > 0) out.set(tone, (out.get(tone) ?? 0) + n);
  }
  return [...out];
}
const isAdjustmentKind = (k: string) => (ADJUSTMENT_KINDS as readonly string[]).includes(k);

/** Most chosen tone per context (ties: alphabetical), refinement kinds by share; known values only. */
export function patternsFromCounts(c: PatternCounts): LearnedPatterns {
  const toneByContext: Partial<Record<Context, TonePattern>> = {};
  const refinementHabits: RefinementHabit[] = [];
  for (const ctx of CONTEXTS) {
    const tones = knownTones(c.tones[ctx] ?? {});
    const total = c.toned[ctx] ?? 0;
    if (tones.length && total > 0) {
      const [top] = tones.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      if (top) {
        const [tone, count] = top;
        toneByContext[ctx] = { tone, count, total, share: round(count / total) };
      }
    }
    const n = c.totals[ctx] ?? 0;
    for (const [adjustment, count] of Object.entries(c.refinements[ctx] ?? {})) {
      if (n > 0 && count > 0 && isAdjustmentKind(adjustment))
        refinementHabits.push({ context: ctx, adjustment, count, total: n, share: round(count / n) });
    }
  }
  refinementHabits.sort(
    (a, b) =>
      b.share - a.share ||
      b.count - a.count ||
      a.context.localeCompare(b.context) ||
      a.adjustment.localeCompare(b.adjustment),
  );
  return { toneByContext, refinementHabits };
}

/** Human sentences for the history page ("You usually choose Empathetic in relationship situations (8 of 10)"). */
export function insightsFrom(p: LearnedPatterns): string[] {
  const out: string[] = [];
  for (const ctx of CONTEXTS) {
    const t = p.toneByContext[ctx];
    if (t) {
      const usually = t.share >= 0.5 ? 'usually choose' : 'most often choose';
      out.push(`You ${usually} ${t.tone} in ${ctx} situations (${t.count} of ${t.total}).`);
    }
  }
  for (const h of p.refinementHabits) {
    if (h.share < 0.3) continue;
    out.push(
      `You ask for ${h.adjustment.replace(/_/g, ' ')} versions in ${Math.round(h.share * 100)}% of your ${h.context} situations (${h.count} of ${h.total}).`,
    );
  }
  return out;
}

/** A hash as HGETALL's flat field, value list, as an object. */
function pairs(flat: readonly unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = String(flat[i + 1]);
  return out;
}

export function semanticMemory(redis: Redis, keys: MemoryKeys) {
  async function counts(userId: string): Promise<PatternCounts> {
    const [totals = {}, ...rest] = (
      await redis.readHashes([
        keys.totals(userId),
        ...CONTEXTS.map((c) => keys.tones(userId, c)),
        ...CONTEXTS.map((c) => keys.refinements(userId, c)),
      ])
    ).map(pairs);
    const num = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Number(v)]));
    const out: PatternCounts = { totals: {}, toned: {}, tones: {}, refinements: {} };
    CONTEXTS.forEach((c, i) => {
      if (totals[c]) out.totals[c] = Number(totals[c]);
      if (totals[`toned:${c}`]) out.toned[c] = Number(totals[`toned:${c}`]);
      out.tones[c] = num(rest[i] ?? {});
      out.refinements[c] = num(rest[CONTEXTS.length + i] ?? {});
    });
    return out;
  }

  return {
    counts,
    async getPatterns(userId: string): Promise<LearnedPatterns> {
      return patternsFromCounts(await counts(userId));
    },
    /** Replaces the user's counts (and the set of counted interaction ids) in one transaction. */
    async replace(userId: string, c: PatternCounts, countedIds: string[]): Promise<void> {
      const m = redis.multi();
      m.del([
        keys.seen(userId),
        keys.totals(userId),
        ...CONTEXTS.map((x) => keys.tones(userId, x)),
        ...CONTEXTS.map((x) => keys.refinements(userId, x)),
      ]);
      const totals: Record<string, number> = {};
      for (const ctx of CONTEXTS) {
        if (c.totals[ctx]) totals[ctx] = c.totals[ctx]!;
        if (c.toned[ctx]) totals[`toned:${ctx}`] = c.toned[ctx]!;
        if (Object.keys(c.tones[ctx] ?? {}).length) m.hSet(keys.tones(userId, ctx), c.tones[ctx]!);
        if (Object.keys(c.refinements[ctx] ?? {}).length) m.hSet(keys.refinements(userId, ctx), c.refinements[ctx]!);
      }
      if (Object.keys(totals).length) m.hSet(keys.totals(userId), totals);
      for (let i = 0; i < countedIds.length; i += 1000) m.sAdd(keys.seen(userId), countedIds.slice(i, i + 1000));
      await m.exec();
    },
  };
}
export type SemanticMemory = ReturnType<typeof semanticMemory>;
