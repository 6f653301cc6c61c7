// REST with the built-in coach at a constant arrival rate: POST /api/analyze and POST /api/generate,
// stepping the rate up until p99 passes 50 ms (or requests fail). The app runs here as in production
// (Express, validation, scenario search, the coach, Redis for preferences and patterns), the load
// generator in a worker thread. Target: at least 500 requests per second with p99 under 50 ms.
// Standalone: `DATABASE_URL=... REDIS_URL=... npx tsx test/bench/rest.bench.ts [analyze|generate]`
import { startTestApp, type TestApp } from '../support/app.ts';
import { httpLoad } from './http-load.ts';
import { summarize } from './stats.ts';

export interface RestStep {
  rate: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  holds: boolean;
}

export interface RestBenchResult {
  endpoint: 'analyze' | 'generate';
  steps: RestStep[];
  /** The highest constant rate at which p99 stayed under 50 ms with no errors. */
  highestRate: number;
  ok: boolean;
}

const SITUATIONS = `[
  'My coworker keeps taking credit for my ideas in team meetings.',
  'My best friend cancelled on me again at the last minute.',
  'My partner keeps scrolling on their phone while I am talking about my day.',
  'My manager emailed me at 11pm and expects an answer before the morning stand-up.',
  'My roommate never does the dishes and leaves them for days.',
  'A friend borrowed money three months ago and acts like it never happened.',
  'My boyfriend forgot our anniversary and said it is not a big deal.',
  'A colleague interrupts me every time I speak in meetings.',
]`;
// Both endpoints take the same body.
const BODY = `(i) => JSON.stringify({ situation: ${SITUATIONS}[i % 8], userId: 'user_rb' + (i % 200) })`;

/**
 * Waits while Redis rewrites its AOF: with `appendfsync always` a rewrite (a fork, seconds of
 * fsyncs) stalls writes, and seeding the scenario library can trigger one just before a step.
 */
async function aofRewriteDone(app: TestApp): Promise<void> {
  for (;;) {
    const info = await app.calmly.deps.redis.info('persistence');
    if (!/aof_rewrite_in_progress:1|aof_rewrite_scheduled:1/.test(info)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function run(
  endpoint: 'analyze' | 'generate',
  rates = [250, 500, 750, 1000, 1250, 1500],
  seconds = 6,
): Promise<RestBenchResult> {
  const app = await startTestApp({ LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: 'false' });
  try {
    const url = `${app.baseUrl}/api/${endpoint}`;
    await httpLoad({ url, count: 2_000, concurrency: 16, body: BODY }); // warm-up
    const steps: RestStep[] = [];
    for (const rate of rates) {
      await aofRewriteDone(app);
      let r;
      let errors = 0;
      try {
        r = await httpLoad({ url, count: rate * seconds, rate, body: BODY });
      } catch {
        errors = 1;
      }
      const s = r ? summarize(r.latencies) : { p50: NaN, p95: NaN, p99: NaN };
      const step = {
        rate,
        requests: r?.latencies.length ?? 0,
        p50: +s.p50.toFixed(1),
        p95: +s.p95.toFixed(1),
        p99: +s.p99.toFixed(1),
        errors,
        holds: !errors && s.p99 < 50,
      };
      steps.push(step);
      if (!step.holds) break;
    }
    const highestRate = Math.max(0, ...steps.filter((s) => s.holds).map((s) => s.rate));
    return { endpoint, steps, highestRate, ok: highestRate >= 500 };
  } finally {
    await app.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const endpoint = (process.argv[2] as 'analyze' | 'generate') ?? 'generate';
  console.log(JSON.stringify(await run(endpoint))); // one line: the bench runner reads it
  process.exit(0);
}
