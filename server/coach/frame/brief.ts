// The frame as plain facts for a hosted model's prompt (server/ai/prompts.ts): what the built-in
// coach understood, in words, so a model writes to the right person about the right thing.
import { ROLE_NAMES } from './roles.ts';
import type { Frame } from './index.ts';

export interface SituationBrief {
  /** "their manager, named Dana" */
  counterpart: string | null;
  /** "weekend messages (it keeps happening: 4 times)" */
  behaviour: string | null;
  specifics: string[];
  /** What it did to the writer: "embarrassed in front of others". */
  impact: string | null;
  /** "to set a boundary" */
  goal: string;
  /** Who is at fault, and what that means for the reply. */
  fault: string;
  channel: string | null;
}

const GOAL_WORDS: Record<Frame['goal'], string> = {
  stop: 'for the behaviour to stop',
  change: 'for them to do something differently',
  repay: 'to be paid back',
  return: 'to get something back',
  apology: 'an apology or an acknowledgement',
  boundary: 'to set a boundary',
  decline: 'to say no',
  end: 'to end the relationship or the contact',
  repair: 'to make amends for what they did',
  ask: 'to ask for something',
  inform: 'to tell them something hard',
  understand: 'to understand what is going on',
};

export function briefOf(frame: Frame): SituationBrief {
  const { counterpart: cp } = frame;
  const who = cp.role ? `their ${ROLE_NAMES[cp.role]}${cp.inferred ? ' (probably)' : ''}` : null;
  const counterpart =
    who && cp.name ? `${who}, named ${cp.name}` : (who ?? (cp.name ? `someone named ${cp.name}` : null));
  const often =
    frame.count && frame.count >= 2
      ? `it has happened ${frame.slots.times}`
      : frame.frequency === 'repeated'
        ? 'it keeps happening'
        : frame.frequency === 'once'
          ? 'it happened once'
          : null;
  const behaviour = frame.behaviour ? `${frame.behaviour.label}${often ? ` (${often})` : ''}` : often;
  const s = frame.slots;
  const specifics = [
    s.amount && `amount: ${s.amount}`,
    s.invoice && `invoice ${s.invoice}`,
    s.duration && `how long: ${s.duration}`,
    s.day && `by: ${s.day}`,
    s.time && `time: ${s.time}`,
    s.item && `the thing: ${s.item}`,
  ].filter((x): x is string => Boolean(x));
  const fault =
    frame.fault === 'self'
      ? 'the writer; the reply takes responsibility and asks nothing of the other person'
      : frame.fault === 'both'
        ? "both of them; the reply owns the writer's part and asks for theirs"
        : frame.fault === 'none'
          ? 'nobody'
          : 'the other person';
  const channel =
    frame.channel === 'email'
      ? 'an email'
      : frame.channel === 'text'
        ? 'a text message'
        : frame.channel === 'in_person'
          ? 'said in person'
          : null;
  return { counterpart, behaviour, specifics, impact: frame.impact, goal: GOAL_WORDS[frame.goal], fault, channel };
}
