// Recognises the behaviour a situation describes: TF-IDF similarity to each behaviour's examples
// (the closest one and the behaviour's centroid), a bonus for its cue phrases, and priors from
// who the other person is, who is at fault and what the writer wants. Built once from the
// library, on first use (~3,500 short texts).
import type { Behaviour } from '../library/load.ts';
import type { Fault, Goal, Role } from '../library/schema.ts';
import { expandShorthand } from './normalise.ts';
import { parse, type Token } from '../nlp.ts';
import { analyseAll } from './analysis-cache.ts';
import { featuresOf, forms, matchesWithGaps, termOf, type FeatureBag } from './features.ts';
import { ROLE_DOMAIN } from './roles.ts';
import { analyze as searchTerms } from '../../embeddings/analyze.ts';
import { embedAnalysis } from '../../embeddings/local.ts';
import {
  cosine,
  hybrid,
  idf as bm25Idf,
  keywordScore,
  nonZero,
  norm as vectorNorm,
  queryTerms,
  termFrequencies,
} from '../../scenarios/ranking.ts';

/** One feature's postings as parallel typed arrays: which documents (or behaviours) and how much. */
interface Postings {
  ids: Int32Array;
  weights: Float32Array;
}

interface Index {
  behaviours: readonly Behaviour[];
  /** The behaviour each document (example, title, description, cue) belongs to. */
  docBehaviour: Int32Array;
  postings: Map<string, Postings>;
  /** Each behaviour's centroid, as postings by feature (feature → behaviours). */
  centroidPostings: Map<string, Postings>;
  idf: Map<string, number>;
  cues: Array<Array<string[]>>;
  /** Each cue indexed by its rarest word (its anchor), with the anchor's position in the cue. */
  cueAnchors: Map<string, Array<[behaviour: number, cue: number, at: number]>>;
  /** Behaviours that may only be chosen when one of their required words is in the text. */
  requires: Map<number, RegExp>;
  /**
   * Each behaviour as one document, scored the way scenario search scores (server/scenarios/ranking.ts:
   * hashed-vector cosine + BM25): the long document sees the behaviour's whole vocabulary at once,
   * which complements matching example by example.
   */
  whole: {
    vectors: Float32Array;
    norms: Float64Array;
    tfs: Array<Map<string, number>>;
    lengths: Int32Array;
    avgdl: number;
    df: Map<string, number>;
    dimension: number;
  };
}

/** Dimensions of the whole-document vectors (the local embedder's default). */
const WHOLE_DIMENSION = 1024;

/** The text a behaviour is known by as one document: what it is and how people put it. */
function wholeText(b: Behaviour): string {
  return [b.title, b.description, ...b.examples, ...b.cues].join('. ');
}

export interface BehaviourScore {
  behaviour: Behaviour;
  score: number;
  /** Similarity before priors, for confidence. */
  similarity: number;
  cueHits: number;
}

function norm(v: Map<string, number>): Map<string, number> {
  let s = 0;
  for (const w of v.values()) s += w * w;
  const n = Math.sqrt(s) || 1;
  const out = new Map<string, number>();
  for (const [k, w] of v) out.set(k, w / n);
  return out;
}

function packed(lists: Map<string, Array<[number, number]>>): Map<string, Postings> {
  const out = new Map<string, Postings>();
  for (const [k, list] of lists)
    out.set(k, { ids: Int32Array.from(list, (x) => x[0]), weights: Float32Array.from(list, (x) => x[1]) });
  return out;
}

function tokensOf(text: string): Token[] {
  return parse(expandShorthand(text)).tokens;
}

