// The browser client's session reducer: stream frames per index, resets, generations, refinements
// and their earlier versions, fed with views made by the real session machine where it matters.
import { describe, expect, it } from 'vitest';
import { createActor, fromCallback, fromPromise, waitFor } from 'xstate';
import {
  sessionMachine,
  toView,
  type ActorEvent,
  type EndActorInput,
  type GenerateActorInput,
  type RefineActorInput,
  type SelectActorInput,
} from '../../machines/session.ts';
import type { ServerToClientEvents, SessionView, SessionViewChanges } from '../../machines/protocol.ts';
import { viewAfter, viewChanges, type ViewEventName } from '../../machines/view.ts';
import type { Analysis, Suggestion } from '../../machines/domain/types.ts';
import {
  cardModel,
  earlierVersions,
  initialState,
  reducer,
  type Action,
  type ClientState,
} from '../../client/src/session/reducer.ts';
import { errorMessage } from '../../client/src/session/errors.ts';
import { createStreamLog } from '../../server/realtime/streams.ts';

const analysis: Analysis = {
  context: 'work',
  confidence: 0.82,
  emotionalTone: 'frustrated',
  keyElements: ['credit'],
  safety: { flag: false, category: null },
};
const suggestion = (i: number, text = `reply ${i}`): Suggestion => ({
  id: `resp_${i}`,
  tone: ['Calm', 'Warm', 'Direct'][i] ?? `Tone ${i}`,
  text,
  explanation: `why ${i}`,
});

function view(patch: Partial<SessionView> = {}): SessionView {
  return {
    sessionId: 'sess_abcdefghijkl',
    userId: 'user_1',
    state: 'idle',
    situation: null,
    context: null,
    notSafety: false,
    analysis: null,
    suggestions: [null, null, null],
    model: null,
    refiningIndex: null,
    refinements: [],
    versions: [[], [], []],
    selected: null,
    error: null,
    generation: 0,
    ...patch,
  };
}

const run = (actions: Action[], from: ClientState = initialState()) => actions.reduce(reducer, from);
/** A session:state: what changed since what the client holds. */
const changed = (changes: SessionViewChanges): Action => ({ type: 'session:state', changes });
const ready = (v: SessionView): Action => ({
  type: 'session:ready',
  sessionId: v.sessionId,
  userId: v.userId,
  resumed: false,
  view: v,
});
/** From an idle session with nothing in it: a situation submitted. */
const generating = (generation = 1): Action =>
  changed({ state: 'generating', situation: 'My coworker takes credit.', generation });
const frame = (
  generation: number,
  deltas: Array<{ index: number; text: string; reset?: boolean }>,
  kind: 'suggestions' | 'refinement' = 'suggestions',
): Action => ({
  type: 'stream:frame',
  generation,
  kind,
  deltas,
});

