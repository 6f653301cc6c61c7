// Who the situation is about: every person the writer mentions (role words and names), scored
// for how likely each is the one the writer wants to talk to, and the name that goes with them.
// A word is a name only when it really is one: a known first name, a title with a surname
// ("Mr Okafor"), or a word set next to a role ("my coworker Tadhg"). Titles alone, days, months,
// apps and capitalised ordinary words never are.
import { readFileSync } from 'node:fs';
import type { Role } from '../library/schema.ts';
import { PhraseMatcher } from '../lexicon/matcher.ts';
import type { Parsed, Token } from '../nlp.ts';
import { ROLE_WORDS, type Gender, type RoleWord } from './roles.ts';

const NAMES = JSON.parse(readFileSync(new URL('./data/first-names.json', import.meta.url), 'utf8')) as {
  names: string[];
  ambiguous: string[];
};
const FIRST_NAMES = new Set(NAMES.names.map((n) => n.toLowerCase()));
const AMBIGUOUS_NAMES = new Set(NAMES.ambiguous.map((n) => n.toLowerCase()));

/** Capitalised words that are never a person's name in a situation. */
const NEVER_NAMES = new Set(
  (
    'i mr mrs ms miss mx dr doctor prof professor sir madam maam coach mom mum dad mother father grandma grandpa nana ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december ' +
    'christmas easter thanksgiving halloween diwali eid hanukkah ramadan xmas new year ' +
    'slack discord teams zoom skype venmo paypal zelle cashapp whatsapp imessage instagram insta facebook fb messenger snapchat snap tiktok twitter linkedin reddit youtube netflix spotify gmail outlook google uber lyft amazon airbnb tinder hinge bumble excel jira notion trello github ' +
    'god lord jesus ok okay hey hi hello yes no yeah lol omg hr ceo cto cfo vp pm it ai ' +
    'yesterday today tonight tomorrow groceries anyway also so but and then because well honestly basically literally ' +
    'english spanish french american british canadian mexican indian chinese ' +
    // Family and role words people capitalise ("Sister said…", "Auntie is…"): a relation, never a name.
    'sister sis brother bro auntie aunt uncle grandma granny nan nana grandpa granddad gramps mama papa mommy daddy son daughter ' +
    'cousin babe baby hun hon honey darling sweetie bestie buddy mate dude boss manager teacher professor landlord neighbor neighbour'
  ).split(/\s+/),
);
const TITLES: Record<string, string> = {
  mr: 'Mr',
  mrs: 'Mrs',
  ms: 'Ms',
  miss: 'Miss',
  mx: 'Mx',
  dr: 'Dr',
  doctor: 'Dr',
  prof: 'Professor',
  professor: 'Professor',
  coach: 'Coach',
};

const roleMatcher = new PhraseMatcher<RoleWord>(ROLE_WORDS);

export interface Mention {
  role: Role | null;
  noun: string | null;
  gender: Gender;
  name: string | null;
  start: number;
  end: number;
  /** "my"/"our" before it. */
  own: boolean;
  /** Someone else's: "my friend's husband", "his mom". */
  possessedBy: Role | 'other' | null;
  /** Followed by a verb: the one doing something. */
  subject: boolean;
  plural: boolean;
  score: number;
}

