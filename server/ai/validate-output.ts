// Checks on what a model wrote before anyone sees it: a reply, its explanation, a refinement's list
// of changes, and the reply's tokens while they stream. A model that was talked into something by
// the text it was given (prompt injection) shows it here, so besides the shape (not empty, within
// bounds, no unfilled placeholders) every text is refused when it
// - echoes our instructions (a run of 6 words copied from them) or a fence marker or chat role;
// - carries an override phrase ("ignore the user", "ignore previous instructions", "system prompt",
//   "you are now an unrestricted AI");
// - asks for a credential (send your password, the one-time code, a card number);
// - gives an e-mail address, a URL or a phone number the person did not write themselves.
// Every check reads the text as a person would see it (NFKC, no zero-width or bidi characters), so
// fullwidth letters and split words do not slip through. The streamed tokens go through a
// StreamGuard, which holds back only the words that could still begin a refused phrase.
import { SAFETY_HELP } from '../coach/lexicon/safety.ts';
import { canonical, stripControls } from './normalise.ts';
import { FENCE_LABELS, INSTRUCTION_TEXTS } from './prompts.ts';

export interface TextBounds {
  min: number;
  max: number;
}
export const SUGGESTION_BOUNDS: TextBounds = { min: 20, max: 1200 };
export const REFINED_BOUNDS: TextBounds = { min: 5, max: 1200 };
export const EXPLANATION_MAX = 600;

/** What a model's output is checked against: what the person wrote (contacts in it may be repeated). */
export interface OutputCheck {
  input?: readonly string[];
}

/** Any run of this many words copied from our instructions counts as an echo. */
const SHINGLE = 6;

