// The built-in coach's cost per situation: analyze + generate, warm, single-threaded.
// Standalone: `npx tsx test/bench/coach.bench.ts`; the bench runner imports `run`.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { analyze, generate } from '../../server/coach/index.ts';
import { summarize } from './stats.ts';

export interface CoachBenchResult {
  name: string;
  iterations: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  /** Target: median under 2 ms. */
  ok: boolean;
}

export async function run({ iterations = 5_000 } = {}): Promise<CoachBenchResult> {
  const situations = (
    JSON.parse(readFileSync(new URL('../eval/situations.json', import.meta.url), 'utf8')) as Array<{
      situation: string;
    }>
  ).map((s) => s.situation);
  const situationAt = (i: number): string => {
    const s = situations[i % situations.length];
    if (s === undefined) throw new Error('no situations to time');
    return s;
  };
  for (let i = 0; i < 500; i++) {
    const s = situationAt(i);
    generate({ situation: s, analysis: analyze(s) });
  }
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const s = situationAt(i);
    const t0 = performance.now();
    const analysis = analyze(s);
    generate({ situation: s, analysis });
    samples.push(performance.now() - t0);
  }
  const st = summarize(samples);
  return {
    name: 'coach analyze+generate',
    iterations,
    p50: st.p50,
    p95: st.p95,
    p99: st.p99,
    mean: st.mean,
    ok: st.p50 < 2,
  };
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const r = await run();
  console.log(
    `${r.name}: p50 ${r.p50.toFixed(3)} ms, p95 ${r.p95.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms over ${r.iterations} (target p50 < 2 ms: ${r.ok ? 'met' : 'MISSED'})`,
  );
}