const isCap = (t: Token) => /^[A-Z][a-zà-ÿ'’-]+$/u.test(t.text);
const isVerbish = (t: Token | undefined) => Boolean(t && (t.pos === 'VERB' || t.pos === 'AUX' || t.pos === 'PART'));
/** Does token i start a sentence (or the text)? */
const startsSentence = (tokens: readonly Token[], i: number) =>
  i === 0 || tokens[i - 1]?.sentence !== tokens[i]?.sentence;
const ADVERB_GAP = new Set([
  'always',
  'never',
  'just',
  'still',
  'keeps',
  'keep',
  'constantly',
  'really',
  'also',
  'basically',
  'literally',
  'often',
  'sometimes',
  'finally',
  'again',
  'totally',
  'even',
  'who',
  'that',
]);

const SPORT =
  /\b(?:league|soccer|football|basketball|volleyball|softball|baseball|hockey|rugby|netball|cricket|tennis|pickleball|rec team|our team lost|practice|tournament|captain)\b/i;
const OBJECTS = new Set(['me', 'us', 'him', 'her', 'them', 'my', 'our']);

function followedByVerb(tokens: readonly Token[], end: number): boolean {
  let k = end;
  // "my husband's mom": a possessive, not "is".
  if (
    (tokens[k]?.norm === "'s" || tokens[k]?.norm === "'") &&
    ['NOUN', 'ADJ', 'PROPN'].includes(tokens[k + 1]?.pos ?? '')
  )
    return false;
  // Skip an apposition name or a comma-enclosed aside: "my boss, Dana, keeps".
  const aside = (t: Token | undefined) =>
    t !== undefined && (t.pos === 'PUNCT' || t.pos === 'PROPN' || ADVERB_GAP.has(t.norm) || t.pos === 'ADV');
  while (aside(tokens[k]) && k < end + 4) k++;
  // The tagger sometimes reads "hits", "texts", "calls" as nouns: an object pronoun after them settles it.
  return isVerbish(tokens[k]) || (tokens[k]?.pos === 'NOUN' && OBJECTS.has(tokens[k + 1]?.norm ?? ''));
}

/** A title and surname: "Mr Okafor", "Dr. Patel", "Professor Lee". */
function titledName(tokens: readonly Token[], i: number): { name: string; end: number } | null {
  const t = tokens[i];
  if (!t) return null;
  const title = TITLES[t.norm.replace(/\.$/, '')];
  if (!title) return null;
  let k = i + 1;
  if (tokens[k]?.text === '.') k++;
  const surname = tokens[k];
  if (!surname || !isCap(surname) || NEVER_NAMES.has(surname.norm)) return null;
  return { name: `${title} ${surname.text}`, end: k + 1 };
}

function properName(t: Token): string {
  return t.text.charAt(0).toUpperCase() + t.text.slice(1).toLowerCase();
}

/** Is this single token a name on its own? `beside` is true when a role word or "named" is next to it. */
function nameAt(tokens: readonly Token[], i: number, beside: boolean): string | null {
  const t = tokens[i];
  if (!t || NEVER_NAMES.has(t.norm) || t.norm.length < 2 || !/^[a-zà-ÿ'-]+$/u.test(t.norm)) return null;
  const known = FIRST_NAMES.has(t.norm);
  const ambiguous = AMBIGUOUS_NAMES.has(t.norm);
  if (isCap(t)) {
    if (beside) return known || ambiguous || t.pos === 'PROPN' || t.pos === 'NOUN' ? properName(t) : null;
    if (!known) return null;
    const sentenceStart = startsSentence(tokens, i);
    // "Will you…", "Grace…": a capitalised word that is also an everyday word needs a role beside it,
    // or a surname after it ("Mark Reyes").
    const next = tokens[i + 1];
    const surname = next && isCap(next) && !NEVER_NAMES.has(next.norm) && next.sentence === t.sentence;
    if (ambiguous && !surname) return null;
    if (surname) return properName(t);
    if (
      sentenceStart &&
      !(
        isVerbish(tokens[i + 1]) ||
        tokens[i + 1]?.norm === 'and' ||
        tokens[i + 1]?.norm === ',' ||
        tokens[i + 1]?.norm === "'s"
      )
    )
      return null;
    return properName(t);
  }
  // Lower-case typing: "my friend jess keeps…" only right after a role word, and only a known name.
  return beside && known && !ambiguous && t.pos !== 'VERB' && t.pos !== 'AUX' ? properName(t) : null;
}

export interface People {
  mentions: Mention[];
  /** Names with no role next to them, in text order. */
  names: Array<{ name: string; at: number; subject: boolean }>;
}

export function findPeople(parsed: Parsed): People {
  const { tokens } = parsed;
  const mentions: Mention[] = [];
  const used = new Set<number>();
  for (const m of roleMatcher.match(tokens)) {
    // Look past one or two modifiers for the possessive: "my younger brother", "my new manager".
    let k = m.start - 1;
    const modifier = (t: Token | undefined) =>
      t !== undefined && (t.pos === 'ADJ' || t.pos === 'NUM' || /^\d/.test(t.norm));
    while (k >= m.start - 2 && k >= 0 && modifier(tokens[k])) k--;
    const det = tokens[k]?.norm;
    // The writer's own job ("I'm a dog walker", "as a freelance designer") is not the other person.
    if ((det === 'a' || det === 'an') && /^(?:am|'m|m|im|as)$/.test(tokens[k - 1]?.norm ?? '')) continue;
    const own = det === 'my' || det === 'our';
    let possessedBy: Mention['possessedBy'] = null;
    if (det === "'s" || det === "'" || det === 's') {
      const owner = mentions.find((x) => x.end === k);
      possessedBy = owner?.role ?? 'other';
    } else if (det === 'his' || det === 'her' || det === 'their') possessedBy = 'other';
    // A weak word ("partner", "lead", "mate") names a person with "my", a name, or as the one doing something.
    if (
      m.value.weak &&
      !own &&
      !nextIsName(tokens, m.end) &&
      !startsSentence(tokens, m.start) &&
      !followedByVerb(tokens, m.end)
    )
      continue;
    const head = tokens[m.end - 1];
    if (!head) continue; // a match covers at least one token
    const plural =
      head.norm.endsWith('s') && !head.norm.endsWith('ss') && m.value.role !== 'parent'
        ? head.lemma !== head.norm || /s$/.test(head.norm)
        : /^(parents|folks|in-?laws|kids|children|grandparents)$/.test(head.norm);
    let name: string | null = null;
    let end = m.end;
    // Apposition: "my coworker Jess", "my boss, Dana," "my friend jess".
    const after = tokens[end]?.norm === ',' ? end + 1 : end;
    const titled = tokens[after] ? titledName(tokens, after) : null;
    if (titled) {
      name = titled.name;
      end = titled.end;
    } else {
      const n = nameAt(tokens, after, true);
      if (n) {
        // "Professor Lee", "Coach Carter": the role word is also the title.
        const title = m.end - m.start === 1 && after === m.end ? TITLES[head.norm] : undefined;
        name = title && title !== 'Dr' ? `${title} ${n}` : n;
        end = after + 1;
      }
    }
    for (let j = m.start; j < end; j++) used.add(j);
    // A teammate on a sports team is a friend, not a coworker.
    const sport = SPORT.test(parsed.text);
    // "The guy who sits next to me" in class is a classmate.
    const school =
      m.value.role === 'coworker' &&
      /\b(?:class|lecture|seminar|homeroom|school|lesson|period)\b/i.test(parsed.text) &&
      !/\b(?:work|office|shift|job)\b/i.test(parsed.text);
    const role =
      sport && m.value.noun === 'teammate'
        ? 'friend'
        : sport && m.value.role === 'team'
          ? 'friend_group'
          : school
            ? 'classmate'
            : m.value.role;
    mentions.push({
      role,
      noun: m.value.noun,
      gender: m.value.gender,
      name,
      start: m.start,
      end,
      own,
      possessedBy,
      subject: followedByVerb(tokens, end),
      plural: Boolean(plural) && !/^(boss|class|glass)$/.test(head.norm),
      score: 0,
    });
  }

  const names: People['names'] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (used.has(i)) continue;
    const titled = titledName(tokens, i);
    if (titled) {
      names.push({ name: titled.name, at: i, subject: followedByVerb(tokens, titled.end) });
      for (let j = i; j < titled.end; j++) used.add(j);
      i = titled.end - 1;
      continue;
    }
    // "named Jess", "called Jess"
    const prev = tokens[i - 1];
    const beside = (prev?.norm === 'named' || prev?.norm === 'called') && tokens[i - 2]?.pos !== 'PRON';
    // The second word of a full name is a surname, not another person.
    if (i > 0 && names.some((x) => x.at === i - 1)) continue;
    const n = nameAt(tokens, i, beside);
    if (n && !names.some((x) => x.name === n)) names.push({ name: n, at: i, subject: followedByVerb(tokens, i + 1) });
    // "Jess, my roommate, ..." binds the name to the role that follows.
    if (n && tokens[i + 1]?.norm === ',') {
      const next = mentions.find((x) => x.start === i + 3 || x.start === i + 2);
      if (next && !next.name && (tokens[i + 2]?.norm === 'my' || tokens[i + 2]?.norm === 'our')) next.name = n;
    }
  }
  return { mentions, names };
}

function nextIsName(tokens: readonly Token[], at: number): boolean {
  const t = tokens[at];
  return Boolean(t && isCap(t) && (FIRST_NAMES.has(t.norm) || t.pos === 'PROPN') && !NEVER_NAMES.has(t.norm));
}

export interface Counterpart {
  role: Role | null;
  name: string | null;
  /** "your sister", "Jess": for explanations. */
  noun: string | null;
  gender: Gender;
  plural: boolean;
  /** How sure we are that this is the person the writer wants to talk to (0..1). */
  certainty: number;
  /** Named only as someone else's ("her boyfriend", "my patients' families"): the role says little about the writer's own tie. */
  indirect: boolean;
}

const FAMILY_SPOUSE = new Set<Role>(['parent', 'sibling', 'relative']);

/**
 * Ranks the mentions: the writer's own ties ("my …") that do something come first; people who
 * belong to someone else ("my friend's husband") only when nobody else is there. A partner's
 * family is in-law; a sibling's spouse too.
 */
export function rankMentions(people: People): Mention[] {
  const ranked = people.mentions.map((m, i) => {
    let score = 1;
    if (m.own) score += 2;
    if (m.subject) score += 1.5;
    if (i === 0) score += 1;
    if (m.name) score += 0.5;
    if (m.plural) score -= 0.5;
    let role = m.role;
    if (m.possessedBy) {
      // "my client's mom" is the client, as far as the writer is concerned.
      if (
        (m.possessedBy === 'client' || m.possessedBy === 'customer') &&
        role &&
        (role === 'parent' || role === 'partner')
      )
        role = m.possessedBy;
      else if (m.possessedBy === 'partner' && role && FAMILY_SPOUSE.has(role)) role = 'in_law';
      else if ((m.possessedBy === 'sibling' || m.possessedBy === 'child') && role === 'partner') role = 'in_law';
      else score -= 2.5;
      if (role === 'in_law' || role === 'client' || role === 'customer') score += 2;
    }
    return { ...m, role, noun: role === 'in_law' && m.role !== 'in_law' ? `in-law` : m.noun, score };
  });
  // The owner of a possessed mention ("my husband" in "my husband's mother") is less likely the one.
  for (const m of ranked) {
    if (m.role === 'in_law' && m.possessedBy) {
      const owner = ranked.find((x) => x.end === m.start - 1 || x.end === m.start);
      if (owner) owner.score -= 2;
    }
  }
  return ranked.sort((a, b) => b.score - a.score || a.start - b.start);
}

/** The counterpart a mention stands for (with its name), or a name alone, or nobody. */
export function counterpartOf(people: People, chosen: Mention | null): Counterpart {
  if (chosen) {
    // Only a name set beside the role is theirs: "my boss… since Marcus left" names someone else.
    const name = chosen.name;
    const certainty = Math.min(1, 0.45 + 0.12 * chosen.score);
    const indirect = chosen.possessedBy === 'other' && chosen.role !== 'in_law';
    return {
      role: chosen.role,
      name,
      noun: chosen.noun,
      gender: chosen.gender,
      plural: chosen.plural,
      certainty,
      indirect,
    };
  }
  const named =
    people.names.find((n) => /^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Professor|Coach) /.test(n.name)) ??
    people.names.find((n) => n.subject) ??
    people.names[0];
  if (named)
    return {
      role: null,
      name: named.name,
      noun: null,
      gender: null,
      plural: false,
      certainty: named.subject ? 0.6 : 0.45,
      indirect: false,
    };
  return { role: null, name: null, noun: null, gender: null, plural: false, certainty: 0, indirect: false };
}
