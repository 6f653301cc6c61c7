// GET /metrics in Prometheus text format, with the numbers moving as the app is used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { connectSession } from '../support/socket.ts';
import { waitFor } from '../support/wait.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ RATE_LIMIT_ENABLED: 'false' });
});
afterAll(() => app?.close());

async function scrape(): Promise<string> {
  const res = await fetch(`${app.baseUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}
const value = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.slice(series.length).trim()) : NaN;
};

describe('GET /metrics', () => {
  it('counts requests per route pattern and times them', async () => {
    for (let i = 0; i < 3; i++) {
      await fetch(`${app.baseUrl}/api/analyze`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ situation: 'My coworker keeps taking credit for my ideas.' }),
      });
    }
    await fetch(`${app.baseUrl}/api/users/user_m1/export`);
    const text = await scrape();
    expect(
      value(text, 'calmly_http_requests_total{method="POST",route="/api/analyze",status="200",app="calmly"}'),
    ).toBe(3);
    // The pattern, not the raw path: user ids never become labels.
    expect(text).toContain('route="/api/users/:userId/export"');
    expect(text).not.toContain('user_m1');
    expect(
      value(text, 'calmly_http_request_duration_seconds_count{app="calmly",method="POST",route="/api/analyze"}'),
    ).toBe(3);
  });

  it('shows live sessions, the queue and the recorder', async () => {
    const c = await connectSession(app.baseUrl, { userId: 'user_m2' });
    try {
      await waitFor(async () => value(await scrape(), 'calmly_live_sessions{app="calmly"}') === 1, {
        what: 'one live session',
      });
      await c.send('situation:submit', { situation: 'My best friend cancelled on me again.' });
      await c.until('ready');
      await c.send('suggestion:select', { index: 0 });
      await c.next('interaction:saved');
      await waitFor(
        async () => value(await scrape(), 'calmly_recorder_processed{outcome="written",app="calmly"}') >= 1,
        { what: 'the recorder count' },
      );
      const text = await scrape();
      expect(value(text, 'calmly_queue_entries{state="dead",app="calmly"}')).toBe(0);
      expect(text).toContain('calmly_recorder_lag_seconds{quantile="0.99",app="calmly"}');
      expect(text).toContain('calmly_generations_in_flight');
    } finally {
      c.close();
    }
    await waitFor(async () => value(await scrape(), 'calmly_live_sessions{app="calmly"}') === 0, {
      what: 'no live session',
    });
  });
});
