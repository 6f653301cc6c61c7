// The client's picture of its live session, built from the server's events: the view (the
// machine's state and milestones: whole from session:ready, then session:state's changes merged in,
// and the events that carry part of it applied by the rules the server follows too, in
// machines/view.ts) plus what is streaming right now (text per suggestion, a refinement in
// progress), earlier versions of refined suggestions, the connection and the last error. Pure: no
// sockets, no DOM; the socket hook dispatches one action per event.
import type {
  Analysis,
  ProtocolError,
  RefinedResponse,
  SessionView,
  SessionViewChanges,
  StreamDelta,
  Suggestion,
} from '../protocol.ts';
import { SUGGESTION_COUNT } from '../protocol.ts';
import {
  adoptGeneration as adoptViewGeneration,
  applyDelta,
  mergeChanges,
  setAt,
  viewAfter,
} from '../../../machines/view.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** A suggestion as it streams in (before `suggestion:done`). */
export interface Draft {
  id: string | null;
  tone: string | null;
  text: string;
}

export interface RefinementDraft {
  index: number;
  /** What was asked for, when this client asked (unknown after a resume until the view says). */
  adjustment: string | null;
  text: string;
  /** Asked for here, not yet confirmed by the server (shown as refining at once). */
  pending?: boolean;
}

export interface ShownError {
  error: ProtocolError;
  /** Increments with every error, so the same error twice is announced twice. */
  seq: number;
}

export interface ClientState {
  connection: ConnectionStatus;
  /** Why the connection is offline, in words (another tab took the session, a refused handshake). */
  offlineReason: string | null;
  view: SessionView | null;
  resumed: boolean;
  drafts: Draft[];
  refinement: RefinementDraft | null;
  error: ShownError | null;
  /** A refinement that failed, shown on its card next to the input it came from. */
  refineError: { index: number; error: ProtocolError } | null;
  /** From `interaction:saved`: the selection is durably queued. */
  savedInteractionId: string | null;
  /** The server has billing on (from `session:ready`): only then is anything about plans shown. */
  billing: boolean;
}

export type Action =
  | { type: 'connection'; status: ConnectionStatus; reason?: string | null }
  | { type: 'session:ready'; sessionId: string; userId: string; resumed: boolean; view: SessionView; billing?: boolean }
  | { type: 'session:state'; changes: SessionViewChanges }
  | { type: 'suggestion:start'; generation: number; index: number; id: string; tone: string }
  | { type: 'analysis'; generation: number; analysis: Analysis }
  | { type: 'stream:frame'; generation: number; kind: 'suggestions' | 'refinement'; deltas: StreamDelta[] }
  | { type: 'suggestion:done'; generation: number; index: number; suggestion: Suggestion }
  | { type: 'refinement:requested'; index: number; adjustment: string }
  | { type: 'refinement:start'; generation: number; index: number }
  | { type: 'refinement:done'; generation: number; index: number; refined: RefinedResponse; adjustment: string }
  | { type: 'interaction:saved'; interactionId: string }
  | { type: 'session:error'; error: ProtocolError }
  | { type: 'error:dismiss' }
  | { type: 'session:ended'; sessionId: string };

const emptyDrafts = (): Draft[] => Array.from({ length: SUGGESTION_COUNT }, () => ({ id: null, tone: null, text: '' }));

export function initialState(): ClientState {
  return {
    connection: 'connecting',
    offlineReason: null,
    view: null,
    resumed: false,
    drafts: emptyDrafts(),
    refinement: null,
    error: null,
    refineError: null,
    savedInteractionId: null,
    billing: false,
  };
}

const validIndex = (index: number) => Number.isInteger(index) && index >= 0 && index < SUGGESTION_COUNT;

/** A newer generation than the view's has begun: what streamed for the old one goes. */
function adoptGeneration(state: ClientState, generation: number): ClientState {
  if (!state.view) return state;
  return {
    ...state,
    view: adoptViewGeneration(state.view, generation),
    drafts: emptyDrafts(),
    refinement: null,
    savedInteractionId: null,
  };
}

/**
 * Where an event of `generation` stands: 'old' (ignore it), 'current', or after adopting a newer
 * generation (events can overtake the `session:state` that announces it).
 */
function atGeneration(state: ClientState, generation: number): ClientState | null {
  if (!state.view) return null;
  if (generation < state.view.generation) return null;
  if (generation > state.view.generation) return adoptGeneration(state, generation);
  return state;
}

/** The view after an event that carries part of it (the same rules the server follows). */
function withView(state: ClientState, action: Extract<Action, { type: Parameters<typeof viewAfter>[1] }>): SessionView {
  return viewAfter(state.view!, action.type, action as never);
}

