// Who the writer wants to talk to and what that person did, rephrased for saying it to them:
// a paraphrase frame when the behaviour is recognised, otherwise the writer's own clause about
// the counterpart converted to second person ("she keeps ignoring my texts" → "you keep
// ignoring my texts").
import type { ContextResult } from './context.ts';
import { BEHAVIOUR_CUES, FRAME_TABLE, type BehaviourFrame } from './lexicon/behaviours.ts';
import { PhraseMatcher } from './lexicon/matcher.ts';
import type { Parsed, Token } from './nlp.ts';

const frameMatcher = new PhraseMatcher<string>(BEHAVIOUR_CUES);

export type Pronoun = 'he' | 'she' | 'they';

export interface Counterpart {
  /** "your coworker", "Sam", or "them": used in explanations, never in the spoken text. */
  reference: string;
  /** A first name to open the spoken text with, when the writer used one. */
  name: string | null;
  pronoun: Pronoun;
}

export interface Behaviour {
  counterpart: Counterpart;
  frame: BehaviourFrame | null;
  /** Second-person clause: "you keep ignoring my texts". Null when nothing usable was found. */
  did: string | null;
  /** Where or when it happened, as a phrase: "in team meetings", "yesterday". */
  event: string | null;
}

const HE_ROLES = new Set(['boyfriend', 'husband', 'dad', 'brother', 'son', 'uncle', 'father-in-law', 'stepfather']);
const SHE_ROLES = new Set(['girlfriend', 'wife', 'mom', 'sister', 'daughter', 'aunt', 'mother-in-law', 'stepmother']);
const NOT_NAMES = new Set(['i', "i'm", 'hr', 'slack', 'ceo', 'cto', 'cfo', 'vp', 'jira', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'god', 'ok', 'okay', 'fiancé']);
const ABSOLUTES: Record<string, string> = { always: 'often', constantly: 'often', never: 'rarely', continually: 'often' };
const BE_FORMS: Record<string, string> = { is: 'are', was: 'were', has: 'have', does: 'do', "'s": "'re" };
const CLAUSE_END = new Set([',', ';', '.', '!', '?', ':', 'but', 'because', 'so', 'which', 'while', 'although', 'though', 'whenever', 'when', 'even', 'if', 'and']);
const MAX_CLAUSE = 14;

const EVENT_RE = /\b(?:in|at|during|on) (?:the |our |my |a |today's |yesterday's |last |every |each |team |weekly |family |group )*(?:meetings?|stand-?ups?|dinners?|lunch(?:es)?|part(?:y|ies)|calls?|reviews?|presentations?|weddings?|gatherings?|chat|date night|office|trip|holidays?|birthday(?: party)?|work)\b/i;
const TIME_RE = /\b(?:yesterday|last (?:night|week|weekend|month|time)|this (?:morning|week)|today|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/i;

export function readBehaviour(parsed: Parsed, ctx: ContextResult): Behaviour {
  const counterpart = findCounterpart(parsed, ctx);
  const frameMatch = frameMatcher.match(parsed.tokens)[0];
  const frame = frameMatch ? FRAME_TABLE[frameMatch.value] : null;
  const did = frame ? frame.did : secondPersonClause(parsed.tokens, ctx, counterpart);
  const eventMatch = EVENT_RE.exec(parsed.text) ?? TIME_RE.exec(parsed.text);
  return { counterpart, frame, did, event: eventMatch ? eventMatch[0].replace(/^(\w+) my /i, '$1 our ') : null };
}

function findCounterpart(parsed: Parsed, ctx: ContextResult): Counterpart {
  const person = ctx.people.find((p) => p.own && !p.thirdParty) ?? ctx.people.find((p) => !p.thirdParty) ?? ctx.people[0];
  const nameTok = parsed.tokens.find(
    (t) => t.pos === 'PROPN' && /^[A-Z][a-z]+$/.test(t.text) && !NOT_NAMES.has(t.norm),
  );
  const role = person?.value.role ?? null;
  const textPronoun = parsed.tokens.find((t) => t.norm === 'he' || t.norm === 'she' || t.norm === 'him' || t.norm === 'his')?.norm;
  const pronoun: Pronoun = role && HE_ROLES.has(role) ? 'he' : role && SHE_ROLES.has(role) ? 'she'
    : textPronoun === 'she' ? 'she' : textPronoun ? 'he' : 'they';
  const name = nameTok ? nameTok.text : null;
  const reference = name ?? (role ? `your ${role}` : pronoun === 'they' ? 'the other person' : pronoun === 'he' ? 'him' : 'her');
  return { reference, name, pronoun };
}

/** Finds "<counterpart> <verb ...>" and rewrites it as "you <verb ...>", or null. */
function secondPersonClause(tokens: readonly Token[], ctx: ContextResult, cp: Counterpart): string | null {
  const subjectEnds = new Set<number>();
  for (const p of ctx.people) subjectEnds.add(p.end);
  tokens.forEach((t, i) => {
    if (t.norm === cp.pronoun || (cp.name && t.text === cp.name)) subjectEnds.add(i + 1);
  });
  for (const start of [...subjectEnds].sort((a, b) => a - b)) {
    let i = start;
    while (tokens[i] && tokens[i].pos === 'ADV' && !ABSOLUTES[tokens[i].norm]) i++;
    const first = tokens[i];
    if (!first || !(first.pos === 'VERB' || first.pos === 'AUX' || ABSOLUTES[first.norm])) continue;
    const words: string[] = [];
    let converted = false;
    for (let k = start; k < tokens.length && words.length < MAX_CLAUSE; k++) {
      const t = tokens[k];
      if (k > start && CLAUSE_END.has(t.norm) && !(t.norm === 'and' && tokens[k + 1]?.pos === 'VERB')) break;
      if (t.pos === 'PUNCT' && t.norm !== "'") break;
      let w = t.norm;
      if (ABSOLUTES[w]) w = ABSOLUTES[w];
      else if (!converted && (t.pos === 'VERB' || t.pos === 'AUX')) {
        w = w === "'s" && tokens[k + 1]?.norm === 'been' ? "'ve" : (BE_FORMS[w] ?? w);
        if (t.pos === 'VERB' && /[^s]s$/.test(t.norm) && t.lemma !== t.norm) w = t.lemma;
        converted = true;
      } else w = secondPersonPronoun(t, tokens[k + 1], cp.pronoun) ?? w;
      words.push(w);
    }
    const clause = words.join(' ').replace(/ (n't|'s|'re|'ve|'d|'ll)\b/g, '$1');
    if (words.length >= 2) return `you ${clause}`.replace(/^you '/, "you'");
  }
  return null;
}

function secondPersonPronoun(t: Token, next: Token | undefined, pronoun: Pronoun): string | null {
  const possessiveFollows = next && (next.pos === 'NOUN' || next.pos === 'ADJ' || next.pos === 'PROPN');
  if (pronoun === 'he') return ({ he: 'you', him: 'you', his: 'your', himself: 'yourself' } as Record<string, string>)[t.norm] ?? null;
  if (pronoun === 'she') {
    if (t.norm === 'her') return possessiveFollows ? 'your' : 'you';
    return ({ she: 'you', hers: 'yours', herself: 'yourself' } as Record<string, string>)[t.norm] ?? null;
  }
  return ({ they: 'you', them: 'you', their: 'your', theirs: 'yours', themselves: 'yourselves' } as Record<string, string>)[t.norm] ?? null;
}
