// Safety screen: runs before any coaching so that a dangerous situation never gets
// "communication tips" aimed at the person causing harm. Patterns live in lexicon/safety.ts;
// this file normalises the text and applies their guards.
import type { SafetyCategory, SafetyFlag } from '../../machines/domain/types.ts';
import { SAFETY_HELP, SAFETY_PATTERNS, SAFETY_PRIORITY, type SafetyPattern } from './lexicon/safety.ts';
import { scoreSafety } from './safety-score.ts';

/** Lower case, straight apostrophes, contractions spelled out, so each pattern has one spelling. */
export function normaliseForSafety(text: string): string {
  return (
    ` ${text} `
      .toLowerCase()
      .replace(/[’‘`]/g, "'")
      .replace(/["“”]/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/\bwon't\b/g, 'will not')
      .replace(/\bcan't\b/g, 'can not')
      .replace(/\bcannot\b/g, 'can not')
      .replace(/\bain't\b/g, 'is not')
      .replace(/\b(\w+)n't\b/g, '$1 not')
      // Texting without apostrophes: "i dont want to be here", "im scared", "ive been".
      .replace(/\b(do|does|did|is|are|was|were|have|has|had|could|would|should|must|need)nt\b/g, '$1 not')
      .replace(/\bcant\b/g, 'can not')
      .replace(/\bwont\b/g, 'will not')
      .replace(/\bim\b/g, 'i am')
      .replace(/\bive\b/g, 'i have')
      .replace(/\bi'm\b/g, 'i am')
      .replace(/\b(\w+)'ll\b/g, '$1 will')
      .replace(/\b(\w+)'d\b/g, '$1 would')
      .replace(/\b(\w+)'re\b/g, '$1 are')
      .replace(/\b(\w+)'ve\b/g, '$1 have')
      .replace(/\b(he|she|it|that|there|who|what)'s\b/g, '$1 is')
      .replace(/\bgonna\b/g, 'going to')
      .replace(/\bwanna\b/g, 'want to')
      .replace(/\bgotta\b/g, 'got to')
      .replace(/\b(?:u)\b/g, 'you')
      .trim()
  );
}

/** Marks that the writer is joking or exaggerating. */
const JOKE = /\b(?:lol|lmao|lmfao|rofl|jk|j\/k|haha\w*|hehe\w*|kidding|joking)\b|😂|🤣|😅|😆/;
/** Marks that physical contact was play, not harm. */
const PLAY =
  /\b(?:as a joke|as a prank|prank\w*|jokingly|playfully|play[- ]?fight\w*|play[- ]?wrestl\w*|horsing around|messing around|roughhous\w*|tickl\w*)\b/;
/** A negation just before the match: "he has never hit me", "she did not follow me home". */
const NEGATED_BEFORE =
  /\b(?:never|not|no longer|nobody has|no one has|has not ever)\s+(?!stop\w*\b|leave\b|let\b|allow\w*\b)(?:\w+\s+){0,2}$/;
const CLAUSE_BREAK = /[.,;:!?]|\b(?:and|but|so|then|because|or|when|after|if)\b/;

/** The writer as the doer in the same clause: "I could strangle my brother", "I pushed him". */
function writerIsAgent(before: string): boolean {
  const clause = before.split(CLAUSE_BREAK).pop() ?? '';
  return (
    /^\s*i\b/.test(clause) &&
    !/\b(?:he|she|they|who|someone|somebody)\b/.test(clause) &&
    clause.trim().split(/\s+/).length <= 6
  );
}

/**
 * "My sister says she'll kill me if I tell mom": family, friends and bosses "kill" each other in
 * everyday speech. A reported "kill me" counts when a partner, ex or stranger says it, not them.
 */
const HYPERBOLIC_SPEAKER =
  /\b(?:my|our) (?:mom|mum|mother|dad|father|parents|sister|sis|brother|bro|siblings?|grandma|grandpa|grandmother|grandfather|aunt|uncle|cousin|friends?|bestie|roommate|flatmate|boss|manager|teacher|coach|coworker|colleague)\b[^.,;]{0,30}$/;

function hit(p: SafetyPattern, text: string, joking: boolean, playing: boolean): boolean {
  if (joking && p.figurative) return false;
  if (playing && p.physical) return false;
  if (p.also && !p.also.test(text)) return false;
  p.re.lastIndex = 0;
  for (const m of text.matchAll(p.re)) {
    const before = text.slice(Math.max(0, m.index - 60), m.index);
    if (p.negatable && NEGATED_BEFORE.test(before)) continue;
    if (p.agent && writerIsAgent(before)) continue;
    if (p.notBefore?.test(before)) continue;
    if (p.notAfter?.test(text.slice(m.index + m[0].length, m.index + m[0].length + 60))) continue;
    if (
      p.category === 'threats' &&
      /\bkill (?:me|us)\b/.test(m[0]) &&
      HYPERBOLIC_SPEAKER.test(before + m[0].split(/\b(?:he|she|they)\b/)[0])
    )
      continue;
    return true;
  }
  return false;
}

/** Every category whose patterns match, most urgent first. */
export function safetyCategories(text: string): SafetyCategory[] {
  const norm = normaliseForSafety(text);
  const joking = JOKE.test(norm);
  const playing = PLAY.test(norm);
  const hits = new Set<SafetyCategory>();
  for (const p of SAFETY_PATTERNS) if (!hits.has(p.category) && hit(p, norm, joking, playing)) hits.add(p.category);
  // No single pattern fired: weigh the weaker cues together (safety-score.ts).
  if (hits.size === 0) for (const s of scoreSafety(norm, { joking: joking || playing })) hits.add(s.category);
  return SAFETY_PRIORITY.filter((c) => hits.has(c));
}

export function screenSafety(text: string): SafetyFlag {
  const [category] = safetyCategories(text);
  if (!category) return { flag: false, category: null };
  const help = SAFETY_HELP[category];
  return { flag: true, category, message: help.message, resources: [...help.resources] };
}
