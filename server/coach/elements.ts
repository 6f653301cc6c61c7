// keyElements: an umbrella label for the context, the issue named in coaching terms (topic
// lexicon), and the concrete things the writer mentioned (noun phrases, lemmatised).
import type { Context } from '../domain/types.ts';
import type { Behaviour } from './behaviour.ts';
import { PhraseMatcher } from './lexicon/matcher.ts';
import { CONTEXT_LABEL, FAMILY_LABEL, FAMILY_ROLES, TOPIC_CUES } from './lexicon/topics.ts';
import type { Parsed, Token } from './nlp.ts';

const topicMatcher = new PhraseMatcher<string>(TOPIC_CUES);
const MAX_ELEMENTS = 5;
const MAX_TOPICS = 2;
const MAX_PHRASES = 2;
/** Nouns too generic to tell anyone what the situation is about. */
const VAGUE = new Set([
  'thing', 'time', 'way', 'lot', 'day', 'something', 'anything', 'everything', 'nothing', 'people', 'person', 'week',
  'bit', 'kind', 'sort', 'stuff', 'fact', 'point', 'part', 'yesterday', 'today', 'tonight', 'moment', 'situation', 'one',
  'year', 'month', 'minute', 'hour', 'end', 'reason', 'idea', 'feeling', 'problem', 'issue', 'deal', 'guy', 'friend',
  'boss', 'manager', 'coworker', 'colleague', 'partner', 'boyfriend', 'girlfriend', 'husband', 'wife', 'mom', 'dad',
]);
const NOUNISH = new Set(['NOUN', 'PROPN', 'ADJ']);

export function keyElements(parsed: Parsed, context: Context, behaviour: Behaviour, peopleSpans: ReadonlyArray<{ start: number; end: number }>): string[] {
  const role = behaviour.counterpart.reference.replace(/^your /, '');
  const umbrella = context === 'relationship' && FAMILY_ROLES.has(role) ? FAMILY_LABEL : CONTEXT_LABEL[context];
  const out = [umbrella];
  const add = (s: string) => {
    if (out.length < MAX_ELEMENTS && !out.includes(s)) out.push(s);
  };

  if (behaviour.frame) add(behaviour.frame.topic);
  for (const topic of rankedTopics(parsed.tokens).slice(0, MAX_TOPICS)) add(topic);
  const roleTokens = new Set(peopleSpans.flatMap((p) => Array.from({ length: p.end - p.start }, (_, k) => p.start + k)));
  for (const phrase of nounPhrases(parsed.tokens, roleTokens).slice(0, MAX_PHRASES)) add(phrase);
  if (out.length < 2) add('unresolved feelings');
  return out;
}

function rankedTopics(tokens: readonly Token[]): string[] {
  const counts = new Map<string, number>();
  for (const m of topicMatcher.match(tokens)) counts.set(m.value, (counts.get(m.value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t);
}

/** Maximal ADJ/NOUN runs ending in a noun, lemmatised, skipping the people; multi-word first. */
function nounPhrases(tokens: readonly Token[], skip: ReadonlySet<number>): string[] {
  const phrases: string[] = [];
  let run: Token[] = [];
  const flush = () => {
    while (run.length && run[run.length - 1].pos === 'ADJ') run.pop();
    while (run.length && run[0].pos === 'ADJ' && VAGUE.has(run[0].lemma)) run.shift();
    const words = run.map((t) => (t === run[run.length - 1] ? t.lemma : t.norm)).filter((w) => /^[a-z][a-z'-]*$/.test(w));
    if (words.length && !(words.length === 1 && VAGUE.has(words[0]))) phrases.push(words.join(' '));
    run = [];
  };
  for (const [i, t] of tokens.entries()) {
    if (NOUNISH.has(t.pos) && !skip.has(i) && !(t.pos === 'PROPN' && /^[A-Z]/.test(t.text))) run.push(t);
    else flush();
  }
  flush();
  const unique = [...new Set(phrases)];
  return unique.sort((a, b) => b.split(' ').length - a.split(' ').length);
}
