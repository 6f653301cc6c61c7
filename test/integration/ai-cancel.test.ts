// Cancellation: the caller's AbortSignal (client gone, cancel) or a consumer that stops reading
// closes every upstream request at once; the stand-in observes the closed connections.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import type { CoachEvent } from '../../server/ai/index.ts';
import { startStandin, type Standin } from '../support/openai-standin.ts';
import { SITUATION, makeCoach } from '../support/ai.ts';
import { waitFor } from '../support/wait.ts';

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin();
});
afterAll(() => standin.close());
beforeEach(() => {
  standin.reset();
  standin.script(undefined);
  standin.options.defaults = undefined;
});

/** Waits (polling every 2 ms) until the stand-in saw `n` requests closed early; returns the latest close time. */
async function closedWithin(n: number, ms: number): Promise<number> {
  await waitFor(() => standin.requests.filter((r) => r.closedEarly).length >= n, {
    timeoutMs: ms,
    intervalMs: 2,
    what: `${n} upstream requests closed`,
  });
  return Math.max(...standin.requests.filter((r) => r.closedEarly).map((r) => r.closedAt!));
}

describe('cancellation', () => {
  it('aborting the signal mid-stream closes all upstream streams within 100 ms and ends the iteration with an AbortError', async () => {
    standin.options.defaults = { tokenDelayMs: 20 }; // ~1 s per variant
    const coach = makeCoach({ primary: standin.baseURL });
    const ac = new AbortController();
    const seen = new Set<string>();
    let abortedAt = 0;
    const err = await (async () => {
      for await (const e of coach.generate({ situation: SITUATION }, ac.signal)) {
        if (e.type === 'token') seen.add(e.responseId);
        if (seen.size === 3 && !abortedAt) {
          abortedAt = performance.now();
          ac.abort();
        }
      }
    })().then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as Error)?.name).toBe('AbortError');
    // three variant streams (and the analysis, if still open) closed by us, promptly
    const lastClose = await closedWithin(3, 1_000);
    expect(lastClose - abortedAt).toBeLessThan(100);
    const variants = standin.byKind('variant');
    expect(variants.every((r) => r.closedEarly && r.endedAt === undefined)).toBe(true);
    expect(coach.stats().endpoints[0]?.inFlight).toBe(0);
    // a cancel is not an endpoint failure
    expect(coach.stats().endpoints[0]).toMatchObject({ failures: 0, breaker: 'closed' });
  });

  it('a consumer that stops reading (break) closes the upstream streams', async () => {
    standin.options.defaults = { tokenDelayMs: 20 };
    const coach = makeCoach({ primary: standin.baseURL });
    const started = performance.now();
    for await (const e of coach.generate({ situation: SITUATION, context: 'work' })) {
      if (e.type === 'token') break;
    }
    const lastClose = await closedWithin(3, 1_000);
    expect(lastClose - started).toBeLessThan(1_000);
    expect(standin.byKind('variant').every((r) => r.closedEarly)).toBe(true);
  });

  it('aborting before the first token (endpoint still thinking) closes the requests and skips any fallback', async () => {
    standin.options.defaults = { hang: true };
    const coach = makeCoach({ primary: standin.baseURL });
    const ac = new AbortController();
    const events: CoachEvent[] = [];
    const done = (async () => {
      for await (const e of coach.generate({ situation: SITUATION }, ac.signal)) events.push(e);
    })().then(
      () => null,
      (e: unknown) => e,
    );
    await waitFor(() => standin.requests.length === 4, {
      timeoutMs: 2_000,
      intervalMs: 2,
      what: '4 requests received',
    });
    const abortedAt = performance.now();
    ac.abort();
    expect(((await done) as Error).name).toBe('AbortError');
    expect((await closedWithin(4, 1_000)) - abortedAt).toBeLessThan(100);
    expect(events.filter((e) => e.type === 'suggestion')).toHaveLength(0);
  });

  it('aborting analyze and refine reaches the stand-in too', async () => {
    standin.options.defaults = { hang: true };
    const coach = makeCoach({ primary: standin.baseURL });
    const ac1 = new AbortController();
    const a = coach.analyze({ situation: SITUATION }, ac1.signal).then(
      () => null,
      (e: unknown) => e,
    );
    await waitFor(() => standin.requests.length === 1, { intervalMs: 2 });
    ac1.abort();
    expect(((await a) as Error).name).toBe('AbortError');
    await closedWithin(1, 500);

    const ac2 = new AbortController();
    const r = (async () => {
      for await (const _ of coach.refine(
        { responseId: 'resp_1', originalText: 'Could we talk?', adjustment: 'firmer' },
        ac2.signal,
      ))
        void _;
    })().then(
      () => null,
      (e: unknown) => e,
    );
    await waitFor(() => standin.requests.length === 2, { intervalMs: 2 });
    ac2.abort();
    expect(((await r) as Error).name).toBe('AbortError');
    await closedWithin(2, 500);
  });
});
