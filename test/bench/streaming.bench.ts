// Streaming as a person sees it: from the moment the stand-in model server writes a variant's tokens
// to the moment a live-session client's socket hands it that suggestion's first visible text. The
// whole path is in it: our HTTP client, SSE parsing, the reply/explanation splitter, the output guard
// (server/ai/README.md, "Prompt injection"), the event channel, the
// session's XState actor (server/realtime/actors.ts), the frame coalescer (server/realtime/frames.ts),
// Socket.IO's encoding, the WebSocket on loopback, and socket.io-client's decoding in the client.
//
// The real app (Express + Socket.IO + the session machine + Redis + Postgres, as `startTestApp`
// builds it for the tests) runs in this process with AI_BASE_URL pointing at the stand-in and
// AI_FALLBACK=none (nothing answers but the stand-in). The stand-in runs in a worker thread of this
// process (test/bench/standin-worker.ts) and records, per variant request, its marker (`#gen-<id>`
// from the situation), tone and when it wrote each token. The clients are Socket.IO clients over
// WebSocket in a forked process of their own (test/bench/stream-clients.mjs), so their CPU is not
// the server's: one user and one live session each, submitting `#gen-<id> <situation>` in a closed
// loop (the next as soon as the three suggestions are done and the session is `ready` again), and
// noting when each suggestion's first `stream:frame` delta with text reached them.
//
// Clocks: every process reads performance.timeOrigin + performance.now(). The offsets worker − main
// and client − main are estimated by ping-pong (the exchange with the smallest round trip; the error
// is at most half of it, both are in the JSON as `clock`) before every level; client and stand-in
// times are both moved onto this process's clock, so the client ↔ stand-in offset goes through it.
//
// Two numbers per level, per suggestion:
//   firstToken: the stand-in's first token → the client's first visible text. What the user waits
//               for; it includes what the guard holds: the reply begins "I", which could begin a
//               refused phrase ("Ignore …"), so it waits one token interval for the next word.
//   path:       the stand-in's write of the token that releases the first text (which token that is
//               comes from running the real splitter and guard over the stand-in's tokens) → the
//               client's first visible text. Our overhead on the way to the socket; the target is on
//               this one.
// Levels: 1 session (3 concurrent streams); 34 sessions (102 concurrent streams: the issue's "100
// concurrent streams"); 100 sessions (300 streams, 15,000 tokens/s). Each level is preceded by
// discarded warm-up rounds at the same concurrency. Also per level: the server process's CPU time
// (process.cpuUsage(), less the stand-in thread's own CPU time read from /proc/thread-self/schedstat)
// per 1,000 tokens the stand-in streamed: everything a generation costs the server (scenario search,
// preferences, memory, the session machine, Redis) divided over its tokens.
//
// Standalone: `DATABASE_URL=... REDIS_URL=... npx tsx --no-regexp-tier-up test/bench/streaming.bench.ts
// [--json] [--rounds=c1,s100,c100]` (the flags of scripts/lib/node-flags.mjs, as the app runs;
// `--rounds` lowers the measured rounds per session for a quick look); the bench runner runs it
// with --json in a fresh process and reads the last line.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { EXPLANATION_MARKER } from '../../server/ai/prompts.ts';
import { MarkerSplitter } from '../../server/ai/stream-split.ts';
import { StreamGuard, SUGGESTION_BOUNDS } from '../../server/ai/validate-output.ts';
import { startTestApp } from '../support/app.ts';
import { toTokens } from '../support/openai-standin.ts';
import { summarize } from './stats.ts';

export interface Distribution {
  p50: number;
  p99: number;
  n: number;
}

export interface StreamingLevel {
  sessions: number;
  /** Concurrent upstream streams (three per session). */
  streams: number;
  /** Stand-in's first token → client's first visible text (what the guard holds included). */
  firstToken: Distribution;
  /** Stand-in's write of the token that releases the first text → client's first visible text. */
  path: Distribution;
  /** Event-loop utilisation of the app's (this process's) main thread over the measured rounds. */
  elu: number;
  /** Server process CPU time (stand-in thread excluded) per 1,000 tokens streamed, in ms. */
  cpuMsPer1kTokens: number;
  /** Over the measured rounds, ms: this process's CPU time, and the stand-in thread's part of it (null: unknown). */
  processCpuMs: number;
  standinCpuMs: number | null;
  /** The clients' process over the measured rounds: CPU time (ms) and event-loop utilisation. */
  clientCpuMs: number;
  clientElu: number;
  /** Tokens the stand-in streamed in the measured rounds. */
  tokens: number;
  /** New TCP connections to the stand-in in the measured rounds (keep-alive reuse keeps this 0). */
  connections: number;
  /** Generations that failed, suggestions not from the stand-in, stream resets, variants the client did not see. */
  errors: number;
  otherText: number;
  resets: number;
  missing: number;
}

