// Accuracy on the coach's development sets (test/unit/fixtures/coach-dev-*.json), written by hand
// before the lexicons and patterns were extended. They are never used for training: the learned
// context model (server/coach/learned.ts) trains on the scenario library and its own examples.
// The held-out evaluation sets in test/eval are separate and are not read here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../server/coach/index.ts';
import { NaiveBayes, libraryDocs } from '../../server/coach/learned.ts';
import type { Context, SafetyCategory } from '../../machines/domain/types.ts';

const load = <T>(name: string): T[] =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T[];
const CONTEXT_SET = load<{ situation: string; context: Context }>('coach-dev-context.json');
const SAFETY_SET = load<{ situation: string; flag: boolean; category: SafetyCategory | null }>('coach-dev-safety.json');

describe('dev sets are well-formed', () => {
  it('has a balanced context set of at least 200 items', () => {
    expect(CONTEXT_SET.length).toBeGreaterThanOrEqual(200);
    for (const c of ['work', 'friendship', 'relationship'] as const) {
      expect(CONTEXT_SET.filter((x) => x.context === c).length).toBeGreaterThanOrEqual(60);
    }
  });

  it('has a safety set with positives in every category and hard negatives', () => {
    expect(SAFETY_SET.length).toBeGreaterThanOrEqual(80);
    expect(SAFETY_SET.filter((x) => x.flag).length).toBeGreaterThanOrEqual(45);
    expect(SAFETY_SET.filter((x) => !x.flag).length).toBeGreaterThanOrEqual(35);
    for (const c of ['violence', 'threats', 'stalking', 'abuse', 'self_harm', 'harassment'] as const) {
      expect(SAFETY_SET.filter((x) => x.category === c).length).toBeGreaterThanOrEqual(5);
    }
  });
});

describe('context accuracy on the dev set', () => {
  const results = CONTEXT_SET.map((x) => ({ ...x, got: analyze(x.situation) }));

  it('is at least 92%', () => {
    const correct = results.filter((r) => r.got.context === r.context).length;
    expect(correct / results.length).toBeGreaterThanOrEqual(0.92);
  });

  it('is at least 85% in each context (no context is sacrificed for another)', () => {
    for (const c of ['work', 'friendship', 'relationship'] as const) {
      const mine = results.filter((r) => r.context === c);
      expect(mine.filter((r) => r.got.context === c).length / mine.length).toBeGreaterThanOrEqual(0.85);
    }
  });

  it('is confident when it is right and the text is clear', () => {
    const right = results.filter((r) => r.got.context === r.context);
    const mean = right.reduce((t, r) => t + r.got.confidence, 0) / right.length;
    expect(mean).toBeGreaterThanOrEqual(0.7);
  });
});

describe('safety screening on the dev set', () => {
  const results = SAFETY_SET.map((x) => ({ ...x, got: analyze(x.situation).safety }));
  const tp = results.filter((r) => r.flag && r.got.flag).length;
  const fp = results.filter((r) => !r.flag && r.got.flag).length;
  const fn = results.filter((r) => r.flag && !r.got.flag).length;

  it('has recall of at least 90%', () => {
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.9);
  });

  it('has precision of at least 90%', () => {
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.9);
  });

  it('names the right category for most true flags', () => {
    const sameCategory = results.filter((r) => r.flag && r.got.flag && r.got.category === r.category).length;
    expect(sameCategory / tp).toBeGreaterThanOrEqual(0.8);
  });

  it('gives help with every flag', () => {
    for (const r of results.filter((x) => x.got.flag)) {
      expect(r.got.message).toBeTruthy();
      expect(r.got.resources?.length).toBeGreaterThan(0);
    }
  });
});

describe('ambiguity', () => {
  it.each([
    'They never listen to me.',
    'She keeps ignoring me.',
    'I need to set a boundary.',
    'I feel taken for granted.',
    'He always interrupts me when I talk.',
    'We had an argument and now she will not reply.',
  ])('keeps confidence below 0.6 for cue-less "%s"', (s) => {
    expect(analyze(s).confidence).toBeLessThan(0.6);
  });
});

describe('learned context model', () => {
  it('trains from the reply library', () => {
    expect(libraryDocs().length).toBeGreaterThan(500);
  });

  it('generalises to the dev set without seeing it (it is a real signal, not a lookup)', () => {
    const model = new NaiveBayes(libraryDocs());
    let correct = 0;
    for (const x of CONTEXT_SET) {
      const { probs } = model.predict(x.situation);
      const top = (Object.keys(probs) as Context[]).sort((a, b) => probs[b] - probs[a])[0];
      if (top === x.context) correct++;
    }
    expect(correct / CONTEXT_SET.length).toBeGreaterThan(0.6);
  });

  it('has nothing to say about text it knows no words of', () => {
    const { probs, known } = new NaiveBayes(libraryDocs()).predict('zzz qqq');
    expect(known).toBe(0);
    expect(probs.work).toBeCloseTo(1 / 3);
  });
});
