// Hybrid ranking shared by every index implementation, so the same data ranks the same way whether
// candidates come from Redis' query engine or from the in-process exact index:
//   relevance = W_VECTOR · max(0, cosine(query, doc)) + W_KEYWORD · keyword(query, doc)      ∈ [0, 1]
// keyword is BM25 over analysed lemmas, normalised per query: Σ idf·tfPart / Σ idf, capped at 1
// (tfPart is BM25's saturating term-frequency factor, 1 for a single occurrence in an average-length
// doc), so it reads as "how much of the query's weight the document contains".
import type { Scenario } from '../../machines/domain/types.ts';

export const W_VECTOR = 0.7;
export const W_KEYWORD = 0.3;
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
/** Matches below this relevance are not returned for a query. */
export const DEFAULT_MIN_RELEVANCE = 0.12;
/** A query returns at most this many matches (the query engine asks KNN for this many candidates). */
export const MAX_MATCHES = 100;
/** Relevance reported for every scenario listed without a query (a pure filter: all match fully). */
export const LIST_RELEVANCE = 1;

export interface CorpusStats {
  n: number;
  avgdl: number;
}

export function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** The query's distinct terms in a fixed (sorted) order, so sums are computed in the same order everywhere. */
export function queryTerms(terms: readonly string[]): string[] {
  return [...new Set(terms)].sort();
}

export function termFrequencies(terms: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

export function tfPart(tf: number, dl: number, avgdl: number): number {
  if (tf <= 0) return 0;
  const norm = BM25_K1 * (1 - BM25_B + (BM25_B * dl) / (avgdl > 0 ? avgdl : 1));
  return (tf * (BM25_K1 + 1)) / (tf + norm);
}

/** Normalised BM25 in [0,1]. `idfs[i]` belongs to `qterms[i]`; `tfs[i]` is that term's count in the doc. */
export function keywordScore(idfs: ArrayLike<number>, tfs: ArrayLike<number>, dl: number, avgdl: number): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < idfs.length; i++) {
    const w = idfs[i]!;
    const tf = tfs[i] ?? 0; // no count given: the doc does not have the term
    den += w;
    if (tf > 0) num += w * tfPart(tf, dl, avgdl);
  }
  return den > 0 ? Math.min(1, num / den) : 0;
}

/** Indices of a vector's non-zero components (ascending). */
export function nonZero(v: Float32Array): Int32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) n++;
  const out = new Int32Array(n);
  let j = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) out[j++] = i;
  return out;
}

export function norm(v: Float32Array, offset = 0, length = v.length - offset): number {
  let s = 0;
  for (const x of v.subarray(offset, offset + length)) s += x * x;
  return Math.sqrt(s);
}

/**
 * cos(q, d) where d = mat[offset .. offset+dim). Only q's non-zero components are visited (ascending),
 * which gives exactly the dense result (adding 0 changes nothing) and is much faster for sparse queries.
 */
export function cosine(
  q: Float32Array,
  qIdx: Int32Array,
  qNorm: number,
  mat: Float32Array,
  offset: number,
  dNorm: number,
): number {
  if (qNorm === 0 || dNorm === 0) return 0;
  let dot = 0;
  // qIdx holds indices into q, and d's components are all inside mat: in range by contract.
  for (const j of qIdx) dot += q[j]! * mat[offset + j]!;
  return dot / (qNorm * dNorm);
}

export function hybrid(cos: number, kw: number): number {
  const s = W_VECTOR * (cos > 0 ? cos : 0) + W_KEYWORD * kw;
  return s < 0 ? 0 : s > 1 ? 1 : s;
}

/** Reported relevance: rounded to 4 decimals (ranking uses the unrounded score). */
export function roundScore(s: number): number {
  return Math.round(s * 10_000) / 10_000;
}

export interface Ranked {
  scenario: Scenario;
  score: number;
}

/** Best first; ties by id so every implementation orders equal scores the same way. */
export function compareRanked(a: Ranked, b: Ranked): number {
  return b.score - a.score || (a.scenario.id < b.scenario.id ? -1 : a.scenario.id > b.scenario.id ? 1 : 0);
}

/** Sort key for listing without a query: title, case-insensitive, then id. */
export function titleKey(s: Scenario): string {
  return s.title.toLowerCase();
}

export function compareByTitle(a: Scenario, b: Scenario): number {
  const ka = titleKey(a);
  const kb = titleKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
