import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, waitFor } from 'xstate';
import {
  initialView,
  keptText,
  sessionMachine,
  stateName,
  toView,
  type ActorEvent,
  type GenerateActorInput,
  type RefineActorInput,
  type SelectActorInput,
  type SessionEvent,
  upgradeSnapshot,
} from '../../machines/session.ts';
import { MAX_VERSIONS } from '../../machines/protocol.ts';
import type { Analysis, Suggestion } from '../../machines/domain/types.ts';

const analysis: Analysis = {
  context: 'work',
  confidence: 0.9,
  emotionalTone: 'frustrated',
  keyElements: ['credit'],
  safety: { flag: false, category: null },
};
const suggestion = (i: number): Suggestion => ({
  id: `resp_${i}`,
  tone: ['Calm', 'Warm', 'Direct'][i] ?? `Tone ${i}`,
  text: `reply ${i}`,
  explanation: `why ${i}`,
});

/** Stub actors that record what they were given and let the test drive them. */
function harness(
  opts: {
    /** partial: the analysis and the third suggestion, then nothing more (a stop comes mid-stream). */
    generate?: 'complete' | 'hang' | 'partial' | 'fail' | 'throw';
    refine?: 'complete' | 'hang' | 'fail';
    select?: 'ok' | 'fail';
  } = {},
) {
  const calls = {
    generate: [] as GenerateActorInput[],
    refine: [] as RefineActorInput[],
    select: [] as SelectActorInput[],
    end: 0,
    stopped: 0,
  };
  const machine = sessionMachine.provide({
    actors: {
      generate: fromCallback<ActorEvent, GenerateActorInput>(({ input, sendBack }) => {
        calls.generate.push(input);
        const mode = opts.generate ?? 'complete';
        if (mode === 'throw') throw new Error('boom');
        const t = setTimeout(() => {
          if (mode === 'fail')
            return sendBack({ type: 'GEN.FAILED', error: { code: 'ai_unavailable', message: 'no model' } });
          if (mode === 'hang') return;
          sendBack({ type: 'GEN.ANALYSIS', analysis });
          if (mode === 'partial') return sendBack({ type: 'GEN.SUGGESTION', index: 2, suggestion: suggestion(2) });
          for (const i of [2, 0, 1]) sendBack({ type: 'GEN.SUGGESTION', index: i, suggestion: suggestion(i) });
          sendBack({ type: 'GEN.DONE', model: 'calmly-builtin-coach' });
        }, 1);
        return () => {
          clearTimeout(t);
          calls.stopped++;
        };
      }),
      refine: fromCallback<ActorEvent, RefineActorInput>(({ input, sendBack }) => {
        calls.refine.push(input);
        const mode = opts.refine ?? 'complete';
        const t = setTimeout(() => {
          if (mode === 'fail')
            return sendBack({ type: 'REF.FAILED', error: { code: 'unsupported_adjustment', message: 'cannot' } });
          if (mode === 'hang') return;
          sendBack({
            type: 'REF.DONE',
            refined: {
              id: `${input.suggestion.id}_refined`,
              tone: input.suggestion.tone,
              text: 'firmer reply',
              changes: ['firmer'],
            },
          });
        }, 1);
        return () => {
          clearTimeout(t);
          calls.stopped++;
        };
      }),
      select: fromPromise<{ interactionId: string }, SelectActorInput>(async ({ input }) => {
        calls.select.push(input);
        if (opts.select === 'fail') throw Object.assign(new Error('queue down'), { code: 'service_unavailable' });
        return { interactionId: input.interactionId };
      }),
      end: fromPromise<void, { sessionId: string; userId: string }>(async () => {
        calls.end++;
      }),
    },
  });
  const actor = createActor(machine, { input: { sessionId: 'sess_test000000', userId: 'user_1' } });
  actor.start();
  const state = () => stateName(actor.getSnapshot());
  const until = (name: string) => waitFor(actor, (s) => stateName(s) === name, { timeout: 2000 });
  return { actor, calls, state, until, machine };
}

const submit: SessionEvent = { type: 'SUBMIT', situation: 'My coworker keeps taking credit for my ideas' };

