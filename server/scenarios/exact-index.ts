// An exact in-memory index over indexed scenarios: every doc is scored (no approximation), vectors
// live in one contiguous, dimension-major Float32Array (a query's non-zero dimensions are scanned as
// contiguous columns: cache-friendly), keyword scoring uses postings lists. Used by the in-process
// ScenarioIndex (loaded from Redis) and by the offline quality evaluation.
import type { Context, Scenario } from '../../machines/domain/types.ts';
import type { IndexedScenario } from './document.ts';
import {
  compareByTitle,
  compareRanked,
  hybrid,
  idf,
  tfPart,
  nonZero,
  norm,
  queryTerms,
  termFrequencies,
  type CorpusStats,
  type Ranked,
} from './ranking.ts';

export interface RankQuery {
  vector: Float32Array;
  terms: readonly string[];
  context?: Context;
}

export class ExactIndex {
  readonly dimension: number;
  readonly size: number;
  readonly stats: CorpusStats;
  private readonly scenarios: Scenario[];
  private readonly byId = new Map<string, number>();
  /** columns[j * size + i] = component j of doc i. */
  private readonly columns: Float32Array;
  private readonly norms: Float64Array;
  private readonly lengths: Int32Array;
  private readonly postings = new Map<string, { docs: Int32Array; tfs: Int32Array }>();
  private readonly byContext = new Map<Context | '*', Int32Array>();
  private readonly listed = new Map<Context | '*', Scenario[]>();
  // Scratch buffers reused by rank() (synchronous, so never shared between two calls).
  private readonly dots: Float64Array;
  private readonly kw: Float64Array;
  private readonly scores: Float64Array;

  constructor(docs: IndexedScenario[], dimension: number) {
    this.dimension = dimension;
    this.size = docs.length;
    this.scenarios = docs.map((d) => d.scenario);
    this.columns = new Float32Array(docs.length * dimension);
    this.norms = new Float64Array(docs.length);
    this.lengths = new Int32Array(docs.length);
    this.dots = new Float64Array(docs.length);
    this.kw = new Float64Array(docs.length);
    this.scores = new Float64Array(docs.length);
    const post = new Map<string, { docs: number[]; tfs: number[] }>();
    const ctx = new Map<Context | '*', number[]>([['*', []]]);
    let totalLen = 0;
    docs.forEach((d, i) => {
      if (d.vector.length !== dimension)
        throw new Error(
          `scenario ${d.scenario.id} has a ${d.vector.length}-dimensional vector, index expects ${dimension}`,
        );
      this.byId.set(d.scenario.id, i);
      for (let j = 0; j < dimension; j++) this.columns[j * docs.length + i] = d.vector[j]!; // length checked above
      this.norms[i] = norm(d.vector);
      this.lengths[i] = d.terms.length;
      totalLen += d.terms.length;
      for (const [t, tf] of termFrequencies(d.terms)) {
        let p = post.get(t);
        if (!p) post.set(t, (p = { docs: [], tfs: [] }));
        p.docs.push(i);
        p.tfs.push(tf);
      }
      ctx.get('*')!.push(i);
      const list = ctx.get(d.scenario.context) ?? [];
      list.push(i);
      ctx.set(d.scenario.context, list);
    });
    for (const [t, p] of post) this.postings.set(t, { docs: Int32Array.from(p.docs), tfs: Int32Array.from(p.tfs) });
    for (const [c, list] of ctx) {
      this.byContext.set(c, Int32Array.from(list));
      this.listed.set(c, list.map((i) => this.scenarioAt(i)).sort(compareByTitle));
    }
    this.stats = { n: docs.length, avgdl: docs.length ? totalLen / docs.length : 0 };
  }

  get(id: string): Scenario | null {
    const i = this.byId.get(id);
    return i === undefined ? null : this.scenarioAt(i);
  }

  /** Doc i's scenario; i is a doc number this index assigned, so it is always there. */
  private scenarioAt(i: number): Scenario {
    const s = this.scenarios[i];
    if (!s) throw new RangeError(`no scenario ${i} in an index of ${this.size}`);
    return s;
  }

  df(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  /** Scenarios in a context (or all), ordered by title. */
  list(context?: Context): Scenario[] {
    return this.listed.get(context ?? '*') ?? [];
  }

  /** Every doc (in the context) with relevance ≥ minRelevance, best first, at most maxMatches. */
  rank(q: RankQuery, minRelevance: number, maxMatches: number): Ranked[] {
    const members = this.byContext.get(q.context ?? '*');
    if (!members || members.length === 0) return [];
    const dim = this.dimension;
    if (q.vector.length !== dim)
      throw new Error(`query vector has ${q.vector.length} dimensions, index expects ${dim}`);

    // Keyword part: BM25 numerators accumulated term by term (in query-term order, skipping absent
    // terms — the same float operations as ranking.keywordScore), only over the docs in the postings.
    const qterms = queryTerms(q.terms);
    const idfs = qterms.map((t) => idf(this.stats.n, this.df(t)));
    let den = 0;
    for (const x of idfs) den += x;
    const num = this.kw;
    num.fill(0);
    // The typed-array reads below are asserted (`!`), not checked, in these per-doc loops: a postings
    // list's docs and tfs have the same length, and every doc number is below `size`, the length of
    // every per-doc array.
    qterms.forEach((t, k) => {
      const p = this.postings.get(t);
      const w = idfs[k];
      if (!p || w === undefined) return;
      for (let j = 0; j < p.docs.length; j++) {
        const i = p.docs[j]!;
        num[i]! += w * tfPart(p.tfs[j]!, this.lengths[i]!, this.stats.avgdl);
      }
    });

    // Dot products, column by column over the query's non-zero dimensions in ascending order: per doc
    // this is the same sequence of float64 operations as ranking.cosine(), so scores are bit-identical.
    const qIdx = nonZero(q.vector);
    const qNorm = norm(q.vector);
    const n = this.size;
    const dots = this.dots;
    dots.fill(0);
    for (const j of qIdx) {
      const w = q.vector[j]!;
      const col = this.columns.subarray(j * n, (j + 1) * n);
      for (let i = 0; i < n; i++) dots[i]! += w * col[i]!;
    }

    const scores = this.scores; // only read at `passing` indices, so no reset needed
    const passing: number[] = [];
    for (const i of members) {
      const dNorm = this.norms[i]!;
      const cos = qNorm === 0 || dNorm === 0 ? 0 : dots[i]! / (qNorm * dNorm);
      const kw = den > 0 ? Math.min(1, num[i]! / den) : 0;
      const s = hybrid(cos, kw);
      if (s >= minRelevance) {
        scores[i] = s;
        passing.push(i);
      }
    }
    let kept = passing;
    if (passing.length > maxMatches) {
      const sorted = Float64Array.from(passing, (i) => scores[i]!).sort();
      const kth = sorted[sorted.length - maxMatches]!; // maxMatches < passing.length
      kept = passing.filter((i) => scores[i]! >= kth);
    }
    const ranked = kept.map((i): Ranked => ({ scenario: this.scenarioAt(i), score: scores[i]! })).sort(compareRanked);
    return ranked.length > maxMatches ? ranked.slice(0, maxMatches) : ranked;
  }
}