describe('client reducer: streaming', () => {
  it('appends deltas per index, interleaved, and shows the cards as streaming', () => {
    const s = run([
      ready(view()),
      generating(1),
      ...[0, 1, 2].map(
        (index): Action => ({
          type: 'suggestion:start',
          generation: 1,
          index,
          id: `resp_${index}`,
          tone: ['Calm', 'Warm', 'Direct'][index] ?? `Tone ${index}`,
        }),
      ),
      frame(1, [
        { index: 0, text: 'I noticed ' },
        { index: 2, text: 'Please ' },
      ]),
      frame(1, [
        { index: 1, text: 'I feel ' },
        { index: 0, text: 'that my idea' },
      ]),
    ]);
    expect(s.drafts.map((d) => d.text)).toEqual(['I noticed that my idea', 'I feel ', 'Please ']);
    const card = cardModel(s, 0);
    expect(card.status).toBe('streaming');
    expect(card.text).toBe('I noticed that my idea');
    expect(card.tone).toBe('Calm');
  });

  it('reset drops what that index had (and only that index) before appending', () => {
    const s = run([
      ready(view()),
      generating(1),
      frame(1, [
        { index: 0, text: 'first try' },
        { index: 1, text: 'other' },
      ]),
      frame(1, [{ index: 0, text: 'second ', reset: true }]),
      frame(1, [{ index: 0, text: 'try' }]),
    ]);
    expect(s.drafts[0]?.text).toBe('second try');
    expect(s.drafts[1]?.text).toBe('other');
  });

  it('ignores frames and events of an older generation, and adopts a newer one that overtakes its state', () => {
    let s = run([ready(view()), generating(2), frame(2, [{ index: 0, text: 'new' }])]);
    s = run(
      [
        frame(1, [{ index: 0, text: ' old' }]),
        { type: 'suggestion:done', generation: 1, index: 0, suggestion: suggestion(0, 'old done') },
        { type: 'analysis', generation: 1, analysis },
      ],
      s,
    );
    expect(s.drafts[0]?.text).toBe('new');
    expect(s.view?.suggestions[0]).toBeNull();
    expect(s.view?.analysis).toBeNull();

    // Generation 3's first frame arrives before its session:state: the old text goes.
    s = run([frame(3, [{ index: 0, text: 'third' }])], s);
    expect(s.view?.generation).toBe(3);
    expect(s.drafts[0]?.text).toBe('third');
    // The server knows the client adopted generation 3 with that frame: it does not send it again.
    s = run([changed({ state: 'generating' })], s);
    expect(s.drafts[0]?.text).toBe('third');
  });

  it('suggestion:done is authoritative and marks the card done; the ready view keeps everything', () => {
    let s = run([
      ready(view()),
      generating(1),
      { type: 'analysis', generation: 1, analysis },
      frame(1, [{ index: 0, text: 'almost' }]),
      { type: 'suggestion:done', generation: 1, index: 0, suggestion: suggestion(0, 'the whole reply') },
    ]);
    expect(cardModel(s, 0)).toMatchObject({ status: 'done', text: 'the whole reply', explanation: 'why 0' });
    expect(cardModel(s, 1).status).toBe('streaming');
    // A session:state that does not name them (e.g. an error) keeps done suggestions and the analysis.
    s = run([changed({ state: 'generating', error: { code: 'internal_error', message: 'x' } })], s);
    expect(s.view?.suggestions[0]?.text).toBe('the whole reply');
    expect(s.view?.analysis).toEqual(analysis);
    expect(s.view?.error?.code).toBe('internal_error');
    expect(cardModel(s, 0).status).toBe('done');
    // The two suggestions this client has not been given come with the state.
    s = run([changed({ state: 'ready', error: null, suggestions: [0, 1, 2].map((i) => suggestion(i)) })], s);
    expect([0, 1, 2].map((i) => cardModel(s, i).status)).toEqual(['done', 'done', 'done']);
    expect(s.view).toMatchObject({ analysis, error: null, generation: 1 });
  });

  it('a restarted stream (suggestion:start again after a resume) replaces what the card showed', () => {
    const resumed = view({
      state: 'generating',
      situation: 'x',
      generation: 4,
      suggestions: [suggestion(0, 'from before'), null, null],
    });
    let s = run([{ ...(ready(resumed) as Extract<Action, { type: 'session:ready' }>), resumed: true }]);
    expect(cardModel(s, 0).status).toBe('done');
    s = run(
      [
        { type: 'suggestion:start', generation: 4, index: 0, id: 'resp_9', tone: 'Calm' },
        frame(4, [{ index: 0, text: 'again' }]),
      ],
      s,
    );
    expect(cardModel(s, 0)).toMatchObject({ status: 'streaming', text: 'again' });
  });

  it('cancel (back to idle) drops half-written suggestions', () => {
    const s = run([
      ready(view()),
      generating(1),
      { type: 'suggestion:done', generation: 1, index: 0, suggestion: suggestion(0) },
      changed({ state: 'idle', suggestions: [null, null, null], versions: [[], [], []] }),
    ]);
    expect(s.view?.suggestions).toEqual([null, null, null]);
    expect([0, 1, 2].map((i) => cardModel(s, i).status)).toEqual(['empty', 'empty', 'empty']);
  });
});

