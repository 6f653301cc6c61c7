// Replies for flagged situations. None of them is addressed to the person causing harm unless
// it is sent from a safe place: they are words for reaching safety and support, fitted to where
// the danger is (safety-setting.ts). Nothing here suggests appeasing or confronting anyone alone.
import type { SafetyCategory, SafetyFlag, Suggestion } from '../../machines/domain/types.ts';
import type { Frame } from './frame/index.ts';
import { addressedTo, dangerFrom, hurtParty, safetySetting, type SafetySetting } from './safety-setting.ts';

type Reply = Omit<Suggestion, 'id'>;

const HELP_NOW = 'If you are in immediate danger, call emergency services (911, 112, 999 or your local number) first.';

/** "My dad", "Jordan", "Someone at work": who did it, as the writer would say it to a helper. */
function whoDidIt(frame: Frame, setting: SafetySetting): string {
  const from = dangerFrom(frame);
  // The person written to ("a message to my supervisor") or someone else's relation ("my ex's
  // brother") cannot be named as the one doing it: it is "someone".
  if (from && (addressedTo(frame, from) || (from.possessedBy && from.role !== 'in_law'))) return 'Someone';
  const { name, noun, role } = from ? { name: from.name, noun: from.noun, role: from.role } : frame.counterpart;
  if (name) return name;
  if (role === 'team') return 'Someone on my team';
  if (noun && role !== 'friend_group' && role !== 'stranger') return `My ${noun}`;
  if (setting === 'work' || setting === 'client') return 'Someone at work';
  if (setting === 'minor_home' || setting === 'family') return 'Someone in my family';
  return 'Someone';
}
const lower = (who: string) => (/^(My|Someone)\b/.test(who) ? who.charAt(0).toLowerCase() + who.slice(1) : who);

function minorHome(category: SafetyCategory, who: string): Reply[] {
  const what =
    category === 'violence'
      ? `${who} hits me`
      : category === 'threats'
        ? `${who} has threatened to hurt me`
        : `${who} treats me in a way that scares me`;
  return [
    {
      tone: 'Telling a Trusted Adult',
      text: `Can I talk to you somewhere private? Something is happening at home that I need to tell someone about. ${what}, and I don't feel safe.`,
      explanation:
        'A teacher, school counsellor, coach or a relative you trust can act to protect you, and saying it to one person is the first step. You are not in trouble for telling.',
    },
    {
      tone: 'Calling a Child Helpline',
      text: `Hi, I'm under 18 and ${lower(what)} at home. I don't know what to do and I need someone to talk to.`,
      explanation:
        'Words to start a call or chat with Childhelp (call or text 1-800-422-4453, US), Childline (0800 1111, UK) or Kids Help Phone (1-800-668-6868, Canada). It is free and confidential, and they help young people with exactly this. ' +
        HELP_NOW,
    },
    {
      tone: 'A Safe Place to Go',
      text: 'If things get bad at home, can I come over to yours? I might need somewhere safe to go, even in the middle of the night.',
      explanation:
        'Knowing in advance where you can go means you can leave quickly if it starts again. Send it to a friend or relative you trust, not to anyone at home.',
    },
  ];
}

function withClient(category: SafetyCategory, who: string): Reply[] {
  const act =
    category === 'harassment'
      ? 'has been sending me sexual messages and advances'
      : category === 'stalking'
        ? 'keeps turning up where I am'
        : 'has threatened me';
  return [
    {
      tone: 'Ending It in Writing',
      text: "I'm ending our work together, effective today. Please don't contact me again except in writing about the final invoice.",
      explanation: `Short, final and in writing: it stops the contact and creates a record. Send it from a safe place, keep a copy, and don't meet them again. ${HELP_NOW}`,
    },
    {
      tone: 'Reporting It',
      text: `I need to report a client. ${who === 'Someone at work' ? 'A client' : who} ${act}. I've kept the messages and I don't feel safe working with them. What can you do, and what should I do next?`,
      explanation:
        'Words for the platform, agency or manager you work through, or for the police: screenshots and dates make it something they can act on.',
    },
    {
      tone: 'Telling Someone You Trust',
      text: `Something's happening with a client that's scaring me. ${who === 'Someone at work' ? 'They' : who} ${act}. Can you stay in touch with me while I deal with it?`,
      explanation:
        'Telling one person today means you are not handling it alone, and someone knows what is happening if it escalates.',
    },
  ];
}

