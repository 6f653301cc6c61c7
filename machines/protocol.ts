// The live-session protocol over Socket.IO: every event both ways, typed, with zod schemas for what
// the client sends (the server validates every inbound payload; a client may be anything). Pure: no
// I/O, imported by the server and by the browser client. Described for people in PROTOCOL.md.
import { z } from 'zod';
import { adjustmentField, contextField, situationField, userIdField } from './domain/fields.ts';
import type { Analysis, Context, RefinedResponse, SessionSuggestion, Suggestion } from './domain/types.ts';
import type { ErrorCode, ErrorDetail } from './domain/errors.ts';

/**
 * Bumped on any breaking change to the events below; sent in `session:ready`. 2: `session:state`
 * carries only what changed (`changes`), merged into the view from `session:ready`.
 */
export const PROTOCOL_VERSION = 2;

/** Versions kept per suggestion (the original and its refinements): bounds a session's snapshot. */
export const MAX_VERSIONS = 12;

/** How long tokens are gathered before a `stream:frame` is sent (about 30 ms: few messages, no visible lag). */
export const FRAME_MS = 30;

export const sessionIdSchema = z
  .string()
  .regex(/^sess_[A-Za-z0-9_-]{10,80}$/, 'must be a session id from session:ready');

/** Sent in the Socket.IO handshake (`io(url, { auth })`). */
export const handshakeSchema = z.object({
  /** Resume this session (from an earlier `session:ready`); a new one is created when absent or unknown. */
  sessionId: sessionIdSchema.optional(),
  /** Without authentication (AUTH_MODE=none) the client names its user; an anonymous id is made when absent. */
  userId: userIdField.optional(),
  /** API key or JWT when the server requires one (also accepted as the Authorization header). */
  token: z.string().max(4096).optional(),
});
export type Handshake = z.infer<typeof handshakeSchema>;

const suggestionIndex = z.number().int('must be a whole number').min(0).max(2);

/** Client → server payloads, one schema per event. */
export const clientEventSchemas = {
  /** `notSafety`: the writer says a situation flagged as a safety concern is not about their safety (ordinary replies). */
  'situation:submit': z.object({
    situation: situationField,
    context: contextField.optional(),
    notSafety: z.boolean().optional(),
  }),
  'suggestion:refine': z.object({ index: suggestionIndex, adjustment: adjustmentField }),
  'suggestion:select': z.object({ index: suggestionIndex }),
  /** "Use this version": version k of `view.versions[index]` becomes the suggestion again (0 is the original). */
  'suggestion:restore': z.object({
    index: suggestionIndex,
    version: z
      .number()
      .int('must be a whole number')
      .min(0)
      .max(MAX_VERSIONS - 1),
  }),
  'generation:cancel': z.object({}),
  'session:retry': z.object({}),
  'session:end': z.object({}),
  /** Speak a suggestion (its current text, refined or not). Outside the state machine: voice never changes the session. */
  'voice:play': z.object({ index: suggestionIndex }),
  'voice:stop': z.object({}),
} as const;
export type ClientEventName = keyof typeof clientEventSchemas;
export type ClientPayload<E extends ClientEventName> = z.input<(typeof clientEventSchemas)[E]>;
export const CLIENT_EVENTS = Object.keys(clientEventSchemas) as ClientEventName[];

export interface ProtocolError {
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
  /** The client event that caused it, when one did. */
  event?: string;
  /** For rate_limited: when to try again. */
  retryAfterMs?: number;
  [extra: string]: unknown;
}

/** Every client event may take an acknowledgement callback; it receives one of these. */
export type Ack = { ok: true; state: SessionStateName } | { ok: false; error: ProtocolError };

export type SessionStateName =
  | 'idle'
  | 'generating'
  | 'ready'
  | 'refining'
  | 'selecting'
  | 'selected'
  | 'failed'
  | 'ending'
  | 'ended';

/** What a client needs to draw the session; sent whole on (re)connect (`session:ready`), then as changes (`session:state`). */
export interface SessionView {
  sessionId: string;
  userId: string;
  state: SessionStateName;
  situation: string | null;
  context: Context | null;
  /** The writer said this situation is not about their safety: the replies are ordinary ones. */
  notSafety: boolean;
  analysis: Analysis | null;
  /**
   * Index 0..2; null until that suggestion is done. After a stop (`generation:cancel` while
   * generating), a suggestion that had text is kept with `stopped: true` and no explanation.
   */
  suggestions: Array<SessionSuggestion | null>;
  /** Who wrote the suggestions once they are done: "calmly-builtin-coach" (BUILTIN_MODEL) or the model's name. */
  model: string | null;
  /** Which suggestion a running refinement works on. */
  refiningIndex: number | null;
  refinements: Array<{ index: number; adjustment: string; refined: RefinedResponse }>;
  /**
   * Per suggestion, every version oldest first: the original, then each refinement with the adjustments
   * that led to it. `stopped: true` marks the text a stop kept (the suggestion shows `stopped` while it is current).
   */
  versions: Array<Array<{ id: string; text: string; adjustments: string[]; stopped?: true }>>;
  selected: { index: number; interactionId: string } | null;
  error: ProtocolError | null;
  /** Increments with every generation; frames and suggestion events carry it. */
  generation: number;
}

