// Which three tones to offer and in what order: preferences shift the set, a strong learned
// per-context habit moves its tone to the front, and assertiveness sets how firmly to ask.
import type { Context, LearnedPatterns, Preferences } from '../../machines/domain/types.ts';
import type { Strategy } from './library/schema.ts';

export type { Strategy };

export interface ToneChoice {
  strategy: Strategy;
  label: string;
  /** Why this tone is in this position, when it is because of the user (empty otherwise). */
  because: string;
}

export interface TonePlan {
  tones: ToneChoice[];
  /** 1..10 after preferences and learned habits. */
  assertiveness: number;
  notes: string[];
}

const LABEL: Record<Strategy, string> = {
  process: 'Calm and Professional',
  acknowledge: 'Empathetic',
  direct: 'Direct but Kind',
  assertive: 'Assertive',
  gentle: 'Gentle',
  casual: 'Casual and Friendly',
};
const SETS: Record<Preferences['preferredTone'], readonly [Strategy, Strategy, Strategy]> = {
  balanced: ['process', 'acknowledge', 'direct'],
  professional: ['process', 'acknowledge', 'direct'],
  empathetic: ['acknowledge', 'process', 'direct'],
  direct: ['direct', 'process', 'acknowledge'],
  assertive: ['assertive', 'process', 'acknowledge'],
  gentle: ['gentle', 'acknowledge', 'direct'],
  casual: ['casual', 'acknowledge', 'direct'],
};
/** When the strategy someone prefers is not among the replies written for a behaviour, the closest one. */
const NEAREST: Record<Strategy, Strategy[]> = {
  process: ['direct', 'acknowledge'],
  acknowledge: ['gentle', 'process'],
  direct: ['assertive', 'process'],
  assertive: ['direct', 'process'],
  gentle: ['acknowledge', 'process'],
  casual: ['acknowledge', 'gentle', 'process'],
};
/** Learned-habit thresholds: a tone must be a clear, repeated choice before it reorders anything. */
const HABIT_SHARE = 0.6;
const HABIT_COUNT = 3;
const REFINE_SHARE = 0.5;
/** Enough to cross from asking ("Could you") to stating a need ("I need you to") from the default 5. */
const HABIT_SHIFT = 3;

/** Maps a free tone label ("Assertive and Professional", "warm") to a strategy. */
export function strategyOf(label: string): Strategy | null {
  const l = label.toLowerCase();
  if (/empath|understand|compassion|support/.test(l)) return 'acknowledge';
  if (/assert|firm/.test(l)) return 'assertive';
  if (/direct|honest|straight/.test(l)) return 'direct';
  if (/gentle|soft/.test(l)) return 'gentle';
  if (/casual|friendly|relaxed|light/.test(l)) return 'casual';
  if (/profession|calm|formal|warm|diplomat/.test(l)) return 'process';
  return null;
}

/** Every tone label the coach writes (a hosted model is asked for these too). */
export const TONE_LABELS: readonly string[] = [...Object.values(LABEL), 'Calm and Warm'];

/**
 * A tone someone sent or saved ("empathetic", "Assertive and Professional", a refined reply's tone)
 * as one of the coach's labels, or null. A tone label is free text at the edges, and it reaches
 * prompts (refine, learned habits): only a known value may, never the words a user typed.
 */
export function knownToneLabel(label: string): string | null {
  const l = label
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .trim()
    .toLowerCase();
  const exact = TONE_LABELS.find((k) => k.toLowerCase() === l);
  if (exact) return exact;
  const s = strategyOf(l);
  return s ? LABEL[s] : null;
}

/**
 * Three tones in order. `available` is what was written for this situation (in the writer's order);
 * without it, any strategy can be used (a hosted model writes whatever it is asked for).
 */
export function planTones(
  context: Context,
  prefs: Partial<Omit<Preferences, 'userId'>> = {},
  patterns?: LearnedPatterns,
  available?: readonly Strategy[],
): TonePlan {
  const preferred = prefs.preferredTone ?? 'balanced';
  const canUse = (s: Strategy) => !available || available.includes(s);
  const nearest = (s: Strategy) => (canUse(s) ? s : (NEAREST[s].find(canUse) ?? null));
  let order: Strategy[] = available ? [...available] : [...SETS[preferred]];
  const because = new Map<Strategy, string>();
  const notes: string[] = [];
  if (preferred !== 'balanced') {
    const wanted = SETS[preferred][0];
    const got = nearest(wanted);
    if (got) {
      order = [got, ...order.filter((s) => s !== got)];
      because.set(
        got,
        got === wanted
          ? `You set ${preferred} as your preferred tone.`
          : `You set ${preferred} as your preferred tone; this is the closest reply written for this situation.`,
      );
    }
  }

  const habit = patterns?.toneByContext?.[context];
  const habitStrategy = habit ? strategyOf(habit.tone) : null;
  if (habit && habitStrategy && canUse(habitStrategy) && habit.share >= HABIT_SHARE && habit.count >= HABIT_COUNT) {
    const at = order.indexOf(habitStrategy);
    if (at >= 0) order.splice(at, 1);
    else order.pop();
    order.unshift(habitStrategy);
    const reason = `You chose ${habit.tone} in ${habit.count} of ${habit.total} ${context} situations, so it comes first.`;
    because.set(habitStrategy, reason);
    notes.push(reason);
  }

  let assertiveness = clamp(Math.round(prefs.defaultAssertiveness ?? 5), 1, 10);
  for (const h of patterns?.refinementHabits ?? []) {
    if (h.context !== context || h.share < REFINE_SHARE) continue;
    const pct = Math.round(h.share * 100);
    if (h.adjustment === 'more_assertive') {
      assertiveness = clamp(assertiveness + HABIT_SHIFT, 1, 10);
      notes.push(
        `Wording is firmer by default: you asked for more assertive versions in ${pct}% of your ${context} situations.`,
      );
    } else if (h.adjustment === 'softer') {
      assertiveness = clamp(assertiveness - HABIT_SHIFT, 1, 10);
      notes.push(
        `Wording is gentler by default: you asked for softer versions in ${pct}% of your ${context} situations.`,
      );
    }
  }

  const tones = order.slice(0, 3).map((strategy) => ({
    strategy,
    label:
      strategy === 'process' && context !== 'work' && preferred !== 'professional' ? 'Calm and Warm' : LABEL[strategy],
    because: because.get(strategy) ?? '',
  }));
  return { tones, assertiveness, notes };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