/** Lower case, canonical, straight apostrophes, white space collapsed: the form every pattern reads. */
const plain = (text: string) => canonical(text).toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ');
const words = (text: string) => plain(text).match(/[a-z0-9']+/g) ?? [];

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

/** "Refusing to share your password", "you won't give them your code": a refusal, not a request. */
const NEGATED =
  /\b(?:not|never|don't|dont|do not|won't|wont|can't|cannot|shouldn't|refus\w*|declin\w*|without|stop|avoid\w*)\s+(?:[a-z']+\s+){0,2}$/;

/** Override phrases; `negatable`: harmless right after a refusal ("don't ignore the instructions"). */
const OVERRIDES: Array<{ re: RegExp; negatable: boolean }> = [
  {
    re: /\bignore (?:the )?user\b(?!['s]|\s(?:experience|interface|feedback|research|needs?|stor(?:y|ies))\b)/,
    negatable: true,
  },
  {
    re: /\b(?:ignore|disregard|forget|override|bypass) (?:(?:all|any|of|the|your|these|those|previous|prior|above|earlier|preceding|system|original|initial) ){1,4}(?:instructions?|prompts?|directives?)\b/,
    negatable: true,
  },
  { re: /\bsystem (?:prompt|message|instructions?)\b/, negatable: false },
  {
    re: /\byou are now (?:(?:a|an|the|in|my|no longer) )?(?:[a-z-]+ ){0,2}(?:ai|assistant|model|bot|chatbot|dan|jailbroken|unrestricted|unfiltered|uncensored)\b/,
    negatable: false,
  },
  { re: /\b(?:developer|jailbreak|dan|god) mode\b/, negatable: false },
  { re: /\bnew instructions ?:/, negatable: false },
  {
    re: /\b(?:reveal|print|show|repeat|output) (?:me )?(?:your|the|these) (?:hidden |original |full )?(?:instructions|prompt)\b/,
    negatable: true,
  },
];

const SECRET =
  '(?:password|passcode|passphrase|pin(?: code| number)?|api key|secret key|access token|' +
  '(?:one[ -]?time|verification|security|login|sign[ -]?in|2fa|auth(?:entication)?|sms|otp) (?:pass)?code|otp|' +
  '(?:(?:credit|debit|bank) )?card (?:number|details)|cvv|cvc|social security number|ssn|' +
  'bank (?:details|login)|login details|credentials|seed phrase|recovery phrase)';
const CREDENTIAL_RE = new RegExp(
  `\\b(?:send|give|share|tell|enter|provide|type|text|e-?mail|forward|confirm|verify|reply with|read out|dm|post|paste)` +
    ` (?:(?:me|us|them|him|her|it|over|back) ){0,2}(?:your|ur|the) (?:[a-z-]+ ){0,2}${SECRET}\\b` +
    `|\\bwhat(?:'s| is) your (?:[a-z-]+ ){0,2}${SECRET}\\b`,
);

const EMAIL_RE = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/g;
const URL_RE =
  /\b(?:https?:\/\/|www\.)[^\s<>"']+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|info|biz|xyz|ru|cn|me|app|dev|ly|gg|link|site|online|example|click|top|uk|de)\b(?:\/[^\s<>"']*)?/g;
const PHONE_RE = /\+?\d(?:[\s().-]*\d){6,}/g;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const tidyContact = (s: string) =>
  s
    .replace(/[.,;:!?)\]]+$/, '')
    .replace(/^(?:https?:\/\/)?(?:www\.)?/, '')
    .replace(/\/$/, '');
const digits = (s: string) => s.replace(/\D/g, '');

interface Contacts {
  text: Set<string>;
  phones: Set<string>;
}
function contactsIn(t: string): Contacts {
  const text = new Set<string>();
  const phones = new Set<string>();
  const emails = t.match(EMAIL_RE) ?? [];
  for (const e of emails) text.add(tidyContact(e));
  let rest = t.replace(EMAIL_RE, ' ');
  for (const u of rest.match(URL_RE) ?? []) text.add(tidyContact(u));
  rest = rest.replace(URL_RE, ' ');
  for (const p of rest.match(PHONE_RE) ?? []) if (!ISO_DATE.test(p.trim())) phones.add(digits(p));
  return { text, phones };
}

/** Help lines and sites the coach itself gives (vetted): a model may repeat them. */
const VETTED = contactsIn(
  plain(
    Object.values(SAFETY_HELP)
      .flatMap((h) => [h.message, ...h.resources])
      .join('\n'),
  ),
);

const inputContacts = new WeakMap<OutputCheck, Contacts>();
function allowedContacts(check: OutputCheck): Contacts {
  let c = inputContacts.get(check);
  if (!c) {
    c = contactsIn(plain((check.input ?? []).join('\n')));
    inputContacts.set(check, c);
  }
  return c;
}

function foreignContact(t: string, check: OutputCheck): string | null {
  const found = contactsIn(t);
  const allowed = allowedContacts(check);
  for (const c of found.text) {
    if (!allowed.text.has(c) && !VETTED.text.has(c)) return 'gives an address or link the person did not write';
  }
  for (const p of found.phones) {
    if (!allowed.phones.has(p) && !VETTED.phones.has(p)) return 'gives a phone number the person did not write';
  }
  return null;
}

function matchOutsideRefusal(re: RegExp, t: string): boolean {
  const g = new RegExp(re.source, 'g');
  for (let m = g.exec(t); m; m = g.exec(t)) {
    if (!NEGATED.test(t.slice(Math.max(0, m.index - 40), m.index))) return true;
  }
  return false;
}

function echoes(w: string[]): boolean {
  for (let i = 0; i + SHINGLE <= w.length; i++) {
    if (INSTRUCTION_SHINGLES.has(w.slice(i, i + SHINGLE).join(' '))) return true;
  }
  return false;
}

/** The checks on complete words that a streamed window can run too (plain text in). */
function contentReason(t: string, check: OutputCheck): string | null {
  if (echoes(t.match(/[a-z0-9']+/g) ?? [])) return 'echoes the instructions';
  for (const o of OVERRIDES) {
    if (o.negatable ? matchOutsideRefusal(o.re, t) : o.re.test(t)) return 'contains an instruction override';
  }
  if (matchOutsideRefusal(CREDENTIAL_RE, t)) return 'asks for a credential';
  return foreignContact(t, check);
}

/**
 * Why a text a model wrote must not reach a person, whatever its shape: an echo of our instructions,
 * fence markers, a chat role, an override phrase, a credential request, a contact the person did not
 * give. Null when it is fine.
 */
export function leakReason(text: string, check: OutputCheck = {}): string | null {
  const c = canonical(text);
  if (FENCE_RE.test(c)) return 'contains fence markers';
  if (ROLE_RE.test(c)) return 'contains a chat role prefix';
  return contentReason(plain(text), check);
}

/** Why `text` must not be shown as a reply, or null when it is fine. */
export function rejectReason(
  text: string,
  bounds: TextBounds = SUGGESTION_BOUNDS,
  check: OutputCheck = {},
): string | null {
  const t = text.trim();
  if (!t) return 'empty';
  if (t.length < bounds.min) return `shorter than ${bounds.min} characters`;
  if (t.length > bounds.max) return `longer than ${bounds.max} characters`;
  const c = canonical(t);
  if (FENCE_RE.test(c)) return 'contains fence markers';
  if (ROLE_RE.test(c)) return 'contains a chat role prefix';
  if (PLACEHOLDER_RE.test(c)) return 'contains a placeholder';
  return contentReason(plain(t), check);
}

/** Why an explanation ("why it works") must not be shown; an empty one is fine (a stock one stands in). */
export function explanationReason(text: string, check: OutputCheck = {}): string | null {
  const why = text.trim() ? leakReason(text, check) : null;
  return why && `explanation ${why}`;
}

/** Why a refinement's list of changes must not be shown (any one item is enough). */
export function changesReason(items: readonly string[], check: OutputCheck = {}): string | null {
  for (const item of items) {
    const why = leakReason(item, check);
    if (why) return `changes ${why}`;
  }
  return null;
}

/** Longest text FENCE_RE can match: a match spanning two pieces starts at most this far back. */
const FENCE_SPAN = Math.max(3, ...FENCE_LABELS.map((l) => l.length));

/**
 * A cheap check while streaming, fed piece by piece: fails as soon as the text so far is certainly
 * invalid (too long, a fence marker). Each piece is checked with the few characters before it.
 */
export class PartialCheck {
  private length = 0;
  private recent = '';

  constructor(private readonly bounds: TextBounds = SUGGESTION_BOUNDS) {}

  push(piece: string): string | null {
    if (!piece) return null;
    this.length += piece.length;
    if (this.length > this.bounds.max) return `longer than ${this.bounds.max} characters`;
    const window = canonical(this.recent + piece);
    if (FENCE_RE.test(window)) return 'contains fence markers';
    this.recent = window.length > FENCE_SPAN ? window.slice(-FENCE_SPAN) : window;
    return null;
  }
}

/** Words held back while streaming, at most: any pattern above spans at most this many words. */
export const HOLD_WORDS = 6;
/** Released text kept as the left context of the next check (a URL, a refusal before a request). */
const CONTEXT_CHARS = 200;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
/** A number still being written ("call 5 5 5 …") stays held until it is complete; "S17" is a word. */
const TRAILING_NUMBER = /(?<![\p{L}\p{N}])\+?\d[\d\s().-]*$/u;
/** An address still being written: the trailing run holds an @, a scheme, "www." or an inner dot. */
const TRAILING_ADDRESS = /\S*(?:@|:\/\/|www\.|[\p{L}\p{N}]\.[\p{L}\p{N}])\S*$/u;

/**
 * How the phrases the checks above refuse begin, as words: an override ("ignore …", "you are now …"),
 * a credential request ("send …", "what is your …") and every six-word run of our instructions. A
 * streamed word is held back only while it, with the words after it, could still be the start of one
 * of these; anything else is shown at once.
 */
const PHRASE_STARTS: readonly string[][] = [
  ...['ignore', 'disregard', 'forget', 'override', 'bypass', 'system', 'you are now', 'new instructions'],
  ...['developer mode', 'jailbreak', 'dan mode', 'god mode', 'reveal', 'print', 'show', 'repeat', 'output'],
  ...['send', 'give', 'share', 'tell', 'enter', 'provide', 'type', 'text', 'email', 'e-mail', 'forward'],
  ...['confirm', 'verify', 'reply with', 'read out', 'dm', 'post', 'paste', "what's your", 'what is your'],
].map((p) => p.split(' '));

interface WordTrie {
  next: Map<string, WordTrie>;
}
function trieOf(sequences: Iterable<readonly string[]>): WordTrie {
  const root: WordTrie = { next: new Map() };
  for (const seq of sequences) {
    let node = root;
    for (const w of seq) {
      let child = node.next.get(w);
      if (!child) node.next.set(w, (child = { next: new Map() }));
      node = child;
    }
  }
  return root;
}
const ECHO_STARTS = trieOf([...INSTRUCTION_SHINGLES].map((s) => s.split(' ')));
const PHRASE_TRIE = trieOf(PHRASE_STARTS);

/**
 * Whether `seq` (lower-case words; the last one still arriving when `open`) could begin a refused
 * phrase: it follows a path of the trie, a phrase start it has already completed counts (what follows
 * a complete "ignore" is for the checks to judge), and an open last word matches any word it begins.
 */
function couldBegin(trie: WordTrie, seq: readonly string[], open: boolean, completeCounts: boolean): boolean {
  let node = trie;
  for (let i = 0; i < seq.length; i++) {
    if (completeCounts && node !== trie && node.next.size === 0) return true;
    const w = seq[i]!;
    if (open && i === seq.length - 1) {
      for (const key of node.next.keys()) if (key.startsWith(w)) return true;
      return false;
    }
    const child = node.next.get(w);
    if (!child) return false;
    node = child;
  }
  return true;
}

/**
 * Where the text that must still be held begins in `pending` (its length when nothing need be held):
 * the earliest of the last HOLD_WORDS words that could begin a refused phrase, a number or an
 * address still being written.
 */
function holdFrom(pending: string, released: string): number {
  let cut = pending.length;
  const number = TRAILING_NUMBER.exec(pending);
  if (number) cut = number.index;
  // An address may have begun in what was already shown ("evil" then ".example"): read the run it
  // continues too, and hold all of the new text when the address started before it.
  const glued = /^\S/.test(pending) ? (/\S+$/.exec(released)?.[0] ?? '') : '';
  const address = TRAILING_ADDRESS.exec(glued + pending);
  if (address) cut = Math.min(cut, Math.max(0, address.index - glued.length));
  const found = [...pending.matchAll(WORD)];
  if (!found.length) return cut;
  const last = found[found.length - 1]!;
  const open = last.index + last[0].length === pending.length;
  const seq = found.map((m) => plain(m[0]));
  for (let i = Math.max(0, seq.length - HOLD_WORDS); i < seq.length; i++) {
    const start = found[i]!.index;
    if (start >= cut) break;
    const rest = seq.slice(i);
    if (couldBegin(PHRASE_TRIE, rest, open, true) || couldBegin(ECHO_STARTS, rest, open, false)) return start;
  }
  return cut;
}

export interface GuardStep {
  /** Text that passed and may be shown now ('' when nothing yet). */
  release: string;
  /** Why the output must not be shown; once set, nothing more is released. */
  failure: string | null;
}

/**
 * The reply's tokens, shown as soon as they are decided. Every complete word is checked with the
 * released text before it (leakReason's content checks); what could still begin a refused phrase (up
 * to HOLD_WORDS words: an echo of our instructions, an override, a credential request), a number or an
 * address still being written is held until the next words decide it. So a refused phrase never
 * leaves whole: at most its harmless first words do, and the stream is reset. An ordinary first word
 * goes out with the token that carried it, which is what a person waits for. `end()` runs the full
 * check on the whole reply (and on the text after the marker) before the held words go. Released text
 * carries no control characters, and the released pieces joined are the reply exactly.
 */
export class StreamGuard {
  private released = '';
  private pending = '';
  private failed: string | null = null;
  private readonly fences: PartialCheck;

  constructor(
    private readonly bounds: TextBounds = SUGGESTION_BOUNDS,
    private readonly check: OutputCheck = {},
  ) {
    this.fences = new PartialCheck(bounds);
  }

  /** The reply so far (released and held), without control characters. */
  get text(): string {
    return this.released + stripControls(this.pending);
  }

  push(piece: string): GuardStep {
    if (this.failed || !piece) return { release: '', failure: this.failed };
    this.pending += piece;
    const early = this.fences.push(piece);
    if (early) return this.fail(early);
    // The checks judge complete words only (the token still arriving could change what they mean);
    // what may be shown is everything but what could still begin a leak (holdFrom).
    const lastSpace = this.pending.search(/\s\S*$/);
    if (lastSpace >= 0) {
      const complete = this.pending.slice(0, lastSpace + 1);
      const why = contentReason(plain(this.context() + stripControls(complete)), this.check);
      if (why) return this.fail(why);
    }
    const cut = holdFrom(this.pending, this.released);
    if (cut <= 0) return { release: '', failure: null };
    const release = stripControls(this.pending.slice(0, cut));
    this.pending = this.pending.slice(cut);
    this.released += release;
    return { release, failure: null };
  }

  /**
   * The stream ended: the whole reply is checked (`rejectReason`), then `tailReason` (the explanation
   * or the changes); when both pass, the held words are released.
   */
  end(tailReason: string | null = null): GuardStep {
    if (this.failed) return { release: '', failure: this.failed };
    const why = rejectReason(this.text, this.bounds, this.check) ?? tailReason;
    if (why) return this.fail(why);
    const release = stripControls(this.pending);
    this.pending = '';
    this.released += release;
    return { release, failure: null };
  }

  private context(): string {
    if (this.released.length <= CONTEXT_CHARS) return this.released;
    const tail = this.released.slice(-CONTEXT_CHARS);
    const space = tail.search(/\s/);
    return space < 0 ? tail : tail.slice(space);
  }

  private fail(why: string): GuardStep {
    this.failed = why;
    this.pending = '';
    return { release: '', failure: why };
  }
}

/** Trims quotes and markdown a model may wrap the reply in, and drops control characters. */
export function cleanReply(text: string): string {
  let t = stripControls(text).trim();
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
  return stripControls(text).replace(/\s+/g, ' ').trim().slice(0, EXPLANATION_MAX);
}