describe('client reducer: refinements', () => {
  const readyView = (patch: Partial<SessionView> = {}) =>
    view({
      state: 'ready',
      situation: 'x',
      generation: 1,
      analysis,
      suggestions: [0, 1, 2].map((i) => suggestion(i)),
      versions: [0, 1, 2].map((i) => [{ id: suggestion(i).id, text: suggestion(i).text, adjustments: [] }]),
      ...patch,
    });

  it('streams a refinement into its card, then keeps the earlier version', () => {
    let s = run([ready(readyView()), { type: 'refinement:requested', index: 1, adjustment: 'make it softer' }]);
    // Shown as refining at once, before the server confirms.
    expect(cardModel(s, 1)).toMatchObject({ status: 'streaming', refining: true, text: '', previousText: 'reply 1' });
    s = run(
      [
        changed({ state: 'refining', refiningIndex: 1 }),
        { type: 'refinement:start', generation: 1, index: 1 },
        frame(1, [{ index: 1, text: 'A softer ' }], 'refinement'),
        frame(1, [{ index: 1, text: 'reply' }], 'refinement'),
      ],
      s,
    );
    expect(cardModel(s, 1)).toMatchObject({ status: 'streaming', text: 'A softer reply' });
    expect(cardModel(s, 0).status).toBe('done');
    const refined = { id: 'resp_1_refined', tone: 'Warm', text: 'A softer reply.', changes: ['softer'] };
    s = run([{ type: 'refinement:done', generation: 1, index: 1, refined, adjustment: 'make it softer' }], s);
    // refinement:done carries all of it: the refined text, the new version and the refinement.
    expect(s.view?.versions[1]).toEqual([
      { id: 'resp_1', text: 'reply 1', adjustments: [] },
      { id: 'resp_1_refined', text: 'A softer reply.', adjustments: ['make it softer'] },
    ]);
    expect(s.view?.refinements).toEqual([{ index: 1, adjustment: 'make it softer', refined }]);
    // Back to ready: nothing else to tell.
    s = run([changed({ state: 'ready' })], s);
    expect(cardModel(s, 1)).toMatchObject({ status: 'done', text: 'A softer reply.', explanation: 'why 1' });
    expect(cardModel(s, 1).earlier).toEqual([{ version: 0, text: 'reply 1', label: 'Original' }]);
    expect(cardModel(s, 1).refinements).toEqual([
      { id: 'resp_1_refined', adjustment: 'make it softer', changes: ['softer'], notes: [] },
    ]);
    expect(s.refinement).toBeNull();
  });

  it('a refinement reset restarts its text; an unsupported adjustment leaves the card as it was', () => {
    let s = run([
      ready(readyView({ state: 'refining', refiningIndex: 0 })),
      frame(1, [{ index: 0, text: 'abc' }], 'refinement'),
      frame(1, [{ index: 0, text: 'xyz', reset: true }], 'refinement'),
    ]);
    expect(cardModel(s, 0).text).toBe('xyz');
    s = run(
      [
        {
          type: 'session:error',
          error: { code: 'unsupported_adjustment', message: 'no', supported: ['more assertive', 'softer'] },
        },
        changed({
          state: 'ready',
          refiningIndex: null,
          error: { code: 'unsupported_adjustment', message: 'no', supported: ['more assertive', 'softer'] },
        }),
      ],
      s,
    );
    expect(cardModel(s, 0)).toMatchObject({ status: 'done', text: 'reply 0' });
    // Shown on the card it came from, not in the banner.
    expect(s.error).toBeNull();
    expect(cardModel(s, 0).refineError?.code).toBe('unsupported_adjustment');
    expect(cardModel(s, 1).refineError).toBeNull();
    expect(errorMessage(cardModel(s, 0).refineError!)).toBe(
      "Calmly can't make that change yet. Try asking for: more assertive or softer.",
    );
    expect(
      errorMessage({
        code: 'unsupported_adjustment',
        message: 'Calmly couldn\'t tell what to change from "x". Try, for example, "firmer".',
      }),
    ).toMatch(/for example/);
    // Asking again clears it.
    s = run([{ type: 'refinement:requested', index: 0, adjustment: 'firmer' }], s);
    expect(cardModel(s, 0).refineError).toBeNull();
  });

  it('a refinement the server refused (invalid_state) does not leave the card refining', () => {
    const s = run([
      ready(readyView()),
      { type: 'refinement:requested', index: 2, adjustment: 'make it shorter' },
      { type: 'session:error', error: { code: 'invalid_state', message: 'busy', event: 'suggestion:refine' } },
    ]);
    expect(cardModel(s, 2)).toMatchObject({ status: 'done', refining: false });
  });

  it('earlier versions come from the view: every version but the one shown, named by what made it', () => {
    const versions = [
      { id: 'r0', text: 'v1', adjustments: [] },
      { id: 'r1', text: 'v2', adjustments: ['make it softer'] },
      { id: 'r2', text: 'v3', adjustments: ['make it softer', 'make it shorter'] },
      // An adjustment that changed nothing: the same text is offered once.
      { id: 'r3', text: 'v2', adjustments: ['make it softer', 'make it shorter', 'warmer'] },
    ];
    expect(earlierVersions(versions, { id: 'r2', text: 'v3' })).toEqual([
      { version: 0, text: 'v1', label: 'Original' },
      { version: 1, text: 'v2', label: 'After “make it softer”' },
    ]);
    // The original shown again ("Use this version"): the refined ones are the earlier ones now.
    expect(earlierVersions(versions, { id: 'r0', text: 'v1' }).map((v) => v.version)).toEqual([1, 2]);
    const restored = run([
      ready(readyView({ suggestions: [suggestion(0), suggestion(1), suggestion(2)], versions: [versions, [], []] })),
    ]);
    expect(cardModel(restored, 0).earlier.map((v) => v.text)).toEqual(['v1', 'v2', 'v3']);
  });
});

