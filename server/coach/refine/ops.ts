// Each refinement as an operation on a draft. An operation works on the library's own segments
// where it can (the firmer request, this behaviour's opening from another reply, the version with
// the specifics) and on plain sentences otherwise. It reports a change only when the text changed,
// and a note when it could not do what was asked.
import { capitalise, tidy, wordCount as words } from '../text.ts';
import { segmentText } from '../library/render.ts';
import { body, isApology, isQuestion, type Draft } from './draft.ts';
import type { AdjustmentRequest } from './intent.ts';
import { sentences, type Piece } from './locate.ts';

export interface OpResult {
  change?: string;
  note?: string;
}
export interface OpContext {
  /** What the coach understood of the situation, when it was given. */
  name: string | null;
  personal: boolean;
  selfFault: boolean;
  /** The situation in the writer's words, for the specifics a reply left out. */
  situation: string | null;
  /** The reply is written to someone who can help (a safety reply), not to the other person. */
  toHelper: boolean;
  /** Everything asked for in this adjustment, so one request does not undo another. */
  asked: ReadonlySet<AdjustmentRequest['op']>;
  /** The adjustment's own words. */
  wording: string;
}
type Op = (draft: Draft, req: AdjustmentRequest, ctx: OpContext) => OpResult;

const quote = (s: string) => `"${s.length > 90 ? `${s.slice(0, 87)}…` : s}"`;
const ROLE_ORDER = ['opening', 'happened', 'impact', 'need', 'extra', 'request', 'close'];

/** Re-renders every library piece in a register; returns the pieces whose words changed. */
function reRegister(draft: Draft, register: 'firmer' | 'softer', only?: (p: Piece) => boolean): Piece[] {
  const changed: Piece[] = [];
  for (const p of draft.pieces) {
    if (!p.source || (only && !only(p))) continue;
    const has = register === 'firmer' ? p.source.segment.firmer : p.source.segment.softer;
    if (!has || p.source.register === register) continue;
    const text = segmentText(p.source.segment, draft.slots, register);
    p.source = { ...p.source, register };
    if (text !== p.text) {
      p.text = text;
      changed.push(p);
    }
  }
  return changed;
}

/** Word-level edits for sentences the library did not write. */
function replaceIn(
  draft: Draft,
  rules: ReadonlyArray<readonly [RegExp, string]>,
  only: (p: Piece) => boolean = () => true,
): string[] {
  const hits: string[] = [];
  for (const p of draft.pieces) {
    if (!only(p)) continue;
    let t = p.text;
    for (const [re, rep] of rules)
      t = t.replace(
        re,
        (m: string, ...g: unknown[]) => (
          hits.push(m.trim().toLowerCase()), rep.replace(/\$(\d)/g, (_, n: string) => String(g[Number(n) - 1] ?? ''))
        ),
      );
    p.text = tidy(t);
  }
  return [...new Set(hits)];
}

