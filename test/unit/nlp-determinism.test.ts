// wink-nlp adds each new token to the language model it shares across instances; a reading must
// never depend on what the process read before (it did: "neighbour's" became "neighbours" once the
// whole token had been seen, so a scenario embedded alone and in a batch got different vectors).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../server/coach/nlp.ts';
import { analyze } from '../../server/embeddings/analyze.ts';

const SAMPLES = [
  "My neighbour's dog barks all night and my friend's husband says I'm overreacting.",
  "Mum's birthday is Friday and my sister's boyfriend CC's me on everything.",
  "My roommate's girlfriend basically lives here; it's been 3 weeks and she's never paid.",
];
const corpus = readdirSync(new URL('../../scenarios/library/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .flatMap(
    (f) =>
      (
        JSON.parse(readFileSync(new URL(`../../scenarios/library/${f}`, import.meta.url), 'utf8')) as {
          behaviours: Array<{ examples?: string[] }>;
        }
      ).behaviours,
  )
  .flatMap((b) => b.examples ?? []);

describe('text analysis does not depend on what was read before', () => {
  it('gives the same lemmas and parts of speech, and the same search terms, after reading the whole library', () => {
    const coach = (t: string) =>
      parse(t)
        .tokens.map((k) => `${k.lemma}/${k.pos}`)
        .join(' ');
    const search = (t: string) => analyze(t).terms.join(' ');
    const before = SAMPLES.map((t) => [coach(t), search(t)]);
    for (const e of corpus) {
      parse(e);
      analyze(e);
    }
    expect(corpus.length).toBeGreaterThan(5000);
    expect(SAMPLES.map((t) => [coach(t), search(t)])).toEqual(before);
  });
});