describe('client reducer: selection, errors and connection', () => {
  it('tracks the saved interaction and the selected card', () => {
    const suggestions = [0, 1, 2].map((i) => suggestion(i));
    const s = run([
      ready(view({ state: 'ready', situation: 'x', generation: 1, suggestions })),
      changed({ state: 'selecting' }),
      { type: 'interaction:saved', interactionId: 'int_1' },
      changed({ state: 'selected', selected: { index: 2, interactionId: 'int_1' } }),
    ]);
    expect(s.savedInteractionId).toBe('int_1');
    expect(cardModel(s, 2).selected).toBe(true);
    expect(cardModel(s, 0).selected).toBe(false);
  });

  it('counts errors so the same one is announced twice, and dismisses them', () => {
    let s = run([
      ready(view()),
      { type: 'session:error', error: { code: 'rate_limited', message: 'x', retryAfterMs: 1500 } },
    ]);
    s = run([{ type: 'session:error', error: { code: 'rate_limited', message: 'x', retryAfterMs: 1500 } }], s);
    expect(s.error?.seq).toBe(2);
    expect(errorMessage(s.error!.error)).toBe("You're going a little fast. Please wait 2 seconds and try again.");
    expect(run([{ type: 'error:dismiss' }], s).error).toBeNull();
  });

  it('follows the connection', () => {
    let s = run([{ type: 'connection', status: 'reconnecting' }]);
    expect(s.connection).toBe('reconnecting');
    s = run(
      [{ type: 'connection', status: 'offline', reason: 'This session was opened in another tab or window.' }],
      s,
    );
    expect(s).toMatchObject({
      connection: 'offline',
      offlineReason: 'This session was opened in another tab or window.',
    });
    s = run([ready(view())], s);
    expect(s).toMatchObject({ connection: 'connected', offlineReason: null });
  });
});

