// Gathers a socket's stream tokens into frames: one `stream:frame` message per ~FRAME_MS carrying
// every stream's new text, instead of one message per token. Within a frame an index's text is
// joined into its latest delta (streams are independent, so their relative order does not matter);
// a reset starts a new delta so the client knows to drop what it had.
import { FRAME_MS, type StreamDelta } from '../../machines/protocol.ts';

type Kind = 'suggestions' | 'refinement';

export function createFrameCoalescer(
  send: (frame: { generation: number; kind: Kind; deltas: StreamDelta[] }) => void,
  frameMs = FRAME_MS,
) {
  let pending: { generation: number; kind: Kind; deltas: StreamDelta[] } | null = null;
  let timer: NodeJS.Timeout | null = null;

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
      if (!pending) pending = { generation, kind, deltas: [] };
      const last = pending.deltas.findLast((d) => d.index === delta.index);
      if (last && !delta.reset) last.text += delta.text;
      else pending.deltas.push({ ...delta });
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