export function reducer(state: ClientState, action: Action): ClientState {
  switch (action.type) {
    case 'connection':
      return {
        ...state,
        connection: action.status,
        offlineReason: action.status === 'offline' ? (action.reason ?? state.offlineReason) : null,
      };

    case 'session:ready': {
      // A (re)connect: the view is the whole truth. A step that was running either goes on (the server
      // follows at once with each stream's suggestion:start or refinement:start and its text so far) or
      // runs again and streams anew.
      const view = action.view;
      return {
        ...state,
        connection: 'connected',
        offlineReason: null,
        view,
        resumed: action.resumed,
        billing: action.billing === true,
        drafts: emptyDrafts(),
        refinement:
          view.state === 'refining' && view.refiningIndex !== null
            ? { index: view.refiningIndex, adjustment: null, text: '' }
            : null,
        savedInteractionId: view.selected?.interactionId ?? null,
      };
    }

    case 'session:state': {
      // What changed since what this connection holds (session:ready always comes first).
      const prev = state.view;
      if (!prev) return state;
      const view = mergeChanges(prev, action.changes);
      const newGeneration = view.generation !== prev.generation;
      const base: ClientState = newGeneration
        ? { ...state, drafts: emptyDrafts(), refinement: null, savedInteractionId: null }
        : state;
      let refinement = base.refinement;
      if (view.state === 'refining' && view.refiningIndex !== null) {
        refinement =
          refinement && refinement.index === view.refiningIndex
            ? { ...refinement, pending: false }
            : { index: view.refiningIndex, adjustment: null, text: '' };
      } else if (!(refinement?.pending && view.state === 'ready')) {
        // A refinement asked for a moment ago stays until the server answers (state or error).
        refinement = null;
      }
      return {
        ...base,
        view,
        refinement,
        savedInteractionId:
          view.selected?.interactionId ?? (view.state === 'selecting' ? base.savedInteractionId : null),
      };
    }

    case 'suggestion:start': {
      if (!validIndex(action.index)) return state;
      const s = atGeneration(state, action.generation);
      if (!s?.view) return state;
      // A (re)started stream: whatever this index showed is superseded.
      return {
        ...s,
        view: withView(s, action),
        drafts: setAt(s.drafts, action.index, { id: action.id, tone: action.tone, text: '' }),
      };
    }

    case 'analysis': {
      const s = atGeneration(state, action.generation);
      if (!s?.view) return state;
      return { ...s, view: withView(s, action) };
    }

    case 'stream:frame': {
      const s = atGeneration(state, action.generation);
      if (!s) return state;
      if (action.kind === 'suggestions') {
        let drafts = s.drafts;
        for (const delta of action.deltas) {
          if (!validIndex(delta.index)) continue;
          const d = drafts[delta.index];
          if (!d) continue; // there is a draft at every valid index
          drafts = setAt(drafts, delta.index, { ...d, text: applyDelta(d.text, delta) });
        }
        return drafts === s.drafts ? s : { ...s, drafts };
      }
      let refinement = s.refinement;
      for (const delta of action.deltas) {
        if (!validIndex(delta.index)) continue;
        const current =
          refinement && refinement.index === delta.index
            ? refinement
            : { index: delta.index, adjustment: null, text: '' };
        refinement = { ...current, text: applyDelta(current.text, delta), pending: false };
      }
      return refinement === s.refinement ? s : { ...s, refinement };
    }

    case 'suggestion:done': {
      if (!validIndex(action.index)) return state;
      const s = atGeneration(state, action.generation);
      if (!s?.view) return state;
      const d = s.drafts[action.index];
      // The done text is authoritative; the draft keeps it too (no flicker if the view lags).
      return {
        ...s,
        view: withView(s, action),
        drafts: setAt(s.drafts, action.index, {
          ...d,
          id: action.suggestion.id,
          tone: action.suggestion.tone,
          text: action.suggestion.text,
        }),
      };
    }

    case 'refinement:requested':
      if (!validIndex(action.index)) return state;
      return {
        ...state,
        refinement: { index: action.index, adjustment: action.adjustment, text: '', pending: true },
        refineError: null,
      };

    case 'refinement:start': {
      if (!validIndex(action.index)) return state;
      const s = atGeneration(state, action.generation);
      if (!s) return state;
      const adjustment = s.refinement && s.refinement.index === action.index ? s.refinement.adjustment : null;
      return { ...s, refinement: { index: action.index, adjustment, text: '', pending: false } };
    }

    case 'refinement:done': {
      if (!validIndex(action.index)) return state;
      const s = atGeneration(state, action.generation);
      if (!s?.view) return state;
      return {
        ...s,
        view: withView(s, action),
        refinement: null,
        refineError: s.refineError?.index === action.index ? null : s.refineError,
      };
    }

    case 'interaction:saved':
      return { ...state, savedInteractionId: action.interactionId };

    case 'session:error': {
      const seq = (state.error?.seq ?? 0) + 1;
      // A refinement that failed leaves its suggestion as it was.
      const refinementFailed =
        action.error.event === 'suggestion:refine' || action.error.code === 'unsupported_adjustment';
      // Shown on the card it came from, next to its input, rather than in a banner far above.
      if (refinementFailed && state.refinement)
        return { ...state, refinement: null, refineError: { index: state.refinement.index, error: action.error } };
      return { ...state, error: { error: action.error, seq }, refinement: refinementFailed ? null : state.refinement };
    }

    case 'error:dismiss':
      return state.error ? { ...state, error: null } : state;

    case 'session:ended':
      return state.view && state.view.sessionId === action.sessionId
        ? { ...state, view: withView(state, action) }
        : state;
  }
}

