// Checks on what a model wrote before it is shown as a suggestion: not empty, within length
// bounds, no echo of our instructions or fence markers, no unfilled placeholders.
import { FENCE_LABELS, INSTRUCTION_TEXTS } from './prompts.ts';

export interface TextBounds {
  min: number;
  max: number;
}
export const SUGGESTION_BOUNDS: TextBounds = { min: 20, max: 1200 };
export const REFINED_BOUNDS: TextBounds = { min: 5, max: 1200 };
export const EXPLANATION_MAX = 600;

/** Any run of this many words copied from our instructions counts as an echo. */
const SHINGLE = 7;

const words = (text: string) => text.toLowerCase().match(/[a-z0-9']+/g) ?? [];

function shingles(text: string): Set<string> {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= w.length; i++) out.add(w.slice(i, i + SHINGLE).join(' '));
  return out;
}
const INSTRUCTION_SHINGLES = new Set(INSTRUCTION_TEXTS.flatMap((t) => [...shingles(t)]));

const FENCE_RE = new RegExp(`<<<|>>>|${FENCE_LABELS.join('|')}`, 'i');
const PLACEHOLDER_RE = /\{[^{}\n]{0,40}\}|\[(?:your |their |the )?(?:name|date|time|insert[^\]]*|placeholder|x)\]/i;
const ROLE_RE = /^(?:system|assistant|user)\s*:/im;

/** Why `text` must not be shown, or null when it is fine. */
export function rejectReason(text: string, bounds: TextBounds = SUGGESTION_BOUNDS): string | null {
  const t = text.trim();
  if (!t) return 'empty';
  if (t.length < bounds.min) return `shorter than ${bounds.min} characters`;
  if (t.length > bounds.max) return `longer than ${bounds.max} characters`;
  if (FENCE_RE.test(t)) return 'contains fence markers';
  if (ROLE_RE.test(t)) return 'contains a chat role prefix';
  if (PLACEHOLDER_RE.test(t)) return 'contains a placeholder';
  const w = words(t);
  for (let i = 0; i + SHINGLE <= w.length; i++) {
    if (INSTRUCTION_SHINGLES.has(w.slice(i, i + SHINGLE).join(' '))) return 'echoes the instructions';
  }
  return null;
}

/** Longest text FENCE_RE can match: a match spanning two pieces starts at most this far back. */
const FENCE_SPAN = Math.max(3, ...FENCE_LABELS.map((l) => l.length));

/**
 * A cheap check while streaming, fed piece by piece: fails as soon as the text so far is certainly
 * invalid. Each piece is checked with the few characters before it, so a stream costs O(length).
 */
export class PartialCheck {
  private length = 0;
  private recent = '';

  constructor(private readonly bounds: TextBounds = SUGGESTION_BOUNDS) {}

  push(piece: string): string | null {
    if (!piece) return null;
    this.length += piece.length;
    if (this.length > this.bounds.max) return `longer than ${this.bounds.max} characters`;
    const window = this.recent + piece;
    if (FENCE_RE.test(window)) return 'contains fence markers';
    this.recent = window.length > FENCE_SPAN ? window.slice(-FENCE_SPAN) : window;
    return null;
  }
}

/** Trims quotes and markdown a model may wrap the reply in. */
export function cleanReply(text: string): string {
  let t = text.trim();
  const pairs: Array<[string, string]> = [
    ['"', '"'],
    ['“', '”'],
    ["'", "'"],
  ];
  for (const [a, b] of pairs) {
    if (t.length > 2 && t.startsWith(a) && t.endsWith(b) && !t.slice(1, -1).includes(b)) t = t.slice(1, -1).trim();
  }
  return t;
}

export function cleanExplanation(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, EXPLANATION_MAX);
}
