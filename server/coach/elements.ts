// keyElements: what a coach would note about the situation, in a few words each: the kind of
// relationship, the behaviour, how often, the specifics, and what the writer wants.
import type { Goal } from '../../machines/domain/types.ts';
import type { Frame } from './frame/index.ts';
import { ROLE_DOMAIN } from './frame/roles.ts';
import type { Domain } from './library/schema.ts';

const MAX_ELEMENTS = 6;

const UMBRELLA: Record<Domain, string> = {
  work: 'workplace conflict',
  clients: 'client relationship',
  school: 'school',
  friends: 'friendship',
  partners: 'relationship',
  family: 'family',
  roommates: 'living together',
  neighbours: 'neighbours',
  general: 'everyday conflict',
};

const GOAL_PHRASE: Record<Goal, string> = {
  stop: 'wants it to stop',
  change: 'wants a change',
  repay: 'wants to be paid',
  return: 'wants it returned',
  apology: 'wants an apology',
  boundary: 'setting a boundary',
  decline: 'saying no',
  end: 'ending it',
  repair: 'making amends',
  ask: 'making a request',
  inform: 'sharing hard news',
  understand: 'wants to understand',
};

export function keyElements(frame: Frame): string[] {
  const out: string[] = [];
  const add = (s: string | null | undefined) => {
    if (s && out.length < MAX_ELEMENTS && !out.includes(s)) out.push(s);
  };
  const role = frame.counterpart.role;
  const domain: Domain = role
    ? role === 'landlord' || role === 'tenant'
      ? 'neighbours'
      : ROLE_DOMAIN[role]
    : (frame.behaviour?.domain ?? 'general');
  add(role === 'landlord' || role === 'tenant' ? 'housing' : UMBRELLA[domain]);
  add(frame.behaviour?.label ?? (frame.unclear ? 'details unclear' : null));
  if (frame.count && frame.count >= 2) add(`${frame.slots.times ?? `${frame.count} times`}`);
  else if (frame.frequency === 'repeated') add('recurring');
  else if (frame.frequency === 'once') add('one-off');
  const { slots } = frame;
  if (slots.amount)
    add(
      slots.duration && /overdue|late/i.test(frame.parsed.text)
        ? `${slots.amount}, ${slots.duration} overdue`
        : slots.amount,
    );
  else if (slots.duration) add(slots.duration);
  if (slots.day) add(`by ${slots.day}`);
  if (slots.time) add(`at ${slots.time}`);
  if (slots.item) add(slots.item.replace(/^(my|our|the) /, ''));
  add(frame.impact);
  add(GOAL_PHRASE[frame.goal]);
  return out;
}