export function buildIndex(behaviours: readonly Behaviour[]): Index {
  const raw: Array<{ behaviour: number; bag: FeatureBag }> = [];
  const cueAnchors: Index['cueAnchors'] = new Map();
  // Every text analysed in one pass (through the on-disk cache), then assembled per behaviour: each
  // job carries its behaviour's number, whether that behaviour is a general one, and (for a cue) the
  // list its cue goes in.
  const jobs: Array<{ behaviour: number; general: boolean; text: string; cues: Array<string[]> | null }> = [];
  const cues: Index['cues'] = behaviours.map((b, bi) => {
    const own: Array<string[]> = [];
    if (!b.general)
      for (const text of [...b.examples, b.title, `${b.label}. ${b.description}`])
        jobs.push({ behaviour: bi, general: false, text, cues: null });
    for (const text of b.cues) jobs.push({ behaviour: bi, general: b.general, text, cues: own });
    return own;
  });
  const analyses = analyseAll(
    jobs.map((j) => j.text),
    (text) => {
      const tokens = tokensOf(text);
      return {
        bag: [...featuresOf(tokens)],
        lemmas: forms(tokens)
          .map(([lemma]) => lemma)
          .filter(Boolean),
      };
    },
  );
  jobs.forEach((j, k) => {
    const a = analyses[k]!; // analyseAll returns one analysis per text, in order
    if (!j.general) raw.push({ behaviour: j.behaviour, bag: new Map(a.bag) });
    if (!j.cues || a.lemmas.length < 1) return;
    j.cues.push(a.lemmas);
  });
  // Anchor each cue on its rarest word, so a common first word ("my", "keep") does not make every
  // position of every text try hundreds of cues.
  const wordCount = new Map<string, number>();
  for (const list of cues)
    for (const words of list) for (const w of words) wordCount.set(w, (wordCount.get(w) ?? 0) + 1);
  cues.forEach((list, bi) =>
    list.forEach((words, ci) => {
      const [first] = words;
      if (first === undefined) return; // only cues with words are kept (above)
      let at = 0;
      let anchor = first;
      words.forEach((w, k) => {
        if ((wordCount.get(w) ?? 0) < (wordCount.get(anchor) ?? 0)) {
          at = k;
          anchor = w;
        }
      });
      const anchored = cueAnchors.get(anchor) ?? [];
      anchored.push([bi, ci, at]);
      cueAnchors.set(anchor, anchored);
    }),
  );
  const df = new Map<string, number>();
  for (const d of raw) for (const k of d.bag.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [k, n] of df) idf.set(k, Math.log(1 + raw.length / n));
  const docs = raw.map((d) => {
    const v = new Map<string, number>();
    for (const [k, w] of d.bag) v.set(k, w * (idf.get(k) ?? 0));
    return { behaviour: d.behaviour, vector: norm(v) };
  });
  const docBehaviour = Int32Array.from(docs, (d) => d.behaviour);
  const lists = new Map<string, Array<[number, number]>>();
  docs.forEach(({ vector }, di) => {
    for (const [k, w] of vector) {
      const list = lists.get(k);
      if (list) list.push([di, w]);
      else lists.set(k, [[di, w]]);
    }
  });
  // Per behaviour with documents, in behaviour order (the documents come in that order).
  const sums = new Map<number, Map<string, number>>();
  for (const { behaviour, vector } of docs) {
    let sum = sums.get(behaviour);
    if (!sum) sums.set(behaviour, (sum = new Map()));
    for (const [k, w] of vector) sum.set(k, (sum.get(k) ?? 0) + w);
  }
  const centroidLists = new Map<string, Array<[number, number]>>();
  sums.forEach((sum, bi) => {
    for (const [k, w] of norm(sum)) {
      const list = centroidLists.get(k);
      if (list) list.push([bi, w]);
      else centroidLists.set(k, [[bi, w]]);
    }
  });
  const postings = packed(lists);
  const centroidPostings = packed(centroidLists);
  const wholeTexts = behaviours.map(wholeText);
  const wholeAnalyses = analyseAll(wholeTexts, (text) => {
    const analysed = searchTerms(text);
    const v = embedAnalysis(analysed, WHOLE_DIMENSION);
    const entries: Array<[number, number]> = [];
    v.forEach((x, i) => {
      if (x !== 0) entries.push([i, x]);
    });
    return { bag: [], lemmas: [], terms: [...analysed.terms], vector: entries };
  });
  const wholeVectors = new Float32Array(WHOLE_DIMENSION * behaviours.length);
  const wholeNorms = new Float64Array(behaviours.length);
  const wholeLengths = new Int32Array(behaviours.length);
  const wholeTfs: Array<Map<string, number>> = [];
  const wholeDf = new Map<string, number>();
  let totalLength = 0;
  wholeAnalyses.forEach((a, bi) => {
    for (const [i, x] of a.vector ?? []) wholeVectors[bi * WHOLE_DIMENSION + i] = x;
    wholeNorms[bi] = vectorNorm(wholeVectors, bi * WHOLE_DIMENSION, WHOLE_DIMENSION);
    const terms = a.terms ?? [];
    wholeLengths[bi] = terms.length;
    totalLength += terms.length;
    const tf = termFrequencies(terms);
    wholeTfs.push(tf);
    for (const t of tf.keys()) wholeDf.set(t, (wholeDf.get(t) ?? 0) + 1);
  });
  const whole = {
    vectors: wholeVectors,
    norms: wholeNorms,
    tfs: wholeTfs,
    lengths: wholeLengths,
    avgdl: totalLength / Math.max(1, behaviours.length),
    df: wholeDf,
    dimension: WHOLE_DIMENSION,
  };
  const requires = new Map<number, RegExp>();
  behaviours.forEach((b, bi) => {
    // A word start, written so that a currency sign ("$", "£") can be required too.
    if (b.requires?.length)
      requires.set(
        bi,
        new RegExp(
          `(?<![\\p{L}\\p{N}])(?:${b.requires.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`,
          'iu',
        ),
      );
  });
  return { behaviours, docBehaviour, postings, centroidPostings, idf, cues, cueAnchors, requires, whole };
}

