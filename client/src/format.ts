// Small wording helpers: what the server sends as identifiers, shown as words.
import type { Context } from './protocol.ts';

export const CONTEXT_LABELS: Record<Context, string> = {
  work: 'Work',
  friendship: 'Friendship',
  relationship: 'Relationship',
};

/** "frustrated_but_professional" → "Frustrated but professional". */
export function humanize(id: string | null | undefined): string {
  if (!id) return '';
  const words = id.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** 0.87 → { percent: 87, words: "fairly sure" }. */
export function confidenceWords(confidence: number): { percent: number; words: string } {
  const c = Number.isFinite(confidence) ? Math.min(1, Math.max(0, confidence)) : 0;
  const percent = Math.round(c * 100);
  const words = c >= 0.85 ? 'very sure' : c >= 0.7 ? 'fairly sure' : c >= 0.55 ? 'somewhat sure' : 'not sure';
  return { percent, words };
}

export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** The analysis's counterpart role, as a person would say it. */
const ROLE_WORDS: Record<string, string> = {
  manager: 'your manager',
  coworker: 'a coworker',
  direct_report: 'someone you manage',
  team: 'your team',
  client: 'a client',
  customer: 'a customer',
  contractor: 'someone you hired',
  landlord: 'your landlord',
  tenant: 'your tenant',
  teacher: 'a teacher',
  classmate: 'a classmate',
  student: 'a student',
  friend: 'a friend',
  friend_group: 'your friends',
  partner: 'your partner',
  date: 'someone you are dating',
  ex: 'your ex',
  parent: 'a parent',
  sibling: 'a sibling',
  child: 'your child',
  in_law: 'an in-law',
  relative: 'a relative',
  family: 'your family',
  roommate: 'a roommate',
  neighbour: 'a neighbour',
  stranger: 'someone you do not know',
};

export function counterpartWords(c: { role: string | null; name: string | null } | undefined): string | null {
  if (!c || (!c.role && !c.name)) return null;
  const role = c.role ? (ROLE_WORDS[c.role] ?? humanize(c.role).toLowerCase()) : null;
  if (c.name && role) return `${c.name}, ${role}`;
  return c.name ?? (role ? role.charAt(0).toUpperCase() + role.slice(1) : null);
}

const GOAL_WORDS: Record<string, string> = {
  stop: 'For it to stop',
  change: 'For something to change',
  repay: 'To be paid back',
  return: 'To get something back',
  apology: 'An apology',
  boundary: 'To set a boundary',
  decline: 'To say no',
  end: 'To end it',
  repair: 'To make it right',
  ask: 'To ask for something',
  inform: 'To tell them something hard',
  understand: 'To understand what is going on',
};

export function goalWords(goal: string | undefined): string | null {
  return goal ? (GOAL_WORDS[goal] ?? humanize(goal)) : null;
}

/** Who wrote the suggestions: the built-in coach, or the model by name. */
export function coachName(model: string | null | undefined): string | null {
  if (!model) return null;
  const models = model.split('+');
  const names = models.map((m) => (m === 'calmly-builtin-coach' ? "Calmly's built-in coach" : m));
  return names.join(' and ');
}
