// Emotional tone: lexicon hits (named feelings and situations that evoke them) plus the AFINN
// valence of the whole text; the register of the context decides the "_but_professional" suffix.
import Sentiment from 'sentiment';
import type { Context } from '../../machines/domain/types.ts';
import { EMOTION_ADJECTIVE, EMOTION_CUES, HEATED, INTENSIFIERS, type Emotion } from './lexicon/emotions.ts';
import { PhraseMatcher } from './lexicon/matcher.ts';
import type { Parsed } from './nlp.ts';

const matcher = new PhraseMatcher<readonly [Emotion, number]>(EMOTION_CUES.map(([p, e, w]) => [p, [e, w] as const]));
const afinn = new Sentiment();

/** An emotion must reach this much evidence to be named in the label. */
const MIN_EVIDENCE = 1;
/** A second emotion is named only if it is at least this fraction of the first. */
const SECOND_SHARE = 0.5;

export interface EmotionResult {
  tone: string;
  /** Ranked emotions that made it into the analysis. */
  emotions: Emotion[];
  /** AFINN comparative score (per word); negative = distressed. */
  valence: number;
  intense: boolean;
}

export function detectEmotion(parsed: Parsed, context: Context): EmotionResult {
  const { tokens, text } = parsed;
  const evidence = new Map<Emotion, number>();
  for (const m of matcher.match(tokens)) {
    const [emotion, weight] = m.value;
    // "not angry, just tired": a negated feeling word is no evidence for it.
    if (tokens[m.start]?.negated && weight >= 2) continue;
    const boost = INTENSIFIERS.has(tokens[m.start - 1]?.norm ?? '') ? 1.5 : 1;
    evidence.set(emotion, (evidence.get(emotion) ?? 0) + weight * boost);
  }
  const valence = afinn.analyze(text).comparative;
  const intense = /!{1,}|\b[A-Z]{4,}\b/.test(text) || valence <= -0.6;

  const ranked = [...evidence.entries()].filter(([, v]) => v >= MIN_EVIDENCE).sort((a, b) => b[1] - a[1]);
  const emotions: Emotion[] = [];
  const [strongest, runnerUp] = ranked;
  if (strongest) {
    emotions.push(strongest[0]);
    if (runnerUp && runnerUp[1] >= strongest[1] * SECOND_SHARE) emotions.push(runnerUp[0]);
  }
  return { tone: label(emotions, context, valence, intense), emotions, valence, intense };
}

function label(emotions: Emotion[], context: Context, valence: number, intense: boolean): string {
  const [first, second] = emotions;
  if (!first) {
    if (valence < -0.15) return context === 'work' ? 'uneasy_but_professional' : 'uneasy';
    return 'calm';
  }
  if (first === 'guilt' && !second) return 'guilty_and_apologetic';
  if (first === 'anger' && intense && !second) return 'angry';
  const words = emotions.map((e) => EMOTION_ADJECTIVE[e]);
  if (context === 'work' && !second && HEATED.has(first) && !intense) return `${words[0]}_but_professional`;
  return words.join('_and_');
}
