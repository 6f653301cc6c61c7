// The stand-in OpenAI-compatible server in a worker thread of its own, so that the benchmark
// measures our client's work and not the stand-in's (a real model server is another machine).
// Messages: {type:'records'} → the recorded requests (times as epoch ms, high resolution);
// {type:'clock', t0} → {type:'clock', t0, tw} for clock-offset estimation; {type:'reset'}.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { startStandin, type StandinReply } from '../support/openai-standin.ts';

const abs = (t: number | undefined) => (t === undefined ? undefined : performance.timeOrigin + t);
const defaults = (workerData as { defaults?: StandinReply } | undefined)?.defaults;
const standin = await startStandin({ defaults });
parentPort!.on('message', (m: { type: string; t0?: number }) => {
  if (m.type === 'clock')
    parentPort!.postMessage({ type: 'clock', t0: m.t0, tw: performance.timeOrigin + performance.now() });
  else if (m.type === 'reset') {
    standin.reset();
    parentPort!.postMessage({ type: 'reset' });
  } else if (m.type === 'records') {
    parentPort!.postMessage({
      type: 'records',
      connections: standin.connections(),
      records: standin.requests.map((r) => ({
        kind: r.kind,
        tone: r.tone,
        marker: /#gen-(\d+)/.exec(JSON.stringify(r.body?.messages ?? ''))?.[1],
        firstTokenAt: abs(r.firstTokenAt),
      })),
    });
  } else if (m.type === 'close') {
    void standin.close().then(() => process.exit(0));
  }
});
parentPort!.postMessage({ type: 'ready', baseURL: standin.baseURL });
