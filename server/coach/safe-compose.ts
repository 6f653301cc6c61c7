// Replies for flagged situations. None of them is addressed to the person causing harm: they
// are words for reaching safety and support. Nothing here suggests appeasing or confronting
// anyone alone.
import type { SafetyCategory, SafetyFlag, Suggestion } from '../domain/types.ts';
import type { Counterpart } from './behaviour.ts';

type Writer = (who: string) => { tone: string; text: string; explanation: string };

const HELP_NOW = 'If you are in immediate danger, call emergency services (911, 112, 999 or your local number) first.';

const SAFETY_FIRST: Record<SafetyCategory, Writer> = {
  self_harm: () => ({
    tone: 'Safety First',
    text: "I'm not okay right now and I've been having thoughts of hurting myself. I don't want to be alone with this. Can you stay with me or call me right now?",
    explanation: 'Saying it plainly to someone you trust is the fastest way to get support. If you might act on these thoughts, call emergency services or, in the US, call or text 988 now.',
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
    text: `Something has been going on with ${who.toLowerCase()} that I haven't told anyone. I don't feel safe or free at home. Can we talk somewhere private?`,
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
    explanation: 'A written record and a formal report put the responsibility where it belongs and protect you from retaliation.',
  }),
};

const SUPPORT: Record<SafetyCategory, string> = {
  self_harm: "Hi, I'm calling because I've been having thoughts of ending my life. I'm not sure what to do and I'd like to talk to someone.",
  violence: "Hi, I'm calling because my partner or someone at home has been physically hurting me. I'd like help making a safety plan.",
  threats: "Hi, I've been receiving threats and I'm worried for my safety. I'd like to understand my options, including reporting them.",
  abuse: "Hi, I think I'm in a controlling relationship. I'd like to talk through what's happening and what my options are, confidentially.",
  stalking: "Hi, someone keeps following me and showing up where I am. I'd like advice on documenting it and staying safe.",
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

const BOUNDARY: Record<SafetyCategory, { tone: string; text: string; explanation: string }> = {
  self_harm: {
    tone: 'Making a Plan for the Next Few Hours',
    text: "I'm going to stay somewhere with other people tonight and keep my phone on. If it gets worse, I'll call 988 or emergency services.",
    explanation: 'A concrete plan for the next few hours, with people around you and a number to call, makes a crisis easier to get through.',
  },
  harassment: {
    tone: 'Setting a Boundary from a Safe Place',
    text: 'Please stop. Your comments and behaviour are unwelcome, and I am documenting them. Any further contact about this will go through HR.',
    explanation: 'Put in writing or with a witness present, never alone; a short, unambiguous message also becomes part of your record.',
  },
  violence: boundaryFromDistance(),
  threats: boundaryFromDistance(),
  abuse: boundaryFromDistance(),
  stalking: {
    tone: 'Setting a Boundary from a Safe Place',
    text: 'Do not contact me or come to my home or work again. Any further contact will be reported to the police.',
    explanation: 'Only send this once, in writing, after talking to the police or a support service; then do not respond further. Never meet them to deliver it.',
  },
};

function boundaryFromDistance() {
  return {
    tone: 'Setting a Boundary from a Safe Place',
    text: "I'm staying somewhere else for now. I'm not going to discuss this until I feel safe, and I'll have someone with me when we talk.",
    explanation: 'Only say this once you are somewhere safe or with support; an advocate can help you time it. Never try to calm things down or confront them alone.',
  };
}

export function composeSafe(safety: SafetyFlag, counterpart: Counterpart): Suggestion[] {
  const category = safety.category ?? 'abuse';
  const who = counterpart.name ?? (counterpart.reference.startsWith('your ') ? `My ${counterpart.reference.slice(5)}` : 'Someone close to me');
  const first = SAFETY_FIRST[category](who);
  return [
    { id: 'resp_1', ...first },
    {
      id: 'resp_2',
      tone: 'Reaching Out for Support',
      text: SUPPORT[category],
      explanation: `Words to open a call or chat with ${SUPPORT_WHERE[category]}. They are trained for exactly this, it is confidential, and you do not need to have everything figured out.`,
    },
    { id: 'resp_3', ...BOUNDARY[category] },
  ];
}
