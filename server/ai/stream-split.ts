// Splits a streamed model output "reply text … \nEXPLANATION: why" into the reply (emitted as it
// arrives) and the tail after the marker line (kept). A line that could still become the marker
// is held back until it is decided, and so is trailing whitespace, so the concatenation of the
// emitted pieces equals the final reply text exactly (trimmed at both ends).

export class MarkerSplitter {
  private readonly marker: string; // lower case, without the colon
  private readonly markerRe: RegExp;
  private pending = '';
  private emitted = '';
  /** Whether the emitted text ends a line (tracked, so the growing text is never re-read per token). */
  private atLineEnd = true;
  private tailText = '';
  private inTail = false;

  constructor(marker: string) {
    this.marker = marker.replace(/:$/, '').toLowerCase();
    this.markerRe = new RegExp(`\\n[ \\t]*[*_#>]*[ \\t]*${this.marker}[*_ \\t]*:`, 'i');
  }

  /** Feeds a delta; returns the reply text that can be shown now ('' when nothing yet). */
  push(delta: string): string {
    if (this.inTail) {
      this.tailText += delta;
      return '';
    }
    this.pending += delta;
    if (!this.emitted) this.pending = this.pending.replace(/^\s+/, '');
    if (!this.pending) return '';
    const atLineStart = this.atLineEnd;
    const s = (atLineStart ? '\n' : '\u0000') + this.pending;
    const m = this.markerRe.exec(s);
    if (m) {
      const cut = Math.max(0, m.index - 1); // position of the '\n' (or the synthetic one) in pending
      const before = this.pending.slice(0, cut).replace(/\s+$/, '');
      this.tailText = s.slice(m.index + m[0].length);
      this.pending = '';
      this.inTail = true;
      return this.emit(before);
    }
    // Hold back the last line while it could still turn into the marker.
    const nl = this.pending.lastIndexOf('\n');
    let holdFrom = this.pending.length;
    if (nl >= 0 || atLineStart) {
      const lineStart = nl >= 0 ? nl + 1 : 0;
      if (this.couldBeMarker(this.pending.slice(lineStart))) holdFrom = Math.max(nl, 0);
    }
    // Hold back trailing whitespace (it is emitted once more text follows it).
    let out = this.pending.slice(0, holdFrom);
    const trimmed = out.replace(/\s+$/, '');
    out = trimmed;
    this.pending = this.pending.slice(out.length);
    return this.emit(out);
  }

  /** Ends the stream: the last reply piece to show, the whole reply, and the text after the marker. */
  end(): { flush: string; reply: string; tail: string; markerSeen: boolean } {
    const flush = this.inTail ? '' : this.emit(this.pending.replace(/\s+$/, ''));
    this.pending = '';
    return { flush, reply: this.emitted, tail: this.tailText.trim(), markerSeen: this.inTail };
  }

  /** Everything shown so far. */
  get text(): string {
    return this.emitted;
  }

  private emit(piece: string): string {
    if (!piece) return piece;
    this.emitted += piece;
    this.atLineEnd = piece.endsWith('\n');
    return piece;
  }

  private couldBeMarker(line: string): boolean {
    const norm = line.replace(/^[ \t]*[*_#>]*[ \t]*/, '').toLowerCase();
    if (norm === '') return true;
    if (this.marker.startsWith(norm)) return true;
    return norm.startsWith(this.marker) && /^[*_ \t]*$/.test(norm.slice(this.marker.length));
  }
}

/** "- a\n- b" (or "* a", "1. a") → ["a", "b"]; a single sentence becomes one item. */
export function listItems(tail: string): string[] {
  return tail
    .split('\n')
    .map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
    .filter((l) => l.length > 1)
    .slice(0, 8)
    .map((l) => l.slice(0, 200));
}
