// What a live session's client has been sent of the streams still running: per suggestion of the
// current generation its start (id, tone) and the text so far, and the running refinement's text.
// Tokens never pass through the session machine, so only the instance running the step knows this:
// it keeps it per session, so that a stop keeps what the person saw (CANCEL's `written`) and a
// connection that takes the session over (a reload, a second tab) is brought to the same point at once
// with the ordinary events, which the client already applies (no new rules in machines/view.ts).
import type { ServerToClientEvents, SessionView } from '../../machines/protocol.ts';
import type { WrittenSoFar } from '../../machines/session.ts';
import { applyDelta, setAt } from '../../machines/view.ts';

type Emit = <E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>) => void;

export function createStreamLog() {
  let generation = 0;
  let suggestions: Array<WrittenSoFar | null> = [];
  let refinement: { index: number; text: string } | null = null;

  /** Events of a newer generation start afresh; older ones change nothing. */
  const at = (g: number): boolean => {
    if (g < generation) return false;
    if (g > generation) {
      generation = g;
      suggestions = [];
      refinement = null;
    }
    return true;
  };

  return {
    /** Notes one event sent to the client (only the stream events count). */
    record<E extends keyof ServerToClientEvents>(event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
      if (event === 'suggestion:start') {
        const p = payload as Parameters<ServerToClientEvents['suggestion:start']>[0];
        if (at(p.generation)) suggestions = setAt(suggestions, p.index, { id: p.id, tone: p.tone, text: '' });
      } else if (event === 'stream:frame') {
        const p = payload as Parameters<ServerToClientEvents['stream:frame']>[0];
        if (!at(p.generation)) return;
        for (const d of p.deltas) {
          if (p.kind === 'refinement')
            refinement = { index: d.index, text: applyDelta(refinement?.index === d.index ? refinement.text : '', d) };
          else {
            const s = suggestions[d.index];
            if (s) suggestions = setAt(suggestions, d.index, { ...s, text: applyDelta(s.text, d) });
          }
        }
      } else if (event === 'refinement:start') {
        const p = payload as Parameters<ServerToClientEvents['refinement:start']>[0];
        if (at(p.generation)) refinement = { index: p.index, text: '' };
      } else if (event === 'refinement:done') {
        const p = payload as Parameters<ServerToClientEvents['refinement:done']>[0];
        if (at(p.generation)) refinement = null;
      }
    },

    /** Per index, what streamed of generation `g`'s suggestions (empty for another generation). */
    written(g: number): Array<WrittenSoFar | null> {
      return g === generation ? suggestions : [];
    },

    /**
     * Brings a connection that was just given `view` (session:ready) to what streamed so far: for each
     * unfinished suggestion its `suggestion:start` and one `stream:frame` with all the text, or the
     * running refinement's `refinement:start` and its text. What streams next follows as usual.
     */
    catchUp(view: SessionView, emit: Emit): void {
      if (view.generation !== generation) return;
      if (view.state === 'generating') {
        const deltas: Array<{ index: number; text: string }> = [];
        suggestions.forEach((s, index) => {
          if (!s || view.suggestions[index]) return;
          emit('suggestion:start', { generation, index, id: s.id, tone: s.tone });
          if (s.text) deltas.push({ index, text: s.text });
        });
        if (deltas.length) emit('stream:frame', { generation, kind: 'suggestions', deltas });
      } else if (view.state === 'refining' && refinement && refinement.index === view.refiningIndex) {
        const { index, text } = refinement;
        emit('refinement:start', { generation, index });
        if (text) emit('stream:frame', { generation, kind: 'refinement', deltas: [{ index, text }] });
      }
    },
  };
}
export type StreamLog = ReturnType<typeof createStreamLog>;
