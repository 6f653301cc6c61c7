// refine(): what the person asked for, in their words, applied to the reply's own segments where
// the reply came from the library, and to its sentences otherwise. `changes` lists only what
// changed; `notes` says what could not be done and what would work instead.
import type { RefinedResponse } from '../../../machines/domain/types.ts';
import { AppError } from '../../errors.ts';
import { frameOf, screenedOf } from '../analyze.ts';
import { ROLE_DOMAIN } from '../frame/roles.ts';
import { render, splitEmail, type Draft } from './draft.ts';
import { parseAdjustment, WHAT_WORKS, type RefineOp, type AdjustmentRequest } from './intent.ts';
import { locate } from './locate.ts';
import { OPS, type OpContext } from './ops.ts';

export { classifyAdjustment, parseAdjustment, WHAT_WORKS, type RefineOp, type AdjustmentRequest } from './intent.ts';
export type { AdjustmentKind } from '../lexicon/adjustments.ts';

export interface RefineInput {
  responseId: string;
  originalText: string;
  adjustment: string;
  tone?: string;
  situation?: string;
}

/** What is done first: what it says, then how it says it, then how long it is, then its format. */
const PHASE: Record<RefineOp, number> = {
  firmer: 0,
  softer: 0,
  warmer: 0,
  cooler: 0,
  ask: 0,
  end_question: 0,
  specific: 0,
  add_fact: 0,
  drop: 0,
  less_apologetic: 0,
  more_apologetic: 0,
  longer: 0,
  use_name: 0,
  no_name: 0,
  formal: 1,
  casual: 1,
  plainer: 1,
  shorter: 2,
  email: 3,
  text_message: 3,
};

/** "Mr. Delgado", "Dr. Anjali Rao" → "Dr. Rao": how the writer would address them. */
function titledName(situation: string): string | null {
  const [, word, names] =
    /\b(Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Coach|Pastor|Father|Sister|Judge|Officer|Rabbi)\.? ((?:[A-Z][a-z'-]+ ){0,2}[A-Z][a-z'-]+)/.exec(
      situation,
    ) ?? [];
  if (!word || !names) return null;
  const title = word === 'Prof' ? 'Professor' : /^(?:Mr|Mrs|Ms|Mx|Dr)$/.test(word) ? `${word}.` : word;
  return `${title} ${names.split(' ').pop()}`;
}

const PERSONAL_DOMAINS = new Set(['friends', 'partners', 'family', 'roommates', 'neighbours']);

const TONE_FOR: Partial<Record<RefineOp, string>> = {
  firmer: 'Assertive',
  softer: 'Gentle',
  warmer: 'Empathetic',
  formal: 'Calm and Professional',
  email: 'Calm and Professional',
  casual: 'Casual and Friendly',
  text_message: 'Casual and Friendly',
  plainer: 'Casual and Friendly',
  ask: 'Gentle',
};

export function refine(input: RefineInput): RefinedResponse {
  const requests = parseAdjustment(input.adjustment);
  if (!requests.length) {
    throw new AppError(
      'unsupported_adjustment',
      `Calmly couldn't tell what to change from "${input.adjustment.slice(0, 80)}". Try, for example, "firmer", "shorter", "as an email", "add that it has happened three times" or "end with a question".`,
      undefined,
      {
        supported: WHAT_WORKS,
      },
    );
  }
  const original = input.originalText.trim();
  const { body, email } = splitEmail(original);
  const located = locate(body);
  const frame = input.situation ? frameOf(input.situation) : null;
  const behaviour = located.behaviour ?? frame?.behaviour ?? null;
  const role = frame?.counterpart.role ?? behaviour?.roles[0] ?? null;
  const ctx: OpContext = {
    name:
      frame?.counterpart.name ?? (input.situation ? titledName(input.situation) : null) ?? located.slots.name ?? null,
    personal: role
      ? PERSONAL_DOMAINS.has(ROLE_DOMAIN[role])
      : behaviour
        ? PERSONAL_DOMAINS.has(behaviour.domain)
        : false,
    selfFault: (frame?.fault ?? behaviour?.fault) === 'self',
    situation: input.situation ?? null,
    toHelper: input.situation ? screenedOf(input.situation).flag : false,
    asked: new Set(requests.map((r) => r.op)),
    wording: input.adjustment,
  };
  const draft: Draft = {
    pieces: located.pieces,
    behaviour: located.behaviour,
    reply: located.reply,
    slots: { ...(frame?.slots ?? {}), ...located.slots },
    email,
  };
  const changes: string[] = [];
  const notes: string[] = [];
  const ordered: AdjustmentRequest[] = [...requests].sort((a, b) => PHASE[a.op] - PHASE[b.op]);
  for (const req of ordered) {
    const before = render(draft);
    const r = OPS[req.op](draft, req, ctx);
    const after = render(draft);
    if (after !== before && r.change) changes.push(r.change);
    else if (r.note) notes.push(r.note);
  }
  const text = render(draft);
  if (text === original && !notes.length)
    notes.push('Those changes undo each other, so the reply is as it was; ask for one at a time.');
  const main = requests.find((r) => TONE_FOR[r.op]);
  const refined: RefinedResponse = {
    id: `${input.responseId}_refined`,
    tone: input.tone ?? (main ? (TONE_FOR[main.op] as string) : 'Calm and Professional'),
    text: text || original,
    changes: text === original ? [] : changes,
  };
  if (notes.length) refined.notes = notes;
  return refined;
}
