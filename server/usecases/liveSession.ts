// The operations of a live session: each client event of the Socket.IO protocol, what it costs, and
// what it does to the session. The gateway (server/realtime/gateway.ts) implements `LiveSession` for
// one connection and calls these through the operation pipeline, like REST and MCP.
import { z } from 'zod';
import {
  MAX_VERSIONS,
  clientEventSchemas,
  handshakeSchema,
  type ClientEventName,
  type SessionStateName,
} from '../../machines/protocol.ts';
import {
  stateName,
  type SessionEvent,
  type SessionSnapshot,
  type UserEvent,
  type WrittenSoFar,
} from '../../machines/session.ts';
import { newId } from '../domain/ids.ts';
import { AppError } from '../errors.ts';
import type { Cost } from '../limits/index.ts';
import { defineOperation, type Operation } from '../operations/operation.ts';

/** One connection's session, as the operations see it. */
export interface LiveSession {
  snapshot(): SessionSnapshot;
  send(event: UserEvent): void;
  /** Per suggestion index, what the client has been sent of the running generation's streams (a stop keeps it). */
  written(): Array<WrittenSoFar | null>;
  /** Speaks a suggestion beside the machine (voice never changes the session). */
  play(index: number, text: string, tone: string): Promise<void>;
  stopVoice(): void;
}

const ackOutput = z.object({ state: z.custom<SessionStateName>((v) => typeof v === 'string') });
type Ack = { state: SessionStateName };

/** Why an event the machine refuses is refused, in words the person can act on. */
function notAllowed(name: ClientEventName, snapshot: SessionSnapshot, event: UserEvent): string {
  const state = stateName(snapshot);
  if (state === 'ready' && 'index' in event) {
    if (!snapshot.context.suggestions[event.index]) return 'There is no suggestion at that index.';
    if (name === 'suggestion:refine')
      return `This suggestion has ${MAX_VERSIONS} versions, the most kept; use one of them or describe the situation again.`;
    if (name === 'suggestion:restore') return 'That suggestion has no such version.';
  }
  if (snapshot.status !== 'active') return 'This session has ended; reconnect without a sessionId to start a new one.';
  return `"${name}" is not allowed while the session is ${state}.`;
}

/** An event the session machine decides on: refused with invalid_state when the machine cannot take it now. */
function machineEvent<N extends Exclude<ClientEventName, 'voice:play' | 'voice:stop'>>(
  name: N,
  cost: Cost,
  toEvent: (payload: z.output<(typeof clientEventSchemas)[N]>, session: LiveSession) => UserEvent,
): Operation<(typeof clientEventSchemas)[N], typeof ackOutput, LiveSession> {
  return defineOperation({
    name,
    input: clientEventSchemas[name],
    output: ackOutput,
    cost,
    user: 'none',
    run: async (_deps, payload, _ctx, session: LiveSession): Promise<Ack> => {
      const event = toEvent(payload, session);
      const snapshot = session.snapshot();
      if (snapshot.status !== 'active' || !snapshot.can(event as SessionEvent))
        throw new AppError('invalid_state', notAllowed(name, snapshot, event));
      session.send(event);
      return { state: stateName(session.snapshot()) };
    },
  });
}

const playOperation = defineOperation({
  name: 'voice:play',
  input: clientEventSchemas['voice:play'],
  output: ackOutput,
  cost: 'model',
  user: 'none',
  run: async (_deps, { index }, _ctx, session: LiveSession): Promise<Ack> => {
    const suggestion = session.snapshot().context.suggestions[index];
    if (!suggestion) throw new AppError('invalid_state', 'There is no suggestion at that index to play.');
    await session.play(index, suggestion.text, suggestion.tone);
    return { state: stateName(session.snapshot()) };
  },
});

const stopOperation = defineOperation({
  name: 'voice:stop',
  input: clientEventSchemas['voice:stop'],
  output: ackOutput,
  cost: 'cheap',
  user: 'none',
  run: async (_deps, _payload, _ctx, session: LiveSession): Promise<Ack> => {
    session.stopVoice();
    return { state: stateName(session.snapshot()) };
  },
});

/** Every client event, with the budget it draws on: events that start model or voice work draw on the model budget. */
export const liveSessionOperations: {
  [N in ClientEventName]: Operation<(typeof clientEventSchemas)[N], typeof ackOutput, LiveSession>;
} = {
  'situation:submit': machineEvent('situation:submit', 'model', (p) => ({
    type: 'SUBMIT',
    situation: p.situation,
    ...(p.context ? { context: p.context } : {}),
    ...(p.notSafety ? { notSafety: true } : {}),
  })),
  'suggestion:refine': machineEvent('suggestion:refine', 'model', (p) => ({
    type: 'REFINE',
    index: p.index,
    adjustment: p.adjustment,
  })),
  // The id is chosen now, so that re-running the save after a resume records the interaction once.
  'suggestion:select': machineEvent('suggestion:select', 'cheap', (p) => ({
    type: 'SELECT',
    index: p.index,
    interactionId: newId('int'),
  })),
  'suggestion:restore': machineEvent('suggestion:restore', 'cheap', (p) => ({
    type: 'RESTORE',
    index: p.index,
    version: p.version,
  })),
  // What streamed so far goes with the stop: the machine keeps the suggestions that have text.
  'generation:cancel': machineEvent('generation:cancel', 'cheap', (_p, session) => ({
    type: 'CANCEL',
    written: session.written(),
  })),
  'session:retry': machineEvent('session:retry', 'model', () => ({ type: 'RETRY' })),
  'session:end': machineEvent('session:end', 'cheap', () => ({ type: 'END' })),
  'voice:play': playOperation,
  'voice:stop': stopOperation,
};

/**
 * Opening a session (the Socket.IO handshake): the caller is authenticated and draws one point of the
 * cheap budget; the session acts for the authenticated user, or with AUTH_MODE=none for the user the
 * handshake names (a new anonymous user when it names none).
 */
export const openSessionOperation = defineOperation({
  name: 'session:open',
  input: handshakeSchema,
  output: z.object({ userId: z.string(), sessionId: z.string().optional() }),
  cost: 'cheap',
  user: 'optional',
  run: async (_deps, input, { userId }) => ({
    userId: userId ?? newId('user'),
    ...(input.sessionId ? { sessionId: input.sessionId } : {}),
  }),
});
