// Live-session load over WebSocket. k6 has no Socket.IO client, so this speaks Engine.IO v4 and the
// Socket.IO protocol v5 directly:
//   server → "0{...}"            Engine.IO open (sid, pingInterval)
//   client → "40{auth}"          Socket.IO connect to "/" with the handshake auth ({ userId })
//   server → "40{sid}"           connected; then 42["session:ready", {...}]
//   client → "42<ack>[event, payload]"  an event with an acknowledgement id
//   server → "43<ack>[{ok,...}]"       the acknowledgement
//   server → "2" / client → "3"  Engine.IO ping / pong
// Each VU runs the full flow: connect → situation:submit → three suggestion:done → suggestion:select
// → interaction:saved. Thresholds: failures under 1%, p95 per step.
//   k6 run -e BASE_URL=http://localhost:3000 -e VUS=200 -e ITERATIONS=400 loadtest/session.js
import ws from 'k6/ws';
import { check } from 'k6';
import { Trend, Rate, Counter } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://localhost:3000';
const WS_URL = `${BASE_URL.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
const VUS = Number(__ENV.VUS || 20);
const ITERATIONS = Number(__ENV.ITERATIONS || VUS * 2);
const STEP_TIMEOUT_MS = Number(__ENV.STEP_TIMEOUT_MS || 30000);

const connectMs = new Trend('session_connect_ms', true);
const suggestionsMs = new Trend('session_submit_to_suggestions_ms', true);
const savedMs = new Trend('session_select_to_saved_ms', true);
const failed = new Rate('session_failed');
const errors = new Counter('session_errors');

export const options = {
  scenarios: {
    flow: { executor: 'shared-iterations', vus: VUS, iterations: ITERATIONS, maxDuration: __ENV.MAX_DURATION || '5m' },
  },
  thresholds: {
    session_failed: ['rate<0.01'],
    session_connect_ms: [`p(95)<${Number(__ENV.P95_CONNECT_MS || 500)}`],
    session_submit_to_suggestions_ms: [`p(95)<${Number(__ENV.P95_SUGGESTIONS_MS || 2000)}`],
    session_select_to_saved_ms: [`p(95)<${Number(__ENV.P95_SAVED_MS || 500)}`],
  },
};

const situations = [
  'My coworker keeps taking credit for my ideas in team meetings.',
  'My best friend cancelled on me again at the last minute.',
  'My partner keeps scrolling on their phone while I am talking about my day.',
  'My roommate never does the dishes and leaves them for days.',
];

export default function () {
  const userId = `user_k6s_${__VU}_${__ITER}`;
  const situation = situations[(__VU + __ITER) % situations.length];
  let step = 'connect';
  let t0 = Date.now();
  let done = 0;
  let ok = false;
  const res = ws.connect(WS_URL, {}, (socket) => {
    socket.on('message', (msg) => {
      if (msg === '2') return socket.send('3');
      if (msg.startsWith('0'))
        return socket.send(`40${JSON.stringify({ userId, ...(__ENV.TOKEN ? { token: __ENV.TOKEN } : {}) })}`);
      if (msg.startsWith('44')) {
        errors.add(1);
        return socket.close();
      }
      if (!msg.startsWith('42')) return;
      const [event, payload] = JSON.parse(msg.slice(2));
      if (event === 'session:ready' && step === 'connect') {
        connectMs.add(Date.now() - t0);
        step = 'suggestions';
        t0 = Date.now();
        socket.send(`420${JSON.stringify(['situation:submit', { situation }])}`);
      } else if (event === 'suggestion:done' && step === 'suggestions' && ++done === 3) {
        suggestionsMs.add(Date.now() - t0);
        step = 'saved';
        t0 = Date.now();
        socket.send(`421${JSON.stringify(['suggestion:select', { index: 0 }])}`);
      } else if (event === 'interaction:saved' && step === 'saved') {
        savedMs.add(Date.now() - t0);
        ok = Boolean(payload?.interactionId);
        socket.close();
      } else if (event === 'session:error') {
        errors.add(1);
        socket.close();
      }
    });
    socket.setTimeout(() => socket.close(), STEP_TIMEOUT_MS);
  });
  check(res, { 'websocket upgraded (101)': (r) => r && r.status === 101 });
  check(ok, { 'full flow completed': (v) => v === true });
  failed.add(!ok);
}
