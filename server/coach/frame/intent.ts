// What the writer says about the situation itself: who is at fault, what they want, how often it
// happens and how they will say it. Each is read from explicit wording only; when the text does
// not say, the answer is null and the recognised behaviour's own defaults apply.
import type { Fault, Goal } from '../library/schema.ts';

const SELF_FAULT = [
  /\bi (?:still )?(?:haven'?t|have not|never|didn'?t|did not) (?:paid|given|pay|give) (?:\w+ ){0,3}back\b|\bi borrowed (?:some |the )?(?:money|cash|\$|£|€|\d)[^.]{0,40}\bfrom\b|\bi (?:still )?owe (?:him|her|them|my \w+)\b/i,
  /\bi (?:accidentally|mistakenly|stupidly|carelessly)\b|\bby (?:accident|mistake),? i\b|\bi(?:'ve| have)? (?:broke|broken|lost|spilled|spilt|knocked (?:over|down)|ruined|damaged|crashed|scratched|dented|stained|wrecked|deleted|leaked|spoiled|spoilt|kissed (?:someone|somebody|another|a)|slept with|double-?booked|overcharged|undercharged|misquoted) (?:one of |some of |both of )?(?:her|his|their|my \w+'s|the|your|our|a|an|some)\b/i,
  /\bi (?:sent|quoted|told|gave|emailed|posted|said) [^.]{0,40}\b(?:wrong|by mistake|to the wrong|shouldn'?t have)\b/i,
  /\bi (?:totally |completely |kind of |sort of |really |accidentally |just )?(?:forgot|missed|snapped|yelled|screamed|shouted|lied|cheated|messed up|screwed up|blew up|lost my (?:temper|cool)|was rude|was late|flaked|ghosted|ignored|broke|hurt|insulted|embarrassed|blamed|stood (?:him|her|them) up|called (?:my \w+(?: \w+)?|him|her|them) (?:a |an )?(?:fat|stupid|ugly|useless|lazy|selfish|pathetic|idiot|loser|bitch|failure|\w+ names|names)|bailed|cancelled|canceled|said (?:something|some things|things|stuff) (?:i |that i )?(?:shouldn'?t have|should not have|didn'?t mean|regret|hurtful|mean|nasty|awful|horrible|cruel|unkind|out of line|really (?:hurtful|mean|nasty))|made (?:a|an) (?:\w+ ){0,2}(?:mistake|error|joke|comment|remark|dig)|copied|plagiari[sz]ed|dropped the ball|overreacted|went off|took it out on)\b/i,
  // Going quiet, or taking something, is the writer's doing: "I've been ignoring her texts", "I wore her dress without asking".
  /\bi(?:'ve| have)? been (?:ignoring|avoiding|dodging|ghosting|leaving (?:him|her|them|my \w+) on read|blowing (?:him|her|them) off)\b|\bi (?:haven'?t|have not) (?:replied|answered|texted (?:him|her|them) back|called (?:him|her|them) back|spoken to (?:him|her|them))\b[^.]{0,30}\b(?:weeks|months|days|since)\b/i,
  /\bi (?:wore|took|used|borrowed|read|opened|went through|drove|ate|moved|threw out|threw away|gave away|sold|lent out|posted) (?:[\w'’]+ ){0,5}without (?:asking|permission|telling (?:him|her|them))\b/i,
  /\bi (?:read|went through|looked through|checked|snooped (?:on|through|in)|searched) (?:my |her |his |their )?[\w']+(?:'s)? (?:messages|phone|texts|emails|e-mails|diary|journal|dms|whatsapp|notebook|browser history)\b/i,
  /\bi (?:called|phoned) in sick\b[^.]{0,40}\b(?:to go|and went|but went|but i was|when i was)\b|\bi (?:faked|pretended to be) (?:being )?sick\b/i,
  // A promise the writer broke, a mishap at the writer's gathering, a mishap not owned up to yet, a meeting the writer skipped.
  /\bi promised\b[^.]{0,80}\b(?:(?:and|but) (?:then )?i (?:didn'?t|did not|never|forgot|went|bailed|chose)|instead)\b|\bi (?:had|invited|threw) (?:some |a few )?(?:people|friends|mates|guests|a party|a few people|a get together)\b[^.]{0,40}\b(?:over|round|around)\b[^.]{0,60}\b(?:broke|broken|smashed|spilled|spilt|stained|damaged|ruined|wrecked)\b|\b(?:broke|broken|smashed|lost|damaged|ruined|dented|scratched|stained|wrecked)\b[\s\S]{0,160}\b(?:haven'?t|have not|didn'?t|did not) told (?:her|him|them)(?: yet)?\b|\bi\b[^.]{0,60}\b(?:and|but) (?:then )?(?:didn'?t|did not|never) (?:show|turn) up\b|\bi (?:didn'?t|did not|never) (?:show|turn) up\b|\bi (?:accidentally |mistakenly )?(?:hit|pressed|clicked) reply[- ]all\b/i,
  /\b(?:my fault|my bad|i was wrong|i was in the wrong|i was out of line|i crossed a line|i feel (?:so |really )?(?:terrible|awful|guilty|bad|horrible) (?:about|for|that|because)|i owe (?:him|her|them|my \w+) an apology|i need to apologi[sz]e|how (?:do|can|should) i apologi[sz]e|want to apologi[sz]e|(?:want|need|have|going) to say sorry|how (?:do|can|should) i say sorry|make (?:it|this) up to|make amends|i haven'?t paid (?:him|her|them|my \w+) back|i owe (?:him|her|them|my \w+) (?:money|\$)|i (?:keep|kept) (?:forgetting|being late|cancelling|canceling|missing))\b/i,
  // The writer's own manner, said plainly: "I think I was too blunt", "I was really harsh with her".
  /\bi (?:think |guess |know |realise |realize |admit )?(?:i )?(?:was|came across(?: as)?|came off(?: as)?|sounded|got|went) (?:way |far |a bit |a little |kind of |really |so |pretty |probably |maybe )*(?:too |over(?:ly)? |really |so )?(?:blunt|harsh|rude|mean|snappy|short with|cold|dismissive|condescending|defensive|critical|hard on|out of order|unfair|a jerk|an ass|a dick|horrible|awful|nasty|cruel)\b/i,
  // Hurtful words said by the writer, with the adjective before "things": "I said some really hurtful things".
  /\bi (?:said|texted|wrote|posted|sent) (?:some |a few |a lot of |so many )?(?:really |very |pretty |truly |genuinely )?(?:hurtful|mean|nasty|awful|horrible|cruel|unkind|ugly|terrible|unforgivable) (?:things|stuff|words|messages|texts|comments)\b/i,
  // What the writer's dog, child or guests did is the writer's to answer for: "my dog got out and dug up her flower bed", "I had people over and it got loud".
  /\bmy (?:dog|dogs|puppy|cat|cats|kid|kids|son|daughter|toddler|children)\b[^.]{0,30}\b(?:got out|escaped|ate|chewed|dug up|dug|broke|bit|scratched|knocked over|peed|pooped|trampled|ruined|damaged|destroyed|smashed|hit|threw|kicked|crashed|scraped|dented|drew on|spilled)\b/i,
  /\b(?:i|we) (?:had|invited|threw|hosted) (?:some |a few )?(?:people|friends|mates|guests|a party|a few people|a get together|a gathering)\b[^.]{0,40}\b(?:got (?:loud|noisy|out of hand|messy)|too loud|kept (?:her|him|them|everyone) up|woke (?:her|him|them) up|made a mess|left a mess)\b/i,
];
const BOTH_FAULT =
  /\b(?:we (?:had|got into) (?:a|another|this|a big|a huge) (?:fight|argument|row|blowup)|we (?:both|each) (?:said|yelled|messed)|we argued|we fought|we keep fighting|we'?re both)\b/i;

/** Blame put on the writer by someone else ("he said it was my fault") is not the writer owning it. */
const REPORTED_BLAME =
  /\b(?:said|says|saying|told me|tells me|claims?|claimed|claiming|acts? like|acted like|makes? out|made out|insists?|insisted|blames? me[^.]{0,20}|blamed me[^.]{0,20})\b[^.]{0,25}\b(?:my fault|i was wrong|i was in the wrong|i was out of line)\b/gi;

export function readFault(situation: string): Fault | null {
  const text = situation.replace(REPORTED_BLAME, ' ');
  if (SELF_FAULT.some((re) => re.test(text))) return 'self';
  if (BOTH_FAULT.test(text)) return 'both';
  return null;
}

const GOALS: ReadonlyArray<readonly [RegExp, Goal]> = [
  [
    /\b(?:pay me back|paid back|my money back|get (?:the|my) money|repay|still (?:hasn'?t|has not|haven'?t) paid|owes? me (?:\$|£|€|\d|money|for|back|the|half|rent)|chase (?:the |an? )?(?:payment|invoice)|unpaid|overdue)\b/i,
    'repay',
  ],
  [
    /\b(?:give (?:it|them|my \w+) back|get (?:it|them|my \w+(?: \w+)?) back|return (?:my|it|them)|still has my|still have my|kept my)\b/i,
    'return',
  ],
  [
    /\b(?:break up|breaking up|end (?:it|things|the relationship|the friendship|this friendship|our friendship)|cut (?:him|her|them) off|stop being friends|leave (?:him|her)|(?:get|getting|want|wants|file for|filing for|ask for|asking for) (?:a )?divorce|divorce (?:him|her|my \w+)|no contact|fire (?:a|my|this) client|move out|ask (?:him|her|them) to move out)\b/i,
    'end',
  ],
  [
    /\b(?:say no|saying no|turn (?:it|him|her|them|this) down|decline|refuse|get out of (?:it|going|this)|don'?t want to (?:go|lend|do it|host|be a bridesmaid)|not going to (?:go|lend))\b/i,
    'decline',
  ],
  [/\b(?:apologi[sz]e to me|an apology|say sorry to me|admit (?:it|they|he|she))\b/i, 'apology'],
  [
    /\b(?:set (?:a |some )?boundar(?:y|ies)|need (?:some )?space|leave me alone|stop (?:texting|calling|messaging|contacting) me)\b/i,
    'boundary',
  ],
  [
    /\b(?:ask (?:for|him for|her for|them for|my \w+ for) (?:a )?(?:raise|promotion|extension|help|time off|a day off|a reference|a letter|feedback)|how (?:do|can|should) i ask)\b/i,
    'ask',
  ],
  [
    /\b(?:how (?:do|can|should) i tell (?:him|her|them|my \w+) (?:that|i'?m|i am|we'?re|about)|break the news|let (?:him|her|them) know (?:that )?i'?m|tell (?:my|the) (?:team|parents|family|boss|manager) (?:that|i'?m|about))\b/i,
    'inform',
  ],
  [/\b(?:make (?:it|this|him|her|them) stop|want (?:it|this) to stop|need (?:it|this) to stop)\b/i, 'stop'],
  [/\b(?:find out why|don'?t know why|no idea why|what(?:'s| is) going on with)\b/i, 'understand'],
];

export function readGoal(text: string, fault: Fault | null): Goal | null {
  for (const [re, goal] of GOALS) if (re.test(text)) return goal;
  return fault === 'self' ? 'repair' : null;
}

export type Frequency = 'once' | 'repeated' | null;

export function readFrequency(text: string, count: number | null): Frequency {
  if (count && count >= 2) return 'repeated';
  if (
    /\b(?:always|keeps?|kept|constantly|every (?:time|day|week|weekend|night|morning)|all the time|again|repeatedly|over and over|never|every single|non-?stop|for (?:weeks|months|years)|habit)\b/i.test(
      text,
    )
  )
    return 'repeated';
  if (
    /\b(?:once|yesterday|last night|this morning|today|earlier|the other day|last (?:week|weekend|friday|saturday|sunday|monday|tuesday|wednesday|thursday))\b/i.test(
      text,
    )
  )
    return 'once';
  return null;
}

export type Channel = 'text' | 'email' | 'in_person' | 'call' | null;

export function readChannel(text: string): Channel {
  if (/\b(?:e-?mail\w*|inbox|subject line)\b/i.test(text)) return 'email';
  if (
    /\b(?:text\w*|messag\w*|whatsapp|imessage|sms|dms?|slack|teams message|group chat|snap(?:chat)?|instagram)\b/i.test(
      text,
    )
  )
    return 'text';
  if (/\b(?:call(?:ed|s|ing)? me|phone call|on the phone|voicemail)\b/i.test(text)) return 'call';
  if (
    /\b(?:in person|face to face|to (?:his|her|their) face|at (?:dinner|lunch|the party|work|the office)|in (?:the|our|a) meeting)\b/i.test(
      text,
    )
  )
    return 'in_person';
  return null;
}

/** What it did to the writer, in a coach's words, when the text says so plainly. */
const IMPACTS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /\b(?:in front of (?:everyone|everybody|the (?:whole )?(?:team|class|office|family|group))|humiliat\w*|embarrass\w* me|made me look (?:bad|stupid|incompetent))\b/i,
    'embarrassed in front of others',
  ],
  [
    /\b(?:(?:made me|i) (?:miss|missed|blow|blew) (?:my|the|our|a) deadline|held up my (?:work|project|report|part))\b/i,
    'missed deadline',
  ],
  [
    /\b(?:out of pocket|cost me|i had to pay|i paid for|i covered (?:it|the)|lost (?:money|\$|£|€))\b/i,
    'out of pocket',
  ],
  [/\b(?:can'?t sleep|couldn'?t sleep|lost sleep|keeps me (?:up|awake)|woke me up|no sleep)\b/i, 'losing sleep'],
  [/\b(?:left out|excluded|nobody invited me|not invited|without me)\b/i, 'left out'],
  [/\b(?:scared|afraid|frightened|terrified|don'?t feel safe|unsafe)\b/i, 'feeling unsafe'],
  [/\b(?:burn(?:ed|t)? out|exhausted|drained|running on empty|overwhelmed)\b/i, 'worn out'],
  [/\b(?:my grades?|my marks?|my gpa|failed (?:the|my))\b/i, 'grades at stake'],
  [/\b(?:my job|my career|my review|my promotion|get fired|lose my job)\b/i, 'career at stake'],
  [/\b(?:don'?t trust|can'?t trust|lost (?:my )?trust|betray\w*)\b/i, 'trust shaken'],
];

export function readImpact(text: string): string | null {
  for (const [re, impact] of IMPACTS) if (re.test(text)) return impact;
  return null;
}