export interface Priors {
  role: Role | null;
  /** Other roles mentioned, which a behaviour may also fit. */
  otherRoles: readonly Role[];
  fault: Fault | null;
  goal: Goal | null;
}

/** How much the closest example, the two closest, and the centroid count toward a behaviour's similarity. */
const WM = 0.5;
const WT = 0.2;
const WC = 0.3;
/** The whole-document score's share: it raised the right behaviour to first place on the development set without crowding out the examples. */
const W_WHOLE = 0.8;
/** How many of the best example matches also get the whole-document score. */
const WHOLE_FOR = 30;
const ROLE_FIT = { listed: 1, first: 1.04, unknown: 0.92, sameDomain: 0.8, otherMention: 0.85, elsewhere: 0.62 };

function roleFit(b: Behaviour, p: Priors): number {
  if (!p.role) return ROLE_FIT.unknown;
  if (b.roles[0] === p.role) return ROLE_FIT.first;
  if (b.roles.includes(p.role)) return ROLE_FIT.listed;
  if (p.otherRoles.some((r) => b.roles.includes(r))) return ROLE_FIT.otherMention;
  if (ROLE_DOMAIN[p.role] === b.domain) return ROLE_FIT.sameDomain;
  return ROLE_FIT.elsewhere;
}

function faultFit(b: Behaviour, fault: Fault | null): number {
  if (!fault) return b.fault === 'self' ? 0.8 : 1;
  if (fault === b.fault) return 1.08;
  if (fault === 'self' && b.fault === 'other') return 0.55;
  if (fault === 'other' && b.fault === 'self') return 0.55;
  if (fault === 'both' && (b.fault === 'self' || b.fault === 'other')) return 0.95;
  return 0.9;
}

/** How well the text matches each behaviour before any prior: the expensive part, done once. */
export interface RawMatch {
  behaviour: number;
  similarity: number;
  cueHits: number;
}

export function match(index: Index, tokens: readonly Token[], text: string): RawMatch[] {
  const bag = featuresOf(tokens);
  const q = new Map<string, number>();
  for (const [k, w] of bag) {
    const idf = index.idf.get(k);
    if (idf) q.set(k, w * idf);
  }
  const qv = norm(q);
  // Per document, then the best two per behaviour, in flat arrays: ~0.2 ms for thousands of documents.
  // Scratch arrays are kept per index and cleared only where they were written: no allocation per call.
  // The typed-array reads below are asserted (`!`), not checked: a postings list's ids and weights have
  // the same length, every id is a document or behaviour number of this index, and the scratch arrays
  // are sized to those numbers (scratchFor). A checked accessor here made matching several times slower.
  const scratch = scratchFor(index);
  const { docScore, best1, best2, centroid, seen } = scratch;
  const touched: number[] = [];
  for (const [k, w] of qv) {
    const p = index.postings.get(k);
    if (!p) continue;
    for (let j = 0; j < p.ids.length; j++) {
      const di = p.ids[j]!;
      if (docScore[di] === 0) touched.push(di);
      docScore[di]! += w * p.weights[j]!;
    }
  }
  const candidates: number[] = [];
  const see = (bi: number) => {
    if (!seen[bi]) {
      seen[bi] = 1;
      candidates.push(bi);
    }
  };
  for (const di of touched) {
    const sc = docScore[di]!;
    const bi = index.docBehaviour[di]!;
    see(bi);
    const top = best1[bi]!;
    if (sc > top) {
      best2[bi] = top;
      best1[bi] = sc;
    } else if (sc > best2[bi]!) best2[bi] = sc;
  }
  const centroidTouched: number[] = [];
  for (const [k, w] of qv) {
    const p = index.centroidPostings.get(k);
    if (!p) continue;
    for (let j = 0; j < p.ids.length; j++) {
      const bi = p.ids[j]!;
      if (centroid[bi] === 0) centroidTouched.push(bi);
      centroid[bi]! += w * p.weights[j]!;
    }
  }
  // Cue phrases: lemma sequences with up to two words between.
  const f = forms(tokens);
  const cueHits = new Map<number, number>();
  const done = new Set<number>();
  for (const [i, [lemma, surface]] of f.entries()) {
    done.clear();
    for (const form of lemma === surface ? [lemma] : [lemma, surface]) {
      const anchored = index.cueAnchors.get(form);
      if (!anchored) continue;
      for (const [bi, ci, at] of anchored) {
        const key = bi * 64 + ci;
        if (done.has(key)) continue;
        const words = index.cues[bi]?.[ci];
        if (!words) continue; // anchors are made from the cues, so never
        if (words.length === 1 || startsBefore(f, i, at, words)) {
          done.add(key);
          // A one-word cue is weak evidence; a phrase is strong.
          cueHits.set(bi, (cueHits.get(bi) ?? 0) + (words.length === 1 ? 0.4 : 1));
          see(bi);
        }
      }
    }
  }
  // The whole-document score, for the behaviours already in the running.
  const w = index.whole;
  const qAnalysed = searchTerms(text);
  const qVector = embedAnalysis(qAnalysed, w.dimension);
  const qIdx = nonZero(qVector);
  const qNorm = vectorNorm(qVector);
  const qTerms = queryTerms(qAnalysed.terms);
  const qIdfs = qTerms.map((t) => bm25Idf(index.behaviours.length, w.df.get(t) ?? 0));
  const qTfs = new Float64Array(qTerms.length);
  const wholeScore = (bi: number) => {
    const tf = w.tfs[bi];
    qTerms.forEach((t, k) => {
      qTfs[k] = tf?.get(t) ?? 0;
    });
    const kw = keywordScore(qIdfs, qTfs, w.lengths[bi]!, w.avgdl);
    return hybrid(cosine(qVector, qIdx, qNorm, w.vectors, bi * w.dimension, w.norms[bi]!), kw);
  };
  const out: RawMatch[] = [];
  for (const bi of candidates) {
    const required = index.requires.get(bi);
    if (required && !required.test(text)) continue;
    const hits = cueHits.get(bi) ?? 0;
    const cue = Math.min(0.22, hits > 0 ? 0.12 + 0.06 * (hits - 1) : 0);
    const b1 = best1[bi]!;
    const similarity = WM * b1 + WT * ((b1 + best2[bi]!) / 2) + WC * centroid[bi]! + cue;
    out.push({ behaviour: bi, similarity, cueHits: hits });
  }
  // Only the front-runners are worth the whole-document score; the rest could not catch up.
  out.sort((a, b) => b.similarity - a.similarity);
  for (const m of out.slice(0, WHOLE_FOR)) m.similarity += W_WHOLE * wholeScore(m.behaviour);
  for (const di of touched) docScore[di] = 0;
  for (const bi of candidates) {
    best1[bi] = 0;
    best2[bi] = 0;
    seen[bi] = 0;
  }
  for (const bi of centroidTouched) centroid[bi] = 0;
  // Priors move a score by a factor of about three at most, so nothing far down the list can win:
  // ranking only the front-runners keeps each of the frame's several rankings cheap.
  return out.length > RANKED_FOR ? out.slice(0, RANKED_FOR) : out;
}