describe('session machine', () => {
  it('remembers who wrote the suggestions, and a situation the writer says is not about safety', async () => {
    const h = harness();
    h.actor.send({ type: 'SUBMIT', situation: 'My husband shoved me but it was an accident', notSafety: true });
    await h.until('ready');
    expect(h.calls.generate[0]?.notSafety).toBe(true);
    const view = toView(h.actor.getSnapshot());
    expect(view.model).toBe('calmly-builtin-coach');
    expect(view.notSafety).toBe(true);
    h.actor.send(submit);
    await h.until('ready');
    expect(h.calls.generate[1]?.notSafety).toBe(false);
    expect(toView(h.actor.getSnapshot()).notSafety).toBe(false);
  });

  it('runs the full flow: situation → suggestions → refine → select → a new situation', async () => {
    const h = harness();
    expect(h.state()).toBe('idle');
    h.actor.send(submit);
    expect(h.state()).toBe('generating');
    expect(h.calls.generate[0]).toMatchObject({
      situation: submit.type === 'SUBMIT' ? submit.situation : '',
      context: null,
      generation: 1,
    });
    await h.until('ready');
    const ready = toView(h.actor.getSnapshot());
    expect(ready.analysis).toEqual(analysis);
    expect(ready.suggestions.map((s) => s?.id)).toEqual(['resp_0', 'resp_1', 'resp_2']);

    h.actor.send({ type: 'REFINE', index: 1, adjustment: 'more assertive' });
    expect(h.state()).toBe('refining');
    expect(h.calls.refine[0]).toMatchObject({ index: 1, adjustment: 'more assertive', suggestion: suggestion(1) });
    await h.until('ready');
    const refined = toView(h.actor.getSnapshot());
    expect(refined.suggestions[1]).toMatchObject({
      id: 'resp_1_refined',
      text: 'firmer reply',
      tone: 'Warm',
      explanation: 'why 1',
    });
    expect(refined.refinements).toHaveLength(1);

    h.actor.send({ type: 'SELECT', index: 1, interactionId: 'int_abc' });
    await h.until('selected');
    expect(h.calls.select[0]).toMatchObject({
      interactionId: 'int_abc',
      context: 'work',
      refinements: ['more assertive'],
      suggestion: { text: 'firmer reply' },
    });
    expect(toView(h.actor.getSnapshot()).selected).toEqual({ index: 1, interactionId: 'int_abc' });

    h.actor.send({ type: 'SUBMIT', situation: 'Another one', context: 'friendship' });
    expect(h.state()).toBe('generating');
    const v = toView(h.actor.getSnapshot());
    expect(v).toMatchObject({
      situation: 'Another one',
      context: 'friendship',
      selected: null,
      refinements: [],
      generation: 2,
      suggestions: [null, null, null],
    });
    await h.until('ready');
  });

  it('cancel stops the running generation and keeps the situation', async () => {
    const h = harness({ generate: 'hang' });
    h.actor.send(submit);
    h.actor.send({ type: 'CANCEL' });
    expect(h.state()).toBe('idle');
    expect(h.calls.stopped).toBe(1);
    expect(toView(h.actor.getSnapshot()).situation).toBe('My coworker keeps taking credit for my ideas');
  });

  it('cancel stops a refinement and keeps the suggestions', async () => {
    const h = harness({ refine: 'hang' });
    h.actor.send(submit);
    await h.until('ready');
    h.actor.send({ type: 'REFINE', index: 0, adjustment: 'warmer' });
    h.actor.send({ type: 'CANCEL' });
    expect(h.state()).toBe('ready');
    expect(h.calls.stopped).toBeGreaterThanOrEqual(2); // the finished generation's and the refinement's
    expect(toView(h.actor.getSnapshot()).suggestions[0]).toEqual(suggestion(0));
  });

  it('a failed generation can be retried with the same situation', async () => {
    const h = harness({ generate: 'fail' });
    h.actor.send(submit);
    await h.until('failed');
    expect(toView(h.actor.getSnapshot()).error).toMatchObject({ code: 'ai_unavailable' });
    h.actor.send({ type: 'RETRY' });
    expect(h.state()).toBe('generating');
    expect(h.calls.generate).toHaveLength(2);
    expect(h.calls.generate[1]).toMatchObject({ situation: h.calls.generate[0]?.situation, generation: 2 });
    expect(toView(h.actor.getSnapshot()).error).toBeNull();
  });

  it('an actor that throws ends in failed with an internal_error, not a crash', async () => {
    const h = harness({ generate: 'throw' });
    h.actor.send(submit);
    await h.until('failed');
    expect(toView(h.actor.getSnapshot()).error).toMatchObject({ code: 'internal_error' });
  });

  it('a refinement that cannot be done returns to ready with the error and the suggestion unchanged', async () => {
    const h = harness({ refine: 'fail' });
    h.actor.send(submit);
    await h.until('ready');
    h.actor.send({ type: 'REFINE', index: 2, adjustment: 'in French' });
    await waitFor(h.actor, (s) => stateName(s) === 'ready' && s.context.error !== null);
    const v = toView(h.actor.getSnapshot());
    expect(v.error).toMatchObject({ code: 'unsupported_adjustment' });
    expect(v.suggestions[2]).toEqual(suggestion(2));
  });

  it('a failed selection returns to ready so it can be selected again', async () => {
    const h = harness({ select: 'fail' });
    h.actor.send(submit);
    await h.until('ready');
    h.actor.send({ type: 'SELECT', index: 0, interactionId: 'int_x' });
    await waitFor(h.actor, (s) => stateName(s) === 'ready' && s.context.error !== null);
    expect(toView(h.actor.getSnapshot())).toMatchObject({ selected: null, error: { code: 'service_unavailable' } });
  });

  it('ends from any state, stopping what runs, and is final', async () => {
    const h = harness({ generate: 'hang' });
    h.actor.send(submit);
    h.actor.send({ type: 'END' });
    await h.until('ended');
    expect(h.calls.stopped).toBe(1);
    expect(h.calls.end).toBe(1);
    expect(h.actor.getSnapshot().status).toBe('done');
  });

  it('ignores events that are not allowed in a state (and says so through can())', async () => {
    const h = harness({ generate: 'hang' });
    const notInIdle: SessionEvent[] = [
      { type: 'REFINE', index: 0, adjustment: 'x' },
      { type: 'SELECT', index: 0, interactionId: 'int_1' },
      { type: 'CANCEL' },
      { type: 'RETRY' },
      { type: 'GEN.DONE' },
    ];
    for (const e of notInIdle) {
      expect(h.actor.getSnapshot().can(e)).toBe(false);
      h.actor.send(e);
      expect(h.state()).toBe('idle');
    }
    h.actor.send(submit);
    // While generating: no second situation, no refine or select.
    for (const e of [
      submit,
      { type: 'REFINE', index: 0, adjustment: 'x' },
      { type: 'SELECT', index: 0, interactionId: 'int_1' },
    ] as SessionEvent[]) {
      expect(h.actor.getSnapshot().can(e)).toBe(false);
      h.actor.send(e);
      expect(h.state()).toBe('generating');
    }
    expect(h.calls.generate).toHaveLength(1);
  });

  it('refine and select need an existing suggestion', async () => {
    const h = harness();
    h.actor.send(submit);
    await h.until('ready');
    expect(h.actor.getSnapshot().can({ type: 'REFINE', index: 1, adjustment: 'x' })).toBe(true);
    // A guard against a malformed index that slipped past validation.
    expect(h.actor.getSnapshot().can({ type: 'REFINE', index: 7, adjustment: 'x' })).toBe(false);
    expect(h.actor.getSnapshot().can({ type: 'SELECT', index: -1, interactionId: 'int_1' })).toBe(false);
  });

  it('keeps every version of a suggestion; "Use this version" brings one back and refining goes on from it', async () => {
    const h = harness();
    h.actor.send(submit);
    await h.until('ready');
    h.actor.send({ type: 'REFINE', index: 0, adjustment: 'firmer' });
    await h.until('ready');
    h.actor.send({ type: 'REFINE', index: 0, adjustment: 'shorter' });
    await h.until('ready');
    let v = toView(h.actor.getSnapshot());
    expect(v.versions[0]).toEqual([
      { id: 'resp_0', text: 'reply 0', adjustments: [] },
      { id: 'resp_0_refined', text: 'firmer reply', adjustments: ['firmer'] },
      { id: 'resp_0_refined_refined', text: 'firmer reply', adjustments: ['firmer', 'shorter'] },
    ]);
    expect(v.versions[1]).toEqual([{ id: 'resp_1', text: 'reply 1', adjustments: [] }]);

    // The original again: text and id, and the explanation and tone stay.
    h.actor.send({ type: 'RESTORE', index: 0, version: 0 });
    expect(h.state()).toBe('ready');
    v = toView(h.actor.getSnapshot());
    expect(v.suggestions[0]).toEqual(suggestion(0));
    expect(v.versions[0]).toHaveLength(3);
    // Refining now starts from the restored text; the new version remembers only its own path.
    h.actor.send({ type: 'REFINE', index: 0, adjustment: 'warmer' });
    expect(h.calls.refine.at(-1)).toMatchObject({ suggestion: suggestion(0), adjustment: 'warmer' });
    await h.until('ready');
    expect(toView(h.actor.getSnapshot()).versions[0]?.at(-1)).toMatchObject({ adjustments: ['warmer'] });

    // Selecting a restored version teaches what was asked on the way to it, not every attempt.
    h.actor.send({ type: 'RESTORE', index: 0, version: 1 });
    h.actor.send({ type: 'SELECT', index: 0, interactionId: 'int_v1' });
    await h.until('selected');
    expect(h.calls.select[0]).toMatchObject({
      suggestion: { id: 'resp_0_refined', text: 'firmer reply' },
      refinements: ['firmer'],
    });
  });

  it('after a choice, an earlier version can still be brought back and chosen instead (another choice saved)', async () => {
    const h = harness();
    h.actor.send(submit);
    await h.until('ready');
    h.actor.send({ type: 'REFINE', index: 0, adjustment: 'firmer' });
    await h.until('ready');
    h.actor.send({ type: 'SELECT', index: 0, interactionId: 'int_first' });
    await h.until('selected');
    // A version that is not there changes nothing.
    h.actor.send({ type: 'RESTORE', index: 0, version: 5 });
    expect(h.state()).toBe('selected');
    h.actor.send({ type: 'RESTORE', index: 0, version: 0 });
    expect(h.state()).toBe('ready');
    const v = toView(h.actor.getSnapshot());
    expect(v.selected).toBeNull();
    expect(v.suggestions[0]).toEqual(suggestion(0));
    h.actor.send({ type: 'SELECT', index: 0, interactionId: 'int_second' });
    await h.until('selected');
    expect(h.calls.select).toHaveLength(2);
    expect(h.calls.select[1]).toMatchObject({ suggestion: { id: 'resp_0', text: 'reply 0' }, refinements: [] });
  });

  it('restore needs a version that exists, and a suggestion keeps at most MAX_VERSIONS versions', async () => {
    const h = harness();
    h.actor.send(submit);
    await h.until('ready');
    const can = (e: SessionEvent) => h.actor.getSnapshot().can(e);
    expect(can({ type: 'RESTORE', index: 2, version: 0 })).toBe(true);
    expect(can({ type: 'RESTORE', index: 2, version: 1 })).toBe(false);
    for (let k = 1; k < MAX_VERSIONS; k++) {
      h.actor.send({ type: 'REFINE', index: 2, adjustment: `change ${k}` });
      await h.until('ready');
    }
    expect(toView(h.actor.getSnapshot()).versions[2]).toHaveLength(MAX_VERSIONS);
    expect(can({ type: 'REFINE', index: 2, adjustment: 'one more' })).toBe(false);
    expect(can({ type: 'REFINE', index: 1, adjustment: 'one more' })).toBe(true);
    expect(can({ type: 'RESTORE', index: 2, version: MAX_VERSIONS - 1 })).toBe(true);
  });

  it('a snapshot saved before versions were kept shows its current texts as the originals', async () => {
    const h = harness();
    h.actor.send(submit);
    await h.until('ready');
    const saved = JSON.parse(JSON.stringify(h.actor.getPersistedSnapshot()));
    delete saved.context.versions;
    const restored = createActor(h.machine, {
      snapshot: saved,
      input: { sessionId: 'sess_test000000', userId: 'user_1' },
    }).start();
    expect(toView(restored.getSnapshot()).versions[1]).toEqual([{ id: 'resp_1', text: 'reply 1', adjustments: [] }]);
    restored.send({ type: 'REFINE', index: 1, adjustment: 'firmer' });
    await waitFor(restored, (s) => stateName(s) === 'ready', { timeout: 2000 });
    expect(toView(restored.getSnapshot()).versions[1]?.map((x) => x.text)).toEqual(['reply 1', 'firmer reply']);
  });

  it('a snapshot saved while the chosen context was called `context` keeps it as givenContext', async () => {
    const h = harness();
    h.actor.send({ type: 'SUBMIT', situation: 'My coworker keeps taking credit', context: 'work' });
    await h.until('ready');
    const saved = JSON.parse(JSON.stringify(h.actor.getPersistedSnapshot()));
    saved.context.context = saved.context.givenContext;
    delete saved.context.givenContext;
    const restored = createActor(h.machine, {
      snapshot: upgradeSnapshot(saved),
      input: { sessionId: 'sess_test000000', userId: 'user_1' },
    }).start();
    expect(toView(restored.getSnapshot())).toMatchObject({ state: 'ready', context: 'work' });
    expect(restored.getSnapshot().context).not.toHaveProperty('context');
    // A snapshot already in today's shape is left as it is.
    const current = h.actor.getPersistedSnapshot();
    expect(upgradeSnapshot(current)).toBe(current);
  });

  it('a persisted snapshot restores where it was, with its suggestions; a busy one restarts its step', async () => {
    const h = harness();
    h.actor.send(submit);
    await h.until('ready');
    const saved = JSON.parse(JSON.stringify(h.actor.getPersistedSnapshot()));
    const restored = createActor(h.machine, {
      snapshot: saved,
      input: { sessionId: 'sess_test000000', userId: 'user_1' },
    }).start();
    expect(stateName(restored.getSnapshot())).toBe('ready');
    expect(toView(restored.getSnapshot()).suggestions.map((s) => s?.text)).toEqual(['reply 0', 'reply 1', 'reply 2']);

    const busy = harness({ generate: 'hang' });
    busy.actor.send(submit);
    const mid = JSON.parse(JSON.stringify(busy.actor.getPersistedSnapshot()));
    busy.actor.stop();
    const again = harness();
    const resumed = createActor(again.machine, {
      snapshot: mid,
      input: { sessionId: 'sess_test000000', userId: 'user_1' },
    }).start();
    expect(stateName(resumed.getSnapshot())).toBe('generating');
    await waitFor(resumed, (s) => stateName(s) === 'ready', { timeout: 2000 });
    expect(again.calls.generate[0]).toMatchObject({
      situation: 'My coworker keeps taking credit for my ideas',
      generation: 1,
    });
  });
});

