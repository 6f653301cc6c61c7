// The frame coalescer of live sessions: a stream's first text leaves at once, what follows is gathered.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFrameCoalescer } from '../../server/realtime/frames.ts';

type Frame = Parameters<Parameters<typeof createFrameCoalescer>[0]>[0];

let sent: Frame[];
let frames: ReturnType<typeof createFrameCoalescer>;
beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  frames = createFrameCoalescer((f) => sent.push(structuredClone(f)), 30);
});
afterEach(() => {
  frames.clear();
  vi.useRealTimers();
});

describe('frames', () => {
  it("sends each stream's first text at once, then gathers the rest for one window", () => {
    frames.push(1, 'suggestions', { index: 0, text: 'I' });
    expect(sent).toEqual([{ generation: 1, kind: 'suggestions', deltas: [{ index: 0, text: 'I' }] }]);
    frames.push(1, 'suggestions', { index: 0, text: ' want' });
    frames.push(1, 'suggestions', { index: 0, text: ' to' });
    expect(sent).toHaveLength(1);
    // Another stream's first text goes at once and carries what was gathered.
    frames.push(1, 'suggestions', { index: 1, text: 'Hey' });
    expect(sent[1]!.deltas).toEqual([
      { index: 0, text: ' want to' },
      { index: 1, text: 'Hey' },
    ]);
    frames.push(1, 'suggestions', { index: 1, text: ',' });
    vi.advanceTimersByTime(29);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sent[2]!.deltas).toEqual([{ index: 1, text: ',' }]);
  });

  it('after a reset the first new text is a first text again; a new generation starts afresh', () => {
    frames.push(1, 'suggestions', { index: 0, text: 'Leaked' });
    frames.push(1, 'suggestions', { index: 0, text: '', reset: true });
    expect(sent).toHaveLength(1);
    frames.push(1, 'suggestions', { index: 0, text: 'Clean' });
    // The reset delta carries the new text: the client drops what it had and shows "Clean".
    expect(sent[1]!.deltas).toEqual([{ index: 0, text: 'Clean', reset: true }]);
    frames.push(2, 'suggestions', { index: 0, text: 'Next' });
    expect(sent[2]).toEqual({ generation: 2, kind: 'suggestions', deltas: [{ index: 0, text: 'Next' }] });
    frames.push(2, 'refinement', { index: 0, text: 'Refined' });
    expect(sent[3]).toEqual({ generation: 2, kind: 'refinement', deltas: [{ index: 0, text: 'Refined' }] });
  });

  it('clear drops what was gathered; flush sends it now', () => {
    frames.push(1, 'suggestions', { index: 0, text: 'A' });
    frames.push(1, 'suggestions', { index: 0, text: 'B' });
    frames.clear();
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(1);
    frames.push(1, 'suggestions', { index: 0, text: 'C' });
    frames.flush();
    expect(sent[1]!.deltas).toEqual([{ index: 0, text: 'C' }]);
  });
});
