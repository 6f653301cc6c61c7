// Where a danger is and who is at risk decide where help is: a threat at work goes to HR and
// security, a minor harmed at home needs a trusted adult and a child helpline, a partner's
// violence a domestic-violence line. The screen (safety.ts) says what the danger is; this says
// where, from the frame, and words the help for it.
import type { SafetyCategory, SafetyFlag } from '../../machines/domain/types.ts';
import type { Frame } from './frame/index.ts';
import { FAMILY_ROLES } from './frame/roles.ts';
import { CRISIS_LINE, EMERGENCY, HR_ROUTE, POLICE, TRUSTED_PERSON } from './lexicon/safety.ts';

export type SafetySetting = 'minor_home' | 'minor' | 'work' | 'client' | 'school' | 'partner' | 'family' | 'other';

export const CHILD_HELPLINE =
  'Childhelp National Child Abuse Hotline: call or text 1-800-422-4453 (US); Childline 0800 1111 (UK); Kids Help Phone 1-800-668-6868 or text 686868 (Canada)';
export const TRUSTED_ADULT =
  'A trusted adult you can tell today: a teacher, school counsellor, coach, nurse, or a relative who does not live with you';
export const WORK_SECURITY =
  'Your workplace security team or building security, and HR, today; keep a written record of what was said or done, with dates and witnesses';

/** The writer says they are under 18: "I'm 16", "(15f)", "I'm in 10th grade". "My 16 year old" is someone else. */
export function writerIsMinor(text: string): boolean {
  const t = text.toLowerCase();
  return (
    // "I'm 16", "im 16 and…", "I'm 15 years old" — not "if I'm 10 min late".
    /\b(?:i'?m|i am|im)\s+(?:only\s+|just\s+)?(?:1[0-7]|[89]|thirteen|fourteen|fifteen|sixteen|seventeen)(?=\s*(?:$|[,.!?;:)]|and\b|but\b|so\b|years?\b|yrs?\b|yo\b|y\/o\b|&|\())/.test(
      t,
    ) ||
    // "(15f)" about the writer: at the start or after "I"/"me", not "my niece (12)".
    /(?:^\s*|\b(?:i|me|myself|i am|i'm|im)\s?)\((?:1[0-7])\s?[mfx]?\)|(?:^\s*|\b(?:i|me|i am|i'm|im)\s?)(?:1[0-7])\s?(?:m|f)\b(?=[\s,.)])/.test(
      t,
    ) ||
    /\b(?:i'?m|i am|im)\s+(?:a\s+)?(?:in\s+)?(?:(?:[6-9]|1[0-2])(?:th|st|nd|rd)\s+grade|(?:middle|high)\s+school(?:er)?|(?:freshman|sophomore|junior|senior) in high school|year (?:[7-9]|1[0-3]))\b/.test(
      t,
    ) ||
    /\bi (?:just )?turned (?:1[0-7])\b/.test(t) ||
    /\bwe(?:'re| are|re) both (?:1[0-7])\b/.test(t) ||
    // "my chem teacher", "my homeroom teacher": school, not university (a lecturer or professor there).
    /\bmy (?:chem|chemistry|math|maths|bio|biology|english|history|physics|science|spanish|french|art|pe|gym|homeroom|form) teacher\b/.test(
      t,
    )
  );
}

/**
 * No age given, but the writer lives a child's life with a parent at home: "my stepdad hit me again
 * and my friend asked why I wasn't at school today". An adult hurt by a parent rarely mentions school,
 * homework or a curfew in the same breath; when one does, a child helpline still answers.
 */
export function writerSoundsLikeMinor(text: string): boolean {
  const t = text.toLowerCase().replace(/[’‘]/g, "'");
  return (
    /\bmy (?:mom|mum|dad|father|mother|step ?dad|step ?mom|step ?mum|step ?father|step ?mother|parents?|mom'?s boyfriend|mum'?s boyfriend|dad'?s girlfriend)\b/.test(
      t,
    ) &&
    /\b(?:at school|to school|from school|after school|school today|(?:miss|missed|skip|skipped|missing|skipping) school|my (?:class|classes|teachers?|homework|locker|school)|homework|grounded|curfew|detention|recess|lunch period|(?:the |my )?school (?:counsell?or|nurse|psychologist|social worker))\b/.test(
      t,
    )
  );
}

/** The person the danger comes from: the most prominent person named, not the one a matched behaviour suggests. */
export function dangerFrom(frame: Frame): Frame['mentions'][number] | null {
  return frame.mentions[0] ?? null;
}

