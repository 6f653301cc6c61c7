// Routing over real HTTP with two stand-in endpoints: failover before the first token, burst
// routing by in-flight requests, mid-stream failure (reset + retry elsewhere), the circuit
// breaker with a virtual clock, the built-in fallback, and 503 ai_unavailable.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectGeneration, collectRefinement, type CoachEvent } from '../../server/ai/index.ts';
import { AppError } from '../../server/errors.ts';
import { startStandin, type Standin } from '../support/openai-standin.ts';
import { SITUATION, collectTimed, deadBaseURL, makeCoach, ofType, spelled } from '../support/ai.ts';

let primary: Standin;
let burst: Standin;
let dead: string;
beforeAll(async () => {
  [primary, burst, dead] = await Promise.all([startStandin(), startStandin(), deadBaseURL()]);
});
afterAll(async () => {
  await Promise.all([primary.close(), burst.close()]);
});
beforeEach(() => {
  for (const s of [primary, burst]) {
    s.reset();
    s.script(undefined);
    s.options.defaults = undefined;
  }
});

const run = async (coach: ReturnType<typeof makeCoach>, input = { situation: SITUATION, context: 'work' as const }) =>
  (await collectTimed(coach.generate(input))).map((t) => t.e);
const suggestionModels = (ev: CoachEvent[]) => ofType(ev, 'suggestion').map((s) => s.model);

describe('failover before the first token', () => {
  it.each([
    ['HTTP 500', { status: 500 }],
    ['HTTP 503', { status: 503 }],
    ['HTTP 429', { status: 429 }],
    ['connection dropped before headers', { dropAfterTokens: 0 }],
    ['timeout before the first token', { firstTokenDelayMs: 2_000 }],
  ])('%s on the primary → the burst endpoint answers', async (_, reply) => {
    primary.script(() => reply);
    const coach = makeCoach({ primary: primary.baseURL, burst: burst.baseURL, timeoutMs: 300 });
    const ev = await run(coach);
    expect(suggestionModels(ev)).toEqual(['burst-model', 'burst-model', 'burst-model']);
    expect(ofType(ev, 'reset')).toHaveLength(0);
    expect(primary.byKind('variant')).toHaveLength(3);
    expect(burst.byKind('variant')).toHaveLength(3);
    expect(ofType(ev, 'done')[0]?.model).toBe('burst-model');
  });

  it('connection refused on the primary → the burst endpoint answers analyze and refine too', async () => {
    const coach = makeCoach({ primary: dead, burst: burst.baseURL });
    expect(await coach.analyze({ situation: SITUATION })).toMatchObject({ source: 'ai', model: 'burst-model' });
    const r = await collectRefinement(
      coach.refine({ responseId: 'resp_1', originalText: 'Could we talk about it?', adjustment: 'firmer' }),
    );
    expect(r.model).toBe('burst-model');
  });
});

describe('burst routing', () => {
  it('sends new requests to the burst endpoint while the primary carries the threshold in flight', async () => {
    primary.options.defaults = { tokenDelayMs: 10 };
    const coach = makeCoach({ primary: primary.baseURL, burst: burst.baseURL, burstThreshold: 2 });
    const ev = await run(coach);
    // three parallel variants: two fill the primary, the third goes to burst
    expect(primary.byKind('variant')).toHaveLength(2);
    expect(burst.byKind('variant')).toHaveLength(1);
    expect(suggestionModels(ev).sort()).toEqual(['burst-model', 'primary-model', 'primary-model']);
    // once the primary is idle again, it takes new requests first
    primary.reset();
    burst.reset();
    await collectRefinement(
      coach.refine({ responseId: 'resp_1', originalText: 'Could we talk about it?', adjustment: 'firmer' }),
    );
    expect(primary.requests).toHaveLength(1);
    expect(burst.requests).toHaveLength(0);
  });

  it('spreads concurrent generations: the primary never carries more than the threshold', async () => {
    primary.options.defaults = { tokenDelayMs: 5 };
    burst.options.defaults = { tokenDelayMs: 5 };
    const coach = makeCoach({ primary: primary.baseURL, burst: burst.baseURL, burstThreshold: 4 });
    let maxPrimary = 0;
    const timer = setInterval(() => (maxPrimary = Math.max(maxPrimary, primary.openRequests())), 1);
    await Promise.all(
      Array.from({ length: 5 }, () => collectGeneration(coach.generate({ situation: SITUATION, context: 'work' }))),
    );
    clearInterval(timer);
    expect(maxPrimary).toBeLessThanOrEqual(4);
    expect(primary.byKind('variant').length + burst.byKind('variant').length).toBe(15);
    expect(burst.byKind('variant').length).toBeGreaterThanOrEqual(11);
    expect(coach.stats().endpoints.map((e) => e.inFlight)).toEqual([0, 0]);
  });
});