export interface StreamingBenchResult {
  c1: StreamingLevel;
  /** 34 concurrent sessions: 102 concurrent upstream streams. */
  s100: StreamingLevel;
  /** 100 concurrent sessions: 300 concurrent upstream streams. */
  c100: StreamingLevel;
  /** Target: path p99 < 10 ms at 102 concurrent streams, with no errors. */
  ok: boolean;
  tokensPerStream: number;
  tokenDelayMs: number;
  /** The stand-in token (1-based) whose arrival releases a suggestion's first text. */
  releaseToken: number;
  /** Ping-pong results (ms) before the last level: offsets to this process's clock, smallest round trips. */
  clock: { workerOffset: number; workerRtt: number; clientOffset: number; clientRtt: number };
  errorSamples: string[];
}

interface Rec {
  kind: string;
  tone?: string;
  marker?: string;
  firstTokenAt?: number;
  tokenAt: number[];
}

interface Ran {
  cpuMs: number;
  elu: number;
  generations: number;
  seen: Array<[string, string, number]>;
  errors: string[];
  resets: number;
  otherText: number;
  models: string[];
}

const nowAbs = () => performance.timeOrigin + performance.now();
const SITUATION = 'My coworker keeps taking credit for my ideas in meetings.';
const REPLY =
  "I want to raise something calmly: my ideas were presented as someone else's in the last two meetings, and I " +
  'would like us to fix that together. Could we agree that whoever drafts a proposal presents it from now on, and ' +
  'that the slides name who wrote each part? That way credit lands where the work was done and nobody has to guess.';
const EXPLANATION = 'It names the issue without blame and proposes one clear next step.';

/** A variant of `tokensPerStream` tokens: a reply cut to length, then the explanation. */
function variantContent(tokensPerStream: number): { content: string; reply: string } {
  const tail = `\n${EXPLANATION_MARKER} ${EXPLANATION}`;
  const words = REPLY.split(' ').slice(0, Math.max(8, tokensPerStream - toTokens(tail).length));
  const reply = `${words.join(' ').replace(/[,:;?.]$/, '')}.`;
  return { content: reply + tail, reply };
}

/** Index of the token on whose arrival the splitter and the guard first let text go (as runStream does). */
function releaseIndex(tokens: string[]): number {
  const split = new MarkerSplitter(EXPLANATION_MARKER);
  const guard = new StreamGuard(SUGGESTION_BOUNDS);
  for (let i = 0; i < tokens.length; i++) {
    const piece = split.push(tokens[i]!);
    if (piece && guard.push(piece).release) return i;
  }
  return tokens.length - 1; // released only when the stream ends
}

