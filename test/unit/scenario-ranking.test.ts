import { describe, expect, it } from 'vitest';
import { embedOne, withVectors } from '../../server/embeddings/embedder.ts';
import { createLocalEmbedder } from '../../server/embeddings/local.ts';
import { readScenarios } from '../../scenarios/files.ts';
import { scenarioTerms, scenarioText } from '../../server/scenarios/document.ts';
import { ExactIndex } from '../../server/scenarios/exact-index.ts';
import { analyze } from '../../server/embeddings/analyze.ts';
import {
  cosine,
  hybrid,
  idf,
  keywordScore,
  nonZero,
  norm,
  queryTerms,
  termFrequencies,
} from '../../server/scenarios/ranking.ts';
import { evalScenarios } from '../eval/scenarios-eval.ts';

describe('hybrid ranking', () => {
  it('ExactIndex scores equal the per-document formula (what the query-engine path computes), bit for bit', async () => {
    const embedder = createLocalEmbedder();
    const scenarios = await readScenarios();
    const vectors = await embedder.embed(scenarios.map(scenarioText));
    const docs = withVectors(scenarios, vectors).map(([scenario, vector]) => ({
      scenario,
      terms: scenarioTerms(scenario),
      vector,
    }));
    const index = new ExactIndex(docs, embedder.dimension);
    const query = 'my coworker keeps stealing credit for my ideas in meetings';
    const qv = await embedOne(embedder, query);
    const qterms = queryTerms(analyze(query).terms);
    const idfs = qterms.map((t) => idf(index.stats.n, index.df(t)));
    const expected = docs
      .map((d) => {
        const tf = termFrequencies(d.terms);
        const kw = keywordScore(
          idfs,
          qterms.map((t) => tf.get(t) ?? 0),
          d.terms.length,
          index.stats.avgdl,
        );
        return { id: d.scenario.id, score: hybrid(cosine(qv, nonZero(qv), norm(qv), d.vector, 0, norm(d.vector)), kw) };
      })
      .filter((x) => x.score >= 0.05)
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, 20);
    const got = index
      .rank({ vector: qv, terms: analyze(query).terms }, 0.05, 20)
      .map((r) => ({ id: r.scenario.id, score: r.score }));
    expect(got).toEqual(expected);
    expect(got[0]?.id).toBe('scn_work_takes_credit');
  });

  it('keyword score is in [0,1] and 0 without shared terms', () => {
    expect(keywordScore([2, 1], [0, 0], 10, 10)).toBe(0);
    const s = keywordScore([2, 1], [3, 1], 10, 10);
    expect(s).toBeGreaterThan(0.9);
    expect(s).toBeLessThanOrEqual(1);
    expect(hybrid(-0.5, 0)).toBe(0);
    expect(hybrid(1, 1)).toBe(1);
  });

  it('quality: ≥90% of everyday paraphrases find their scenario in the top 3 (local embedder)', async () => {
    const r = await evalScenarios();
    expect(r.n).toBeGreaterThanOrEqual(85);
    expect(r.top3).toBeGreaterThanOrEqual(0.9);
  });
});
