// What one live-session flow costs Redis: the commands carrying this app's keys from connect to
// `interaction:saved` (the recorder runs elsewhere, so its polling does not count), read with
// MONITOR; commands a script runs inside Redis are not counted (the script call is). The bound keeps
// round trips per flow from creeping back up (issue 19).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { connectSession } from '../support/socket.ts';
import { waitFor } from '../support/wait.ts';

/** Commands one full flow may send. */
const BOUND = 13;

let app: TestApp;
let monitor: { destroy(): void } | undefined;
const seen: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ RECORDER_IN_PROCESS: 'false' });
  const m = app.calmly.deps.redis.duplicate();
  await m.connect();
  const prefix = `"${app.config.redis.prefix}:`;
  const scenarios = `"${app.config.redis.prefix}:scenarios:`;
  await m.monitor((line: string) => {
    // What a script does inside Redis shows as "[0 lua]": one EVALSHA is one round trip. Two readers
    // run per instance however many flows there are, so they are not a cost per flow: the scenario
    // library's revision check (at most once a second) and the Socket.IO adapter's blocking XREAD.
    if (!line.includes(prefix) || line.includes(' lua]')) return;
    if (line.includes(scenarios) || line.includes('] "XREAD" ') || line.includes('] "xread" ')) return;
    seen.push(line);
  });
  monitor = m;
});
afterAll(async () => {
  monitor?.destroy();
  await app?.close();
});

async function flow(userId: string): Promise<void> {
  const c = await connectSession(app.baseUrl, { userId });
  try {
    expect(
      await c.send('situation:submit', { situation: 'My coworker keeps taking credit for my ideas in meetings.' }),
    ).toMatchObject({ ok: true });
    await c.until('ready');
    expect(await c.send('suggestion:select', { index: 0 })).toMatchObject({ ok: true });
    await c.next('interaction:saved');
  } finally {
    c.close();
  }
}

/** Resolves once no command of this app has reached Redis for 200 ms. */
const quiet = () =>
  waitFor(
    async () => {
      const n = seen.length;
      await new Promise((r) => setTimeout(r, 200));
      return seen.length === n;
    },
    { what: 'Redis to go quiet' },
  );

describe('Redis commands per live-session flow', () => {
  it(`one flow (connect, submit, three suggestions, select, saved) sends at most ${BOUND}`, async () => {
    await flow('user_warm'); // first use: scripts loaded, keys created
    await quiet(); // the disconnect's own commands land after it
    // Past the once-a-second checks of the warm-up, so the counted flow meets them too.
    await new Promise((r) => setTimeout(r, 1100));
    seen.length = 0;
    await flow('user_counted');
    await quiet();
    const byCommand = new Map<string, number>();
    for (const line of seen) {
      const name = /\] "([A-Za-z.]+)"/.exec(line)?.[1]?.toUpperCase() ?? '?';
      byCommand.set(name, (byCommand.get(name) ?? 0) + 1);
    }
    const breakdown = [...byCommand]
      .sort((a, b) => b[1] - a[1])
      .map(([c, n]) => `${c} ${n}`)
      .join(', ');
    expect(seen.length, breakdown).toBeLessThanOrEqual(BOUND);
  });
});
