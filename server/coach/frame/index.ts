// The situation frame: everything the coach understands about a situation before it writes a
// word. Who the other person is (role, name), what happened (a behaviour from the library, or a
// general entry when none fits), how often, the specifics worth keeping, who is at fault, what
// the writer wants, the channel, and, when the text does not say enough, the question to ask.
import { library } from '../library/index.ts';
import type { Behaviour } from '../library/load.ts';
import type { SlotValues } from '../library/render.ts';
import type { Fault, Goal, Role } from '../library/schema.ts';
import { parse, type Parsed } from '../nlp.ts';
import { buildIndex, match, rank, type BehaviourScore } from './classify.ts';
import { readClarity, type Unclear } from './clarity.ts';
import { featuresOf } from './features.ts';
import { readChannel, readFault, readFrequency, readGoal, readImpact, type Channel, type Frequency } from './intent.ts';
import { expandShorthand } from './normalise.ts';
import { counterpartOf, findPeople, rankMentions, type Counterpart, type Mention } from './people.ts';
import { ROLE_DOMAIN } from './roles.ts';
import { findSpecifics } from './specifics.ts';
import { clarifyingQuestion } from './questions.ts';

export interface Frame {
  parsed: Parsed;
  counterpart: Counterpart & { inferred: boolean };
  /** The library entry the replies come from (a general one when no behaviour was recognised). */
  entry: Behaviour;
  /** The recognised behaviour, when one was: null means the entry is a general one. */
  behaviour: Behaviour | null;
  /** 0..1: how clearly the text matches the behaviour. */
  behaviourConfidence: number;
  /** The best-scoring behaviours (up to 40), best first: the choice and its runners-up. */
  candidates: BehaviourScore[];
  /** Every person mentioned, most prominent first (people.ts rankMentions). */
  mentions: Mention[];
  /** Everyone else the writer mentioned, with how prominent each mention is (people.ts rankMentions). */
  others: Array<{ role: Role; score: number; own: boolean }>;
  /** How prominent the counterpart's own mention is (0 when they were never named by a role). */
  counterpartScore: number;
  fault: Fault;
  goal: Goal;
  frequency: Frequency;
  count: number | null;
  slots: SlotValues;
  /** What it did to the writer, when the text says ("embarrassed in front of others", "out of pocket"). */
  impact: string | null;
  channel: Channel;
  unclear: Unclear | 'vague' | 'no_counterpart' | null;
  clarifyingQuestion: string | null;
  quickAnswers: string[];
}

/** Similarity at which a behaviour is taken as recognised, and the lead it needs over the next. */
const RECOGNISED = 0.5;
/** A cue phrase in the text lowers the bar a little. */
const RECOGNISED_WITH_CUE = 0.44;
const CLEAR = 0.62;
/** Similarity that any text reaches by sharing a few common words: confidence 0. */
const FLOOR = 0.35;
const MIN_LEAD = 0.02;
/** The lower bar for a behaviour written for the very relationship the writer named. */
const RECOGNISED_FOR_ROLE = 0.42;
/** Similarity at which a behaviour written for another relationship may still be used. */
const CROSS_DOMAIN = 0.75;

let index: ReturnType<typeof buildIndex> | undefined;
function behaviourIndex() {
  index ??= buildIndex(library().behaviours);
  return index;
}