function atWork(category: SafetyCategory, who: string): Reply[] {
  const act =
    category === 'violence'
      ? 'was physically aggressive with me'
      : category === 'stalking'
        ? 'keeps following me and turning up where I am'
        : category === 'harassment'
          ? 'keeps making comments and advances I have asked them to stop'
          : 'threatened me';
  return [
    {
      tone: 'Reporting It Today',
      text: `I need to report something serious. ${who} ${act}${/at work$/.test(who) ? '' : ' at work'}, and I don't feel safe. I'd like security and HR to know today, and I need to understand what happens next.`,
      explanation: `This is a safety matter, not a disagreement to talk through: security and HR can keep them away from you and must act on it. Say it in person or by phone, then follow up in writing. ${HELP_NOW}`,
    },
    {
      tone: 'Putting It in Writing',
      text: `I'm putting this in writing for the record. ${who} ${act}. I've noted the dates, what was said and who was there. Please tell me what steps will be taken to keep me safe at work.`,
      explanation:
        'A written report with dates and witnesses is hard to ignore, protects you from retaliation for reporting, and starts a formal process. Keep a copy somewhere outside work.',
    },
    {
      tone: 'Setting a Boundary from a Safe Place',
      text: "I'm not going to discuss this with you. Any further contact about it will go through HR.",
      explanation:
        'Only if you must answer them at all: say it in writing or with someone else present, never alone, and then stop engaging. If they come near you again, go straight to security.',
    },
  ];
}

const SAFETY_FIRST: Record<SafetyCategory, (who: string) => Reply> = {
  self_harm: () => ({
    tone: 'Safety First',
    text: "I'm not okay right now and I've been having thoughts of hurting myself. I don't want to be alone with this. Can you stay with me or call me right now?",
    explanation:
      'Saying it plainly to someone you trust is the fastest way to get support. If you might act on these thoughts, call emergency services or, in the US, call or text 988 now.',
  }),
  violence: (who) => ({
    tone: 'Safety First',
    text: `I'm not safe at home right now. ${who} has hurt me. Can I come to you, or can you help me get somewhere safe?`,
    explanation: `Getting to a safe place comes before any conversation. ${HELP_NOW}`,
  }),
  threats: (who) => ({
    tone: 'Safety First',
    text: `${who} has threatened me and I'm scared. I'm keeping a record of what was said. Can you stay in touch with me today and help me get somewhere safe if I need to?`,
    explanation: `Threats are a warning sign; a safety plan and someone who knows what is happening protect you. ${HELP_NOW}`,
  }),
  abuse: (who) => ({
    tone: 'Safety First',
    text: `Something has been going on with ${lower(who)} that I haven't told anyone. I don't feel safe or free at home. Can we talk somewhere private?`,
    explanation: `Telling one trusted person breaks the isolation that controlling behaviour relies on. ${HELP_NOW}`,
  }),
  stalking: (who) => ({
    tone: 'Safety First',
    text: `${who} keeps following or watching me and it scares me. Can you help me keep track of it and make sure someone knows where I am?`,
    explanation: `Stalking tends to escalate, so sharing your whereabouts and keeping a log matter. ${HELP_NOW}`,
  }),
  harassment: (who) => ({
    tone: 'Safety First',
    text: `I need to report something. ${who} has been harassing me, and I've written down the dates and details. I'd like to know what protection and options I have.`,
    explanation:
      'A written record and a formal report put the responsibility where it belongs and protect you from retaliation.',
  }),
};

const SUPPORT: Record<SafetyCategory, string> = {
  self_harm:
    "Hi, I'm calling because I've been having thoughts of ending my life. I'm not sure what to do and I'd like to talk to someone.",
  violence:
    "Hi, I'm calling because someone at home has been physically hurting me. I'd like help making a safety plan.",
  threats:
    "Hi, I've been receiving threats and I'm worried for my safety. I'd like to understand my options, including reporting them.",
  abuse:
    "Hi, I think I'm in a controlling relationship. I'd like to talk through what's happening and what my options are, confidentially.",
  stalking:
    "Hi, someone keeps following me and showing up where I am. I'd like advice on documenting it and staying safe.",
  harassment: "Hi, I'm being harassed and I'd like confidential advice on reporting it and protecting myself.",
};

