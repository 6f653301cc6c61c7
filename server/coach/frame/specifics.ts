// The concrete details worth keeping in a reply, each in the fixed grammatical shape its slot
// promises (library/schema.ts SLOTS): an amount "$2,400", a count "three times" / "fourth", a
// duration "60 days", a day to do something by "Friday", a clock time "2am", an invoice "#1043",
// a lent thing "my drill". A detail is taken only when its reading is unambiguous; otherwise it
// is left out and the reply uses its wording without it.
import type { SlotValues } from '../library/render.ts';

const SMALL = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORDINALS = [
  'zeroth',
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
];
const WORD_VALUE: Record<string, number> = Object.fromEntries([
  ...SMALL.map((w, i) => [w, i] as const),
  ...TENS.map((w, i) => [w, i * 10] as const).filter(([w]) => w),
  ['a', 1],
  ['an', 1],
  ['a couple', 2],
  ['couple', 2],
  ['a dozen', 12],
  ['dozen', 12],
]);
const ORDINAL_VALUE: Record<string, number> = Object.fromEntries(ORDINALS.map((w, i) => [w, i]));

function numberWords(n: number): string {
  if (n < 20) return SMALL[n] ?? String(n);
  const tens = TENS[Math.floor(n / 10)];
  if (n < 100 && tens) return tens + (n % 10 ? `-${SMALL[n % 10]}` : '');
  return String(n);
}