export async function run({
  tokensPerStream = 40,
  tokenDelayMs = 20,
  c1Rounds = 50,
  s100Rounds = 15,
  c100Rounds = 5,
} = {}): Promise<StreamingBenchResult> {
  const { content, reply } = variantContent(tokensPerStream);
  const tokens = toTokens(content);
  const release = releaseIndex(tokens);

  // tsx's loader does not reach worker threads: the worker loads its .ts entry through tsx's API.
  const entry = new URL('./standin-worker.ts', import.meta.url).href;
  const worker = new Worker(
    `import('tsx/esm/api').then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`,
    {
      eval: true,
      workerData: { defaults: { tokenDelayMs, firstTokenDelayMs: 5 }, variantContent: content },
    },
  );
  const [ready] = (await once(worker, 'message')) as [{ baseURL: string }];
  const client = fork(new URL('./stream-clients.mjs', import.meta.url), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  client.once('exit', (code) => {
    if (code) console.error(`stream clients exited with ${code}`);
  });

  type Port = { on(e: 'message', f: (m: any) => void): unknown; off(e: 'message', f: (m: any) => void): unknown };
  const ask = <T>(port: Port, send: (m: object) => void, msg: object, type: string): Promise<T> => {
    const reply = new Promise<T>((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type === type) {
          port.off('message', on);
          resolve(m as T);
        }
      };
      port.on('message', on);
    });
    send(msg);
    return reply;
  };
  type Msg = { type: string; [field: string]: unknown };
  const toWorker = <T>(msg: Msg) => ask<T>(worker, (m) => worker.postMessage(m), msg, msg.type);
  const toClients = <T>(msg: Msg, replyType: string) => ask<T>(client, (m) => client.send(m), msg, replyType);

  /** Offset (other − this process) from the ping-pong with the smallest round trip. */
  async function offset(ping: (t0: number) => Promise<number>): Promise<{ offset: number; rtt: number }> {
    let best = { rtt: Infinity, offset: 0 };
    for (let i = 0; i < 200; i++) {
      const t0 = nowAbs();
      const t = await ping(t0);
      const t1 = nowAbs();
      if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: t - (t0 + t1) / 2 };
    }
    return best;
  }
  const clocks = async () => {
    const w = await offset(async (t0) => (await toWorker<{ tw: number }>({ type: 'clock', t0 })).tw);
    const c = await offset(async (t0) => (await toClients<{ tc: number }>({ type: 'clock', t0 }, 'clock')).tc);
    return { workerOffset: w.offset, workerRtt: w.rtt, clientOffset: c.offset, clientRtt: c.rtt };
  };

  const app = await startTestApp({
    LOG_LEVEL: 'silent',
    AI_BASE_URL: ready.baseURL,
    AI_API_KEY: 'bench',
    AI_MODEL: 'bench-model',
    AI_FALLBACK: 'none',
    RATE_LIMIT_ENABLED: 'false',
  });
  const errorSamples = new Set<string>();
  let clock = { workerOffset: 0, workerRtt: 0, clientOffset: 0, clientRtt: 0 };

  const runRounds = (sessions: number, rounds: number) =>
    toClients<Ran>(
      {
        type: 'run',
        rounds,
        spreadMs: sessions > 1 ? tokensPerStream * tokenDelayMs : 0,
        situation: SITUATION,
        context: 'work',
        expect: reply,
      },
      'ran',
    );

  /**
   * `sessions` live sessions, each a closed-loop client: `warmRounds` generations each (discarded),
   * then `rounds` measured. Session starts are spread over one generation's duration (a load test's
   * ramp), so arrivals are spread as with real users rather than all in the same millisecond.
   */
  async function level(sessions: number, warmRounds: number, rounds: number): Promise<StreamingLevel> {
    const opened = await toClients<{ connected: number; errors: string[] }>(
      { type: 'open', url: app.baseUrl, sessions },
      'opened',
    );
    for (const e of opened.errors) errorSamples.add(e);
    const warm = await runRounds(sessions, warmRounds);
    for (const e of warm.errors) errorSamples.add(`warm-up: ${e}`);
    clock = await clocks();
    await toWorker({ type: 'reset' });
    const before = await toWorker<{ connections: number }>({ type: 'records' });
    const cpuW0 = (await toWorker<{ ms: number | null }>({ type: 'cpu' })).ms;
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    const r = await runRounds(sessions, rounds);
    const elu = performance.eventLoopUtilization(elu0).utilization;
    const cpu = process.cpuUsage(cpu0);
    const cpuW1 = (await toWorker<{ ms: number | null }>({ type: 'cpu' })).ms;
    const { records, connections } = await toWorker<{ records: Rec[]; connections: number }>({ type: 'records' });
    await toClients({ type: 'shut' }, 'shut');
    for (const e of r.errors) errorSamples.add(e);
    if (r.models.some((m) => m !== 'bench-model')) errorSamples.add(`suggestions by ${r.models.join(', ')}`);

    const seen = new Map(r.seen.map(([id, tone, t]) => [`${id}|${tone}`, t - clock.clientOffset]));
    const first: number[] = [];
    const path: number[] = [];
    let streamed = 0;
    let missing = 0;
    for (const rec of records) {
      if (rec.kind !== 'variant') continue;
      streamed += rec.tokenAt.length;
      const t = seen.get(`${rec.marker}|${rec.tone}`);
      if (t === undefined || rec.firstTokenAt === undefined || rec.tokenAt[release] === undefined) {
        missing++;
        continue;
      }
      first.push(t - (rec.firstTokenAt - clock.workerOffset));
      path.push(t - (rec.tokenAt[release]! - clock.workerOffset));
    }
    const processCpuMs = (cpu.user + cpu.system) / 1000;
    const standinCpuMs = cpuW0 !== null && cpuW1 !== null ? cpuW1 - cpuW0 : null;
    const serverCpuMs = processCpuMs - (standinCpuMs ?? 0);
    const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
    const dist = (xs: number[]): Distribution => {
      const s = summarize(xs);
      return { p50: round(s.p50), p99: round(s.p99), n: s.n };
    };
    return {
      sessions,
      streams: sessions * 3,
      firstToken: dist(first),
      path: dist(path),
      elu: round(elu),
      cpuMsPer1kTokens: round((serverCpuMs / Math.max(1, streamed)) * 1000, 1),
      processCpuMs: Math.round(processCpuMs),
      standinCpuMs: standinCpuMs === null ? null : Math.round(standinCpuMs),
      clientCpuMs: Math.round(r.cpuMs),
      clientElu: round(r.elu),
      tokens: streamed,
      connections: connections - before.connections,
      errors: r.errors.length + opened.errors.length,
      otherText: r.otherText,
      resets: r.resets,
      missing,
    };
  }

  try {
    // JIT and pools: a first warm-up at moderate concurrency, not counted.
    await toClients({ type: 'open', url: app.baseUrl, sessions: 20 }, 'opened');
    await runRounds(20, 3);
    await toClients({ type: 'shut' }, 'shut');
    const c1 = await level(1, 3, c1Rounds);
    const s100 = await level(34, 2, s100Rounds);
    const c100 = await level(100, 2, c100Rounds);
    const clean = (l: StreamingLevel) => l.errors + l.otherText + l.resets + l.missing === 0;
    return {
      c1,
      s100,
      c100,
      ok: s100.path.p99 < 10 && [c1, s100, c100].every(clean),
      tokensPerStream: tokens.length,
      tokenDelayMs,
      releaseToken: release + 1,
      clock: {
        workerOffset: Math.round(clock.workerOffset * 1000) / 1000,
        workerRtt: Math.round(clock.workerRtt * 1000) / 1000,
        clientOffset: Math.round(clock.clientOffset * 1000) / 1000,
        clientRtt: Math.round(clock.clientRtt * 1000) / 1000,
      },
      errorSamples: [...errorSamples].slice(0, 5),
    };
  } finally {
    client.send({ type: 'exit' });
    await app.close();
    await worker.terminate();
  }
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const rounds = process.argv
    .find((a) => a.startsWith('--rounds='))
    ?.slice('--rounds='.length)
    .split(',')
    .map(Number);
  const r = await run(rounds ? { c1Rounds: rounds[0], s100Rounds: rounds[1], c100Rounds: rounds[2] } : {});
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(r)); // one line: the bench runner reads it
    process.exit(0);
  }
  const ms = (x: number) => `${x.toFixed(3)} ms`;
  const line = (name: string, l: StreamingLevel) =>
    `  ${name.padEnd(34)} first token p50 ${ms(l.firstToken.p50)}, p99 ${ms(l.firstToken.p99)}; ` +
    `path p50 ${ms(l.path.p50)}, p99 ${ms(l.path.p99)} (${l.path.n} streams); ` +
    `server CPU ${l.cpuMsPer1kTokens} ms/1,000 tokens, event loop ${(l.elu * 100).toFixed(0)}% busy ` +
    `(clients' ${(l.clientElu * 100).toFixed(0)}%); ` +
    `errors ${l.errors}, not the stand-in's text ${l.otherText}, resets ${l.resets}, unseen ${l.missing}, ` +
    `${l.connections} new upstream connections\n`;
  console.log(
    `streaming at the client socket (stand-in's first token → client's first visible text; path: from token ${r.releaseToken}, ` +
      `the one that releases it; ${r.tokensPerStream} tokens/stream, ${r.tokenDelayMs} ms apart):\n` +
      line('1 session (3 streams):', r.c1) +
      line('34 sessions (102 streams):', r.s100) +
      line('100 sessions (300 streams):', r.c100) +
      `  clocks: worker offset ${r.clock.workerOffset} ms (rtt ${r.clock.workerRtt}), client offset ${r.clock.clientOffset} ms (rtt ${r.clock.clientRtt})\n` +
      (r.errorSamples.length ? `  errors: ${r.errorSamples.join('; ')}\n` : '') +
      `  target path p99 < 10 ms at 102 concurrent streams: ${r.ok ? 'met' : 'MISSED'}`,
  );
  process.exit(0);
}
