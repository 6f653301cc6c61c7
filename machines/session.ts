// One live coaching session as a state machine: a situation is submitted, three suggestions stream in
// (with the analysis), one may be refined, one is selected; cancel, retry after an error, a new
// situation and end are allowed where they make sense. Pure: the four actors (generate, refine,
// select, end) are placeholders here and are provided by the server with `machine.provide`; tokens
// never pass through the machine (the server's actors stream them to the client directly), only
// the milestones do, so every persisted snapshot holds what the client must see again on resume.
import { assign, fromCallback, fromPromise, setup, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import { ERROR_STATUS } from './domain/errors.ts';
import { LIMITS, textField } from './domain/fields.ts';
import type { Analysis, Context, RefinedResponse, SessionSuggestion, Suggestion } from './domain/types.ts';
import { currentVersion, refinedSuggestion, withVersion } from './view.ts';
import { MAX_VERSIONS, type ProtocolError, type SessionStateName, type SessionView } from './protocol.ts';

export interface SessionContext {
  sessionId: string;
  userId: string;
  situation: string | null;
  /** The context the person chose, if any (the detected one is `analysis.context`). */
  givenContext: Context | null;
  notSafety: boolean;
  analysis: Analysis | null;
  suggestions: Array<SessionSuggestion | null>;
  /** Who wrote the suggestions: the built-in coach or a model's name. */
  model: string | null;
  refiningIndex: number | null;
  pendingAdjustment: string | null;
  refinements: Array<{ index: number; adjustment: string; refined: RefinedResponse }>;
  /** Every version of each suggestion, oldest first (the original, then each refinement); the current one is `suggestions[i]`. */
  versions: SuggestionVersion[][];
  selecting: { index: number; interactionId: string } | null;
  selected: { index: number; interactionId: string } | null;
  error: ProtocolError | null;
  generation: number;
}

/** One version of a suggestion and the adjustments that led to it from the original. */
export interface SuggestionVersion {
  id: string;
  text: string;
  adjustments: string[];
  /** The text a stop kept (cut short); restoring this version makes the suggestion stopped again. */
  stopped?: true;
}

/** What had streamed of one suggestion when the person stopped: from its `suggestion:start` and its frames. */
export interface WrittenSoFar {
  id: string;
  tone: string;
  text: string;
}

export interface SessionInput {
  sessionId: string;
  userId: string;
}

/** Events from the client (after validation; SELECT's interactionId is assigned by the server). */
export type UserEvent =
  | { type: 'SUBMIT'; situation: string; context?: Context; notSafety?: boolean }
  | { type: 'REFINE'; index: number; adjustment: string }
  | { type: 'SELECT'; index: number; interactionId: string }
  | { type: 'RESTORE'; index: number; version: number }
  /** `written`: per index, what had streamed of the running generation (added by the server, like SELECT's id). */
  | { type: 'CANCEL'; written?: Array<WrittenSoFar | null> }
  | { type: 'RETRY' }
  | { type: 'END' };

/** Events the generate and refine actors send back. */
export type ActorEvent =
  | { type: 'GEN.ANALYSIS'; analysis: Analysis }
  | { type: 'GEN.SUGGESTION'; index: number; suggestion: Suggestion }
  | { type: 'GEN.DONE'; model?: string }
  | { type: 'GEN.FAILED'; error: ProtocolError }
  | { type: 'REF.DONE'; refined: RefinedResponse }
  | { type: 'REF.FAILED'; error: ProtocolError };

export type SessionEvent = UserEvent | ActorEvent;

export interface GenerateActorInput {
  sessionId: string;
  userId: string;
  situation: string;
  context: Context | null;
  notSafety: boolean;
  generation: number;
}

export interface RefineActorInput {
  sessionId: string;
  userId: string;
  situation: string;
  generation: number;
  index: number;
  suggestion: SessionSuggestion;
  adjustment: string;
}

export interface SelectActorInput {
  sessionId: string;
  userId: string;
  interactionId: string;
  situation: string;
  context: Context | null;
  suggestion: SessionSuggestion;
  /** The user's refinement requests for the chosen suggestion, in order. */
  refinements: string[];
}

export interface EndActorInput {
  sessionId: string;
  userId: string;
}

const notProvided = (name: string) => () => {
  throw new Error(`the "${name}" actor is provided by the server (machine.provide)`);
};

/**
 * Anything thrown by an actor, as the protocol's error (an AppError-like object keeps its code). Only
 * our codes pass: a driver's error also has a string `code` (ECONNREFUSED, a Postgres SQLSTATE) and a
 * message that may hold SQL; the server classifies those (server/errors.ts) before they get here.
 */
export function toProtocolError(err: unknown): ProtocolError {
  const e = err as { code?: unknown; message?: unknown; details?: unknown; extra?: unknown } | undefined;
  if (e && typeof e.code === 'string' && Object.hasOwn(ERROR_STATUS, e.code) && typeof e.message === 'string') {
    return {
      // Safe-to-show extras (for example `supported` with unsupported_adjustment).
      ...(e.extra && typeof e.extra === 'object' ? (e.extra as Record<string, unknown>) : {}),
      code: e.code as ProtocolError['code'],
      message: e.message,
      ...(Array.isArray(e.details) ? { details: e.details as ProtocolError['details'] } : {}),
    };
  }
  return { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' };
}

/**
 * The part of a stopped stream that is kept: trimmed and at most what an interaction stores, so selecting
 * it always records (the same rule as POST /api/interactions' selectedResponse); null when nothing
 * visible and storable is left.
 */
export function keptText(streamed: string): string | null {
  let text = streamed.trim();
  if (text.length > LIMITS.selectedResponse)
    text = text
      .slice(0, LIMITS.selectedResponse)
      .replace(/[\uD800-\uDBFF]$/, '')
      .trimEnd();
  return textField(LIMITS.selectedResponse).safeParse(text).success ? text : null;
}

/**
 * The suggestions a stop leaves: finished ones as they are, a started one with text as a stopped
 * suggestion (its tone from `suggestion:start`, no explanation), the rest dropped.
 */
function keptAfterStop(
  context: SessionContext,
  written: ReadonlyArray<WrittenSoFar | null> = [],
): { suggestions: Array<SessionSuggestion | null>; versions: SuggestionVersion[][] } {
  const versions = versionsOf(context);
  const kept = context.suggestions.map((done, i): { s: SessionSuggestion | null; v: SuggestionVersion[] } => {
    if (done) return { s: done, v: versions[i] ?? [] };
    const w = written[i];
    const text = w ? keptText(w.text) : null;
    if (!w || text === null) return { s: null, v: [] };
    return {
      s: { id: w.id, tone: w.tone, text, stopped: true },
      v: [{ id: w.id, text, adjustments: [], stopped: true }],
    };
  });
  return { suggestions: kept.map((k) => k.s), versions: kept.map((k) => k.v) };
}

/** A new session's context: nothing described yet. */
function initialContext(input: SessionInput): SessionContext {
  return {
    sessionId: input.sessionId,
    userId: input.userId,
    situation: null,
    givenContext: null,
    notSafety: false,
    analysis: null,
    suggestions: [null, null, null],
    model: null,
    refiningIndex: null,
    pendingAdjustment: null,
    refinements: [],
    versions: [[], [], []],
    selecting: null,
    selected: null,
    error: null,
    generation: 0,
  };
}

export const sessionMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as SessionEvent,
    input: {} as SessionInput,
  },
  actors: {
    generate: fromCallback<ActorEvent, GenerateActorInput>(notProvided('generate')),
    refine: fromCallback<ActorEvent, RefineActorInput>(notProvided('refine')),
    select: fromPromise<{ interactionId: string }, SelectActorInput>(notProvided('select')),
    end: fromPromise<void, EndActorInput>(notProvided('end')),
  },
  guards: {
    hasSuggestion: ({ context }, params: { index: number }) => Boolean(context.suggestions[params.index]),
    hasSituation: ({ context }) => context.situation !== null,
    keepsSomething: ({ context }, params: { written?: ReadonlyArray<WrittenSoFar | null> }) =>
      keptAfterStop(context, params.written).suggestions.some(Boolean),
    canRefine: ({ context }, params: { index: number }) => {
      const versions = versionsOf(context)[params.index];
      return Boolean(context.suggestions[params.index]) && versions !== undefined && versions.length < MAX_VERSIONS;
    },
    hasVersion: ({ context }, params: { index: number; version: number }) => {
      const versions = versionsOf(context)[params.index];
      return Boolean(context.suggestions[params.index]) && versions !== undefined && params.version < versions.length;
    },
  },
  actions: {
    /** "Use this version": an earlier text becomes the suggestion again; refining goes on from it. */
    restoreVersion: assign(({ context }, params: { index: number; version: number }) => {
      const v = versionsOf(context)[params.index]?.[params.version];
      if (!v) return {}; // the hasVersion guard lets only a version that is there through
      const before = context.suggestions[params.index]!;
      return {
        suggestions: context.suggestions.map((s, i) => (i === params.index ? withVersion(before, v) : s)),
        error: null,
      };
    }),
    startSituation: assign(({ context }, params: { situation: string; context?: Context; notSafety?: boolean }) => ({
      situation: params.situation,
      givenContext: params.context ?? null,
      notSafety: params.notSafety ?? false,
      analysis: null,
      suggestions: [null, null, null],
      model: null,
      refinements: [],
      versions: [[], [], []],
      refiningIndex: null,
      pendingAdjustment: null,
      selecting: null,
      selected: null,
      error: null,
      generation: context.generation + 1,
    })),
    restartGeneration: assign(({ context }) => ({
      analysis: null,
      suggestions: [null, null, null],
      model: null,
      refinements: [],
      versions: [[], [], []],
      error: null,
      generation: context.generation + 1,
    })),
    clearError: assign({ error: null }),
    setError: assign((_, params: { error: ProtocolError }) => ({ error: params.error })),
  },
}).createMachine({
  id: 'session',
  context: ({ input }) => initialContext(input),
  initial: 'idle',
  on: {
    END: '.ending',
  },
  states: {
    idle: {
      on: {
        SUBMIT: { target: 'generating', actions: { type: 'startSituation', params: ({ event }) => event } },
      },
    },
    generating: {
      invoke: {
        src: 'generate',
        input: ({ context }) => ({
          sessionId: context.sessionId,
          userId: context.userId,
          situation: context.situation!,
          context: context.givenContext,
          notSafety: context.notSafety,
          generation: context.generation,
        }),
        onError: {
          target: 'failed',
          actions: { type: 'setError', params: ({ event }) => ({ error: toProtocolError(event.error) }) },
        },
      },
      on: {
        'GEN.ANALYSIS': { actions: assign({ analysis: ({ event }) => event.analysis }) },
        'GEN.SUGGESTION': {
          actions: assign({
            suggestions: ({ context, event }) =>
              context.suggestions.map((s, i) => (i === event.index ? event.suggestion : s)),
            versions: ({ context, event }) =>
              versionsOf(context).map((v, i) =>
                i === event.index ? [{ id: event.suggestion.id, text: event.suggestion.text, adjustments: [] }] : v,
              ),
          }),
        },
        'GEN.DONE': { target: 'ready', actions: assign({ model: ({ event }) => event.model ?? null }) },
        'GEN.FAILED': {
          target: 'failed',
          actions: { type: 'setError', params: ({ event }) => ({ error: event.error }) },
        },
        // A stop keeps what was written: finished suggestions and the text so far of the others, usable
        // like finished ones. With nothing written yet it goes back to idle; the situation stays (so it
        // can be edited and sent again).
        CANCEL: [
          {
            guard: { type: 'keepsSomething', params: ({ event }) => ({ written: event.written }) },
            target: 'ready',
            actions: assign(({ context, event }) => keptAfterStop(context, event.written)),
          },
          {
            target: 'idle',
            actions: assign({ suggestions: [null, null, null], versions: [[], [], []], analysis: null }),
          },
        ],
      },
    },
    ready: {
      on: {
        // A stop that crossed the end of the step it meant to stop (the client still showed it running):
        // there is nothing left to stop, and what finished stays (a target, so that can() allows it).
        CANCEL: { target: 'ready' },
        SUBMIT: { target: 'generating', actions: { type: 'startSituation', params: ({ event }) => event } },
        REFINE: {
          guard: { type: 'canRefine', params: ({ event }) => ({ index: event.index }) },
          target: 'refining',
          actions: assign({
            refiningIndex: ({ event }) => event.index,
            pendingAdjustment: ({ event }) => event.adjustment,
            error: null,
          }),
        },
        SELECT: {
          guard: { type: 'hasSuggestion', params: ({ event }) => ({ index: event.index }) },
          target: 'selecting',
          actions: assign({
            selecting: ({ event }) => ({ index: event.index, interactionId: event.interactionId }),
            error: null,
          }),
        },
        // "Use this version": an earlier text becomes the suggestion again; refining goes on from it.
        RESTORE: {
          guard: { type: 'hasVersion', params: ({ event }) => ({ index: event.index, version: event.version }) },
          actions: { type: 'restoreVersion', params: ({ event }) => event },
        },
      },
    },
    refining: {
      invoke: {
        src: 'refine',
        input: ({ context }) => ({
          sessionId: context.sessionId,
          userId: context.userId,
          situation: context.situation!,
          generation: context.generation,
          index: context.refiningIndex!,
          suggestion: context.suggestions[context.refiningIndex!]!,
          adjustment: context.pendingAdjustment!,
        }),
        onError: {
          target: 'ready',
          actions: [
            { type: 'setError', params: ({ event }) => ({ error: toProtocolError(event.error) }) },
            assign({ refiningIndex: null, pendingAdjustment: null }),
          ],
        },
      },
      on: {
        'REF.DONE': {
          target: 'ready',
          actions: assign(({ context, event }) => {
            const index = context.refiningIndex!;
            const before = context.suggestions[index]!;
            // The refined text takes the suggestion's place (same tone; the explanation still holds).
            const next = refinedSuggestion(before, event.refined);
            const versions = versionsOf(context);
            const from = currentVersion(versions[index], before);
            const version: SuggestionVersion = {
              id: next.id,
              text: next.text,
              adjustments: [...from.adjustments, context.pendingAdjustment!],
            };
            return {
              suggestions: context.suggestions.map((s, i) => (i === index ? next : s)),
              versions: versions.map((v, i) => (i === index ? [...v, version] : v)),
              refinements: [
                ...context.refinements,
                { index, adjustment: context.pendingAdjustment!, refined: event.refined },
              ],
              refiningIndex: null,
              pendingAdjustment: null,
            };
          }),
        },
        // A refinement that cannot be done (for example an adjustment the coach does not understand)
        // leaves the suggestions as they were.
        'REF.FAILED': {
          target: 'ready',
          actions: [
            { type: 'setError', params: ({ event }) => ({ error: event.error }) },
            assign({ refiningIndex: null, pendingAdjustment: null }),
          ],
        },
        CANCEL: { target: 'ready', actions: assign({ refiningIndex: null, pendingAdjustment: null }) },
      },
    },
    selecting: {
      invoke: {
        src: 'select',
        input: ({ context }) => {
          const { index, interactionId } = context.selecting!;
          return {
            sessionId: context.sessionId,
            userId: context.userId,
            interactionId,
            situation: context.situation!,
            context: context.givenContext ?? context.analysis?.context ?? null,
            suggestion: context.suggestions[index]!,
            // What was asked on the way to the chosen version (a restored original has none).
            refinements: currentVersion(versionsOf(context)[index], context.suggestions[index]!).adjustments,
          };
        },
        onDone: {
          target: 'selected',
          actions: assign({ selected: ({ context }) => context.selecting, selecting: null }),
        },
        onError: {
          target: 'ready',
          actions: [
            { type: 'setError', params: ({ event }) => ({ error: toProtocolError(event.error) }) },
            assign({ selecting: null }),
          ],
        },
      },
    },
    selected: {
      on: {
        SUBMIT: { target: 'generating', actions: { type: 'startSituation', params: ({ event }) => event } },
        // A change of mind after choosing: an earlier version comes back and the replies can be used
        // again (the choice already saved stays in the history; choosing again saves another).
        RESTORE: {
          guard: { type: 'hasVersion', params: ({ event }) => ({ index: event.index, version: event.version }) },
          target: 'ready',
          actions: [{ type: 'restoreVersion', params: ({ event }) => event }, assign({ selected: null })],
        },
      },
    },
    failed: {
      on: {
        RETRY: { guard: 'hasSituation', target: 'generating', actions: 'restartGeneration' },
        SUBMIT: { target: 'generating', actions: { type: 'startSituation', params: ({ event }) => event } },
      },
    },
    ending: {
      // Ending from anywhere stops a running generation (the invoked actor is stopped on exit).
      on: { END: {} },
      invoke: {
        src: 'end',
        input: ({ context }) => ({ sessionId: context.sessionId, userId: context.userId }),
        onDone: 'ended',
        // The episode is also written by the idle sweep; the session ends either way.
        onError: 'ended',
      },
    },
    ended: { type: 'final' },
  },
});