/** How many of the best raw matches are ranked under priors. */
const RANKED_FOR = 80;

/** Does the cue, whose word `at` is at text position i, occur starting up to two words earlier than exact? */
function startsBefore(f: ReadonlyArray<[string, string]>, i: number, at: number, words: readonly string[]): boolean {
  for (let j = Math.max(0, i - at - 2); j <= i - at; j++) {
    const form = f[j];
    if (form && (form[0] === words[0] || form[1] === words[0]) && matchesWithGaps(f, j, words) >= 0) return true;
  }
  return false;
}

interface Scratch {
  docScore: Float64Array;
  best1: Float64Array;
  best2: Float64Array;
  centroid: Float64Array;
  seen: Uint8Array;
}
const scratches = new WeakMap<Index, Scratch>();
function scratchFor(index: Index): Scratch {
  let s = scratches.get(index);
  if (!s) {
    const nB = index.behaviours.length;
    s = {
      docScore: new Float64Array(index.docBehaviour.length),
      best1: new Float64Array(nB),
      best2: new Float64Array(nB),
      centroid: new Float64Array(nB),
      seen: new Uint8Array(nB),
    };
    scratches.set(index, s);
  }
  return s;
}

/** The raw matches ranked under priors about who it is, who is at fault and what the writer wants. */
export function rank(index: Index, raw: readonly RawMatch[], priors: Priors, limit = 12): BehaviourScore[] {
  const out: BehaviourScore[] = [];
  for (const m of raw) {
    const b = index.behaviours[m.behaviour];
    if (!b) continue; // raw matches come from this index
    let score = m.similarity * roleFit(b, priors) * faultFit(b, priors.fault);
    if (priors.goal && priors.goal === b.goal) score *= priors.goal === 'end' ? 1.2 : 1.06;
    // Ending it and keeping it going are opposite replies: "I want to end things" is never coached to stay.
    else if (priors.goal === 'end' && b.goal !== 'end' && b.goal !== 'decline') score *= 0.85;
    out.push({ behaviour: b, score, similarity: m.similarity, cueHits: m.cueHits });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, limit);
}

export function classify(index: Index, tokens: readonly Token[], text: string, priors: Priors): BehaviourScore[] {
  return rank(index, match(index, tokens, text), priors);
}

export { termOf };
