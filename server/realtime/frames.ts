// Gathers a socket's stream tokens into frames: one `stream:frame` message carrying every stream's new
// text, instead of one message per token. A stream's first text (and its first after a reset) leaves
// at once, with whatever was gathered: it is what a person waits for, and a timer there would cost the
// whole window. What follows is gathered for at most `frameMs`, which is what saves the writes. Within
// a frame an index's text is joined into its latest delta (streams are independent, so their relative
// order does not matter); a reset starts a new delta so the client knows to drop what it had.
import { FRAME_MS, type StreamDelta } from '../../machines/protocol.ts';

type Kind = 'suggestions' | 'refinement';

export function createFrameCoalescer(
  send: (frame: { generation: number; kind: Kind; deltas: StreamDelta[] }) => void,
  frameMs = FRAME_MS,
) {
  let pending: { generation: number; kind: Kind; deltas: StreamDelta[] } | null = null;
  let timer: NodeJS.Timeout | null = null;
  // The streams (by index) of the current generation and kind that have shown text already.
  let shown: { generation: number; kind: Kind; indexes: Set<number> } | null = null;

  function flush(): void {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (!pending) return;
    const frame = pending;
    pending = null;
    send(frame);
  }

  return {
    push(generation: number, kind: Kind, delta: StreamDelta): void {
      if (pending && (pending.generation !== generation || pending.kind !== kind)) flush();
      if (shown?.generation !== generation || shown.kind !== kind) shown = { generation, kind, indexes: new Set() };
      if (!pending) pending = { generation, kind, deltas: [] };
      const last = pending.deltas.findLast((d) => d.index === delta.index);
      if (last && !delta.reset) last.text += delta.text;
      else pending.deltas.push({ ...delta });
      if (delta.reset) shown.indexes.delete(delta.index);
      else if (delta.text && !shown.indexes.has(delta.index)) {
        shown.indexes.add(delta.index);
        flush();
        return;
      }
      timer ??= setTimeout(flush, frameMs);
    },
    /** Sends what is gathered now (before a milestone event, so order is kept). */
    flush,
    /** Drops what is gathered (the stream was cancelled). */
    clear(): void {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
export type FrameCoalescer = ReturnType<typeof createFrameCoalescer>;
