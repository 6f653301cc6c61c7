// Phrase lexicons are matched on lemmas (falling back to the lower-cased surface form), longest
// phrase first, so "team lead" wins over "team" and "moving in" matches "moved in" alike.
import type { Token } from '../nlp.ts';

export interface Match<V> {
  start: number;
  /** Exclusive. */
  end: number;
  value: V;
}

interface Entry<V> {
  words: string[][]; // each position lists accepted forms
  value: V;
}

/**
 * Phrase syntax: words separated by spaces, word alternatives with "|" ("take|taking credit"),
 * whole-phrase alternatives with "," ("left out, not invited").
 */
export class PhraseMatcher<V> {
  private readonly byFirst = new Map<string, Entry<V>[]>();

  constructor(entries: Iterable<readonly [string, V]>) {
    for (const [spec, value] of entries) for (const phrase of spec.split(',')) this.add(phrase, value);
    for (const list of this.byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  }

  private add(phrase: string, value: V): void {
    const words = phrase
      .toLowerCase()
      .trim()
      .split(/\s+/)
      .map((w) => w.split('|'));
    const entry = { words, value };
    for (const first of words[0] ?? []) {
      const list = this.byFirst.get(first) ?? [];
      list.push(entry);
      this.byFirst.set(first, list);
    }
  }

  /** Non-overlapping matches, scanning left to right. */
  match(tokens: readonly Token[]): Match<V>[] {
    const out: Match<V>[] = [];
    let i = 0;
    while (i < tokens.length) {
      const found = this.longestAt(tokens, i);
      if (found) {
        out.push(found);
        i = found.end;
      } else i++;
    }
    return out;
  }

  private longestAt(tokens: readonly Token[], i: number): Match<V> | null {
    const t = tokens[i];
    if (!t) return null;
    const candidates = [
      ...(this.byFirst.get(t.lemma) ?? []),
      ...(t.norm !== t.lemma ? (this.byFirst.get(t.norm) ?? []) : []),
    ];
    let best: Match<V> | null = null;
    let bestExact = -1;
    for (const entry of candidates) {
      const len = entry.words.length;
      if (best && len < best.end - best.start) continue;
      const exact = matchesAt(entry.words, tokens, i);
      if (exact < 0) continue;
      // Longest wins; between equally long phrases, the one written as the text is spelled
      // ("started dating" over the lemma match "start date").
      if (!best || len > best.end - best.start || exact > bestExact) {
        best = { start: i, end: i + len, value: entry.value };
        bestExact = exact;
      }
    }
    return best;
  }
}

/** -1 when the phrase does not match at i, else how many of its words matched the surface form. */
function matchesAt(words: string[][], tokens: readonly Token[], i: number): number {
  if (i + words.length > tokens.length) return -1;
  let exact = 0;
  for (const [k, forms] of words.entries()) {
    const t = tokens[i + k];
    if (!t) return -1;
    if (forms.includes(t.norm)) exact++;
    else if (!forms.includes(t.lemma)) return -1;
  }
  return exact;
}