export function readFrame(situation: string): Frame {
  const text = expandShorthand(situation);
  const parsed = parse(text);
  const people = findPeople(parsed);
  const ranked = rankMentions(people);
  const specifics = findSpecifics(text);
  const explicitFault = readFault(text);
  const explicitGoal = readGoal(text, explicitFault);
  const contentWords = [...featuresOf(parsed.tokens).keys()].filter((k) => k.startsWith('w:')).length;
  const clarity = readClarity(situation, contentWords);

  const canRead = clarity.unclear !== 'no_words' && clarity.unclear !== 'other_language';
  const raw = canRead ? match(behaviourIndex(), parsed.tokens, text) : [];
  // Who it is about and what they did are decided together: the person whose role best explains
  // the behaviour, with the most prominent mention preferred.
  const options: Array<{ mention: Mention | null; factor: number }> = [];
  const top = ranked[0];
  if (top) {
    for (const m of ranked) {
      if (options.some((o) => o.mention?.role === m.role)) continue;
      options.push({ mention: m, factor: m === top ? 1 : top.score - m.score < 2 ? 0.86 : 0.7 });
      if (options.length === 3) break;
    }
  }
  // A name with no role next to it may be someone else entirely when the writer also names a role.
  // A title and surname ("Dr Haddad", "Mr Okafor") is almost always the person being written to.
  const titled = people.names.some((n) => /^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Professor|Coach) /.test(n.name));
  if (!top || people.names.length) options.push({ mention: null, factor: !top ? 1 : titled ? 0.95 : 0.65 });
  let chosen: (typeof options)[number] | undefined;
  let candidates: BehaviourScore[] = [];
  for (const o of options) {
    const cands = rank(
      behaviourIndex(),
      raw,
      { role: o.mention?.role ?? null, otherRoles: [], fault: explicitFault, goal: explicitGoal },
      40,
    );
    const [best] = candidates;
    const [challenger] = cands;
    if (!chosen || !best || (challenger && challenger.score * o.factor > best.score * chosen.factor)) {
      chosen = o;
      candidates = cands;
    }
  }
  let counterpart: Frame['counterpart'] = { ...counterpartOf(people, chosen?.mention ?? null), inferred: false };

  let behaviour: Behaviour | null = null;
  let confidence = 0;
  const [first, next] = candidates;
  if (first) {
    const lead = first.score - (next?.score ?? 0);
    confidence = Math.max(0, Math.min(1, (first.similarity - FLOOR) / (CLEAR - FLOOR)));
    // Written for exactly this relationship, a weaker match is still the best words we have.
    const forThisRole = Boolean(chosen?.mention?.role && first.behaviour.roles.includes(chosen.mention.role));
    if (first.similarity >= RECOGNISED && (lead >= MIN_LEAD || first.similarity >= CLEAR)) behaviour = first.behaviour;
    else if (first.similarity >= RECOGNISED_WITH_CUE && first.cueHits >= 1 && lead >= MIN_LEAD)
      behaviour = first.behaviour;
    // …but not from a few words that say little ('people at work are being weird').
    else if (forThisRole && contentWords >= 6 && first.similarity >= RECOGNISED_FOR_ROLE && lead >= MIN_LEAD / 2)
      behaviour = first.behaviour;
  }
  // A behaviour written for another kind of relationship is not used for a person the writer named
  // ("I kissed someone else" to a girlfriend is not an academic apology), unless nothing else comes
  // near and the match is unmistakable; then the best match written for this relationship, if any.
  const named = chosen?.mention?.role ?? null;
  if (
    behaviour &&
    named &&
    !behaviour.roles.includes(named) &&
    ROLE_DOMAIN[named] !== behaviour.domain &&
    first &&
    first.similarity < CROSS_DOMAIN
  ) {
    const fitting = candidates.find(
      (c) => c.behaviour.roles.includes(named) || ROLE_DOMAIN[named] === c.behaviour.domain,
    );
    behaviour = fitting && fitting.similarity >= RECOGNISED ? fitting.behaviour : null;
    if (behaviour && fitting) confidence = Math.max(0, Math.min(1, (fitting.similarity - FLOOR) / (CLEAR - FLOOR)));
  }
  // Who is it about, when the text never says: a short text with nobody in it is not enough to guess from.
  const nobody = !counterpart.role && !counterpart.name;
  if (behaviour && nobody && (contentWords < 6 || (contentWords < 10 && confidence < 0.8))) behaviour = null;
  const inferredRole = behaviour?.roles[0];
  if (!counterpart.role && inferredRole) counterpart = { ...counterpart, role: inferredRole, inferred: true };

  const fault: Fault = explicitFault ?? behaviour?.fault ?? 'other';
  const goal: Goal = explicitGoal ?? behaviour?.goal ?? (fault === 'self' ? 'repair' : 'understand');
  let unclear: Frame['unclear'] = clarity.unclear;
  // The writer at fault has told us what happened: their apology needs no question.
  if (!unclear && !behaviour && fault !== 'self')
    unclear = counterpart.role || counterpart.name ? 'vague' : 'no_counterpart';
  if (!unclear && nobody && !behaviour) unclear = 'no_counterpart';

  const entry = behaviour ?? generalEntry(counterpart.role, fault, explicitGoal);
  const slots: SlotValues = { ...specifics.slots };
  if (counterpart.name) slots.name = counterpart.name;
  const q = unclear ? clarifyingQuestion(unclear, counterpart.role, clarity.language) : null;
  return {
    parsed,
    counterpart,
    entry,
    behaviour,
    behaviourConfidence: Math.round(confidence * 100) / 100,
    candidates,
    mentions: ranked,
    others: ranked
      .filter((m) => m !== chosen?.mention && m.role)
      .map((m) => ({ role: m.role as Role, score: m.score, own: m.own })),
    counterpartScore: chosen?.mention?.score ?? 0,
    fault,
    goal,
    frequency: readFrequency(text, specifics.count),
    count: specifics.count,
    slots,
    impact: readImpact(text),
    channel: readChannel(text),
    unclear,
    clarifyingQuestion: q?.question ?? null,
    quickAnswers: q?.quickAnswers ?? [],
  };
}

/** Goals specific enough to choose general replies by, when the behaviour itself was not recognised. */
const GOAL_ENTRIES = new Set<Goal>(['decline', 'boundary', 'end', 'ask', 'inform']);

/**
 * The best general entry: the writer's own fault first (an apology), then a goal they named
 * ("how do I say no"), then the catch-all for the role ("general_manager"), then the replies that
 * are true of any situation.
 */
function generalEntry(role: Role | null, fault: Fault, goal: Goal | null): Behaviour {
  const lib = library();
  if (fault === 'self') {
    const domain = role ? ROLE_DOMAIN[role] : null;
    const key =
      domain === 'work' || domain === 'clients' || domain === 'school'
        ? 'general.self_work'
        : domain === 'neighbours' || domain === 'roommates'
          ? 'general.self_home'
          : 'general.self';
    return lib.general.get(key) ?? lib.general.get('general.self') ?? lib.unclear;
  }
  if (goal && GOAL_ENTRIES.has(goal)) {
    const byGoal = lib.general.get(`general.goal_${goal}`);
    if (byGoal) return byGoal;
  }
  if (!role) return lib.unclear;
  return lib.generalByRole.get(role) ?? lib.unclear;
}
