// Texting shorthand spelled out before the text is parsed, so "my bf keeps reading my msgs tbh"
// reads like "my boyfriend keeps reading my messages". Only unambiguous forms: "u" and "ur" are
// expanded, "r" only between a pronoun and a word ("they r late").
type Replacement = string | ((match: string) => string);
const SHORTHAND: ReadonlyArray<readonly [RegExp, Replacement]> = [
  [/\bbf\b/gi, 'boyfriend'], [/\bgf\b/gi, 'girlfriend'], [/\bbff\b/gi, 'best friend'], [/\bbestie\b/gi, 'best friend'],
  [/\bhubby\b/gi, 'husband'], [/\bwifey\b/gi, 'wife'],
  [/\bmil\b/gi, 'mother-in-law'], [/\bfil\b/gi, 'father-in-law'], [/\bsil\b/gi, 'sister-in-law'], [/\bbil\b/gi, 'brother-in-law'],
  [/\broomie\b/gi, 'roommate'], [/\bco-?workers?\b/gi, (m) => (m.toLowerCase().endsWith('s') ? 'coworkers' : 'coworker')],
  [/\bmgr\b/gi, 'manager'], [/\bsis\b/gi, 'sister'], [/\bbro\b(?=\s+(?:keeps|always|never|won't|took|borrowed|is|has|owes))/gi, 'brother'],
  [/\bu\b/g, 'you'], [/\bur\b/g, 'your'], [/\b(i|you|we|they|he|she) r\b/gi, '$1 are'], [/\by\b(?= (?:is|does|did|would|are|won't|can't)\b)/g, 'why'],
  [/\bpls\b|\bplz\b/gi, 'please'], [/\btho\b/gi, 'though'], [/\bthru\b/gi, 'through'], [/\b(?:bc|b\/c|cuz|coz|cos)\b/gi, 'because'],
  [/\bw\/o\b/gi, 'without'], [/\bw\/(?=\s)/gi, 'with'], [/\babt\b/gi, 'about'], [/\bppl\b/gi, 'people'], [/\bmsgs\b/gi, 'messages'],
  [/\bmsg\b/gi, 'message'], [/\btxts?\b/gi, 'text'], [/\bconvo\b/gi, 'conversation'], [/\bb-?day\b/gi, 'birthday'], [/\bbday\b/gi, 'birthday'],
  [/\bsmth\b|\bsth\b/gi, 'something'], [/\bsm\b(?= (?:money|stuff|time))/gi, 'some'], [/\bppl\b/gi, 'people'], [/\bafaik\b/gi, ''],
  [/\b(?:tbh|ngl|idk|imo|imho|smh|fr|lol|lmao|omg|wtf|ffs|istg|lowkey|highkey)\b/gi, ''],
  [/\brn\b/gi, 'right now'], [/\b(?:im|i'm)\b/gi, 'I am'], [/\b(?:ive|i've)\b/gi, 'I have'], [/\bi'd\b/gi, 'I would'], [/\bi'll\b/gi, 'I will'], [/\bdont\b/gi, "don't"], [/\bdoesnt\b/gi, "doesn't"],
  [/\bdidnt\b/gi, "didn't"], [/\bcant\b/gi, "can't"], [/\bwont\b/gi, "won't"], [/\bisnt\b/gi, "isn't"], [/\bwasnt\b/gi, "wasn't"],
  [/\bhasnt\b/gi, "hasn't"], [/\bhavent\b/gi, "haven't"], [/\barent\b/gi, "aren't"], [/\bwouldnt\b/gi, "wouldn't"], [/\bshouldnt\b/gi, "shouldn't"],
  [/\bcouldnt\b/gi, "couldn't"], [/\bhes\b/gi, "he's"], [/\bshes\b/gi, "she's"], [/\btheyre\b/gi, "they're"], [/\bthats\b/gi, "that's"],
  [/\bwhats\b/gi, "what's"], [/\bgonna\b/gi, 'going to'], [/\bwanna\b/gi, 'want to'], [/\bgotta\b/gi, 'have to'], [/\bkinda\b/gi, 'kind of'],
  [/\bsorta\b/gi, 'sort of'], [/\btmrw\b|\btmr\b|\btmw\b/gi, 'tomorrow'], [/\b2nite\b|\btonite\b/gi, 'tonight'], [/\bwknd\b/gi, 'weekend'],
  [/\bwk\b/gi, 'week'], [/\bmins\b/gi, 'minutes'], [/\bhrs\b/gi, 'hours'], [/\bappt\b/gi, 'appointment'], [/\bprof\b(?!\w)/gi, 'professor'],
];

/** The text with shorthand spelled out and typographic quotes straightened; meaning unchanged. */
export function expandShorthand(text: string): string {
  let out = text.replace(/[’‘`]/g, "'").replace(/[“”]/g, '"');
  for (const [re, rep] of SHORTHAND) out = typeof rep === 'string' ? out.replace(re, rep) : out.replace(re, rep);
  return out.replace(/[ \t]{2,}/g, ' ').trim();
}