/** "a message to my supervisor", "email my teacher": the person the writer is writing to, not the one they fear. */
export function addressedTo(frame: Frame, mention: Frame['mentions'][number]): boolean {
  const before = frame.parsed.tokens
    .slice(Math.max(0, mention.start - 3), mention.start)
    .map((t) => t.norm)
    .join(' ');
  return /\b(?:to|email|emailing|message|messaging|text|texting|tell|telling|ask|asking|write|writing)(?: to)? (?:my|our|the)$/.test(
    before,
  );
}

export function safetySetting(frame: Frame, text: string): SafetySetting {
  // A role guessed from the behaviour is not evidence of where the danger is: "he threw my phone"
  // near "couples from his work" is not a workplace incident.
  const role = dangerFrom(frame)?.role ?? (frame.counterpart.inferred ? null : frame.counterpart.role);
  const minor = writerIsMinor(text) || writerSoundsLikeMinor(text);
  const atHome =
    (role && FAMILY_ROLES.has(role)) ||
    /\b(?:at home|my (?:mom|mum|dad|father|mother|stepdad|stepmom|stepfather|stepmother|parents?))\b/i.test(text);
  if (minor && atHome) return 'minor_home';
  if (minor) return 'minor';
  // A client or customer: there may be no HR to go to (freelancers, small businesses).
  if (role === 'client' || role === 'customer') return 'client';
  if (role === 'manager' || role === 'coworker' || role === 'direct_report' || role === 'team') return 'work';
  if (
    /\b(?:at work|my (?:job|office|workplace|shift)|coworker|colleague|my boss|my manager)\b/i.test(text) &&
    !(role && (role === 'partner' || role === 'ex'))
  )
    return 'work';
  if (role === 'teacher' || role === 'classmate' || role === 'student') return 'school';
  if (role === 'partner' || role === 'ex' || role === 'date') return 'partner';
  if (role && FAMILY_ROLES.has(role)) return 'family';
  return 'other';
}

const PHYSICAL: ReadonlySet<SafetyCategory> = new Set(['violence', 'threats', 'abuse', 'stalking']);

const FIRST_PERSON_RISK =
  /\b(?:myself|my (?:own )?life|i (?:want|wanna|wanted) to die|(?:do not|don't|never) want to (?:live|be alive|be here|wake up)|i (?:am|'m) not (?:okay|ok|safe)|end it all|better off without me)\b/i;
const SOMEONE_ELSE_RISK = /\b(?:herself|himself|themselves|(?:her|his|their) (?:own )?life)\b/i;
/** Their words, reported: "she said 'I won't be around much longer'". The warning sign is theirs, not the writer's. */
const REPORTED_WORDS =
  /\b(?:she|he|they|my (?:friend|sister|brother|son|daughter|mom|mum|dad|partner|boyfriend|girlfriend|husband|wife|roommate|coworker|cousin)(?: \w+)?)\s+(?:(?:has|have) been |keeps |kept |is |was )?(?:said|says|saying|told me|telling (?:me|people)|texted|texting|wrote|writing|messaged|posted|posting|keeps saying|kept saying|mentioned|talking about|giving (?:away|back)|gave (?:away|me back)|sent (?:me |us )?(?:a |this |some )?(?:message|text|dm|snap)s?)\b/i;

/** For self-harm: is the writer at risk, or someone they are worried about? */
export function whoIsAtRisk(text: string): 'writer' | 'someone_else' {
  // Their words in quotes ("my friend texted 'everyone would be better off without me'") are theirs.
  const reported = REPORTED_WORDS.test(text);
  const own = reported ? text.replace(/(?<=^|\s)['"‘“][^'"’”]{3,200}['"’”]/g, ' ') : text;
  return (SOMEONE_ELSE_RISK.test(text) || reported) && !FIRST_PERSON_RISK.test(own) ? 'someone_else' : 'writer';
}

/**
 * For physical danger: is the writer the one being hurt, or someone they saw or care for ("a kid in
 * my year keeps getting shoved into lockers", "my son got jumped after school")? Only a third person
 * harmed, and nothing done to the writer, makes it someone else.
 */
