// The I/O of live sessions: the four actors the session machine invokes, built once per gateway around
// the use-cases REST calls too (streamGeneration, streamRefinement, saveInteraction, endSession).
// Tokens go straight to the session's client through its output (gathered into frames), looked up
// by session id when the actor starts; only milestones are sent back to the machine. Stopping an
// actor (cancel, end, the client gone) aborts its upstream call.
import { fromCallback, fromPromise } from 'xstate';
import type { Ports } from '../ports.ts';
import { toAppError } from '../errors.ts';
import type { ServerToClientEvents } from '../../machines/protocol.ts';
import {
  toProtocolError,
  type ActorEvent,
  type EndActorInput,
  type GenerateActorInput,
  type RefineActorInput,
  type SelectActorInput,
} from '../../machines/session.ts';
import { streamGeneration } from '../usecases/streamGeneration.ts';
import { streamRefinement } from '../usecases/refineResponse.ts';
import { saveInteraction } from '../usecases/saveInteraction.ts';
import { endSession } from '../usecases/endSession.ts';
import { createFrameCoalescer, type FrameCoalescer } from './frames.ts';

export interface SessionOutput {
  emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  frames: FrameCoalescer;
}

function isAbort(err: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (err as Error | undefined)?.name === 'AbortError';
}

/** The output of a session live on this instance; none once it has ended or moved on. */
export type OutputOf = (sessionId: string) => SessionOutput | undefined;

/** Where a session's actor sends when the session is no longer live here (its events have no reader). */
const silent: SessionOutput = { emit: () => {}, frames: createFrameCoalescer(() => {}) };

export function sessionActors(deps: Ports, outputOf: OutputOf) {
  const log = deps.log.child({ component: 'session' });

  /** Working memory keeps what happened in the session; it must never stop the session itself. */
  function remember(userId: string, sessionId: string, key: string, content: unknown): void {
    deps.memory
      .putMemory(userId, {
        sessionId,
        key,
        timeline: 'session',
        agent: 'calmly-session',
        content: JSON.stringify(content),
      })
      .catch((err: Error) => log.warn({ err: err.message, sessionId }, 'could not write working memory'));
  }

  function failed(err: unknown, sessionId: string) {
    const error = toProtocolError(toAppError(err));
    if (error.code === 'internal_error') log.error({ err, sessionId }, 'session step failed');
    return error;
  }
  /** A step's promise, its failure in our vocabulary (a store outage is service_unavailable) for the machine. */
  const classified = <T>(sessionId: string, step: Promise<T>): Promise<T> =>
    step.catch((err: unknown) => {
      if (toAppError(err).code === 'internal_error') log.error({ err, sessionId }, 'session step failed');
      throw toAppError(err);
    });

  return {
    generate: fromCallback<ActorEvent, GenerateActorInput>(({ input, sendBack }) => {
      const out = outputOf(input.sessionId) ?? silent;
      const ac = new AbortController();
      const { generation } = input;
      void (async () => {
        remember(input.userId, input.sessionId, 'situation', { situation: input.situation, context: input.context });
        const { events } = await streamGeneration(
          deps,
          {
            situation: input.situation,
            context: input.context ?? undefined,
            userId: input.userId,
            notSafety: input.notSafety || undefined,
          },
          ac.signal,
        );
        const indexOf = new Map<string, number>();
        const done: unknown[] = [];
        for await (const e of events) {
          if (ac.signal.aborted) return;
          switch (e.type) {
            case 'start': {
              const index = indexOf.size;
              indexOf.set(e.responseId, index);
              out.emit('suggestion:start', { generation, index, id: e.responseId, tone: e.tone });
              break;
            }
            case 'token':
              out.frames.push(generation, 'suggestions', { index: indexOf.get(e.responseId) ?? 0, text: e.text });
              break;
            case 'reset':
              out.frames.push(generation, 'suggestions', {
                index: indexOf.get(e.responseId) ?? 0,
                text: '',
                reset: true,
              });
              break;
            case 'analysis':
              out.frames.flush();
              out.emit('analysis', { generation, analysis: e.analysis });
              sendBack({ type: 'GEN.ANALYSIS', analysis: e.analysis });
              break;
            case 'suggestion': {
              const index = indexOf.get(e.suggestion.id) ?? done.length;
              done.push(e.suggestion);
              out.frames.flush();
              out.emit('suggestion:done', { generation, index, suggestion: e.suggestion });
              sendBack({ type: 'GEN.SUGGESTION', index, suggestion: e.suggestion });
              break;
            }
            case 'done':
              out.frames.flush();
              remember(input.userId, input.sessionId, 'suggestions', {
                situation: input.situation,
                responses: done,
                model: e.model,
              });
              sendBack({ type: 'GEN.DONE', model: e.model });
              break;
          }
        }
      })().catch((err) => {
        if (!isAbort(err, ac.signal)) sendBack({ type: 'GEN.FAILED', error: failed(err, input.sessionId) });
      });
      return () => {
        ac.abort();
        out.frames.clear();
      };
    }),

    refine: fromCallback<ActorEvent, RefineActorInput>(({ input, sendBack }) => {
      const out = outputOf(input.sessionId) ?? silent;
      const ac = new AbortController();
      const { generation, index } = input;
      void (async () => {
        const events = streamRefinement(
          deps,
          {
            responseId: input.suggestion.id,
            originalText: input.suggestion.text,
            adjustment: input.adjustment,
            tone: input.suggestion.tone,
            situation: input.situation,
            userId: input.userId,
          },
          ac.signal,
        );
        for await (const e of events) {
          if (ac.signal.aborted) return;
          if (e.type === 'start') out.emit('refinement:start', { generation, index });
          else if (e.type === 'token') out.frames.push(generation, 'refinement', { index, text: e.text });
          else if (e.type === 'reset') out.frames.push(generation, 'refinement', { index, text: '', reset: true });
          else if (e.type === 'refined') {
            out.frames.flush();
            out.emit('refinement:done', { generation, index, refined: e.refined, adjustment: input.adjustment });
            remember(input.userId, input.sessionId, 'refinement', {
              index,
              adjustment: input.adjustment,
              refined: e.refined,
            });
            sendBack({ type: 'REF.DONE', refined: e.refined });
          }
        }
      })().catch((err) => {
        if (!isAbort(err, ac.signal)) sendBack({ type: 'REF.FAILED', error: failed(err, input.sessionId) });
      });
      return () => {
        ac.abort();
        out.frames.clear();
      };
    }),

    // Through the same use-case as POST /api/interactions; the recorder then writes the row and
    // updates memory. The id was chosen when the selection was made, so a step re-run after a
    // resume records the interaction once.
    select: fromPromise<{ interactionId: string }, SelectActorInput>(async ({ input }) => {
      const out = outputOf(input.sessionId) ?? silent;
      const saved = await classified(
        input.sessionId,
        saveInteraction(
          deps,
          {
            userId: input.userId,
            situationDescription: input.situation,
            detectedContext: input.context ?? undefined,
            selectedResponse: input.suggestion.text,
            selectedTone: input.suggestion.tone,
            refinementCount: input.refinements.length,
            refinements: input.refinements.slice(-10),
            sessionId: input.sessionId,
          },
          { interactionId: input.interactionId },
        ),
      );
      out.emit('interaction:saved', saved);
      return { interactionId: saved.interactionId };
    }),

    end: fromPromise<void, EndActorInput>(async ({ input }) => {
      await classified(input.sessionId, endSession(deps, { userId: input.userId, sessionId: input.sessionId }));
    }),
  };
}