/**
 * What `session:state` carries: the top-level keys of the view whose value differs from what this
 * connection holds (its `session:ready` view, the `session:state` changes since, and what the events
 * that carry part of the view gave it: machines/view.ts), `state` always. Merge it into the view.
 */
export type SessionViewChanges = Partial<SessionView> & Pick<SessionView, 'state'>;

export interface StreamDelta {
  /** Suggestion index 0..2 (a refinement streams into the index it refines). */
  index: number;
  text: string;
  /** Drop what this index received so far in this stream before appending text (the upstream restarted). */
  reset?: boolean;
}

/** Server → client events. */
export interface ServerToClientEvents {
  'session:ready': (p: {
    sessionId: string;
    userId: string;
    resumed: boolean;
    protocolVersion: number;
    view: SessionView;
    /** The server has billing on (plans, Upgrade): the client shows billing only then, without asking a route that would answer 404. */
    billing?: boolean;
  }) => void;
  /**
   * The state changed (or its error did, or a version was restored): `changes` to merge into the
   * view. `view` holds only `{ state }`, for readers of protocol 1 that read `view.state` alone (the
   * peer benchmark's stream client); it is not the whole view any more and will go.
   */
  'session:state': (p: { changes: SessionViewChanges; view: Pick<SessionView, 'state'> }) => void;
  analysis: (p: { generation: number; analysis: Analysis }) => void;
  'suggestion:start': (p: { generation: number; index: number; id: string; tone: string }) => void;
  /** Tokens of one or more streams: a stream's first text at once, the rest gathered over ~FRAME_MS; per index, in order. */
  'stream:frame': (p: { generation: number; kind: 'suggestions' | 'refinement'; deltas: StreamDelta[] }) => void;
  'suggestion:done': (p: { generation: number; index: number; suggestion: Suggestion }) => void;
  'refinement:start': (p: { generation: number; index: number }) => void;
  /** `adjustment`: what was asked for, so the client records the refinement and its version itself (protocol 2). */
  'refinement:done': (p: { generation: number; index: number; refined: RefinedResponse; adjustment: string }) => void;
  'interaction:saved': (p: { interactionId: string; saved: true; queuedForProcessing: true }) => void;
  'session:error': (p: ProtocolError) => void;
  'session:ended': (p: { sessionId: string }) => void;
  /** A clip begins: `format` is the real container (mp3 from ElevenLabs, wav from the local voice). */
  'audio:start': (p: {
    playId: string;
    index: number;
    format: AudioFormat;
    contentType: string;
    voice: string;
    auto: boolean;
  }) => void;
  /** The clip's bytes in order (`seq` from 0); playback can start with the first chunks. */
  'audio:chunk': (p: { playId: string; seq: number; data: ArrayBuffer | Uint8Array }) => void;
  /** The clip is complete; `durationMs` is measured from the audio. */
  'audio:end': (p: { playId: string; durationMs: number; bytes: number }) => void;
  /** The clip was stopped (voice:stop, a new clip, or an error) before its end. */
  'audio:stopped': (p: { playId: string; reason: 'stopped' | 'replaced' | 'error' }) => void;
}

export type AudioFormat = 'mp3' | 'wav';

type AckFn = (ack: Ack) => void;

/** Client → server events; the acknowledgement is optional. */
export interface ClientToServerEvents {
  'situation:submit': (p: ClientPayload<'situation:submit'>, ack?: AckFn) => void;
  'suggestion:refine': (p: ClientPayload<'suggestion:refine'>, ack?: AckFn) => void;
  'suggestion:select': (p: ClientPayload<'suggestion:select'>, ack?: AckFn) => void;
  'suggestion:restore': (p: ClientPayload<'suggestion:restore'>, ack?: AckFn) => void;
  'generation:cancel': (p?: ClientPayload<'generation:cancel'>, ack?: AckFn) => void;
  'session:retry': (p?: ClientPayload<'session:retry'>, ack?: AckFn) => void;
  'session:end': (p?: ClientPayload<'session:end'>, ack?: AckFn) => void;
  'voice:play': (p: ClientPayload<'voice:play'>, ack?: AckFn) => void;
  'voice:stop': (p?: ClientPayload<'voice:stop'>, ack?: AckFn) => void;
}
