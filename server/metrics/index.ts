// Prometheus metrics (GET /metrics): request rate and latency per route, live sessions, generations
// in flight per model endpoint, the interaction queue (depth, pending, dead letters, recorder lag).
// One registry per app instance (tests run several in one process); gauges that mirror state are
// read when scraped, never kept up to date by hand.
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Ports } from '../ports.ts';

export interface Metrics {
  registry: Registry;
  /** Express middleware timing every request by its route pattern (not the raw path: bounded labels). */
  http: RequestHandler;
  /** GET /metrics */
  handler: RequestHandler;
  /** Live sessions come from the Socket.IO gateway, attached after the HTTP app is built. */
  setLiveSessions(read: () => number): void;
}

export function createMetrics(deps: Ports): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'calmly' });
  collectDefaultMetrics({ register: registry });
  let liveSessions: () => number = () => 0;

  const requests = new Counter({
    name: 'calmly_http_requests_total',
    help: 'HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'calmly_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'calmly_live_sessions',
    help: 'Live sessions (connected Socket.IO sessions with a running machine) on this instance.',
    registers: [registry],
    collect() {
      this.set(liveSessions());
    },
  });
  new Gauge({
    name: 'calmly_generations_in_flight',
    help: 'Upstream model requests in flight, per endpoint (a generation makes three or four).',
    labelNames: ['provider', 'endpoint', 'model'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const stats = deps.model.stats();
      for (const e of stats.endpoints)
        this.set({ provider: stats.provider, endpoint: e.name, model: e.model }, e.inFlight);
    },
  });
  new Gauge({
    name: 'calmly_ai_builtin_fallbacks',
    help: 'Answers the built-in coach served because no model endpoint could (since start).',
    registers: [registry],
    collect() {
      this.set(deps.model.stats().builtinFallbacks);
    },
  });
  const queue = new Gauge({
    name: 'calmly_queue_entries',
    help: 'Interaction stream: entries in the stream, pending (delivered, not yet acknowledged), dead-lettered.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      try {
        const d = await deps.queue.depth();
        queue.set({ state: 'stream' }, d.length);
        queue.set({ state: 'pending' }, d.pending);
        queue.set({ state: 'dead' }, d.dead);
      } catch {
        // Redis down: /health says so; the scrape still answers with what it has.
      }
    },
  });
  new Gauge({
    name: 'calmly_recorder_lag_seconds',
    help: 'In-process recorder: time from an interaction being saved to its row being written (recent window).',
    labelNames: ['quantile'] as const,
    registers: [registry],
    collect() {
      const m = deps.recorder?.metrics();
      if (!m) return;
      this.set({ quantile: '0.5' }, m.lagMs.p50 / 1000);
      this.set({ quantile: '0.99' }, m.lagMs.p99 / 1000);
    },
  });
  new Gauge({
    name: 'calmly_recorder_processed',
    help: 'In-process recorder: interactions written, and moved to the dead-letter stream, since start.',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      const m = deps.recorder?.metrics();
      if (!m) return;
      this.set({ outcome: 'written' }, m.processed);
      this.set({ outcome: 'dead_lettered' }, m.deadLettered);
    },
  });

  return {
    registry,
    http(req, res, next) {
      const end = duration.startTimer();
      res.on('finish', () => {
        // The matched pattern (/api/users/:userId/export), never the raw URL; unmatched requests are one label.
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        const labels = { method: req.method, route };
        end(labels);
        requests.inc({ ...labels, status: String(res.statusCode) });
      });
      next();
    },
    async handler(_req, res) {
      res.setHeader('Content-Type', registry.contentType);
      res.send(await registry.metrics());
    },
    setLiveSessions(read) {
      liveSessions = read;
    },
  };
}
