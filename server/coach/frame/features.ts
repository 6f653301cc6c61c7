// Features of a parsed text for recognising behaviours: content lemmas, adjacent-lemma bigrams and
// the concepts of the domain synonym lexicon (server/embeddings/lexicon.ts: "supervisor" and
// "boss", "bailed" and "cancelled" share a concept), each weighted, ready for TF-IDF.
import { LEXICON, WEAK_CONCEPTS } from '../../embeddings/lexicon.ts';
import type { Token } from '../nlp.ts';

const STOP = new Set(
  (
    'a an the and or but so to of in on at for with by from as is are was were be been being am do does did have has had i me my mine myself ' +
    'you your yours he him his she her hers they them their theirs it its we us our this that these those there here what which who whom when ' +
    'where why how just very really too also not no than then if about into over after before again up down out off all any some more most other ' +
    'such only own same can will would should could may might must shall get got go going gone because while even still ever lot way much ' +
    'thing things something someone anything everything nothing stuff kind sort bit like know think feel want say said tell told make made ' +
    'yeah ok okay oh um lol idk tbh honestly literally basically actually seriously pretty quite rather whatever anyway well let'
  ).split(/\s+/),
);
const CONTENT_POS = new Set(['NOUN', 'VERB', 'ADJ', 'ADV', 'PROPN', 'NUM', 'AUX']);
const MAX_GAP = 2;

export const W_TERM = 1;
export const W_BIGRAM = 0.6;
export const W_CONCEPT = 1.3;
export const W_WEAK_CONCEPT = 0.5;

type LexEntry = { words: string[]; concept: string };
const lexicon = new Map<string, LexEntry[]>();
for (const [concept, phrases] of Object.entries(LEXICON)) {
  for (const phrase of phrases) {
    const words = phrase.toLowerCase().replace(/-/g, ' ').split(/\s+/).filter(Boolean);
    const [first] = words;
    if (first === undefined) continue;
    const list = lexicon.get(first) ?? [];
    list.push({ words, concept });
    lexicon.set(first, list);
  }
}

/** A word's comparable form: the lemma, with a plural "s" the lemmatiser missed taken off. */
export function termOf(t: Token): string {
  const l = t.lemma.replace(/[^a-z0-9']/g, '');
  return l.length > 4 && l.endsWith('s') && !l.endsWith('ss') && !l.endsWith('us') && t.pos === 'NOUN'
    ? l.slice(0, -1)
    : l;
}

/** Lemma/surface pairs for phrase matching with gaps (punctuation dropped). */
export function forms(tokens: readonly Token[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const t of tokens) if (t.pos !== 'PUNCT' && t.pos !== 'SYM') out.push([termOf(t), t.norm]);
  return out;
}

/** Does `words` occur at `start` (first word already matched), allowing MAX_GAP words between? */
export function matchesWithGaps(
  f: ReadonlyArray<[string, string]>,
  start: number,
  words: readonly string[],
  maxGap = MAX_GAP,
): number {
  let pos = start;
  let gaps = 0;
  for (let w = 1; w < words.length; w++) {
    let found = -1;
    for (let j = pos + 1; j < f.length && j <= pos + 1 + (maxGap - gaps); j++) {
      if (f[j]?.[0] === words[w] || f[j]?.[1] === words[w]) {
        found = j;
        break;
      }
    }
    if (found < 0) return -1;
    gaps += found - pos - 1;
    pos = found;
  }
  return pos;
}

export type FeatureBag = Map<string, number>;

export function featuresOf(tokens: readonly Token[]): FeatureBag {
  const counts = new Map<string, number>();
  const add = (f: string, w: number) => counts.set(f, (counts.get(f) ?? 0) + w);
  const content: string[] = [];
  for (const t of tokens) {
    if (!CONTENT_POS.has(t.pos)) continue;
    const term = termOf(t);
    if (term.length < 2 || STOP.has(term) || STOP.has(t.norm)) continue;
    content.push(t.negated && t.pos === 'VERB' ? `not_${term}` : term);
  }
  content.forEach((term, i) => {
    add(`w:${term.replace(/^not_/, '')}`, W_TERM);
    const next = content[i + 1];
    if (next !== undefined) add(`b:${term}_${next}`, W_BIGRAM);
  });
  const f = forms(tokens);
  for (let i = 0; i < f.length; i++) {
    const seen = new Set<string>();
    for (const form of new Set(f[i])) {
      for (const entry of lexicon.get(form) ?? []) {
        if (seen.has(entry.concept)) continue;
        // "late at night" is about the hour, not about being late.
        if (
          entry.concept === 'lateness' &&
          entry.words.length === 1 &&
          /^(?:at|night|into|in)$/.test(f[i + 1]?.[1] ?? '')
        )
          continue;
        if (entry.words.length === 1 || matchesWithGaps(f, i, entry.words) >= 0) {
          seen.add(entry.concept);
          add(`k:${entry.concept}`, WEAK_CONCEPTS.has(entry.concept) ? W_WEAK_CONCEPT : W_CONCEPT);
        }
      }
    }
  }
  // Sublinear: a word said five times is not five times the evidence.
  const out: FeatureBag = new Map();
  for (const [k, w] of counts) out.set(k, w > 1 ? 1 + Math.log(w) : w);
  return out;
}
