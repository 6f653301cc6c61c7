// Scenario search latency with 10,000 synthetic scenarios on the in-process index and the local
// embedder (query embedding included). Standalone: `npx tsx test/bench/scenario-search.bench.ts`;
// a bench runner can `import { run }`.
// With REDIS_URL set, the scenarios are seeded into Redis under a throw-away prefix and searched
// through the real InProcessScenarioIndex (loaded from the hashes, revision checks included);
// without it, the same exact index is built in memory.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Context, Scenario } from '../../machines/domain/types.ts';
import { withVectors } from '../../server/embeddings/embedder.ts';
import { createLocalEmbedder } from '../../server/embeddings/local.ts';
import { connectRedis } from '../../server/redis/client.ts';
import { dropPrefix } from '../support/redis.ts';
import { readScenarios } from '../../scenarios/files.ts';
import { scenarioTerms, scenarioText } from '../../server/scenarios/document.ts';
import { ExactIndex } from '../../server/scenarios/exact-index.ts';
import { InProcessScenarioIndex, searchExact } from '../../server/scenarios/in-process.ts';
import type { ScenarioPage, ScenarioQuery } from '../../server/scenarios/index-types.ts';
import { syncScenarios } from '../../server/scenarios/sync.ts';
import { percentile } from './stats.ts';

export interface BenchResult {
  name: string;
  scenarios: number;
  searches: number;
  source: 'redis' | 'memory';
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Target: p99 under 5 ms. */
  ok: boolean;
}

/** A tiny deterministic PRNG so every run benchmarks the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n synthetic scenarios: real ones recombined with words drawn from the whole library's vocabulary. */
export function syntheticScenarios(base: Scenario[], n: number, seed = 42): Scenario[] {
  const rand = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const vocab = [
    ...new Set(base.flatMap((s) => `${s.description} ${s.aliases.join(' ')}`.toLowerCase().match(/[a-z]{3,}/g) ?? [])),
  ];
  return Array.from({ length: n }, (_, i) => {
    const b = base[i % base.length];
    if (!b) throw new Error('syntheticScenarios needs at least one scenario to recombine');
    const words = (k: number) => Array.from({ length: k }, () => pick(vocab)).join(' ');
    return {
      ...b,
      id: `scn_synthetic_${i}`,
      title: `${b.title} ${words(2)}`.slice(0, 120),
      description: `${words(6)} ${b.description}`.slice(0, 500),
      keywords: [...b.keywords.slice(0, 4), words(2)],
      aliases: [`${words(5)}`, ...b.aliases.slice(0, 1)],
    };
  });
}

const QUERIES = [
  'my boss keeps taking credit for my ideas',
  'friend owes me money and ignores it',
  'partner is always on their phone at dinner',
  'coworker interrupts me in meetings',
  'roommate never cleans up',
  'how do I ask for a raise',
  'she cancelled on me again last minute',
  'my mother in law criticises my parenting',
  'team conflict',
  'feeling left out by my friends',
  'he gets jealous when I talk to other people',
  'I need to say no to extra work',
];
const CONTEXTS: Array<Context | undefined> = [undefined, 'work', 'friendship', 'relationship'];

export async function run(
  opts: { scenarios?: number; searches?: number; redisUrl?: string; log?: (s: string) => void } = {},
): Promise<BenchResult> {
  const n = opts.scenarios ?? 10_000;
  const searches = opts.searches ?? 3_000;
  const log = opts.log ?? (() => {});
  const embedder = createLocalEmbedder();
  const scenarios = syntheticScenarios(await readScenarios(), n);
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL;

  let search: (q: ScenarioQuery) => Promise<ScenarioPage>;
  let cleanup = async () => {};
  if (redisUrl) {
    const redis = await connectRedis(redisUrl, { name: 'calmly-bench' });
    const prefix = `bench${randomUUID().slice(0, 8)}`;
    const t0 = performance.now();
    await syncScenarios({ redis, prefix, embedder, scenarios, queryEngine: false });
    const index = new InProcessScenarioIndex({ redis, prefix, embedder, refreshMs: 1000 });
    await index.refresh();
    log(`seeded and loaded ${n} scenarios from Redis in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    search = (q) => index.search(q);
    cleanup = async () => {
      await dropPrefix(redis, prefix);
      await redis.quit();
    };
  } else {
    const t0 = performance.now();
    const vectors = await embedder.embed(scenarios.map(scenarioText));
    const exact = new ExactIndex(
      withVectors(scenarios, vectors).map(([scenario, vector]) => ({
        scenario,
        terms: scenarioTerms(scenario),
        vector,
      })),
      embedder.dimension,
    );
    log(`built ${n} scenarios in memory in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    search = (q) => searchExact(exact, embedder, q);
  }

  try {
    const queryAt = (i: number): ScenarioQuery => ({
      query: `${QUERIES[i % QUERIES.length]}${i % 7 === 0 ? ' please help' : ''}`,
      context: CONTEXTS[i % CONTEXTS.length],
      page: 1,
      pageSize: 10,
    });
    for (let i = 0; i < 200; i++) await search(queryAt(i)); // warm-up (JIT)
    const times: number[] = [];
    for (let i = 0; i < searches; i++) {
      const t = performance.now();
      const res = await search(queryAt(i));
      times.push(performance.now() - t);
      if (!res.items.length && i < QUERIES.length) throw new Error(`no results for "${queryAt(i).query}"`);
    }
    times.sort((a, b) => a - b);
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    const p99 = percentile(times, 99);
    return {
      name: 'scenario-search (in-process index, local embedder)',
      scenarios: n,
      searches,
      source: redisUrl ? 'redis' : 'memory',
      p50: r3(percentile(times, 50)),
      p95: r3(percentile(times, 95)),
      p99: r3(p99),
      max: r3(times.at(-1) ?? NaN),
      mean: r3(times.reduce((a, b) => a + b, 0) / times.length),
      ok: p99 < 5,
    };
  } finally {
    await cleanup();
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  run({ log: (s) => console.log(s) })
    .then((r) => {
      console.log(
        `${r.name}: ${r.scenarios} scenarios (${r.source}), ${r.searches} searches — p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, max ${r.max} ms (target p99 < 5 ms: ${r.ok ? 'met' : 'MISSED'})`,
      );
      process.exit(r.ok ? 0 : 1);
    })
    .catch((err: Error) => {
      console.error(err);
      process.exit(1);
    });
}
