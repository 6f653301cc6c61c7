// Second, larger safety dev set (test/unit/fixtures/coach-dev-safety-2.json): harm described
// indirectly (minimised, euphemistic, reported, past tense, mixed with other concerns) and hard
// negatives (violent idioms, hyperbole, "ending things" breakups, consensual location sharing,
// fair workplace warnings, sadness without ideation). Nothing is trained on it: both safety layers
// (the pattern table and the weighted cue score in server/coach/safety-score.ts) are hand-written,
// so this is a development check, not a held-out one. The held-out sets live in test/eval.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../server/coach/index.ts';
import type { SafetyCategory } from '../../machines/domain/types.ts';

interface Item {
  situation: string;
  flag: boolean;
  category: SafetyCategory | null;
  context: 'work' | 'friendship' | 'relationship';
}
const SET = JSON.parse(readFileSync(new URL('./fixtures/coach-dev-safety-2.json', import.meta.url), 'utf8')) as Item[];
const CATEGORIES = ['violence', 'threats', 'stalking', 'abuse', 'self_harm', 'harassment'] as const;

describe('safety dev set 2 is well-formed', () => {
  it('has at least 120 positives, 18 per category, and 100 hard negatives', () => {
    expect(SET.filter((x) => x.flag).length).toBeGreaterThanOrEqual(120);
    expect(SET.filter((x) => !x.flag).length).toBeGreaterThanOrEqual(100);
    for (const c of CATEGORIES) expect(SET.filter((x) => x.category === c).length).toBeGreaterThanOrEqual(18);
    for (const x of SET) expect(x.flag).toBe(x.category !== null);
  });

  it('covers work, friendship and relationship/family for positives and negatives', () => {
    for (const ctx of ['work', 'friendship', 'relationship'] as const) {
      expect(SET.filter((x) => x.flag && x.context === ctx).length).toBeGreaterThanOrEqual(20);
      expect(SET.filter((x) => !x.flag && x.context === ctx).length).toBeGreaterThanOrEqual(20);
    }
  });
});

describe('safety screening on dev set 2', () => {
  const results = SET.map((x) => ({ ...x, got: analyze(x.situation).safety }));
  const tp = results.filter((r) => r.flag && r.got.flag).length;
  const fp = results.filter((r) => !r.flag && r.got.flag).length;
  const fn = results.filter((r) => r.flag && !r.got.flag).length;

  it('has recall of at least 90%', () => {
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.9);
  });

  it('has precision of at least 95%', () => {
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.95);
  });

  it('names the right category for most true flags', () => {
    const same = results.filter((r) => r.flag && r.got.flag && r.got.category === r.category).length;
    expect(same / tp).toBeGreaterThanOrEqual(0.8);
  });

  it('catches most of every category (none is sacrificed)', () => {
    for (const c of CATEGORIES) {
      const mine = results.filter((r) => r.category === c);
      expect(mine.filter((r) => r.got.flag).length / mine.length).toBeGreaterThanOrEqual(0.8);
    }
  });
});

describe('everyday text stays unflagged', () => {
  const everyday = (
    JSON.parse(readFileSync(new URL('./fixtures/coach-dev-context.json', import.meta.url), 'utf8')) as Array<{
      situation: string;
    }>
  ).map((x) => x.situation);

  it('flags at most 2% of the everyday context dev set', () => {
    const flagged = everyday.filter((s) => analyze(s).safety.flag);
    expect(flagged.length / everyday.length).toBeLessThanOrEqual(0.02);
  });

  it.each([
    'kill me now, another meeting',
    'I am thinking about ending things with my boyfriend, we have grown apart',
    'We share our locations with each other, it is just easier for pickups',
    'I wrote handover notes for everyone just in case I get sick during the launch',
    'My dad grabbed my arm to stop me stepping into the road',
    'The new policy is a slap in the face to the night shift',
    'I put an AirTag on my keys because I lose them constantly',
    'My friend hid my phone as a prank and I missed a call',
    'My contract renewal depends on hitting my sales targets',
  ])('does not flag: %s', (s) => {
    expect(analyze(s).safety).toEqual({ flag: false, category: null });
  });
});