const HARM = String.raw`(?:shoved|pushed|slammed|thrown|dragged|pinned|jumped|beaten(?: up)?|beat up|punched|kicked|hit|slapped|attacked|assaulted|stabbed|hurt|choked|bullied)`;
const HARMS = String.raw`(?:shoves?|push(?:es)?|slams?|throws?|drags?|pins?|beats?(?: up)?|punch(?:es)?|kicks?|hits?|slaps?|attacks?|hurts?|chokes?|bull(?:y|ies))`;
const THIRD = String.raw`(?:he|she|they|him|her|them|kid|boy|girl|student|my (?:son|daughter|kid|kids|child|children|little (?:brother|sister)|brother|sister|friend|best friend|mum|mom|mother))`;
const SOMEONE_ELSE_HARMED = new RegExp(
  String.raw`\b${THIRD}\b(?: \w+){0,4} (?:keeps? getting|kept getting|gets|got|get|getting|was|were|is|are|being|been) ${HARM}\b|\b(?:they|some (?:guys|kids|boys|girls|people)|other (?:kids|boys|girls|students)|older (?:kids|boys|girls|students)|\w+) ['"‘“]?(?:keep |kept |always )?${HARMS}\b (?:him|her|them|my (?:son|daughter|kid|child|little \w+|brother|sister|friend|mum|mom|mother))\b`,
  'iu',
);
const WRITER_HARMED = new RegExp(
  String.raw`\b${HARMS}\b (?:me|us)\b|\b(?:${HARM}) me\b|\bi (?:keep |kept )?(?:getting|get|got|was|am|'m|have been|'ve been) ${HARM}\b|\b(?:hits?|hurt|hurts|beats?|attacked|grabbed|choked|shoved|pushed|punched|kicked|slapped) me\b`,
  'iu',
);
/** Signs of harm on someone else's body or in how they react: "she has bruises on her arms", "he flinched". */
const SOMEONE_ELSE_HURT_SIGNS =
  /\b(?:she|he|they)(?: has| had| have|'s got| got)? (?:\w+ ){0,2}(?:bruises|a black eye|marks|welts|burns|cuts) on (?:her|his|their)\b|\b(?:she|he|they) (?:flinch\w*|cower\w*)\b|\b(?:bruises|a bruise|marks|welts|a black eye) on (?:her|his|their) (?:\w+ )?(?:arms?|legs?|face|neck|back|body)\b/i;
const PHYSICAL_HARM: ReadonlySet<SafetyCategory> = new Set(['violence', 'abuse']);

export function whoIsHarmed(text: string): 'writer' | 'someone_else' {
  return (SOMEONE_ELSE_HARMED.test(text) || SOMEONE_ELSE_HURT_SIGNS.test(text)) && !WRITER_HARMED.test(text)
    ? 'someone_else'
    : 'writer';
}

/** The person hurt is a child the writer is worried about (not their own child, not the writer): "my niece (12)". */
function harmedIsChild(text: string): boolean {
  return /\b(?:niece|nephew|grand(?:son|daughter|child|kid)s?|step(?:son|daughter)|(?:neighbou?r'?s|friend'?s|sister'?s|brother'?s|cousin'?s) (?:kid|kids|son|daughter|child|children|boy|girl)|(?:son|daughter|kid|child)'s (?:friend|classmate|teammate)|a (?:kid|child|boy|girl) (?:in|at|on|next door))\b|\((?:(?:she|he|they)(?:'s| is| are) )?(?:[1-9]|1[0-7])\)|\b(?:[1-9]|1[0-7])[- ]?(?:yo|y\/o|year[- ]old)\b/i.test(
    text,
  );
}
/**
 * Who is hurt, when it is someone else, as far as the words for help depend on it: a minor who saw
 * it, the writer's own child, another child the writer is worried about, or someone.
 */
export type HurtParty = 'witness_minor' | 'own_child' | 'other_child' | 'someone';
export function hurtParty(text: string, setting: SafetySetting): HurtParty {
  if (setting === 'minor' || setting === 'minor_home') return 'witness_minor';
  // "my daughter's friend" is another child.
  if (
    /\bmy (?:son|daughter|kid|child|boy|girl)\b(?!'s)/i.test(text) &&
    !/\b(?:son|daughter|kid|child)'s (?:friend|classmate|teammate)\b/i.test(text)
  )
    return 'own_child';
  return harmedIsChild(text) ? 'other_child' : 'someone';
}

export const CHILD_PROTECTION =
  'Child protection: Childhelp 1-800-422-4453 (US, also for worried adults), the NSPCC helpline 0808 800 5000 (UK), or your local child protective services; the police if a child is in danger now';

/** The screen's verdict with its message and resources worded for the setting. */
export function placeSafety(flag: SafetyFlag, setting: SafetySetting, text = ''): SafetyFlag {
  if (!flag.flag || !flag.category) return flag;
  const c = flag.category;
  if (c === 'self_harm' && whoIsAtRisk(text) === 'someone_else') {
    return {
      ...flag,
      atRisk: 'someone_else',
      message:
        'Someone you care about may be in danger of hurting themselves. Take it seriously: stay in touch with them, do not keep it secret, and get help. In the US you can call or text 988 for advice on helping someone else; if they are in immediate danger, call emergency services.',
      resources: [
        `${EMERGENCY} (for them, if they may act now)`,
        'The 988 Suicide & Crisis Lifeline also helps people worried about someone else (call or text 988, US); findahelpline.com elsewhere',
        ...(setting === 'minor' || setting === 'minor_home'
          ? [TRUSTED_ADULT, CHILD_HELPLINE]
          : ['Someone close to them who can be with them: a family member, a partner or a roommate']),
      ],
    };
  }
  if (c === 'self_harm') flag = { ...flag, atRisk: 'writer' };
  if (PHYSICAL_HARM.has(c) && whoIsHarmed(text) === 'someone_else') {
    const party = hurtParty(text, setting);
    const minor = party === 'witness_minor';
    if (party === 'other_child') {
      return {
        ...flag,
        atRisk: 'someone_else',
        message:
          'A child may be being hurt, and it is right to act on a worry even without proof. Listen to them without pressing, do not promise to keep it secret, and tell child protection services, who will look into it. If the child is in danger right now, call emergency services.',
        resources: [CHILD_PROTECTION, EMERGENCY],
      };
    }
    return {
      ...flag,
      atRisk: 'someone_else',
      message: minor
        ? 'Someone is being hurt, and wanting to help is right. You do not have to handle it alone or step in physically: tell a trusted adult today (a teacher, school counsellor or a parent), and say what you saw. If anyone is in danger right now, call emergency services.'
        : 'Someone is being physically hurt, and it is right to act. Tell someone who can protect them (the school or their safeguarding lead if it happens there, the police if it is an assault), keep a record of what happened, and do not step in physically on your own. If anyone is in danger right now, call emergency services.',
      resources: minor
        ? [TRUSTED_ADULT, CHILD_HELPLINE, EMERGENCY]
        : ["The school's head, counsellor or safeguarding lead, if it happens at or around school", POLICE, EMERGENCY],
    };
  }
  if ((setting === 'minor_home' || setting === 'minor') && c !== 'self_harm') {
    return {
      ...flag,
      message:
        'What you describe is not okay, and it is not your fault. You deserve to be safe: tell a trusted adult today, and a child helpline can talk with you confidentially. If you are in danger right now, call emergency services.',
      resources: [CHILD_HELPLINE, TRUSTED_ADULT, EMERGENCY],
    };
  }
  if ((setting === 'minor_home' || setting === 'minor') && c === 'self_harm') {
    return { ...flag, resources: [CRISIS_LINE, CHILD_HELPLINE, TRUSTED_ADULT, EMERGENCY] };
  }
  if (setting === 'work' && (PHYSICAL.has(c) || c === 'harassment')) {
    return {
      ...flag,
      message:
        c === 'harassment'
          ? 'This sounds like harassment at work. Write down dates, words and witnesses, and report it to HR or a manager you trust; you are protected from retaliation for reporting. If you feel in danger, call emergency services.'
          : 'A threat or violence at work is a safety matter, not a disagreement to talk through. Tell security and HR today, keep a written record, and do not meet the person alone. If you feel in danger, call emergency services.',
      resources:
        c === 'harassment' ? [HR_ROUTE, EMERGENCY, TRUSTED_PERSON] : [WORK_SECURITY, HR_ROUTE, EMERGENCY, POLICE],
    };
  }
  if (setting === 'client' && c !== 'self_harm') {
    return {
      ...flag,
      message:
        'A client or customer who threatens or harasses you is not someone to keep negotiating with. Keep every message, stop meeting them alone, and report it: to the platform or agency you work through, to your manager if you have one, and to the police if you feel in danger.',
      resources: [
        'The platform, agency or employer you work through (their trust and safety or HR team), with copies of the messages',
        POLICE,
        EMERGENCY,
      ],
    };
  }
  if (setting === 'school' && c !== 'self_harm') {
    return {
      ...flag,
      message:
        'This needs more than a conversation. Tell someone at school who can act on it: a counsellor, the dean of students or the safeguarding lead, and keep a record of what happened. If you are in danger, call emergency services.',
      resources: ["Your school's counsellor, dean of students or safeguarding lead", TRUSTED_PERSON, EMERGENCY],
    };
  }
  return flag;
}
