// Our overhead on the streaming path: from the moment the stand-in model server writes a variant's
// first token to the moment our caller receives that variant's first `token` event (SDK + SSE
// parsing + routing + the reply/explanation splitter + the event channel), at 1 and at 100
// concurrent generations (3 variant streams each), as closed-loop clients. The stand-in runs in a worker thread; the two
// clocks are aligned by a ping-pong offset estimate.
// Standalone: `npx tsx test/bench/streaming.bench.ts`; the bench runner can import `run`.
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createCoachProvider } from '../../server/ai/index.ts';
import { summarize } from './stats.ts';

export interface StreamingBenchResult {
  c1: { p50: number; p99: number; n: number; elu: number; connections: number };
  c100: { p50: number; p99: number; n: number; elu: number; connections: number };
  /** Target: p99 < 10 ms at 100 concurrent generations. */
  ok: boolean;
  tokensPerStream: number;
  tokenDelayMs: number;
}

interface Rec {
  kind: string;
  tone?: string;
  marker?: string;
  firstTokenAt?: number;
}

const nowAbs = () => performance.timeOrigin + performance.now();

export async function run({ tokensPerStream = 40, tokenDelayMs = 20, c1Runs = 50, c100Rounds = 5 } = {}): Promise<StreamingBenchResult> {
  const content = `${Array.from({ length: tokensPerStream - 6 }, (_, i) => `word${i}`).join(' ')}.\nEXPLANATION: Because it is clear.`;
  // tsx's loader does not reach worker threads: the worker loads its .ts entry through tsx's API.
  const entry = new URL('./standin-worker.ts', import.meta.url).href;
  const worker = new Worker(`import('tsx/esm/api').then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`, {
    eval: true,
    workerData: { defaults: { content, tokenDelayMs, firstTokenDelayMs: 5 } },
  });
  const call = async <T>(msg: object, type: string): Promise<T> => {
    const reply = new Promise<T>((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type === type) {
          worker.off('message', on);
          resolve(m as T);
        }
      };
      worker.on('message', on);
    });
    worker.postMessage(msg);
    return reply;
  };
  const [ready] = (await once(worker, 'message')) as [{ baseURL: string }];

  // Clock offset (worker − main) from the ping-pong with the smallest round trip.
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 200; i++) {
    const t0 = nowAbs();
    const { tw } = await call<{ tw: number }>({ type: 'clock', t0 }, 'clock');
    const t1 = nowAbs();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: tw - (t0 + t1) / 2 };
  }

  const coach = createCoachProvider({
    primary: { baseURL: ready.baseURL, apiKey: 'bench', model: 'bench-model' },
    burstThreshold: 10_000,
    timeoutMs: 30_000,
    fallback: 'none',
  });

  let gen = 0;
  const firstSeen = new Map<string, number>(); // "gen|tone" → main-clock time of the first token event
  async function generation(): Promise<void> {
    const id = ++gen;
    const tones = new Map<string, string>();
    for await (const e of coach.generate({ situation: `#gen-${id} My coworker keeps taking credit for my ideas in meetings.`, context: 'work' })) {
      if (e.type === 'start') tones.set(e.responseId, e.tone);
      else if (e.type === 'token') {
        const key = `${id}|${tones.get(e.responseId)}`;
        if (!firstSeen.has(key)) firstSeen.set(key, nowAbs());
      }
    }
  }

  /**
   * `concurrency` closed-loop clients, each running `perClient` generations back to back, so that
   * `concurrency` generations are in flight at all times. Client starts are spread over one
   * generation's duration (a load test's ramp), so arrivals are spread as with real users rather
   * than all 100 in the same millisecond.
   */
  async function measure(concurrency: number, perClient: number): Promise<{ samples: number[]; elu: number; connections: number }> {
    await call({ type: 'reset' }, 'reset');
    firstSeen.clear();
    const spreadMs = concurrency > 1 ? tokensPerStream * tokenDelayMs : 0;
    const before = await call<{ connections: number }>({ type: 'records' }, 'records');
    const elu0 = performance.eventLoopUtilization();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, k) => {
        await new Promise((r) => setTimeout(r, (spreadMs * k) / concurrency));
        for (let i = 0; i < perClient; i++) await generation();
      }),
    );
    const elu = performance.eventLoopUtilization(elu0).utilization;
    const { records, connections } = await call<{ records: Rec[]; connections: number }>({ type: 'records' }, 'records');
    const samples: number[] = [];
    for (const rec of records) {
      if (rec.kind !== 'variant' || rec.firstTokenAt === undefined) continue;
      const seen = firstSeen.get(`${rec.marker}|${rec.tone}`);
      if (seen !== undefined) samples.push(seen - (rec.firstTokenAt - best.offset));
    }
    return { samples, elu, connections: connections - before.connections };
  }

  // Steady state is measured: each level is preceded by a discarded warm-up at the same
  // concurrency (JIT, and the keep-alive pool grown to that level, as in a running server).
  await measure(20, 3);
  const m1 = await measure(1, c1Runs);
  await measure(100, 2);
  const m100 = await measure(100, c100Rounds);
  const s1 = summarize(m1.samples);
  const s100 = summarize(m100.samples);
  await worker.terminate();
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    c1: { p50: round(s1.p50), p99: round(s1.p99), n: s1.n, elu: round(m1.elu), connections: m1.connections },
    c100: { p50: round(s100.p50), p99: round(s100.p99), n: s100.n, elu: round(m100.elu), connections: m100.connections },
    ok: s100.p99 < 10,
    tokensPerStream,
    tokenDelayMs,
  };
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const r = await run();
  console.log(
    `streaming overhead (stand-in first token → caller first token; ${r.tokensPerStream} tokens/stream, ${r.tokenDelayMs} ms apart):\n` +
      `  1 generation:    p50 ${r.c1.p50.toFixed(3)} ms, p99 ${r.c1.p99.toFixed(3)} ms (${r.c1.n} streams, event loop ${(r.c1.elu * 100).toFixed(0)}% busy)\n` +
      `  100 concurrent:  p50 ${r.c100.p50.toFixed(3)} ms, p99 ${r.c100.p99.toFixed(3)} ms (${r.c100.n} streams, event loop ${(r.c100.elu * 100).toFixed(0)}% busy, ${r.c100.connections} TCP connections)\n` +
      `  target p99 < 10 ms at 100: ${r.ok ? 'met' : 'MISSED'}`,
  );
  process.exit(0);
}