function ordinal(n: number): string {
  const word = ORDINALS[n];
  if (word) return word;
  const s =
    n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${s}`;
}

/** "3", "three", "twenty-five" → number; null otherwise. */
function parseCount(word: string): number | null {
  const w = word.toLowerCase().replace(/-/g, ' ').trim();
  if (/^\d+$/.test(w)) return Number(w);
  const value = WORD_VALUE[w];
  if (value !== undefined) return value;
  const [tens = '', unit = ''] = w.split(' ');
  const tensValue = WORD_VALUE[tens];
  const unitValue = WORD_VALUE[unit];
  if (tensValue !== undefined && unitValue !== undefined) return tensValue + unitValue;
  return null;
}

const CURRENCY: Record<string, string> = {
  $: '$',
  '£': '£',
  '€': '€',
  dollar: '$',
  dollars: '$',
  buck: '$',
  bucks: '$',
  usd: '$',
  pound: '£',
  pounds: '£',
  quid: '£',
  gbp: '£',
  euro: '€',
  euros: '€',
  eur: '€',
};

function money(symbol: string, value: number): string | null {
  if (!Number.isFinite(value) || value <= 0 || value > 10_000_000) return null;
  const whole = Math.round(value * 100) % 100 === 0;
  return `${symbol}${value.toLocaleString('en-US', { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 })}`;
}

const NUM = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?`;
const AMOUNT_RES: readonly [symbol: RegExp, word: RegExp, grand: RegExp, spelled: RegExp] = [
  new RegExp(String.raw`([$£€])\s?${NUM}\s?(k|K|grand)?\b`, 'g'),
  new RegExp(String.raw`\b${NUM}\s?(k|K)?\s?(dollars?|bucks?|usd|pounds?|quid|gbp|euros?|eur)\b`, 'gi'),
  new RegExp(String.raw`\b${NUM}\s?(grand)\b`, 'gi'),
  /\b(a|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?: (hundred|thousand))?\s+(dollars?|bucks?|pounds?|quid|euros?|grand)\b/gi,
];
const MONEY_CONTEXT =
  /\b(?:owe|owes|owed|lent|lend|loan|borrow\w*|pay|paid|paying|payment|invoice\w*|bill\w*|refund\w*|deposit|rent|venmo|charged?|cost|quote\w*|fee|back)\b/i;

function findAmount(text: string): string | null {
  const found: Array<{ at: number; value: string }> = [];
  const [symbolRe, wordRe, grandRe, spelledRe] = AMOUNT_RES;
  for (const m of text.matchAll(symbolRe)) {
    const [, symbol, digits, cents, thousands] = m;
    if (!symbol || !digits) continue;
    const base = Number(digits.replace(/,/g, '')) + (cents ? Number(`0.${cents}`) : 0);
    const v = money(symbol, thousands ? base * 1000 : base);
    if (v) found.push({ at: m.index, value: v });
  }
  for (const m of text.matchAll(wordRe)) {
    const [, digits, cents, thousands, currency] = m;
    if (!digits || !currency) continue;
    const base = Number(digits.replace(/,/g, '')) + (cents ? Number(`0.${cents}`) : 0);
    const v = money(CURRENCY[currency.toLowerCase()] ?? '$', thousands ? base * 1000 : base);
    if (v) found.push({ at: m.index, value: v });
  }
  for (const m of text.matchAll(grandRe)) {
    const [, digits] = m;
    if (!digits) continue;
    const v = money('$', Number(digits.replace(/,/g, '')) * 1000);
    if (v && !found.some((f) => Math.abs(f.at - m.index) < 3)) found.push({ at: m.index, value: v });
  }
  for (const m of text.matchAll(spelledRe)) {
    const [, count, scaleWord, unitWord] = m;
    if (!count || !unitWord) continue;
    const n = parseCount(count) ?? 0;
    const unit = unitWord.toLowerCase();
    const scale =
      scaleWord?.toLowerCase() === 'hundred'
        ? 100
        : scaleWord?.toLowerCase() === 'thousand' || unit === 'grand'
          ? 1000
          : 1;
    const v = money(unit === 'grand' ? '$' : (CURRENCY[unit] ?? '$'), n * scale);
    if (v && !found.some((f) => Math.abs(f.at - m.index) < 3)) found.push({ at: m.index, value: v });
  }
  found.sort((a, b) => a.at - b.at);
  // Several amounts: the one spoken of as owed, lent or billed.
  const near = found.find((f) => MONEY_CONTEXT.test(text.slice(Math.max(0, f.at - 40), f.at + 40)));
  return (near ?? found[0])?.value ?? null;
}

const COUNT_WORD = String.raw`(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|a couple of|a dozen)`;

/** "I've mentioned it twice", "I asked her three times": the writer's own attempts, not the behaviour's count. */
const WRITER_TRIES =
  /\b(?:i|we)(?:'ve| have| had)?(?: \w+){0,2} (?:mentioned|asked|told|reminded|texted|emailed|messaged|called|rang|hinted|raised|brought (?:it|this) up|said something|tried|followed up|chased)\b[^.?!]{0,40}$/i;

/** How many times it happened (2 or more), from "the 4th time", "three times", "twice". */
function findCount(text: string): number | null {
  const tried = (at: number) => WRITER_TRIES.test(text.slice(Math.max(0, at - 80), at));
  const nth =
    /\b(?:for )?the (\d{1,2})(?:st|nd|rd|th) time\b|\b(?:for )?the (second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth) time\b/i.exec(
      text,
    );
  if (nth?.[1]) return Number(nth[1]);
  if (nth?.[2]) return ORDINAL_VALUE[nth[2].toLowerCase()] ?? null;
  const twice = /\btwice\b/i.exec(text);
  if (twice && !/\btwice (?:a|per|every) (?:day|week|month)\b/i.test(text) && !tried(twice.index)) return 2;
  const times = new RegExp(
    String.raw`\b${COUNT_WORD} times\b(?! (?:a|per|every) (?:day|week|month|year)\b| (?:more|less|bigger|better|worse|as)\b)`,
    'i',
  ).exec(text);
  if (times?.[1] && !tried(times.index)) {
    const n = parseCount(times[1]);
    if (n && n >= 2 && n <= 50) return n;
  }
  return null;
}

const UNITS = '(days?|weeks?|months?|years?)';
const DURATION_CONTEXT =
  /\b(?:overdue|late|ago|still|waiting|since|now|haven't|hasn't|have not|has not|without|for (?:almost |nearly |over |about )?\d+ \w+ (?:now|already))\b/i;

function findDuration(text: string): string | null {
  const re = new RegExp(
    String.raw`\b(\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few|several)\s+(?:more\s+)?${UNITS}\b`,
    'gi',
  );
  for (const m of text.matchAll(re)) {
    const [phrase, count, unitWord] = m;
    if (!count || !unitWord) continue;
    const around = text.slice(Math.max(0, m.index - 30), m.index + phrase.length + 25);
    if (!DURATION_CONTEXT.test(around)) continue;
    // "two weeks' notice", "a week from now": not how long something has gone on.
    if (/^\s*(?:'|’)?\s*notice|^\s*from now/i.test(text.slice(m.index + phrase.length))) continue;
    const n = parseCount(count);
    const unit = unitWord.toLowerCase().replace(/s$/, '');
    if (n === null) {
      const lead = count.toLowerCase();
      return lead === 'a' || lead === 'an' ? `a ${unit}` : `${lead} ${unit}s`;
    }
    if (n === 1) return `a ${unit}`;
    return `${n >= 13 ? String(n) : numberWords(n)} ${unit}s`;
  }
  return null;
}

const WEEKDAYS = '(monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

/** A day something should happen by: "by Friday", "due Friday", "before the 15th", "tomorrow". */
function findDay(text: string): string | null {
  const by = new RegExp(
    String.raw`\b(?:by|due|before|until|till|deadline (?:is|of)?|needs? (?:it|them|this) (?:back )?(?:by|for)|next)\s+(?:this |next |on )?${WEEKDAYS}\b`,
    'i',
  ).exec(text);
  if (by?.[1]) return cap(by[1]);
  const dated = /\b(?:by|due|before|until|on)\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b/i.exec(text);
  if (dated) return `the ${ordinal(Number(dated[1]))}`;
  if (
    /\b(?:by|due|before|until) tomorrow\b|\btomorrow\b.*\b(?:deadline|due|meeting|have to|need to)\b|\b(?:deadline|due|meeting) (?:is )?tomorrow\b/i.test(
      text,
    )
  )
    return 'tomorrow';
  return null;
}

function findTime(text: string): string | null {
  const m = /\b(\d{1,2})(?::(\d{2}))?\s?(am|pm|a\.m\.|p\.m\.)(?![a-z])/i.exec(text);
  if (m?.[3]) {
    const h = Number(m[1]);
    if (h < 1 || h > 12) return null;
    return `${h}${m[2] && m[2] !== '00' ? `:${m[2]}` : ''}${m[3].toLowerCase().replace(/\./g, '')}`;
  }
  if (/\bat midnight\b|\bpast midnight\b|\bafter midnight\b/i.test(text)) return 'midnight';
  const morning = /\b(?:at )?(\d{1,2}|one|two|three|four|five) in the morning\b/i.exec(text);
  if (morning?.[1]) {
    const n = parseCount(morning[1]);
    if (n && n >= 1 && n <= 6) return `${n}am`;
  }
  return null;
}

function findInvoice(text: string): string | null {
  const m =
    /\binv(?:oice)?\.?\s*(?:no\.?|number|num\.?)?\s*#?\s*([A-Z]{0,4}-?\d{2,8})\b/i.exec(text) ??
    /\b(?:invoice|inv)\b[^.]{0,20}#\s?([A-Z]{0,4}-?\d{2,8})\b/i.exec(text);
  return m?.[1] ? `#${m[1].toUpperCase()}` : null;
}

/** Things people lend, borrow and want back. */
const ITEMS =
  'car|truck|bike|drill|ladder|lawnmower|mower|camera|laptop|tablet|ipad|phone charger|charger|headphones|speaker|book|books|jacket|coat|hoodie|sweater|dress|shoes|boots|' +
  'suitcase|tent|sleeping bag|projector|console|xbox|playstation|switch|games|controller|blender|pan|pans|dishes|tupperware|tools|toolbox|saw|tripod|lens|guitar|keyboard|' +
  'records|vinyl|dvds|board game|keys|spare key|sewing machine|vacuum|hoover|stroller|car seat|crib|bbq|grill|cooler|kayak|snowboard|skis|jewelry|necklace|ring|watch|scarf|sunglasses|notes|textbook|calculator';
const ITEM_RE = new RegExp(String.raw`\b(my|our|the)\s+((?:[a-z]+\s)?(?:${ITEMS}))\b`, 'gi');
const ITEM_CONTEXT =
  /\b(?:borrow\w*|lent|lend\w*|loan\w*|return\w*|give (?:it|them) back|gave (?:it|them) back|bring (?:it|them) back|back|still (?:has|have|got)|kept|keeping|took|taken|wrecked|broke|broken|ruined|scratched|dented|stretched|stained|lost)\b/i;

function findItem(text: string): string | null {
  for (const m of text.matchAll(ITEM_RE)) {
    const [phrase, determiner, thing] = m;
    if (!determiner || !thing) continue;
    const around = text.slice(Math.max(0, m.index - 50), m.index + phrase.length + 50);
    if (!ITEM_CONTEXT.test(around)) continue;
    const det = determiner.toLowerCase() === 'the' ? 'the' : determiner.toLowerCase();
    const words = thing.toLowerCase().split(/\s+/);
    const [first = ''] = words;
    // A modifier is kept only when it is a plain adjective-like word ("new drill"), never a name or a pronoun.
    const noun =
      words.length === 2 &&
      /^(?:new|old|good|nice|favourite|favorite|black|white|red|blue|green|grey|gray|winter|rain|leather|power|electric)$/.test(
        first,
      )
        ? words.join(' ')
        : (words.at(-1) ?? thing);
    return `${det} ${noun}`;
  }
  return null;
}

export interface Specifics {
  slots: SlotValues;
  /** How many times it happened, when the text says (2 or more). */
  count: number | null;
}

export function findSpecifics(text: string): Specifics {
  const slots: SlotValues = {};
  const amount = findAmount(text);
  if (amount) slots.amount = amount;
  const count = findCount(text);
  if (count && count >= 2) {
    slots.times = count === 2 ? 'twice' : `${count <= 20 ? numberWords(count) : String(count)} times`;
    slots.nth = ordinal(count);
  }
  const duration = findDuration(text);
  if (duration) slots.duration = duration;
  const day = findDay(text);
  if (day) slots.day = day;
  const time = findTime(text);
  if (time) slots.time = time;
  const invoice = findInvoice(text);
  if (invoice) slots.invoice = invoice;
  const item = findItem(text);
  if (item) slots.item = item;
  return { slots, count };
}
