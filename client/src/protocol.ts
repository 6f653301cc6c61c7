// The shared live-session protocol and domain vocabulary, as the client sees them. Everything is
// imported as types only (machines/protocol.ts carries zod schemas the browser does not need); the
// few constants the client uses are restated here with their type taken from the source, so a
// change in the protocol or the field limits fails the client's type check instead of drifting.
import type { FRAME_MS as ProtocolFrameMs, PROTOCOL_VERSION as ProtocolVersion } from '../../machines/protocol.ts';
import type { LIMITS } from '../../machines/domain/fields.ts';
import type { Context, PreferredTone } from '../../machines/domain/types.ts';

export type {
  Ack,
  AudioFormat,
  ClientPayload,
  ClientToServerEvents,
  ProtocolError,
  ServerToClientEvents,
  SessionStateName,
  SessionView,
  SessionViewChanges,
  StreamDelta,
} from '../../machines/protocol.ts';
export type {
  Analysis,
  Context,
  LearnedPatterns,
  Preferences,
  PreferredTone,
  RefinedResponse,
  SafetyFlag,
  Suggestion,
} from '../../machines/domain/types.ts';
export type { ErrorCode, ErrorDetail } from '../../server/errors.ts';

/** The protocol this client speaks; a server speaking another one was updated after this page loaded. */
export const PROTOCOL_VERSION: typeof ProtocolVersion = 2;

/** How often the server sends a stream frame (the caret's blink follows it). */
export const FRAME_MS: typeof ProtocolFrameMs = 30;

export const SITUATION_MAX: (typeof LIMITS)['situation'] = 2000;
export const ADJUSTMENT_MAX: (typeof LIMITS)['adjustment'] = 200;
export const HISTORY_PAGE_SIZE_MAX: (typeof LIMITS)['maxPageSize'] = 50;

/** Compile-time check that a list names every member of a union, and nothing else. */
type Exactly<List extends readonly string[], Union extends string> = [List[number]] extends [Union]
  ? [Union] extends [List[number]]
    ? List
    : never
  : never;

const contexts = ['work', 'friendship', 'relationship'] as const;
export const CONTEXTS: Exactly<typeof contexts, Context> = contexts;

const tones = ['balanced', 'professional', 'empathetic', 'direct', 'assertive', 'gentle', 'casual'] as const;
export const PREFERRED_TONES: Exactly<typeof tones, PreferredTone> = tones;

/** Three suggestions per situation, indexes 0..2. */
export const SUGGESTION_COUNT = 3;