describe('failure after tokens were streamed', () => {
  it('resets the variant and retries it on the other endpoint', async () => {
    // Late enough that some tokens passed the hold-back (the last six words stay held until decided).
    primary.script((r) => (r.tone === 'Empathetic' ? { dropAfterTokens: 14, tokenDelayMs: 2 } : undefined));
    const coach = makeCoach({ primary: primary.baseURL, burst: burst.baseURL });
    const ev = await run(coach);
    const resetAt = ev.findIndex((e) => e.type === 'reset');
    expect(ev[resetAt]).toMatchObject({ type: 'reset', responseId: 'resp_2' });
    // tokens of resp_2 were shown before the reset
    expect(
      ev.slice(0, resetAt).filter((e) => e.type === 'token' && e.responseId === 'resp_2').length,
    ).toBeGreaterThanOrEqual(1);
    const s2 = ofType(ev, 'suggestion').find((s) => s.suggestion.id === 'resp_2')!;
    expect(s2.model).toBe('burst-model');
    expect(spelled(ev).get('resp_2')).toBe(s2.suggestion.text);
    expect(ofType(ev, 'done')[0]?.model).toBe('primary-model+burst-model');
  });

  it('a malformed chunk mid-stream, twice and with no burst endpoint → the built-in variant', async () => {
    primary.script((r) => (r.tone === 'Empathetic' ? { malformedAfterTokens: 12 } : undefined));
    const coach = makeCoach({ primary: primary.baseURL });
    const ev = await run(coach);
    expect(ofType(ev, 'reset').map((r) => r.responseId)).toEqual(['resp_2', 'resp_2']);
    const s2 = ofType(ev, 'suggestion').find((s) => s.suggestion.id === 'resp_2')!;
    expect(s2.model).toBe('calmly-builtin-coach');
    expect(spelled(ev).get('resp_2')).toBe(s2.suggestion.text);
  });
});

describe('circuit breaker', () => {
  it('stops calling a dead primary, probes it after the cool-down, and closes when it answers', async () => {
    let t = 0;
    const coach = makeCoach({
      primary: primary.baseURL,
      burst: burst.baseURL,
      breaker: { failureThreshold: 2, cooldownMs: 10_000, now: () => t },
    });
    primary.script(() => ({ status: 500 }));
    await run(coach);
    // three variants each tried the primary first; the breaker opened after two failures
    // (the third had been sent before it opened)
    const afterFirst = primary.requests.length;
    expect(afterFirst).toBe(3);
    expect(coach.stats().endpoints[0]?.breaker).toBe('open');
    const ev = await run(coach);
    expect(primary.requests.length).toBe(afterFirst); // skipped while open
    expect(suggestionModels(ev)).toEqual(['burst-model', 'burst-model', 'burst-model']);

    // after the cool-down exactly one request probes the primary; it is healthy again
    primary.script(undefined);
    primary.options.defaults = { tokenDelayMs: 5 };
    t = 10_000;
    expect(coach.stats().endpoints[0]?.breaker).toBe('half_open');
    const probeRun = await run(coach);
    expect(primary.requests.length).toBe(afterFirst + 1);
    expect(suggestionModels(probeRun).filter((m) => m === 'primary-model')).toHaveLength(1);
    expect(coach.stats().endpoints[0]?.breaker).toBe('closed');
    await run(coach);
    expect(primary.requests.length).toBe(afterFirst + 4);
  });

  it('a failed probe keeps the breaker open for another cool-down', async () => {
    let t = 0;
    const coach = makeCoach({
      primary: primary.baseURL,
      burst: burst.baseURL,
      breaker: { failureThreshold: 1, cooldownMs: 1_000, now: () => t },
    });
    primary.script(() => ({ status: 503 }));
    await coach.analyze({ situation: SITUATION });
    expect(coach.stats().endpoints[0]?.breaker).toBe('open');
    t = 1_000;
    await coach.analyze({ situation: SITUATION }); // the probe fails → burst answers
    expect(primary.requests).toHaveLength(2);
    expect(coach.stats().endpoints[0]?.breaker).toBe('open');
    await coach.analyze({ situation: SITUATION });
    expect(primary.requests).toHaveLength(2);
  });
});

describe('when no endpoint can answer', () => {
  it('the built-in coach answers with AI_FALLBACK=builtin, and says so', async () => {
    const coach = makeCoach({ primary: dead });
    const r = await collectGeneration(coach.generate({ situation: SITUATION }));
    expect(r.model).toBe('calmly-builtin-coach');
    expect(r.analysisSource).toBe('builtin');
    expect(r.responses).toHaveLength(3);
    expect(r.notes.join(' ')).toMatch(/AI model was unavailable/);
    expect(await coach.analyze({ situation: SITUATION })).toMatchObject({ source: 'builtin' });
    const refined = await collectRefinement(
      coach.refine({ responseId: 'resp_1', originalText: 'Could we maybe talk?', adjustment: 'more assertive' }),
    );
    expect(refined.model).toBe('calmly-builtin-coach');
  });

  it('503 ai_unavailable with AI_FALLBACK=none (generate, analyze, refine)', async () => {
    primary.script(() => ({ status: 500 }));
    const coach = makeCoach({ primary: primary.baseURL, burst: dead, fallback: 'none' });
    const expect503 = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'ai_unavailable', status: 503 });
    };
    await expect503(collectGeneration(coach.generate({ situation: SITUATION })));
    await expect503(coach.analyze({ situation: SITUATION }));
    await expect503(
      collectRefinement(
        coach.refine({ responseId: 'resp_1', originalText: 'Could we maybe talk?', adjustment: 'more assertive' }),
      ),
    );
    expect(coach.stats().endpoints.map((e) => e.inFlight)).toEqual([0, 0]);
  });
});