export type CardStatus = 'empty' | 'streaming' | 'done';

export interface CardModel {
  index: number;
  status: CardStatus;
  /** Being refined right now (status is 'streaming'). */
  refining: boolean;
  id: string | null;
  tone: string | null;
  text: string;
  /** The text before the running refinement (shown dimmed until the refined text starts). */
  previousText: string | null;
  /** null when there is none (a stopped suggestion has none). */
  explanation: string | null;
  /**
   * The text shown is what had been written when the person stopped the generation (show it as
   * stopped); it can be used like any other. False while streaming and once a refinement replaced it.
   */
  stopped: boolean;
  /** Every refinement of this suggestion in this generation, oldest first. */
  refinements: Array<{ id: string; adjustment: string; changes: string[]; notes: string[] }>;
  /** The versions not shown now, oldest first: `version` is what "Use this version" sends. */
  earlier: EarlierVersion[];
  selected: boolean;
  /** Why the last refinement of this card failed, when it did. */
  refineError: ProtocolError | null;
}

/** What one suggestion card shows. */
export function cardModel(state: ClientState, index: number): CardModel {
  const view = state.view;
  const done = view?.suggestions[index] ?? null;
  const draft: Draft = state.drafts[index] ?? { id: null, tone: null, text: '' }; // an index with no draft: nothing streamed
  const r = state.refinement;
  const refining = Boolean(
    r && r.index === index && (view?.state === 'refining' || (r.pending && view?.state === 'ready')),
  );
  const refinements = (view?.refinements ?? []).filter((r) => r.index === index);
  const earlier = earlierVersions(view?.versions?.[index] ?? [], done);
  const base = {
    index,
    refinements: refinements.map((r) => ({
      id: r.refined.id,
      adjustment: r.adjustment,
      changes: r.refined.changes,
      notes: r.refined.notes ?? [],
    })),
    refineError: state.refineError?.index === index ? state.refineError.error : null,
    earlier,
    selected: Boolean(view?.selected && view.selected.index === index && view.state === 'selected'),
  };
  if (refining && state.refinement) {
    return {
      ...base,
      status: 'streaming',
      refining: true,
      id: done?.id ?? draft.id,
      tone: done?.tone ?? draft.tone,
      text: state.refinement.text,
      previousText: done?.text ?? null,
      explanation: done?.explanation || null,
      stopped: false,
    };
  }
  if (done) {
    return {
      ...base,
      status: 'done',
      refining: false,
      id: done.id,
      tone: done.tone,
      text: done.text,
      previousText: null,
      explanation: done.explanation || null,
      stopped: done.stopped === true,
    };
  }
  return {
    ...base,
    // Only a running generation fills an unfinished card; otherwise it has nothing to show.
    status: view?.state === 'generating' ? 'streaming' : 'empty',
    refining: false,
    id: draft.id,
    tone: draft.tone,
    text: draft.text,
    previousText: null,
    explanation: null,
    stopped: false,
  };
}

export interface EarlierVersion {
  version: number;
  text: string;
  label: string;
}

/**
 * The versions of a suggestion other than the one shown, each named by what made it. A version
 * whose text equals the one shown is left out too (an adjustment that changed nothing).
 */
export function earlierVersions(
  versions: SessionView['versions'][number],
  current: { id: string; text: string } | null,
): EarlierVersion[] {
  return versions
    .map((v, version) => {
      const asked = v.adjustments[v.adjustments.length - 1];
      return { version, id: v.id, text: v.text, label: version === 0 ? 'Original' : `After “${asked ?? 'a change'}”` };
    })
    .filter(
      (v, k, all) => v.id !== current?.id && v.text !== current?.text && all.findIndex((w) => w.text === v.text) === k,
    )
    .map(({ version, text, label }) => ({ version, text, label }));
}

/** The states in which a new situation may be submitted. */
export const CAN_SUBMIT: ReadonlySet<string> = new Set(['idle', 'ready', 'selected', 'failed']);
/** The states a cancel applies to. */
export const CAN_CANCEL: ReadonlySet<string> = new Set(['generating', 'refining']);
