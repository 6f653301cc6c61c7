// The load generator for HTTP benchmarks, in a worker thread of its own (its own event loop, as a
// real client would be): closed loop (`concurrency` clients back to back) or open loop (a constant
// arrival rate; each request's time counts from when it was due, so stalls are not hidden). node:http
// with a keep-alive agent: much lighter per request than fetch, so the client does not steal the CPU
// the server needs on a small machine.
import { Worker } from 'node:worker_threads';

// Plain JS so the worker needs no TypeScript loader. Times are epoch milliseconds with sub-ms precision.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const http = require('node:http');
const { url, count, concurrency, rate, idField, expectStatus } = workerData;
const body = eval(workerData.body);
const now = () => performance.timeOrigin + performance.now();
const sent = [];
const lat = [];
const statuses = {};
let next = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: rate ? 128 : concurrency });
const target = new URL(url);
function post(payload) {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}
async function one(i, start) {
  const res = await post(body(i));
  statuses[res.status] = (statuses[res.status] || 0) + 1;
  if (res.status !== expectStatus) throw new Error('POST failed: ' + res.status + ' ' + JSON.stringify(res.body).slice(0, 300));
  lat.push(now() - start);
  if (idField) sent.push([res.body[idField], start]);
}
async function client() {
  while (next < count) await one(next++, now());
}
async function openLoop() {
  const t0 = now();
  const inflight = [];
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(one(i, due));
  }
  await Promise.all(inflight);
}
const t0 = now();
(rate ? openLoop() : Promise.all(Array.from({ length: concurrency }, client))).then(
  () => parentPort.postMessage({ sent, latencies: lat, statuses, elapsedMs: now() - t0 }),
  (err) => parentPort.postMessage({ error: String(err && err.message || err) }),
);
`;

export interface HttpLoadResult {
  /** [id from the response's idField, when the request started] */
  sent: Array<[string, number]>;
  latencies: number[];
  statuses: Record<string, number>;
  elapsedMs: number;
}

export function httpLoad(opts: {
  url: string;
  count: number;
  concurrency?: number;
  rate?: number;
  /** JS source of `(i) => string`, the body of request i. */
  body: string;
  idField?: string;
  expectStatus?: number;
}): Promise<HttpLoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(CLIENT, { eval: true, workerData: { concurrency: 32, expectStatus: 200, ...opts } });
    w.once('message', (m: HttpLoadResult & { error?: string }) => {
      void w.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    w.once('error', reject);
  });
}
