// What a person asks for when they refine a reply, read from free wording and combinations
// ("warmer but keep the deadline", "shorter, and add that this has happened three times").
// Each request becomes one operation; the order of the wording is kept.
import { capitalise } from '../text.ts';
import { ADJUSTMENT_KINDS, type AdjustmentKind } from '../lexicon/adjustments.ts';

export type RefineOp =
  | 'firmer'
  | 'softer'
  | 'warmer'
  | 'cooler'
  | 'shorter'
  | 'longer'
  | 'formal'
  | 'casual'
  | 'email'
  | 'text_message'
  | 'less_apologetic'
  | 'more_apologetic'
  | 'specific'
  | 'add_fact'
  | 'drop'
  | 'ask'
  | 'end_question'
  | 'plainer'
  | 'use_name'
  | 'no_name';

export interface AdjustmentRequest {
  op: RefineOp;
  /** add_fact: the fact in the person's words ("this has happened three times"). */
  fact?: string;
  /** drop: what to leave out ("the bit about feelings"); specific: what to mention ("the deadline"). */
  target?: string;
  /** use_name: a name the person gave ("use her name, it's Jess"). */
  name?: string;
}

/** Words that carry a fact: "add that …", "mention the deadline is Friday", "say I already paid my half". */
const FACT =
  /(?<!\b(?:don'?t|do not|never|no need to|without|not|we|i|they|he|she|you|people|u|to|something to|anything to)\s)\b(?:add|mention|say|keep (?:in )?that|include|tell (?:him|her|them)|point out|remind (?:him|her|them)|let (?:him|her|them) know|note that)(?: in)?(?: that|:)?\s+(.+)$/i;
/** A clause that starts another request ends a fact: "add that it's the third time, and make it shorter". */
const NEXT_REQUEST =
  /,?\s*(?:\band\b|\bbut\b|\bthen\b|;)\s+(?=(?:make|keep|be|sound|end|use|don'?t|do not|leave|cut|shorten|also|please|and|start|open|begin|put|sign)\b)/i;

const SIMPLE: ReadonlyArray<readonly [RegExp, RefineOp]> = [
  [
    /\b(?:less|not so|too) (?:like a |of a )?(?:robot|robotic|stiff|corporate|scripted|ai|chatgpt|fake)\b|\b(?:sounds?|reads?) (?:like )?(?:a robot|an? ai|chatgpt|a bot|a machine)(?: wrote it)?\b|\b(?:robot|ai|chatgpt|a bot) wrote (?:it|this)\b|\bi (?:would|'d) never say\b|\bsound (?:more )?(?:human|natural|like a (?:real )?person|like me)\b|\bless formal-sounding\b|\bless like an? (?:essay|letter|lecture|speech|script|press release)\b|\bplain(?:er)? (?:english|words|language)\b/i,
    'plainer',
  ],
  [
    /(?<!\b(?:less|not|no|not so much) )\b(?:as|into|like) (?:an? )?(?:e-?mail|letter)\b|\be-?mail (?:version|format)\b|\bmake (?:it|this|that) (?:into )?(?:a |an )?(?:(?:more )?formal |proper )?e-?mail\b|\bfor (?:an? )?e-?mail\b|\bturn (?:it|this) into an? e-?mail\b|^e-?mail\b|\be-?mail (?:please|pls|plz|it|instead)\b|\ban? e-?mail to\b/i,
    'email',
  ],
  [
    /\b(?:as|like|into|make (?:it|this|that)|be|send it as|just) (?:a )?(?:text|sms|whatsapp|dm|message)\b|\btext (?:instead|message)\b|\blike i'?m texting\b|^text\b(?! (?:is|was|messages? (?:is|are)))|\btext (?:to|for) (?:him|her|them)\b|\btext (?:please|pls|plz|it)\b|\btext(?:ing)? (?:style|version)\b|\bfor (?:a )?text\b/i,
    'text_message',
  ],
  [
    /\bend (?:it |this )?(?:with|on|w\/?) (?:a )?question\b|\bask (?:them|him|her) (?:a question )?at the end\b|\bfinish (?:it )?(?:with|on) a question\b|\b(?:add|put|with|include) a question (?:at|to) the end\b|\bclose with a question\b/i,
    'end_question',
  ],
  // Vague but common: what people mean by them, done as far as it can be (notes say the rest).
  [
    /\bless (?:desperate|needy|pleading|begg?y|clingy|pathetic|grovel\w*)\b|\bnot (?:so )?(?:desperate|needy)\b|\bsound less like i'?m begging\b/i,
    'firmer',
  ],
  [
    /\bless (?:desperate|needy|pleading|begg?y|clingy|pathetic)\b|\bnot (?:so )?(?:desperate|needy)\b/i,
    'less_apologetic',
  ],
  [
    /\bless (?:cringe|cringey|cringy|cheesy|corny|over the top|dramatic|extra|gushy|try-?hard)\b|\b(?:too|so) (?:cringe|cringey|cheesy|corny|dramatic)\b|\btoo much\b/i,
    'cooler',
  ],
  [
    /\b(?:make it|sound) (?:better|good|nicer to read)\b|\bimprove (?:it|this)\b|\bpolish (?:it|this)(?: up)?\b|(?:^|\bcan you |\bplease |\bpls |\bjust )fix (?:it|this)(?: up)?\b|\bclean (?:it|this) up\b|\bless (?:cringe|cringey|cringy|cheesy|corny|awkward|weird|clunky)\b|\b(?:it'?s|its|it is|sounds?|reads?|feels?) (?:just |kinda |kind of |a bit |a little |so |really )?(?:off|weird|wrong|strange|odd|awkward|clunky|fake|forced|not me|not right)\b|\bdoesn'?t sound (?:like me|right)\b|\bmore (?:me|like me|natural|human)\b|\bnot (?:how|what) i'?d (?:say|talk)\b|\bless stiff\b|\b(?:pr|hr|marketing|legal|a lawyer|a bot|corporate)(?: department| team| person)? wrote (?:it|this)\b|\bsounds? like (?:pr|hr|a press release|marketing|legal|a lawyer|a brochure|a pamphlet)\b|\b(?:an? )?(?:actual|real|normal) person\b|\b(?:doesn'?t|does not|don'?t) (?:sound|feel|read) right\b|\bsomething'?s (?:off|wrong|weird|not right)\b|^(?:make it )?better\W*$|^(?:meh|hmm+|eh|nah|idk|ugh|hm)\W*$|\bcan (?:you|u) fix (?:it|this)\b/i,
    'plainer',
  ],
  [
    /\bask (?:what|how) (?:she|he|they|you) (?:think|thinks|feel|feels)\b|\bget (?:his|her|their) (?:take|opinion|view)\b|\bask (?:(?:him|her|them) )?(?:what'?s (?:going on|up|wrong|happening)|what happened|why)\b|\binstead of (?:just )?(?:telling (?:him|her|them) off|lecturing|scolding|accusing)\b/i,
    'end_question',
  ],
  [
    /\bask (?:(?:him|her|them|it) )?(?:rather|instead) (?:than|of) (?:tell|telling|demand|demanding|stat\w+)\b|\b(?:ask|question),? not (?:a )?(?:tell|statement|accusation)\b|\bless (?:accusatory|like an accusation)\b|\bmore like a question\b|\bmore of a question\b|\basking,? (?:not|instead of) telling\b|\bphrase (?:it )?as a question\b|\bas a question\b|\bask(?:ing)?,? (?:don'?t|not) (?:tell|demand)\b|\bless demanding\b|\bmake it a request\b/i,
    'ask',
  ],
  [
    /\b(?:don'?t|do not|no|without|drop|remove|skip|leave out|take out|lose) (?:use |using |say |saying )?(?:the |their |his |her )?name\b/i,
    'no_name',
  ],
  [
    /\b(?:use|add|include|put in|with|say) (?:their|his|her|the person'?s) name\b|\buse (?:the )?name\b|\baddress (?:him|her|them) by name\b|\b(?:start|open|begin) with (?:his|her|their) name\b/i,
    'use_name',
  ],
  [
    /\b(?:leave out|drop|remove|cut|skip|lose|take out|delete|get rid of|without|don'?t mention|do not mention|no need to mention|less about|(?:don'?t|do not|no need to) (?:bring up|go into|get into|dwell on|talk about|rehash))\s+(?:the (?:bit|part|line|sentence) (?:about|where|on) |the |that |any |all )?(.+)$/i,
    'drop',
  ],
  [
    /\b(?:more|extra|really) apologetic\b|\bapologi[sz]e (?:more|properly)\b|(?<!(?:don't|do not|stop|never|not) )\bsay sorry\b(?! so much)|\b(?:isn'?t|not) (?:sorry|apologetic) enough\b|\bsorrier\b|\badd (?:an )?apology\b|\bmore sorry\b/i,
    'more_apologetic',
  ],
  [
    /\b(?:less|not so|too|overly) (?:apologetic|sorry)\b|\b(?:stop|don'?t keep|quit) (?:saying sorry|apologi[sz]ing)\b|\bapologi[sz]e less\b|\bfewer apologies\b|\b(?:don't|do not|stop|never) say(?:ing)? sorry\b|\bcut (?:the |all the )?sorr(?:y|ies|ys)(?: down)?\b|\bonce is enough\b|\btoo many sorr(?:y|ies|ys)\b|\bsay sorry so much\b|\b(?:don't|do not|stop) apologi[sz]ing\b|\bless grovel\w*\b|\bno groveling\b/i,
    'less_apologetic',
  ],
  [/\b(?:more )?specifics?\b|\bconcrete\b|\bdetails?\b|\bexamples?\b|\bthe specifics\b/i, 'specific'],
  [
    /\b(?:firm(?:er)?|assertive|strong(?:er)?|direct(?:er)?|more direct|confident|stand(?: my)? ground|mean it|tough(?:er)?|stern(?:er)?|bolder|blunt(?:er)?|push back|serious|straight(?:er)?(?: to the point)?|less (?:wishy[- ]washy|timid))\b/i,
    'firmer',
  ],
  [
    /\bless like (?:i'?m|im|i am) (?:his|her|their) (?:teacher|mum|mom|dad|mother|father|boss|parent|manager)\b|\bless (?:preachy|lecture-?y|condescending|patroni[sz]ing|bossy|parent-?y)\b|\bless heavy\b|\blighter\b|\b(?:not|less of) (?:a )?(?:huge|big) deal\b|\bmaking it (?:a |such a )?(?:huge|big) deal\b|\bless (?:intense|dramatic|serious)\b|\btake (?:the |some of the )?(?:anger|edge|heat|attitude|snark|bite) out\b|\bless (?:passive[- ]aggressive|accusing|accusatory|like (?:i'?m|im) accusing|heated|mad|snarky|aggressive)\b|\bcalm (?:it|this) down\b|\bcalmer\b|\b(?:soft(?:er|en)?|gentle(?:r)?|less (?:demanding|confrontational|angry)|tone (?:it|this) down|nicer|kinder|more polite|diplomatic|tactful)\b/i,
    'softer',
  ],
  [
    /\b(?:warm(?:er|th)?|friendlier|more caring|more empathetic|empathy|understanding|kind(?:er)? tone|more heart)\b/i,
    'warmer',
  ],
  [
    /\b(?:cool(?:er)?|less (?:sentimental|personal)|more neutral|less feelings|detached|matter[- ]of[- ]fact|businesslike)\b/i,
    'cooler',
  ],
  [
    /\b(?:short(?:er|en)?|brief(?:er)?|concise|cut it down|trim|tighter|fewer words|one line|one sentence|quick(?:er)?|snappier|to the point)\b/i,
    'shorter',
  ],
  [/\b(?:long(?:er)?|more detail(?:ed)?|expand|elaborate|say more|flesh (?:it )?out|more words|fuller)\b/i, 'longer'],
  [
    /\b(?:formal|professional|polished|for (?:my|a|the) (?:boss|manager|client|teacher|professor|landlord|hr)|business(?:like)? tone|more proper)\b/i,
    'formal',
  ],
  [
    /\b(?:casual|relaxed|chill|informal|laid[- ]back|like a friend|like (?:i'?m )?talking to a friend|conversational|loosen (?:it )?up|how i'?d (?:actually |really )?(?:talk|say it|text)|more chill)\b/i,
    'casual',
  ],
];

/** "too formal", "less chummy", "not so soft": the opposite of the word is asked for (the one place these are read). */
const TOO =
  /\b(?:too|overly|way too|a bit too|a little too|so|less|not so|not this|kinda too)\s+(polished|fancy|posh|formal|stiff|professional|corporate|official|serious|stern|harsh|blunt|aggressive|direct|firm|cold|mean|intense|long|wordy|short|brief|casual|informal|chummy|slangy|friendly|warm|emotional|gushy|sweet|mushy|soft|nice|polite|weak|passive(?![- ]aggressive)|apologetic|sorry)\b/gi;
const OPPOSITE: Record<string, RefineOp> = {
  polished: 'casual',
  fancy: 'casual',
  posh: 'casual',
  formal: 'casual',
  stiff: 'casual',
  professional: 'casual',
  corporate: 'casual',
  official: 'casual',
  serious: 'softer',
  stern: 'softer',
  harsh: 'softer',
  blunt: 'softer',
  aggressive: 'softer',
  direct: 'softer',
  firm: 'softer',
  cold: 'warmer',
  mean: 'softer',
  intense: 'softer',
  long: 'shorter',
  wordy: 'shorter',
  short: 'longer',
  brief: 'longer',
  casual: 'formal',
  informal: 'formal',
  chummy: 'formal',
  slangy: 'formal',
  friendly: 'cooler',
  warm: 'cooler',
  emotional: 'cooler',
  gushy: 'cooler',
  sweet: 'cooler',
  mushy: 'cooler',
  soft: 'firmer',
  nice: 'firmer',
  polite: 'firmer',
  weak: 'firmer',
  passive: 'firmer',
  apologetic: 'less_apologetic',
  sorry: 'less_apologetic',
};

/** Ops that pull in opposite directions: the later mention is dropped. */
const CLASH: ReadonlyArray<readonly [RefineOp, RefineOp]> = [
  ['firmer', 'softer'],
  ['shorter', 'longer'],
  ['formal', 'casual'],
  ['warmer', 'cooler'],
  ['email', 'text_message'],
  ['less_apologetic', 'more_apologetic'],
  ['use_name', 'no_name'],
];

function cleanFact(raw: string): string | null {
  const fact = raw.replace(/^["'“]|["'”.!]+$/g, '').trim();
  return fact.split(/\s+/).length >= 2 ? fact : null;
}

/** A day or a time: "friday 5pm", "Friday by noon", "the 14th", "end of the week". */
const WHEN_SAID =
  /\b(?:(?:by|on|before) )?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day(?: (?:the )?\d{1,2}(?:st|nd|rd|th)?)?(?:,? (?:by |at )?(?:noon|midday|midnight|\d{1,2}(?::\d\d)?\s?(?:am|pm)))?|the \d{1,2}(?:st|nd|rd|th)|end of (?:the )?(?:day|week|month))\b/i;

/** Typing as people type: "shorterrr", "mak it les harsh plz", "w" for with. */
function normaliseTyping(adjustment: string): string {
  // A kind as Calmly itself names it in history and patterns ("more_assertive"), read as words.
  const words = /^[a-z]+(?:_[a-z]+)+$/i.test(adjustment.trim()) ? adjustment.replace(/_/g, ' ') : adjustment;
  return words
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/([a-z])\1{2,}/gi, '$1')
    .replace(/\bles\b/gi, 'less')
    .replace(/\bmak\b/gi, 'make')
    .replace(/\bmor\b/gi, 'more')
    .replace(/\bw\/? (?=[a-z])/gi, 'with ')
    .replace(/\bdont\b/gi, "don't")
    .replace(/\bcna\b/gi, 'can')
    .replace(/\blik\b/gi, 'like')
    .replace(/\brob[ou]t\b/gi, 'robot')
    .replace(/\btlkin[g']?\b/gi, 'talking')
    .replace(/\bactualy\b/gi, 'actually')
    .replace(/\bu\b/gi, 'you')
    .replace(/\bn\b/g, 'and')
    .replace(/\b2 (?=(?:long|nice|much|short|formal|harsh|soft|cold|wordy|stiff|serious|casual)\b)/gi, 'too ')
    .replace(/\bben\b/gi, 'been')
    .replace(/\bevry1\b/gi, 'everyone')
    .trim();
}

/** The requests in an adjustment, in the order they were written; empty when nothing can be acted on. */
export function parseAdjustment(adjustment: string): AdjustmentRequest[] {
  const text = normaliseTyping(adjustment);
  const out: Array<AdjustmentRequest & { at: number }> = [];
  let rest = text;
  // A fact first: its own words may contain anything ("say I don't want to be difficult").
  const fact = FACT.exec(text);
  const said = fact?.[1];
  // "say it like I'm texting", "add some details", "add an apology" are ways of saying, not facts.
  if (
    fact &&
    said &&
    !/^(?:a |an |some |more |the )?(?:specifics?|examples?|details?|apology|sorry|question|name)\b/i.test(said) &&
    !/^(?:more|a bit more|some more|a little more|something|a line|a sentence|a question)\b/i.test(said) &&
    !/^(?:it|this|that)\b(?!'s| is| was| has| had| will| happened| keeps| kept)/i.test(said)
  ) {
    const [body = ''] = said.split(NEXT_REQUEST);
    const value = cleanFact(body);
    // "say how much it was", "mention when it's due": a detail to put in, not words to add.
    const asked = /^(?:how much|what (?:it|they|he|she) (?:cost|owe)|the (?:amount|price|total))\b/i.test(body)
      ? 'the amount'
      : /^(?:when|what day|the (?:date|deadline|day))\b/i.test(body)
        ? 'the deadline'
        : null;
    // "say exactly what I'll do differently", "mention the winter break thing": what to be specific
    // about, not words to put in as they are.
    const about =
      /^(?:exactly |specifically )?(?:what|how|why|where|who|which)\b/i.test(body) ||
      (/\b(?:thing|stuff|situation|specifically|part|bit)\b/i.test(body) &&
        !/\b(?:is|was|has|have|had|did|does|said|paid|owes?|been)\b/i.test(body));
    if (asked) out.push({ op: 'specific', target: asked, at: fact.index });
    else if (about) out.push({ op: 'specific', target: body.trim().replace(/[.!]+$/, ''), at: fact.index });
    else if (
      value &&
      /^(?:the |my |our |his |her |their )?(?:deadline|date|amount|price|time|day|meeting|name)$/i.test(value)
    )
      out.push({ op: 'specific', target: value, at: fact.index });
    // "add my number 07700 900431 and that I'll pay for the repair": two facts.
    else if (value)
      for (const [k, part] of value.split(/,?\s+and that\s+/i).entries())
        out.push({ op: 'add_fact', fact: part, at: fact.index + k / 10 });
    else if (body.trim()) out.push({ op: 'specific', target: body.trim(), at: fact.index });
    // The rest of the wording, without the fact, is read for the other requests.
    rest = text.slice(0, fact.index) + text.slice(fact.index + fact[0].length - (said.length - body.length));
  }
  // "too X" first, and taken out of the wording, so that "too formal" is never read as "formal".
  rest = rest.replace(TOO, (m: string, word: string, at: number) => {
    const op = OPPOSITE[word.toLowerCase()]; // every word TOO matches has one
    if (op) out.push({ op, at });
    return ' '.repeat(m.length);
  });
  for (const [re, op] of SIMPLE) {
    const m = re.exec(rest);
    if (!m) continue;
    if (op === 'drop') {
      const target = m[1]
        ?.split(/[,.;!?]/)[0]
        ?.split(NEXT_REQUEST)[0]
        ?.trim();
      if (!target || /^(?:it|this|that)$/i.test(target)) continue;
      // "drop the name" is no_name; "without sounding rude" is not a part to drop.
      if (/^(?:sounding|being|the name|their name|his name|her name)\b/i.test(target)) continue;
      // "cut the sorrys down" is fewer apologies (read as less_apologetic), not a part to drop.
      if (/^(?:the |all the )?(?:sorr|apolog)/i.test(target)) continue;
      out.push({ op, target, at: m.index });
      continue;
    }
    // "ask what she thinks" asks for their view, not just any question.
    if (
      op === 'end_question' &&
      /what'?s (?:going on|up|wrong|happening)|what happened|\bwhy\b|telling (?:him|her|them) off|lectur|scold|accus/i.test(
        m[0],
      )
    )
      out.push({ op, target: 'what is going on', at: m.index });
    else if (op === 'end_question' && /\bask (?:what|how)|\b(?:take|opinion|view)\b/i.test(m[0]))
      out.push({ op, target: 'their view', at: m.index });
    else out.push({ op, at: m.index });
  }
  const name = /\b(?:(?:his|her|their) name is|it'?s|called|named) ([A-Z][a-z]+)\b/.exec(text)?.[1];
  out.sort((a, b) => a.at - b.at);
  const result: AdjustmentRequest[] = [];
  for (const r of out) {
    if (result.some((x) => x.op === r.op && r.op !== 'add_fact')) continue;
    if (
      CLASH.some(
        ([a, b]) => (r.op === a && result.some((x) => x.op === b)) || (r.op === b && result.some((x) => x.op === a)),
      )
    )
      continue;
    const { at: _at, ...req } = r;
    result.push(r.op === 'use_name' && name ? { ...req, name } : req);
  }
  // "way shorter", "one line", "it's going on a sticky note": down to the request itself.
  // "more specific. it's the gaming past 1am": the detail is in the wording itself.
  if (result.some((r) => r.op === 'specific' && !r.target) && !result.some((r) => r.op === 'add_fact')) {
    const detail = text
      .split(/(?<=[.!?:])\s+|\s+-+\s+|\s*—\s*/)
      .slice(1)
      .find((c) => /^(?:it'?s|its|it is|the|he|she|they|it|i|we|my|our)\b/i.test(c) && c.split(/\s+/).length >= 5);
    if (detail)
      result.splice(
        result.findIndex((r) => r.op === 'specific' && !r.target),
        1,
        { op: 'add_fact', fact: detail.replace(/[.!]+$/, '') },
      );
  }
  // A day or time in the wording ("keep the friday 5pm deadline clear", "an actual date I'll have it
  // to her — Friday by noon"): said in the reply when the wording says what it is.
  const when = WHEN_SAID.exec(text)?.[0];
  if (when && !result.some((r) => r.op === 'add_fact' && r.fact?.toLowerCase().includes(when.toLowerCase()))) {
    const day = when
      .replace(/^(?:by|on|before) /i, '')
      .replace(/\b(mon|tues|wednes|thurs|fri|satur|sun)day\b/gi, (d) => capitalise(d.toLowerCase()));
    if (/\b(?:deadline|due)\b/i.test(text)) result.push({ op: 'add_fact', fact: `the deadline is ${day}` });
    else if (
      /\b(?:i'?ll (?:have|get|send)|have it (?:to|back)|get it (?:to|back)|send it|date i'?ll|when i'?ll|i will (?:have|get|send))\b/i.test(
        text,
      )
    ) {
      const t = day.replace(/^by /i, '');
      result.push({ op: 'add_fact', fact: `I'll have it to you ${/\bby\b/i.test(t) ? `on ${t}` : `by ${t}`}` });
    }
  }
  // "less apologetic, more about the fix. I've set up calendar reminders…": what the person did is said.
  if (!result.some((r) => r.op === 'add_fact')) {
    const did = text
      .split(/(?<=[.!?])\s+|\s*—\s*/)
      .slice(1)
      .find(
        (c) =>
          /^(?:i'?ve|i have|i'?ll|i will|i already|we'?ve|we have|we already)\b/i.test(c) &&
          c.split(/\s+/).length >= 5 &&
          !/\b(?:want|feel|think|sound|said sorry|wish|she|he|they|her|him|them)\b|(?:^|\s)['"‘“]/i.test(c),
      );
    if (did) result.push({ op: 'add_fact', fact: did.replace(/[.!]+$/, '') });
  }
  // "I want it clear this is the last time I ask": said in the reply.
  if (/\blast time i(?:'m| am)? (?:ask|asking|say|saying)\b/i.test(text) && !result.some((r) => r.op === 'add_fact'))
    result.push({ op: 'add_fact', fact: "this is the last time I'm asking" });
  else if (/\b(?:last|final) warning\b/i.test(text) && !result.some((r) => r.op === 'add_fact'))
    result.push({ op: 'add_fact', fact: 'this is the last warning' });
  const short = result.find((r) => r.op === 'shorter');
  if (short && /\bone (?:line|sentence)\b|\bsticky note\b|\btweet\b|\bfew words\b|\bbare minimum\b/i.test(text))
    short.target = 'to the request';
  else if (
    short &&
    /\b(?:way|much|a lot|lot|super|really|far) short(?:er)?\b|\bnot an essay\b|\b(?:way|far|much|so|wayyy?) too (?:long|wordy)\b|\bway (?:too )?long\b/i.test(
      text,
    )
  )
    short.target = 'much shorter';
  return result;
}

/** The coarse kind each request counts as for learned refinement habits (the recorder's vocabulary). */
const HABIT: Record<RefineOp, AdjustmentKind | null> = {
  firmer: 'more_assertive',
  softer: 'softer',
  warmer: 'more_empathetic',
  cooler: null,
  shorter: 'shorter',
  longer: 'longer',
  formal: 'more_formal',
  casual: 'more_casual',
  email: 'more_formal',
  text_message: 'more_casual',
  less_apologetic: 'less_apologetic',
  more_apologetic: null,
  specific: 'add_specifics',
  add_fact: 'add_specifics',
  drop: 'shorter',
  ask: 'softer',
  end_question: null,
  plainer: 'more_casual',
  use_name: null,
  no_name: null,
};

/** The adjustment in the recorder's coarse vocabulary (ADJUSTMENT_KINDS), for learning habits. */
export function classifyAdjustment(adjustment: string): AdjustmentKind[] {
  const kinds: AdjustmentKind[] = [];
  for (const r of parseAdjustment(adjustment)) {
    const k = HABIT[r.op];
    if (k && !kinds.includes(k)) kinds.push(k);
  }
  return kinds.filter((k) => (ADJUSTMENT_KINDS as readonly string[]).includes(k));
}

/** What works, for the message when nothing could be acted on. */
export const WHAT_WORKS = [
  'firmer',
  'softer',
  'warmer',
  'shorter',
  'longer',
  'more formal',
  'more casual',
  'as an email',
  'as a text',
  'less apologetic',
  'more specific',
  'add that it has happened three times',
  'leave out the part about feelings',
  'ask rather than tell',
  'end with a question',
  'less like a robot',
  'use their name',
];