const HEDGES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bI was wondering if (?:maybe )?(?:we|you) could\b/gi, 'Please'],
  [/\bI'd (?:really )?appreciate it if you could\b/gi, 'Please'],
  [/\bI'd like to discuss\b/gi, 'We need to talk about'],
  [/\bI'd like to\b/g, 'I want to'],
  [/\bI'd like you to\b/g, 'I need you to'],
  [/\b(?:maybe|perhaps|possibly|kind of|sort of|a little|a bit|somewhat)\s/gi, ''],
  [/\bI (?:think|feel like|guess)\s(?:that\s)?/gi, ''],
  [/,?\s*if (?:that's|that is) (?:okay|ok|alright)(?: with you)?/gi, ''],
  [/,?\s*if (?:possible|you don't mind)/gi, ''],
  [/,?\s*when you get a chance/gi, ''],
  [/\bhow we can better\b/gi, 'how we will'],
];
const SOFTENERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Please ([a-z][^.!?]*)[.!]$/i, 'Could you $1?'],
  [/\bI need you to ([^.!?]+)[.!]/g, 'Could you $1?'],
  [/\bYou need to ([^.!?]+)[.!]/g, 'Could you $1?'],
  [/\bI expect\b/g, "I'd hope"],
  [/!/g, '.'],
];
const CONTRACT: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bI am\b/g, "I'm"],
  [/\bI have\b(?= (?:been|had|got|done|made|seen|tried|never|already|just|to)\b)/g, "I've"],
  [/\bI would\b/g, "I'd"],
  [/\bI will\b/g, "I'll"],
  [/\b(do|does|did|is|are|was|were|have|has|had|could|would|should) not\b/gi, "$1n't"],
  [/\bcannot\b/gi, "can't"],
  [/\bwill not\b/gi, "won't"],
  // "it is" only where "it's" reads naturally: not "talking about it is starting" → "about it's".
  [/(^|[.!?]\s+|,\s+|\b(?:and|but|so|because|if|when|I know|I think) )(it|that|there|what) is\b/gi, "$1$2's"],
  [/\b(you|we|they) are\b/gi, "$1're"],
  [/\b(you|we|they) have\b(?= (?:been|had|got|done|made|seen|tried|never|already|just)\b)/gi, "$1've"],
  [/\blet us\b/gi, "let's"],
];
const EXPAND: ReadonlyArray<readonly [RegExp, string]> = [
  // "what's been happening" is "what has been", never "what is been".
  [
    /\b(it|that|there|what|here|who|he|she|something|everything|nothing|someone|somebody|anyone|anything|everyone)'s (been|got|gotten|had|gone|done|made|taken|seen|come|become)\b/gi,
    '$1 has $2',
  ],
  [/\bcan't\b/gi, 'cannot'],
  [/\bwon't\b/gi, 'will not'],
  [/\b(\w+)n't\b/gi, '$1 not'],
  [/\bI'm\b/g, 'I am'],
  [/\b(you|we|they)'re\b/gi, '$1 are'],
  [
    /\b(it|that|there|what|here|who|something|everything|nothing|someone|somebody|anyone|anything|everyone)'s\b/gi,
    '$1 is',
  ],
  [/\b(I|you|we|they)'ve\b/gi, '$1 have'],
  [/\b(I|you|we|they)'d\b/gi, '$1 would'],
  [/\b(I|you|we|they)'ll\b/gi, '$1 will'],
  [/\blet's\b/gi, 'let us'],
  [/^(?:Hey|Hiya|Hi there),?\s*/i, ''],
  [/\bthanks\b/gi, 'thank you'],
  [/\b(?:yeah|gonna|kinda|lol)\b/gi, ''],
  [/!/g, '.'],
];
const FORMAL_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bCan (we|you|I)\b/g, 'Could $1'],
  [/\bcan (we|you|I)\b(?=[^.!?]*\?)/g, 'could $1'],
  [/\bGot (?:a minute|ten minutes|five minutes)\b/g, 'Would you have a few minutes'],
  [/\bokay\b|\bok\b/gi, 'all right'],
  [/\bASAP\b/g, 'as soon as possible'],
  [/\bstuff\b/gi, 'things'],
  [/\bkids\b/g, 'children'],
  [/\bI want to\b/g, 'I would like to'],
  [/\bget back to me\b/gi, 'reply'],
  [/\bsort (?:it|this) out\b/gi, 'resolve this'],
  [/\bcheck in\b/gi, 'follow up'],
];
const STIFF: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bI would like to\b/g, "I'd like to"],
  [/\bregarding\b/gi, 'about'],
  [/\bin order to\b/gi, 'to'],
  [/\bensure\b/gi, 'make sure'],
  [/\bat this (?:time|point in time)\b/gi, 'now'],
  [/\bgoing forward\b/gi, 'from now on'],
  [/\bI wanted to reach out (?:to you )?(?:about|because)\b/gi, "I'm writing about"],
  [/\bdiscuss\b/gi, 'talk about'],
  [/\bprior to\b/gi, 'before'],
  [/\bcommence\b/gi, 'start'],
  [/\bassist\b/gi, 'help'],
  [/\bapproximately\b/gi, 'about'],
  [/\bhowever\b/gi, 'but'],
  [/\btherefore\b/gi, 'so'],
  [/\badditionally\b/gi, 'also'],
];

/** A fact in the writer's words as a sentence said to the other person ("he's been late 4 times" → "You've been late 4 times."). */
const VERBISH =
  /\b(?:is|are|was|were|has|have|had|did|does|do|will|would|can|could|should|owes?|owed|paid|pays?|said|says|told|went|goes|keeps?|kept|made|makes|took|takes|left|leaves|came|comes|been|being|need|needs|want|wants|got|gets|agreed|promised|happened|started|stopped|[a-z]+(?:ed|'s|'re|'ve|'ll|'d|n't))\b/i;
const TO_YOU: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /\b(?:he|she)'s (been|done|got|gone|had|made|taken|said|told|left|never|always|already|just|still|ignored|missed|cancelled|canceled|forgotten|paid|asked)\b/gi,
    "you've $1",
  ],
  [/\b(?:he|she)'s\b/gi, "you're"],
  [/\bits been\b/gi, "it's been"],
  [/\b(?:he|she)(?:'d|d)\b(?= (?:\w+))/gi, "you'd"],
  [/\b(?:he|she)'ll\b/gi, "you'll"],
  [/\b(?:he|she) is\b/gi, 'you are'],
  [/\b(?:he|she) was\b/gi, 'you were'],
  [/\b(?:he|she) has\b/gi, 'you have'],
  [/\b(?:he|she) (hasn't|has not|doesn't|does not)\b/gi, 'you $1'],
  [
    /\b(?:he|she) (said|promised|told|agreed|owed|kept|did|didn't|never|would|will|won't|can't|could|paid|asked|came|left|took|made)\b/gi,
    'you $1',
  ],
  [/\b(?:he|she) (owe|keep|say|promise)s\b/gi, 'you $1'],
  [/\byou hasn't\b/gi, "you haven't"],
  [/\byou has not\b/gi, 'you have not'],
  [/\byou doesn't\b/gi, "you don't"],
  [/\byou does not\b/gi, 'you do not'],
];

const TYPOS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(has|have|does|do|did|is|was|were|are|could|would|should|wo|ca)nt\b/gi, "$1n't"],
  [/\bim\b/g, "I'm"],
  [/\bive\b/g, "I've"],
  [/\bits been\b/gi, "it's been"],
  [/\b(?:like|literally|basically|honestly|tbh|lol|lmao|rn|ngl)\b\s*(?=\d|a |an |the |\w)/gi, ''],
  [/\bu\b/g, 'you'],
  [/\bur\b/g, 'your'],
];

/**
 * A fact in the writer's words as a sentence of the reply: said to the other person ("he's been
 * late 4 times" → "You've been late 4 times."), or, in a reply to someone who can help, about them.
 */
export function factSentence(fact: string, opts: { toHelper?: boolean } = {}): string {
  let s = fact.trim().replace(/\s+/g, ' ');
  for (const [re, rep] of TYPOS) s = s.replace(re, rep);
  // "the 800" in a sentence about money is an amount.
  if (MONEY.test(s))
    s = s.replace(
      /\bthe (\d{2,}(?:,\d{3})*)\b(?! (?:times?|days?|weeks?|months?|years?|hours?|minutes?|people))/g,
      'the $$$1',
    );
  s = s.replace(/^(my (?:phone )?(?:number|mobile|email|address|phone)) (?!is\b)/i, '$1 is ');
  s = s.replace(
    /\b(january|february|march|april|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/g,
    (m) => capitalise(m),
  );
  if (opts.toHelper) return capitalise(s.replace(/\bi\b/g, 'I')).replace(/([^.!?])$/, '$1.');
  // A thing, not a statement ("the quiet hours rule"): said as a reminder.
  if (/^(?:the|my|our|your|his|her|their|a|an)\b/i.test(s) && !VERBISH.test(s))
    return `Just a reminder about ${s.replace(/^(?:his|her|their)\b/i, 'your')}.`;
  for (const [re, rep] of TO_YOU) s = s.replace(re, rep);
  s = s
    .replace(/^(?:he|she|they) has been\b/i, "You've been")
    .replace(/^(?:he|she|they) (?:has|have)\b/i, 'You have')
    .replace(/^(?:he|she|they) (?:is|are)\b/i, 'You are')
    .replace(/^(?:he|she|they) (?:was|were)\b/i, 'You were')
    // "he still hasn't", "she never said": the adverb stays.
    .replace(
      /^(?:he|she|they) (still|never|always|just|already|even|only|also|really) (has|is|was|does)(n't| not)?\b/i,
      (_m, adv: string, v: string, neg: string | undefined) =>
        `You ${adv} ${({ has: 'have', is: 'are', was: 'were', does: 'do' } as Record<string, string>)[v.toLowerCase()]}${neg ?? ''}`,
    )
    .replace(/^(?:he|she|they) (still|never|always|just|already|even|only|also|really) (\w+?)s\b/i, 'You $1 $2')
    .replace(/^(?:he|she|they) (still|never|always|just|already|even|only|also|really) (\w+)\b/i, 'You $1 $2')
    .replace(/^(?:he|she|they) (\w+?[^s])s\b/i, 'You $1')
    .replace(/^(?:he|she|they) (\w+)\b/i, 'You $1')
    .replace(/\bi\b/g, 'I');
  // "so it's not a surprise to her" about Mum stays; "her half" of the other person's is "your half".
  const someoneElse =
    /\b(?:mum|mom|dad|mother|father|sister|brother|aunt|uncle|gran\w*|boss|manager|landlord|[A-Z][a-z]+)\b/.test(
      s.slice(s.indexOf(' ') + 1),
    );
  if (/^You\b/.test(s) && !someoneElse) s = s.replace(/\b(?:him|her)\b(?=[.!?]?$)/i, 'you');
  if (!someoneElse)
    s = s.replace(/\b(?:his|her) (half|share|part|bit|portion|money|deposit|rent|bills?)\b/gi, 'your $1');
  s = capitalise(s);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/**
 * A specific from the situation that the reply leaves out: the clause about `target` when one is
 * named, otherwise one with a count, an amount or a day. Said to the other person, or null.
 */
export function detailFrom(situation: string, reply: string, target: string | null, ctx: OpContext): string | null {
  const have = reply.toLowerCase();
  const content = (target ?? '')
    .toLowerCase()
    .split(/[^a-z0-9']+/)
    .filter(
      (w) =>
        w.length > 3 &&
        !/^(?:thing|stuff|specifically|exactly|part|what|that|this|more|about|differently|mention)$/.test(w),
    );
  const clauses = situation
    .replace(/[’‘]/g, "'")
    .split(/(?<=[.!?])\s+|\s*[;(]\s*|\s+(?:but|and then|because|so that|,\s*and)\s+|,\s+(?=(?:he|she|they|i|we|it)\b)/i)
    .map((c) => c.replace(/[)"']+$/g, '').trim())
    .filter((c) => c.split(/\s+/).length >= 4 && c.split(/\s+/).length <= 24);
  const NUMBERISH =
    /\b\d|[$£€]|\b(?:once|twice|three|four|five|six|seven|eight|nine|ten|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|deadline|every)\b/i;
  const about = (c: string) =>
    content.length ? content.some((w) => c.toLowerCase().includes(w.replace(/s$/, ''))) : NUMBERISH.test(c);
  // What the writer wants or feels is not a detail to tell the other person.
  const own =
    /^(?:i (?:want|need|wanna|don'?t want|'?m (?:trying|thinking|worried|scared|not sure)|think|feel|guess|wish|would like)|how (?:do|can|should) i|idk|should i)\b/i;
  for (const c of clauses) {
    if (!about(c) || own.test(c)) continue;
    const words = c
      .toLowerCase()
      .split(/[^a-z0-9$]+/)
      .filter((w) => w.length > 3);
    if (words.length && words.filter((w) => have.includes(w)).length / words.length > 0.5) continue;
    if (!VERBISH.test(c) && !/\b(?:read|sent|late|missed|forgot|ignored|cancel\w*)\b/i.test(c)) continue;
    return factSentence(c, { toHelper: ctx.toHelper || aboutSomeoneElse(c, ctx) });
  }
  return null;
}

const NOT_NAMES =
  /^(?:I|The|My|Our|His|Her|Their|This|That|It|We|He|She|They|But|And|So|Now|Then|Last|Next|Dear|Hi|Hey|Mr|Mrs|Ms|Dr|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|New|North|South|East|West|St|Saint|Christmas|Easter)$/;
/** "… hasn't heard back from Sarah Whitlock": a first and last name mid-sentence, said by the first name. */
function fullNameIn(situation: string): string | null {
  for (const m of situation.matchAll(/(?<![.!?]\s|^)\b([A-Z][a-z]{2,}) ([A-Z][a-z]{2,})\b/g)) {
    const [, first, last] = m;
    if (first && last && !NOT_NAMES.test(first) && !NOT_NAMES.test(last)) return first;
  }
  return null;
}

const SHE =
  /\bmy (?:daughter|mum|mom|mother|sister|wife|girlfriend|grandma|gran|nan|aunt|niece|stepdaughter|stepmum|stepmom)\b/i;
const HE = /\bmy (?:son|dad|father|brother|husband|boyfriend|grandpa|grandad|granddad|uncle|nephew|stepson|stepdad)\b/i;
/**
 * "she's played for them 3 years" in a message to the coach is about the writer's daughter: a
 * he or she the writer named as family, when the reply goes to someone outside the family.
 */
function aboutSomeoneElse(fact: string, ctx: OpContext): boolean {
  if (!ctx.situation || ctx.personal) return false;
  const pronoun = /^(?:[^.]*?\s)?(she|he)\b/i.exec(fact)?.[1]?.toLowerCase();
  return pronoun === 'she' ? SHE.test(ctx.situation) : pronoun === 'he' ? HE.test(ctx.situation) : false;
}

/** A sentence's first letter in lower case after an inserted opener, unless it starts with "I" or a name. */
function lowerStart(text: string, names: ReadonlyArray<string | null | undefined>): string {
  const word = /^[A-Za-z'.]+/.exec(text)?.[0] ?? '';
  const name = names.some((n) => n && text.startsWith(n)) || /^(?:Mr|Mrs|Ms|Dr|Professor|Coach)\b/.test(word);
  return name || word === 'I' || /^I'/.test(word) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

/** This behaviour's opening from its acknowledging or gentle reply, when it has one. */
function siblingOpening(d: Draft) {
  return d.behaviour?.replies
    .find((r) => r !== d.reply && (r.strategy === 'acknowledge' || r.strategy === 'gentle'))
    ?.segments.find((s) => s.role === 'opening');
}

/** An opening that only cushions ("I understand things come up", "You're probably just making conversation"). */
function cushionOf(d: Draft, ctx: OpContext): Piece | undefined {
  const first = d.pieces[0];
  return first &&
    d.pieces.length > 2 &&
    !mustKeep(first, ctx) &&
    canLeaveOut(d, first) &&
    /^(?:I (?:understand|know|get (?:it|that)|can see|appreciate|realise|realize)|I'm sure|You're probably|You probably|It's good to see|I'm guessing)\b/.test(
      first.text,
    )
    ? first
    : undefined;
}

/** The share of the shorter text's content words that the other has too. */
function overlap(a: string, b: string): number {
  const ws = (t: string) => new Set(t.toLowerCase().match(/[a-z']{4,}/g) ?? []);
  const [x, y] = [ws(a), ws(b)];
  const small = x.size <= y.size ? x : y;
  const big = small === x ? y : x;
  return small.size ? [...small].filter((w) => big.has(w)).length / small.size : 0;
}

/** A piece can go only if what follows does not point back at it ("That's why …", "This is …"). */
function canLeaveOut(d: Draft, p: Piece): boolean {
  const next = d.pieces[d.pieces.indexOf(p) + 1];
  return !next || !/^(?:Which|This|That's why|That is why|It's why)\b/.test(next.text);
}

/** Takes pieces out, and the word that tied the next one to them ("But …", "…, though."). */
function leaveOut(d: Draft, gone: (p: Piece) => boolean): void {
  const kept: Piece[] = [];
  let after = false;
  for (const p of d.pieces) {
    if (gone(p)) {
      after = true;
      continue;
    }
    if (after && !p.own) {
      const text = p.text
        .replace(/^(?:But|And|So|Still|Though|Even so|That said),?\s+/, '')
        .replace(/,\s*though(?=[,.!?])/, '');
      if (text !== p.text) p.text = capitalise(text);
    }
    after = false;
    kept.push(p);
  }
  d.pieces = kept;
}

function insertBeforeRequest(draft: Draft, piece: Piece): void {
  const at = draft.pieces.findIndex((p) => p.role === 'request');
  if (at < 0) draft.pieces.push(piece);
  else draft.pieces.splice(at, 0, piece);
}

/** What no cut may take: what the person added, and the apology a reply for the writer's own fault is for. */
function mustKeep(p: Piece, ctx: OpContext): boolean {
  return Boolean(p.own) || (ctx.selfFault && isApology(p.text));
}

/** The specifics for an added segment: without the name when the reply already uses it. */
function slotsFor(d: Draft) {
  if (!d.slots.name || !body(d).includes(d.slots.name)) return d.slots;
  const { name: _name, ...rest } = d.slots;
  return rest;
}

const MONEY =
  /[$£€]\s?\d|\b(?:money|cash|pay|paid|paying|payment|owe|owed|loan|lent|invoice|debt|bill|refund|deposit|budget|afford\w*|cost\w*|price\w*|expensive|cheap\w*|spend|spent)\b/i;
const WHEN =
  /\bby (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|the end of|next|the \d)|\b(?:deadline|due)\b/i;
const FEELING =
  /\b(?:feel\w*|felt|hurt\w*|upset\w*|sad|angry|frustrat\w*|uneasy|anxi\w*|stress\w*|worr\w*|panic\w*|depress\w*|overwhelm\w*|scared|embarrass\w*|disrespect\w*|invisible|drained|lonely|mental health|health condition|condition|medical|diagnos\w*|therap\w*|medication)\b/i;

export const OPS: Record<AdjustmentRequest['op'], Op> = {
  firmer: (d, _r, ctx) => {
    // A cushioning opening ("I understand things come up") is the first thing that makes it soft.
    const cushion = cushionOf(d, ctx);
    if (cushion) leaveOut(d, (p) => p === cushion);
    const changed = reRegister(d, 'firmer');
    const cut = cushion ? `left out ${quote(cushion.text)}` : '';
    if (changed.length)
      return {
        change: `Made the ${changed.some((p) => p.role === 'request') ? 'request' : 'wording'} firmer: ${quote(changed.map((p) => p.text).join(' '))}${cut ? `, and ${cut}` : ''}`,
      };
    if (cut) return { change: capitalise(`${cut}, so it gets straight to the point`) };
    const hits = replaceIn(d, HEDGES, (p) => !p.source);
    if (hits.length)
      return {
        change: `Took out the hedging (${hits
          .slice(0, 3)
          .map((h) => `"${h}"`)
          .join(', ')})`,
      };
    return {
      note: 'It is already as firm as this reply goes. For more force, pick the Assertive or Direct suggestion, or add what happens if it continues ("add that I\'ll take it to HR if it happens again").',
    };
  },
  softer: (d, r, ctx) => {
    // To someone close, softer also means starting from the relationship, not the complaint.
    const opened =
      ctx.personal &&
      !ctx.selfFault &&
      !ctx.toHelper &&
      !d.pieces.some((p) => p.role === 'opening') &&
      siblingOpening(d)
        ? OPS.warmer(d, r, ctx).change
        : undefined;
    const also = opened ? `, and ${opened.charAt(0).toLowerCase()}${opened.slice(1)}` : '';
    const changed = reRegister(d, 'softer');
    if (changed.length)
      return {
        change: `Softened the ${changed.some((p) => p.role === 'request') ? 'request' : 'wording'}: ${quote(changed.map((p) => p.text).join(' '))}${also}`,
      };
    const hits = replaceIn(d, SOFTENERS, (p) => !p.source);
    if (hits.length) return { change: `Turned the demand into a request${also}` };
    if (opened) return { change: opened };
    return { note: 'It is already as soft as this reply goes; the Empathetic or Gentle suggestion is softer still.' };
  },
  warmer: (d, _r, ctx) => {
    // A message asking someone for help stays plain: a warm opener would only blur it.
    if (ctx.toHelper) return { note: 'This message asks someone for help, so it stays plain and direct.' };
    if (!d.pieces.some((p) => p.role === 'opening')) {
      const sibling = siblingOpening(d);
      const text = sibling
        ? segmentText(sibling, slotsFor(d), 'default')
        : ctx.personal
          ? "You matter to me, and that's why I'm bringing this up."
          : "I'd like us to keep working well together, so I'd rather raise this now.";
      d.pieces.unshift({
        role: 'opening',
        text,
        own: true,
        source:
          sibling && d.behaviour && d.reply
            ? { behaviour: d.behaviour, reply: d.reply, segment: sibling, register: 'default' }
            : undefined,
      });
      return { change: `Opened warmly: ${quote(text)}` };
    }
    const changed = reRegister(d, 'softer');
    if (changed.length) return { change: `Warmed the wording: ${quote(changed.map((p) => p.text).join(' '))}` };
    return { note: 'It already opens warmly; the Empathetic suggestion is the warmest of the three.' };
  },
  cooler: (d, _r, ctx) => {
    const warm =
      /\b(?:care|love|matter|appreciate|glad|hope|enjoy|value|mean a lot|thank|don't mind|happy to|no worries|totally fine)\w*/i;
    // Warm openings and closing lines go; an opening that carries the message stays.
    const dropped = d.pieces.filter(
      (p) =>
        (p.role === 'opening' || p.role === 'close') && !mustKeep(p, ctx) && canLeaveOut(d, p) && warm.test(p.text),
    );
    if (dropped.length && dropped.length < d.pieces.length) {
      leaveOut(d, (p) => dropped.includes(p));
      return { change: `Left out ${quote(dropped.map((p) => p.text).join(' '))}` };
    }
    const changed = reRegister(d, 'firmer', (p) => p.source?.register === 'softer');
    if (changed.length) return { change: 'Made the wording more matter-of-fact' };
    const cushion = cushionOf(d, ctx);
    if (cushion) {
      leaveOut(d, (p) => p === cushion);
      return { change: `Left out ${quote(cushion.text)}` };
    }
    return { note: 'There is nothing warm to take out without changing what you are asking.' };
  },
  shorter: (d, req, ctx) => {
    const before = words(body(d));
    const shortened = (what: string) => `Shortened from ${before} to ${words(body(d))} words${what}`;
    const asks = (p: Piece) =>
      /\?|\b(?:please|could you|can you|would you|I need|let's|I'll|I will|from now on)\b/i.test(p.text);
    const gentle = ctx.asked.has('softer') || ctx.asked.has('warmer');
    const removable = (p: Piece) =>
      // A message asking for help keeps what is happening: only a closing line may go.
      !mustKeep(p, ctx) &&
      canLeaveOut(d, p) &&
      !(gentle && p.role === 'opening') &&
      (!ctx.toHelper || p.role === 'close') &&
      (p.role === 'close' ||
        p.role === 'opening' ||
        p.role === 'impact' ||
        (p.role === 'happened' &&
          req.target !== 'keep what happened' &&
          d.pieces.some((q) => q.role === 'request' || q.role === 'need')) ||
        (p.role === 'extra' && !p.source && !asks(p)));
    const removed: Piece[] = [];
    for (const role of ['close', 'opening', 'impact', 'extra', 'happened']) {
      for (const p of [...d.pieces]) {
        if (p.role !== role || !removable(p) || d.pieces.length < 2) continue;
        if (role === 'happened' && words(body(d)) <= before * 0.7) continue;
        leaveOut(d, (x) => x === p);
        removed.push(p);
      }
      if (removed.length && words(body(d)) <= before * 0.7) break;
    }
    if (
      (req.target === 'to the request' || req.target === 'much shorter') &&
      d.pieces.some((p) => p.role === 'request')
    ) {
      const floor = req.target === 'much shorter' ? 20 : 12;
      // "Way shorter": down to the request, what the person needs and added, and what happened
      // when the request alone would not say what it is about.
      for (const p of [...d.pieces]) {
        if (p.role === 'request' || mustKeep(p, ctx)) continue;
        if ((p.role === 'happened' || p.role === 'need') && words(body(d)) - words(p.text) < floor) continue;
        leaveOut(d, (x) => x === p);
        removed.push(p);
      }
      if (removed.length)
        return {
          change: shortened(
            `, down to ${req.target === 'to the request' ? 'the request' : 'the point'}: left out ${quote(removed.map((p) => p.text).join(' '))}`,
          ),
        };
    }
    if (!removed.length) {
      // Nothing to leave out whole: cut the reason tacked onto a sentence that is not the request.
      const cut: string[] = [];
      for (const p of d.pieces) {
        if (p.role === 'request' || p.own) continue;
        const out = p.text.replace(
          /,\s(?:so|because|which|as|since|and that's why)\s[^.!?]+([.!?])/g,
          (m: string, end: string) => (cut.push(m.replace(/^,\s/, '').replace(/[.!?]$/, '')), end),
        );
        p.text = out;
      }
      if (cut.length) return { change: shortened(` by leaving out ${quote(cut.join('; '))}`) };
      return { note: 'It is already down to what you are asking for; cutting more would lose the request.' };
    }
    return { change: shortened(` by leaving out ${quote(removed.map((p) => p.text).join(' '))}`) };
  },
  longer: (d) => {
    if (!d.behaviour || !d.reply)
      return { note: 'Say what to add in your own words, for example "add that this has happened three times".' };
    const present = new Set(d.pieces.map((p) => p.role));
    const added: Piece[] = [];
    for (const role of ['happened', 'impact', 'opening', 'need'] as const) {
      if (present.has(role) || added.length >= 2) continue;
      for (const r of d.behaviour.replies) {
        if (r === d.reply) continue;
        const seg = r.segments.find((s) => s.role === role);
        if (!seg) continue;
        const piece: Piece = {
          role,
          text: segmentText(seg, slotsFor(d), 'default'),
          own: true,
          source: { behaviour: d.behaviour, reply: r, segment: seg, register: 'default' },
        };
        if (d.pieces.some((p) => p.text === piece.text || overlap(p.text, piece.text) > 0.5)) continue;
        added.push(piece);
        break;
      }
    }
    if (!added.length)
      return { note: 'Say what to add in your own words, for example "add that this has happened three times".' };
    for (const p of added) {
      const at = d.pieces.findIndex((q) => ROLE_ORDER.indexOf(q.role) > ROLE_ORDER.indexOf(p.role));
      if (at < 0) d.pieces.push(p);
      else d.pieces.splice(at, 0, p);
    }
    return { change: `Added ${quote(added.map((p) => p.text).join(' '))}` };
  },
  formal: (d) => {
    const hits = replaceIn(d, [...EXPAND, ...FORMAL_WORDS]);
    const first = d.pieces[0];
    if (!d.email && first && /^(?:Hi|Hey|Hiya),? ([A-Z][\w'.-]*(?: [A-Z][\w'.-]*)?),/.test(first.text)) {
      first.text = first.text.replace(/^(?:Hi|Hey|Hiya),? /, 'Dear ');
      hits.push('hi');
    }
    if (d.email && /^(?:Hi|Hey)\b/.test(d.email.greeting))
      d.email.greeting = d.email.greeting.replace(/^(?:Hi|Hey)\b/, 'Dear');
    if (d.email && d.email.signoff === 'Thanks,') d.email.signoff = 'Kind regards,';
    return hits.length
      ? {
          change: `Made the wording formal (${hits
            .slice(0, 4)
            .map((h) => `"${h}"`)
            .join(', ')} replaced)`,
        }
      : d.email
        ? { change: 'Used a formal greeting and sign-off' }
        : {
            note: 'It has no casual words or contractions to replace; "as an email" sets it out with a greeting and sign-off.',
          };
  },
  casual: (d, _r, ctx) => {
    const hits = replaceIn(d, CONTRACT);
    const first = d.pieces[0];
    if (!d.email && first && !/^(?:hey|hi)\b/i.test(first.text) && !ctx.asked.has('shorter')) {
      first.text = `Hey, ${lowerStart(first.text, [ctx.name, d.slots.name])}`;
      return {
        change: hits.length
          ? `Relaxed the wording (${hits
              .slice(0, 3)
              .map((h) => `"${h}"`)
              .join(', ')}) and opened with "Hey"`
          : 'Opened with "Hey"',
      };
    }
    return hits.length
      ? {
          change: `Relaxed the wording (${hits
            .slice(0, 3)
            .map((h) => `"${h}"`)
            .join(', ')})`,
        }
      : { note: 'It already reads casually.' };
  },
  plainer: (d, _r, ctx) => {
    const hits = [...replaceIn(d, CONTRACT), ...replaceIn(d, STIFF)];
    let split = 0;
    for (const p of d.pieces) {
      const out = sentences(p.text)
        .map((s) =>
          words(s) > 22 ? s.replace(/, (and|but|so) /, (_m, c: string) => (split++, `. ${capitalise(c)} `)) : s,
        )
        .join(' ');
      p.text = tidy(out);
    }
    if (!hits.length && !split) {
      // Nothing stiff left: a line that adds little goes, which is what usually reads as "off".
      const filler = d.pieces.find(
        (p) =>
          (p.role === 'opening' || p.role === 'close' || p.role === 'impact') &&
          !mustKeep(p, ctx) &&
          d.pieces.length > 2 &&
          canLeaveOut(d, p),
      );
      if (filler) {
        leaveOut(d, (p) => p === filler);
        return { change: `Left out ${quote(filler.text)}, so it gets to the point` };
      }
      // Otherwise the library's other wording of the same lines.
      // "Sounds like a greeting card" wants it plainer and more direct, not sweeter.
      const reworded = reRegister(
        d,
        /\b(?:card|cheesy|corny|sappy|cringe\w*|hallmark|pamphlet|poem|flowery|much)\b/i.test(ctx.wording)
          ? 'firmer'
          : 'softer',
      );
      if (reworded.length) return { change: `Reworded ${quote(reworded.map((p) => p.text).join(' '))}` };
      return { note: 'It is already in plain words with short sentences; try "warmer", "shorter" or "more casual".' };
    }
    return {
      change: [
        hits.length
          ? `Plainer words (${hits
              .slice(0, 3)
              .map((h) => `"${h}"`)
              .join(', ')})`
          : '',
        split ? 'split a long sentence in two' : '',
      ]
        .filter(Boolean)
        .join(', '),
    };
  },
  email: (d, _r, ctx) => {
    if (d.email) return { note: 'It is already an email.' };
    // A greeting inside the first sentence moves to the greeting line.
    const first = d.pieces[0];
    let name = ctx.name ?? d.slots.name ?? null;
    const hi = first ? /^(?:(?:Hi|Hey|Hello|Dear) )?([A-Z][\w'.-]*(?: [A-Z][\w'.-]*)?), /.exec(first.text) : null;
    if (hi && first) {
      const [, greeted] = hi;
      if (greeted && !/^(?:Hi|Hey|Hello|Dear|Hiya|So|Look|Listen|Honestly|Okay|Ok|Well)$/.test(greeted)) name = greeted;
      first.text = capitalise(first.text.slice(hi[0].length));
    }
    for (const p of d.pieces)
      p.text = p.text
        .replace(/\bI'm calling (because|about|to)\b/g, "I'm writing $1")
        .replace(/\bon this call\b/g, 'here');
    const subject = ctx.toHelper ? 'Asking for help' : d.behaviour ? capitalise(d.behaviour.label) : 'A quick note';
    d.email = {
      subject,
      greeting: name ? `Hi ${name},` : 'Hello,',
      signoff: ctx.personal ? 'Thanks,' : 'Best regards,',
    };
    return { change: `Set it out as an email, with a subject line (${quote(subject)}), a greeting and a sign-off` };
  },
  text_message: (d, _r, ctx) => {
    const changes: string[] = [];
    if (d.email) {
      d.email = null;
      changes.push('took off the subject line, greeting and sign-off');
    }
    const close = d.pieces.filter((p) => p.role === 'close');
    if (close.length && close.length < d.pieces.length) {
      leaveOut(d, (p) => p.role === 'close');
      changes.push(`left out ${quote(close.map((p) => p.text).join(' '))}`);
    }
    const hits = replaceIn(d, CONTRACT);
    if (hits.length) changes.push('used contractions');
    // A text can be a few sentences; only a long one is trimmed, and never what happened.
    if (words(body(d)) > 45) {
      const cut = OPS.shorter(d, { ..._r, op: 'shorter', target: 'keep what happened' }, ctx);
      if (cut.change) changes.push(cut.change.charAt(0).toLowerCase() + cut.change.slice(1));
    }
    return changes.length
      ? { change: capitalise(`${changes.join(', ')}, so it reads as a text`) }
      : { note: 'It already reads as a text message.' };
  },
  less_apologetic: (d, _r, ctx) => {
    const selfBlame =
      /\b(?:that's on me|my fault|I(?:'ve| have) made (?:things|this|it) (?:harder|worse|difficult)|I let you down|I dropped the ball|I messed up)\b/i;
    const apologies = d.pieces.filter((p) => isApology(p.text) || (!ctx.selfFault && selfBlame.test(p.text)));
    // When the writer is at fault the apology is the point: keep one, plainly.
    // "Cut the sorrys down, once is enough": one stays.
    const keep =
      ctx.selfFault || (apologies.length > 1 && /\b(?:once|down|too many|so much|so many|fewer)\b/i.test(ctx.wording))
        ? apologies[0]
        : undefined;
    const drop = apologies.filter((p) => p !== keep && d.pieces.length > 1);
    if (drop.length) {
      leaveOut(d, (p) => drop.includes(p));
      return {
        change: `Left out ${quote(drop.map((p) => p.text).join(' '))}${keep ? ' and kept one plain apology' : ''}`,
      };
    }
    const hits = replaceIn(d, [
      [/\bI(?:'m| am) (?:so|really|very|truly|deeply|incredibly) sorry\b/gi, "I'm sorry"],
      [/\bI(?:'m| am) (?:so |really )?sorry to (?:bother you|bring this up|ask),? (?:but )?/gi, ''],
      [/\bI hate to (?:ask|bring this up),? (?:but )?/gi, ''],
    ]);
    if (hits.length) return { change: `Toned down the apology (${hits.map((h) => `"${h}"`).join(', ')})` };
    // No apology in words, but the deference is what the person hears: said more plainly.
    if (!keep) {
      const firm = OPS.firmer(d, _r, ctx);
      if (firm.change) return firm;
    }
    return {
      note: keep
        ? 'The apology is the point of this reply, so one plain apology stays.'
        : 'There is no apology in it to take out.',
    };
  },
  more_apologetic: (d, _r, ctx) => {
    const apology = d.pieces.find((p) => isApology(p.text));
    if (apology) {
      const hits = replaceIn(d, [[/\bI(?:'m| am) sorry\b/, "I'm really sorry"]]);
      // For the writer's own fault a fuller apology also owns it, without excuses.
      const owning =
        ctx.selfFault && !/\bno excuses?\b|\bI feel (?:awful|terrible)\b/i.test(body(d))
          ? "There's no excuse for it, and I feel awful."
          : null;
      if (owning) d.pieces.splice(d.pieces.indexOf(apology) + 1, 0, { role: 'extra', text: owning, own: true });
      if (hits.length || owning)
        return {
          change: `Made the apology fuller (${[hits.length ? '"I\'m really sorry"' : '', owning ? quote(owning) : ''].filter(Boolean).join(' and ')})`,
        };
      return { note: 'It already apologises as fully as it can without excuses.' };
    }
    const text = ctx.selfFault ? "I'm really sorry." : "I'm sorry to have to bring this up.";
    d.pieces.unshift({ role: 'extra', text, own: true });
    return { change: `Added ${quote(text)}` };
  },
  specific: (d, req, ctx) => {
    const changed: Piece[] = [];
    for (const p of d.pieces) {
      if (!p.source) continue;
      const text = segmentText(p.source.segment, d.slots, p.source.register);
      if (text !== p.text) {
        p.text = text;
        changed.push(p);
      }
    }
    if (changed.length) return { change: `Put in the specifics: ${quote(changed.map((p) => p.text).join(' '))}` };
    const target = req.target?.replace(/^(?:the|my|our|his|her|their) /i, '').toLowerCase();
    if (target && /deadline|date|day/.test(target) && d.slots.day && body(d).includes(d.slots.day))
      return { note: `It already says ${d.slots.day}.` };
    if (target && /deadline|date|day/.test(target) && d.slots.day && !body(d).includes(d.slots.day)) {
      const text = `The deadline is ${d.slots.day}.`;
      insertBeforeRequest(d, { role: 'extra', text });
      return { change: `Added ${quote(text)}` };
    }
    if (target && /amount|money|price/.test(target) && d.slots.amount && !body(d).includes(d.slots.amount)) {
      const text = `It's ${d.slots.amount}.`;
      insertBeforeRequest(d, { role: 'extra', text });
      return { change: `Added ${quote(text)}` };
    }
    // "exactly what I'll do differently": the reply's own commitment answers it when it has one.
    if (target && /\bwhat (?:i'?ll|i will|i'?m going to) do\b/i.test(target)) {
      const plan = d.pieces.find((p) => /\b(?:from now on|I'll|I will|going forward|next time)\b/.test(p.text));
      if (plan)
        return {
          note: `It already says what you'll do: ${quote(plan.text)}. Tell me anything else in your words ("add that I'll …").`,
        };
    }
    const detail = ctx.situation ? detailFrom(ctx.situation, body(d), req.target ?? null, ctx) : null;
    if (detail) {
      insertBeforeRequest(d, { role: 'extra', text: detail, own: true });
      return { change: `Added the specifics from your situation: ${quote(detail)}` };
    }
    const example = target
      ? `"add that ${target.replace(/^(?:exactly|specifically) /, '')} …"`
      : '"add that it has happened three times"';
    return { note: `Tell me the detail to add in your words, for example ${example}, and I'll put it in.` };
  },
  add_fact: (d, req, ctx) => {
    const text = factSentence(req.fact ?? '', { toHelper: ctx.toHelper || aboutSomeoneElse(req.fact ?? '', ctx) });
    if (
      body(d)
        .toLowerCase()
        .includes(text.toLowerCase().replace(/[.!?]$/, ''))
    )
      return { note: `It already says ${quote(text)}.` };
    // Marked as the writer's own, so that "shorter" never cuts it.
    insertBeforeRequest(d, { role: 'extra', text, own: true });
    return { change: `Added ${quote(text)}` };
  },
  drop: (d, req) => {
    const target = (req.target ?? '')
      .toLowerCase()
      .replace(/\b(?:bit|part|line|sentence|stuff|thing|about|the|a|that|where|i|say|said|mention)\b/g, ' ')
      .trim();
    const content = target
      .split(/\s+/)
      .filter(
        (w) =>
          w.length > 3 &&
          !/^(?:just|yet|now|again|anymore|also|this|that|them|they|with|from|your|their|stuff|part)$/.test(w),
      );
    const has = (text: string, w: string) =>
      new RegExp(`\\b${w.replace(/s$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i').test(text);
    const matches = (p: Piece) =>
      /feel|anxi|stress|worr|panic|depress|mental|emotion/.test(target)
        ? FEELING.test(p.text)
        : /apolog|sorry/.test(target)
          ? isApology(p.text)
          : /money|cash|amount|price|cost/.test(target)
            ? MONEY.test(p.text)
            : /deadline|date|day|time/.test(target)
              ? WHEN.test(p.text)
              : content.length > 0 && content.some((w) => has(p.text, w));
    const drop = d.pieces.filter((p) => matches(p) && p.role !== 'request');
    if (drop.length && drop.length < d.pieces.length) {
      leaveOut(d, (p) => drop.includes(p));
      return { change: `Left out ${quote(drop.map((p) => p.text).join(' '))}` };
    }
    if (d.pieces.some((p) => matches(p) && p.role === 'request'))
      return { note: `That part is the request itself, so it stays; say what to ask for instead.` };
    return { note: `I could not find a part about ${req.target} in it.` };
  },
  ask: (d) => {
    const req = d.pieces.find((p) => p.role === 'request') ?? d.pieces[d.pieces.length - 1];
    if (!req) return { note: 'There is no request in it to turn into a question.' };
    if (isQuestion(req.text)) return { note: 'It already asks rather than tells.' };
    if (req.source?.segment.softer) {
      const text = segmentText(req.source.segment, d.slots, 'softer');
      if (isQuestion(text)) {
        req.text = text;
        req.source = { ...req.source, register: 'softer' };
        return { change: `Asked instead of telling: ${quote(text)}` };
      }
    }
    const before = req.text;
    req.text = tidy(
      req.text
        .replace(/^Please ([a-z][^.!?]*)[.!]/i, 'Could you $1?')
        .replace(/,\s*please ([a-z][^.!?]*)[.!]/i, ', could you $1?')
        .replace(/^I need you to ([^.!?]+)[.!]$/i, 'Could you $1?')
        .replace(/^(?:You need to|You have to|You must) ([^.!?]+)[.!]$/i, 'Could you $1?')
        .replace(/^I(?:'ll| will) need ([^.!?]+)[.!]$/i, 'Could I have $1?'),
    );
    return req.text !== before
      ? { change: `Asked instead of telling: ${quote(req.text)}` }
      : { note: 'I could not turn the request into a question without changing it; the Empathetic suggestion asks.' };
  },
  end_question: (d, req, ctx) => {
    const last = d.pieces[d.pieces.length - 1];
    // "ask what she thinks": a question about something else does not ask for their view.
    if (
      req.target === 'their view' &&
      !(
        last &&
        isQuestion(last.text) &&
        /\b(?:you think|you feel|your (?:view|take|thoughts)|how does that sound|what would you)\b/i.test(last.text)
      )
    ) {
      const text = 'What do you think?';
      d.pieces.push({ role: 'close', text, own: true });
      return { change: `Asked for their view: ${quote(text)}` };
    }
    if (
      req.target === 'what is going on' &&
      !d.pieces.some(
        (p) =>
          isQuestion(p.text) &&
          /\b(?:going on|okay|ok|all right|alright|everything|happening|getting in the way)\b/i.test(p.text),
      )
    ) {
      const text = 'Is something going on that I should know about?';
      d.pieces.push({ role: 'close', text, own: true });
      return { change: `Asked what is going on: ${quote(text)}` };
    }
    if (last && isQuestion(last.text)) return { note: 'It already ends with a question.' };
    if (last?.role === 'request' && last.source?.segment.softer) {
      const text = segmentText(last.source.segment, d.slots, 'softer');
      if (isQuestion(text)) {
        last.text = text;
        last.source = { ...last.source, register: 'softer' };
        return { change: `Ended with a question: ${quote(text)}` };
      }
    }
    const text = ctx.selfFault ? 'Can we talk soon?' : ctx.personal ? 'What do you think?' : 'Does that work for you?';
    d.pieces.push({ role: 'close', text, own: true });
    return { change: `Ended with a question: ${quote(text)}` };
  },
  use_name: (d, req, ctx) => {
    const name = req.name ?? ctx.name ?? d.slots.name ?? (ctx.situation ? fullNameIn(ctx.situation) : null);
    if (!name) return { note: 'I don\'t know their name. Tell me it, for example "use her name, it\'s Jess".' };
    if (body(d).includes(name) || d.email?.greeting.includes(name)) return { note: `It already uses ${name}.` };
    d.slots = { ...d.slots, name };
    if (d.email) {
      d.email.greeting = `Hi ${name},`;
      return { change: `Greeted ${name} by name` };
    }
    for (const p of d.pieces) {
      if (!p.source) continue;
      const text = segmentText(p.source.segment, d.slots, p.source.register);
      if (text !== p.text) {
        p.text = text;
        return { change: `Used ${name}'s name: ${quote(text)}` };
      }
    }
    const first = d.pieces[0];
    // An empty reply (which the API never lets through) has always failed here.
    if (!first) throw new Error('use_name: the reply has no sentence to open with the name');
    first.text = `${name}, ${lowerStart(first.text, [name, ctx.name, d.slots.name])}`;
    return { change: `Opened with ${name}'s name` };
  },
  no_name: (d, _r, ctx) => {
    const name =
      d.slots.name ??
      ctx.name ??
      /^(?:Hi|Hey|Hello|Dear) ([A-Z][\w'.-]*(?: [A-Z][\w'.-]*)?),/.exec(d.pieces[0]?.text ?? '')?.[1];
    if (!name) return { note: 'It does not use a name.' };
    const { name: _drop, ...rest } = d.slots;
    d.slots = rest;
    let changed = false;
    for (const p of d.pieces) {
      const before = p.text;
      p.text = p.source
        ? segmentText(p.source.segment, d.slots, p.source.register)
        : tidy(
            p.text
              .replace(
                new RegExp(`^(?:(?:Hi|Hey|Hello|Dear) )?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},\\s*`),
                '',
              )
              .replace(new RegExp(`,\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[.!?])`), ''),
          );
      if (p.text !== before) changed = true;
    }
    if (d.email?.greeting.includes(name)) {
      d.email.greeting = 'Hello,';
      changed = true;
    }
    return changed ? { change: `Took ${name}'s name out` } : { note: 'It does not use their name.' };
  },
};
