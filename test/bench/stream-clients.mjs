// Socket.IO clients for the streaming benchmark (test/bench/streaming.bench.ts), in a process of their
// own so their CPU is not the server's. Started with fork(); it stays up and answers messages:
//   { type: 'clock', t0 }              → { type: 'clock', t0, tc }: this process's clock, for the
//                                        benchmark's ping-pong offset estimate
//   { type: 'open', url, sessions }    → { type: 'opened', connected, errors }: live sessions, one
//                                        user each, connected over WebSocket
//   { type: 'run', rounds, spreadMs, situation, context, expect }
//                                      → { type: 'ran', seen, errors, resets, otherText, models, generations,
//                                          cpuMs, elu }:
//     every open session runs `rounds` generations back to back (closed loop; session k starts after
//     spreadMs·k/sessions): `situation:submit` with `#gen-<id> <situation>`, then it waits for the
//     three `suggestion:done` and the session back in `ready`, then submits the next. For each
//     generation and suggestion, `seen` holds [id, tone, t]: t is when the first `stream:frame` delta
//     with text for that suggestion reached this process's handler (performance.timeOrigin +
//     performance.now(), the clock every process of the benchmark uses). `resets` counts deltas that
//     restarted a stream, `otherText` suggestions whose final text is not `expect` (the stand-in's
//     reply), `models` the models the sessions' views named: all three say whether the stand-in
//     answered everything. `cpuMs` and `elu`: this process's CPU time and event-loop utilisation
//     over the run (a busy client delays what it notes).
//   { type: 'shut' }                   → { type: 'shut' }: the sessions disconnected
//   { type: 'exit' }                   → exits
import { io } from 'socket.io-client';
import { performance } from 'node:perf_hooks';

const nowAbs = () => performance.timeOrigin + performance.now();
const tag = Math.random().toString(36).slice(2, 8);
let userCounter = 0;
let genCounter = 0;
let sessions = [];

function connect(url) {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      auth: { userId: `bench_${tag}_${++userCounter}` },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 60_000,
    });
    socket.once('session:ready', ({ view }) => resolve({ socket, generation: view.generation }));
    socket.once('connect_error', (err) => reject(new Error(`connect_error: ${err.message}`)));
  });
}

/** One generation in one session; resolves when its three suggestions are done and the session is ready. */
function generation(session, { situation, context, expect }, timeoutMs) {
  const { socket } = session;
  const id = ++genCounter;
  const after = session.generation; // events of this generation carry a higher number
  const tones = new Map(); // index → tone
  const seen = new Map(); // index → time of the first visible text
  const out = { id, seen: [], resets: 0, otherText: 0, model: null, error: null };
  let gen = null;
  let viewGeneration = after;
  let done = 0;
  return new Promise((resolve) => {
    const handlers = {
      'suggestion:start': (p) => {
        if (p.generation <= after) return;
        gen ??= p.generation;
        tones.set(p.index, p.tone);
      },
      'stream:frame': (p) => {
        const t = nowAbs();
        if (p.generation <= after || p.kind !== 'suggestions') return;
        for (const d of p.deltas) {
          if (d.reset) out.resets++;
          if (d.text && !seen.has(d.index)) seen.set(d.index, t);
        }
      },
      'suggestion:done': (p) => {
        if (p.generation <= after) return;
        done++;
        if (expect !== undefined && p.suggestion?.text !== expect) out.otherText++;
      },
      // Only what changed (protocol 2): the generation comes with the state that starts it, the
      // model with the ready state (a new situation clears it first).
      'session:state': ({ changes }) => {
        if (changes.generation !== undefined) viewGeneration = changes.generation;
        if (viewGeneration <= after) return;
        gen ??= viewGeneration;
        if (changes.state === 'ready' && done >= 3) {
          out.model = changes.model ?? null;
          finish();
        } else if (changes.state === 'failed') finish(`failed: ${changes.error?.code ?? 'unknown'}`);
      },
      'session:error': (e) => finish(`${e.code}: ${e.message}`),
      disconnect: (reason) => finish(`disconnected: ${reason}`),
    };
    const timer = setTimeout(() => finish(`timeout (${done} suggestions done)`), timeoutMs);
    function finish(error = null) {
      clearTimeout(timer);
      for (const [event, fn] of Object.entries(handlers)) socket.off(event, fn);
      if (gen !== null) session.generation = gen;
      out.error = error;
      for (const [index, t] of seen) out.seen.push([String(id), tones.get(index) ?? `index ${index}`, t]);
      resolve(out);
    }
    for (const [event, fn] of Object.entries(handlers)) socket.on(event, fn);
    socket.emit('situation:submit', { situation: `#gen-${id} ${situation}`, context }, (ack) => {
      if (ack && !ack.ok) finish(`refused: ${ack.error?.code}: ${ack.error?.message}`);
    });
  });
}

process.on('message', async (m) => {
  if (m.type === 'clock') {
    process.send({ type: 'clock', t0: m.t0, tc: nowAbs() });
  } else if (m.type === 'open') {
    const errors = [];
    // In waves, as a crowd of real clients would arrive, not all in one tick.
    for (let i = 0; i < m.sessions; i += 50) {
      const wave = await Promise.allSettled(Array.from({ length: Math.min(50, m.sessions - i) }, () => connect(m.url)));
      for (const r of wave) r.status === 'fulfilled' ? sessions.push(r.value) : errors.push(r.reason.message);
    }
    process.send({ type: 'opened', connected: sessions.length, errors });
  } else if (m.type === 'run') {
    const results = [];
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    await Promise.all(
      sessions.map(async (s, k) => {
        await new Promise((r) => setTimeout(r, (m.spreadMs * k) / sessions.length));
        for (let i = 0; i < m.rounds; i++) results.push(await generation(s, m, 60_000));
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    process.send({
      type: 'ran',
      cpuMs: (cpu.user + cpu.system) / 1000,
      elu: performance.eventLoopUtilization(elu0).utilization,
      generations: results.length,
      seen: results.flatMap((r) => r.seen),
      errors: results.filter((r) => r.error).map((r) => r.error),
      resets: results.reduce((n, r) => n + r.resets, 0),
      otherText: results.reduce((n, r) => n + r.otherText, 0),
      models: [...new Set(results.map((r) => r.model).filter(Boolean))],
    });
  } else if (m.type === 'shut') {
    for (const s of sessions) s.socket.disconnect();
    sessions = [];
    process.send({ type: 'shut' });
  } else if (m.type === 'exit') {
    process.exit(0);
  }
});
