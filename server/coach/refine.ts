// refine(): understands free wording for an adjustment, applies every requested kind in turn,
// and reports only changes that actually happened (each step records what it touched).
import type { RefinedResponse } from '../domain/types.ts';
import { AppError } from '../errors.ts';
import {
  ADJUSTMENT_KINDS, ADJUSTMENT_NAMES, ADJUSTMENT_PHRASES, DIMENSION_WORDS, FLIP_WORDS, OPPOSITES,
  type AdjustmentKind,
} from './lexicon/adjustments.ts';
import { tidy, wordCount } from './text.ts';

export type { AdjustmentKind };
export const SUPPORTED_ADJUSTMENTS: readonly AdjustmentKind[] = ADJUSTMENT_KINDS;

export interface RefineInput {
  responseId: string;
  originalText: string;
  adjustment: string;
  tone?: string;
  situation?: string;
}

export function classifyAdjustment(text: string): AdjustmentKind[] {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'");
  const found: Array<{ kind: AdjustmentKind; at: number }> = [];
  for (const [re, kind] of ADJUSTMENT_PHRASES) {
    const m = re.exec(lower);
    if (m) found.push({ kind, at: m.index });
  }
  const words = [...lower.matchAll(/[a-z][a-z'-]*/g)];
  words.forEach((w, i) => {
    const entry = DIMENSION_WORDS.find(([re]) => re.test(w[0]));
    if (!entry) return;
    const prev = [words[i - 1]?.[0], words[i - 2]?.[0]];
    const flipped = prev.some((p) => p !== undefined && FLIP_WORDS.has(p)) && !(prev[0] === 'more' || prev[0] === 'bit');
    found.push({ kind: flipped ? entry[2] : entry[1], at: w.index ?? 0 });
  });
  found.sort((a, b) => a.at - b.at);
  const kinds: AdjustmentKind[] = [];
  for (const { kind } of found) {
    if (kinds.includes(kind)) continue;
    const clash = OPPOSITES.some(([a, b]) => (kind === a && kinds.includes(b)) || (kind === b && kinds.includes(a)));
    if (!clash) kinds.push(kind);
  }
  return kinds;
}

interface Step {
  text: string;
  changes: string[];
}
type Transform = (text: string, input: RefineInput) => Step;

/** Applies [pattern, replacement] pairs and lists the distinct phrases that were replaced. */
function replaceAll(text: string, rules: ReadonlyArray<readonly [RegExp, string]>): { text: string; hits: string[] } {
  const hits: string[] = [];
  let out = text;
  for (const [re, rep] of rules) {
    out = out.replace(re, (match: string, ...rest: unknown[]) => {
      hits.push(match.trim().toLowerCase());
      const groups = rest.slice(0, -2) as Array<string | undefined>;
      return rep.replace(/\$(\d)/g, (_, n: string) => groups[Number(n) - 1] ?? '');
    });
  }
  return { text: tidy(out), hits: [...new Set(hits)] };
}
const quoteList = (xs: string[]) => xs.slice(0, 4).map((x) => `"${x}"`).join(', ');

const HEDGES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bI was wondering if (?:maybe )?we could\b/gi, 'I need us to'],
  [/\bWould you (?:maybe )?be open to trying to\b/gi, 'I need you to'],
  [/\bI was wondering if (?:maybe )?you could\b/gi, 'I need you to'],
  [/\bI was wondering if\b/gi, ''],
  [/\bI'd (?:really )?appreciate it if you could\b/gi, 'I need you to'],
  [/\bCould we\b/g, 'I need us to'], [/\bCan we\b/g, 'I need us to'],
  [/\bCould you(?: please)?\b/g, 'I need you to'], [/\bWould you(?: be willing to)?\b/g, 'I need you to'],
  [/\bI'd like to\b/g, 'I want to'], [/\bI'd like us to\b/g, 'I need us to'], [/\bI'd like you to\b/g, 'I need you to'],
  [/\b(?:maybe|perhaps|possibly|just|kind of|sort of|a little|a bit|somewhat)\s/gi, ''],
  [/\bI (?:think|feel like|guess)\s(?:that\s)?/gi, ''],
  [/,?\s*if (?:that's|that is) (?:okay|ok|alright)(?: with you)?/gi, ''], [/,?\s*if (?:possible|you don't mind)/gi, ''],
  [/,?\s*when you get a chance/gi, ''],
];

const TRANSFORMS: Record<AdjustmentKind, Transform> = {
  more_assertive: (text) => {
    const r = replaceAll(text, HEDGES);
    // A request that was a question is now a statement.
    let out = r.text.replace(/(I need (?:us|you) to [^.?!]*)\?/g, '$1.');
    const changes = r.hits.length ? [`Removed hedging (${quoteList(r.hits)})`] : [];
    if (!/\b(going forward|from now on|I expect)\b/i.test(out)) {
      out = `${out} Going forward, I expect this to change.`;
      changes.push('Added an explicit expectation ("Going forward, I expect this to change.")');
    }
    return { text: tidy(out), changes };
  },
  softer: (text) => {
    const r = replaceAll(text, [
      [/\bI need you to\b/g, 'it would mean a lot to me if you could'], [/\bI need us to\b/g, 'could we try to'],
      [/\bI expect you to\b/g, "I'd really appreciate it if you could"], [/\bI expect\b/g, "I'd hope"],
      [/\bYou always\b/g, 'Sometimes you'], [/\byou always\b/g, 'sometimes you'], [/\bnever\b/g, 'not often'],
      [/\bit needs to (stop|change)\b/g, "I'd love for it to $1"], [/\bthat doesn't work for me\b/g, "it's been weighing on me"],
      [/!/g, '.'],
    ]);
    let out = r.text.replace(/((?:could we try to|if you could)[^.?!]*)\./g, '$1?');
    const changes = r.hits.length ? [`Softened firm phrases (${quoteList(r.hits)})`] : [];
    if (!/\b(I hope|I know|I appreciate|I care)\b/i.test(out)) {
      out = `I hope it's okay to bring this up. ${out}`;
      changes.push('Added a warm opening ("I hope it\'s okay to bring this up.")');
    }
    if (!/thank/i.test(out)) {
      out = `${out} Thanks for hearing me out.`;
      changes.push('Added a warm closing ("Thanks for hearing me out.")');
    }
    return { text: tidy(out), changes };
  },
  shorter: (text) => {
    const before = wordCount(text);
    const sentences = text.match(/[^.!?]+[.!?]+|[^.!?]+$/g)?.map((s) => s.trim()) ?? [text];
    const isRequest = (s: string) => /\?|\b(I need|please|could we|could you|would you|can we|can you|let's|going forward|from now on|I expect|I'd like)\b/i.test(s);
    const isObservation = (s: string) => /\b(noticed|when you|you've|you have|you keep|happened)\b/i.test(s);
    const filler = (s: string) => /^(I hope|Thanks|Thank you|I appreciate|I know|Can we take|Could I share|I want to be straightforward|I want to raise)\b|\bsorry\b/i.test(s);
    let kept = sentences.length > 2 ? sentences.filter((s) => isRequest(s) || (isObservation(s) && !filler(s))) : sentences;
    if (!kept.length) kept = sentences.slice(-1);
    const r = replaceAll(kept.join(' '), [
      [/\b(really|just|actually|basically|honestly|very|quite|truly)\s/gi, ''], [/,?\s*and I don't think you meant it that way/gi, ''],
      [/\bthat has been on my mind\b/gi, ''], [/\bfor a sec\b/gi, ''],
    ]);
    const after = wordCount(r.text);
    if (after >= before) return { text, changes: [`Already concise (${before} words); no words removed`] };
    return { text: r.text, changes: [`Shortened from ${before} to ${after} words, keeping the request`] };
  },
  longer: (text) => ({
    text: tidy(`${text} I'm bringing this up because it matters to me and I'd rather talk about it than let it build up. How do you see it?`),
    changes: ['Added why this matters to you', 'Added a question inviting their view'],
  }),
  more_formal: (text) => {
    const r = replaceAll(text, [
      [/\bcan't\b/gi, 'cannot'], [/\bwon't\b/gi, 'will not'], [/\b(\w+)n't\b/gi, '$1 not'], [/\bI'm\b/g, 'I am'],
      [/\b(you|we|they)'re\b/gi, '$1 are'], [/\b(it|that|there|what)'s\b/gi, '$1 is'], [/\b(I|you|we|they)'ve\b/gi, '$1 have'],
      [/\b(I|you|we|they)'d\b/gi, '$1 would'], [/\b(I|you|we|they)'ll\b/gi, '$1 will'], [/\blet's\b/gi, 'let us'],
      [/\bgonna\b/gi, 'going to'], [/\bwanna\b/gi, 'want to'], [/\bkinda\b/gi, 'somewhat'], [/\byeah\b/gi, 'yes'],
      [/^Hey\b[^,]*,?\s*/i, ''], [/\bfor a sec\b/gi, 'for a moment'], [/\bcan I be real with you\b/gi, 'may I be candid with you'],
      [/\bthanks\b/gi, 'thank you'], [/\bstuff\b/gi, 'matters'], [/\bguys\b/gi, 'everyone'], [/\bhonestly,?\s*/gi, ''],
      [/\ba lot\b/gi, 'a great deal'], [/\bokay\b/gi, 'acceptable'], [/!/g, '.'],
    ]);
    return { text: r.text, changes: r.hits.length ? [`Made the wording formal (${quoteList(r.hits)} rewritten)`] : ['Already formal; no casual wording found'] };
  },
  more_casual: (text) => {
    const r = replaceAll(text, [
      [/\bI am\b/g, "I'm"], [/\bdo not\b/gi, "don't"], [/\bcannot\b/gi, "can't"], [/\bwill not\b/gi, "won't"], [/\bit is\b/gi, "it's"],
      [/\bI would\b/g, "I'd"], [/\bthat is\b/gi, "that's"], [/\bI have\b/g, "I've"], [/\bwe are\b/gi, "we're"],
      [/\bI appreciate working with you, and\s*/g, ''], [/\bregarding\b/gi, 'about'], [/\bdiscuss\b/gi, 'talk about'],
      [/\btherefore\b/gi, 'so'], [/\bhowever\b/gi, 'but'], [/\bthank you\b/gi, 'thanks'], [/\bgoing forward\b/gi, 'from now on'],
      [/\bensure\b/gi, 'make sure'], [/\badditionally\b/gi, 'also'], [/\braise something\b/gi, 'bring something up'],
    ]);
    let out = r.text;
    const changes = r.hits.length ? [`Relaxed the wording (${quoteList(r.hits)})`] : [];
    if (!/^(hey|hi)\b/i.test(out)) {
      out = `Hey, ${out.charAt(0).toLowerCase()}${out.slice(1)}`.replace(/^Hey, i\b/, 'Hey, I');
      changes.push('Opened with a friendly "Hey"');
    }
    return { text: tidy(out), changes };
  },
  add_specifics: (text, input) => {
    const example = specificExample(input.situation);
    return {
      text: tidy(`${text} ${example}`),
      changes: [`Added a concrete example ("${example}")`],
    };
  },
  less_apologetic: (text) => {
    const r = replaceAll(text, [
      [/\bI(?:'m| am) (?:so |really |very )?sorry(?: to bother you| for bringing this up| if this sounds [^,.]+)?,?\s*(?:but\s)?/gi, ''],
      [/\bsorry(?: to bother you)?,?\s*(?:but\s)?/gi, ''], [/\bI apologi[sz]e(?: for [^,.]+| if [^,.]+)?,?\s*(?:but\s)?/gi, ''],
      [/\bI hate to (?:bring this up|ask|say this),?\s*(?:but\s)?/gi, ''], [/\bI feel bad (?:asking|saying this),?\s*(?:but\s)?/gi, ''],
      [/\bthis is probably (?:silly|nothing|stupid),?\s*(?:but\s)?/gi, ''],
    ]);
    return {
      text: r.text,
      changes: r.hits.length ? [`Removed apologetic phrases (${quoteList(r.hits)})`] : ['No apologies found; the text already stands on its own'],
    };
  },
  more_empathetic: (text) => {
    const changes: string[] = [];
    let out = text;
    if (!/\bI (know|understand|can imagine)\b/i.test(out)) {
      out = `I know you've had a lot going on, and I'm not assuming the worst. ${out}`;
      changes.push('Opened by acknowledging their side');
    }
    if (!/how do you see it|your side|how you see/i.test(out)) {
      out = `${out} I'd like to hear how you see it, too.`;
      changes.push('Invited their perspective');
    }
    return { text: tidy(out), changes: changes.length ? changes : ['Already acknowledges their side; no changes made'] };
  },
};

const EVENT_RE = /\b(?:in|at|during) (?:the |our |my |a |last |team |weekly )*(?:meetings?|stand-?ups?|dinner|lunch|party|call|review|presentation|wedding|trip|chat)\b/i;
const TIME_RE = /\b(?:yesterday|last (?:night|week|weekend|month)|this (?:morning|week)|today)\b/i;

/** A concrete example built from the situation's when/where; a generic but honest one without it. */
function specificExample(situation?: string): string {
  const when = situation ? (TIME_RE.exec(situation)?.[0] ?? EVENT_RE.exec(situation)?.[0]?.replace(/^(\w+) (?:my |the )?/i, '$1 our ')) : undefined;
  return when
    ? `For example, ${when.replace(/^in our ((?:\w+ )?\w+?)s\b/, 'in our last $1')}, it happened again, and I'd like us to look at that moment specifically.`
    : "For example, the most recent time it happened is the one I'd like us to look at together, so we're talking about something specific.";
}

function toneFor(kinds: AdjustmentKind[], input: RefineInput): string {
  const register = /profession|formal|calm and professional/i.test(input.tone ?? '') || kinds.includes('more_formal') ? 'Professional' : 'Kind';
  const main = kinds[0];
  const labels: Record<AdjustmentKind, string> = {
    more_assertive: `Assertive and ${register}`, softer: 'Gentle and Warm', shorter: `Concise${input.tone ? ` ${input.tone}` : ''}`,
    longer: `Detailed${input.tone ? ` ${input.tone}` : ''}`, more_formal: 'Formal and Professional', more_casual: 'Casual and Friendly',
    add_specifics: `Specific${input.tone ? ` and ${input.tone}` : ''}`, less_apologetic: 'Confident', more_empathetic: 'Empathetic',
  };
  return labels[main];
}

export function refine(input: RefineInput): RefinedResponse {
  const kinds = classifyAdjustment(input.adjustment);
  if (!kinds.length) {
    throw new AppError('unsupported_adjustment', `I can't apply "${input.adjustment.slice(0, 80)}" yet. Try one of the supported adjustments.`, undefined, {
      supported: SUPPORTED_ADJUSTMENTS.map((k) => ADJUSTMENT_NAMES[k]),
    });
  }
  // Trim last so the length reported is the final one.
  const ordered = [...kinds].sort((a, b) => Number(a === 'shorter') - Number(b === 'shorter'));
  let text = input.originalText.trim();
  const changes: string[] = [];
  for (const kind of ordered) {
    const step = TRANSFORMS[kind](text, input);
    text = step.text;
    changes.push(...step.changes);
  }
  return { id: `${input.responseId}_refined`, tone: toneFor(kinds, input), text, changes };
}