export type SessionMachine = typeof sessionMachine;
export type SessionActor = ActorRefFrom<SessionMachine>;
export type SessionSnapshot = SnapshotFrom<SessionMachine>;

/** The state's name as the protocol knows it. */
export function stateName(snapshot: SessionSnapshot): SessionStateName {
  return (typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value)[0]) as SessionStateName;
}

/** Whether a session holds anything worth resuming: a situation was described. */
export function hasContent(snapshot: SessionSnapshot): boolean {
  return snapshot.context.situation !== null;
}

/**
 * Every suggestion's versions. Snapshots persisted before versions were kept have none: their
 * current texts stand in as originals.
 */
export function versionsOf(c: Pick<SessionContext, 'versions' | 'suggestions'>): SuggestionVersion[][] {
  if (Array.isArray(c.versions) && c.versions.length === c.suggestions.length) return c.versions;
  return c.suggestions.map((s) => (s ? [{ id: s.id, text: s.text, adjustments: [] }] : []));
}

/** What the client is shown of a session nobody has described anything in yet (no actor needed). */
export function initialView(input: SessionInput): SessionView {
  return toView({ value: 'idle', status: 'active', context: initialContext(input) } as SessionSnapshot);
}

/** What the client is shown of a snapshot. */
export function toView(snapshot: SessionSnapshot): SessionView {
  const c = snapshot.context;
  return {
    sessionId: c.sessionId,
    userId: c.userId,
    state: stateName(snapshot),
    situation: c.situation,
    context: c.givenContext,
    notSafety: c.notSafety ?? false,
    analysis: c.analysis,
    suggestions: c.suggestions,
    model: c.model ?? null,
    refiningIndex: c.refiningIndex,
    refinements: c.refinements,
    versions: versionsOf(c),
    selected: c.selected,
    error: c.error,
    generation: c.generation,
  };
}

/**
 * A persisted snapshot as this version of the machine reads it: snapshots stored before
 * `givenContext` had its name (it was `context`) keep the context the person chose.
 */
export function upgradeSnapshot(persisted: unknown): SessionSnapshot {
  const snapshot = persisted as { context?: Record<string, unknown> };
  if (!snapshot?.context || 'givenContext' in snapshot.context) return persisted as SessionSnapshot;
  const { context: given = null, ...rest } = snapshot.context;
  return { ...snapshot, context: { ...rest, givenContext: given } } as unknown as SessionSnapshot;
}
