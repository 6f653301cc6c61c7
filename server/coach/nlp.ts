// One wink-nlp instance for the whole process: loading the model costs ~100 ms, parsing a
// situation afterwards costs ~0.1 ms, so the model is read exactly once, at module load.
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { splitPossessives } from '../embeddings/wink-text.ts';

const nlp = winkNLP(model, ['sbd', 'pos', 'negation']);
const its = nlp.its;

export interface Token {
  /** Surface form as written. */
  text: string;
  /** Lower-cased surface form. */
  norm: string;
  lemma: string;
  pos: string;
  /** Inside the scope of a negation ("didn't *call*"). */
  negated: boolean;
  sentence: number;
}

export interface Parsed {
  text: string;
  tokens: Token[];
  sentences: string[];
}

/**
 * Tokens the lexicons can match: hyphenated compounds are split ("ex-boyfriend" → ex, boyfriend;
 * "mother-in-law" → mother, in, law) because wink keeps some whole and splits others, and
 * stray hyphens are dropped, so a lexicon phrase has one spelling.
 */
export function parse(text: string): Parsed {
  const doc = nlp.readDoc(splitPossessives(text));
  const tokens: Token[] = [];
  doc.sentences().each((sentence, si: number) => {
    const values = sentence.tokens().out(its.value) as string[];
    // wink's typings reject its.lemma as an `out` argument although it is documented and works.
    // Some forms have no lemma at all ("cannot" → undefined); those fall back to the surface form.
    const lemmas = sentence.tokens().out(its.lemma as unknown as typeof its.value) as Array<string | undefined>;
    const pos = sentence.tokens().out(its.pos) as string[];
    const neg = sentence.tokens().out(its.negationFlag) as unknown as boolean[];
    for (const [i, value] of values.entries()) {
      // The four lists are read from the same tokens, so they run in parallel.
      const tag = pos[i];
      const negated = neg[i];
      if (tag === undefined || negated === undefined) continue;
      if (value === '-' || value === '–') continue;
      const norm = value.toLowerCase().replace(/’/g, "'");
      if (norm.length > 2 && /^[a-zé]+(-[a-zé]+)+$/.test(norm)) {
        const parts = norm.split('-');
        const lastLemma = (lemmas[i] ?? value).toLowerCase().split('-');
        parts.forEach((part, k) =>
          tokens.push({
            text: part,
            norm: part,
            lemma: k === parts.length - 1 ? (lastLemma.at(-1) ?? part) : part,
            pos: tag,
            negated,
            sentence: si,
          }),
        );
        continue;
      }
      tokens.push({
        text: value,
        norm,
        lemma: fixLemma(norm, (lemmas[i] ?? value).toLowerCase()),
        pos: tag,
        negated,
        sentence: si,
      });
    }
  });
  return { text, tokens, sentences: doc.sentences().out() as string[] };
}

/** wink tags a few forms oddly for our purpose ("I'm" as one proper noun, "fiancée"). */
function fixLemma(norm: string, lemma: string): string {
  if (norm === "i'm") return 'i';
  if (norm === 'fiancée' || norm === 'fiance' || norm === 'fiancee') return 'fiancé';
  return lemma;
}
