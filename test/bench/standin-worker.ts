// The stand-in OpenAI-compatible server in a worker thread of its own, so that the benchmark
// measures our client's work and not the stand-in's (a real model server is another machine).
// workerData: { defaults?: StandinReply, variantContent?: string } (variantContent: what every
// variant request streams; other requests keep the stand-in's default answer for their kind).
// Messages: {type:'records'} → the recorded requests (times as epoch ms, high resolution);
// {type:'clock', t0} → {type:'clock', t0, tw} for clock-offset estimation; {type:'reset'};
// {type:'cpu'} → {type:'cpu', ms}: the CPU time of this thread (Linux, /proc/thread-self/schedstat;
// null elsewhere), so the benchmark can take the stand-in out of its process's CPU time.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { startStandin, type StandinReply } from '../support/openai-standin.ts';

const abs = (t: number | undefined) => (t === undefined ? undefined : performance.timeOrigin + t);
const data = (workerData ?? {}) as { defaults?: StandinReply; variantContent?: string };
const standin = await startStandin({
  defaults: data.defaults,
  script: data.variantContent
    ? (r) => (r.kind === 'variant' ? { content: data.variantContent } : undefined)
    : undefined,
});

function threadCpuMs(): number | null {
  try {
    // The first field is the time this thread has run on a CPU, in nanoseconds.
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

parentPort!.on('message', (m: { type: string; t0?: number }) => {
  if (m.type === 'clock')
    parentPort!.postMessage({ type: 'clock', t0: m.t0, tw: performance.timeOrigin + performance.now() });
  else if (m.type === 'reset') {
    standin.reset();
    parentPort!.postMessage({ type: 'reset' });
  } else if (m.type === 'cpu') {
    parentPort!.postMessage({ type: 'cpu', ms: threadCpuMs() });
  } else if (m.type === 'records') {
    parentPort!.postMessage({
      type: 'records',
      connections: standin.connections(),
      records: standin.requests.map((r) => ({
        kind: r.kind,
        tone: r.tone,
        marker: /#gen-(\d+)/.exec(JSON.stringify(r.body?.messages ?? ''))?.[1],
        firstTokenAt: abs(r.firstTokenAt),
        tokenAt: r.tokenAt.map((t) => performance.timeOrigin + t),
      })),
    });
  } else if (m.type === 'close') {
    void standin.close().then(() => process.exit(0));
  }
});
parentPort!.postMessage({ type: 'ready', baseURL: standin.baseURL });