const SUPPORT_WHERE: Record<SafetyCategory, string> = {
  self_harm: 'the 988 Suicide & Crisis Lifeline (call or text 988 in the US) or a line listed at findahelpline.com',
  violence: 'a domestic-violence hotline such as 1-800-799-7233 (US) or a local service from findahelpline.com',
  threats: 'the police non-emergency line or a victim support service',
  abuse: 'a domestic-violence hotline such as 1-800-799-7233 (US, or text START to 88788) or a local service',
  stalking: 'the police or a stalking/victim support service',
  harassment: 'HR, a union representative or an equality/employment authority',
};

const FROM_A_DISTANCE: Reply = {
  tone: 'Setting a Boundary from a Safe Place',
  text: "I'm staying somewhere else for now. I'm not going to discuss this until I feel safe, and I'll have someone with me when we talk.",
  explanation:
    'Only say this once you are somewhere safe or with support; an advocate can help you time it. Never try to calm things down or confront them alone.',
};

const BOUNDARY: Record<SafetyCategory, Reply> = {
  self_harm: {
    tone: 'Making a Plan for the Next Few Hours',
    text: "I'm going to stay somewhere with other people tonight and keep my phone on. If it gets worse, I'll call 988 or emergency services.",
    explanation:
      'A concrete plan for the next few hours, with people around you and a number to call, makes a crisis easier to get through.',
  },
  harassment: {
    tone: 'Setting a Boundary from a Safe Place',
    text: 'Please stop. Your comments and behaviour are unwelcome, and I am documenting them. Any further contact about this will go through the proper channels.',
    explanation:
      'Put in writing or with a witness present, never alone; a short, unambiguous message also becomes part of your record.',
  },
  violence: FROM_A_DISTANCE,
  threats: FROM_A_DISTANCE,
  abuse: FROM_A_DISTANCE,
  stalking: {
    tone: 'Setting a Boundary from a Safe Place',
    text: 'Do not contact me or come to my home or work again. Any further contact will be reported to the police.',
    explanation:
      'Only send this once, in writing, after talking to the police or a support service; then do not respond further. Never meet them to deliver it.',
  },
};

