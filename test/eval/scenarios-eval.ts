// Scenario retrieval quality: for everyday paraphrases of a situation (test/eval/paraphrases.json,
// written to share few words with the scenario texts), is the intended scenario in the top 3?
// Local embedder + the exact in-process ranking over every data file; no Redis needed.
// Run alone: `npx tsx test/eval/scenarios-eval.ts`.
import { readFileSync } from 'node:fs';
import { withVectors } from '../../server/embeddings/embedder.ts';
import { createLocalEmbedder } from '../../server/embeddings/local.ts';
import { scenarioTerms, scenarioText } from '../../server/scenarios/document.ts';
import { ExactIndex } from '../../server/scenarios/exact-index.ts';
import { searchExact } from '../../server/scenarios/in-process.ts';
import { readScenarios } from '../../scenarios/files.ts';
import { orientScenarios } from '../../server/coach/orient.ts';

export interface ScenarioEvalMiss {
  situation: string;
  expected: string;
  /** Rank of the expected scenario (1-based), or null when not returned at all. */
  rank: number | null;
  got: string[];
}

export interface ScenarioEvalResult {
  n: number;
  top1: number;
  top3: number;
  misses: ScenarioEvalMiss[];
}

export async function evalScenarios(): Promise<ScenarioEvalResult> {
  const items = JSON.parse(readFileSync(new URL('./paraphrases.json', import.meta.url), 'utf8')) as Array<{
    situation: string;
    expected: string;
  }>;
  const embedder = createLocalEmbedder();
  const scenarios = await readScenarios();
  const vectors = await embedder.embed(scenarios.map(scenarioText));
  const index = new ExactIndex(
    withVectors(scenarios, vectors).map(([scenario, vector]) => ({ scenario, terms: scenarioTerms(scenario), vector })),
    embedder.dimension,
  );
  let top1 = 0;
  let top3 = 0;
  const misses: ScenarioEvalMiss[] = [];
  for (const { situation, expected } of items) {
    // As GET /api/scenarios answers: the index's ranking, turned to face the right way.
    const res = await searchExact(index, embedder, { query: situation, page: 1, pageSize: 50 });
    const ids = orientScenarios(situation, res.items).map((s) => s.id);
    const at = ids.indexOf(expected);
    if (at === 0) top1++;
    if (at >= 0 && at < 3) top3++;
    else misses.push({ situation, expected, rank: at < 0 ? null : at + 1, got: ids.slice(0, 3) });
  }
  return { n: items.length, top1: top1 / items.length, top3: top3 / items.length, misses };
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const r = await evalScenarios();
  console.log(
    `scenario retrieval on ${r.n} paraphrases: top-1 ${(r.top1 * 100).toFixed(1)}%, top-3 ${(r.top3 * 100).toFixed(1)}%`,
  );
  for (const m of r.misses)
    console.log(`  miss (rank ${m.rank ?? '-'}) ${m.expected}: "${m.situation}" → ${m.got.join(', ')}`);
}
