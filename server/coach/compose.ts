// Writes the three spoken replies. Each strategy is a different move, not a re-worded opener:
// process = state the issue and propose a routine; acknowledge = their side first, then a shared
// goal; direct = name the behaviour and make a clear request; assertive adds an expectation;
// gentle asks permission and invites their view; casual keeps it light. All follow
// observation → feeling → need → request.
import type { Context, ScenarioMatch, Suggestion } from '../domain/types.ts';
import type { Behaviour } from './behaviour.ts';
import type { EmotionResult } from './emotion.ts';
import { EMOTION_ADJECTIVE } from './lexicon/emotions.ts';
import type { Strategy, ToneChoice } from './tones.ts';
import { strategyOf } from './tones.ts';
import { capitalise, tidy } from './text.ts';

export interface Material {
  context: Context;
  behaviour: Behaviour;
  emotion: EmotionResult;
  assertiveness: number;
}

interface Parts {
  name: string;
  observation: string;
  feeling: string;
  need: string;
  request: string;
  process: string;
  theirSide: string;
  sharedGoal: string;
  bond: string;
}

const GENERIC = {
  need: { work: 'clear expectations so we can work well together', friendship: 'to feel like we are on the same page', relationship: 'to feel like we are a team' },
  process: { work: 'set up a short conversation this week to agree how we handle this', friendship: 'find a time this week to talk it through properly', relationship: 'sit down this week and talk it through properly' },
  sharedGoal: { work: 'we both want this to work well', friendship: 'our friendship matters to me', relationship: 'I care about us' },
  bond: { work: 'working with you', friendship: 'our friendship', relationship: 'what we have' },
} as const;
/** Feelings safe to say to someone's face; raw anger becomes "upset". */
const SPOKEN_FEELING: Partial<Record<string, string>> = { angry: 'upset', resentful: 'frustrated', jealous: 'insecure', guilty: 'uneasy' };

function parts(m: Material): Parts {
  const { behaviour: b, context } = m;
  const f = b.frame;
  const adjective = m.emotion.emotions[0] ? EMOTION_ADJECTIVE[m.emotion.emotions[0]] : context === 'work' ? 'frustrated' : 'hurt';
  const event = b.event && b.did && !b.did.includes(b.event.replace(/^\w+ /, '')) ? ` ${b.event}` : '';
  return {
    name: b.counterpart.name ? `${b.counterpart.name}, ` : '',
    observation: b.did ? `${b.did}${event}` : `something that happened ${b.event ?? 'recently'} has stayed with me`,
    feeling: f?.feeling ?? SPOKEN_FEELING[adjective] ?? adjective,
    need: f?.need ?? GENERIC.need[context],
    request: f?.request ?? 'talk with me about how we handle this from here',
    process: f?.process ?? GENERIC.process[context],
    theirSide: f?.theirSide ?? 'you may not have realised how this came across',
    sharedGoal: f?.sharedGoal ?? GENERIC.sharedGoal[context],
    bond: GENERIC.bond[context],
  };
}

/** How firmly to ask, from assertiveness 1..10. */
function ask(level: number, who: 'we' | 'you', vp: string): string {
  if (level <= 3) return who === 'we' ? `I was wondering if maybe we could ${vp}?` : `Would you maybe be open to trying to ${vp}?`;
  if (level >= 8) return who === 'we' ? `I need us to ${vp}.` : `I need you to ${vp}.`;
  return who === 'we' ? `Could we ${vp}?` : `Could you ${vp}?`;
}

const WRITERS: Record<Strategy, (p: Parts, m: Material) => string> = {
  process: (p, m) =>
    `${p.name}${m.context === 'work' ? 'I appreciate working with you, and I want to raise something before it gets in the way.' : "Can we take a few minutes? There's something I'd like to talk through with you."} ` +
    `I noticed that ${p.observation}. I felt ${p.feeling}, because I need ${p.need}. ${ask(m.assertiveness, 'we', p.process)}`,
  acknowledge: (p, m) =>
    `${p.name}I know ${p.theirSide}, and I don't think you meant it that way. Still, when ${p.observation}, I felt ${p.feeling}. ` +
    `${capitalise(p.sharedGoal)}, so ${ask(m.assertiveness, 'you', p.request).replace(/^\w/, (c) => c.toLowerCase())}`,
  direct: (p, m) =>
    `${p.name}I want to be straightforward with you because I value ${p.bond}: ${p.observation}, and that doesn't work for me. ` +
    `${m.assertiveness >= 8 ? `From now on, I need you to ${p.request}.` : m.assertiveness <= 3 ? `From now on, could you please ${p.request}?` : `From now on, please ${p.request}.`} Can we agree on that?`,
  assertive: (p, m) =>
    `${p.name}I need to address something directly. ${capitalise(p.observation)}, and it needs to change. I need ${p.need}. ` +
    `Going forward, I expect you to ${p.request}${m.context === 'work' ? ', and if it happens again I will raise it in the moment' : ''}.`,
  gentle: (p, m) =>
    `${p.name}Could I share something small with you? I've noticed that ${p.observation}, and I've been feeling a bit ${p.feeling}. ` +
    `${ask(Math.min(m.assertiveness, 5), 'we', p.process)} I'd love to hear how you see it too.`,
  casual: (p, m) =>
    `Hey${p.name ? ` ${p.name.slice(0, -2)}` : ''}, can I be real with you for a sec? ${capitalise(p.observation)}, and honestly it's left me feeling ${p.feeling}. ` +
    `${ask(m.assertiveness, 'you', p.request)} ${capitalise(p.sharedGoal)}.`,
};