describe('stopping a generation', () => {
  /** A generation stopped with the third suggestion finished and the first two partway (the first with text). */
  async function stopped() {
    const h = harness({ generate: 'partial' });
    h.actor.send(submit);
    await waitFor(h.actor, (s) => Boolean(s.context.suggestions[2]), { timeout: 2000 });
    h.actor.send({
      type: 'CANCEL',
      written: [
        { id: 'resp_0', tone: 'Calm', text: ' I want to raise ' },
        { id: 'resp_1', tone: 'Warm', text: ' \n ' },
        { id: 'resp_2', tone: 'Direct', text: 'reply 2 (the streamed copy of a finished one)' },
      ],
    });
    return h;
  }

  it('keeps the finished suggestions and the text so far of the others, marked stopped, and is ready', async () => {
    const h = await stopped();
    expect(h.state()).toBe('ready');
    expect(h.calls.stopped).toBe(1);
    const view = toView(h.actor.getSnapshot());
    // Trimmed; tone from suggestion:start; no explanation was written. Nothing visible: dropped.
    expect(view.suggestions).toEqual([
      { id: 'resp_0', tone: 'Calm', text: 'I want to raise', stopped: true },
      null,
      suggestion(2),
    ]);
    expect(view.versions).toEqual([
      [{ id: 'resp_0', text: 'I want to raise', adjustments: [], stopped: true }],
      [],
      [{ id: 'resp_2', text: 'reply 2', adjustments: [] }],
    ]);
    expect(view).toMatchObject({ analysis, situation: 'My coworker keeps taking credit for my ideas', model: null });
  });

  it('a stopped suggestion is used like a finished one: refined (then whole, no longer stopped), restored, selected', async () => {
    const h = await stopped();
    h.actor.send({ type: 'REFINE', index: 0, adjustment: 'finish it' });
    expect(h.calls.refine[0]).toMatchObject({ index: 0, suggestion: { text: 'I want to raise', stopped: true } });
    await h.until('ready');
    expect(toView(h.actor.getSnapshot()).suggestions[0]).toEqual({
      id: 'resp_0_refined',
      tone: 'Calm',
      text: 'firmer reply',
      explanation: '',
    });
    h.actor.send({ type: 'RESTORE', index: 0, version: 0 });
    expect(toView(h.actor.getSnapshot()).suggestions[0]).toEqual({
      id: 'resp_0',
      tone: 'Calm',
      text: 'I want to raise',
      stopped: true,
    });
    h.actor.send({ type: 'SELECT', index: 0, interactionId: 'int_stop' });
    await h.until('selected');
    expect(h.calls.select[0]).toMatchObject({
      interactionId: 'int_stop',
      suggestion: { text: 'I want to raise', tone: 'Calm' },
      refinements: [],
    });
  });

  it('with nothing written yet it goes back to idle as before, the situation kept', async () => {
    const h = harness({ generate: 'hang' });
    h.actor.send(submit);
    h.actor.send({ type: 'CANCEL', written: [{ id: 'resp_0', tone: 'Calm', text: '  ' }, null] });
    expect(h.state()).toBe('idle');
    expect(toView(h.actor.getSnapshot())).toMatchObject({
      situation: 'My coworker keeps taking credit for my ideas',
      suggestions: [null, null, null],
      analysis: null,
    });
  });

  it('a stop that arrives just after the generation finished changes nothing (and is allowed)', async () => {
    const h = harness();
    h.actor.send(submit);
    await h.until('ready');
    const before = h.actor.getSnapshot().context.suggestions;
    const stop: SessionEvent = { type: 'CANCEL', written: [{ id: 'resp_0', tone: 'Calm', text: 'reply' }] };
    expect(h.actor.getSnapshot().can(stop)).toBe(true);
    h.actor.send(stop);
    expect(h.state()).toBe('ready');
    expect(h.actor.getSnapshot().context.suggestions).toBe(before);
  });

  it('a stopped session restores from its persisted snapshot with its stopped suggestions (reload, another instance)', async () => {
    const h = await stopped();
    const saved = JSON.parse(JSON.stringify(h.actor.getPersistedSnapshot()));
    const restored = createActor(harness().machine, {
      snapshot: saved,
      input: { sessionId: 'sess_test000000', userId: 'user_1' },
    }).start();
    expect(stateName(restored.getSnapshot())).toBe('ready');
    expect(toView(restored.getSnapshot()).suggestions).toEqual(toView(h.actor.getSnapshot()).suggestions);
  });

  it('keeps only text an interaction can store: trimmed, visible, no control characters, at most 2,000 characters', () => {
    expect(keptText('  Hi there \n')).toBe('Hi there');
    expect(keptText(' \u200b ')).toBeNull();
    expect(keptText('Hi\u0000there')).toBeNull();
    expect(keptText(`${'a'.repeat(1999)}😀 more`)).toBe('a'.repeat(1999));
  });
});

describe('a session nobody has described anything in', () => {
  it('is shown as the machine would show it, without an actor (idle connections have none)', () => {
    const input = { sessionId: 'sess_idle', userId: 'user_idle' };
    const actor = createActor(sessionMachine, { input });
    expect(initialView(input)).toEqual(toView(actor.getSnapshot()));
  });
});
