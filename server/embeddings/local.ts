// The local embedder: no network, no model download. A text becomes a bag of weighted features —
// content lemmas, adjacent-lemma bigrams, domain concepts (see lexicon.ts) and character 3-/4-grams of
// each lemma (robust to spelling and word-form variants) — with sublinear term frequency, hashed with
// a sign bit into `dimension` buckets (the "hashing trick") and L2-normalised, so cosine similarity is
// a dot product. Deterministic: the same text gives the same vector on every machine.
import { analyze, ANALYZER_FINGERPRINT, type Analyzed } from './analyze.ts';
import { WEAK_CONCEPTS } from './lexicon.ts';
import { l2normalize, type Embedder } from './embedder.ts';

export interface LocalEmbedderOptions {
  /** Number of hashed dimensions; default 1024 (512 collided enough to cost 2 points of top-3 retrieval at 450 scenarios). */
  dimension?: number;
}

const W_TERM = 1.0;
const W_BIGRAM = 0.5;
const W_CONCEPT = 1.6;
const W_WEAK_CONCEPT = 0.6;
const W_CHARGRAM = 0.2;

/** FNV-1a 32-bit with a final avalanche mix, as an unsigned integer. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Weighted features of a text before hashing (exported for tests and debugging). */
export function features(text: string): Map<string, number> {
  return featuresOfAnalysis(analyze(text));
}

/** The same features from an analysis the caller already has (one wink parse for both uses). */
export function featuresOfAnalysis({ terms, concepts }: Analyzed): Map<string, number> {
  const counts = new Map<string, { w: number; n: number }>();
  const add = (f: string, w: number) => {
    const c = counts.get(f);
    if (c) c.n++;
    else counts.set(f, { w, n: 1 });
  };
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    add(`w:${t}`, W_TERM);
    if (i + 1 < terms.length) add(`b:${t}_${terms[i + 1]}`, W_BIGRAM);
    const padded = `<${t}>`;
    for (const n of [3, 4]) {
      for (let j = 0; j + n <= padded.length; j++) add(`c:${padded.slice(j, j + n)}`, W_CHARGRAM);
    }
  }
  for (const c of concepts) add(`k:${c}`, WEAK_CONCEPTS.has(c) ? W_WEAK_CONCEPT : W_CONCEPT);
  const out = new Map<string, number>();
  for (const [f, { w, n }] of counts) out.set(f, w * (1 + Math.log(n)));
  return out;
}

export function embedLocal(text: string, dimension: number): Float32Array {
  return embedAnalysis(analyze(text), dimension);
}

export function embedAnalysis(a: Analyzed, dimension: number): Float32Array {
  const v = new Float32Array(dimension);
  for (const [f, w] of featuresOfAnalysis(a)) {
    const h = hash32(f);
    const sign = h & 0x80000000 ? -1 : 1;
    v[(h & 0x7fffffff) % dimension]! += sign * w; // in range: modulo the vector's length
  }
  return l2normalize(v);
}

export function createLocalEmbedder(opts: LocalEmbedderOptions = {}): Embedder {
  const dimension = opts.dimension ?? 1024;
  if (!Number.isInteger(dimension) || dimension < 16 || dimension > 8192)
    throw new Error(`local embedder dimension must be an integer in [16, 8192], got ${dimension}`);
  return {
    id: `local-ngram-v1:${ANALYZER_FINGERPRINT}`,
    dimension,
    async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
      signal?.throwIfAborted();
      return texts.map((t) => embedLocal(t, dimension));
    },
  };
}