/** Someone else is being physically hurt: words for whoever can act, for the person hurt, and for getting advice. */
function someoneElseHurt(frame: Frame, setting: SafetySetting): Reply[] {
  const text = frame.parsed.text;
  const party = hurtParty(text, setting);
  if (party === 'other_child') {
    return [
      {
        tone: 'Getting Advice',
        text: `Hi, I'm worried that ${/\b(?:niece|nephew|grand|step|sister'?s|brother'?s|cousin'?s)/i.test(text) ? 'a child in my family' : 'a child I know'} may be being hurt at home. I've seen signs that worry me, and I don't know whether to tell their parent or who to call. What should I do?`,
        explanation:
          'Words for Childhelp (1-800-422-4453, US), the NSPCC helpline (0808 800 5000, UK) or your local child protective services: they advise adults who are worried about a child, and can make a report with you.',
      },
      {
        tone: 'Talking With the Child',
        text: "You can always tell me anything, and you won't be in trouble for it. If anyone ever hurts you or scares you, I want to know, and I'll help.",
        explanation:
          'Keep it calm and open: do not press for details or promise to keep a secret. Listen, believe what you hear, and pass it on to people who can protect them.',
      },
      {
        tone: 'Reporting a Concern',
        text: "I want to report a concern about a child's safety. I've seen injuries and heard things that make me think an adult at home may be hurting them. What do you need from me?",
        explanation: `Words for child protective services or the police. You do not need proof to report a worry; finding out is their job, and they can act in ways family cannot. ${HELP_NOW}`,
      },
    ];
  }
  const atSchool = /\b(?:school|class|year \d|grade|lockers?|bus|playground|students?|classmates?)\b/i.test(text);
  if (party === 'witness_minor') {
    return [
      {
        tone: 'Telling a Trusted Adult',
        text:
          setting === 'minor_home'
            ? "Can I talk to you privately? Something is happening at home that I need to tell someone about. Someone in my family is being hurt, and I'm scared."
            : `Can I talk to you privately? ${atSchool ? 'Someone at school keeps getting hurt by other students' : 'Someone I know is being hurt'}, and I've seen it happen. I'm worried about them, and I don't think they'll tell anyone themselves.`,
        explanation:
          'A teacher, counsellor or parent can do what you cannot: step in and keep it from happening again. Saying what you saw, and when, is enough; you are not getting anyone in trouble by telling.',
      },
      {
        tone: 'Checking In With Them',
        text: "Hey, I saw what happened. That wasn't okay, and it wasn't your fault. Are you alright? If you want, I'll come with you to tell someone.",
        explanation:
          'Being hurt in front of others is lonely; one person saying it was not okay helps. Offering to go with them makes telling an adult feel possible.',
      },
      {
        tone: 'Getting Advice',
        text:
          setting === 'minor_home'
            ? "Hi, I'm under 18 and someone in my family is being hurt at home. I'm scared and I don't know what to do."
            : "Hi, I'm under 18 and someone I know keeps getting hurt by other people. I want to help but I don't know what to do.",
        explanation:
          'Words to start a free, confidential call or chat with Childhelp (1-800-422-4453, US), Childline (0800 1111, UK) or Kids Help Phone (1-800-668-6868, Canada); they help young people who are worried about someone else too. ' +
          HELP_NOW,
      },
    ];
  }
  if (party === 'own_child') {
    return [
      {
        tone: 'Reporting It to the School',
        text: `I need to report that my child was physically attacked${atSchool ? ' by other students' : ''}. I'd like to meet today to go through what happened, and I'd like to know in writing what you will do to keep them safe.`,
        explanation:
          'A written request for a meeting and a written plan creates a record the school has to answer. Bring dates, photos of any injuries and the names of anyone who saw it.',
      },
      {
        tone: 'Talking With Your Child',
        text: "I'm so sorry that happened to you. You're not in trouble, and you didn't do anything wrong. We're going to sort this out together, starting today.",
        explanation:
          'Children often hide being hurt because they fear making it worse; hearing first that they are not in trouble makes it easier to tell you the whole of it.',
      },
      {
        tone: 'Reporting It to the Police',
        text: "I'd like to report an assault on my child. I have the details of when and where it happened, and the names of the people involved. What do you need from me?",
        explanation: `An assault is a crime whatever the age of those who did it, and a police report protects your child if it happens again. ${HELP_NOW}`,
      },
    ];
  }
  return [
    {
      tone: 'Telling Someone Who Can Act',
      text: "I want to report that someone I know is being physically hurt. I've seen it myself, and I'm worried about their safety. What can be done, and what do you need from me?",
      explanation:
        'Words for the police, or for whoever is responsible where it happens (a school, an employer, a care home). Saying what you saw and when is what lets them act.',
    },
    {
      tone: 'Checking In With Them',
      text: "I've noticed what's been happening, and I'm worried about you. You don't deserve it. Whenever you want help, I'm here, and I can come with you to get it.",
      explanation:
        'Let them decide the next step: pushing someone who is being hurt can put them at more risk. Being steady and available is what makes it easier to reach out.',
    },
    {
      tone: 'Getting Advice',
      text: "Hi, someone I care about is being physically hurt, and I don't know how to help them safely. What should I do next?",
      explanation: `Words to open a call to a local victim-support line or the police non-emergency number; they can tell you how to help without putting anyone at more risk. ${HELP_NOW}`,
    },
  ];
}

/** They said it in so many words; otherwise the writer has only signs (giving things away, "would anyone notice"). */
const SAID_IT =
  /\b(?:hurt(?:ing)? (?:him|her|them)sel(?:f|ves)|kill(?:ing)? (?:him|her|them)sel(?:f|ves)|suicid\w*|end(?:ing)? (?:his|her|their) (?:own )?life|self[- ]?harm\w*|want(?:s|ed)? to die|pills|overdos\w*|cutting)\b/i;