const WHY: Record<Strategy, string> = {
  process: 'States what happened and how it landed without blame, then proposes a concrete routine, which keeps the focus on fixing it rather than on fault.',
  acknowledge: 'Opens with a generous reading of their side so they are less likely to get defensive, then ties your request to a goal you share.',
  direct: 'Names the behaviour plainly and makes one clear request, so there is no doubt about what you need, while the opening keeps it kind.',
  assertive: 'Leaves no room for misunderstanding: it names the behaviour, states your need as a need, and sets a clear expectation for next time.',
  gentle: 'Asks permission and invites their view, which lowers the stakes for someone who may react strongly to criticism.',
  casual: 'Keeps the tone light and personal, which suits someone close and makes the conversation feel less like a confrontation.',
};

/** Writer's own guilt: the replies are apologies, not requests. */
const APOLOGY: Record<Strategy, (p: Parts, event: string) => string> = {
  process: (p, e) => `${p.name}I've been thinking about what happened ${e}, and I owe you an apology. I'm sorry for my part in it. Could we find a time to talk it through, so I can understand how it affected you?`,
  acknowledge: (p) => `${p.name}I can imagine how that felt on your end, and I'm truly sorry. You matter to me, and I want to make this right. Is there anything you need from me right now?`,
  direct: (p, e) => `${p.name}I got it wrong ${e}, and I'm sorry. No excuses. I'm going to be more careful about this from now on, and I'd like to check in with you next week to see how we're doing.`,
  assertive: (p, e) => `${p.name}I want to take responsibility for what happened ${e}. It was on me, and I'm sorry. Here's what I'll do differently from now on, and I'd like you to tell me if I slip.`,
  gentle: (p) => `${p.name}I've been feeling bad about what happened, and I just want to say I'm sorry. Whenever you're ready, I'd love to talk about it.`,
  casual: (p) => `Hey${p.name ? ` ${p.name.slice(0, -2)}` : ''}, I've been thinking about it and I'm really sorry. That wasn't fair to you. Can I make it up to you?`,
};
const APOLOGY_WHY = 'Owns your part without excuses and opens the door for them to say how it felt, which is what repairs trust.';

export function compose(tones: ToneChoice[], m: Material, scenario?: ScenarioMatch): Suggestion[] {
  const p = parts(m);
  const apology = m.emotion.emotions[0] === 'guilt';
  const approaches = scenario ? pickApproaches(scenario, tones) : new Map<number, ScenarioMatch['suggestedApproaches'][number]>();
  return tones.map((tone, i) => {
    let text = apology ? APOLOGY[tone.strategy](p, m.behaviour.event ?? 'the other day') : WRITERS[tone.strategy](p, m);
    let explanation = apology ? APOLOGY_WHY : WHY[tone.strategy];
    const approach = approaches.get(i);
    if (approach && scenario) {
      const filled = fillTemplate(approach.template, p, m);
      if (filled) {
        // Our closing sentence carries the firmness the user wants; it is left out only when both the
        // template and the closing ask a question (asking twice reads badly).
        const closing = lastSentence(text);
        text = /\?/.test(filled) && /\?\s*$/.test(closing) ? filled : `${filled} ${closing}`;
        explanation += ` Draws on the '${scenario.title}' approach (${approach.tone}, rated ${Math.round(approach.effectiveness * 100)}% effective).`;
      }
    }
    if (tone.because) explanation += ` ${tone.because}`;
    return { id: `resp_${i + 1}`, tone: tone.label, text: tidy(text), explanation };
  });
}

/** Best approach per tone position, matched by strategy; if none match, the best one goes first. */
function pickApproaches(scenario: ScenarioMatch, tones: ToneChoice[]) {
  const out = new Map<number, ScenarioMatch['suggestedApproaches'][number]>();
  const sorted = [...scenario.suggestedApproaches].sort((a, b) => b.effectiveness - a.effectiveness);
  tones.forEach((t, i) => {
    const hit = sorted.find((a) => strategyOf(a.tone) === t.strategy || (t.strategy === 'process' && strategyOf(a.tone) === null));
    if (hit) out.set(i, hit);
  });
  if (!out.size && sorted[0]) out.set(0, sorted[0]);
  return out;
}

/** Fills known {placeholders}; a sentence whose placeholder we cannot fill is dropped. */
function fillTemplate(template: string, p: Parts, m: Material): string {
  const values: Record<string, string> = {
    person: 'you', name: m.behaviour.counterpart.name ?? 'you', behavior: p.observation, behaviour: p.observation,
    action: p.observation, event: m.behaviour.event ?? 'recently', feeling: p.feeling, emotion: p.feeling,
    need: p.need, request: p.request, impact: `I felt ${p.feeling}`, goal: p.sharedGoal,
  };
  const name = m.behaviour.counterpart.name;
  const cleaned = template
    .replace(/^\{(?:person|name)\},?\s*/i, p.name)
    // "Hey {person}, could…" reads as "Hey, could…" when we don't know their name, never "Hey you".
    .replace(/\s*\{(?:person|name)\}(?=\s*[,.!?])/gi, name ? ` ${name}` : '')
    .replace(/(?:\.\.\.|…)\s*$/, '.');
  const sentences = cleaned.match(/[^.!?]+[.!?]*/g) ?? [];
  return sentences
    .map((s) => s.replace(/\{(\w+)\}/g, (raw, key: string) => values[key.toLowerCase()] ?? raw))
    .filter((s) => !/\{\w+\}/.test(s))
    .join('')
    .trim();
}

function lastSentence(text: string): string {
  const sentences = text.match(/[^.!?]+[.!?]+/g) ?? [text];
  return sentences[sentences.length - 1].trim();
}
