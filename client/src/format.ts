// Small wording helpers: what the server sends as identifiers, shown as words.
import type { Context } from './protocol.ts';

export const CONTEXT_LABELS: Record<Context, string> = {
  work: 'Work',
  friendship: 'Friendship',
  relationship: 'Relationship',
};

/** "frustrated_but_professional" → "Frustrated but professional". */
export function humanize(id: string | null | undefined): string {
  if (!id) return '';
  const words = id.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** 0.87 → { percent: 87, words: "fairly sure" }. */
export function confidenceWords(confidence: number): { percent: number; words: string } {
  const c = Number.isFinite(confidence) ? Math.min(1, Math.max(0, confidence)) : 0;
  const percent = Math.round(c * 100);
  const words = c >= 0.85 ? 'very sure' : c >= 0.7 ? 'fairly sure' : c >= 0.55 ? 'somewhat sure' : 'not sure';
  return { percent, words };
}

export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
