// Socket.IO clients for the live-session benchmarks, in a process of their own (so the server's
// memory and CPU are measured apart from theirs). Started with fork(); one message in:
//   { url, sessions, mode: 'flow' | 'idle', situations }
// flow: every session connects, then all submit at once and run the full flow (submit → three
//       suggestions done → select → saved); replies { type: 'flow', latencies, errors, ... }.
// idle: every session connects and stays; replies { type: 'connected', ... } and waits for 'close'.
import { io } from 'socket.io-client';
import { performance } from 'node:perf_hooks';

function connect(url, auth) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
    socket.once('session:ready', (ready) => resolve({ socket, ready }));
    socket.once('connect_error', (err) => reject(new Error(`connect_error: ${err.message}`)));
  });
}

async function connectAll(url, n, tag) {
  const out = [];
  const errors = [];
  // In waves, as a crowd of real clients would arrive over a second or two rather than in one tick.
  for (let i = 0; i < n; i += 200) {
    const wave = await Promise.allSettled(
      Array.from({ length: Math.min(200, n - i) }, (_, j) => connect(url, { userId: `user_${tag}_${i + j}` })),
    );
    for (const r of wave) r.status === 'fulfilled' ? out.push(r.value) : errors.push(r.reason.message);
  }
  return { sessions: out, errors };
}

function flow({ socket }, situation, timeoutMs) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let done = 0;
    let suggestionsAt = 0;
    const timer = setTimeout(() => resolve({ error: `timeout (${done} suggestions done)` }), timeoutMs);
    socket.on('session:error', (e) => {
      clearTimeout(timer);
      resolve({ error: `${e.code}: ${e.message}` });
    });
    socket.on('suggestion:done', () => {
      if (++done === 3) {
        suggestionsAt = performance.now();
        socket.emit('suggestion:select', { index: 0 });
      }
    });
    socket.on('interaction:saved', () => {
      clearTimeout(timer);
      resolve({ suggestionsMs: suggestionsAt - t0, savedMs: performance.now() - t0 });
    });
    socket.emit('situation:submit', { situation });
  });
}

process.once('message', async ({ url, sessions, mode, situations }) => {
  const tag = Math.random().toString(36).slice(2, 8);
  const t0 = performance.now();
  const { sessions: conns, errors } = await connectAll(url, sessions, tag);
  const connectMs = performance.now() - t0;
  if (mode === 'idle') {
    process.send({ type: 'connected', connected: conns.length, errors, connectMs });
    process.once('message', () => {
      for (const c of conns) c.socket.disconnect();
      process.exit(0);
    });
    return;
  }
  const results = await Promise.all(conns.map((c, i) => flow(c, situations[i % situations.length], 120_000)));
  for (const c of conns) c.socket.disconnect();
  process.send({
    type: 'flow',
    connected: conns.length,
    connectMs,
    errors: [...errors, ...results.filter((r) => r.error).map((r) => r.error)],
    suggestionsMs: results.filter((r) => !r.error).map((r) => r.suggestionsMs),
    savedMs: results.filter((r) => !r.error).map((r) => r.savedMs),
  });
  process.exit(0);
});
