// Adjustment vocabulary. Each word has the kind it asks for ("firmer" → more_assertive) and the
// kind it asks for when negated or overdone ("too harsh", "less formal" → the opposite).
export const ADJUSTMENT_KINDS = [
  'more_assertive', 'softer', 'shorter', 'longer', 'more_formal', 'more_casual',
  'add_specifics', 'less_apologetic', 'more_empathetic',
] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

export const ADJUSTMENT_NAMES: Record<AdjustmentKind, string> = {
  more_assertive: 'more assertive / firmer', softer: 'softer / warmer / gentler', shorter: 'shorter / more concise',
  longer: 'longer / more detailed', more_formal: 'more formal / professional', more_casual: 'more casual / friendly',
  add_specifics: 'add specifics or an example', less_apologetic: 'less apologetic', more_empathetic: 'more empathetic',
};

/** [word pattern, kind, kind when preceded by "less / too / not so / overly"]. */
export const DIMENSION_WORDS: ReadonlyArray<readonly [RegExp, AdjustmentKind, AdjustmentKind]> = [
  [/^(assertive(ness)?|firm(er|ly)?|strong(er)?|direct(er)?|confident|bold(er)?|forceful|tough(er)?|stern(er)?|serious|punch(y|ier)|powerful)$/, 'more_assertive', 'softer'],
  [/^(harsh(er)?|aggressive|blunt(er)?|confrontational|mean(er)?|cold(er)?|rude|pushy|demanding|intense|angry|hostile|cutting)$/, 'more_assertive', 'softer'],
  [/^(soft(er|en)?|gentle(r)?|warm(er|th)?|kind(er)?|nice(r)?|sweet(er)?|tactful|diplomatic|polite(r)?|tender|careful)$/, 'softer', 'more_assertive'],
  [/^(weak(er)?|passive|timid|meek|hesitant|wishy-washy|wishy|submissive|pushover|doormat)$/, 'softer', 'more_assertive'],
  [/^(short(er|en)?|brief(er)?|concise|succinct|tight(er|en)?|compact|snappy|quick(er)?)$/, 'shorter', 'longer'],
  [/^(long(er)?|wordy|verbose|rambling|rambly|lengthy|elaborate|expanded?|detailed)$/, 'longer', 'shorter'],
  [/^(formal|professional(ly)?|polished|businesslike|stiff|robotic|corporate|official)$/, 'more_formal', 'more_casual'],
  [/^(casual|relaxed|chill|informal|friendly|friendlier|laid-back|conversational|natural|human|chatty)$/, 'more_casual', 'more_formal'],
  [/^(specific(s)?|concrete|examples?|details?|precise)$/, 'add_specifics', 'shorter'],
  [/^(vague|generic|general|abstract)$/, 'add_specifics', 'add_specifics'],
  [/^(empathetic|empathy|understanding|compassionate|caring|validating|supportive)$/, 'more_empathetic', 'more_assertive'],
  [/^(apologetic|sorry|sorry-sounding|apologizing|apologising|apologies|apology|apologetically)$/, 'softer', 'less_apologetic'],
];

export const FLIP_WORDS: ReadonlySet<string> = new Set(['less', 'too', 'overly', 'so', 'way', 'fewer', 'no', 'without', 'stop', "don't", 'dont', 'not', 'never']);

/** Whole-phrase idioms that the word scan would miss or misread. */
export const ADJUSTMENT_PHRASES: ReadonlyArray<readonly [RegExp, AdjustmentKind]> = [
  [/\b(stand (my|your) ground|push back|don'?t back down|grow a spine|mean business|sound like i mean it|take charge)\b/, 'more_assertive'],
  [/\btone (it|this) down\b|\bless (of a )?(jerk|attack)\b|\bnot so (in your face|harsh)\b/, 'softer'],
  [/\b(cut|trim|shorten|condense|tighten|get to the point|tl;?dr|fewer words|one (sentence|line)|in a nutshell|cut it down)\b/, 'shorter'],
  [/\b(expand|elaborate|flesh (it )?out|say more|add more|more words)\b/, 'longer'],
  [/\b(like (a|an) (email|letter) to (my|a) (boss|manager|client)|for (my|a|the) (boss|manager|client|hr)|business tone)\b/, 'more_formal'],
  [/\b(like (a|my) (friend|buddy|mate)|like i'?m talking to a friend|text(ing)? a friend|less stiff|sound like me|loosen (it )?up)\b/, 'more_casual'],
  [/\b(add|include|mention|give|with) (some |an |a few |more )?(specifics?|examples?|details?|what happened|the (date|meeting|time))\b|\bbe (more )?specific\b/, 'add_specifics'],
  [/\b(stop|don'?t|quit|no more|without) (saying |being |so )?(sorry|apologi[sz](e|ing))\b|\bapologi[sz]e less\b|\bless sorry\b/, 'less_apologetic'],
  [/\b(acknowledge (their|his|her) (side|feelings|perspective)|show (that )?i care|more compassion)\b/, 'more_empathetic'],
];

/** Pairs that pull in opposite directions: the one mentioned first wins. */
export const OPPOSITES: ReadonlyArray<readonly [AdjustmentKind, AdjustmentKind]> = [
  ['more_assertive', 'softer'], ['shorter', 'longer'], ['more_formal', 'more_casual'],
];
