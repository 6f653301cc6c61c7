// The scenario library (the seed's Scenario model, GET /api/scenarios) is the reply library seen
// from outside: every behaviour in scenarios/library/*.json is one scenario, whose approaches are
// its authored replies (without specifics) and whose aliases and keywords are its examples and
// cues. One source of truth: what search finds is what the coach writes from. The files are
// validated when read (server/coach/library/load.ts): a malformed one is rejected with its file
// and the field at fault.
import { renderReply } from '../server/coach/library/render.ts';
import { LIBRARY_DIR, readLibrary, type Behaviour } from '../server/coach/library/load.ts';
import type { Goal, Strategy } from '../server/coach/library/schema.ts';
import type { Context, Scenario } from '../machines/domain/types.ts';
import { scenarioSchema } from '../machines/domain/types.ts';

export { LIBRARY_DIR };

const TONE_LABEL: Record<Strategy, (c: Context) => string> = {
  process: (c) => (c === 'work' ? 'Calm and Professional' : 'Calm and Warm'),
  acknowledge: () => 'Empathetic',
  direct: () => 'Direct but Kind',
  assertive: () => 'Assertive',
  gentle: () => 'Gentle',
  casual: () => 'Casual and Friendly',
};

/** What a person in this situation usually feels, by what they want. */
const SIGNALS: Record<Goal, string[]> = {
  stop: ['frustration', 'hurt'],
  change: ['frustration', 'fatigue'],
  repay: ['frustration', 'awkwardness about money'],
  return: ['frustration', 'awkwardness'],
  apology: ['hurt', 'resentment'],
  boundary: ['stress', 'resentment'],
  decline: ['guilt', 'pressure'],
  end: ['sadness', 'resolve'],
  repair: ['guilt', 'regret'],
  ask: ['nervousness', 'hope'],
  inform: ['anxiety', 'dread'],
  understand: ['confusion', 'hurt'],
};
const REFINEMENTS: Record<Context, string[]> = {
  work: ['more assertive', 'softer', 'shorter', 'more formal', 'as an email'],
  friendship: ['softer', 'shorter', 'more casual', 'more assertive', 'as a text'],
  relationship: ['softer', 'warmer', 'shorter', 'more assertive', 'less apologetic'],
};
/**
 * The seed's `effectiveness`: an editorial prior, not a measurement. The reply written first for a
 * behaviour is the one its author would send first; each later one is a little less of a default.
 */
const PRIOR = [0.8, 0.75, 0.7, 0.65];

export function scenarioOf(b: Behaviour): Scenario {
  return scenarioSchema.parse({
    id: `scn_${b.domain}_${b.id}`.slice(0, 64),
    title: b.title,
    context: b.context,
    description: b.description,
    emotionalSignals: b.fault === 'self' ? SIGNALS.repair : SIGNALS[b.goal],
    suggestedApproaches: b.replies.map((r, i) => ({
      tone: TONE_LABEL[r.strategy](b.context),
      template: renderReply(r, {}),
      effectiveness: PRIOR[i],
    })),
    commonRefinements: REFINEMENTS[b.context],
    keywords: b.cues.slice(0, 40),
    aliases: b.examples.filter((e) => e.length <= 200).slice(0, 40),
  });
}

/** Every recognisable behaviour as a scenario (general catch-alls are not scenarios). */
export async function readScenarios(dir: string = LIBRARY_DIR): Promise<Scenario[]> {
  return readLibrary(dir)
    .filter((b) => !b.general)
    .map(scenarioOf);
}
