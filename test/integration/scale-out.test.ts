// The README's scale-out shape, end to end: two app instances (recorder off in both) and two
// recorder worker processes (`npm run worker`) on one Redis and one Postgres. Live sessions move
// between the instances mid-flow, interactions are accepted by either instance, both workers share
// the writing, every interaction lands exactly once, and what was learned reads the same through
// either instance.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/http.ts';
import { countRows } from '../support/postgres.ts';
import { connectSession } from '../support/socket.ts';
import { waitFor } from '../support/wait.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SITUATIONS = [
  'My coworker keeps taking credit for my ideas in team meetings.',
  'My best friend cancelled on me again at the last minute.',
  'My partner keeps scrolling on their phone while I talk about my day.',
];
const RUN = `${process.pid}`;

interface Worker {
  child: ChildProcess;
  lines: string[];
}

/** `npm run worker` as its own process, logging JSON lines we can read its counters from. */
function startWorker(app: TestApp): Worker {
  const child = spawn(process.execPath, ['--no-regexp-tier-up', '--import', 'tsx', 'server/recorder/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: app.config.db.url,
      REDIS_URL: app.config.redis.url,
      REDIS_PREFIX: app.config.redis.prefix,
      RECORDER_BATCH_SIZE: '20',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const w: Worker = { child, lines: [] };
  let buf = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    w.lines.push(...parts);
  });
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[worker] ${d}`));
  return w;
}

const logged = (w: Worker, msg: string) =>
  w.lines
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return {};
      }
    })
    .find((o) => o.msg === msg);

let a: TestApp;
let b: TestApp;
let workers: Worker[] = [];

beforeAll(async () => {
  a = await startTestApp({ RECORDER_IN_PROCESS: 'false' });
  b = await startTestApp({
    RECORDER_IN_PROCESS: 'false',
    DATABASE_URL: a.config.db.url,
    REDIS_PREFIX: a.config.redis.prefix,
  });
  workers = [startWorker(a), startWorker(a)];
  await waitFor(() => workers.every((w) => logged(w, 'Calmly worker is running')), {
    timeoutMs: 30_000,
    what: 'two workers running',
  });
}, 60_000);

afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  await b?.close();
  await a?.close();
});

describe('two app instances and two recorder workers on one Redis and one Postgres', () => {
  it('live sessions move between instances mid-flow and their selections are written by the workers', async () => {
    const sessions = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const [first, second] = i % 2 ? [b, a] : [a, b];
        const userId = `user_so${RUN}_live${i}`;
        const one = await connectSession(first.baseUrl, { userId });
        await one.send('situation:submit', { situation: SITUATIONS[i % 3] });
        const ready = await one.until('ready');
        // The other instance takes the session over (through the Redis adapter and session store).
        const two = await connectSession(second.baseUrl, { userId, sessionId: one.ready.sessionId });
        expect(two.ready).toMatchObject({ resumed: true, sessionId: one.ready.sessionId });
        expect(two.ready.view.suggestions).toEqual(ready.suggestions);
        await two.send('suggestion:refine', { index: i % 3, adjustment: 'make it more assertive' });
        await two.until('ready');
        await two.send('suggestion:select', { index: i % 3 });
        const saved = await two.next('interaction:saved');
        one.close();
        two.close();
        return {
          userId,
          sessionId: one.ready.sessionId,
          interactionId: saved.interactionId as string,
          via: first === a ? 'a' : 'b',
        };
      }),
    );
    expect(new Set(sessions.map((s) => s.via))).toEqual(new Set(['a', 'b']));
    for (const s of sessions) {
      // Written by a worker (neither instance records): read back through the instance that did not start it.
      const reader = s.via === 'a' ? b : a;
      const row = await waitFor(() => reader.calmly.deps.repos.interactions.get(s.interactionId), {
        timeoutMs: 20_000,
        what: `row ${s.interactionId}`,
      });
      expect(row).toMatchObject({ userId: s.userId, sessionId: s.sessionId, refinementCount: 1 });
    }
  });

  it('interactions posted to either instance land once each, written by both workers, and read the same everywhere', async () => {
    const users = [0, 1, 2, 3].map((u) => `user_so${RUN}_rest${u}`);
    const total = 400;
    const ids = await Promise.all(
      Array.from({ length: total }, async (_, i) => {
        const res = await call(i % 2 ? b.baseUrl : a.baseUrl, 'POST', '/api/interactions', {
          userId: users[i % users.length],
          situationDescription: SITUATIONS[i % 3],
          detectedContext: (['work', 'friendship', 'relationship'] as const)[i % 3],
          selectedResponse: `Reply number ${i}, said calmly and clearly.`,
          selectedTone: i % 5 ? 'Calm and Professional' : 'Assertive and Direct',
          refinementCount: 0,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body.interactionId as string;
      }),
    );
    expect(new Set(ids).size).toBe(total);

    const count = () => countRows(a.calmly.deps.db('interactions').whereIn('user_id', users));
    await waitFor(async () => (await count()) === total, { timeoutMs: 30_000, what: `${total} rows` });
    const rows = await a.calmly.deps.db('interactions').whereIn('id', ids).select('id');
    expect(rows.length).toBe(total);

    for (const userId of users) {
      const fromA = await call(a.baseUrl, 'GET', `/api/history?userId=${userId}&pageSize=1`);
      const fromB = await call(b.baseUrl, 'GET', `/api/history?userId=${userId}&pageSize=1`);
      expect(fromA.status).toBe(200);
      expect(fromB.body.patterns).toEqual(fromA.body.patterns);
      const learned = Object.values(fromA.body.patterns.toneByContext as Record<string, { total: number }>).reduce(
        (n, p) => n + p.total,
        0,
      );
      expect(learned).toBe(total / users.length);
    }

    // Both workers took part: each reports what it processed when it stops.
    for (const w of workers) w.child.kill('SIGTERM');
    await waitFor(() => workers.every((w) => logged(w, 'worker shutting down')), {
      timeoutMs: 20_000,
      what: 'workers stopped',
    });
    const processed = workers.map((w) => logged(w, 'worker shutting down').metrics.processed as number);
    expect(
      processed.every((n) => n > 0),
      `processed per worker: ${processed}`,
    ).toBe(true);
    expect(processed.reduce((x, y) => x + y, 0)).toBe(total + 6);
  });
});