/** Someone the writer cares about may be thinking of ending their life, shown only by signs: ask directly, get advice, tell an adult. */
function someoneElseShowsSigns(name: string | null, minor: boolean): Reply[] {
  return [
    {
      tone: 'Asking Them Directly',
      text: "Hey, I keep thinking about what you said. I'd notice, and I care about you a lot. Can I ask you straight out: are you thinking about hurting yourself or ending your life?",
      explanation:
        'Asking plainly does not put the idea in their head; it shows you noticed and can hear the answer. If they say yes, stay with them and get help together.',
    },
    {
      tone: 'Getting Advice for Yourself',
      text: `Hi, ${name ?? 'a friend of mine'} has been saying and doing things that worry me, and I'm scared they might be thinking of ending their life. I don't know if I'm overreacting or what to do next.`,
      explanation: `Words to open a call or text to 988 (US), or a line from findahelpline.com${minor ? ', or Childline (0800 1111, UK) and Kids Help Phone (1-800-668-6868, Canada)' : ''}: they help people who are worried about someone else and can tell you what to do tonight. If they may act now, call emergency services.`,
    },
    minor
      ? {
          tone: 'Telling a Trusted Adult',
          text: `Can I talk to you about ${name ?? 'a friend'}? They've said some things that make me think they might want to hurt themselves, and I'm scared. I don't know what to do.`,
          explanation:
            'A parent, teacher or school counsellor can get them help in a way you cannot on your own, and telling is not betraying them: it is how you keep them safe.',
        }
      : {
          tone: 'Telling Someone Close to Them',
          text: `I'm worried about ${name ?? 'them'}. They've said some things that make me think they might be thinking of hurting themselves. Can you check on them today?`,
          explanation:
            "You don't have to carry this alone or keep it secret: someone who lives with them or sees them every day can stay close and help them get care.",
        },
  ];
}

/** Someone the writer cares about talks of hurting themselves: words to them, to a crisis line, to someone near them. */
function someoneElseAtRisk(name: string | null): Reply[] {
  const them = name ?? 'them';
  return [
    {
      tone: 'Staying With Them',
      text: "I'm really glad you told me, and I'm taking it seriously. Are you safe right now? I'm staying on the phone with you, and I'd like us to call 988 together.",
      explanation:
        'Asking directly whether they are safe does not put the idea in their head; it shows you can hear the answer. Staying with them and offering to call together makes help feel possible. If they may act now, call emergency services.',
    },
    {
      tone: 'Getting Advice for Yourself',
      text: `Hi, someone I care about keeps telling me they want to hurt themselves, and I'm scared they're not safe. I don't know what to say to ${them} or what to do next.`,
      explanation:
        'Words to open a call or text to 988 (US) or a line from findahelpline.com: they help people who are worried about someone else, not only people in crisis, and can tell you what to do tonight.',
    },
    {
      tone: 'Telling Someone Close to Them',
      text: `I'm worried about ${name ?? 'them'}. They've been saying they want to hurt themselves, and I don't think they should be alone right now. Can you check on them today?`,
      explanation:
        "You don't have to carry this alone or keep it secret: someone who lives with them or sees them every day can stay close and help them get care.",
    },
  ];
}

export function composeSafe(safety: SafetyFlag, frame: Frame): Suggestion[] {
  const category = safety.category ?? 'abuse';
  const setting = safetySetting(frame, frame.parsed.text);
  const who = whoDidIt(frame, setting);
  let replies: Reply[];
  if (category === 'self_harm' && safety.atRisk === 'someone_else') {
    replies = SAID_IT.test(frame.parsed.text)
      ? someoneElseAtRisk(frame.counterpart.name)
      : someoneElseShowsSigns(frame.counterpart.name, setting === 'minor' || setting === 'minor_home');
  } else if (safety.atRisk === 'someone_else') replies = someoneElseHurt(frame, setting);
  else if (setting === 'minor_home' && category !== 'self_harm') replies = minorHome(category, who);
  else if (setting === 'work' && category !== 'self_harm') replies = atWork(category, who);
  else if (setting === 'client' && category !== 'self_harm') replies = withClient(category, who);
  else {
    const supportWhere =
      setting === 'school' && category === 'harassment'
        ? "your school's counsellor or dean of students"
        : SUPPORT_WHERE[category];
    replies = [
      SAFETY_FIRST[category](who),
      {
        tone: 'Reaching Out for Support',
        text: SUPPORT[category],
        explanation: `Words to open a call or chat with ${supportWhere}. They are trained for exactly this, it is confidential, and you do not need to have everything figured out.`,
      },
      BOUNDARY[category],
    ];
  }
  return replies.map((r, i) => ({ id: `resp_${i + 1}`, ...r }));
}
