// The reply library's data model: behaviours (what the other person did, or what the writer did),
// each with three or four replies written by people, in segments, with slots only where grammar
// is safe. Files live in scenarios/library/<domain>.json and are validated on load.
import { z } from 'zod';
import { GOALS, type Goal } from '../../../machines/domain/types.ts';

export const DOMAINS = [
  'work',
  'clients',
  'school',
  'friends',
  'partners',
  'family',
  'roommates',
  'neighbours',
  'general',
] as const;
export type Domain = (typeof DOMAINS)[number];

/** Who the other person is to the writer (the analysis reports one of these as counterpart.role). */
export const ROLES = [
  'manager',
  'coworker',
  'direct_report',
  'team',
  'client',
  'customer',
  'contractor',
  'landlord',
  'tenant',
  'teacher',
  'classmate',
  'student',
  'friend',
  'friend_group',
  'partner',
  'date',
  'ex',
  'parent',
  'sibling',
  'child',
  'in_law',
  'relative',
  'family',
  'roommate',
  'neighbour',
  'stranger',
] as const;
export const roleSchema = z.enum(ROLES);
export type Role = (typeof ROLES)[number];

/** What the writer wants to happen (domain/types.ts GOALS): stop, change, repay, return, apology, boundary, decline, end, repair, ask, inform, understand. */
export { GOALS, type Goal };
export const goalSchema = z.enum(GOALS);

export const FAULTS = ['other', 'self', 'both', 'none'] as const;
export type Fault = (typeof FAULTS)[number];

/**
 * Reply strategies. Each maps to a fixed tone label (so learned tone preferences stay comparable
 * across situations): process "Calm and Professional" (work) / "Calm and Warm" (personal),
 * acknowledge "Empathetic", direct "Direct but Kind", assertive "Assertive", gentle "Gentle",
 * casual "Casual and Friendly".
 */
