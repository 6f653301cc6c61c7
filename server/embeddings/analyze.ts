// Text analysis shared by the local embedder and the keyword (BM25) scorer: wink-nlp lemmas,
// stopwords removed, plus the concepts of the domain lexicon found in the text.
import { createHash } from 'node:crypto';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { LEXICON } from './lexicon.ts';
import { splitPossessives } from './wink-text.ts';
import { recentlyComputed } from '../recent.ts';

export interface Analyzed {
  /** Content lemmas in text order: lowercased, [a-z0-9] only, stopwords removed. */
  readonly terms: readonly string[];
  /** Lexicon concept ids, one entry per occurrence, in text order. */
  readonly concepts: readonly string[];
}

const MAX_GAP = 2; // words allowed between the words of a lexicon phrase

/** Words wink-nlp does not flag but that carry no situation on their own. */
const EXTRA_STOPWORDS = new Set([
  'get',
  'go',
  'thing',
  'really',
  'just',
  'like',
  'want',
  'know',
  'say',
  'tell',
  'make',
  'also',
  'still',
  'even',
  'lot',
  'way',
  'much',
  'something',
  'someone',
  'anything',
  'everything',
  'keep',
  'time',
  'ok',
  'okay',
  'yeah',
  'oh',
  'um',
  'bit',
  'kind',
  'sort',
  'guess',
  'think',
  'feel',
  'seem',
  'thing',
  'stuff',
  'lately',
  'recently',
  'today',
  'yesterday',
  'week',
  'day',
  'gonna',
  'wanna',
  'kinda',
]);

type Entry = { words: string[]; concept: string };

function normalizeWord(w: string): string {
  return w
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9]+/g, '');
}

let nlp: ReturnType<typeof winkNLP> | undefined;
let lexiconByFirst: Map<string, Entry[]> | undefined;

function lexiconIndex(): Map<string, Entry[]> {
  if (lexiconByFirst) return lexiconByFirst;
  const map = new Map<string, Entry[]>();
  for (const [concept, phrases] of Object.entries(LEXICON)) {
    for (const phrase of phrases) {
      const words = phrase.split(/\s+/).map(normalizeWord).filter(Boolean);
      const [first] = words;
      if (first === undefined) continue;
      const list = map.get(first) ?? [];
      list.push({ words, concept });
      map.set(first, list);
    }
  }
  lexiconByFirst = map;
  return map;
}

function engine(): ReturnType<typeof winkNLP> {
  nlp ??= winkNLP(model);
  return nlp;
}

/** Changes whenever the lexicon or the analysis rules change; part of the local embedder's id. */
export const ANALYZER_FINGERPRINT = createHash('sha256')
  .update(JSON.stringify({ v: 2, LEXICON, MAX_GAP, stop: [...EXTRA_STOPWORDS].sort() }))
  .digest('hex')
  .slice(0, 8);

// One situation is analysed by the behaviour classifier, the embedder and the keyword scorer within
// the same request: the last texts' analyses are kept so that it is parsed once, not three times.
// The result is shared between callers, so it is frozen.
export const analyze: (text: string) => Analyzed = recentlyComputed(256, (text) => Object.freeze(analyzeText(text)));

function analyzeText(text: string): Analyzed {
  const e = engine();
  const its = e.its;
  const doc = e.readDoc(splitPossessives(text.replace(/_/g, ' ')));
  const tokens = doc.tokens();
  // wink-nlp's typings reject its.lemma etc. as arguments of out(); the runtime API is fine.
  const out = tokens.out.bind(tokens) as unknown as (f: unknown) => unknown[];
  const types = out(its.type) as string[];
  const lemmas = out(its.lemma) as string[];
  const normals = out(its.normal) as string[];
  const stops = out(its.stopWordFlag) as boolean[];

  // Word positions (punctuation dropped) with both surface and lemma forms, for phrase matching.
  const forms: Array<[string, string]> = [];
  const terms: string[] = [];
  for (let i = 0; i < types.length; i++) {
    const t = types[i];
    if (t !== 'word' && t !== 'number' && t !== 'hashtag' && t !== 'emoji' && t !== 'shortForm') continue;
    const lemma = normalizeWord(lemmas[i] ?? '');
    const normal = normalizeWord(normals[i] ?? '');
    if (!lemma && !normal) continue;
    forms.push([lemma, normal]);
    const term = lemma || normal;
    if (term.length < 2 || stops[i] || EXTRA_STOPWORDS.has(term)) continue;
    terms.push(term);
  }

  const concepts: string[] = [];
  const index = lexiconIndex();
  for (let i = 0; i < forms.length; i++) {
    const seen = new Set<string>();
    for (const form of new Set(forms[i])) {
      for (const entry of index.get(form) ?? []) {
        if (seen.has(entry.concept)) continue;
        if (matchesAt(forms, i, entry.words)) {
          seen.add(entry.concept);
          concepts.push(entry.concept);
        }
      }
    }
  }
  return { terms: Object.freeze(terms), concepts: Object.freeze(concepts) };
}

function matchesAt(forms: Array<[string, string]>, start: number, words: string[]): boolean {
  let pos = start;
  let gaps = 0;
  for (let w = 1; w < words.length; w++) {
    let found = -1;
    for (let j = pos + 1; j < forms.length && j <= pos + 1 + (MAX_GAP - gaps); j++) {
      if (forms[j]?.[0] === words[w] || forms[j]?.[1] === words[w]) {
        found = j;
        break;
      }
    }
    if (found < 0) return false;
    gaps += found - pos - 1;
    pos = found;
  }
  return true;
}
