// Context detection: weighted lexicon evidence, anchored on who the writer relates to, blended
// with a small learned model (learned.ts) and, modestly, with semantic-search matches.
// Confidence reflects both how much clear evidence there is and how one-sided it is: hints and
// the learned model help choose, but count less toward confidence, so mixed or cue-less text
// stays below 0.6.
import type { Context, ScenarioMatch } from '../../machines/domain/types.ts';
import { contextModel } from './learned.ts';
import { CONTEXT_CUES, CONTEXT_OVERRIDES, type ContextCue } from './lexicon/context.ts';
import { PhraseMatcher, type Match } from './lexicon/matcher.ts';
import type { Parsed, Token } from './nlp.ts';

const matcher = new PhraseMatcher<ContextCue>([...CONTEXT_CUES, ...CONTEXT_OVERRIDES]);

/** "my boss" is about the writer's own tie; "my friend's husband" is about the friend. */
const OWN_TIE_BOOST = 1.4;
const THIRD_PARTY_DAMPING = 0.5;
/** A repeated cue adds less than a new one: "meeting ... meeting" is not twice the evidence. */
const REPEAT_DAMPING = 0.5;
/** Scenario evidence: at most ~2 points for a perfect top match, well below one strong role. */
const SCENARIO_WEIGHT = 2;
/**
 * The learned model's evidence: at most NB_WEIGHT points for a one-sided posterior, scaled down
 * when it recognised few words. Less than one anchored role, more than a stray hint.
 */
const NB_WEIGHT = 3;
const NB_FULL_AT = 4;
/** Cues below this weight are hints: they help choose the context but count half toward confidence. */
const STRONG_CUE = 2;
const WEAK_CUE_CONFIDENCE = 0.5;
/** The learned model's share of confidence: it chooses well but is no proof on its own. */
const NB_CONFIDENCE = 0.4;
/** The first person the writer mentions is usually the one the situation is about. */
const FIRST_PERSON_BOOST = 1.25;
/** "my friends" is more often a mention than the counterpart ("she hates my friends"). */
const PLURAL_ROLE_DAMPING = 0.75;
/** Evidence saturation: 1.5 points (one weak cue) ≈ 0.35, 4.5 (one anchored role) ≈ 0.72. */
const SATURATION = 3.5;
/** With no cues at all, personal situations are most often about someone close. */
const FALLBACK: Context = 'relationship';

export interface ContextResult {
  context: Context;
  confidence: number;
  scores: Record<Context, number>;
  /** Every person cue found, in text order, with its anchoring. */
  people: Array<Match<ContextCue> & { own: boolean; thirdParty: boolean }>;
}

export function detectContext(parsed: Parsed, scenarios: readonly ScenarioMatch[] = []): ContextResult {
  const { tokens } = parsed;
  const scores: Record<Context, number> = { work: 0, friendship: 0, relationship: 0 };
  /** Evidence for confidence: hints and the learned model choose, but only clear cues reassure. */
  const sure: Record<Context, number> = { work: 0, friendship: 0, relationship: 0 };
  const seen = new Map<string, number>();
  const people: ContextResult['people'] = [];
  let firstRole = true;

  for (const m of matcher.match(tokens)) {
    // "my younger brother", "my new manager": look past one or two modifiers for the possessive.
    let k = m.start - 1;
    const modifier = (t: Token | undefined) => t !== undefined && (t.pos === 'ADJ' || /^\d/.test(t.norm));
    while (k >= m.start - 2 && k >= 0 && modifier(tokens[k])) k--;
    const prev = tokens[k]?.norm;
    const own = prev === 'my' || prev === 'our';
    const thirdParty = prev === "'s" || prev === "'" || prev === 'his' || prev === 'her' || prev === 'their';
    const key = tokens
      .slice(m.start, m.end)
      .map((t) => t.lemma)
      .join(' ');
    const repeats = seen.get(key) ?? 0;
    seen.set(key, repeats + 1);
    let weight = m.value.weight * REPEAT_DAMPING ** repeats;
    if (own) weight *= OWN_TIE_BOOST;
    if (thirdParty) weight *= THIRD_PARTY_DAMPING;
    if (m.value.role) {
      const head = tokens[m.end - 1];
      if (head && head.norm !== head.lemma && head.norm.endsWith('s')) weight *= PLURAL_ROLE_DAMPING;
      if (firstRole && !thirdParty) weight *= FIRST_PERSON_BOOST;
      firstRole = false;
    }
    scores[m.value.context] += weight;
    sure[m.value.context] += m.value.weight >= STRONG_CUE ? weight : weight * WEAK_CUE_CONFIDENCE;
    if (m.value.role) people.push({ ...m, own, thirdParty });
  }

  const nb = contextModel().predict(parsed.text);
  const nbScale = NB_WEIGHT * Math.min(1, nb.known / NB_FULL_AT) * 1.5;
  for (const c of Object.keys(scores) as Context[]) {
    const nbPoints = nbScale * Math.max(0, nb.probs[c] - 1 / 3);
    scores[c] += nbPoints;
    sure[c] += nbPoints * NB_CONFIDENCE;
  }

  scenarios.slice(0, 3).forEach((s, rank) => {
    if (s.relevanceScore < 0.3) return;
    const points = (SCENARIO_WEIGHT * s.relevanceScore ** 2) / (rank + 1);
    scores[s.context] += points;
    sure[s.context] += points;
  });

  const ranked = (Object.keys(scores) as Context[]).sort((a, b) => scores[b] - scores[a]);
  const [top = FALLBACK] = ranked;
  const topScore = scores[top];
  if (topScore === 0) return { context: FALLBACK, confidence: 0.33, scores, people };
  const sureTop = sure[top];
  const sureOther = Math.max(...ranked.filter((c) => c !== top).map((c) => sure[c]));
  const margin = sureTop > 0 ? Math.max(0, (sureTop - sureOther) / sureTop) : 0;
  const strength = 1 - Math.exp(-sureTop / SATURATION);
  const confidence = Math.round((1 / 3 + (2 / 3) * margin * strength) * 100) / 100;
  return { context: top, confidence, scores, people };
}
