// What a client holds of its session's view, and what it has not been told yet. `session:ready`
// carries the whole view; `session:state` carries only the top-level keys that differ from what that
// connection already holds (`state` always), and the client merges them into its view. The events
// that carry part of the view (`suggestion:done`, `analysis`, `refinement:done`, …) change what the
// client holds too, by the rules below. Pure and shared: the browser client applies them
// (client/src/session/reducer.ts) and the server keeps, per connection, the view that client holds
// by applying the same rules to every event it sends it (server/realtime/gateway.ts), so the two
// cannot drift apart.
import type { RefinedResponse, SessionSuggestion, Suggestion } from './domain/types.ts';
import type { ServerToClientEvents, SessionView, SessionViewChanges, StreamDelta } from './protocol.ts';

type SuggestionVersion = SessionView['versions'][number][number];

/** The server events that change what a client holds of the view. */
export type ViewEventName =
  | 'suggestion:start'
  | 'analysis'
  | 'stream:frame'
  | 'suggestion:done'
  | 'refinement:start'
  | 'refinement:done'
  | 'session:ended';
type Payload<E extends ViewEventName> = Parameters<ServerToClientEvents[E]>[0];

const VIEW_EVENTS: ReadonlySet<string> = new Set<ViewEventName>([
  'suggestion:start',
  'analysis',
  'stream:frame',
  'suggestion:done',
  'refinement:start',
  'refinement:done',
  'session:ended',
]);

export const isViewEvent = (event: string): event is ViewEventName => VIEW_EVENTS.has(event);

const validIndex = (view: SessionView, index: number) =>
  Number.isInteger(index) && index >= 0 && index < view.suggestions.length;

/** A copy of `list` with `value` at `index` (views and the client's drafts are never changed in place). */
export function setAt<T>(list: readonly T[], index: number, value: T): T[] {
  const next = list.slice();
  next[index] = value;
  return next;
}

/** A stream's text after one delta: appended, or in place of what it had when the upstream restarted (`reset`). */
export function applyDelta(text: string, delta: StreamDelta): string {
  return (delta.reset ? '' : text) + delta.text;
}

/** A newer generation than the view's has begun (an event can overtake the `session:state` that announces it): what belonged to the old one goes. */
export function adoptGeneration(view: SessionView, generation: number): SessionView {
  return {
    ...view,
    generation,
    analysis: null,
    suggestions: view.suggestions.map(() => null),
    refinements: [],
    versions: view.suggestions.map(() => []),
    selected: null,
    refiningIndex: null,
  };
}

/**
 * The view after a server event, as the client holds it: events of an older generation change
 * nothing, a newer generation is adopted first. Events that carry no part of the view return it
 * unchanged (the same object).
 */
export function viewAfter<E extends ViewEventName>(view: SessionView, event: E, payload: Payload<E>): SessionView {
  if (event === 'session:ended') {
    const p = payload as Payload<'session:ended'>;
    return p.sessionId === view.sessionId && view.state !== 'ended' ? { ...view, state: 'ended' } : view;
  }
  const p = payload as Payload<Exclude<ViewEventName, 'session:ended'>>;
  if (p.generation < view.generation) return view;
  const v = p.generation > view.generation ? adoptGeneration(view, p.generation) : view;
  switch (event) {
    case 'suggestion:start': {
      // A (re)started stream: whatever this index showed is superseded.
      const { index } = payload as Payload<'suggestion:start'>;
      return validIndex(v, index) ? { ...v, suggestions: setAt(v.suggestions, index, null) } : v;
    }
    case 'analysis':
      return { ...v, analysis: (payload as Payload<'analysis'>).analysis };
    case 'suggestion:done': {
      // As the session machine records it: the suggestion, and its first version.
      const { index, suggestion } = payload as Payload<'suggestion:done'>;
      if (!validIndex(v, index)) return v;
      return {
        ...v,
        suggestions: setAt(v.suggestions, index, suggestion),
        versions: setAt(v.versions, index, [{ id: suggestion.id, text: suggestion.text, adjustments: [] }]),
      };
    }
    case 'refinement:done': {
      // As the session machine records it: the refined text takes the suggestion's place (same tone
      // and explanation), a new version follows the one it was made from, the refinement is listed.
      const { index, refined, adjustment } = payload as Payload<'refinement:done'>;
      if (!validIndex(v, index)) return v;
      const before = v.suggestions[index];
      const after = refinedSuggestion(before ?? { ...refined, explanation: '' }, refined);
      const versions = v.versions[index] ?? [];
      const from = before ? currentVersion(versions, before) : undefined;
      const version = { id: after.id, text: after.text, adjustments: [...(from?.adjustments ?? []), adjustment] };
      return {
        ...v,
        suggestions: setAt(v.suggestions, index, after),
        versions: setAt(v.versions, index, [...versions, version]),
        refinements: [...v.refinements, { index, adjustment, refined }],
        refiningIndex: null,
      };
    }
    default:
      // stream:frame, refinement:start: only their generation counts here.
      return v;
  }
}

/**
 * A refinement's text in place of a suggestion's: same tone, the explanation still holds. A refined
 * text is whole, so it is no longer stopped (a stopped one had no explanation: it has an empty one).
 */
export function refinedSuggestion(
  before: SessionSuggestion,
  refined: Pick<RefinedResponse, 'id' | 'text'>,
): Suggestion {
  return { id: refined.id, tone: before.tone, text: refined.text, explanation: before.explanation ?? '' };
}

/** A suggestion showing one of its versions again ("Use this version"): stopped if that version is the text a stop kept. */
export function withVersion(before: SessionSuggestion, v: SuggestionVersion): SessionSuggestion {
  const { stopped: _stopped, explanation, ...rest } = before;
  if (v.stopped) return { ...rest, ...(explanation ? { explanation } : {}), id: v.id, text: v.text, stopped: true };
  return { ...rest, explanation: explanation ?? '', id: v.id, text: v.text };
}

/** The version a suggestion shows now (by id; the latest when its id is unknown). */
export function currentVersion(
  versions: readonly SuggestionVersion[] = [],
  current: SessionSuggestion,
): SuggestionVersion {
  return (
    versions.find((v) => v.id === current.id) ??
    versions[versions.length - 1] ?? { id: current.id, text: current.text, adjustments: [] }
  );
}

/** Whether two JSON values are equal (what a client would hold after a merge either way). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      return false;
  }
  return true;
}

/**
 * What `session:state` carries: the top-level keys of `next` whose value differs from what the
 * client holds (`known`), and `state` always. The session machine replaces what it changes, so most
 * keys are told apart by reference; a different reference is compared by content (a suggestion the
 * client rebuilt from `refinement:done`, versions derived again), so nothing the client holds is sent again.
 */
export function viewChanges(known: SessionView, next: SessionView): SessionViewChanges {
  const changes: Partial<SessionView> = {};
  for (const key of Object.keys(next) as Array<keyof SessionView>) {
    if (key !== 'state' && sameValue(known[key], next[key])) continue;
    (changes as Record<string, unknown>)[key] = next[key];
  }
  return changes as SessionViewChanges;
}

/** The client's view with a `session:state`'s changes merged in. */
export function mergeChanges(view: SessionView, changes: SessionViewChanges): SessionView {
  return { ...view, ...changes };
}