export const STRATEGIES = ['process', 'acknowledge', 'direct', 'assertive', 'gentle', 'casual'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const SEGMENT_ROLES = ['opening', 'happened', 'impact', 'need', 'request', 'close'] as const;
export type SegmentRole = (typeof SEGMENT_ROLES)[number];

/**
 * Slots a segment may contain, each with a fixed grammatical shape (see frame/specifics.ts):
 *   {name}     the person's name or title and surname: "Jess", "Mr Okafor"
 *   {amount}   a sum of money: "$2,400", "£300"
 *   {times}    how often it happened, 2 or more: "twice", "three times"
 *   {nth}      the ordinal of this occurrence, 2 or more: "second", "fourth"
 *   {duration} how long: "60 days", "two weeks", "three months"
 *   {day}      a day to do something by: "Friday", "tomorrow", "the 15th" (use after "by")
 *   {time}     a clock time: "2am", "11pm" (use after "at" or "after")
 *   {invoice}  an invoice number: "#1043" (use after "invoice")
 *   {item}     a thing the writer lent or owns, from the writer's side: "my drill", "the car"
 */
export const SLOTS = ['name', 'amount', 'times', 'nth', 'duration', 'day', 'time', 'invoice', 'item'] as const;
export type Slot = (typeof SLOTS)[number];

const SLOT_RE = /\{([a-z]+)\}/g;
export function slotsIn(text: string): string[] {
  return [...text.matchAll(SLOT_RE)].flatMap(([, slot]) => (slot ? [slot] : []));
}

/** One sentence or more; alternatives are tried in order, the first whose slots are all known wins. */
const alternativesSchema = z
  .union([z.string(), z.array(z.string()).min(1).max(6)])
  .transform((v) => (typeof v === 'string' ? [v] : v))
  .superRefine((alts, ctx) => {
    alts.forEach((alt, i) => {
      for (const slot of slotsIn(alt)) {
        if (!(SLOTS as readonly string[]).includes(slot))
          ctx.addIssue({ code: 'custom', path: [i], message: `unknown slot {${slot}} (known: ${SLOTS.join(', ')})` });
      }
      if (/[{}]/.test(alt.replace(SLOT_RE, ''))) ctx.addIssue({ code: 'custom', path: [i], message: 'stray brace' });
      const bare = alt.replace(SLOT_RE, 'X').trim();
      if (!/^[A-Z"'“¿¡]/.test(bare))
        ctx.addIssue({ code: 'custom', path: [i], message: 'must start with a capital letter or a slot' });
      if (!/[.?!]["'”)]?$/.test(bare))
        ctx.addIssue({ code: 'custom', path: [i], message: 'must end a sentence (. ? or !)' });
      if (/—|–| - /.test(alt))
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: 'no dashes as punctuation: use a comma, a full stop or two sentences',
        });
      if (/\s{2,}/.test(alt)) ctx.addIssue({ code: 'custom', path: [i], message: 'double space' });
    });
    const last = alts.at(-1);
    if (last !== undefined && slotsIn(last).length)
      ctx.addIssue({
        code: 'custom',
        path: [alts.length - 1],
        message: 'the last alternative must have no slots (it is used when a specific is unknown)',
      });
  });

export const segmentSchema = z
  .object({
    role: z.enum(SEGMENT_ROLES),
    text: alternativesSchema,
    /** The same move said more firmly (used for high assertiveness and "make it firmer"). */
    firmer: alternativesSchema.optional(),
    /** The same move said more softly (low assertiveness, "make it softer"). */
    softer: alternativesSchema.optional(),
  })
  .strict();
export type Segment = z.infer<typeof segmentSchema>;

export const replySchema = z
  .object({
    strategy: z.enum(STRATEGIES),
    segments: z.array(segmentSchema).min(1).max(6),
    /** Why this reply works, specific to it (never boilerplate that fits any reply). */
    explanation: z.string().min(40).max(320),
  })
  .strict()
  .superRefine((r, ctx) => {
    const request = r.segments.find((s) => s.role === 'request');
    if (request && (!request.firmer || !request.softer)) {
      ctx.addIssue({
        code: 'custom',
        path: ['segments'],
        message: 'the request segment needs "firmer" and "softer" versions',
      });
    }
  });
export type Reply = z.infer<typeof replySchema>;

export const behaviourSchema = z
  .object({
    /** lower_snake_case, unique within the domain: "takes_credit". The full id is "<domain>.<id>". */
    id: z.string().regex(/^[a-z][a-z0-9_]{2,60}$/, 'must be lower_snake_case'),
    /** Shown in the scenario library: "A coworker takes credit for your ideas". */
    title: z.string().min(8).max(100),
    /** A short noun phrase for the analysis's key elements: "credit for your ideas". */
    label: z.string().min(3).max(50),
    description: z.string().min(20).max(400),
    /** Who does this; the first is the most typical. */
    roles: z.array(roleSchema).min(1).max(8),
    /** Who is at fault in this behaviour as written: the other person, the writer, both, or nobody. */
    fault: z.enum(FAULTS),
    goal: goalSchema,
    /** Short phrases that, in the writer's words, point to this behaviour ("take credit", "steal my idea"). */
    cues: z.array(z.string().min(3).max(60)).max(40).default([]),
    /** Situations as users type them (varied, messy); they teach the classifier and the search. */
    examples: z.array(z.string().min(10).max(400)).max(30).default([]),
    /**
     * Words one of which must appear for this behaviour to be chosen at all ("gay", "came out"):
     * for replies that assert something the writer must have said (an identity, an affair, a
     * pregnancy, money). Lower case; a word matches at a word start ("pregnan" matches "pregnant"), and a
     * currency sign ("$", "£") counts as a word.
     */
    requires: z.array(z.string().min(1).max(40)).max(30).optional(),
    /** A catch-all for a role when the behaviour is not recognised: no cues or examples needed. */
    general: z.boolean().default(false),
    /** The seed context, when it differs from the domain's usual one. */
    context: z.enum(['work', 'friendship', 'relationship']).optional(),
    replies: z.array(replySchema).min(3).max(4),
  })
  .strict()
  .superRefine((b, ctx) => {
    const strategies = b.replies.map((r) => r.strategy);
    if (new Set(strategies).size !== strategies.length)
      ctx.addIssue({ code: 'custom', path: ['replies'], message: `strategies must differ (${strategies.join(', ')})` });
    if (!b.general && b.examples.length < 8)
      ctx.addIssue({ code: 'custom', path: ['examples'], message: `at least 8 examples (has ${b.examples.length})` });
    if (!b.general && b.cues.length < 3)
      ctx.addIssue({ code: 'custom', path: ['cues'], message: `at least 3 cues (has ${b.cues.length})` });
  });
export type BehaviourEntry = z.infer<typeof behaviourSchema>;

export const libraryFileSchema = z
  .object({
    domain: z.enum(DOMAINS),
    behaviours: z.array(behaviourSchema).min(1),
  })
  .strict();
export type LibraryFile = z.infer<typeof libraryFileSchema>;
