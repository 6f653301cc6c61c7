// A reply being refined: its pieces (library segments or the writer's own sentences), the
// specifics known, and its format (plain, or an email with subject, greeting and sign-off).
import type { Behaviour } from '../library/load.ts';
import type { SlotValues } from '../library/render.ts';
import type { Reply } from '../library/schema.ts';
import { tidy } from '../text.ts';
import type { Piece } from './locate.ts';

export interface Draft {
  pieces: Piece[];
  behaviour: Behaviour | null;
  reply: Reply | null;
  slots: SlotValues;
  email: { subject: string; greeting: string; signoff: string } | null;
}

export function body(draft: Draft): string {
  return tidy(draft.pieces.map((p) => p.text).join(' '));
}

export function render(draft: Draft): string {
  const text = body(draft);
  if (!draft.email) return text;
  return `Subject: ${draft.email.subject}\n\n${draft.email.greeting}\n\n${text}\n\n${draft.email.signoff}`;
}

/** Reads back an email this module wrote (a refined reply refined again). */
export function splitEmail(text: string): { body: string; email: Draft['email'] } {
  const [, subject, greeting, body, signoff] = /^Subject: (.+)\n\n(.+,)\n\n([\s\S]+)\n\n(.+,)$/.exec(text.trim()) ?? [];
  if (subject === undefined || greeting === undefined || body === undefined || signoff === undefined)
    return { body: text, email: null };
  return { body, email: { subject, greeting, signoff } };
}

const APOLOGY =
  /\b(?:sorry|apologi[sz]e|apology|my fault|my bad|(?:that's|that is|it's|it is|this is|this one's|all) on me\b)/i;
export const isApology = (s: string) => APOLOGY.test(s);
export const isQuestion = (s: string) => /\?["'”)]?\s*$/.test(s.trim());