describe('client reducer with changes from the real session machine', () => {
  /**
   * The real session machine with actors driven by hand, the server's side of the protocol as the
   * gateway does it (per connection the view the client holds, machines/view.ts: session:state sends
   * what differs from it) and the client reducer fed with what the server sends. After every
   * session:state the client's view must be the server's.
   */
  function serve() {
    let generate: ((e: ActorEvent) => void) | null = null;
    let refine: ((e: ActorEvent) => void) | null = null;
    const machine = sessionMachine.provide({
      actors: {
        generate: fromCallback<ActorEvent, GenerateActorInput>(({ sendBack }) => {
          generate = sendBack;
        }),
        refine: fromCallback<ActorEvent, RefineActorInput>(({ sendBack }) => {
          refine = sendBack;
        }),
        select: fromPromise<{ interactionId: string }, SelectActorInput>(async ({ input }) => ({
          interactionId: input.interactionId,
        })),
        end: fromPromise<void, EndActorInput>(async () => {}),
      },
    });
    const actor = createActor(machine, { input: { sessionId: 'sess_abcdefghijkl', userId: 'user_1' } }).start();
    let known = toView(actor.getSnapshot());
    const server = {
      actor,
      client: run([ready(known)]),
      sent: [] as SessionViewChanges[],
      /** An event that carries part of the view, sent to the client. */
      emit<E extends ViewEventName>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]) {
        known = viewAfter(known, event, payload);
        server.client = reducer(server.client, { type: event, ...payload } as Action);
      },
      /** The session:state the gateway sends after a transition; the client must then hold the server's view. */
      state(): SessionViewChanges {
        const next = toView(actor.getSnapshot());
        const changes = viewChanges(known, next);
        known = next;
        server.sent.push(changes);
        server.client = reducer(server.client, { type: 'session:state', changes });
        expect(server.client.view).toEqual(next);
        return changes;
      },
      generate: (e: ActorEvent) => generate!(e),
      refine: (e: ActorEvent) => refine!(e),
    };
    return server;
  }

  /** A generation's events as the generate actor sends them: starts, frames, the analysis, each suggestion. */
  function generation(server: ReturnType<typeof serve>, texts: string[]) {
    const g = server.actor.getSnapshot().context.generation;
    for (const [i, text] of texts.entries()) {
      server.emit('suggestion:start', { generation: g, index: i, id: `resp_${g}_${i}`, tone: `Tone ${i}` });
      server.emit('stream:frame', { generation: g, kind: 'suggestions', deltas: [{ index: i, text }] });
    }
    server.emit('analysis', { generation: g, analysis });
    server.generate({ type: 'GEN.ANALYSIS', analysis });
    for (const [i, text] of texts.entries()) {
      const s: Suggestion = { id: `resp_${g}_${i}`, tone: `Tone ${i}`, text, explanation: `why ${g}.${i}` };
      server.emit('suggestion:done', { generation: g, index: i, suggestion: s });
      server.generate({ type: 'GEN.SUGGESTION', index: i, suggestion: s });
    }
  }

  it('submit → ready → refine → restore → select → a second submit → failed → retry → cancel → end: the merged view is always the server’s', async () => {
    const server = serve();
    server.actor.send({ type: 'SUBMIT', situation: 'My coworker takes credit.' });
    expect(server.state()).toEqual({ state: 'generating', situation: 'My coworker takes credit.', generation: 1 });
    generation(server, ['reply 0', 'reply 1', 'reply 2']);
    server.generate({ type: 'GEN.DONE', model: 'calmly-builtin-coach' });
    // The suggestions, their versions and the analysis came with their own events: not sent again.
    expect(server.state()).toEqual({ state: 'ready', model: 'calmly-builtin-coach' });
    expect([0, 1, 2].map((i) => cardModel(server.client, i).text)).toEqual(['reply 0', 'reply 1', 'reply 2']);

    server.client = reducer(server.client, { type: 'refinement:requested', index: 0, adjustment: 'make it firmer' });
    server.actor.send({ type: 'REFINE', index: 0, adjustment: 'make it firmer' });
    expect(server.state()).toEqual({ state: 'refining', refiningIndex: 0 });
    expect(cardModel(server.client, 0).refining).toBe(true);
    const refined = { id: 'resp_1_0_refined', tone: 'Tone 0', text: 'A firmer reply.', changes: ['firmer'] };
    server.emit('refinement:start', { generation: 1, index: 0 });
    server.emit('stream:frame', { generation: 1, kind: 'refinement', deltas: [{ index: 0, text: 'A firmer' }] });
    server.emit('refinement:done', { generation: 1, index: 0, refined, adjustment: 'make it firmer' });
    server.refine({ type: 'REF.DONE', refined });
    // The refined suggestion, its new version and the refinement came with refinement:done.
    expect(server.state()).toEqual({ state: 'ready' });
    expect(cardModel(server.client, 0)).toMatchObject({ status: 'done', text: 'A firmer reply.' });
    expect(cardModel(server.client, 0).earlier.map((v) => v.text)).toEqual(['reply 0']);

    // "Use this version": the state stays ready, the suggestion changes.
    server.actor.send({ type: 'RESTORE', index: 0, version: 0 });
    expect(Object.keys(server.state()).sort()).toEqual(['state', 'suggestions']);
    expect(cardModel(server.client, 0).text).toBe('reply 0');

    // A refinement that fails: the error goes out, and back to null with the next step.
    server.actor.send({ type: 'REFINE', index: 1, adjustment: 'in French' });
    server.state();
    server.refine({ type: 'REF.FAILED', error: { code: 'unsupported_adjustment', message: 'no' } });
    expect(server.state()).toMatchObject({ state: 'ready', error: { code: 'unsupported_adjustment' } });
    server.actor.send({ type: 'SELECT', index: 2, interactionId: 'int_1' });
    expect(server.state()).toEqual({ state: 'selecting', error: null });
    await waitFor(server.actor, (snap) => snap.matches('selected'));
    expect(server.state()).toEqual({ state: 'selected', selected: { index: 2, interactionId: 'int_1' } });
    expect(cardModel(server.client, 2).selected).toBe(true);

    // A second situation: the new generation clears what the client held of the first.
    server.actor.send({ type: 'SUBMIT', situation: 'My friend is always late.', context: 'friendship' });
    const second = server.state();
    expect(second).toMatchObject({
      state: 'generating',
      generation: 2,
      analysis: null,
      suggestions: [null, null, null],
      versions: [[], [], []],
      refinements: [],
      selected: null,
      model: null,
    });
    expect(server.client.drafts.map((d) => d.text)).toEqual(['', '', '']);
    generation(server, ['late 0', 'late 1']);
    server.generate({ type: 'GEN.FAILED', error: { code: 'ai_unavailable', message: 'no model' } });
    expect(server.state()).toEqual({ state: 'failed', error: { code: 'ai_unavailable', message: 'no model' } });

    // A retry: a new generation, the error and the two finished suggestions gone.
    server.actor.send({ type: 'RETRY' });
    expect(server.state()).toMatchObject({ state: 'generating', generation: 3, error: null, analysis: null });
    // Stopped before anything was written: back to idle (a stop with text is the next test).
    generation(server, []);
    server.actor.send({ type: 'CANCEL', written: [] });
    expect(server.state()).toEqual({ state: 'idle', analysis: null });
    expect(server.client.view?.suggestions).toEqual([null, null, null]);

    server.actor.send({ type: 'END' });
    server.state();
    await waitFor(server.actor, (snap) => snap.status === 'done');
    expect(server.state()).toEqual({ state: 'ended' });
    server.emit('session:ended', { sessionId: 'sess_abcdefghijkl' });
    expect(server.client.view).toEqual(toView(server.actor.getSnapshot()));
  });

  /**
   * A submitted situation whose three streams have started, sent as the gateway sends: through the
   * stream log (server/realtime/streams.ts), which notes what the client was sent.
   */
  function streaming() {
    const server = serve();
    const streams = createStreamLog();
    const emit = <E extends ViewEventName>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]) => {
      streams.record(event, payload);
      server.emit(event, payload);
    };
    server.actor.send({ type: 'SUBMIT', situation: 'My coworker takes credit.' });
    server.state();
    for (const index of [0, 1, 2])
      emit('suggestion:start', { generation: 1, index, id: `resp_${index}`, tone: `Tone ${index}` });
    /** Finishes suggestion `index` as the generate actor does: its event, then the machine's. */
    const finish = (index: number, suggestion: Suggestion) => {
      emit('suggestion:done', { generation: 1, index, suggestion });
      server.generate({ type: 'GEN.SUGGESTION', index, suggestion });
    };
    return { server, streams, emit, finish };
  }

  it('a stop keeps what was written: the cards show it, marked stopped, and use it like a finished one', () => {
    const { server, streams, emit, finish } = streaming();
    emit('stream:frame', {
      generation: 1,
      kind: 'suggestions',
      deltas: [
        { index: 0, text: 'I want ' },
        { index: 1, text: 'reply' },
      ],
    });
    emit('stream:frame', { generation: 1, kind: 'suggestions', deltas: [{ index: 0, text: 'to raise ' }] });
    finish(1, { id: 'resp_1', tone: 'Tone 1', text: 'reply 1', explanation: 'why' });
    expect(cardModel(server.client, 0)).toMatchObject({
      status: 'streaming',
      text: 'I want to raise ',
      stopped: false,
    });

    // generation:cancel: the server adds what it sent of each stream (LiveSession.written).
    server.actor.send({ type: 'CANCEL', written: streams.written(1) });
    const changes = server.state();
    expect(Object.keys(changes).sort()).toEqual(['state', 'suggestions', 'versions']);
    expect(changes.state).toBe('ready');
    expect(cardModel(server.client, 0)).toMatchObject({
      status: 'done',
      text: 'I want to raise',
      tone: 'Tone 0',
      explanation: null,
      stopped: true,
    });
    expect(cardModel(server.client, 1)).toMatchObject({ status: 'done', text: 'reply 1', stopped: false });
    expect(cardModel(server.client, 2)).toMatchObject({ status: 'empty', text: '', stopped: false });

    // Refined, it is whole again (no longer stopped); its stopped original is an earlier version.
    server.actor.send({ type: 'REFINE', index: 0, adjustment: 'finish it' });
    server.state();
    const refined = { id: 'resp_0_refined', tone: 'Tone 0', text: 'I want to raise something.', changes: ['finished'] };
    emit('refinement:start', { generation: 1, index: 0 });
    emit('refinement:done', { generation: 1, index: 0, refined, adjustment: 'finish it' });
    server.refine({ type: 'REF.DONE', refined });
    expect(server.state()).toEqual({ state: 'ready' });
    expect(cardModel(server.client, 0)).toMatchObject({ text: 'I want to raise something.', stopped: false });
    server.actor.send({ type: 'RESTORE', index: 0, version: 0 });
    server.state();
    expect(cardModel(server.client, 0)).toMatchObject({ text: 'I want to raise', stopped: true });
  });

  it('a connection that takes over a running generation is shown the text so far at once, then the rest', () => {
    const { server, streams, emit, finish } = streaming();
    emit('stream:frame', {
      generation: 1,
      kind: 'suggestions',
      deltas: [
        { index: 0, text: 'Hello ' },
        { index: 2, text: 'Sorry' },
      ],
    });
    emit('stream:frame', {
      generation: 1,
      kind: 'suggestions',
      deltas: [
        { index: 0, text: 'there' },
        { index: 2, text: 'x', reset: true },
      ],
    });
    finish(1, { id: 'resp_1', tone: 'Tone 1', text: 'reply 1', explanation: 'why' });

    // A reload: session:ready with the live view, then the catch-up, folded by a fresh client.
    const resumedView = toView(server.actor.getSnapshot());
    let client = reducer(initialState(), ready(resumedView));
    streams.catchUp(resumedView, (event, ...args) => {
      client = reducer(client, { type: event, ...(args[0] as object) } as Action);
    });
    expect([0, 1, 2].map((i) => cardModel(client, i)).map((c) => [c.status, c.text, c.tone])).toEqual([
      ['streaming', 'Hello there', 'Tone 0'],
      ['done', 'reply 1', 'Tone 1'],
      ['streaming', 'x', 'Tone 2'],
    ]);
    // The rest streams on as usual; the view stays the one the server holds.
    client = reducer(client, {
      type: 'stream:frame',
      generation: 1,
      kind: 'suggestions',
      deltas: [{ index: 0, text: '!' }],
    });
    expect(cardModel(client, 0).text).toBe('Hello there!');
    expect(client.view).toEqual(resumedView);
  });

  it('events of an older generation, and a newer one adopted before its session:state, keep the two sides equal', () => {
    const server = serve();
    server.actor.send({ type: 'SUBMIT', situation: 'x' });
    server.state();
    generation(server, ['a', 'b', 'c']);
    server.generate({ type: 'GEN.DONE' });
    server.state();
    server.actor.send({ type: 'SUBMIT', situation: 'y' });
    // The new generation's first event overtakes its session:state; an old one comes late.
    server.emit('suggestion:start', { generation: 2, index: 0, id: 'resp_2_0', tone: 'Calm' });
    server.emit('suggestion:done', { generation: 1, index: 1, suggestion: suggestion(1, 'late') });
    const changes = server.state();
    expect(changes).toEqual({ state: 'generating', situation: 'y' });
    expect(server.client.view?.suggestions).toEqual([null, null, null]);
  });
});
