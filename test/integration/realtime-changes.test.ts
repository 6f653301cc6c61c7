// session:state sends what changed, the whole view only on connect and resume (session:ready): a real
// session over a real socket (the built-in coach), every event recorded, folded by the browser
// client's own reducer and compared with the view the server gives a connection that resumes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '../../machines/protocol.ts';
import { sameValue } from '../../machines/view.ts';
import { initialState, reducer, type Action, type ClientState } from '../../client/src/session/reducer.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { sessionClients, type Received } from '../support/socket.ts';
import { waitFor } from '../support/wait.ts';

const SITUATION = 'My coworker keeps taking credit for my ideas in team meetings.';
const SECOND = 'My sister keeps cancelling our plans at the last minute.';
let app: TestApp;
let seq = 0;
const newUser = () => `user_rc${process.pid}_${++seq}`;
const { connect, closeAll } = sessionClients(() => app.baseUrl);

beforeAll(async () => {
  app = await startTestApp({ SOCKET_EVENTS_PER_SECOND: '50' });
});
afterAll(async () => {
  closeAll();
  await app?.close();
});

/** A server event as the browser client's socket hook dispatches it (client/src/session/useSession.ts). */
function toAction({ event, payload: p }: Received): Action | null {
  switch (event) {
    case 'session:ready':
      return { type: 'session:ready', sessionId: p.sessionId, userId: p.userId, resumed: p.resumed, view: p.view };
    case 'session:state':
      return { type: 'session:state', changes: p.changes };
    case 'suggestion:start':
    case 'analysis':
    case 'stream:frame':
    case 'suggestion:done':
    case 'refinement:start':
    case 'refinement:done':
      return { type: event, ...p } as Action;
    case 'interaction:saved':
      return { type: 'interaction:saved', interactionId: p.interactionId };
    case 'session:error':
      return { type: 'session:error', error: p };
    case 'session:ended':
      return { type: 'session:ended', sessionId: p.sessionId };
    default:
      return null;
  }
}

/** The browser client's state after each recorded event, in order. */
function fold(received: Received[]): ClientState[] {
  const states: ClientState[] = [];
  let s = initialState();
  for (const r of received) {
    const action = toAction(r);
    if (action) s = reducer(s, action);
    states.push(s);
  }
  return states;
}

describe('session:state carries what changed', () => {
  it('submit → ready → refine → restore → select → a second submit: small states, and the client ends up with the server’s view', async () => {
    const userId = newUser();
    const c = await connect({ userId });
    const readyAt = async (generation: number) =>
      waitFor(() => c.view().generation === generation && c.view().state === 'ready', {
        what: `generation ${generation} ready (now ${c.view().state})`,
      });

    await c.send('situation:submit', { situation: SITUATION });
    await readyAt(1);
    expect(await c.send('suggestion:refine', { index: 1, adjustment: 'make it more assertive' })).toMatchObject({
      ok: true,
    });
    await c.next('refinement:done');
    await c.until('ready');
    // "Use this version": back to the original of suggestion 1 (the state stays ready).
    const from = c.received.length;
    expect(await c.send('suggestion:restore', { index: 1, version: 0 })).toMatchObject({ ok: true, state: 'ready' });
    await c.next('session:state', () => true, { from });
    expect(await c.send('suggestion:select', { index: 1 })).toMatchObject({ ok: true });
    await c.until('selected');
    expect(await c.send('situation:submit', { situation: SECOND, context: 'relationship' })).toMatchObject({
      ok: true,
    });
    await readyAt(2);

    const states = fold(c.received);
    const client = states[states.length - 1]!;
    expect(client.view).toEqual(c.view());

    // Every session:state: { changes, view: { state } }; a key only when it differs from what the
    // client held just before, the state always.
    const sent = c.received.flatMap((r, i) => (r.event === 'session:state' ? [{ i, payload: r.payload }] : []));
    expect(sent.length).toBeGreaterThanOrEqual(9);
    for (const { i, payload } of sent) {
      expect(Object.keys(payload).sort()).toEqual(['changes', 'view']);
      expect(payload.view).toEqual({ state: payload.changes.state });
      const before = states[i - 1]!.view!;
      for (const [key, value] of Object.entries(payload.changes)) {
        if (key !== 'state') expect(sameValue(before[key as keyof SessionView], value), key).toBe(false);
      }
    }

    // generating → ready: the suggestions, their versions and the analysis came with their own events.
    const toReady = sent.filter(
      ({ i, payload }) => payload.changes.state === 'ready' && states[i - 1]!.view!.state === 'generating',
    );
    expect(toReady).toHaveLength(2);
    for (const { i, payload } of toReady) {
      expect(Object.keys(payload.changes).sort()).toEqual(['model', 'state']);
      expect(payload.changes).not.toHaveProperty('suggestions');
      // Protocol 1 sent the whole view here.
      const whole = JSON.stringify({ view: states[i]!.view });
      const now = JSON.stringify(payload);
      console.info(`generating → ready session:state: ${now.length} bytes (the whole view: ${whole.length} bytes)`);
      expect(now.length).toBeLessThan(whole.length * 0.25);
    }
    // refining → ready: the refined suggestion, its version and the refinement came with refinement:done.
    const fromRefining = sent.find(({ i }) => states[i - 1]!.view!.state === 'refining')!;
    expect(fromRefining.payload.changes).toEqual({ state: 'ready' });
    // The restore: the state stays ready, the suggestion is sent.
    const restored = sent.find(({ i }) => i >= from)!;
    expect(Object.keys(restored.payload.changes).sort()).toEqual(['state', 'suggestions']);
    // The second submit clears what the client held of the first generation.
    const second = sent.find(({ payload }) => payload.changes.generation === 2)!;
    expect(second.payload.changes).toMatchObject({
      state: 'generating',
      situation: SECOND,
      context: 'relationship',
      analysis: null,
      suggestions: [null, null, null],
      versions: [[], [], []],
      refinements: [],
      selected: null,
    });

    // The session resumed elsewhere: the whole view the server gives it is what the client folded.
    const resumed = await connect({ userId, sessionId: c.ready.sessionId });
    expect(resumed.ready.resumed).toBe(true);
    expect(resumed.ready.view).toEqual(client.view);
    expect(client.view?.suggestions.every((s) => s !== null)).toBe(true);
  }, 60_000);
});
